"""Fast Refresh on the memory DOM: a new bundle re-imports what changed, keeps hook state when the hook
calls are the same, remounts when they changed, and asks for a reload when pickle-reactor changed."""

from __future__ import annotations

import io
import sys
import textwrap
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from pickle_reactor.browser.refresh import apply_bundle, hook_signature, module_name
from pickle_reactor.core.component import registry
from pickle_reactor.core.nodes import ComponentElement
from pickle_reactor.testing import mount

HELPERS = 'def label(n):\n    return f"Count: {n}"\n'
COMPONENTS = textwrap.dedent('''
    from pickle_reactor import component, use_state
    from pickle_reactor.html import button, p, span
    from .helpers import label

    @component
    def Counter():
        count, set_count = use_state(0)
        return p[span(id="count")[label(count)], button(id="inc", on_click=lambda: set_count(count + 1))["+"]]
''')


def zip_of(files: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return out.getvalue()


@pytest.fixture
def app(tmp_path: Path) -> Iterator[tuple[Path, dict[str, str]]]:
    """A package in a fresh site-packages stand-in, imported, as the bundle left it in the browser."""
    files = {"pr_refresh_app/__init__.py": "", "pr_refresh_app/helpers.py": HELPERS,
             "pr_refresh_app/components.py": COMPONENTS}
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    sys.path.insert(0, str(tmp_path))
    try:
        yield tmp_path, files
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m.startswith("pr_refresh_app")]:
            del sys.modules[name]
        for name in [k for k in registry if k.startswith("pr_refresh_app.")]:
            del registry[name]


def mounted() -> object:
    from pr_refresh_app.components import Counter  # type: ignore[import-not-found]

    view = mount(Counter())
    view.click("#inc")
    view.click("#inc")
    assert view.query("#count").text == "Count: 2"
    return view


def test_an_edited_helper_is_taken_and_the_state_kept(app: tuple[Path, dict[str, str]]) -> None:
    site, files = app
    view = mounted()
    new = {**files, "pr_refresh_app/helpers.py": 'def label(n):\n    return f"Clicks: {n}"\n'}
    result = apply_bundle(view.runtime, zip_of(new), site)  # type: ignore[attr-defined]
    assert result.reload is None
    assert result.modules == ["pr_refresh_app.helpers", "pr_refresh_app.components"]  # dependents too
    assert result.kept == ["pr_refresh_app.components.Counter"] and result.remounted == []
    assert view.query("#count").text == "Clicks: 2"  # new code, old state
    view.click("#inc")
    assert view.query("#count").text == "Clicks: 3"


def test_changed_hook_calls_remount_the_component(app: tuple[Path, dict[str, str]]) -> None:
    site, files = app
    view = mounted()
    changed = files["pr_refresh_app/components.py"].replace(
        "    count, set_count = use_state(0)\n", "    count, set_count = use_state(0)\n    _, _ = use_state('x')\n")
    result = apply_bundle(view.runtime, zip_of({**files, "pr_refresh_app/components.py": changed}), site)  # type: ignore[attr-defined]
    assert result.remounted == ["pr_refresh_app.components.Counter"] and result.kept == []
    assert view.query("#count").text == "Count: 0"


def test_nothing_changed_does_nothing(app: tuple[Path, dict[str, str]]) -> None:
    site, files = app
    view = mounted()
    result = apply_bundle(view.runtime, zip_of(files), site)  # type: ignore[attr-defined]
    assert result.modules == [] and result.reload is None
    assert view.query("#count").text == "Count: 2"


def test_a_change_to_pickle_reactor_itself_asks_for_a_reload(app: tuple[Path, dict[str, str]]) -> None:
    site, files = app
    view = mounted()
    result = apply_bundle(view.runtime, zip_of({**files, "pickle_reactor/core/extra.py": "X = 1\n"}), site)  # type: ignore[attr-defined]
    assert result.reload and "pickle-reactor itself changed" in result.reload
    assert not (site / "pickle_reactor").exists()  # nothing was written


def test_a_module_that_fails_to_import_raises_and_the_island_keeps_working(app: tuple[Path, dict[str, str]]) -> None:
    site, files = app
    view = mounted()
    broken = {**files, "pr_refresh_app/helpers.py": "def label(n):\n    return (\n"}
    with pytest.raises(SyntaxError):
        apply_bundle(view.runtime, zip_of(broken), site)  # type: ignore[attr-defined]
    view.click("#inc")
    assert view.query("#count").text == "Count: 3"


def test_hook_signature_lists_hook_calls_in_order() -> None:
    from pickle_reactor import use_effect, use_state

    def two() -> None:
        use_state(0)
        use_effect(lambda: None, [])
        use_state(1)

    assert hook_signature(two) == ("use_state", "use_effect", "use_state")
    assert hook_signature(lambda: None) == ()
    assert module_name("a/b/__init__.py") == "a.b" and module_name("a/c.py") == "a.c"
    assert isinstance(ComponentElement, type)
