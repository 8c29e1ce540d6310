"""Reactor: allow-listed components, islands, the bootstrap tags, CSP additions and start-up errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import html5lib
import pytest

from pickle_reactor import Reactor
from pickle_reactor.reactor import AmbiguousComponent, PyodideMissing, UnknownComponent
from pickle_reactor.server.pyodide_dist import default_pyodide_dir

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
NODE_PYODIDE = ROOT / "node_modules" / "pyodide"
NS = "{http://www.w3.org/1999/xhtml}"
CDN = "https://cdn.example.net/pyodide/v314.0.7/full/"


@pytest.fixture(scope="module")
def reactor() -> Reactor:
    return Reactor(components=["pr_reactor_app.components", "pr_reactor_app.widgets"],
                   actions=["pr_reactor_app.actions"], pyodide_dir=NODE_PYODIDE)


def _needs_server_rendering() -> None:
    pytest.importorskip("pickle_reactor.core.hooks", reason="hooks.render_on_server has not landed yet")


def _body(markup: str) -> list:
    return list(html5lib.parse(f"<!doctype html><body>{markup}").find(f"{NS}body"))


def _text(element) -> str:
    """Text content as the DOM's textContent: comments (the `<!-- -->` separators) excluded."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str):
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _head_and_body(markup: str) -> list:
    # Bootstrap tags go before </body>, where the parser keeps <link> and <script> in place.
    return _body(markup)


# -- components ---------------------------------------------------------------------------------------


def test_components_of_allow_listed_modules_are_found(reactor: Reactor) -> None:
    assert sorted(reactor.components) == [
        "pr_reactor_app.components.Clicker", "pr_reactor_app.components.Counter",
        "pr_reactor_app.components.Greeting",
        "pr_reactor_app.components.ItemList", "pr_reactor_app.widgets.Badge", "pr_reactor_app.widgets.Counter",
    ]


def test_components_of_other_modules_are_not_allowed() -> None:
    import pr_reactor_app.widgets  # noqa: F401  (registered in the global registry, but not allow-listed)

    only = Reactor(components=["pr_reactor_app.components"], pyodide_dir=NODE_PYODIDE)
    assert "pr_reactor_app.widgets.Badge" not in only.components
    with pytest.raises(UnknownComponent):
        only.resolve("pr_reactor_app.widgets.Badge")
    with pytest.raises(UnknownComponent):
        only.resolve("Badge")


def test_short_and_qualified_names_resolve(reactor: Reactor) -> None:
    assert reactor.resolve("Greeting") == "pr_reactor_app.components.Greeting"
    assert reactor.resolve("pr_reactor_app.widgets.Counter") == "pr_reactor_app.widgets.Counter"


def test_ambiguous_short_name_lists_the_candidates(reactor: Reactor) -> None:
    with pytest.raises(AmbiguousComponent, match="pr_reactor_app.components.Counter, pr_reactor_app.widgets.Counter"):
        reactor.island("Counter")


def test_unknown_component_suggests_the_closest_name(reactor: Reactor) -> None:
    with pytest.raises(UnknownComponent, match=r"'Greting' is not a component .* \(did you mean 'Greeting'\?\)"):
        reactor.island("Greting")
    with pytest.raises(UnknownComponent) as error:
        reactor.island("Zzzzzzzz")
    assert "did you mean" not in str(error.value)
    assert "pr_reactor_app.components" in str(error.value)


def test_unimportable_component_module_fails_at_construction() -> None:
    with pytest.raises(ModuleNotFoundError, match="pr_reactor_app.missing"):
        Reactor(components=["pr_reactor_app.missing"], pyodide_dir=NODE_PYODIDE)


# -- islands ------------------------------------------------------------------------------------------


def test_island_wraps_the_server_html_and_props(reactor: Reactor) -> None:
    _needs_server_rendering()
    markup = reactor.island("Greeting", name="<Ada & co>")
    [island] = _body(markup)
    assert island.tag == f"{NS}pr-island"
    assert island.get("data-pr-component") == "pr_reactor_app.components.Greeting"
    script, paragraph = list(island)
    assert script.get("type") == "application/json" and "data-pr-props" in script.attrib
    assert json.loads(script.text) == {"name": "<Ada & co>"}
    assert paragraph.get("class") == "greeting"
    assert _text(paragraph) == "Hello, <Ada & co>!"


