"""The client benchmark's server: the same js-framework-benchmark app in pickle-reactor (hooks, and
signals), Preact and vanilla JS, the floor (vanilla's DOM code driven by Python in bare Pyodide:
floor.py), and a bare-Pyodide page, all from one origin (run by benchmarks/client/run.py)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

from pickle_reactor.contrib.starlette import install  # noqa: E402

from pickle_reactor import Reactor  # noqa: E402

reactor = Reactor(components=["bench_components"])

HEAD = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head><body>'
IMPORT_MAP = ('<script type="importmap">{"imports": {"preact": "/npm/preact/dist/preact.mjs", '
              '"htm": "/npm/htm/dist/htm.mjs"}}</script>')
VANILLA_BODY = """<div class="container"><div class="jumbotron"><div class="row"><div class="col-md-6">
<h1>vanilla keyed</h1></div><div class="col-md-6"><div class="row">
<div class="col-sm-6 smallpad"><button type="button" class="btn btn-primary btn-block" id="run">Create 1,000 rows</button></div>
<div class="col-sm-6 smallpad"><button type="button" class="btn btn-primary btn-block" id="runlots">Create 10,000 rows</button></div>
<div class="col-sm-6 smallpad"><button type="button" class="btn btn-primary btn-block" id="add">Append 1,000 rows</button></div>
<div class="col-sm-6 smallpad"><button type="button" class="btn btn-primary btn-block" id="update">Update every 10th row</button></div>
<div class="col-sm-6 smallpad"><button type="button" class="btn btn-primary btn-block" id="clear">Clear</button></div>
<div class="col-sm-6 smallpad"><button type="button" class="btn btn-primary btn-block" id="swaprows">Swap Rows</button></div>
</div></div></div></div><table class="table table-hover table-striped test-data"><tbody id="tbody"></tbody></table>
<span class="preloadicon glyphicon glyphicon-remove" aria-hidden="true"></span></div>"""


async def pickle(request: Request) -> HTMLResponse:
    body = reactor.island("Bench") + reactor.island("Clicker")
    return HTMLResponse(HEAD.format(title="pickle-reactor") + body
                        + '<script type="module" src="/pages/common.js"></script></body></html>')


async def signals(request: Request) -> HTMLResponse:
    return HTMLResponse(HEAD.format(title="pickle-reactor signals") + reactor.island("BenchSignals")
                        + '<script type="module" src="/pages/common.js"></script></body></html>')


async def preact(request: Request) -> HTMLResponse:
    return HTMLResponse(HEAD.format(title="preact") + IMPORT_MAP + '<div id="main"></div>'
                        + '<script type="module" src="/pages/preact.js"></script></body></html>')


async def vanilla(request: Request) -> HTMLResponse:
    return HTMLResponse(HEAD.format(title="vanilla") + VANILLA_BODY
                        + '<script type="module" src="/pages/vanilla.js"></script></body></html>')


async def floor(request: Request) -> HTMLResponse:
    return HTMLResponse(HEAD.format(title="floor") + pyodide_preloads() + VANILLA_BODY.replace("vanilla keyed", "floor keyed")
                        + f'<script type="module" src="/pages/floor.js" data-pyodide="{reactor.pyodide_url}">'
                        + "</script></body></html>")


FLOOR_SOURCES = ("floor.py", "labels.py")  # the floor page's Python, and nothing else of this folder


async def floor_source(request: Request) -> Response:
    name = request.path_params["name"]
    if name not in FLOOR_SOURCES:
        return Response(status_code=404)
    return Response((HERE / name).read_text(), media_type="text/x-python")


def pyodide_preloads() -> str:
    """The same Pyodide preloads the pickle-reactor page gets from Reactor.bootstrap_html, so that the
    baseline starts its downloads as early as the page it is compared with."""
    base = reactor.pyodide_url
    tags = [f'<link rel="modulepreload" href="{base}{f}">' for f in ("pyodide.mjs", "pyodide.asm.mjs")]
    tags += [f'<link rel="preload" as="fetch" href="{base}{f}" crossorigin>'
             for f in ("pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")]
    return "".join(tags)


async def bare(request: Request) -> HTMLResponse:
    return HTMLResponse(HEAD.format(title="bare pyodide") + pyodide_preloads()
                        + f'<script type="module" src="/pages/bare.js" data-pyodide="{reactor.pyodide_url}">'
                        + "</script></body></html>")


async def favicon(request: Request) -> Response:
    return Response(status_code=204)


app = Starlette(routes=[
    Route("/pickle", pickle), Route("/signals", signals), Route("/preact", preact), Route("/vanilla", vanilla), Route("/bare", bare),
    Route("/floor", floor), Route("/floor-src/{name}", floor_source),
    Route("/favicon.ico", favicon),
    Mount("/pages", StaticFiles(directory=HERE / "pages")),
    Mount("/npm", StaticFiles(directory=ROOT / "node_modules")),
])
install(app, reactor)


class CrossOriginIsolated:
    """COOP + COEP on every response: a cross-origin-isolated page reads performance.now() to 5 µs,
    not 100 µs, so that sub-millisecond operations (select row: 0.5-1 ms) are timed, not rounded.
    Every page of the run gets it alike; everything they load is from this one origin."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def isolated(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"cross-origin-opener-policy", b"same-origin"),
                                      (b"cross-origin-embedder-policy", b"require-corp")]
            await send(message)

        return await self.app(scope, receive, isolated)


app = CrossOriginIsolated(app)
