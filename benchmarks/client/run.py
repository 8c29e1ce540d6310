"""Client benchmark: js-framework-benchmark (keyed) in pickle-reactor (hooks, and signals) vs Preact vs
vanilla JS, start-up
vs bare Pyodide, framework bytes and memory, all in one Chromium run. Prints tables of medians/ratios.

    .venv/bin/python benchmarks/client/run.py [--repeats 5] [--loads 3] [--events 10000]
        [--baseline DIR] [--operations-only] [--floor]

``--baseline DIR``: a checkout of an earlier commit (e.g. ``git archive <commit> | tar -x -C DIR``) whose
own server runs beside this one; its pickle-reactor page joins the operations as "before", so that a
change is measured before/after in one run, against the same Preact.

``--floor``: the floor page (``floor.py``: the vanilla page's DOM code driven by Python state in bare
Pyodide, one crossing per event, no framework) joins the operations, with a table of its own: the least
any framework whose app code runs in Pyodide can cost, beside Preact in the same run.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import statistics
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.e2e.servers import free_port, uvicorn  # noqa: E402

FRAMEWORKS = ("pickle", "signals", "preact", "vanilla")
ROW = "tbody tr:nth-child({n}) td:nth-child({col}) a"
# (name, setup clicks, measured click); every repeat starts from an empty table.
OPERATIONS = [
    ("create 1,000 rows", [], "#run"),
    ("replace all 1,000 rows", ["#run"], "#run"),
    ("update every 10th row", ["#run"], "#update"),
    ("select row", ["#run"], ROW.format(n=5, col=2)),
    ("swap rows 2 and 999", ["#run"], "#swaprows"),
    ("remove row", ["#run"], ROW.format(n=5, col=3)),
    ("create 10,000 rows", [], "#runlots"),
    ("append 1,000 to 1,000 rows", ["#run"], "#add"),
    ("clear 1,000 rows", ["#run"], "#clear"),
]
READY = {"pickle": "html[data-pr-hydrated]", "signals": "html[data-pr-hydrated]", "before": "html[data-pr-hydrated]",
         "preact": "html[data-ready]", "vanilla": "html[data-ready]",
         "floor": "html[data-ready]", "bare": "html[data-ready]"}
MARK = {"pickle": "pr-hydrated", "bare": "pyodide-ready"}
TIMEOUT = 120_000


def median(values: list[float]) -> float:
    return statistics.median(values) if values else math.nan


def table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    line = lambda cells: "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths)) + " |"  # noqa: E731
    return "\n".join([line(headers), "| " + " | ".join("-" * w for w in widths) + " |", *map(line, rows)])


@contextlib.contextmanager
def bench_browser() -> Iterator[tuple[Any, str]]:
    """The benchmark server and one headless Chromium, for the scripts beside this one."""
    from playwright.sync_api import sync_playwright

    with uvicorn("benchmarks.client.app:app", free_port(), env={"PYTHONPATH": f"{ROOT}:{HERE}"}) as base, \
            sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=list(CHROMIUM_ARGS),
                                     timeout=TIMEOUT)
        try:
            yield browser, base
        finally:
            browser.close()


def open_page(browser: Any, url: str, kind: str) -> tuple[Any, Any]:
    context = browser.new_context(bypass_csp=True)  # evaluate() drives the harness under the strict CSP
    page = context.new_page()
    page.on("console", lambda m: print(f"  [{kind} console.{m.type}] {m.text[:300]}") if m.type == "error" else None)
    page.goto(url)
    page.wait_for_selector(READY[kind], state="attached", timeout=TIMEOUT)
    return context, page


def click(page: Any, selector: str) -> float:
    return float(page.evaluate("s => bench.click(s)", selector))


SYNC = ("pickle", "signals")  # handle the event, render and apply the ops inside element.click()


def run_operations(browser: Any, base: str, repeats: int, log: Callable[[str], None],
                   scripts: dict[str, dict[str, list[float]]] | None = None,
                   before: str | None = None, floor: bool = False) -> dict[str, dict[str, list[float]]]:
    """Times per operation and framework; ``scripts`` collects, for pickle-reactor's pages, the part
    spent inside ``element.click()`` (event -> Python -> ops applied, before style and layout);
    ``before`` is the base URL of an earlier checkout's server, measured as one more framework;
    ``floor`` adds the floor page."""
    own = (*FRAMEWORKS, "floor") if floor else FRAMEWORKS
    frameworks = (*own, "before") if before else own
    pages = {fw: open_page(browser, f"{base}/{fw}", fw) for fw in own}
    if before:
        pages["before"] = open_page(browser, f"{before}/pickle", "before")
    times: dict[str, dict[str, list[float]]] = {name: {fw: [] for fw in frameworks} for name, _, _ in OPERATIONS}
    if scripts is not None:
        scripts.update({name: {fw: [] for fw in frameworks if fw in SYNC or fw == "before"} for name, _, _ in OPERATIONS})
    try:
        for name, setup, action in OPERATIONS:
            for repeat in range(repeats + 1):  # the first round warms up and is dropped
                for fw in frameworks:
                    page = pages[fw][1]
                    click(page, "#clear")
                    for step in setup:
                        click(page, step)
                    elapsed = click(page, action)
                    if repeat:
                        times[name][fw].append(elapsed)
                        if scripts is not None and fw in scripts[name]:
                            scripts[name][fw].append(float(page.evaluate("() => bench.script")))
            log(f"  {name}: " + ", ".join(f"{fw} {median(times[name][fw]):.1f} ms" for fw in frameworks))
    finally:
        for context, _ in pages.values():
            context.close()
    return times


def startup(browser: Any, base: str, loads: int) -> dict[str, dict[str, list[float]]]:
    """navigation -> hydrated (pickle) and navigation -> loadPyodide() resolved (bare), cold and warm."""
    result: dict[str, dict[str, list[float]]] = {k: {"cold": [], "warm": []} for k in ("pickle", "bare")}
    for _ in range(loads):
        for kind in ("bare", "pickle"):
            context = browser.new_context(bypass_csp=True)  # a new context starts with an empty HTTP cache
            page = context.new_page()
            for state in ("cold", "warm"):
                page.goto(f"{base}/{kind}")
                page.wait_for_selector(READY[kind], state="attached", timeout=TIMEOUT)
                result[kind][state].append(page.evaluate("m => performance.getEntriesByName(m)[0].startTime", MARK[kind]))
                page.goto("about:blank")
            context.close()
    return result


def wire_bytes(browser: Any, base: str) -> dict[str, int]:
    """Encoded bytes of every response on a cold pickle-reactor page load, Pyodide's files apart."""
    context = browser.new_context(bypass_csp=True, extra_http_headers={"Accept-Encoding": "br, gzip"})
    page = context.new_page()
    page.goto(f"{base}/pickle")
    page.wait_for_selector(READY["pickle"], state="attached", timeout=TIMEOUT)
    # The snapshot Worker's script is fetched after hydration, at idle: count it too.
    page.wait_for_selector("html[data-pr-snapshot]", state="attached", timeout=TIMEOUT)
    # Encoded (compressed) body bytes per URL from the page's resource timing; a URL fetched twice
    # (a preload and its use) counts once.
    entries = page.evaluate("""() => performance.getEntriesByType("resource")
        .map((e) => [e.name, e.encodedBodySize])""")
    context.close()
    sizes: dict[str, int] = {}
    for url, size in entries:
        sizes[url] = max(sizes.get(url, 0), int(size))
    return sizes