def test_island_by_qualified_name(reactor: Reactor) -> None:
    _needs_server_rendering()
    markup = reactor.island("pr_reactor_app.widgets.Counter", value=7)
    assert markup.startswith('<pr-island data-pr-component="pr_reactor_app.widgets.Counter">')
    assert '<span class="badge">7</span></pr-island>' in markup


def test_island_of_a_component_with_hooks_renders_its_initial_state(reactor: Reactor) -> None:
    markup = reactor.island("Clicker", start=4)
    [island] = _body(markup)
    [_, clicker] = list(island)
    assert clicker.tag == f"{NS}button" and _text(clicker) == "clicked 4"
    assert "on_click" not in markup and "onclick" not in markup


def test_non_json_prop_is_refused_before_rendering(reactor: Reactor) -> None:
    with pytest.raises(TypeError, match=r"<pr_reactor_app.components.ItemList> prop items\[1\]: a set"):
        reactor.island("ItemList", items=["a", {"b"}])


# -- configuration ------------------------------------------------------------------------------------


def test_a_string_instead_of_a_list_is_explained() -> None:
    with pytest.raises(TypeError, match=r"write components=\['pr_reactor_app.components'\]"):
        Reactor(components="pr_reactor_app.components", pyodide_dir=NODE_PYODIDE)


@pytest.mark.parametrize("prefix", ["_reactor", "/a b", '/x"y', "/x?y"])
def test_bad_prefix(prefix: str) -> None:
    with pytest.raises(ValueError, match="prefix"):
        Reactor(prefix=prefix, pyodide_dir=NODE_PYODIDE)


def test_prefix_trailing_slash_is_dropped() -> None:
    assert Reactor(prefix="/assets/pr/", pyodide_dir=NODE_PYODIDE).prefix == "/assets/pr"


@pytest.mark.parametrize("url", ["cdn.example/pyodide", "ftp://cdn.example/", "javascript:alert(1)", "https://"])
def test_bad_pyodide_setting_says_what_to_write(url: str) -> None:
    with pytest.raises(ValueError, match="use 'local'"):
        Reactor(pyodide=url)


def test_bad_max_body() -> None:
    with pytest.raises(ValueError, match="max_body"):
        Reactor(max_body=0, pyodide_dir=NODE_PYODIDE)


def test_pyodide_dir_defaults_to_the_fetch_location(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PICKLE_REACTOR_PYODIDE_DIR", str(tmp_path))
    assert Reactor().pyodide_dir == tmp_path == default_pyodide_dir()
    assert Reactor(pyodide_dir=NODE_PYODIDE).pyodide_dir == NODE_PYODIDE
    assert Reactor(pyodide=CDN).pyodide_dir is None


# -- bootstrap and CSP --------------------------------------------------------------------------------


def test_bootstrap_tags_for_local_pyodide(reactor: Reactor) -> None:
    urls = reactor.asset_urls
    assert urls["pyodide"] == "/_reactor/pyodide/" and urls["actions"] == "/_reactor/actions/"
    tags = _head_and_body(reactor.bootstrap_html())
    script = tags[-1]
    assert script.tag == f"{NS}script" and script.get("type") == "module"
    assert script.get("src") == urls["boot"]
    assert script.get("data-pr-bundle") == urls["bundle"] == f"/_reactor/{reactor.bundle.filename}"
    assert script.get("data-pr-pyodide") == "/_reactor/pyodide/"
    assert script.get("data-pr-prefix") == "/_reactor"
    links = [(t.get("rel"), t.get("as"), t.get("href"), t.get("crossorigin")) for t in tags[:-1]]
    assert links == [
        ("modulepreload", None, urls["boot"], None),
        ("modulepreload", None, "/_reactor/pyodide/pyodide.mjs", None),
        ("modulepreload", None, "/_reactor/pyodide/pyodide.asm.mjs", None),
        ("preload", "fetch", urls["bundle"], ""),
        ("preload", "fetch", "/_reactor/pyodide/pyodide.asm.wasm", ""),
        ("preload", "fetch", "/_reactor/pyodide/python_stdlib.zip", ""),
        ("preload", "fetch", "/_reactor/pyodide/pyodide-lock.json", ""),
    ]
    assert all(t.get("nonce") is None for t in tags)


def test_bootstrap_carries_the_nonce_on_every_tag(reactor: Reactor) -> None:
    tags = _head_and_body(reactor.bootstrap_html(nonce='abc"def'))
    assert [t.get("nonce") for t in tags] == ['abc"def'] * len(tags)


def test_bootstrap_with_a_cdn_points_pyodide_there() -> None:
    cdn = Reactor(pyodide=CDN, prefix="/pr", debug=True)
    tags = _head_and_body(cdn.bootstrap_html())
    script = tags[-1]
    assert script.get("data-pr-pyodide") == CDN
    assert script.get("src").startswith("/pr/boot-")
    assert "data-pr-debug" in script.attrib
    pyodide_links = [t for t in tags[:-1] if t.get("href").startswith(CDN)]
    assert len(pyodide_links) == 5 and all(t.get("crossorigin") == "" for t in pyodide_links)


SAFARI = ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          "Version/18.1 Safari/605.1.15")
WEBKITGTK = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15"
CHROME_IOS = ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
              "CriOS/131.0 Mobile/15E148 Safari/604.1")
