// pickle-reactor boot: loads Pyodide and the app bundle, keeps early input, applies op buffers,
// delegates events. No build step, no eval, no inline code: it runs under a strict CSP that only
// allows 'wasm-unsafe-eval'. Contracts: docs/architecture.md (op buffer, snapshot, events, kernel).
// Long because everything here must run before Python can: each numbered section has one job, and
// what can wait (navigation.mjs, snapshot_worker.mjs) is a companion file loaded only when needed.

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
  navigation: script.hasAttribute("data-pr-navigation"),
};

// ---- 0. Subresource Integrity and Trusted Types ---------------------------------------------------
// Every file we import or fetch has a sha384 digest in data-pr-integrity (absolute URL -> digest): the
// browser checks it, and a file whose bytes differ is never used (start-up fails closed, islands are
// marked data-pr-error, the server HTML stays). Module imports cannot carry integrity, so each goes
// through a <link rel=modulepreload integrity> first: the module map then holds the checked module
// (or a failure) for that URL, and import() uses it.

const plainFetch = globalThis.fetch.bind(globalThis); // never the digest-adding wrapper of withIntegrity()
const integrity = new Map(Object.entries(JSON.parse(script.dataset.prIntegrity || "{}"))
  .map(([url, digest]) => [new URL(url, location.href).href, digest]));

function tampered(href, reason) {
  const digest = integrity.get(href);
  return new Error(`pickle-reactor: ${href} failed its Subresource Integrity check (${reason}; expected `
    + `${digest}): it was not used, and the page keeps its server HTML`);
}

async function why(href, err) { // the bytes' own digest when they arrive without integrity: tampered or absent
  try {
    const response = await plainFetch(href, { credentials: "same-origin", cache: "force-cache" });
    if (!response.ok) return `it answered ${response.status}`;
    const digest = await crypto.subtle.digest("SHA-384", await response.arrayBuffer());
    return `its bytes hash to sha384-${btoa(String.fromCharCode(...new Uint8Array(digest)))}`;
  } catch (again) {
    return `it could not be loaded: ${err && err.message || err}`;
  }
}

function verifiedImport(url) {
  const href = new URL(url, location.href).href;
  const digest = integrity.get(href);
  if (!digest) return import(href);
  return new Promise((resolve, reject) => {
    const link = document.createElement("link");
    link.rel = "modulepreload";
    if (new URL(href).origin !== location.origin) link.crossOrigin = "anonymous";
    if (script.nonce) link.nonce = script.nonce;
    link.integrity = digest;
    link.href = href;
    link.onload = () => { link.remove(); resolve(import(href)); };
    link.onerror = async () => { link.remove(); reject(tampered(href, await why(href, "the module did not load"))); };
    document.head.append(link);
  });
}

function verifiedFetch(url, init = {}) { // fetch() with the file's digest, when it has one
  const href = new URL(url, location.href).href;
  const digest = integrity.get(href);
  if (!digest || init.integrity) return plainFetch(url, init);
  return plainFetch(href, { ...init, integrity: digest }).catch(async (err) => { throw tampered(href, await why(href, err)); });
}

// Pyodide fetches its wasm, standard library and lock file with a plain fetch(): while loadPyodide()
// runs, fetches of those URLs get their digest (the <link rel=preload integrity> hints match them). A
// failed check rejects at once: a wasm that never arrives would otherwise leave Pyodide waiting forever.
async function withIntegrity(run) {
  const plain = globalThis.fetch;
  let fail;
  let failure = null; // Promise<Error> naming the first file that failed
  const failed = new Promise((_, reject) => { fail = reject; });
  globalThis.fetch = function (input, init) {
    const href = new URL(input instanceof Request ? input.url : String(input), location.href).href;
    if (!integrity.has(href) || (init && init.integrity)) return plain.call(this, input, init);
    const response = plain.call(this, input, { ...init, integrity: integrity.get(href) });
    response.catch((err) => {
      failure = failure || why(href, err).then((reason) => tampered(href, reason));
      fail();
    });
    return response;
  };
  try {
    return await Promise.race([run(), failed]);
  } catch (err) {
    throw failure ? await failure : err; // Pyodide's own error ("Failed to fetch", exit(1)) says less
  } finally {
    globalThis.fetch = plain;
  }
}