def brotli_size(paths: list[Path]) -> int:
    import brotli

    return sum(len(brotli.compress(p.read_bytes(), quality=11)) for p in paths)


def memory(browser: Any, base: str, events: int) -> list[tuple[str, float, float, int]]:
    """JS heap (after a forced GC), wasm memory and live Python objects, around ``events`` clicks."""
    context, page = open_page(browser, f"{base}/pickle", "pickle")
    cdp = context.new_cdp_session(page)
    rows = []

    def sample(label: str) -> None:
        page.evaluate("""() => pickleReactor.pyodide.runPython("import gc; gc.collect()")""")
        cdp.send("HeapProfiler.collectGarbage")
        heap = cdp.send("Runtime.getHeapUsage")["usedSize"]
        wasm = page.evaluate("() => pickleReactor.pyodide._module.HEAP8.length")
        blocks = page.evaluate("""() => pickleReactor.pyodide.runPython("import gc; len(gc.get_objects())")""")
        rows.append((label, heap / 2**20, wasm / 2**20, int(blocks)))

    page.evaluate("() => bench.clicks('#clicker', 200)")  # warm caches on both sides first
    sample("after hydration (+200 clicks)")
    page.evaluate("n => bench.clicks('#clicker', n)", events)
    sample(f"after {events:,} more clicks")
    page.evaluate("n => bench.clicks('#clicker', n)", events)
    sample(f"after {2 * events:,} more clicks")
    clicks = page.inner_text("#clicks")
    assert int(clicks) == 200 + 2 * events, f"only {clicks} clicks were handled"
    context.close()
    return rows


