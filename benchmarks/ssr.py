"""SSR benchmark: pickle-reactor vs htpy vs Jinja2 vs dominate, side by side in one run.

Two pages, each built from the same data by every engine and timed as "build the tree and render it
to one string" (Jinja2: render a compiled template):

- ``table``: 1,000 js-framework-benchmark rows (id, label, a remove link);
- ``dashboard``: a nested page (head, nav, sidebar, 24 cards with lists, a 50-row table).

pickle-reactor renders each page twice: as one inline element tree (a function that builds it), and
written as a component, as an app writes it, which the server compiles (``server/ssr_compiler.py``:
HTML pieces and holes, no tree); "component, not compiled" is that component with the compiler off.

Before timing, every engine's output is parsed with html5lib and compared, so all engines render the
same DOM. Prints a markdown table of medians (ms) and the ratio to pickle-reactor.

    .venv/bin/python benchmarks/ssr.py            # full run
    .venv/bin/python benchmarks/ssr.py --quick    # fewer repeats
    .venv/bin/python benchmarks/ssr.py --profile  # cProfile of pickle-reactor on the table page
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import timeit
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import dominate.tags as dt
import html5lib
import htpy
import jinja2
from dominate.util import text as dtext

from pickle_reactor import component, render_to_string
from pickle_reactor import html as pr
from pickle_reactor.core import serialize

ADJECTIVES = "pretty large big small tall short long handsome plain quaint clean elegant easy angry".split()
COLOURS = "red yellow blue green pink brown purple white black orange".split()
NOUNS = "table chair house bbq desk car pony cookie sandwich burger pizza mouse keyboard".split()


def make_rows(n: int, seed: int = 1) -> list[tuple[int, str]]:
    rnd = random.Random(seed)
    return [
        (i + 1, f"{rnd.choice(ADJECTIVES)} {rnd.choice(COLOURS)} {rnd.choice(NOUNS)} <&\"'>")
        for i in range(n)
    ]


def make_dashboard() -> dict[str, Any]:
    rnd = random.Random(2)
    return {
        "title": "Dashboard & reports",
        "user": "Ada <admin>",
        "nav": [(f"/section/{i}", f"Section {i}") for i in range(8)],
        "cards": [
            {
                "title": f"Metric {i}",
                "value": rnd.randint(0, 10_000),
                "up": rnd.random() > 0.5,
                "items": [f"item {i}.{j} \"quoted\"" for j in range(10)],
            }
            for i in range(24)
        ],
        "rows": make_rows(50, seed=3),
    }


# --- pickle-reactor -------------------------------------------------------------------------------


def pr_table(rows: list[tuple[int, str]]) -> str:
    tr, td, a, span = pr.tr, pr.td, pr.a, pr.span
    return render_to_string(
        pr.table(class_="table table-hover table-striped test-data")[
            pr.tbody[
                (
                    tr(key=id_)[
                        td(class_="col-md-1")[id_],
                        td(class_="col-md-4")[a(class_="lbl")[label]],
                        td(class_="col-md-1")[
                            a(class_="remove")[span(class_="glyphicon glyphicon-remove", aria_hidden="true")]
                        ],
                        td(class_="col-md-6"),
                    ]
                    for id_, label in rows
                )
            ]
        ]
    )


def pr_dashboard(d: dict[str, Any]) -> str:
    h = pr
    return "<!doctype html>" + render_to_string(
        h.html(lang="en")[
            h.head[h.meta(charset="utf-8"), h.title[d["title"]], h.link(rel="stylesheet", href="/app.css")],
            h.body(class_="dashboard")[
                h.header(class_="top")[h.h1[d["title"]], h.span(class_="user")["Signed in as ", h.b[d["user"]]]],
                h.nav[h.ul[(h.li[h.a(href=href)[label]] for href, label in d["nav"])]],
                h.main(id="content")[
                    h.section(class_="cards")[
                        (
                            h.div(class_=["card", {"up": c["up"], "down": not c["up"]}])[
                                h.h2[c["title"]],
                                h.p(class_="value")[c["value"]],
                                h.ul[(h.li[item] for item in c["items"])],
                            ]
                            for c in d["cards"]
                        )
                    ],
                    h.table(class_="report")[
                        h.thead[h.tr[h.th["#"], h.th["Label"]]],
                        h.tbody[(h.tr[h.td[i], h.td[label]] for i, label in d["rows"])],
                    ],
                ],
                h.footer["© pickle-reactor"],
            ],
        ]
    )


# The same pages written as components, as a pickle-reactor app writes them: on the server each is
# compiled into HTML pieces and holes (pickle_reactor/server/ssr_compiler.py), so no tree is built.


@component
def TablePage(rows: list[tuple[int, str]]) -> Any:
    return pr.table(class_="table table-hover table-striped test-data")[
        pr.tbody[
            (
                pr.tr(key=id_)[
                    pr.td(class_="col-md-1")[id_],
                    pr.td(class_="col-md-4")[pr.a(class_="lbl")[label]],
                    pr.td(class_="col-md-1")[
                        pr.a(class_="remove")[pr.span(class_="glyphicon glyphicon-remove", aria_hidden="true")]
                    ],
                    pr.td(class_="col-md-6"),
                ]
                for id_, label in rows
            )
        ]
    ]


@component
def DashboardPage(d: dict[str, Any]) -> Any:
    return pr.html(lang="en")[
        pr.head[pr.meta(charset="utf-8"), pr.title[d["title"]], pr.link(rel="stylesheet", href="/app.css")],
        pr.body(class_="dashboard")[
            pr.header(class_="top")[pr.h1[d["title"]], pr.span(class_="user")["Signed in as ", pr.b[d["user"]]]],
            pr.nav[pr.ul[(pr.li[pr.a(href=href)[label]] for href, label in d["nav"])]],
            pr.main(id="content")[
                pr.section(class_="cards")[
                    (
                        pr.div(class_=["card", {"up": c["up"], "down": not c["up"]}])[
                            pr.h2[c["title"]],
                            pr.p(class_="value")[c["value"]],
                            pr.ul[(pr.li[item] for item in c["items"])],
                        ]
                        for c in d["cards"]
                    )
                ],
                pr.table(class_="report")[
                    pr.thead[pr.tr[pr.th["#"], pr.th["Label"]]],
                    pr.tbody[(pr.tr[pr.td[i], pr.td[label]] for i, label in d["rows"])],
                ],
            ],
            pr.footer["© pickle-reactor"],
        ],
    ]


def component_table(rows: list[tuple[int, str]]) -> str:
    return render_to_string(TablePage(rows=rows))


def component_dashboard(d: dict[str, Any]) -> str:
    return "<!doctype html>" + render_to_string(DashboardPage(d=d))


def _not_compiled(render: Callable[[Any], str]) -> Callable[[Any], str]:
    """``render`` with the server's component compiler switched off: the tree is built and rendered."""

    def run(data: Any) -> str:
        serialize.compiling = False
        try:
            return render(data)
        finally:
            serialize.compiling = True

    return run


