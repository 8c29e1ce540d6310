"""The browser side: the Pyodide entry point (``client.py``), the DOM bridge (``dom.py``) and
``boot.mjs``. Ships to the browser with the core; nothing here runs on the server."""
