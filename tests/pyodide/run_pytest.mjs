// Run pytest inside real Pyodide (Node): the repository is mounted at /repo, pure-Python wheels
// (pytest and its dependencies, downloaded by pip on the host) are unpacked into site-packages.
// Usage: node run_pytest.mjs <pyodide-dir> <repo-root> <wheel-dir> <pytest args...>
// Prints pytest's own output, then one line `PR-PYODIDE-RESULT {json}` with the exit code and counts.
import { readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

// Errors thrown from Pyodide's minified module would print a whole megabyte line: print the message.
process.on("uncaughtException", (err) => { console.error(String(err && err.message || err).slice(0, 4000)); process.exit(2); });
process.on("unhandledRejection", (err) => { console.error(String(err && err.message || err).slice(0, 4000)); process.exit(2); });

const [pyodideDir, repoRoot, wheelDir, ...pytestArgs] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(join(resolve(pyodideDir), "pyodide.mjs")).href);
const py = await loadPyodide({ indexURL: resolve(pyodideDir) + "/" });

const sitePackages = py.runPython("__import__('site').getsitepackages()[0]");
for (const name of readdirSync(wheelDir).filter((n) => n.endsWith(".whl")).sort()) {
  const data = readFileSync(join(wheelDir, name));
  py.unpackArchive(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), "wheel", { extractDir: sitePackages });
}
py.FS.mkdirTree("/repo");
py.mountNodeFS("/repo", resolve(repoRoot));

py.globals.set("pytest_args", py.toPy(pytestArgs));
const result = py.runPython(`
import json, os, sys
sys.path.insert(0, "/repo")
os.chdir("/repo")
sys.dont_write_bytecode = True  # the repository is the host's: leave no wasm .pyc files in it
import asyncio
import pytest

# Pyodide's WebLoop can only run_until_complete() with JS stack switching, which Node 20 lacks, and
# CPython's selector loop needs a socketpair, which wasm lacks. Tests that drive their own loop
# (pickle_reactor.testing) get a plain loop whose "selector" only sleeps until the next timer.
import time

class _Sleeper:
    def select(self, timeout):
        if timeout:
            time.sleep(timeout)
        return []

class _NodeLoop(asyncio.BaseEventLoop):
    def __init__(self):
        super().__init__()
        self._selector = _Sleeper()
    def _process_events(self, event_list):
        pass
    def _write_to_self(self):
        pass

import warnings
with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)  # policies go in 3.16; Node needs one today

    class _NodePolicy(asyncio.DefaultEventLoopPolicy):
        def new_event_loop(self):
            return _NodeLoop()

    asyncio.set_event_loop_policy(_NodePolicy())
asyncio.events._set_running_loop(None)  # Pyodide marks its WebLoop as always running

class Counts:
    def __init__(self):
        self.passed = self.failed = self.skipped = self.errors = 0
    def pytest_runtest_logreport(self, report):
        if report.when == "call" or report.outcome != "passed":
            if report.outcome == "passed":
                self.passed += 1
            elif report.outcome == "skipped":
                self.skipped += 1
            elif report.when == "call":
                self.failed += 1
            else:
                self.errors += 1
    def pytest_collectreport(self, report):
        if report.failed:
            self.errors += 1

counts = Counts()
code = int(pytest.main(list(pytest_args), plugins=[counts]))
json.dumps({"exit": code, "passed": counts.passed, "failed": counts.failed,
            "skipped": counts.skipped, "errors": counts.errors,
            "python": sys.version.split()[0], "platform": sys.platform})
`);
console.log("PR-PYODIDE-RESULT " + result);
