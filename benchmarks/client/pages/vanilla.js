// js-framework-benchmark keyed, in plain DOM calls (template cloning, as the vanillajs entry does).
import { buildData, rowTemplate as makeRow } from "./common.js";

const tbody = document.getElementById("tbody");
const rowTemplate = makeRow();

let rows = [];     // [{id, label, tr}]
let selected = null;

function createRow(item) {
  const tr = rowTemplate.cloneNode(true);
  tr.firstChild.textContent = item.id;
  tr.childNodes[1].firstChild.textContent = item.label;
  tr.data_id = item.id;
  return { id: item.id, label: item.label, tr };
}

function append(items) {
  const fragment = document.createDocumentFragment();
  for (const item of items) { const row = createRow(item); rows.push(row); fragment.appendChild(row.tr); }
  tbody.appendChild(fragment);
}

function clear() { tbody.textContent = ""; rows = []; selected = null; }

const actions = {
  run() { clear(); append(buildData(1000)); },
  runlots() { clear(); append(buildData(10000)); },
  add() { append(buildData(1000)); },
  update() {
    for (let i = 0; i < rows.length; i += 10) {
      rows[i].label += " !!!";
      rows[i].tr.childNodes[1].firstChild.textContent = rows[i].label;
    }
  },
  clear,
  swaprows() {
    if (rows.length > 998) {
      const a = rows[1], b = rows[998];
      const after = b.tr.nextSibling;
      tbody.insertBefore(b.tr, a.tr);
      tbody.insertBefore(a.tr, after);
      rows[1] = b; rows[998] = a;
    }
  },
};
for (const [id, fn] of Object.entries(actions)) document.getElementById(id).addEventListener("click", fn);

tbody.addEventListener("click", (event) => {
  const a = event.target.closest("a");
  if (!a) return;
  const tr = a.closest("tr");
  const index = rows.findIndex((r) => r.tr === tr);
  if (a.classList.contains("remove")) {
    rows.splice(index, 1);
    tr.remove();
  } else {
    if (selected) selected.className = "";
    tr.className = "danger";
    selected = tr;
  }
});
document.documentElement.setAttribute("data-ready", "");
