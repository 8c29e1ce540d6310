// The floor: the vanilla page's DOM code, driven by Python (floor.py in bare Pyodide, no pickle-reactor).
// Each event crosses into Python once with [action, row id]; Python changes its rows and returns one
// JSON buffer saying what changed, which this applies. What this page costs above vanilla JS is what
// keeping the state in Python costs, before any framework.
import { rowTemplate as makeRow } from "./common.js"; // and window.bench, the harness
const base = document.querySelector("script[data-pyodide]").dataset.pyodide;
const { loadPyodide } = await import(base + "pyodide.mjs");
const py = await loadPyodide({ indexURL: base });
for (const name of ["labels.py", "floor.py"]) {
  const response = await fetch(`/floor-src/${name}`);
  if (!response.ok) throw new Error(`floor: ${name}: HTTP ${response.status}`);
  py.FS.writeFile(`/home/pyodide/${name}`, await response.text());
}
py.runPython("import sys; sys.path.insert(0, '/home/pyodide')");
const handle = py.pyimport("floor").handle;

const tbody = document.getElementById("tbody");
const rowTemplate = makeRow();

let trs = [];          // the rows' <tr>s, in Python's order
const byId = new Map(); // row id -> <tr>
let selected = null;

function append(flat) { // [id, label, id, label, ...]
  const fragment = document.createDocumentFragment();
  for (let k = 0; k < flat.length; k += 2) {
    const tr = rowTemplate.cloneNode(true);
    tr.firstChild.textContent = flat[k];
    tr.childNodes[1].firstChild.textContent = flat[k + 1];
    tr.data_id = flat[k];
    trs.push(tr);
    byId.set(flat[k], tr);
    fragment.appendChild(tr);
  }
  tbody.appendChild(fragment);
}

function clear() { tbody.textContent = ""; trs = []; byId.clear(); selected = null; }

function apply([kind, data, other]) {
  switch (kind) {
    case "replace": clear(); append(data); break;
    case "append": append(data); break;
    case "text": // [index, label, ...]
      for (let k = 0; k < data.length; k += 2) trs[data[k]].childNodes[1].firstChild.textContent = data[k + 1];
      break;
    case "clear": clear(); break;
    case "swap": {
      const a = trs[data], b = trs[other];
      const after = b.nextSibling;
      tbody.insertBefore(b, a);
      tbody.insertBefore(a, after);
      trs[data] = b; trs[other] = a;
      break;
    }
    case "select":
      if (selected) selected.className = "";
      selected = byId.get(data);
      selected.className = "danger";
      break;
    case "remove": {
      const tr = byId.get(data);
      trs.splice(trs.indexOf(tr), 1);
      byId.delete(data);
      if (selected === tr) selected = null;
      tr.remove();
      break;
    }
    case "none": break;
    default: throw new Error(`floor: unknown change ${kind}`);
  }
}

function call(action, id = 0) { apply(JSON.parse(handle(JSON.stringify([action, id])))); }

for (const id of ["run", "runlots", "add", "update", "clear", "swaprows"]) {
  document.getElementById(id).addEventListener("click", () => call(id));
}
tbody.addEventListener("click", (event) => {
  const a = event.target.closest("a");
  if (!a) return;
  call(a.classList.contains("remove") ? "remove" : "select", a.closest("tr").data_id);
});
document.documentElement.setAttribute("data-ready", "");