# --- htpy -----------------------------------------------------------------------------------------


def htpy_table(rows: list[tuple[int, str]]) -> str:
    tr, td, a, span = htpy.tr, htpy.td, htpy.a, htpy.span
    return str(
        htpy.table(class_="table table-hover table-striped test-data")[
            htpy.tbody[
                (
                    tr[
                        td(class_="col-md-1")[id_],
                        td(class_="col-md-4")[a(class_="lbl")[label]],
                        td(class_="col-md-1")[
                            a(class_="remove")[span(class_="glyphicon glyphicon-remove", aria_hidden="true")]
                        ],
                        td(class_="col-md-6"),
                    ]
                    for id_, label in rows
                )
            ]
        ]
    )


def htpy_dashboard(d: dict[str, Any]) -> str:
    h = htpy
    return str(
        h.html(lang="en")[
            h.head[h.meta(charset="utf-8"), h.title[d["title"]], h.link(rel="stylesheet", href="/app.css")],
            h.body(class_="dashboard")[
                h.header(class_="top")[h.h1[d["title"]], h.span(class_="user")["Signed in as ", h.b[d["user"]]]],
                h.nav[h.ul[(h.li[h.a(href=href)[label]] for href, label in d["nav"])]],
                h.main(id="content")[
                    h.section(class_="cards")[
                        (
                            h.div(class_=["card", {"up": c["up"], "down": not c["up"]}])[
                                h.h2[c["title"]],
                                h.p(class_="value")[c["value"]],
                                h.ul[(h.li[item] for item in c["items"])],
                            ]
                            for c in d["cards"]
                        )
                    ],
                    h.table(class_="report")[
                        h.thead[h.tr[h.th["#"], h.th["Label"]]],
                        h.tbody[(h.tr[h.td[i], h.td[label]] for i, label in d["rows"])],
                    ],
                ],
                h.footer["© pickle-reactor"],
            ],
        ]
    )


