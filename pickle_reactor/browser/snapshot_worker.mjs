// pickle-reactor snapshot worker: started by boot.mjs (section 7) at idle time after a page hydrated
// without a snapshot. It starts a second Pyodide with `_makeSnapshot`, unpacks the same bundle, imports
// the client and the page's component modules (pickle_reactor.browser.snapshot.prepare; nothing there
// touches `js`: a snapshot cannot hold JavaScript objects), takes the memory snapshot and stores it in
// the Cache API under the key boot.mjs chose. Served as boot-<hash>.worker.mjs next to the boot module.

self.onmessage = async ({ data }) => {
  const { pyodide: base, bundle: bundleUrl, components, cacheName, key, integrity = {} } = data;
  // The page's Subresource Integrity digests (absolute URL -> sha384) for the files fetched here: a file
  // whose bytes differ fails the fetch, so no snapshot is made from it. (A Worker has no modulepreload:
  // its import() of Pyodide's two modules is checked only through the page, whose copies are cached.)
  const plain = self.fetch;
  self.fetch = (input, init) => {
    const digest = integrity[new URL(input instanceof Request ? input.url : String(input), self.location.href).href];
    return plain(input, digest && !(init && init.integrity) ? { ...init, integrity: digest } : init);
  };
  try {
    const [{ loadPyodide }, bundle] = await Promise.all([
      import(base + "pyodide.mjs"),
      fetch(bundleUrl, { credentials: "same-origin" }).then((r) => {
        if (!r.ok) throw new Error(`bundle ${bundleUrl} answered ${r.status}`);
        return r.arrayBuffer();
      }),
    ]);
    const py = await loadPyodide({ indexURL: base, _makeSnapshot: true });
    const sitePackages = py.runPython("__import__('site').getsitepackages()[0]");
    py.unpackArchive(bundle, "zip", { extractDir: sitePackages });
    // A JSON string is a valid Python string literal: no JS object reaches Python.
    const failed = JSON.parse(py.runPython(
      `__import__("pickle_reactor.browser.snapshot", fromlist=["prepare"]).prepare(${JSON.stringify(JSON.stringify(components))})`));
    const bytes = py.makeMemorySnapshot();
    const digest = await crypto.subtle.digest("SHA-256", bytes);
    const cache = await caches.open(cacheName);
    for (const old of await cache.keys()) await cache.delete(old); // one snapshot per origin: the newest
    await cache.put(key, new Response(bytes, { headers: {
      "content-type": "application/octet-stream",
      "x-pr-length": String(bytes.byteLength),
      "x-pr-sha256": hex(digest),
    } }));
    self.postMessage({ ok: true, bytes: bytes.byteLength, failed });
  } catch (err) {
    self.postMessage({ ok: false, error: String(err && err.message || err).split("\n")[0] });
  }
};

function hex(buffer) {
  return [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
