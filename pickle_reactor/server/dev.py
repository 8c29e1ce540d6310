"""The development loop's server half (``Reactor(debug=True)`` only): where the current bundle is, and
the bundles of earlier processes.

Open pages poll ``GET <prefix>/dev/bundle`` (JSON: the current ``bundle`` and ``boot`` URLs; polling,
not server-sent events, so that it works the same under uvicorn, Django's threaded WSGI ``runserver``
and Django under ASGI, and survives the server restarting). A reloaded server builds a new bundle, so
pages that still run the old one need it to keep answering: every bundle a debug process serves is also
written to a directory shared by the processes of one machine, and unknown ``bundle-<hash>.zip`` names
are looked up there. Off in production: none of this is mounted without ``debug``.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

__all__ = ["BUNDLE_NAME", "DEV_BUNDLE_PATH", "dev_state", "keep_bundle", "kept_bundle", "kept_dir"]

DEV_BUNDLE_PATH = "/dev/bundle"
BUNDLE_NAME = re.compile(r"bundle-[0-9a-f]{16}\.zip\Z")


def kept_dir() -> Path:
    """Where debug processes keep the bundles they served (``PICKLE_REACTOR_DEV_DIR`` overrides)."""
    configured = os.environ.get("PICKLE_REACTOR_DEV_DIR")
    return Path(configured) if configured else Path(tempfile.gettempdir()) / "pickle-reactor-dev-bundles"


def keep_bundle(filename: str, data: bytes) -> None:
    """Write this process's bundle where later processes find it (atomically: readers never see half)."""
    directory = kept_dir()
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / filename
    if target.exists():
        return
    partial = directory / f".{filename}.{os.getpid()}"
    partial.write_bytes(data)
    partial.replace(target)


def kept_bundle(filename: str) -> bytes | None:
    """An earlier process's bundle by its name, or None; only ``bundle-<16 hex>.zip`` names are read."""
    if not BUNDLE_NAME.match(filename):
        return None
    try:
        return (kept_dir() / filename).read_bytes()
    except OSError:
        return None


def dev_state(bundle_url: str, boot_url: str) -> bytes:
    """The body of ``GET <prefix>/dev/bundle``."""
    return json.dumps({"bundle": bundle_url, "boot": boot_url}).encode()