# --- Jinja2 ---------------------------------------------------------------------------------------

_jinja = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
# Whitespace-free templates, so the DOM has no extra text nodes (as the element builders produce).
JINJA_TABLE = _jinja.from_string(
    '<table class="table table-hover table-striped test-data"><tbody>'
    "{% for id, label in rows %}"
    '<tr><td class="col-md-1">{{ id }}</td><td class="col-md-4"><a class="lbl">{{ label }}</a></td>'
    '<td class="col-md-1"><a class="remove"><span class="glyphicon glyphicon-remove" aria-hidden="true">'
    '</span></a></td><td class="col-md-6"></td></tr>'
    "{% endfor %}</tbody></table>"
)
JINJA_DASHBOARD = _jinja.from_string(
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ d.title }}</title>'
    '<link rel="stylesheet" href="/app.css"></head><body class="dashboard">'
    '<header class="top"><h1>{{ d.title }}</h1><span class="user">Signed in as <b>{{ d.user }}</b></span></header>'
    '<nav><ul>{% for href, label in d.nav %}<li><a href="{{ href }}">{{ label }}</a></li>{% endfor %}</ul></nav>'
    '<main id="content"><section class="cards">'
    "{% for c in d.cards %}"
    '<div class="card {{ "up" if c.up else "down" }}"><h2>{{ c.title }}</h2><p class="value">{{ c.value }}</p>'
    "<ul>{% for item in c['items'] %}<li>{{ item }}</li>{% endfor %}</ul></div>"
    "{% endfor %}</section>"
    '<table class="report"><thead><tr><th>#</th><th>Label</th></tr></thead><tbody>'
    "{% for i, label in d.rows %}<tr><td>{{ i }}</td><td>{{ label }}</td></tr>{% endfor %}"
    "</tbody></table></main><footer>© pickle-reactor</footer></body></html>"
)


def jinja_table(rows: list[tuple[int, str]]) -> str:
    return JINJA_TABLE.render(rows=rows)


def jinja_dashboard(d: dict[str, Any]) -> str:
    return JINJA_DASHBOARD.render(d=d)


# --- dominate -------------------------------------------------------------------------------------


def dominate_table(rows: list[tuple[int, str]]) -> str:
    tr, td, a, span = dt.tr, dt.td, dt.a, dt.span
    body = dt.tbody(
        *(
            tr(
                td(str(id_), cls="col-md-1"),
                td(a(label, cls="lbl"), cls="col-md-4"),
                td(a(span(cls="glyphicon glyphicon-remove", aria_hidden="true"), cls="remove"), cls="col-md-1"),
                td(cls="col-md-6"),
            )
            for id_, label in rows
        )
    )
    return dt.table(body, cls="table table-hover table-striped test-data").render(pretty=False)


def dominate_dashboard(d: dict[str, Any]) -> str:
    page = dt.html(
        dt.head(dt.meta(charset="utf-8"), dt.title(d["title"]), dt.link(rel="stylesheet", href="/app.css")),
        dt.body(
            dt.header(dt.h1(d["title"]), dt.span("Signed in as ", dt.b(d["user"]), cls="user"), cls="top"),
            dt.nav(dt.ul(*(dt.li(dt.a(label, href=href)) for href, label in d["nav"]))),
            dt.main(
                dt.section(
                    *(
                        dt.div(
                            dt.h2(c["title"]),
                            dt.p(str(c["value"]), cls="value"),
                            dt.ul(*(dt.li(item) for item in c["items"])),
                            cls="card " + ("up" if c["up"] else "down"),
                        )
                        for c in d["cards"]
                    ),
                    cls="cards",
                ),
                dt.table(
                    dt.thead(dt.tr(dt.th("#"), dt.th("Label"))),
                    dt.tbody(*(dt.tr(dt.td(str(i)), dt.td(label)) for i, label in d["rows"])),
                    cls="report",
                ),
                id="content",
            ),
            dt.footer(dtext("© pickle-reactor")),
            cls="dashboard",
        ),
        lang="en",
    )
    return "<!doctype html>" + page.render(pretty=False)


# --- harness --------------------------------------------------------------------------------------

