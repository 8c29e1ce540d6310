// pickle-reactor client navigation (Reactor(navigation=True)), loaded by boot.mjs as
// boot-<hash>.navigation.mjs once the page is hydrated: keep Python warm from page to page.
// A same-origin link click or GET form submit fetches the next page, swaps <body>, merges <head>,
// unmounts the islands that left, keeps `data-pr-persist` islands that are on both pages, hydrates the
// new ones on the running interpreter and updates history. Anything unusual is a full page load.
// Inline scripts of the new page do not run: the old page's CSP nonce would not admit them.
// boot.mjs hands in what it owns (the island table, hydration, the node-id table): `startNavigation(ctx)`.

const PREFETCH_DELAY = 65;     // ms of hover before a prefetch: intent, not a mouse passing by
const PREFETCH_TTL = 30_000;   // a prefetched page older than this is fetched again
const prefetched = new Map();  // url -> { at, page: Promise<{ok, url, html}> }
const scrolls = new Map();     // history entry id -> [x, y]
let shown = null;              // the history entry whose page is on screen: scroll positions are its
let entryId = 0;
let navigation = 0;            // the latest navigation's number: an older one that resolves late gives up
let bootSrc = "";

function nextEntryId() { return `${Date.now().toString(36)}-${++entryId}`; }

let ctx = null; // what boot.mjs hands in: see startNavigation()

export function startNavigation(context) {
  ctx = context;
  bootSrc = ctx.script.src;
  history.scrollRestoration = "manual";
  history.replaceState({ ...(history.state || {}), pr: nextEntryId() }, "");
  shown = history.state.pr;
  addEventListener("scroll", rememberScroll, { passive: true });
  addEventListener("popstate", onPopState);
  document.addEventListener("click", onClick);
  document.addEventListener("submit", onSubmit);
  for (const type of ["mouseover", "focusin", "touchstart"]) {
    document.addEventListener(type, onIntent, { passive: true });
  }
  document.addEventListener("mouseout", () => clearTimeout(intentTimer), { passive: true });
}

function navigableUrl(a) { // the URL a link may be followed to client-side, or null
  if (a.hasAttribute("download") || a.closest("[data-pr-reload]")) return null;
  const target = a.getAttribute("target");
  if (target && target !== "_self") return null;
  const href = a.getAttribute("href");
  if (href === null) return null;
  const url = new URL(href, document.baseURI);
  if (url.origin !== location.origin || (url.protocol !== "http:" && url.protocol !== "https:")) return null;
  // An anchor on this page: the browser scrolls to it.
  if (url.hash && url.pathname === location.pathname && url.search === location.search) return null;
  return url.href;
}

function linkOf(event) {
  const el = ctx.elementOf(event.target);
  return el && el.closest("a[href], area[href]");
}

function onClick(event) {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey
    || event.altKey) return;
  const a = linkOf(event);
  const url = a && navigableUrl(a);
  if (!url) return;
  event.preventDefault();
  navigate(url, { push: true });
}

function onSubmit(event) {
  const form = event.target;
  if (event.defaultPrevented || !(form instanceof HTMLFormElement)) return;
  const submitter = event.submitter;
  const attr = (name, formName) => (submitter && submitter.getAttribute(formName)) ?? form.getAttribute(name);
  if ((attr("method", "formmethod") || "get").toLowerCase() !== "get") return;
  const target = attr("target", "formtarget");
  if ((target && target !== "_self") || form.closest("[data-pr-reload]")
    || (submitter && submitter.hasAttribute("data-pr-reload"))) return;
  const url = new URL(attr("action", "formaction") || location.href, document.baseURI);
  if (url.origin !== location.origin) return;
  const data = new FormData(form, submitter || undefined);
  if ([...data.values()].some((value) => typeof value !== "string")) return; // files: the browser's job
  url.search = new URLSearchParams(data).toString();
  url.hash = "";
  event.preventDefault();
  navigate(url.href, { push: true });
}

let intentTimer = null;
function onIntent(event) {
  const a = linkOf(event);
  if (!a || a.closest('[data-pr-prefetch="none"]')) return;
  const url = navigableUrl(a);
  if (!url || url === location.href) return;
  clearTimeout(intentTimer);
  intentTimer = setTimeout(() => prefetch(url), event.type === "touchstart" ? 0 : PREFETCH_DELAY);
}

function fetchPage(url) {
  return fetch(url, { credentials: "same-origin", headers: { Accept: "text/html", "X-PR-Navigation": "1" } })
    .then(async (response) => ({
      ok: response.status === 200 && /^text\/html/i.test(response.headers.get("content-type") || ""),
      url: response.url || url,
      html: response.status === 200 ? await response.text() : "",
    }));
}

function prefetch(url) {
  const hit = prefetched.get(url);
  if (hit && performance.now() - hit.at < PREFETCH_TTL) return;
  const page = fetchPage(url);
  page.catch(() => prefetched.delete(url));
  prefetched.set(url, { at: performance.now(), page });
  if (prefetched.size > 32) prefetched.delete(prefetched.keys().next().value);
}

function takePage(url) { // a fresh prefetch is used once; anything else is fetched now
  const hit = prefetched.get(url);
  prefetched.delete(url);
  return hit && performance.now() - hit.at < PREFETCH_TTL ? hit.page : fetchPage(url);
}

