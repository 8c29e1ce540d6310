"""``reactor.app``: a pure-ASGI app, mounted at the Reactor's prefix, serving the client's files.

::

    GET  boot-<hash>.mjs          the boot module          immutable, br/gzip from memory
    GET  boot-<hash>.worker.mjs   the snapshot worker      immutable, br/gzip from memory (same hash)
    GET  boot-<hash>.navigation.mjs  client navigation     immutable, br/gzip from memory (same hash)
    GET  boot-<hash>.dev.mjs      Fast Refresh + overlay   immutable, br/gzip from memory (same hash)
    GET  bundle-<hash>.zip        the client bundle        immutable, br/gzip from memory
    GET  pyodide/<file>           pyodide="local" only     ETag/304, br/gzip from `<file>.br`/`.gz` on disk
    ANY  actions/<name>           the action dispatcher    (it answers 405 for anything but POST)
    GET  dev/bundle               debug only: the current bundle and boot URLs (no-store), for Fast Refresh;
                                  and then older ``bundle-<hash>.zip`` names are served from server/dev.py's
                                  directory, so pages of an earlier process keep working

Everything else is 404; GET and HEAD only (405). Names are looked up in fixed tables, never joined
onto a filesystem path, so no request can reach another file.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .bundle import compressed_variants, content_hash
from .dev import DEV_BUNDLE_PATH, dev_state, keep_bundle, kept_bundle
from .pyodide_dist import COMPRESSIBLE, PYODIDE_SRI, RUNTIME_FILES, SIDECARS

if TYPE_CHECKING:
    from ..reactor import Reactor

__all__ = [
    "BOOT_SOURCE", "DEV_SOURCE", "NAVIGATION_SOURCE", "WORKER_SOURCE", "Asset", "ReactorApp", "load_boot",
    "load_boot_assets", "negotiate", "pyodide_integrity", "sri",
]

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]

BOOT_SOURCE = Path(__file__).resolve().parents[1] / "browser" / "boot.mjs"
WORKER_SOURCE = BOOT_SOURCE.with_name("snapshot_worker.mjs")
NAVIGATION_SOURCE = BOOT_SOURCE.with_name("navigation.mjs")
DEV_SOURCE = BOOT_SOURCE.with_name("dev.mjs")
IMMUTABLE = "public, max-age=31536000, immutable"
# Pyodide's file names carry no hash: cache for a day, then revalidate with the ETag.
REVALIDATE = "public, max-age=86400"
MIME_TYPES = {
    ".mjs": "text/javascript; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".wasm": "application/wasm",
    ".zip": "application/zip",
    ".json": "application/json",
}
_CHUNK = 256 * 1024
_PREFERENCE = ("br", "gzip")  # best first; identity is the fallback


@dataclass(frozen=True)
class Asset:
    """A file held in memory with its precompressed variants."""

    name: str
    content_type: str
    data: bytes
    variants: dict[str, bytes] = field(repr=False)
    cache: str = IMMUTABLE  # content-hashed names never change; dev/bundle is "no-store"

    @property
    def etag(self) -> str:
        return f'"{content_hash(self.data)}"'

    @cached_property
    def integrity(self) -> str:
        """The Subresource Integrity digest of the plain bytes (browsers check the decoded body)."""
        return sri(self.data)


def sri(data: bytes) -> str:
    """``sha384-<base64>``: the digest an ``integrity`` attribute or ``fetch(..., {integrity})`` checks."""
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode("ascii")


def pyodide_integrity(directory: Path | None) -> dict[str, str]:
    """The SRI digest of each Pyodide runtime file: from the local copy's bytes (read once, at start), or
    the pinned digests of the release when Pyodide comes from a CDN (``directory`` None)."""
    if directory is None:
        return dict(PYODIDE_SRI)
    digests = {}
    for name in RUNTIME_FILES:
        digest = hashlib.sha384()
        with open(directory / name, "rb") as file:
            for chunk in iter(lambda: file.read(1 << 20), b""):
                digest.update(chunk)
        digests[name] = "sha384-" + base64.b64encode(digest.digest()).decode("ascii")
    return digests


def _read_shipped(source: Path, what: str) -> bytes:
    try:
        return source.read_bytes()
    except FileNotFoundError:
        raise RuntimeError(f"pickle-reactor is installed without its {what} ({source}): reinstall the package") from None


def load_boot_assets(
    source: Path = BOOT_SOURCE, worker: Path = WORKER_SOURCE, navigation: Path = NAVIGATION_SOURCE,
    dev: Path = DEV_SOURCE,
) -> tuple[Asset, Asset, Asset, Asset]:
    """The boot module and its companions: ``boot-<hash>.mjs``, ``boot-<hash>.worker.mjs`` (the
    snapshot worker), ``boot-<hash>.navigation.mjs`` (client navigation) and ``boot-<hash>.dev.mjs``
    (Fast Refresh and the error overlay, loaded only in debug).

    One hash covers all the files: ``boot.mjs`` finds its companions beside its own URL, and the
    snapshot's cache key (the boot URL) changes whenever any of them does.
    """
    data = _read_shipped(source, "boot module")
    worker_data = _read_shipped(worker, "snapshot worker")
    navigation_data = _read_shipped(navigation, "navigation module")
    dev_data = _read_shipped(dev, "development module")
    digest = content_hash(data + b"\0" + worker_data + b"\0" + navigation_data + b"\0" + dev_data)

    def asset(name: str, body: bytes) -> Asset:
        return Asset(name, MIME_TYPES[".mjs"], body, compressed_variants(body))

    return (asset(f"boot-{digest}.mjs", data), asset(f"boot-{digest}.worker.mjs", worker_data),
            asset(f"boot-{digest}.navigation.mjs", navigation_data), asset(f"boot-{digest}.dev.mjs", dev_data))


def load_boot(source: Path = BOOT_SOURCE) -> Asset:
    """The boot module under its content-hashed name; a clear error when the file is missing."""
    return load_boot_assets(source)[0]


def _quality(params: list[str]) -> float:
    for param in params:
        key, _, value = param.strip().partition("=")
        if key.strip().lower() == "q":
            try:
                return float(value)
            except ValueError:
                return 0.0
    return 1.0


def negotiate(accept_encoding: str, available: Iterable[str]) -> str | None:
    """The best of ``available`` (brotli over gzip) that ``Accept-Encoding`` allows; None for identity."""
    accepted: dict[str, float] = {}
    for item in accept_encoding.split(","):
        coding, *params = item.split(";")
        coding = coding.strip().lower()
        if coding:
            accepted[coding] = _quality(params)
    wildcard = accepted.get("*", 0.0)
    offered = set(available)
    for coding in _PREFERENCE:
        if coding in offered and accepted.get(coding, wildcard) > 0:
            return coding
    return None


def _etag_matches(if_none_match: str, etag: str) -> bool:
    if if_none_match.strip() == "*":
        return True
    tags = (tag.strip().removeprefix("W/") for tag in if_none_match.split(","))
    return etag in tags


def _route_path(scope: Scope) -> str:
    """The path below the mount point (Starlette's Mount keeps the full path and sets root_path)."""
    path: str = scope["path"]
    root: str = scope.get("root_path", "")
    if root and path.startswith(root) and (len(path) == len(root) or path[len(root)] == "/"):
        return path[len(root):]
    return path


class ReactorApp:
    """The ASGI app behind ``reactor.app``; holds configuration only, state lives in each call."""

    def __init__(self, reactor: Reactor) -> None:
        self.reactor = reactor
        self.boot, self.worker, self.navigation, self.dev = load_boot_assets()
        bundle = reactor.bundle
        self.bundle = Asset(bundle.filename, MIME_TYPES[".zip"], bundle.data, bundle.variants)
        self.files = {f"/{a.name}": a for a in (self.boot, self.worker, self.navigation, self.dev, self.bundle)}
        self.pyodide_dir = reactor.pyodide_dir
        # Computed once per process from the bytes served: every worker sends the same digests.
        self.pyodide_integrity = pyodide_integrity(self.pyodide_dir)
        self.debug = bool(getattr(reactor, "debug", False))
        if self.debug:
            keep_bundle(bundle.filename, bundle.data)
        self._actions: Callable[[Scope, Receive, Send], Awaitable[None]] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            if scope["type"] == "lifespan":  # run directly as the server's app: nothing to set up
                while True:
                    message = await receive()
                    if message["type"] == "lifespan.startup":
                        await send({"type": "lifespan.startup.complete"})
                    elif message["type"] == "lifespan.shutdown":
                        await send({"type": "lifespan.shutdown.complete"})
                        return
            raise RuntimeError(f"reactor.app serves HTTP only, not {scope['type']!r}")
        path = _route_path(scope)
        if path.startswith("/actions/"):
            await self.actions(scope, receive, send)
            return
        method = scope["method"]
        asset = self.files.get(path)
        if self.debug and asset is None:
            asset = self._dev_asset(path)
        on_disk = self.pyodide_dir is not None and path.startswith("/pyodide/") and path[9:] in RUNTIME_FILES
        if asset is None and not on_disk:
            await _plain(send, 404, b"Not Found")
            return
        if method not in ("GET", "HEAD"):
            await _plain(send, 405, b"Method Not Allowed", [(b"allow", b"GET, HEAD")])
            return
        headers = _headers(scope)
        if asset is not None:
            await _send_memory(send, asset, headers, head=method == "HEAD")
        else:
            assert self.pyodide_dir is not None
            await _send_file(send, self.pyodide_dir / path[9:], headers, head=method == "HEAD")

    def _dev_asset(self, path: str) -> Asset | None:
        if path == DEV_BUNDLE_PATH:
            prefix = self.reactor.prefix
            body = dev_state(f"{prefix}/{self.bundle.name}", f"{prefix}/{self.boot.name}")
            return Asset(path, "application/json", body, {}, "no-store")
        data = kept_bundle(path[1:])
        return None if data is None else Asset(path[1:], MIME_TYPES[".zip"], data, {})

    @property
    def actions(self) -> Callable[[Scope, Receive, Send], Awaitable[None]]:
        """The actions engineer's ASGI endpoint, built on the first call (it imports pydantic)."""
        if self._actions is None:
            from .actions.dispatch import actions_asgi_app

            self._actions = actions_asgi_app(self.reactor.dispatcher)
        return self._actions


def _headers(scope: Scope) -> dict[bytes, str]:
    return {name.lower(): value.decode("latin-1") for name, value in scope["headers"]}


async def _plain(send: Send, status: int, body: bytes, extra: list[tuple[bytes, bytes]] | None = None) -> None:
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode()),
               *(extra or [])]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _common(content_type: str, cache: str, etag: str, coding: str | None) -> list[tuple[bytes, bytes]]:
    headers = [
        (b"content-type", content_type.encode()),
        (b"cache-control", cache.encode()),
        (b"etag", etag.encode()),
        (b"vary", b"Accept-Encoding"),
        (b"x-content-type-options", b"nosniff"),
    ]
    if coding is not None:
        headers.append((b"content-encoding", coding.encode()))
    return headers


