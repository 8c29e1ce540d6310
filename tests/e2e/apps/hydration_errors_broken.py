"""A component module that imports, in the browser only, a module the bundle does not have (by name,
so that import discovery neither ships nor refuses it): its island cannot start there."""

from __future__ import annotations

import importlib
import sys

from pickle_reactor import component
from pickle_reactor.html import p

if sys.platform == "emscripten":
    importlib.import_module("tests.e2e.apps.hydration_errors_server_only")


@component
def Chart():
    return p(id="chart")["a chart from the server"]
