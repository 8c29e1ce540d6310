"""Command line (docs/reactor.md)::

    python -m pickle_reactor pyodide fetch [--dir DIR] [--tarball FILE] [--force]
    python -m pickle_reactor build --reactor module:attr [--out DIR]
"""

from __future__ import annotations

import argparse
import importlib
import io
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .server.pyodide_dist import (
    ENV_DIR,
    PYODIDE_VERSION,
    PyodideFetchError,
    default_pyodide_dir,
    fetch_pyodide,
)

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pickle_reactor", description="pickle-reactor tools")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    pyodide = commands.add_parser("pyodide", help="manage the local Pyodide copy served by pyodide='local'")
    actions = pyodide.add_subparsers(dest="action", required=True, metavar="ACTION")
    fetch = actions.add_parser(
        "fetch",
        help=f"download Pyodide {PYODIDE_VERSION} with npm, verify it and unpack the runtime files",
        description=f"Download Pyodide {PYODIDE_VERSION} from the npm registry (npm pack), check its pinned "
        f"sha512 and unpack the runtime files. The default directory is ${ENV_DIR} or {default_pyodide_dir()}.",
    )
    fetch.add_argument("--dir", help="where to unpack (the directory Reactor(pyodide_dir=...) serves)")
    fetch.add_argument("--tarball", help="use this already downloaded pyodide-<version>.tgz instead of npm")
    fetch.add_argument("--force", action="store_true", help="unpack again even when the files are verified")
    build = commands.add_parser(
        "build",
        help="build and check a Reactor's client assets (boot module, snapshot worker, bundle)",
        description="Import a Reactor, build its boot module, snapshot worker and client bundle, check them "
        "(the bundle's Python compiles, Pyodide is there for pyodide='local') and print each file with its "
        "hash and sizes. Safe to run on every deploy; exits 1 on a problem. With --out, also write the "
        "content-hashed files (and their .br/.gz variants) to DIR, e.g. for a CDN.",
    )
    build.add_argument("--reactor", required=True, metavar="MODULE:ATTR",
                       help="where the Reactor is, e.g. myapp.web:reactor")
    build.add_argument("--out", metavar="DIR", help="write the built files here")
    return parser


def load_reactor(spec: str) -> Any:
    """The Reactor named by ``module:attr`` (``attr`` may be dotted)."""
    from .reactor import Reactor

    module_name, sep, attr = spec.partition(":")
    if not sep or not module_name or not attr:
        raise ValueError(f"--reactor {spec!r}: write module:attr, e.g. myapp.web:reactor")
    if "" not in sys.path and str(Path.cwd()) not in sys.path:
        sys.path.insert(0, "")  # like `python -m`: modules of the current directory
    value: Any = importlib.import_module(module_name)
    for part in attr.split("."):
        value = getattr(value, part)
    if not isinstance(value, Reactor):
        raise TypeError(f"--reactor {spec!r} is a {type(value).__name__}, not a Reactor")
    return value


def _check_bundle(data: bytes) -> list[str]:
    problems = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.endswith(".py"):
                try:
                    compile(archive.read(name), name, "exec", dont_inherit=True)
                except SyntaxError as error:
                    problems.append(f"bundle file {name} does not compile: {error}")
    return problems


def build(spec: str, out: str | None = None, echo: Any = print) -> int:
    """``python -m pickle_reactor build``: returns the exit status."""
    from .server.assets import load_boot_assets

    try:
        reactor = load_reactor(spec)
    except (ImportError, AttributeError, ValueError, TypeError) as error:
        echo(f"error: {error}", file=sys.stderr)
        return 1
    problems = list(reactor.check())
    boot, worker, navigation, dev = load_boot_assets()
    bundle = reactor.bundle
    problems += _check_bundle(bundle.data)
    echo(f"{reactor!r}")
    files = [(boot.name, boot.data, boot.variants), (worker.name, worker.data, worker.variants),
             (navigation.name, navigation.data, navigation.variants), (dev.name, dev.data, dev.variants),
             (bundle.filename, bundle.data, bundle.variants)]
    for name, data, variants in files:
        sizes = ", ".join(f"{coding} {len(body):,}" for coding, body in sorted(variants.items()))
        echo(f"{reactor.prefix}/{name}  {len(data):,} bytes" + (f" ({sizes})" if sizes else ""))
    echo(f"bundle {bundle.hash}: {len(bundle.files)} files; pyodide {reactor.pyodide_url}")
    if out is not None:
        target = Path(out)
        target.mkdir(parents=True, exist_ok=True)
        suffixes = {"br": ".br", "gzip": ".gz"}
        for name, data, variants in files:
            (target / name).write_bytes(data)
            for coding, body in variants.items():
                (target / (name + suffixes.get(coding, "." + coding))).write_bytes(body)
        echo(f"wrote {len(files)} files (and their compressed variants) to {target}")
    for problem in problems:
        echo(f"error: {problem}", file=sys.stderr)
    return 1 if problems else 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "build":
        return build(args.reactor, args.out)
    try:
        fetch_pyodide(args.dir, tarball=args.tarball, force=args.force,
                      progress=lambda message: print(message, file=sys.stderr, flush=True))
    except PyodideFetchError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
