// Bare Pyodide start-up, the baseline for "navigation -> hydrated": the same files, the same server.
const base = document.querySelector("script[data-pyodide]").dataset.pyodide;
const { loadPyodide } = await import(base + "pyodide.mjs");
await loadPyodide({ indexURL: base });
performance.mark("pyodide-ready");
document.documentElement.setAttribute("data-ready", "");
