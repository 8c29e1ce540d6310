// pickle-reactor boot: loads Pyodide and the app bundle, keeps early input, applies op buffers,
// delegates events. No build step, no eval, no inline code: it runs under a strict CSP that only
// allows 'wasm-unsafe-eval'. Contracts: docs/architecture.md (op buffer, snapshot, events, kernel).

const ID = "__prId"; // expando on DOM nodes: their id in `nodes` (undefined when not tracked)
const CAPTURED = ["click", "input", "change", "submit", "keydown"];
const NON_BUBBLING = new Set(["focus", "blur", "mouseenter", "mouseleave", "pointerenter",
  "pointerleave", "load", "error", "scroll", "toggle", "invalid"]);
const PREVENT_DEFAULT = 1;

const script = [...document.scripts].find((s) => s.src === import.meta.url)
  || document.querySelector("script[data-pr-bundle]");
if (!script) throw new Error("pickle-reactor: boot.mjs needs a <script data-pr-bundle> tag (see Reactor.bootstrap_html)");
const config = {
  pyodide: script.dataset.prPyodide || new URL("pyodide/", import.meta.url).href,
  bundle: script.dataset.prBundle,
  prefix: script.dataset.prPrefix || "/_reactor",
  debug: script.hasAttribute("data-pr-debug"),
};

// `display: contents` keeps <pr-island> out of layout; a constructed sheet needs no 'unsafe-inline'.
try {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync("pr-island{display:contents}");
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
} catch (err) { /* very old browsers: islands stay inline, nothing breaks */ }

// ---- 1. Start both downloads at once --------------------------------------------------------------

const pyodidePromise = import(config.pyodide + "pyodide.mjs").then(({ loadPyodide }) =>
  loadPyodide({ indexURL: config.pyodide }));
const bundlePromise = fetch(config.bundle, { credentials: "same-origin" }).then((r) => {
  if (!r.ok) throw new Error(`pickle-reactor: bundle ${config.bundle} answered ${r.status}`);
  return r.arrayBuffer();
});

// ---- 2. Record discrete events on islands until Python is ready ----------------------------------

const queue = [];         // {type, target, key, value, checked} in the order they happened
const touched = new Set(); // form controls the user changed before hydration: keep their live state
let capturing = true;

function elementOf(target) {
  return target && target.nodeType === 1 ? target : target && target.parentElement;
}

function record(event) {
  if (!capturing) return;
  const el = elementOf(event.target);
  if (!el || !el.closest("pr-island")) return;
  if (event.type === "submit") event.preventDefault(); // replayed (and submitted if Python allows) later
  if (event.type === "input" || event.type === "change") touched.add(el);
  queue.push({ type: event.type, target: el, key: event.key ?? null, value: el.value ?? null,
    checked: el.checked ?? null });
}
for (const type of CAPTURED) document.addEventListener(type, record, true);

// ---- 3. The op kernel: node table by id, one call per commit --------------------------------------

const nodes = [null]; // id -> Node; ids are small dense ints (0 = none)
let hydrating = false;

function release(node) {
  const id = node[ID];
  if (id !== undefined) { nodes[id] = undefined; node[ID] = undefined; }
  for (let c = node.firstChild; c !== null; c = c.nextSibling) release(c);
}

function apply(ops) {
  const buf = typeof ops === "string" ? JSON.parse(ops) : ops;
  const n = buf.length;
  let i = 0;
  while (i < n) {
    const op = buf[i];
    if (op === 7) { // INSERT parent id before
      const before = buf[i + 3];
      nodes[buf[i + 1]].insertBefore(nodes[buf[i + 2]], before ? nodes[before] : null);
      i += 4;
    } else if (op === 1) { // CREATE id tag ns
      const ns = buf[i + 3];
      const el = ns ? document.createElementNS(ns, buf[i + 2]) : document.createElement(buf[i + 2]);
      el[ID] = buf[i + 1];
      nodes[buf[i + 1]] = el;
      i += 4;
    } else if (op === 3) { // SET_ATTR id name value
      nodes[buf[i + 1]].setAttribute(buf[i + 2], buf[i + 3]);
      i += 4;
    } else if (op === 2) { // CREATE_TEXT id text
      const text = document.createTextNode(buf[i + 2]);
      text[ID] = buf[i + 1];
      nodes[buf[i + 1]] = text;
      i += 3;
    } else if (op === 6) { // SET_TEXT id text
      nodes[buf[i + 1]].data = buf[i + 2];
      i += 3;
    } else if (op === 8) { // REMOVE id
      const node = nodes[buf[i + 1]];
      if (node) { node.remove(); release(node); }
      i += 2;
    } else if (op === 4) { // REMOVE_ATTR id name
      nodes[buf[i + 1]].removeAttribute(buf[i + 2]);
      i += 3;
    } else if (op === 5) { // SET_PROP id name value
      const el = nodes[buf[i + 1]], name = buf[i + 2], value = buf[i + 3];
      if (!(hydrating && touched.has(el))) el[name] = name === "value" ? value : !!value;
      i += 4;
    } else if (op === 9) { // LISTEN root type
      listen(nodes[buf[i + 1]], buf[i + 2]);
      i += 3;
    } else if (op === 10) { // SET_HTML id html
      const el = nodes[buf[i + 1]];
      for (let c = el.firstChild; c !== null; c = c.nextSibling) release(c);
      el.innerHTML = buf[i + 2];
      i += 3;
    } else {
      throw new Error(`pickle-reactor: unknown opcode ${op} at ${i} of ${n}`);
    }
  }
}

// ---- 4. Hydration snapshot: describe the server DOM, give every node an id ------------------------

const HTML_NS = "http://www.w3.org/1999/xhtml";
const islandRoots = [];