// Trusted Types: the one HTML sink (trusted Markup from Python, SET_HTML), the DOMParser of client
// navigation and the snapshot Worker's URL go through the policy "pickle-reactor", created on first use.
let policy;
function trustedTypesPolicy() {
  if (policy === undefined) {
    const worker = companion("worker");
    try {
      policy = window.trustedTypes ? window.trustedTypes.createPolicy("pickle-reactor", {
        createHTML: (html) => html, // only Python's Markup and this deploy's own pages arrive here
        createScriptURL: (url) => {
          if (url !== worker) throw new TypeError(`pickle-reactor: ${url} is not a script URL of this deploy`);
          return url;
        },
      }) : null;
    } catch (err) {
      throw new Error("pickle-reactor: the page's CSP does not allow the Trusted Types policy \"pickle-reactor\": "
        + `add pickle-reactor to its trusted-types directive (${err && err.message || err})`);
    }
  }
  return policy;
}
const trustedHTML = (html) => (trustedTypesPolicy() ? policy.createHTML(html) : html);
const trustedScriptURL = (url) => (trustedTypesPolicy() ? policy.createScriptURL(url) : url);

// `display: contents` keeps <pr-island> out of layout; a constructed sheet needs no 'unsafe-inline'.
try {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync("pr-island{display:contents}pr-announcer{position:absolute;width:1px;height:1px;"
    + "overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap}"
    // VirtualList (core/virtual_list.py): fixed rules here, sizes set through the CSSOM
    + "[data-pr-virtual-list]{display:block;overflow-y:auto;position:relative;overflow-anchor:none}"
    + "[data-pr-virtual-list]>[role=presentation]{box-sizing:border-box}"
    + "[data-pr-virtual-list]>[role=presentation]>[role=listitem]{box-sizing:border-box;"
    + "height:var(--pr-row-height);overflow:hidden}");
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
} catch (err) { /* very old browsers: islands stay inline, nothing breaks */ }

// ---- 1. Start both downloads at once --------------------------------------------------------------
// Python starts from a memory snapshot in the Cache API when one matches this deploy (section 7), else
// fresh with loadPyodide(); the cache lookup runs alongside the downloads. startPython() is the one
// place that knows which: it returns a ready Pyodide with the bundle's files unpacked.

const pyodideModule = verifiedImport(config.pyodide + "pyodide.mjs");
const bundlePromise = verifiedFetch(config.bundle, { credentials: "same-origin" }).then((r) => {
  if (!r.ok) throw new Error(`pickle-reactor: bundle ${config.bundle} answered ${r.status}`);
  return r.arrayBuffer();
});
pyodideModule.catch(() => {}); // reported where Python is wanted (a page may never need it)
bundlePromise.catch(() => {});
let startKind = null; // "snapshot" | "fresh": how Python started (pickleReactor.start, html[data-pr-start])
let snapshotKey = null; // the Cache API key of this deploy's snapshot (null: no Cache API)

async function startPython() {
  const { loadPyodide, version } = await pyodideModule;
  const found = await findSnapshot(version); // only once Python is wanted: a page may never need it
  snapshotKey = found.key ?? null;
  let py = null;
  let why = found.why;
  if (found.bytes) {
    try {
      py = await withIntegrity(() => loadPyodide({ indexURL: config.pyodide, _loadSnapshot: found.bytes,
        createPyodideModule: grownFor(found.bytes) }));
      py.runPython("import pickle_reactor.browser.client"); // in sys.modules already: proves the restore
    } catch (err) {
      py = null;
      why = `the cached snapshot did not restore (${String(err && err.message || err).split("\n")[0]})`;
      dropSnapshots();
    }
  }
  startKind = py ? "snapshot" : "fresh";
  if (why) console.info(`pickle-reactor: Python started without a memory snapshot: ${why}`);
  if (!py) py = await withIntegrity(() => loadPyodide({ indexURL: config.pyodide, createPyodideModule }));
  if (config.debug) py._module.enable_pyproxy_allocation_tracing();
  const sitePackages = py.runPython("__import__('site').getsitepackages()[0]");
  // After a restore too: a snapshot holds the heap, not the files (tracebacks and later imports need them).
  py.unpackArchive(await bundlePromise, "zip", { extractDir: sitePackages });
  if (startKind === "snapshot") {
    py.runPython("__import__('pickle_reactor.browser.snapshot', fromlist=['reseed']).reseed()");
  }
  document.documentElement.setAttribute("data-pr-start", startKind);
  performance.mark("pr-python-ready", { detail: startKind });
  if (startKind === "fresh") ready.then(makeSnapshot, () => {}); // at idle, after the first hydration
  return py;
}

