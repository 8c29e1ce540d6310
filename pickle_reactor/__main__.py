"""Command line: ``python -m pickle_reactor pyodide fetch [--dir DIR] [--tarball FILE] [--force]``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        fetch_pyodide(args.dir, tarball=args.tarball, force=args.force,
                      progress=lambda message: print(message, file=sys.stderr, flush=True))
    except PyodideFetchError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