ENGINES: dict[str, dict[str, Callable[[Any], str]]] = {
    "pickle-reactor": {"table": pr_table, "dashboard": pr_dashboard},
    "pickle-reactor component": {"table": component_table, "dashboard": component_dashboard},
    "component, not compiled": {"table": _not_compiled(component_table), "dashboard": _not_compiled(component_dashboard)},
    "htpy": {"table": htpy_table, "dashboard": htpy_dashboard},
    "Jinja2": {"table": jinja_table, "dashboard": jinja_dashboard},
    "dominate": {"table": dominate_table, "dashboard": dominate_dashboard},
}


def _dom_signature(markup: str) -> list[Any]:
    """A comparable form of the parsed DOM: (tag, sorted attrs, children) with text merged."""
    doc = html5lib.parse(markup, treebuilder="etree", namespaceHTMLElements=False)

    def walk(el: Any) -> list[Any]:
        out: list[Any] = [el.tag, sorted(el.attrib.items()), el.text or ""]
        for child in el:
            if isinstance(child.tag, str):
                out.append(walk(child))
            out.append(child.tail or "")
        return out

    return walk(doc)


def check_same_dom(inputs: dict[str, Any]) -> None:
    for page, data in inputs.items():
        expected = _dom_signature(ENGINES["pickle-reactor"][page](data))
        for engine, pages in ENGINES.items():
            if _dom_signature(pages[page](data)) != expected:
                raise SystemExit(f"{engine} renders a different DOM for the {page!r} page; fix the benchmark")


def _prebuilt(inputs: dict[str, Any]) -> dict[str, Callable[[Any], str] | None]:
    """Render-only variants of the table page: the tree is built once, outside the timing."""
    rows = inputs["table"]
    pr_tree = pr.table(class_="table table-hover table-striped test-data")[
        pr.tbody[
            (
                pr.tr(key=i)[
                    pr.td(class_="col-md-1")[i],
                    pr.td(class_="col-md-4")[pr.a(class_="lbl")[label]],
                    pr.td(class_="col-md-1")[
                        pr.a(class_="remove")[pr.span(class_="glyphicon glyphicon-remove", aria_hidden="true")]
                    ],
                    pr.td(class_="col-md-6"),
                ]
                for i, label in rows
            )
        ]
    ]
    htpy_tree = htpy.table(class_="table table-hover table-striped test-data")[
        htpy.tbody[
            [
                htpy.tr[
                    htpy.td(class_="col-md-1")[i],
                    htpy.td(class_="col-md-4")[htpy.a(class_="lbl")[label]],
                    htpy.td(class_="col-md-1")[
                        htpy.a(class_="remove")[htpy.span(class_="glyphicon glyphicon-remove", aria_hidden="true")]
                    ],
                    htpy.td(class_="col-md-6"),
                ]
                for i, label in rows
            ]
        ]
    ]
    dominate_tree = dt.table(
        dt.tbody(
            *(
                dt.tr(
                    dt.td(str(i), cls="col-md-1"),
                    dt.td(dt.a(label, cls="lbl"), cls="col-md-4"),
                    dt.td(dt.a(dt.span(cls="glyphicon glyphicon-remove", aria_hidden="true"), cls="remove"), cls="col-md-1"),
                    dt.td(cls="col-md-6"),
                )
                for i, label in rows
            )
        ),
        cls="table table-hover table-striped test-data",
    )
    return {
        "pickle-reactor": lambda _: render_to_string(pr_tree),
        "htpy": lambda _: str(htpy_tree),
        "Jinja2": None,  # a template has no tree to build ahead
        "dominate": lambda _: dominate_tree.render(pretty=False),
    }


class _NoopBuilder:
    """The cheapest possible builder: same call shape as an element API, no validation, no output."""

    __slots__ = ("args",)

    def __init__(self, args: Any = None) -> None:
        self.args = args

    def __call__(self, **attrs: Any) -> _NoopBuilder:
        return _NoopBuilder(attrs)

    def __getitem__(self, children: Any) -> _NoopBuilder:
        return _NoopBuilder(children if type(children) is tuple else (children,))


class _CachedNoopBuilder(_NoopBuilder):
    """As :class:`_NoopBuilder`, but a call with attributes allocates nothing, as a hit of a call cache:
    only ``[children]`` makes an object. Lower than any element API that keeps what it is given."""

    __slots__ = ()

    def __call__(self, **attrs: Any) -> _NoopBuilder:
        return self