def transfer(browser: Any, base: str, repeats: int) -> list[tuple[str, float, float]]:
    """One commit's buffer across the boundary: JSON string vs pyodide.ffi.to_js, 1,000 rows of ops."""
    context, page = open_page(browser, f"{base}/pickle", "pickle")
    code = """
import json, time
from pyodide.ffi import to_js
from pickle_reactor.browser.client import _state
from pickle_reactor.browser.dom import _encode
import js
kernel = _state["backend"]._kernel
def build(base):
    ops = []
    for r in range(1000):
        i = base + r * 12
        ops += [1, i, "tr", "", 1, i+1, "td", "", 3, i+1, "class", "col-md-1", 2, i+2, str(r), 7, i+1, i+2, 0,
                7, i, i+1, 0, 1, i+3, "td", "", 3, i+3, "class", "col-md-4", 1, i+4, "a", "", 2, i+5, "label " + str(r),
                7, i+4, i+5, 0, 7, i+3, i+4, 0, 7, i, i+3, 0, 1, i+6, "td", "", 3, i+6, "class", "col-md-6", 7, i, i+6, 0]
    return ops
ops = build(10_000_000)
rows = []
compact = json.JSONEncoder(separators=(",", ":"), check_circular=False).encode
for name, convert in (("JSON string (ensure_ascii=False)", lambda: _encode(ops)),
                      ("JSON string (ASCII escapes)", lambda: compact(ops)),
                      ("to_js array", lambda: to_js(ops))):
    times = []
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        buf = convert()
        t1 = time.perf_counter()
        if isinstance(buf, str):
            js.JSON.parse(buf)
        t2 = time.perf_counter()
        times.append(((t1 - t0) * 1000, (t2 - t0) * 1000))
    times.sort(key=lambda t: t[1])
    rows.append([name, times[len(times) // 2][0], times[len(times) // 2][1]])
json.dumps(rows)
""".replace("REPEATS", str(repeats))
    rows = page.evaluate("c => pickleReactor.pyodide.runPython(c)", code)
    context.close()
    import json

    return [tuple(r) for r in json.loads(rows)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--loads", type=int, default=5)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--baseline", type=Path, help="a checkout of an earlier commit, measured beside this one")
    parser.add_argument("--operations-only", action="store_true", help="skip start-up, bytes, memory, encoding")
    parser.add_argument("--floor", action="store_true", help="time the floor page too (floor.py)")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    port = free_port()
    env = {"PYTHONPATH": f"{ROOT}:{HERE}"}
    with contextlib.ExitStack() as stack:
        base = stack.enter_context(uvicorn("benchmarks.client.app:app", port, env=env))
        before = None
        if args.baseline:
            old = args.baseline.resolve()
            before = stack.enter_context(uvicorn("benchmarks.client.app:app", free_port(), cwd=old,
                                                 env={"PYTHONPATH": f"{old}:{old / 'benchmarks/client'}"}))
        pw = stack.enter_context(sync_playwright())
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                     args=[*CHROMIUM_ARGS, "--enable-precise-memory-info", "--js-flags=--expose-gc"])
        print(f"Chromium {browser.version}; medians of {args.repeats} repeats (first round dropped)\n")
        scripts: dict[str, dict[str, list[float]]] = {}
        times = run_operations(browser, base, args.repeats, print, scripts, before, args.floor)
        print("\n### Operations (ms, click -> end of forced layout)\n")
        print(operations_table(times, before is not None))
        if args.floor:
            print("\n### The floor: Python state, one crossing per event, no framework (same run)\n")
            print(floor_table(times))
        rows = []
        for name, _, _ in OPERATIONS:
            m = {fw: median(times[name][fw]) for fw in FRAMEWORKS}
            rows.append([name, f"{m['signals']:.1f}", f"{m['pickle']:.1f}", f"{m['preact']:.1f}",
                         f"{m['signals'] / m['preact']:.2f}x", f"{m['pickle'] / m['signals']:.2f}x"])
        print("\n### The signals app (same run)\n")
        print(table(["operation", "signals", "hooks", "Preact", "signals vs Preact", "hooks / signals"], rows))
        for name in ("update every 10th row", "select row"):
            m = {fw: median(times[name][fw]) for fw in FRAMEWORKS}
            speedup, vs_preact = m["pickle"] / m["signals"], m["signals"] / m["preact"]
            print(f"target: signals {name}: >= 3x faster than hooks -> {'met' if speedup >= 3 else 'MISSED'} "
                  f"({speedup:.2f}x); <= 1.5x Preact -> {'met' if vs_preact <= 1.5 else 'MISSED'} ({vs_preact:.2f}x)")
        print("\n### pickle-reactor's own time (ms inside element.click(): event -> Python -> ops applied, "
              "before style and layout)\n")
        srows = []
        for name, _, _ in OPERATIONS:
            h, s_ = median(scripts[name]["pickle"]), median(scripts[name]["signals"])
            srows.append([name, f"{h:.2f}", f"{s_:.2f}", f"{h / s_:.2f}x"])
            if before:  # the earlier checkout's hooks page: its own time, same run
                b = median(scripts[name]["before"])
                srows[-1] += [f"{b:.2f}", f"{h / b:.2f}x"]
        print(table(["operation", "hooks", "signals", "hooks / signals",
                     *(["hooks before", "hooks after / before"] if before else [])], srows))
        if args.operations_only:
            browser.close()
            return

        st = startup(browser, base, args.loads)
        print(f"\n### Start-up (ms from navigation, medians of {args.loads} loads)\n")
        srows = []
        for state in ("cold", "warm"):
            b, p = median(st["bare"][state]), median(st["pickle"][state])
            srows.append([state, f"{b:.0f}", f"{p:.0f}", f"+{(p - b) / b * 100:.0f}%"])
        print(table(["cache", "bare loadPyodide()", "navigation -> hydrated", "hydration adds"], srows))

        sizes = wire_bytes(browser, base)
        ours = {u: s for u, s in sizes.items() if "/_reactor/" in u and "/pyodide/" not in u}
        pyodide_bytes = sum(s for u, s in sizes.items() if "/_reactor/pyodide/" in u)
        npm = ROOT / "node_modules"
        preact_files = [npm / "preact/dist/preact.mjs", npm / "htm/dist/htm.mjs"]
        bundle = reactor_bundle_bytes()
        boot = ROOT / "pickle_reactor/browser/boot.mjs"
        print("\n### Bytes over the wire (excluding Pyodide)\n")
        brows = [[u.split("/_reactor/")[1], f"{s / 1024:.1f} KB"] for u, s in sorted(ours.items())]
        brows.append(["total, as served (br)", f"{sum(ours.values()) / 1024:.1f} KB"])
        brows.append(["boot.mjs + bundle, brotli q11", f"{(brotli_size([boot]) + bundle) / 1024:.1f} KB"])
        brows.append(["Preact + htm, brotli q11 (reference)", f"{brotli_size(preact_files) / 1024:.1f} KB"])
        brows.append(["Pyodide files, as served (not counted)", f"{pyodide_bytes / 2**20:.1f} MB"])
        print(table(["asset", "bytes"], brows))
        total = sum(ours.values()) / 1024
        # the bundle also holds the benchmark app's own modules: the framework's bytes are the boot
        # module, its worker and the bundle of pickle_reactor's files alone
        app_bytes = sum(s for u, s in ours.items() if "/bundle-" in u) - framework_bundle_bytes()
        framework = total - app_bytes / 1024
        print(f"\ntarget: framework bytes <= 60 KB brotli -> {'met' if framework <= 60 else 'MISSED'} "
              f"({framework:.1f} KB without the app's own modules, {app_bytes / 1024:.1f} KB; {total:.1f} KB with them)")

        mem = memory(browser, base, args.events)
        print("\n### Memory (after a forced GC)\n")
        print(table(["when", "JS heap", "wasm memory", "Python objects (gc)"],
                    [[w, f"{h:.2f} MB", f"{m:.1f} MB", f"{b:,}"] for w, h, m, b in mem]))

        tr = transfer(browser, base, max(args.repeats, 5))
        print("\n### One commit across the boundary (1,000 rows, ~60k ops entries)\n")
        print(table(["encoding", "Python side (ms)", "until JS holds an array (ms)"],
                    [[n, f"{a:.1f}", f"{b:.1f}"] for n, a, b in tr]))
        browser.close()


