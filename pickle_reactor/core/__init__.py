"""The core: nodes, attributes, components, hooks, events and the reconciler.

Runs unchanged on CPython 3.11+ and in Pyodide, imports only the standard library, and ships to the
browser whole. Importing it installs the serialiser behind ``str(node)`` (see ``nodes.py``).
"""

from . import serialize as _serialize  # noqa: F401  (fills nodes' str(node) slot)
