"""The layout shows the layers (docs/architecture.md): no import circles, nothing imports upward, what
ships to the browser imports only what ships, and long modules say why they are long.

Read from the source with ``ast``, so a lazy import inside a function counts like any other.
Imports under ``if TYPE_CHECKING:`` are left out: they never run.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Source folder -> the import name it installs as (setup.cfg's package mapping).
TREES = {ROOT / "pickle_reactor": "pickle_reactor", ROOT / "contrib": "pickle_reactor.contrib"}
LONG_MODULE = 400
# Layers from the bottom up; a module may import its own layer and those below it, never above.
LAYERS = [
    ("core", ("pickle_reactor.core",)),
    ("browser", ("pickle_reactor.browser",)),
    ("server", ("pickle_reactor.server",)),
    ("wiring", ("pickle_reactor.reactor", "pickle_reactor.asgi", "pickle_reactor.testing",
                "pickle_reactor.__main__", "pickle_reactor.html", "pickle_reactor.svg")),
    ("adapters", ("pickle_reactor.contrib",)),
]
SHIPPED = ("pickle_reactor.core", "pickle_reactor.browser")
FACADES = ("pickle_reactor", "pickle_reactor.html", "pickle_reactor.svg")


def _modules() -> dict[str, Path]:
    found = {}
    for base, prefix in TREES.items():
        for path in sorted(base.rglob("*.py")):
            if "__pycache__" in path.parts:
                continue
            parts = list(path.relative_to(base).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join([prefix, *parts])] = path
    return found


MODULES = _modules()


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_nodes(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    found: list[ast.Import | ast.ImportFrom] = []

    def walk(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                walk(child)
            return
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append(node)
        for child in ast.iter_child_nodes(node):
            walk(child)

    walk(tree)
    return found


def _lazy_exports(tree: ast.Module, package: str) -> set[str]:
    """``pickle_reactor/__init__``'s name -> module table, which it imports by name on first use."""
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "_EXPORTS" for t in node.targets):
            table = ast.literal_eval(node.value)
            return {f"{package}.{module}" for module in table.values()}
    return set()


def _resolve(name: str) -> str | None:
    """The internal module an import of ``name`` loads (the longest known prefix), or None."""
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


def imports_of(module: str) -> set[str]:
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    targets: set[str] = set()
    for node in _import_nodes(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            # `from pkg import mod` imports the submodule; `from mod import name` the module.
            names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base for alias in node.names]
        for name in names:
            resolved = _resolve(name)
            if resolved is not None and resolved != module:
                targets.add(resolved)
    if module == "pickle_reactor":
        targets |= _lazy_exports(tree, module)
    return targets


GRAPH = {module: imports_of(module) for module in MODULES}


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan), each as a sorted list."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return cycles


def test_the_cycle_finder_finds_a_cycle() -> None:
    # Without this, the test below could pass by never finding anything.
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert find_cycles({"a": {"b"}, "b": set()}) == []


def test_the_graph_sees_relative_lazy_and_parent_imports() -> None:
    assert "pickle_reactor.core.nodes" in GRAPH["pickle_reactor.core.serialize"]
    assert "pickle_reactor.core.serialize" in GRAPH["pickle_reactor"]  # through the lazy export table
    assert "pickle_reactor.server.actions.dispatch" in GRAPH["pickle_reactor.reactor"]  # a function-level import
    assert "pickle_reactor.contrib.django.conf" in GRAPH["pickle_reactor.contrib.django.checks"]


def test_no_import_circles() -> None:
    cycles = find_cycles(GRAPH)
    assert not cycles, "import circles (break each one; a lazy import that hides it still counts): " + "; ".join(
        " <-> ".join(cycle) for cycle in cycles
    )


def _layer(module: str) -> int | None:
    for level, (_, prefixes) in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return level
    return None


def test_nothing_imports_a_layer_above_its_own() -> None:
    upward = []
    for module, targets in GRAPH.items():
        level = _layer(module)
        if level is None:
            continue
        for target in targets:
            target_level = _layer(target)
            if target_level is not None and target_level > level:
                upward.append(f"{module} ({LAYERS[level][0]}) imports {target} ({LAYERS[target_level][0]})")
    assert not upward, upward


def _ships(module: str) -> bool:
    return module in FACADES or any(module == p or module.startswith(p + ".") for p in SHIPPED)


def test_what_ships_imports_only_what_ships() -> None:
    """core/ and browser/ (and the public facades) ship to the browser; they must not need anything
    that does not: the server, the wiring, the in-memory DOM of pickle_reactor.testing."""
    leaks = [
        f"{module} imports {target}"
        for module, targets in GRAPH.items()
        if _ships(module) and module != "pickle_reactor"  # the top package names server exports lazily
        for target in targets
        if not _ships(target)
    ]
    assert not leaks, leaks


def test_top_package_loads_server_names_only_lazily() -> None:
    tree = ast.parse(MODULES["pickle_reactor"].read_text(encoding="utf-8"))
    eager = {
        f"pickle_reactor.{node.module}"
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module
    }
    assert all(_ships(module) for module in eager), eager


@pytest.mark.parametrize("module", sorted(MODULES))
def test_long_modules_say_why_at_the_top(module: str) -> None:
    path = MODULES[module]
    source = path.read_text(encoding="utf-8")
    if source.count("\n") <= LONG_MODULE:
        return
    docstring = ast.get_docstring(ast.parse(source)) or ""
    assert "Long because" in docstring, (
        f"{path.relative_to(ROOT)} has {source.count(chr(10))} lines: split it, or say at the top of its "
        "docstring why it stays whole ('Long because ...')"
    )