function findIslands() {
  for (const el of document.querySelectorAll("pr-island")) {
    if (!el.parentElement || !el.parentElement.closest("pr-island")) islandRoots.push(el);
  }
}

function described(parent, child) {
  const t = child.nodeType;
  if (t === 3) return true;
  return t === 1 && !(parent.localName === "pr-island" && child.localName === "script"
    && child.hasAttribute("data-pr-props"));
}

function snapshot(index, firstId) {
  const root = islandRoots[index];
  const out = [];
  let id = firstId;
  root[ID] = id; nodes[id++] = root;
  (function walk(parent) {
    for (let c = parent.firstChild; c !== null; c = c.nextSibling) {
      if (!described(parent, c)) continue;
      c[ID] = id; nodes[id++] = c;
      if (c.nodeType === 3) { out.push(3, c.data); continue; }
      const attrs = c.attributes;
      const ns = c.namespaceURI === HTML_NS ? "" : c.namespaceURI || "";
      out.push(1, c.localName, ns, attrs.length);
      for (let a = 0; a < attrs.length; a++) out.push(attrs[a].name, attrs[a].value);
      let count = 0;
      for (let g = c.firstChild; g !== null; g = g.nextSibling) if (described(c, g)) count++;
      out.push(count);
      walk(c);
    }
  })(root);
  return JSON.stringify(out);
}

function islands() {
  return JSON.stringify(islandRoots.map((root) => {
    const block = root.querySelector(":scope > script[data-pr-props]");
    return [root.dataset.prComponent || "", block ? block.textContent : "{}"];
  }));
}

// ---- 5. Event delegation: one listener per type per island root, one Python entry point ----------

let pyDispatch = null; // the Python dispatcher (a PyProxy taken once at start-up)

function listen(root, type) {
  const types = root.__prListening || (root.__prListening = new Set());
  if (types.has(type)) return;
  types.add(type);
  root.addEventListener(type, onEvent, NON_BUBBLING.has(type));
}

function onEvent(event) {
  const el = elementOf(event.target);
  if (!el) return;
  const flags = dispatchFrom(event.currentTarget, el, event.type, event.key ?? null, el.value ?? null,
    el.checked ?? null);
  if (flags & PREVENT_DEFAULT) event.preventDefault();
}

function dispatchFrom(root, el, type, key, value, checked) {
  const path = [];
  for (let n = el; n !== null && n !== root; n = n.parentNode) {
    if (n.localName === "pr-island") return 0; // a nested island handles its own events
    const id = n[ID];
    if (id !== undefined) path.push(id);
  }
  if (path.length === 0 || pyDispatch === null) return 0;
  const attrs = {};
  for (const a of el.attributes) attrs[a.name] = a.value;
  const target = { id: el.id || "", name: el.getAttribute("name") || "", value, checked: !!checked,
    tag: el.localName, attrs };
  try {
    return pyDispatch(JSON.stringify([type, path, { type, key, target }])) | 0;
  } catch (err) {
    console.error(`pickle-reactor: ${type} handler failed\n${err && err.message || err}`);
    return 0;
  }
}

function replay() {
  capturing = false;
  for (const type of CAPTURED) document.removeEventListener(type, record, true);
  for (const e of queue) {
    const root = e.target.isConnected && e.target.closest("pr-island");
    if (!root || root[ID] === undefined) continue;
    const flags = dispatchFrom(root, e.target, e.type, e.key, e.value, e.checked);
    if (e.type === "submit" && !(flags & PREVENT_DEFAULT)) {
      HTMLFormElement.prototype.submit.call(e.target); // Python did not take it: submit as the user meant
    }
  }
  queue.length = 0;
  touched.clear();
}

// ---- 6. Start: Pyodide + bundle -> site-packages -> hydrate -> replay -> ready --------------------

let pyFlush = null;
let flushPending = false;
function runFlush() {
  flushPending = false;
  try { pyFlush(); } catch (err) { console.error(`pickle-reactor: update failed\n${err && err.message || err}`); }
}

const kernel = {
  apply,
  islands,
  snapshot,
  node: (id) => nodes[id] ?? null,
  schedule() {
    if (!flushPending && pyFlush !== null) { flushPending = true; queueMicrotask(runFlush); }
  },
};

function domReady() {
  return document.readyState === "loading"
    ? new Promise((resolve) => document.addEventListener("DOMContentLoaded", resolve, { once: true }))
    : Promise.resolve();
}

let pyodide = null;

async function boot() {
  const [py, bundle] = await Promise.all([pyodidePromise, bundlePromise, domReady()]);
  pyodide = py;
  if (config.debug) py._module.enable_pyproxy_allocation_tracing();
  const sitePackages = py.runPython("__import__('site').getsitepackages()[0]");
  py.unpackArchive(bundle, "zip", { extractDir: sitePackages });
  const client = py.pyimport("pickle_reactor.browser.client");
  // Attribute proxies are borrowed from `client`: copy the two entry points we keep, drop the rest.
  pyDispatch = client.dispatch.copy();
  pyFlush = client.flush.copy();
  findIslands();
  hydrating = true;
  try {
    client.start(kernel, config.prefix);
  } finally {
    hydrating = false;
    client.destroy();
  }
  replay();
  document.documentElement.setAttribute("data-pr-hydrated", "");
  performance.mark("pr-hydrated"); // navigation -> hydrated, for benchmarks and RUM
}

const ready = boot();
ready.catch((err) => console.error(`pickle-reactor: start-up failed\n${err && err.message || err}`));

window.pickleReactor = {
  ready,
  get pyodide() { return pyodide; },
  // Live PyProxies (needs data-pr-debug): a test asserts this does not grow with events.
  liveProxies: () => (pyodide && config.debug ? pyodide._module.pyproxy_alloc_map.size : -1),
};
