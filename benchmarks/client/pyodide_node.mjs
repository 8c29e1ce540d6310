// Run Python in real Pyodide under Node, with no browser: the tree to measure mounted at /repo,
// benchmarks/client at /bench (the app). Usage: node pyodide_node.mjs <pyodide-dir> <tree> <bench-dir> <code>
// Prints what the code prints.
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

process.on("uncaughtException", (err) => { console.error(String(err && err.message || err).slice(-4000)); process.exit(2); });

const [pyodideDir, tree, benchDir, code] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(join(resolve(pyodideDir), "pyodide.mjs")).href);
const py = await loadPyodide({ indexURL: resolve(pyodideDir) + "/" });
for (const [at, dir] of [["/repo", tree], ["/bench", benchDir]]) {
  py.FS.mkdirTree(at);
  py.mountNodeFS(at, resolve(dir));
}
// /bench goes last: its profile.py must not shadow the standard library's
py.runPython("import sys; sys.path.insert(0, '/repo'); sys.path.append('/bench'); sys.dont_write_bytecode = True");
py.runPython(code);