function sameDeploy(doc) { // the new page runs on this very boot module, bundle and Pyodide
  const next = doc.querySelector("script[data-pr-bundle]");
  return next !== null && next.hasAttribute("data-pr-navigation")
    && new URL(next.getAttribute("src"), location.href).href === bootSrc
    && next.getAttribute("data-pr-bundle") === ctx.script.getAttribute("data-pr-bundle")
    && next.getAttribute("data-pr-pyodide") === ctx.script.getAttribute("data-pr-pyodide");
}

function fullLoad(url, replace) {
  if (replace) location.replace(url); else location.assign(url);
}

function onPopState(event) {
  if (!event.state || !event.state.pr) return; // a hash change, or an entry this page did not make
  navigate(location.href, { push: false, restore: event.state.pr });
}

function rememberScroll() {
  // Filed under the page on screen, not history.state: after a back button's popstate, a scroll event
  // of the page still shown (arriving a frame late) must not become the position to restore.
  scrolls.set(shown, [scrollX, scrollY]);
}

async function navigate(url, { push, restore = null }) {
  if (!document.dispatchEvent(new CustomEvent("pr:navigate", { cancelable: true, detail: { url } }))) return;
  performance.mark("pr-navigate", { detail: url });
  clearTimeout(intentTimer); // the click focused the link: that is not a new intent to prefetch
  const mine = ++navigation;
  let page;
  try {
    page = await takePage(url);
  } catch (err) {
    return fullLoad(url, !push); // a network error: let the browser show it
  }
  if (mine !== navigation) return;
  if (!page.ok || new URL(page.url).origin !== location.origin) return fullLoad(url, !push);
  const doc = new DOMParser().parseFromString(ctx.trustedHTML(page.html), "text/html");
  if (!sameDeploy(doc)) return fullLoad(page.url, !push); // another deploy, or a page without us
  let finalUrl = page.url;
  const hash = new URL(url).hash;
  if (hash && !new URL(finalUrl).hash) finalUrl += hash;
  let entry = restore;
  if (push) {
    // Scroll events arrive a frame late: read this page's position now, before the next one shows.
    rememberScroll();
    entry = nextEntryId();
    history.pushState({ pr: entry }, "", finalUrl);
  }
  await swap(doc);
  shown = entry;
  const saved = restore && scrolls.get(restore);
  const anchor = !saved && hash && document.getElementById(decodeURIComponent(hash.slice(1)));
  if (saved) scrollTo(saved[0], saved[1]);
  else if (anchor) anchor.scrollIntoView();
  else scrollTo(0, 0);
  const now = ctx.plan(ctx.topIslands(document.body).filter((root) => !root[ctx.LIVE]));
  try {
    await ctx.hydrateIslands(now);
  } finally {
    performance.mark("pr-navigated", { detail: finalUrl });
    document.dispatchEvent(new CustomEvent("pr:navigated", { detail: { url: finalUrl } }));
  }
}

async function swap(doc) {
  const body = document.adoptNode(doc.body);
  const incoming = new Map();
  for (const root of ctx.topIslands(body)) if (root.dataset.prPersist) incoming.set(root.dataset.prPersist, root);
  const leaving = [];
  const staying = [];
  for (const root of ctx.live) {
    const twin = root.dataset.prPersist && incoming.get(root.dataset.prPersist);
    if (twin && root.dataset.prComponent === twin.dataset.prComponent) staying.push([root, twin]);
    else leaving.push(root);
  }
  await mergeHead(doc);
  if (leaving.length) {
    try { ctx.unmount(leaving.map((root) => root[ctx.ID])); } catch (err) {
      console.error(`pickle-reactor: unmounting the islands of the old page failed\n${err && err.message || err}`);
    }
  }
  for (const root of leaving) { ctx.live.delete(root); ctx.release(root); }
  for (const [root, twin] of staying) twin.replaceWith(root); // its DOM, node ids and Python state go on
  const focused = document.activeElement;
  document.body.replaceWith(body);
  const announcer = document.createElement("pr-announcer");
  announcer.setAttribute("aria-live", "assertive");
  announcer.setAttribute("role", "status");
  body.append(announcer);
  setTimeout(() => { announcer.textContent = document.title; }, 50); // announced as a change
  const autofocus = body.querySelector("[autofocus]");
  if (autofocus) autofocus.focus();
  else if (!focused || !body.contains(focused)) {
    body.setAttribute("tabindex", "-1");
    body.focus({ preventScroll: true });
    body.addEventListener("blur", () => body.removeAttribute("tabindex"), { once: true });
  }
}

async function mergeHead(doc) {
  document.title = doc.title;
  const head = document.head;
  const loads = [];
  for (const link of doc.head.querySelectorAll('link[rel~="stylesheet"][href]')) {
    const href = new URL(link.getAttribute("href"), doc.baseURI || location.href).href;
    const known = Array.from(head.querySelectorAll('link[rel~="stylesheet"]')).some((l) => l.href === href);
    if (known) continue;
    const copy = document.createElement("link");
    for (const a of link.attributes) copy.setAttribute(a.name, a.value);
    loads.push(new Promise((resolve) => { copy.onload = copy.onerror = resolve; setTimeout(resolve, 3000); }));
    head.append(copy); // stylesheets only add up: removing one could flash the page unstyled
  }
  const fresh = Array.from(doc.head.querySelectorAll("meta[name], meta[property]"));
  for (const old of head.querySelectorAll("meta[name], meta[property]")) old.remove();
  for (const meta of fresh) head.append(document.importNode(meta, true));
  await Promise.all(loads); // the new page appears styled
}