def geomean(values: list[float]) -> float:
    return math.exp(sum(map(math.log, values)) / len(values))


def operations_table(times: dict[str, dict[str, list[float]]], with_before: bool) -> str:
    """Medians and ratios; with a baseline, its column and its own ratio to Preact from the same run."""
    rows, ratios_p, ratios_v, ratios_b, ratios_bp = [], [], [], [], []
    for name, _, _ in OPERATIONS:
        m = {fw: median(values) for fw, values in times[name].items()}
        rp, rv = m["pickle"] / m["preact"], m["pickle"] / m["vanilla"]
        ratios_p.append(rp)
        ratios_v.append(rv)
        row = [name, f"{m['pickle']:.1f}", f"{m['preact']:.1f}", f"{m['vanilla']:.1f}", f"{rp:.2f}x", f"{rv:.2f}x"]
        if with_before:
            rb, rbp = m["pickle"] / m["before"], m["before"] / m["preact"]
            ratios_b.append(rb)
            ratios_bp.append(rbp)
            row += [f"{m['before']:.1f}", f"{rbp:.2f}x", f"{rb:.2f}x"]
        rows.append(row)
    gp, gv = geomean(ratios_p), geomean(ratios_v)
    last = ["geometric mean", "", "", "", f"{gp:.2f}x", f"{gv:.2f}x"]
    headers = ["operation", "pickle-reactor", "Preact", "vanilla", "vs Preact", "vs vanilla"]
    if with_before:
        last += ["", f"{geomean(ratios_bp):.2f}x", f"{geomean(ratios_b):.2f}x"]
        headers += ["before", "before vs Preact", "after vs before"]
    rows.append(last)
    worst = max(ratios_p)
    verdict = (f"targets: geomean <= 1.2x Preact -> {'met' if gp <= 1.2 else 'MISSED'} ({gp:.2f}x); "
               f"no operation above 2x Preact -> {'met' if worst <= 2 else 'MISSED'} (worst {worst:.2f}x)")
    return table(headers, rows) + "\n\n" + verdict


