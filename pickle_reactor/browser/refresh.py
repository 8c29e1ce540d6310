"""Fast Refresh (``Reactor(debug=True)``): take a new bundle into the running interpreter.

The changed application modules, and the modules that import them, are re-imported in dependency
order; every island then re-renders with the new component functions. A component whose hook calls
are the same as before keeps its state (its fibers are pointed at the new function); one whose hook
calls changed is remounted (the reconciler sees a new type). A change to pickle-reactor itself asks
for a full reload instead; a module that fails to import raises, and the page keeps its last good code.
"""

from __future__ import annotations

import ast
import dis
import importlib
import io
import sys
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..core.component import registry
from ..core.nodes import ComponentElement
from ..core.reconciler.fibers import ComponentFiber

__all__ = ["RefreshResult", "apply_bundle", "hook_signature", "module_name"]


class RefreshResult:
    """What a refresh did: the modules re-imported, the components kept and remounted, or why the
    page must reload instead (``reload`` is then a reason)."""

    __slots__ = ("kept", "modules", "reload", "remounted")

    def __init__(self) -> None:
        self.modules: list[str] = []
        self.kept: list[str] = []
        self.remounted: list[str] = []
        self.reload: str | None = None

    def __repr__(self) -> str:
        if self.reload:
            return f"<RefreshResult reload: {self.reload}>"
        return f"<RefreshResult modules={self.modules} kept={self.kept} remounted={self.remounted}>"


def module_name(path: str) -> str:
    """``pkg/mod.py`` -> ``pkg.mod``; ``pkg/__init__.py`` -> ``pkg``."""
    parts = path[:-3].split("/")
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def hook_signature(fn: Callable[..., Any]) -> tuple[str, ...]:
    """The hooks a component calls, in order (each ``use_*`` name its own code loads): what must stay
    the same for its state to carry over an edit, as React's Fast Refresh compares hook calls."""
    code = getattr(fn, "__code__", None)
    if code is None:
        return ()
    return tuple(
        str(ins.argval) for ins in dis.get_instructions(code)
        if ins.opname.startswith("LOAD_") and isinstance(ins.argval, str) and ins.argval.startswith("use_")
    )


def _imports(name: str, source: bytes, is_package: bool) -> set[str]:
    """The absolute module names ``source`` imports (every level; relative ones resolved)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    package = name if is_package else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def _reload_order(changed: set[str], sources: dict[str, tuple[bytes, bool]]) -> list[str]:
    """``changed`` plus every bundle module importing one of them, dependencies first."""
    imports = {name: _imports(name, source, pkg) & set(sources) for name, (source, pkg) in sources.items()}
    affected = set(changed)
    grew = True
    while grew:
        grew = False
        for name, deps in imports.items():
            if name not in affected and deps & affected:
                affected.add(name)
                grew = True
    order: list[str] = []
    seen: set[str] = set()

    def visit(name: str) -> None:
        if name in seen:
            return
        seen.add(name)
        for dep in sorted(imports.get(name, ()) & affected):
            visit(dep)
        order.append(name)

    for name in sorted(affected):
        visit(name)
    return order


def _component_fibers(fibers: Iterable[Any]) -> Iterable[ComponentFiber]:
    stack = [f for f in fibers if f is not None]
    while stack:
        fiber = stack.pop()
        if type(fiber) is ComponentFiber:
            yield fiber
        stack.extend(child for child in getattr(fiber, "children", ()) if child is not None)


def _qualified(fn: Callable[..., Any]) -> str:
    return f"{fn.__module__}.{fn.__qualname__}"


def apply_bundle(runtime: Any, bundle: bytes, site_packages: Path) -> RefreshResult:
    """Write the new bundle's changed files, re-import what they affect and re-render every island."""
    result = RefreshResult()
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        files = {name: archive.read(name) for name in archive.namelist() if name.endswith(".py")}
    changed = {}
    for path, data in files.items():
        target = site_packages / path
        try:
            old = target.read_bytes()
        except OSError:
            old = None
        if old != data:
            changed[path] = data
    if not changed:
        return result
    ours = sorted(p for p in changed if p.startswith("pickle_reactor/"))
    if ours:
        result.reload = f"pickle-reactor itself changed ({', '.join(ours[:3])})"
        return result
    before = dict(registry)
    signatures = {name: hook_signature(fn) for name, fn in before.items()}
    for path, data in changed.items():
        target = site_packages / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    importlib.invalidate_caches()
    sources = {module_name(p): (data, p.endswith("/__init__.py")) for p, data in files.items()
               if not p.startswith("pickle_reactor/")}
    for name in _reload_order({module_name(p) for p in changed}, sources):
        module = sys.modules.get(name)
        if module is None:
            continue  # never imported here: the next import reads the new file
        importlib.reload(module)  # an error propagates: the page shows it and keeps its last good code
        result.modules.append(name)
    swaps: dict[Any, Any] = {}
    for name, old in before.items():
        new = registry.get(name)
        if new is None or new is old:
            continue
        if hook_signature(new) == signatures[name]:
            swaps[old] = new
            result.kept.append(name)
        else:
            result.remounted.append(name)
    for root in list(runtime.roots):
        for fiber in _component_fibers(root.fiber.children):
            new = swaps.get(fiber.type)
            if new is not None:
                fiber.type = new
                fiber.vnode = ComponentElement(new, fiber.vnode.props, fiber.vnode.key)
    for root in list(runtime.roots):
        top = next((f for f in root.fiber.children if type(f) is ComponentFiber), None)
        if top is None:
            continue
        fn = registry.get(_qualified(top.type), top.type)
        props = {k: v for k, v in top.vnode.props.items()}
        root.render(ComponentElement(fn, props, top.vnode.key))
    return result