CHROME = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36")
EDGE = CHROME + " Edg/131.0.0.0"
HEADLESS = CHROME.replace("Chrome/", "HeadlessChrome/")
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"


@pytest.mark.parametrize("user_agent", [SAFARI, WEBKITGTK, CHROME_IOS])
def test_webkit_gets_no_fetch_preloads_it_would_download_twice(reactor: Reactor, user_agent: str) -> None:
    tags = _head_and_body(reactor.bootstrap_html(user_agent=user_agent))
    links = [(t.get("rel"), t.get("href")) for t in tags[:-1]]
    assert [rel for rel, _ in links] == ["modulepreload"] * 3  # modules are reused: they stay
    assert tags[-1].get("data-pr-bundle") == reactor.asset_urls["bundle"]


@pytest.mark.parametrize("user_agent", [CHROME, EDGE, HEADLESS, FIREFOX, "", None])
def test_other_engines_keep_every_preload(reactor: Reactor, user_agent: str | None) -> None:
    assert reactor.bootstrap_html(user_agent=user_agent) == reactor.bootstrap_html()
    assert reactor.bootstrap_html(user_agent=user_agent).count('rel="preload" as="fetch"') == 4


def test_bootstrap_without_preload_is_one_script() -> None:
    tags = _head_and_body(Reactor(pyodide_dir=NODE_PYODIDE, preload=False).bootstrap_html())
    assert [t.tag for t in tags] == [f"{NS}script"]


def test_csp_additions_local_and_cdn() -> None:
    assert Reactor(pyodide_dir=NODE_PYODIDE).csp_additions() == {
        "script-src": ["'self'", "'wasm-unsafe-eval'"], "connect-src": ["'self'"],
        "trusted-types": ["pickle-reactor"]}
    assert Reactor(pyodide=CDN).csp_additions() == {
        "script-src": ["'self'", "'wasm-unsafe-eval'", "https://cdn.example.net"],
        "connect-src": ["'self'", "https://cdn.example.net"], "trusted-types": ["pickle-reactor"]}


def test_default_csp_is_strict_and_names_the_cdn() -> None:
    local = Reactor(pyodide_dir=NODE_PYODIDE).default_csp
    assert local is not None and "default-src 'self'" in local and "'wasm-unsafe-eval'" in local
    assert "unsafe-inline" not in local and "'unsafe-eval'" not in local
    cdn = Reactor(pyodide=CDN).default_csp
    assert cdn is not None
    script_src = next(d for d in cdn.split(";") if d.strip().startswith("script-src"))
    connect_src = next(d for d in cdn.split(";") if d.strip().startswith("connect-src"))
    assert "https://cdn.example.net" in script_src and "https://cdn.example.net" in connect_src


def test_csp_is_configurable_or_off() -> None:
    assert Reactor(pyodide_dir=NODE_PYODIDE, csp=None).default_csp is None
    custom = Reactor(pyodide_dir=NODE_PYODIDE, csp="default-src 'none'; img-src *").default_csp
    assert custom is not None and "img-src *" in custom and "'wasm-unsafe-eval'" in custom
    with pytest.raises(TypeError, match="csp"):
        Reactor(pyodide_dir=NODE_PYODIDE, csp=["default-src 'self'"])  # type: ignore[arg-type]


# -- start-up -----------------------------------------------------------------------------------------


