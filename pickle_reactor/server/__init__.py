"""The server side: islands, actions dispatch, CSP, the client bundle, the assets app and the Pyodide
distribution. Never ships to the browser (the bundle refuses it)."""