def noop_table(rows: list[tuple[int, str]], builder: type[_NoopBuilder] = _NoopBuilder) -> Any:
    """The table page's calls with a builder that does nothing (``builder``: which one), to time the
    floor under any Python element API."""
    table = tbody = tr = td = a = span = builder()
    return table(class_="table table-hover table-striped test-data")[
        tbody[
            tuple(
                tr(key=id_)[
                    td(class_="col-md-1")[id_],
                    td(class_="col-md-4")[a(class_="lbl")[label]],
                    td(class_="col-md-1")[a(class_="remove")[span(class_="glyphicon glyphicon-remove", aria_hidden="true")]],
                    td(class_="col-md-6"),
                ]
                for id_, label in rows
            )
        ]
    ]


def measure(fns: dict[str, Callable[[Any], str] | None], data: Any, repeat: int) -> dict[str, float | None]:
    """Median milliseconds per call for each engine. The engines take turns within every repeat, so
    that load from other processes on a shared machine hits them all alike."""
    timers = {name: timeit.Timer(lambda fn=fn: fn(data)) for name, fn in fns.items() if fn is not None}
    numbers = {name: max(1, timer.autorange()[0] // 4) for name, timer in timers.items()}
    runs: dict[str, list[float]] = {name: [] for name in timers}
    for _ in range(repeat):
        for name, timer in timers.items():
            runs[name].append(timer.timeit(numbers[name]) / numbers[name] * 1000)
    return {name: statistics.median(runs[name]) if name in runs else None for name in fns}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    parser.add_argument("--profile", action="store_true", help="cProfile pickle-reactor on the table page")
    args = parser.parse_args()
    inputs = {"table": make_rows(1000), "dashboard": make_dashboard()}
    if args.profile:
        import cProfile
        import pstats

        cProfile.runctx("for _ in range(20): pr_table(rows)", globals(), {"rows": inputs["table"]}, "/tmp/ssr.prof")
        pstats.Stats("/tmp/ssr.prof").sort_stats("tottime").print_stats(15)
        return
    check_same_dom(inputs)
    repeat = 5 if args.quick else 15
    results = {page: measure({name: pages[page] for name, pages in ENGINES.items()}, inputs[page], repeat)
               for page in inputs}
    prebuilt = _prebuilt(inputs)  # a component has no tree to build ahead
    results["table, render a prebuilt tree"] = measure({name: prebuilt.get(name) for name in ENGINES}, None, repeat)
    floor = measure({"pickle-reactor": pr_table, "Jinja2": jinja_table, "no-op builder": noop_table,
                     "cached no-op": lambda rows: noop_table(rows, _CachedNoopBuilder)}, inputs["table"], repeat)
    print(f"Python {sys.version.split()[0]}, median of {repeat} interleaved timeit repeats, ms per page "
          "(lower is better)\n")
    print("| page | " + " | ".join(ENGINES) + " |")
    print("| --- |" + " ---: |" * len(ENGINES))
    for page, times in results.items():
        base = times["pickle-reactor"]
        assert base is not None
        cells = ["—" if t is None else f"{t:.2f} ms ({t / base:.2f}x)" for t in times.values()]
        print(f"| {page} | " + " | ".join(cells) + " |")
    print("\nRatios are time / pickle-reactor's time: above 1.00x means slower than pickle-reactor.")
    jinja, ours = floor["Jinja2"], floor["pickle-reactor"]
    assert jinja is not None and ours is not None
    print("\nFloor: the table page's builder calls with builders that do nothing, against Jinja2 in the same "
          "measurement:\n")
    print("| table page | ms | / Jinja2 |\n| --- | ---: | ---: |")
    for name, label in (("pickle-reactor", "pickle-reactor (build + render)"), ("Jinja2", "Jinja2"),
                        ("no-op builder", "no-op builder (an object per call)"),
                        ("cached no-op", "cached no-op builder (an object per `[children]` only)")):
        t = floor[name]
        assert t is not None
        print(f"| {label} | {t:.2f} | {t / jinja:.2f}x |")
    print("\nAgainst Jinja2 (the target: the table page within 3x, stretch 1.5x):\n")
    print("| page | inline tree / Jinja2 | component / Jinja2 | component, not compiled / Jinja2 |")
    print("| --- | ---: | ---: | ---: |")
    for page in inputs:
        times = results[page]
        j = times["Jinja2"]
        assert j is not None
        cells = [times[name] for name in ("pickle-reactor", "pickle-reactor component", "component, not compiled")]
        print(f"| {page} | " + " | ".join(f"{t / j:.2f}x" for t in cells if t is not None) + " |")


if __name__ == "__main__":
    main()
