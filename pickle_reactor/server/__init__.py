"""The server side: islands, actions dispatch, CSP, the client bundle, the assets app and the Pyodide
distribution. Never ships to the browser (the bundle refuses it)."""

from . import ssr_compiler  # noqa: F401 - from here on, server rendering compiles components
