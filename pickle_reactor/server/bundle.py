"""The client bundle: one deterministic zip of everything the browser imports, unpacked into site-packages.

It holds the client part of ``pickle_reactor`` (its ``core/`` and ``browser/`` folders: a folder rule,
so that a server module never ships by accident), the allow-listed component modules and the modules of
the app they import (found by ``discovery.py``), the pure-Python distributions listed in
``client_packages``, empty ``__init__.py`` files for their parent packages, and, for each allow-listed
action module, the client stub generated from it instead of its source. pickle_reactor's own files ship without docstrings and comments (``slim.py``). Entries are sorted and carry fixed timestamps and permissions, so every worker process builds
the same bytes and therefore the same content-hashed URL. Entries are stored uncompressed: the whole
zip is brotli/gzip-compressed for the wire, which compresses Python source better than deflate per file.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import io
import threading
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .actions.stubs import generate_stub
from .discovery import discover
from .slim import slim_source

__all__ = [
    "CLIENT_FOLDERS",
    "CLIENT_MODULES",
    "Bundle",
    "BundleError",
    "build_bundle",
    "bundle_files",
    "compressed_variants",
    "content_hash",
    "get_bundle",
    "make_zip",
]

PACKAGE_DIR = Path(__file__).resolve().parents[1]
# What ships is a folder rule (docs/architecture.md): core/ and browser/ whole, plus the three public
# modules at the top that only re-export the core. Nothing else of pickle_reactor ever does;
# tests/unit/test_layout.py checks that what ships imports nothing outside it.
CLIENT_FOLDERS = ("core", "browser")
CLIENT_MODULES = ("__init__.py", "html.py", "svg.py")
_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip can record
_FILE_MODE = 0o100644 << 16  # a regular file, rw-r--r--
HASH_LENGTH = 16


class BundleError(ValueError):
    """An allow-listed module cannot be put in the client bundle; the message names it.

    ``problems`` lists every problem found (one line each in the message), for ``reactor.check()``.
    """

    def __init__(self, message: str, problems: Iterable[str] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems) or [message]


def content_hash(data: bytes) -> str:
    """The hex digest used in content-hashed URLs (sha256, truncated: 64 bits is plenty for cache keys)."""
    return hashlib.sha256(data).hexdigest()[:HASH_LENGTH]


def compressed_variants(data: bytes) -> dict[str, bytes]:
    """``{"br": ..., "gzip": ...}`` of ``data`` at maximum quality; ``br`` only when brotli is installed."""
    variants = {"gzip": gzip.compress(data, compresslevel=9, mtime=0)}
    try:
        import brotli  # type: ignore[import-not-found, import-untyped]
    except ImportError:  # pragma: no cover - brotli is a dependency of the starlette/django extras
        return variants
    variants["br"] = brotli.compress(data, quality=11)
    return variants


def _framework_files() -> dict[str, bytes]:
    """pickle_reactor's shipped modules, slimmed (``slim.py``: no docstrings or comments, same lines)."""
    files: dict[str, bytes] = {}
    for rel in CLIENT_MODULES:
        files[f"pickle_reactor/{rel}"] = slim_source((PACKAGE_DIR / rel).read_bytes())
    for folder in CLIENT_FOLDERS:
        for path in sorted((PACKAGE_DIR / folder).rglob("*.py")):
            if "__pycache__" not in path.parts:
                files[f"pickle_reactor/{path.relative_to(PACKAGE_DIR).as_posix()}"] = slim_source(path.read_bytes())
    return files


def _module_path(module: str, kind: str) -> tuple[str, Path]:
    """The archive path and the source file of an allow-listed module."""
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError) as error:
        raise BundleError(f"{kind} module {module!r} cannot be found: {error}") from None
    if spec is None or spec.origin is None:
        raise BundleError(f"{kind} module {module!r} cannot be found on sys.path")
    origin = Path(spec.origin)
    if origin.suffix != ".py":
        raise BundleError(f"{kind} module {module!r} is not Python source ({origin.name}): it cannot ship to the browser")
    parts = module.split(".")
    if spec.submodule_search_locations is not None:  # a package: ship its __init__.py
        return "/".join(parts) + "/__init__.py", origin
    return "/".join(parts) + ".py", origin