def test_missing_local_pyodide_is_a_start_up_error(tmp_path: Path) -> None:
    reactor = Reactor(pyodide_dir=tmp_path / "nowhere")
    assert reactor.check()
    with pytest.raises(PyodideMissing) as error:
        reactor.app  # noqa: B018
    message = str(error.value)
    assert "python -m pickle_reactor pyodide fetch" in message
    assert f"--dir {tmp_path / 'nowhere'}" in message and "pyodide.asm.wasm" in message


def test_incomplete_local_pyodide_names_the_missing_files(tmp_path: Path) -> None:
    (tmp_path / "pyodide.mjs").write_text("export {}")
    with pytest.raises(PyodideMissing, match="missing pyodide.asm.mjs, pyodide.asm.wasm"):
        Reactor(pyodide_dir=tmp_path).app  # noqa: B018


def test_cdn_needs_no_local_copy() -> None:
    reactor = Reactor(pyodide=CDN)
    assert reactor.check() == []
    assert reactor.app is reactor.app


def test_reactor_imports_no_host_framework() -> None:
    code = (
        "import sys\n"
        "from pickle_reactor import Reactor\n"
        f"r = Reactor(components=['pr_reactor_app.widgets'], pyodide_dir={str(NODE_PYODIDE)!r})\n"
        "r.app; r.bootstrap_html(); r.default_csp\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'django', 'starlette', 'pydantic', 'httpx'}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT,
                            env={"PYTHONPATH": str(HERE), "PATH": "/usr/bin:/bin"}, timeout=60)
    assert result.stdout.strip() == "[]"


def test_dispatcher_serves_the_allow_listed_actions(reactor: Reactor) -> None:
    assert reactor.dispatcher is reactor.dispatcher
    assert "pr_reactor_app.actions.add_item" in reactor.dispatcher.actions
    assert reactor.dispatcher.max_body == 1_000_000


def test_island_hydrate_and_persist_options_are_marked_on_the_island(reactor: Reactor) -> None:
    markup = str(reactor.island("pr_reactor_app.components.Counter", persist="player", hydrate="visible", initial=2))
    assert markup.startswith('<pr-island data-pr-component="pr_reactor_app.components.Counter" '
                             'data-pr-persist="player" data-pr-hydrate="visible">')
    assert '{"initial":2}' in markup  # the options are not props
    assert "data-pr-hydrate" not in str(reactor.island("pr_reactor_app.components.Counter", hydrate="load"))


@pytest.mark.parametrize("options, message", [
    ({"hydrate": "later"}, "hydrate='later': use one of 'load', 'idle', 'visible', 'interaction'"),
    ({"persist": "a b"}, "persist='a b': a name of letters"),
    ({"persist": 3}, "persist=3"),
    ({"persist": '"><script>'}, "persist="),
])
def test_bad_island_options_name_the_island(reactor: Reactor, options: dict, message: str) -> None:
    with pytest.raises(ValueError, match="<pr_reactor_app.components.Counter>") as caught:
        reactor.island("pr_reactor_app.components.Counter", **options)
    assert message in str(caught.value)


def test_navigation_marks_the_boot_tag_and_a_page_without_islands_gets_no_preloads() -> None:
    nav = Reactor(components=["pr_reactor_app.components"], pyodide_dir=NODE_PYODIDE, navigation=True)
    tags = nav.bootstrap_html()
    assert "data-pr-navigation" in tags and "modulepreload" in tags
    bare = nav.bootstrap_html(islands=False)
    assert "data-pr-navigation" in bare and "preload" not in bare and bare.startswith("<script ")
    assert "data-pr-navigation" not in Reactor(components=[], pyodide_dir=NODE_PYODIDE).bootstrap_html()
    with pytest.raises(TypeError, match="navigation='yes'"):
        Reactor(navigation="yes")  # type: ignore[arg-type]


def test_navigation_module_is_preloaded_only_with_navigation() -> None:
    nav = Reactor(components=["pr_reactor_app.components"], pyodide_dir=NODE_PYODIDE, navigation=True)
    integrity = nav.integrity()[nav.asset_urls["navigation"]]
    assert (f'<link rel="modulepreload" href="{nav.asset_urls["navigation"]}" integrity="{integrity}">'
            in nav.bootstrap_html())
    assert nav.asset_urls["navigation"].endswith(".navigation.mjs")
    plain = Reactor(components=["pr_reactor_app.components"], pyodide_dir=NODE_PYODIDE)
    assert ".navigation.mjs" not in plain.bootstrap_html()