// ---- 2. Record discrete events on islands until they are hydrated --------------------------------
// Islands hydrate at start-up, later (lazy islands), or after a client navigation: events on an island
// that is not live yet are queued and replayed, in order, once it is.

const LIVE = "__prLive";     // expando on a top-level island root: hydrated, events go to Python
const FAILED = "__prFailed"; // expando: hydration was attempted and failed; its events are dropped
const queue = [];         // {type, target, key, value, checked} in the order they happened
const touched = new Set(); // form controls the user changed before hydration: keep their live state

function elementOf(target) {
  return target && target.nodeType === 1 ? target : target && target.parentElement;
}

function islandOf(el) { // the outermost island around `el`, or null
  let root = null;
  for (let n = el && el.closest("pr-island"); n; n = n.parentElement && n.parentElement.closest("pr-island")) root = n;
  return root;
}

function record(event) {
  const el = elementOf(event.target);
  const root = islandOf(el);
  if (!root || root[LIVE] || root[FAILED]) return;
  if (event.type === "submit") event.preventDefault(); // replayed (and submitted if Python allows) later
  if (event.type === "input" || event.type === "change") touched.add(el);
  queue.push({ type: event.type, target: el, key: event.key ?? null, value: el.value ?? null,
    checked: el.checked ?? null });
  if (root.dataset.prHydrate === "interaction") hydrateSoon(root);
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

// CLEAR's children leave the node table at idle, after the frame that shows the list gone: walking
// 1,000 rows' 9,000 nodes took 2 ms of the click. Until then their ids still name them, harmlessly:
// ids are never reused, and Python never names a removed one again.
const cleared = [];
let clearedPending = false;
function releaseLater(el) {
  for (let c = el.firstChild; c !== null; c = c.nextSibling) cleared.push(c);
  if (!clearedPending) { clearedPending = true; whenIdle(releaseCleared); }
}
function releaseCleared() {
  clearedPending = false;
  for (const node of cleared) release(node);
  cleared.length = 0;
}

const templates = []; // TEMPLATE copies, by template number (Python's reconciler/templates.py)

function number(node, id) { // give a cloned subtree its ids: the node, then its descendants in order
  node[ID] = id; nodes[id++] = node;
  for (let c = node.firstChild; c !== null; c = c.nextSibling) id = number(c, id);
  return id;
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
      el.innerHTML = trustedHTML(buf[i + 2]);
      i += 3;
    } else if (op === 12) { // CLEAR id: every child goes (an emptied list, or all of it replaced)
      const el = nodes[buf[i + 1]];
      releaseLater(el);
      el.textContent = "";
      i += 2;
    } else if (op === 14) { // CLONE template id: a copy of a template, numbered id, id+1, ... in document order
      number(templates[buf[i + 1]].cloneNode(true), buf[i + 2]);
      i += 3;
    } else if (op === 13) { // TEMPLATE template id: keep a pristine copy of node id (just built)
      templates[buf[i + 1]] = nodes[buf[i + 2]].cloneNode(true);
      i += 3;
    } else if (op === 11) { // PORTAL id selector: a create_portal() target outside the islands
      const el = document.querySelector(buf[i + 2]);
      if (el === null) {
        throw new Error(`pickle-reactor: create_portal() target ${JSON.stringify(buf[i + 2])} matches no `
          + "element of the page; add it to the page's HTML, outside every island");
      }
      el[ID] = buf[i + 1]; // a target shared by portals answers to the latest one's id
      el.__prPortal = true; // dispatchFrom ends the path with its id: Python bubbles on from there
      nodes[buf[i + 1]] = el;
      i += 3;
    } else {
      throw new Error(`pickle-reactor: unknown opcode ${op} at ${i} of ${n}`);
    }
  }
}

