"""Every import path and name the public API (docs/api.md) shows keeps working, whatever moves inside.

Each case runs in a fresh interpreter, so that one import cannot make another work by accident.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent

PUBLIC = {
    "pickle_reactor": [
        "h", "Fragment", "Markup", "Element", "ComponentElement", "render_to_string", "iter_render",
        "component", "use_state", "use_reducer", "use_effect", "use_layout_effect", "use_memo",
        "use_callback", "use_ref", "create_context", "use_context", "use_id", "use_action", "action",
        "ActionError", "Reactor", "comment", "ErrorBoundary", "memo", "create_portal", "use_sync_external_store",
        "use_hydrated", "signal", "computed", "effect", "batch",
        "create_store", "use_store", "Store",
        "use_debounced", "use_throttled", "VirtualList",
    ],
    "pickle_reactor.html": [
        "div", "h1", "p", "button", "ul", "li", "input_", "input", "form", "label", "span", "a", "table",
        "tbody", "tr", "td", "del_", "object_", "map_", "svg", "math", "br", "hr", "textarea", "select",
    ],
    "pickle_reactor.svg": ["svg", "circle", "path", "foreignObject", "filter_", "set_", "mi", "SVG_NAMESPACE"],
    "pickle_reactor.testing": ["mount", "View", "ComponentError"],
    "pickle_reactor.asgi": ["PickleReactorMiddleware"],
    "pickle_reactor.contrib.starlette": ["install"],
}


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120,
                          env={"PYTHONPATH": f"{ROOT}:{HERE}", "PATH": "/usr/bin:/bin"})


@pytest.mark.parametrize("module", sorted(PUBLIC))
def test_every_public_name_imports(module: str) -> None:
    names = PUBLIC[module]
    done = _run(f"from {module} import {', '.join(names)}\nprint('ok')")
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-3000:]


def test_names_api_shows_behave_as_shown() -> None:
    code = (
        "from pickle_reactor import h, render_to_string, component, use_state\n"
        "from pickle_reactor.html import div, h1, button\n"
        "from pickle_reactor.testing import mount\n"
        "node = h('div', {'class': 'box'}, 'Hello')\n"
        "assert (node.tag, node.props['class'], node.children[0]) == ('div', 'box', 'Hello')\n"
        "assert str(div(class_='x')[h1['Hi']]) == render_to_string(div(class_='x')[h1['Hi']]) == '<div class=\"x\"><h1>Hi</h1></div>'\n"
        "@component\n"
        "def Counter(initial=0):\n"
        "    count, set_count = use_state(initial)\n"
        "    return div[h1[f'Count: {count}'], button(on_click=lambda: set_count(count + 1))['+']]\n"
        "view = mount(Counter(initial=1))\n"
        "view.click('button')\n"
        "assert view.query('h1').text == 'Count: 2'\n"
        "print('ok')\n"
    )
    done = _run(code)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-3000:]


def test_signals_behave_as_shown() -> None:
    code = (
        "from pickle_reactor import signal, computed, effect, batch, component\n"
        "from pickle_reactor.html import span\n"
        "from pickle_reactor.testing import mount\n"
        "count = signal(0); double = computed(lambda: count.value * 2); seen = []\n"
        "dispose = effect(lambda: seen.append(double.value))\n"
        "with batch():\n    count.value += 1\n    count.value += 1\n"
        "assert seen == [0, 4], seen\n"
        "dispose(); count.value = 5\n"
        "assert seen == [0, 4] and count.peek() == 5\n"
        "view = mount(span[count])\n"
        "count.value = 6; view.settle()\n"
        "assert view.html == '<span>6</span>', view.html\n"
        "print('ok')\n"
    )
    done = _run(code)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-3000:]


def test_html_custom_elements_and_unknown_names() -> None:
    done = _run(
        "import pickle_reactor.html as html\n"
        "assert html.my_widget.tag == 'my-widget'\n"
        "try:\n    html.dvi\nexcept AttributeError as e:\n    print(e)\n"
    )
    assert done.returncode == 0 and "pickle_reactor.html has no element 'dvi'" in done.stdout, done.stderr


def test_django_adapter_paths_import() -> None:
    code = (
        "import contrib_django_setup\n"
        "from pickle_reactor.contrib.django.middleware import PickleReactorMiddleware\n"
        "import pickle_reactor.contrib.django.urls, pickle_reactor.contrib.django.apps\n"
        "from django.template import engines\n"
        "engines['django'].from_string('{% load pickle_reactor %}')\n"
        "print('ok')\n"
    )
    done = _run(code)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-3000:]


def test_command_line_entry_point() -> None:
    done = subprocess.run([sys.executable, "-m", "pickle_reactor", "pyodide", "--help"], capture_output=True,
                          text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0 and "fetch" in done.stdout, done.stderr