def _action_stub(module: str, prefix: str) -> bytes:
    return generate_stub(module, prefix=prefix).encode("utf-8")


def bundle_files(
    components: Iterable[str], actions: Iterable[str] = (), prefix: str = "/_reactor",
    client_packages: Iterable[str] = (),
) -> dict[str, bytes]:
    """Archive path -> bytes of every file in the bundle (not yet zipped).

    Raises :class:`BundleError` listing every import that cannot run in the browser (with its chain).
    """
    components, actions = list(dict.fromkeys(components)), list(dict.fromkeys(actions))
    both = sorted(set(components) & set(actions))
    if both:
        raise BundleError(
            f"{', '.join(both)} is in both components and actions: the browser gets only a stub of an action "
            "module, so move the components into their own module"
        )
    files = _framework_files()
    for kind, modules in (("component", components), ("action", actions)):
        for module in modules:
            if module == "pickle_reactor" or module.startswith("pickle_reactor."):
                raise BundleError(f"{kind} module {module!r}: pickle_reactor's own modules ship already")
            archive_path, origin = _module_path(module, kind)
            files[archive_path] = origin.read_bytes() if kind == "component" else _action_stub(module, prefix)
    found = discover(components, actions, client_packages)
    if found.problems:
        raise BundleError("the client bundle cannot be built:\n" + "\n".join(found.problems), found.problems)
    for archive_path, data in found.files.items():
        files.setdefault(archive_path, data)  # listed components and action stubs win
    for module in found.unlisted_actions:
        files["/".join(module.split(".")) + ".py"] = _action_stub(module, prefix)
    # Parent packages get empty __init__ files: enough to import the allow-listed module, and a parent's
    # real __init__ (a Django app's, say) often imports server-only code that must not reach the browser.
    # A package whose own names a shipped module imports (`from myapp import VERSION`) ships its real
    # __init__, found by discovery like any other imported module.
    for archive_path in list(files):
        parts = archive_path.split("/")[:-1]
        for depth in range(1, len(parts) + 1):
            files.setdefault("/".join(parts[:depth]) + "/__init__.py", b"")
    return files


def make_zip(files: Mapping[str, bytes]) -> bytes:
    """A zip whose bytes depend on the file names and contents only (sorted, fixed time and mode)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=_EPOCH)
            info.external_attr = _FILE_MODE
            info.create_system = 3  # Unix, whatever the building machine is
            info.compress_type = zipfile.ZIP_STORED
            archive.writestr(info, files[name])
    return out.getvalue()


@dataclass(frozen=True)
class Bundle:
    """A built bundle: its bytes, hash and precompressed variants."""

    data: bytes
    hash: str
    files: tuple[str, ...]
    variants: dict[str, bytes] = field(repr=False)

    @property
    def filename(self) -> str:
        return f"bundle-{self.hash}.zip"


def build_bundle(
    components: Iterable[str], actions: Iterable[str] = (), prefix: str = "/_reactor",
    client_packages: Iterable[str] = (),
) -> Bundle:
    """Build the bundle now (see :func:`get_bundle` for the per-process cache)."""
    files = bundle_files(components, actions, prefix, client_packages)
    data = make_zip(files)
    return Bundle(data, content_hash(data), tuple(sorted(files)), compressed_variants(data))


_cache: dict[tuple[tuple[str, ...], tuple[str, ...], str, tuple[str, ...]], Bundle] = {}
_lock = threading.Lock()


def get_bundle(
    components: Iterable[str], actions: Iterable[str] = (), prefix: str = "/_reactor",
    client_packages: Iterable[str] = (),
) -> Bundle:
    """The bundle for this configuration, built once per process (brotli at quality 11 takes a moment)."""
    key = (tuple(components), tuple(actions), prefix, tuple(client_packages))
    with _lock:
        bundle = _cache.get(key)
        if bundle is None:
            bundle = _cache[key] = build_bundle(*key)
        return bundle