// ---- 4. Hydration snapshot: describe the server DOM, give every node an id ------------------------

const HTML_NS = "http://www.w3.org/1999/xhtml";
let pending = [];       // island roots the next Python start()/hydrate() adopts (kernel.islands order)
const live = new Set(); // hydrated top-level island roots

function topIslands(scope) { // top-level islands under `scope`, in document order
  return Array.from(scope.querySelectorAll("pr-island"))
    .filter((el) => !el.parentElement || !el.parentElement.closest("pr-island"));
}

function described(parent, child) {
  const t = child.nodeType;
  if (t === 3) return true;
  return t === 1 && !(parent.localName === "pr-island" && child.localName === "script"
    && child.hasAttribute("data-pr-props"));
}

function snapshot(index, firstId) {
  const root = pending[index];
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

function islands() { // [component, props JSON, failed on the server (data-pr-error: render it, not adopt)]
  return JSON.stringify(pending.map((root) => {
    const block = root.querySelector(":scope > script[data-pr-props]");
    return [root.dataset.prComponent || "", block ? block.textContent : "{}", root.hasAttribute("data-pr-error")];
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
  if (root.__prPortal && path.length) path.push(root[ID]); // inside a portal: Python bubbles on
  if (path.length === 0 || pyDispatch === null) return 0;
  const attrs = {};
  for (const a of el.attributes) attrs[a.name] = a.value;
  const target = { id: el.id || "", name: el.getAttribute("name") || "", value, checked: !!checked,
    tag: el.localName, attrs };
  if (type === "scroll") target.scroll_top = el.scrollTop;
  try {
    return pyDispatch(JSON.stringify([type, path, { type, key, target }])) | 0;
  } catch (err) {
    console.error(`pickle-reactor: ${type} handler failed\n${err && err.message || err}`);
    return 0;
  }
}

function replay() { // deliver the queued events of islands that are live now; keep the others queued
  const waiting = [];
  for (const e of queue) {
    const root = e.target.isConnected ? islandOf(e.target) : null;
    if (!root || root[FAILED]) continue;
    if (!root[LIVE]) { waiting.push(e); continue; }
    const flags = dispatchFrom(root, e.target, e.type, e.key, e.value, e.checked);
    if (e.type === "submit" && !(flags & PREVENT_DEFAULT)) {
      HTMLFormElement.prototype.submit.call(e.target); // Python did not take it: submit as the user meant
    }
  }
  queue.length = 0;
  queue.push(...waiting);
  for (const el of touched) if (!el.isConnected || (islandOf(el) || {})[LIVE]) touched.delete(el);
}

// ---- 6. Start: Pyodide + bundle -> site-packages -> hydrate -> replay -> ready --------------------

let pyFlush = null;
let flushPending = false;
function runFlush() {
  flushPending = false;
  try { pyFlush(); } catch (err) { console.error(`pickle-reactor: update failed\n${err && err.message || err}`); }
}

// Python's garbage collection after a large commit waits for idle time (after the frame that shows the
// update); WebKit has no requestIdleCallback: a timer stands in.
let pyCollect = null;
let collectPending = false;
const whenIdle = globalThis.requestIdleCallback
  ? (fn) => requestIdleCallback(fn, { timeout: 1000 }) : (fn) => setTimeout(fn, 50);
function runCollect() {
  collectPending = false;
  try { pyCollect(); } catch (err) { console.error(`pickle-reactor: garbage collection failed\n${err && err.message || err}`); }
}

const kernel = {
  apply,
  islands,
  snapshot,
  node: (id) => nodes[id] ?? null,
  schedule() {
    if (!flushPending && pyFlush !== null) { flushPending = true; queueMicrotask(runFlush); }
  },
  collectSoon() {
    if (!collectPending && pyCollect !== null) { collectPending = true; whenIdle(runCollect); }
  },
  failed(index, component, message) { // Python: island `index` of islands() could not start
    const root = pending[index];
    if (root !== undefined) failures.set(root, { component, error: message });
  },
  debug: config.debug,
  overlay(message) { // Reactor(debug=True): render and import errors in the page ("" closes it)
    if (config.debug) verifiedImport(companion("dev")).then((dev) => dev.overlay(message), () => {});
  },
};

function domReady() {
  return document.readyState === "loading"
    ? new Promise((resolve) => document.addEventListener("DOMContentLoaded", resolve, { once: true }))
    : Promise.resolve();
}

let pyodide = null;
let pyHydrate = null, pyUnmount = null; // Python entry points for islands arriving and leaving
let pyRefresh = null; // debug only: Fast Refresh
let runtime = null; // Promise: Python started and the islands pending then hydrated (see python())

function python() { // start Python once, on the first island that needs it
  if (runtime === null) runtime = startRuntime();
  return runtime;
}

async function startRuntime() {
  let py;
  try {
    py = await startPython();
  } catch (err) { // nothing hydrates: each pending island is marked failed, `ready` rejects with `err`
    const reason = String(err && err.message || err).split("\n")[0];
    for (const root of pending) failures.set(root, { component: root.dataset.prComponent || "", error: reason });
    settle();
    throw err;
  }
  pyodide = py;
  const client = py.pyimport("pickle_reactor.browser.client");
  // Attribute proxies are borrowed from `client`: copy the entry points we keep, drop the rest.
  pyDispatch = client.dispatch.copy();
  pyFlush = client.flush.copy();
  pyCollect = client.collect.copy();
  pyHydrate = client.hydrate.copy();
  pyUnmount = client.unmount.copy();
  if (config.debug) pyRefresh = client.refresh.copy();
  hydrating = true;
  try {
    client.start(kernel, config.prefix);
  } finally {
    hydrating = false;
    client.destroy();
    settle();
  }
}

const failures = new Map(); // island root -> {component, error}: what kernel.failed() reported
const failed = [];           // every island that could not start, in order: [{component, error}]

function settle() { // after Python adopted `pending`: mark each island live, or failed
  for (const root of pending) {
    // Adopted (it has an id) but failing to render still counts as live: its events reach Python.
    if (root[ID] !== undefined) { root[LIVE] = true; live.add(root); } else root[FAILED] = true;
    const failure = failures.get(root) || (root[ID] === undefined
      ? { component: root.dataset.prComponent || "", error: "Python did not start this island" } : null);
    if (failure) {
      failures.delete(root);
      failed.push(failure);
      root.setAttribute("data-pr-error", failure.error);
    } else {
      root.removeAttribute("data-pr-error"); // the server's mark: the browser rendered it after all
    }
  }
  pending = [];
}

// Hydrate `roots` now (starting Python if need be), then replay; resolves to the islands of `roots`
// that could not start ([{component, error}], empty when all did).
async function hydrateIslands(roots) {
  roots = roots.filter((root) => root.isConnected && !root[LIVE] && !root[FAILED]);
  if (roots.length === 0) return [];
  const before = failed.length;
  if (runtime === null) {
    pending.push(...roots);
    await python();
  } else {
    await runtime;
    pending.push(...roots);
    hydrating = true;
    try { pyHydrate(); } finally { hydrating = false; settle(); }
  }
  replay();
  return failed.slice(before);
}

// Lazy islands (data-pr-hydrate, as Astro's client:* directives): "idle", "visible", "interaction".
const lazyQueue = [];
let lazyTimer = null;
let visibility = null;

function hydrateSoon(root) {
  if (root.__prQueued || root[LIVE]) return;
  root.__prQueued = true;
  lazyQueue.push(root);
  if (lazyTimer === null) {
    lazyTimer = Promise.resolve().then(() => {
      lazyTimer = null;
      const roots = lazyQueue.splice(0).sort((x, y) =>
        (x.compareDocumentPosition(y) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
      return hydrateIslands(roots);
    }).catch((err) => console.error(`pickle-reactor: a lazy island failed to start\n${err && err.message || err}`));
  }
}

function plan(roots) { // islands that hydrate now; lazy ones are set up to hydrate when their time comes
  const now = [];
  for (const root of roots) {
    const when = root.dataset.prHydrate || "load";
    if (when === "idle") {
      (window.requestIdleCallback || ((fn) => setTimeout(fn, 200)))(() => hydrateSoon(root), { timeout: 3000 });
    } else if (when === "visible") {
      visibility = visibility || new IntersectionObserver((entries) => {
        for (const entry of entries) {
          if (entry.isIntersecting) { visibility.unobserve(entry.target); hydrateSoon(islandOf(entry.target)); }
        }
      }, { rootMargin: "200px" });
      // <pr-island> is display: contents (no box of its own): watch its first rendered element.
      visibility.observe(Array.from(root.children).find((el) => el.localName !== "script") || root);
    } else if (when === "interaction") {
      // The first pointer or focus on it starts the download of intent; a recorded event (click,
      // input, ...) also calls hydrateSoon, and is replayed once it is live.
      const wake = () => hydrateSoon(root);
      root.addEventListener("pointerover", wake, { once: true, passive: true });
      root.addEventListener("focusin", wake, { once: true });
    } else {
      now.push(root);
    }
  }
  return now;
}

async function boot() {
  await domReady();
  const now = plan(topIslands(document));
  const broken = now.length ? await hydrateIslands(now) : [];
  if (broken.length === 0) { // only when every island started
    document.documentElement.setAttribute("data-pr-hydrated", "");
    performance.mark("pr-hydrated"); // navigation -> hydrated, for benchmarks and RUM
  }
  if (config.navigation) {
    const { startNavigation } = await verifiedImport(companion("navigation"));
    startNavigation({ script, ID, LIVE, live, elementOf, topIslands, plan, hydrateIslands, release, trustedHTML,
      unmount: (ids) => pyUnmount !== null && pyUnmount(JSON.stringify(ids)) });
  }
  if (config.debug) {
    const { startRefresh } = await verifiedImport(companion("dev"));
    startRefresh({ prefix: config.prefix, bundle: config.bundle, boot: import.meta.url,
      refresh: async (bytes) => { await python(); return pyRefresh(bytes); } });
  }
  if (broken.length) { // the page stays usable (the other islands are live); `ready` says which failed
    const names = broken.map((island) => island.component).join(", ");
    const error = new Error(`pickle-reactor: ${broken.length} island(s) did not start: ${names} (see the errors above)`);
    error.islands = broken;
    throw error;
  }
}

// boot-<hash>.<name>.mjs: the files served beside this one under the same hash (navigation, worker).
function companion(name) {
  return import.meta.url.replace(/\.mjs(?=$|[?#])/, `.${name}.mjs`);
}

const ready = boot();
ready.catch((err) => { // islands that did not start (err.islands) were each reported already
  const text = err && err.islands ? err.message : `pickle-reactor: start-up failed\n${err && err.message || err}`;
  console.error(text);
  kernel.overlay(text);
});

window.pickleReactor = {
  ready,
  get pyodide() { return pyodide; },
  // Live PyProxies (needs data-pr-debug): a test asserts this does not grow with events.
  liveProxies: () => (pyodide && config.debug ? pyodide._module.pyproxy_alloc_map.size : -1),
};

// ---- 7. Memory snapshot: made in a Worker after a fresh start, kept in the Cache API ---------------
// Key: this deploy's Pyodide (version + base URL), bundle and boot module (whose hash covers the worker),
// so a new deploy never restores a stale heap. Checked on read: length and SHA-256 (a mismatch, a
// corrupt entry, a failed restore or no Cache API -> the fresh start above, with one console line).

const SNAPSHOT_CACHE = "pickle-reactor-snapshot";

function hex(buffer) {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, "0")).join("");
}

async function findSnapshot(version) {
  if (typeof caches === "undefined" || !window.isSecureContext) {
    return { why: "the Cache API is not available here (it needs https or localhost)" };
  }
  const params = new URLSearchParams({ pyodide: new URL(config.pyodide, location.href).href,
    bundle: new URL(config.bundle, location.href).href, boot: import.meta.url });
  const key = new URL(`${config.prefix}/snapshot/pyodide-${version}?${params}`, location.href).href;
  try {
    const cache = await caches.open(SNAPSHOT_CACHE);
    const response = await cache.match(key);
    if (!response) return { key, why: "none is cached for this deploy yet (a Worker makes one after hydration)" };
    const bytes = new Uint8Array(await response.arrayBuffer());
    let bad = null;
    if (String(bytes.byteLength) !== response.headers.get("x-pr-length")) bad = "its length is wrong";
    else if (hex(await crypto.subtle.digest("SHA-256", bytes)) !== response.headers.get("x-pr-sha256")) {
      bad = "its checksum does not match";
    }
    if (bad === null) return { key, bytes };
    dropSnapshots();
    return { key, why: `the cached snapshot is corrupt (${bad})` };
  } catch (err) {
    return { key, why: `the Cache API failed (${String(err && err.message || err).split("\n")[0]})` };
  }
}

// Pyodide restores into its initial linear memory (~30 MiB): a bigger heap fails ("offset is out of
// bounds") unless the memory is grown first, between instantiation and the restore. A malloc() grows it
// and Emscripten's views of it; the restore then overwrites the whole heap, allocator state included.
function grownFor(bytes) {
  const heap = bytes.byteLength - new DataView(bytes.buffer, bytes.byteOffset).getUint32(4, true);
  return async (settings) => {
    const module = await createPyodideModule(settings);
    const blocks = []; // 1 MiB at a time: Emscripten grows by >= 20 %, so this ends near `heap`
    while (module.HEAPU8.length < heap && blocks.length < 4096) {
      const block = module._malloc(1 << 20);
      if (!block) break;
      blocks.push(block);
    }
    for (const block of blocks) module._free(block);
    return module;
  };
}

// Pyodide's Emscripten module, imported through verifiedImport (loadPyodide's own import() cannot be checked).
async function createPyodideModule(settings) {
  return (await verifiedImport(config.pyodide + "pyodide.asm.mjs")).default(settings);
}

function dropSnapshots() {
  if (typeof caches !== "undefined") caches.delete(SNAPSHOT_CACHE).catch(() => {});
}

// After a fresh start, at idle: a module Worker (boot-<hash>.worker.mjs, beside this file) starts its own
// Pyodide, imports the client and this page's component modules, snapshots and stores it under the key.
function makeSnapshot() {
  if (snapshotKey === null || typeof Worker === "undefined") return;
  const components = [...new Set(Array.from(document.querySelectorAll("pr-island[data-pr-component]"),
    (el) => el.dataset.prComponent))];
  const idle = window.requestIdleCallback || ((fn) => setTimeout(fn, 500));
  idle(async () => {
    let worker;
    try {
      // A Worker's script cannot carry integrity: check the bytes first (the Worker then loads them from
      // the HTTP cache, as the file is immutable), and pass the digests on for the worker's own fetches.
      await verifiedFetch(companion("worker"), { credentials: "same-origin" });
      worker = new Worker(trustedScriptURL(companion("worker")), { type: "module" });
    } catch (err) {
      document.documentElement.setAttribute("data-pr-snapshot", "failed");
      console.info(`pickle-reactor: no memory snapshot was made (${err && err.message || err})`);
      return;
    }
    let finished = false;
    const done = (ok, why) => {
      if (finished) return;
      finished = true;
      worker.terminate();
      document.documentElement.setAttribute("data-pr-snapshot", ok ? "saved" : "failed");
      if (!ok) console.info(`pickle-reactor: no memory snapshot was made (${why})`);
    };
    worker.onmessage = ({ data }) => done(data.ok, data.error);
    worker.onerror = (event) => { event.preventDefault(); done(false, event.message || "the worker failed"); };
    worker.postMessage({ pyodide: new URL(config.pyodide, location.href).href,
      bundle: new URL(config.bundle, location.href).href, components, cacheName: SNAPSHOT_CACHE,
      key: snapshotKey, integrity: Object.fromEntries(integrity) });
  }, { timeout: 10000 });
}

Object.defineProperty(window.pickleReactor, "start", { get: () => startKind, enumerable: true });
