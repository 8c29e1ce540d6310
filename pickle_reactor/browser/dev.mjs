// pickle-reactor development loop (Reactor(debug=True) only), loaded by boot.mjs as
// boot-<hash>.dev.mjs: Fast Refresh and the error overlay. Never loaded in production.
//
// Fast Refresh polls <prefix>/dev/bundle once a second (polling works under uvicorn, Django's WSGI
// runserver and ASGI alike, and across a server restart). When the bundle URL changes, the new zip is
// handed to Python (pickle_reactor.browser.refresh), which re-imports the changed modules and
// re-renders every island, keeping hook state where the hook calls did not change. A new boot module,
// or a change to pickle-reactor itself, reloads the page.

const POLL_MS = 1000;
let overlayEl = null;

export function overlay(message) {
  if (!message) { if (overlayEl) overlayEl.remove(); overlayEl = null; return; }
  if (!overlayEl) {
    overlayEl = document.createElement("pr-error-overlay");
    overlayEl.setAttribute("role", "alertdialog");
    overlayEl.setAttribute("aria-label", "pickle-reactor error");
    const close = document.createElement("button");
    close.type = "button";
    close.textContent = "×";
    close.setAttribute("aria-label", "Close");
    close.addEventListener("click", () => overlay(""));
    const pre = document.createElement("pre");
    overlayEl.append(close, pre);
    try {
      const sheet = new CSSStyleSheet();
      // A panel along the bottom, not a full-page modal: the page above it stays usable while you fix.
      sheet.replaceSync("pr-error-overlay{position:fixed;left:1rem;right:1rem;bottom:1rem;max-height:45vh;"
        + "z-index:2147483647;overflow:auto;"
        + "background:#1e1e1e;color:#ffd7d7;border:2px solid #e55;border-radius:6px;padding:1rem;"
        + "font:13px/1.4 ui-monospace,monospace}pr-error-overlay pre{white-space:pre-wrap;margin:0}"
        + "pr-error-overlay button{float:right;font-size:1.4rem;background:none;color:inherit;border:0}");
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    } catch (err) { /* unstyled, still readable */ }
  }
  overlayEl.querySelector("pre").textContent = message;
  if (!overlayEl.isConnected) document.body.append(overlayEl);
}

export function startRefresh({ prefix, bundle, boot, refresh }) {
  let current = new URL(bundle, location.href).href;
  let busy = false;
  async function poll() {
    if (busy) return;
    busy = true;
    try {
      const response = await fetch(`${prefix}/dev/bundle`, { cache: "no-store", credentials: "same-origin" });
      if (!response.ok) return;
      const state = await response.json();
      if (new URL(state.boot, location.href).href !== boot) { location.reload(); return; }
      const next = new URL(state.bundle, location.href).href;
      if (next === current) return;
      const zip = await fetch(next, { credentials: "same-origin" });
      if (!zip.ok) return;
      const bytes = new Uint8Array(await zip.arrayBuffer());
      const reason = await refresh(bytes);
      current = next;
      if (reason === "!error") return; // shown in the overlay; the next save tries again
      if (reason) { console.info(`pickle-reactor: reloading: ${reason}`); location.reload(); return; }
      performance.mark("pr-refreshed", { detail: next });
      document.dispatchEvent(new CustomEvent("pr:refreshed", { detail: { bundle: next } }));
    } catch (err) {
      // The server is restarting (or gone): try again at the next tick.
    } finally {
      busy = false;
    }
  }
  setInterval(poll, POLL_MS);
}