def floor_table(times: dict[str, dict[str, list[float]]]) -> str:
    """The floor page beside Preact, vanilla JS and the hooks app, with the geometric means."""
    rows, ratios = [], {"fp": [], "fv": [], "pf": []}
    for name, _, _ in OPERATIONS:
        m = {fw: median(values) for fw, values in times[name].items()}
        fp, fv, pf = m["floor"] / m["preact"], m["floor"] / m["vanilla"], m["pickle"] / m["floor"]
        for key, value in (("fp", fp), ("fv", fv), ("pf", pf)):
            ratios[key].append(value)
        rows.append([name, f"{m['floor']:.1f}", f"{m['preact']:.1f}", f"{m['vanilla']:.1f}", f"{m['pickle']:.1f}",
                     f"{fp:.2f}x", f"{fv:.2f}x", f"{pf:.2f}x"])
    rows.append(["geometric mean", "", "", "", "", *(f"{geomean(ratios[k]):.2f}x" for k in ("fp", "fv", "pf"))])
    return table(["operation", "floor", "Preact", "vanilla", "pickle-reactor", "floor vs Preact", "floor vs vanilla",
                  "pickle-reactor vs floor"], rows)


def framework_bundle_bytes() -> int:
    """The bundle of pickle_reactor's own shipped files (no app module), brotli as served."""
    import brotli

    from pickle_reactor.server import bundle

    return len(brotli.compress(bundle.make_zip(bundle._framework_files()), quality=11))


def reactor_bundle_bytes() -> int:
    sys.path.insert(0, str(HERE))
    import brotli

    from benchmarks.client.app import reactor

    return len(brotli.compress(reactor.bundle.data, quality=11))


if __name__ == "__main__":
    main()
