"""What the client bundle must hold besides pickle-reactor: the app modules the components import, and
the pure-Python distributions listed in ``client_packages``.

Starting from the allow-listed component modules, every import is read from the source (``ast``, so a
lazy import inside a function counts like any other; imports under ``if TYPE_CHECKING:`` never run and
are skipped) and classified (docs/bundle.md has the same rules for users):

- the standard library and Pyodide's own modules (``js``, ``pyodide``): available in the browser, not
  shipped; a stdlib module Pyodide lacks (``tkinter``, ``curses``, ...) is refused;
- ``pickle_reactor``: its ``core``/``browser`` and public facades ship already; anything else of it is
  server-only and refused;
- an action module: ships as its stub (its own imports are not followed);
- a module of the application (Python source outside site-packages): ships as source, and its imports
  are followed in turn;
- a third-party module (under site-packages): allowed when its distribution is in ``client_packages``,
  otherwise refused, saying why (compiled files, a server framework, or not listed) and the fix.

An import inside a ``try`` that catches ``ImportError`` is optional: followed when it can ship, never
refused. Problems are collected, not raised, so ``reactor.check()`` and Django's checks list them all.
"""

from __future__ import annotations

import ast
import importlib.machinery
import importlib.metadata as metadata
import importlib.util
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["BROWSER_MISSING_STDLIB", "PYODIDE_MODULES", "SERVER_ONLY", "Discovery", "discover"]

# Standard-library modules that Pyodide 314.0.7 (Python 3.14) does not have: every name of
# sys.stdlib_module_names (3.11 to 3.14) that fails to import there. Includes modules 3.13 removed.
BROWSER_MISSING_STDLIB = frozenset("""
    _aix_support _bootsubprocess _crypt _curses _curses_panel _dbm _gdbm _hashlib _msi _multiprocessing
    _osx_support _overlapped _posixshmem _scproxy _tkinter _uuid _winapi aifc asynchat asyncore audioop
    cgi cgitb chunk crypt curses dbm distutils ensurepip grp idlelib imghdr imp lib2to3 mailcap msilib
    msvcrt nis nntplib nt ossaudiodev pipes pwd pydoc_data readline resource smtpd sndhdr spwd sunau
    syslog telnetlib tkinter turtle turtledemo uu venv winreg winsound xdrlib
""".split())
# Modules only Pyodide has: available in the browser, absent on the server (import them lazily).
PYODIDE_MODULES = frozenset({"js", "pyodide", "pyodide_js", "_pyodide"})
# Distributions that are server frameworks or need one: refused even where their files are pure Python.
SERVER_ONLY = frozenset({
    "django", "starlette", "fastapi", "pydantic", "pydantic_core", "uvicorn", "gunicorn", "flask",
    "werkzeug", "sqlalchemy", "asgiref", "jinja2", "httpx", "anyio", "celery", "psycopg", "psycopg2",
})
_COMPILED = (".so", ".pyd", ".dylib", ".dll")
# pickle_reactor modules that ship (server/bundle.py's folder rule); everything else of it is server-only.
_SHIPPED_OURS = ("pickle_reactor.core", "pickle_reactor.browser")
_OURS_FACADES = frozenset({"pickle_reactor", "pickle_reactor.html", "pickle_reactor.svg"})
_FIX = "move the import into an action module or behind `if TYPE_CHECKING`"


@dataclass
class Discovery:
    """The files discovery adds to the bundle (archive path -> bytes) and what it found wrong.

    ``problems`` stop the Reactor from starting (an import the browser cannot run); ``warnings`` do not
    (the bundle still works) but ``reactor.check()`` reports them.
    """

    files: dict[str, bytes] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    app_modules: list[str] = field(default_factory=list)
    unlisted_actions: list[str] = field(default_factory=list)


def _norm(name: str) -> str:
    return name.lower().replace("-", "_").replace(".", "_")


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _catches_import_error(node: ast.Try) -> bool:
    names = {"ImportError", "ModuleNotFoundError", "Exception", "BaseException"}
    for handler in node.handlers:
        kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
        if handler.type is None or any(isinstance(k, ast.Name) and k.id in names for k in kinds):
            return True
    return False


def _imports(tree: ast.AST) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
    """Every import statement in source order, with whether it is optional (guarded by ``except ImportError``)."""

    def walk(node: ast.AST, optional: bool) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                yield from walk(child, optional)
            return
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node, optional
            return
        if isinstance(node, ast.Try) and _catches_import_error(node):
            for child in node.body:
                yield from walk(child, True)
            for rest in (*node.handlers, *node.orelse, *node.finalbody):
                yield from walk(rest, optional)
            return
        for child in ast.iter_child_nodes(node):
            yield from walk(child, optional)

    yield from walk(tree, False)


