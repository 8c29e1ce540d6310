"""Client stubs: the browser gets each action's name and URL, never its body nor the module's imports."""

from __future__ import annotations

import ast
import asyncio
import inspect
import json
import types
from pathlib import Path

import pr_action_samples
import pytest

from pickle_reactor.core.actions import ActionError, set_transport
from pickle_reactor.server.actions import actions_in
from pickle_reactor.server.actions.dispatch import ActionDispatcher
from pickle_reactor.server.actions.stubs import generate_stub

MOD = "pr_action_samples"
SOURCE = Path(pr_action_samples.__file__).read_text()


def load(stub: str, name: str = MOD) -> types.ModuleType:
    module = types.ModuleType(name)
    exec(compile(stub, f"<stub {name}>", "exec"), module.__dict__)  # noqa: S102  (our generated stub)
    return module


def test_stub_has_every_action_and_nothing_else() -> None:
    stub = generate_stub(MOD)
    tree = ast.parse(stub)
    functions = [n.name for n in tree.body if isinstance(n, ast.AsyncFunctionDef)]
    assert functions == [spec.fn.__name__ for spec in actions_in(MOD)]
    imports = [n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))]
    assert [(n.module, [a.name for a in n.names]) for n in imports] == [
        ("pickle_reactor.core.actions", ["call_action"])]
    assert not [n for n in tree.body if isinstance(n, ast.ClassDef)]


def test_stub_contains_no_action_body_and_no_server_only_import() -> None:
    stub = generate_stub(MOD)
    body_lines = []
    for spec in actions_in(MOD):
        lines = [line.strip() for line in inspect.getsourcelines(spec.fn)[0]]
        first = next(i for i, line in enumerate(lines) if line.startswith(("def ", "async def ")))
        body_lines += [line for line in lines[first + 1:] if line]
    assert len(body_lines) >= 10
    for fragment in ("calls.append", "threading", "uuid", "pydantic", "hunter2", "internal-secret-key",
                     "NewTodo", "field_validator", "not an int", "BaseModel"):
        assert fragment in SOURCE  # the original really has it...
        assert fragment not in stub  # ...and the stub does not
    for line in body_lines:
        assert line not in stub, line


def test_stub_from_a_module_object_equals_stub_from_its_name() -> None:
    assert generate_stub(pr_action_samples) == generate_stub(MOD)


def test_stub_is_deterministic_and_uses_the_prefix() -> None:
    stub = generate_stub(MOD, prefix="/static/pr/")
    assert stub == generate_stub(MOD, prefix="/static/pr")
    module = load(stub)
    assert module.ping.__pr_action__ == f"{MOD}.ping"
    assert module.ping.__pr_action_url__ == f"/static/pr/actions/{MOD}.ping"


def test_decorator_spellings_and_top_level_only() -> None:
    source = '''
import pickle_reactor as pr
from pickle_reactor import actions, action

@pr.action
def a(payload: X) -> int: ...

@actions.action
async def b() -> None: ...

@action
def c(payload: X, request) -> str: ...

@other
def not_an_action() -> int: ...

def plain(): ...

class K:
    @action
    def method(self) -> int: ...
'''
    module = load(generate_stub("pkg.mod", source=source), "pkg.mod")
    assert module.__all__ == ["a", "b", "c"]
    assert not hasattr(module, "not_an_action") and not hasattr(module, "plain") and not hasattr(module, "K")


def test_stub_calls_the_real_action_through_the_transport() -> None:
    module = load(generate_stub(MOD))
    seen: list[tuple[str, str]] = []
    in_process = ActionDispatcher([MOD]).transport()

    async def recording(name: str, url: str, payload: object) -> object:
        seen.append((name, url))
        return await in_process(name, url, payload)

    previous = set_transport(recording)
    try:
        todos = asyncio.run(module.add_todo(title="milk"))
        with pytest.raises(ActionError) as failed:
            asyncio.run(module.add_todo(title=""))
    finally:
        set_transport(previous)
    assert todos == [{"id": 1, "title": "milk", "done": False}]
    assert seen[0] == (f"{MOD}.add_todo", f"/_reactor/actions/{MOD}.add_todo")
    assert failed.value.status == 422
    assert failed.value.errors == [{"pointer": "#/title", "detail": "String should have at least 1 character"}]


def test_stub_takes_keyword_arguments_only() -> None:
    module = load(generate_stub(MOD))
    with pytest.raises(TypeError):
        module.ping({"x": 1})  # type: ignore[call-arg]


def test_missing_module_is_a_clear_error() -> None:
    with pytest.raises(LookupError, match="action module 'no_such_module_xyz'"):
        generate_stub("no_such_module_xyz")


def test_stub_module_runs_without_pydantic() -> None:
    """The generated code must import under the browser's stdlib-only rule."""
    import subprocess
    import sys

    code = (
        "import sys, types, json\n"
        "sys.modules['pydantic'] = None\n"
        f"src = {generate_stub(MOD)!r}\n"
        "m = types.ModuleType('s'); exec(src, m.__dict__)\n"
        "print(json.dumps(sorted(m.__all__)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[2])
    assert json.loads(out.stdout) == sorted(spec.fn.__name__ for spec in actions_in(MOD))