async def _send_memory(send: Send, asset: Asset, request: dict[bytes, str], head: bool) -> None:
    coding = negotiate(request.get(b"accept-encoding", ""), asset.variants)
    body = asset.data if coding is None else asset.variants[coding]
    # One ETag per representation, as caches key the compressed bytes apart from the plain ones.
    etag = asset.etag if coding is None else f'{asset.etag[:-1]}-{coding}"'
    headers = _common(asset.content_type, asset.cache, etag, coding)
    if _etag_matches(request.get(b"if-none-match", ""), etag):
        await send({"type": "http.response.start", "status": 304, "headers": headers})
        await send({"type": "http.response.body", "body": b""})
        return
    headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": b"" if head else body})


async def _send_file(send: Send, path: Path, request: dict[bytes, str], head: bool) -> None:
    name = path.name
    available: dict[str, Path] = {}
    if name in COMPRESSIBLE:
        for encoding, suffix in SIDECARS.items():
            sidecar = path.with_name(name + suffix)
            if sidecar.is_file():
                available[encoding] = sidecar
    coding = negotiate(request.get(b"accept-encoding", ""), available)
    served = path if coding is None else available[coding]
    try:
        original, stat = path.stat(), served.stat()
    except FileNotFoundError:  # removed while the app runs
        await _plain(send, 404, b"Not Found")
        return
    etag = f'"{original.st_size:x}-{original.st_mtime_ns:x}{"" if coding is None else "-" + coding}"'
    headers = _common(MIME_TYPES[path.suffix], REVALIDATE, etag, coding)
    if _etag_matches(request.get(b"if-none-match", ""), etag):
        await send({"type": "http.response.start", "status": 304, "headers": headers})
        await send({"type": "http.response.body", "body": b""})
        return
    headers.append((b"content-length", str(stat.st_size).encode()))
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    if head:
        await send({"type": "http.response.body", "body": b""})
        return
    # Local files from the page cache: plain reads in 256 KB chunks keep the loop responsive enough.
    with open(served, "rb") as file:  # noqa: ASYNC230
        while True:
            chunk = file.read(_CHUNK)
            more = len(chunk) == _CHUNK
            await send({"type": "http.response.body", "body": chunk, "more_body": more})
            if not more:
                break