def _defines_actions(tree: ast.Module) -> bool:
    """Whether a module decorates a top-level function with ``@action`` (it is an action module)."""
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                if (isinstance(target, ast.Name) and target.id == "action") or (
                        isinstance(target, ast.Attribute) and target.attr == "action"):
                    return True
    return False


def _find(name: str) -> importlib.machinery.ModuleSpec | None:
    """The module's spec, or None. Finding ``a.b`` imports ``a`` (as the server did already, since the
    component modules import it); whatever that raises means "not importable"."""
    try:
        return importlib.util.find_spec(name)
    except Exception:  # noqa: BLE001  (a parent's import-time error, e.g. Django settings not configured)
        return None


def _is_submodule(base: str, name: str) -> bool:
    """Whether ``from base import name`` names a submodule, looked up on disk (nothing is imported)."""
    if name == "*":
        return False
    spec = _find(base)
    for location in (spec.submodule_search_locations or []) if spec is not None else []:
        folder = Path(location)
        if (folder / f"{name}.py").is_file() or (folder / name).is_dir():
            return True
    return False


def _targets(node: ast.Import | ast.ImportFrom, module: str, is_package: bool) -> list[str]:
    """The modules an import statement needs (``from pkg import sub`` needs ``pkg.sub``; a package whose
    names are all submodules is needed only as a package, which an empty ``__init__`` provides)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:
        package = module if is_package else module.rpartition(".")[0]
        try:
            base = importlib.util.resolve_name("." * node.level + (node.module or ""), package)
        except (ImportError, ValueError):
            return []
    else:
        base = node.module or ""
    found: list[str] = []
    needs_base = False
    for alias in node.names:
        if _is_submodule(base, alias.name):
            found.append(f"{base}.{alias.name}")
        else:
            needs_base = True
    return ([base] if needs_base else []) + found


def _in_site_packages(path: Path) -> bool:
    return "site-packages" in path.parts or "dist-packages" in path.parts


class _Walker:
    def __init__(self, components: list[str], actions: list[str], packages: dict[str, str]) -> None:
        self.components, self.actions, self.packages = components, set(actions), packages
        self.result = Discovery()
        self.seen: set[str] = set()
        self.refused: set[str] = set()
        self._owners: dict[str, list[str]] | None = None

    def owners(self, top: str) -> list[str]:
        if self._owners is None:
            self._owners = dict(metadata.packages_distributions())
        return self._owners.get(top, [])

    def run(self) -> Discovery:
        queue: list[tuple[str, tuple[str, ...]]] = [(m, ()) for m in self.components]
        self.seen.update(self.components)
        while queue:
            module, chain = queue.pop(0)
            spec = _find(module)
            if spec is None or spec.origin is None or not spec.origin.endswith(".py"):
                continue  # components/actions are checked by bundle.py; a namespace package has no source
            is_package = spec.submodule_search_locations is not None
            if module not in self.components:
                parts = module.split(".")
                path = "/".join(parts) + ("/__init__.py" if is_package else ".py")
                self.result.files[path] = Path(spec.origin).read_bytes()
                self.result.app_modules.append(module)
            try:
                tree = ast.parse(Path(spec.origin).read_bytes(), spec.origin)
            except SyntaxError as error:
                self.result.problems.append(f"{module} cannot be parsed: {error}")
                continue
            if module not in self.components and _defines_actions(tree):
                # Never its source: it ships as a stub (so the browser can import it), and check() says
                # to list it, since the server only serves the actions of listed modules.
                del self.result.files[path]
                self.result.app_modules.remove(module)
                self.result.unlisted_actions.append(module)
                how = f" (via {' -> '.join(chain[1:])})" if len(chain) > 1 else ""
                self.result.warnings.append(
                    f"{chain[0]} imports {module}{how}, which defines @action functions but is not in "
                    "Reactor(actions=[...]): the browser gets its stub, but the server does not serve its "
                    "actions until you list it there")
                continue
            for node, optional in _imports(tree):
                for target in _targets(node, module, is_package):
                    if target in self.seen or target in self.refused:
                        continue
                    why = self.refusal(target)
                    if why is None:
                        self.seen.add(target)
                        if self.is_app(target):
                            queue.append((target, (*chain, module)))
                    elif not optional:
                        self.refused.add(target)
                        root, via = (chain[0], chain[1:] + (module,)) if chain else (module, ())
                        how = f" (via {' -> '.join(via)})" if via else ""
                        self.result.problems.append(f"{root} imports {target}{how}: {why}")
        return self.result

    def is_app(self, name: str) -> bool:
        """Application source that ships and whose imports are followed (not stdlib, ours, a stub or vendored)."""
        top = name.split(".")[0]
        if top in sys.stdlib_module_names or top in PYODIDE_MODULES or top == "pickle_reactor":
            return False
        if name in self.actions or top in self.packages:
            return False
        spec = _find(name)
        return spec is not None and spec.origin is not None and not _in_site_packages(Path(spec.origin))

    def refusal(self, name: str) -> str | None:
        """Why ``name`` cannot be imported in the browser, with the fix; None when it can."""
        top = name.split(".")[0]
        if top == "pickle_reactor":
            if name in _OURS_FACADES or name.startswith(tuple(p + "." for p in _SHIPPED_OURS)) or name in _SHIPPED_OURS:
                return None
            return f"{name} is server-only (only pickle_reactor's core and browser ship); {_FIX}"
        if top in PYODIDE_MODULES or name in self.actions:
            return None
        if top in BROWSER_MISSING_STDLIB:
            return f"{top} is not in Pyodide's standard library, so it cannot run in the browser; {_FIX}"
        if top in sys.stdlib_module_names:
            return None
        if top in self.packages:
            return None
        spec = _find(name)
        if spec is None:
            return f"it cannot be found on the server's sys.path; fix the name or {_FIX}"
        origin = Path(spec.origin) if spec.origin not in (None, "built-in", "frozen") else None
        if origin is not None and not _in_site_packages(origin):
            if origin.suffix != ".py":
                return f"it is not Python source ({origin.name}) and cannot run in the browser; {_FIX}"
            return None  # application source: shipped and followed
        dists = self.owners(top)
        dist = dists[0] if dists else top
        if _norm(dist) in SERVER_ONLY or _norm(top) in SERVER_ONLY:
            return f"{dist} is a server library and cannot run in the browser; {_FIX}"
        if dists and _has_compiled_files(dist):
            return f"it has compiled extensions and cannot run in the browser; {_FIX}"
        return (f"the third-party package {dist!r} is not in the bundle: if it is pure Python, add it to "
                f"Reactor(client_packages=[{dist!r}]) (Django: PICKLE_REACTOR['client_packages']); otherwise {_FIX}")


def _has_compiled_files(dist: str) -> bool:
    try:
        files = metadata.distribution(dist).files or []
    except metadata.PackageNotFoundError:
        return False
    return any(str(f).endswith(_COMPILED) for f in files)


def vendor(names: Iterable[str]) -> tuple[dict[str, bytes], dict[str, str], list[str]]:
    """Archive path -> bytes of the listed distributions' import packages (``.py`` files only), the import
    names they provide (top-level name -> distribution), and the problems (one per bad name)."""
    files: dict[str, bytes] = {}
    provides: dict[str, str] = {}
    problems: list[str] = []
    for name in names:
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            problems.append(_not_a_distribution(name))
            continue
        paths = list(dist.files or [])
        compiled = sorted(str(p) for p in paths if str(p).endswith(_COMPILED))
        if compiled:
            problems.append(f"client_packages: {name!r} has compiled files ({compiled[0]}"
                            f"{f' and {len(compiled) - 1} more' if len(compiled) > 1 else ''}) and cannot run in "
                            "the browser; only pure-Python distributions can be vendored")
            continue
        shipped = sorted(
            p for p in paths
            if p.suffix == ".py" and p.parts[0] != ".." and "__pycache__" not in p.parts
            and not p.parts[0].endswith((".dist-info", ".data", ".egg-info"))
        )
        if not shipped:
            problems.append(f"client_packages: {name!r} has no Python files in its installed file list "
                            "(an editable install, or no RECORD): install it normally to vendor it")
            continue
        for path in shipped:
            files[path.as_posix()] = Path(dist.locate_file(path)).read_bytes()
            provides[path.parts[0].removesuffix(".py")] = name
    return files, provides, problems


def _not_a_distribution(name: str) -> str:
    owners = metadata.packages_distributions().get(name, [])
    if owners:
        return (f"client_packages: {name!r} is an import name, not a distribution; write "
                f"client_packages=[{owners[0]!r}] (the distribution that provides it)")
    top = name.split(".")[0]
    if top in sys.stdlib_module_names:
        return f"client_packages: {name!r} is part of the standard library, not a distribution; remove it"
    if _find(name) is not None:
        return (f"client_packages: {name!r} is a module, not an installed distribution; modules of your "
                "application that components import ship without being listed: remove it")
    return f"client_packages: the distribution {name!r} is not installed on the server; pip install {name}"


def discover(components: Iterable[str], actions: Iterable[str] = (), client_packages: Iterable[str] = ()) -> Discovery:
    """Follow the component modules' imports; vendor ``client_packages``. Never raises for a bad import."""
    files, provides, problems = vendor(dict.fromkeys(client_packages))
    result = _Walker(list(dict.fromkeys(components)), list(actions), provides).run()
    result.problems[:0] = problems
    result.files.update(files)
    return result
