"""Stores: one immutable value shared by every island of a page, read with :func:`use_store`.

::

    cart = create_store(Cart(items=()), persist="session")    # at module level
    items = use_store(cart, lambda c: c.items)                 # in a component
    cart.update(lambda c: replace(c, items=c.items + (item,)))  # anywhere

Long because a store lives in three places that must agree: in the browser (one interpreter for
every island, client navigation keeps it, persistence in Web Storage), on the server (a value per
request, in a context variable, so concurrent requests never see each other's), and between them (the
server's per-request values travel once per page as JSON and are what the islands hydrate against).

Names: ``name=`` or, for a store bound at module level, ``<module>.<variable>`` (found when first
needed, after the module ran), the same on the server and in the browser. Persistence keys and seeds
use it; two stores created at different places under one name are an error.

In the browser :func:`page_arrived` (called by ``pickle_reactor.browser`` before islands hydrate) hands
over the page's server values. A store takes the page's value on first use unless the browser already
gave it one (``set``, an earlier page, Web Storage): so a client navigation keeps what the user did,
while islands always hydrate against what the server rendered (``use_sync_external_store``'s server
snapshot) and then render the browser's value.
"""

from __future__ import annotations

import builtins
import json
import re
import sys
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Generic, Protocol, TypeVar

from .external import use_sync_external_store
from .hooks import use_ref
from .store_values import check_immutable, decode, encode

__all__ = ["PERSIST", "Storage", "Store", "create_store", "find_store", "page_arrived", "provide",
           "request_scope", "take_seeds", "use_storage", "use_store"]

T = TypeVar("T")
S = TypeVar("S")
PERSIST = ("session", "local")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.:-]{0,199}\Z")
_MISSING: Any = object()
_BAD: Any = object()  # a page value that did not decode (warned once)
STORAGE_PREFIX = "pickle-reactor:store:"


class Storage(Protocol):
    """Web Storage as the browser gives it (``area``: ``"session"`` or ``"local"``)."""

    def read(self, area: str, key: str) -> str | None: ...
    def write(self, area: str, key: str, text: str) -> None: ...
    def remove(self, area: str, key: str) -> None: ...


class _RequestValues:
    """One request's store values (what ``provide`` gave), and which were read and sent."""

    __slots__ = ("pending", "read", "sent", "values")

    def __init__(self) -> None:
        self.values: dict[Store[Any], Any] = {}
        self.pending: dict[str, Any] = {}  # name -> JSON form, not yet sent to the browser
        self.sent: set[Store[Any]] = set()
        self.read: set[Store[Any]] = set()


_scope: ContextVar[_RequestValues | None] = ContextVar("pickle_reactor_store_values", default=None)
_stores: dict[str, Store[Any]] = {}  # by name (explicit, or resolved from the module)
_unnamed: list[Store[Any]] = []  # module-level stores whose variable is not looked up yet
# The browser page: its server values by store name (JSON form); None when not in a browser page.
_page: dict[str, Any] | None = None
_page_values: dict[str, Any] = {}  # decoded, so hydration and the store share one object
_storage: Storage | None = None


def _warn(message: str) -> None:
    warnings.warn(message, RuntimeWarning, stacklevel=3)


_warning: list[Callable[[str], None]] = [_warn]


class Store(Generic[T]):
    """A shared value: ``get()``, ``set(value)``, ``update(fn)``, ``subscribe(listener)``."""

    __slots__ = ("_initial", "_known", "_listeners", "_loaded", "_module", "_module_level",
                 "_name", "_site", "_subscribe_changes", "_type", "_value", "persist")

    def __init__(self, initial: T, *, name: str | None, persist: str | None, type_: Any, module: str,
                 site: str, module_level: bool) -> None:
        self._value = self._initial = initial
        self._type = type_
        self._name = name
        self._module = module
        self._site = site
        self._module_level = module_level
        self.persist = persist
        self._listeners: list[Callable[[T], Any]] = []
        self._known: dict[int, Any] = {}
        self._loaded = False  # the browser consulted the page's seed and Web Storage
        # For use_sync_external_store: one function per store, so its subscription is kept across renders.
        self._subscribe_changes = lambda callback: self.subscribe(lambda _value: callback())

    def __repr__(self) -> str:
        return f"<Store {self.label}>"

    @property
    def name(self) -> str | None:
        """The store's name (explicit, or ``module.variable``); None when it has none (yet)."""
        if self._name is None and self._module_level:
            _resolve(self)
        return self._name

    @property
    def label(self) -> str:
        """How errors name this store."""
        name = self.name
        return repr(name) if name is not None else f"created at {self._site}"

    # -- reading and writing ----------------------------------------------------------------------

    def get(self) -> T:
        """The current value (on the server: this request's, when one was provided)."""
        scope = _scope.get()
        if scope is not None:
            scope.read.add(self)
            value = scope.values.get(self, _MISSING)
            return self._value if value is _MISSING else value  # type: ignore[no-any-return]
        if not self._loaded and _page is not None:
            self._load()
        return self._value

    def set(self, value: T) -> None:
        """Replace the value and notify the listeners (re-rendering the components that use it);
        TypeError naming the field when ``value`` holds something mutable."""
        if _scope.get() is not None:
            raise RuntimeError(
                f"store {self.label}: set() while serving a request would change it for every request of "
                "this process; give this request its value with reactor.provide(store, value)")
        self._known = check_immutable(value, f"store {self.label}: set()", self._known)
        if self.persist is not None:
            data = encode(value, f"store {self.label} (persist={self.persist!r}): set()")
        if not self._loaded and _page is not None:
            self._load()
        if value is self._value:
            return
        self._value = value
        if self.persist is not None:
            self._write(data)
        self._notify(value)

    def update(self, fn: Callable[[T], T]) -> None:
        """``set(fn(current value))``."""
        self.set(fn(self.get()))

    def subscribe(self, listener: Callable[[T], Any]) -> Callable[[], None]:
        """Call ``listener(value)`` after every change; returns the function that stops it."""
        if not callable(listener):
            raise TypeError(f"store {self.label}: subscribe(listener) takes a function, not {listener!r}")
        if not self._loaded and _page is not None:
            self._load()
        entry = [listener]  # a list of its own, so one listener subscribed twice unsubscribes once
        self._listeners.append(entry)  # type: ignore[arg-type]

        def unsubscribe() -> None:
            listeners = self._listeners
            for index, other in enumerate(listeners):
                if other is entry:
                    del listeners[index]
                    return

        return unsubscribe

    def _notify(self, value: T) -> None:
        error: BaseException | None = None
        for (listener,) in tuple(self._listeners):  # type: ignore[misc]
            try:
                listener(value)
            except Exception as exc:  # noqa: BLE001 - every listener hears of the change; the first error is raised
                error = error or exc
        if error is not None:
            raise error

    # -- the browser side -------------------------------------------------------------------------

    def _load(self) -> None:
        """First use in a browser page: the page's server value, else Web Storage, else the initial."""
        self._loaded = True
        name = self.name
        if name is None:
            return
        value = self._seed(name)
        if value is not _MISSING:
            self._value = value
            if self.persist is not None:
                self._write(encode(value, f"store {self.label}"))
            return
        if self.persist is None or _storage is None:
            return
        try:
            text = _storage.read(self.persist, STORAGE_PREFIX + name)
        except Exception as exc:  # noqa: BLE001 - storage refused (private mode, a sandbox): keep the initial
            _warning[0](f"pickle-reactor: store {name!r}: {self.persist}Storage could not be read ({exc})")
            return
        if not text:
            return
        try:
            value = decode(json.loads(text), self._type, f"store {name!r}")
            self._known = check_immutable(value, f"store {name!r}")
        except (ValueError, TypeError) as exc:
            _warning[0](f"pickle-reactor: the value kept in {self.persist}Storage for store {name!r} no longer "
                        f"fits its type and was dropped ({exc})")
            try:
                _storage.remove(self.persist, STORAGE_PREFIX + name)
            except Exception:  # noqa: BLE001, S110 - nothing more to do about storage that refuses
                pass
            return
        self._value = value

    def _seed(self, name: str) -> Any:
        """This page's server value for the store, decoded once per page; _MISSING when none fits."""
        if _page is None or name not in _page:
            return _MISSING
        value = _page_values.get(name, _MISSING)
        if value is _MISSING:
            try:
                value = decode(_page[name], self._type, f"store {name!r}")
                check_immutable(value, f"store {name!r}")
            except (ValueError, TypeError) as exc:
                _warning[0](f"pickle-reactor: the server's value for store {name!r} does not fit its type "
                            f"and was ignored ({exc})")
                value = _BAD
            _page_values[name] = value
        return _MISSING if value is _BAD else value

    def _server_value(self) -> T:
        """What the server rendered this page with: the value islands hydrate against."""
        if _page is None:
            return self.get()  # on the server, and in tests: the current value
        name = self.name
        value = self._seed(name) if name is not None else _MISSING
        return self._initial if value is _MISSING else value  # type: ignore[no-any-return]

    def _write(self, data: Any) -> None:
        if _storage is None or _page is None or self.persist is None:
            return
        name = self.name
        if name is None:
            return
        try:
            _storage.write(self.persist, STORAGE_PREFIX + name, json.dumps(data, separators=(",", ":")))
        except Exception as exc:  # noqa: BLE001 - a full or refusing storage must not break the page
            _warning[0](f"pickle-reactor: store {name!r}: {self.persist}Storage refused the value ({exc})")

    def _need_name(self, why: str) -> str:
        name = self.name
        if name is None:
            raise ValueError(
                f"the store created at {self._site} has no name, which {why} needs: create it at module "
                "level (cart = create_store(...)) or pass create_store(..., name='shop.cart')")
        return name

    def _json(self, value: Any, why: str) -> Any:
        """The JSON form of ``value``, checked to come back equal (TypeError naming store and field)."""
        where = f"store {self.label}: {why}"
        data = encode(value, where)
        try:
            back = decode(data, self._type, where)
        except ValueError as exc:
            raise TypeError(f"{exc}: the browser rebuilds the value from JSON with the type of the "
                            "initial value or create_store(..., type=...)") from None
        if back != value:
            raise TypeError(f"{where}: the value comes back from JSON as {back!r}, not equal to what was "
                            "given; annotate the dataclass fields with the types they hold")
        return data


def create_store(initial: T, *, name: str | None = None, persist: str | None = None,
                 type: Any = None) -> Store[T]:  # noqa: A002 - the natural word
    """A store holding ``initial`` (immutable: frozen dataclasses, tuples, scalars).

    Create it at module level, so that the server and the browser agree on it. ``persist``:
    ``"session"`` or ``"local"`` keeps the value in the browser's Web Storage (as JSON) across reloads.
    ``type``: what the JSON form is rebuilt as, when the initial value's type is not it
    (``create_store(None, type=User | None)``)."""
    frame = sys._getframe(1)
    module = frame.f_globals.get("__name__", "?")
    site = f"{frame.f_code.co_filename}:{frame.f_lineno}"
    module_level = frame.f_code.co_name == "<module>"
    where = f"create_store(name={name!r})" if name is not None else f"create_store() at {site}"
    if name is not None and (not isinstance(name, str) or not _NAME.match(name)):
        raise ValueError(f"{where}: a name is letters, digits and '_.:-' (up to 200), such as 'shop.cart'")
    if persist is not None and persist not in PERSIST:
        raise ValueError(f"{where}: persist={persist!r}: use None, \"session\" (sessionStorage) or \"local\" "
                         "(localStorage)")
    if persist is not None and name is None and not module_level:
        raise ValueError(f"{where}: a persisted store needs a name that is the same on every page load: "
                         "create it at module level or pass name='...'")
    check_immutable(initial, where)
    store = Store(initial, name=name, persist=persist, type_=builtins.type(initial) if type is None else type,
                  module=module, site=site, module_level=module_level)
    if name is not None:
        _register(name, store)
    elif module_level:
        _unnamed.append(store)
    if persist is not None:
        store._json(initial, "create_store(persist=...)")
    return store


def _register(name: str, store: Store[Any]) -> None:
    other = _stores.get(name)
    if other is not None and other is not store and other._site != store._site:
        raise ValueError(
            f"two stores are named {name!r}: one created at {other._site}, one at {store._site}; "
            "give one of them another name=")
    _stores[name] = store  # the same place again is its module imported again (Fast Refresh): it replaces
    store._name = name
    if other is not None and other is not store and other._loaded and not store._loaded and _page is not None:
        _carry(other, store)


def _carry(old: Store[Any], new: Store[Any]) -> None:
    """Fast Refresh re-imported the store's module: the new store keeps the old value when it still
    fits the (new) classes, through its JSON form; otherwise it starts afresh."""
    try:
        value = decode(encode(old._value, "refresh"), new._type, "refresh")
        new._known = check_immutable(value, "refresh")
    except (TypeError, ValueError):
        return
    new._value = value
    new._loaded = True


def _resolve(store: Store[Any]) -> None:
    module = sys.modules.get(store._module)
    if module is None:
        return
    for attr, value in list(vars(module).items()):
        if value is store:
            if store in _unnamed:
                _unnamed.remove(store)
            _register(f"{store._module}.{attr}", store)
            return


def find_store(name: str) -> Store[Any] | None:
    """The store with this name, or None (its module may not be imported yet)."""
    for unnamed in list(_unnamed):  # a module imported again may have made a newer store of this name
        _resolve(unnamed)
    return _stores.get(name)


# --- hooks -------------------------------------------------------------------------------------------


def use_store(store: Store[T], select: Callable[[T], S] | None = None) -> Any:
    """The store's value (or ``select(value)``); the component renders again when it changes (with
    ``select``: only when the selected part changes, compared with ``==``)."""
    if not isinstance(store, Store):
        raise TypeError(f"use_store(store): {store!r} is not a store; make one with create_store(initial)")
    if select is None:
        return use_sync_external_store(store._subscribe_changes, store.get, store._server_value)
    if not callable(select):
        raise TypeError(f"use_store(store {store.label}, select): select must be a function, not {select!r}")
    memo = use_ref(None)  # [value, select, selected]: an equal selection is the same object

    def pick(value: T) -> S:
        last = memo.current
        if last is not None and last[0] is value and last[1] is select:
            return last[2]  # type: ignore[no-any-return]
        selected = select(value)
        if last is not None and last[2] == selected:
            selected = last[2]
        memo.current = [value, select, selected]
        return selected

    return use_sync_external_store(store._subscribe_changes, lambda: pick(store.get()),
                                   lambda: pick(store._server_value()))


# --- per-request values (server) -------------------------------------------------------------------


@contextmanager
def request_scope() -> Iterator[None]:
    """Store values for one request: inside, ``provide`` sets them and ``get`` reads them. The
    middlewares open one per request (a context variable: concurrent requests never share it)."""
    token = _scope.set(_RequestValues())
    try:
        yield
    finally:
        _scope.reset(token)


def provide(store: Store[T], value: T) -> None:
    """Give ``store`` this value for the current request: islands render with it, and the next island
    rendered sends it to the browser (once per page) to seed the store before hydration."""
    if not isinstance(store, Store):
        raise TypeError(f"provide(store, value): {store!r} is not a store made by create_store()")
    scope = _scope.get()
    if scope is None:
        raise RuntimeError(
            f"provide(store {store.label}) outside a request: install the pickle-reactor middleware "
            "(it gives every request its own store values), or wrap the rendering in "
            "`with reactor.request_scope():`")
    name = store._need_name("provide()")
    if store in scope.sent or (store in scope.read and scope.values.get(store, _MISSING) is not value):
        raise RuntimeError(
            f"provide(store {name!r}) after an island of this page rendered with its value: provide store "
            "values before the first island renders (in the view, or a context processor)")
    check_immutable(value, f"store {name!r}: provide()")
    scope.pending[name] = store._json(value, "provide()")
    scope.values[store] = value


def take_seeds() -> dict[str, Any]:
    """The JSON forms of the values provided in this request and not yet sent (now marked sent)."""
    scope = _scope.get()
    if scope is None or not scope.pending:
        return {}
    seeds = scope.pending
    scope.pending = {}
    scope.sent.update(store for store in scope.values if store.name in seeds)
    return seeds


# --- the browser page --------------------------------------------------------------------------------


def page_arrived(seeds: dict[str, Any]) -> None:
    """A page's server values (JSON forms by store name) arrived: at start-up, after a client
    navigation or before a lazy island hydrates. A store already in use takes its value only when the
    browser has not given it one of its own; the others take it on first use."""
    global _page
    old = _page or {}
    for name in list(_page_values):  # the same page again (a lazy island): keep the decoded objects
        if name not in seeds or seeds[name] != old.get(name):
            del _page_values[name]
    _page = dict(seeds)
    for name in _page:
        store = find_store(name)
        if store is None or not store._loaded or store._value is not store._initial:
            continue
        value = store._seed(name)
        if value is not _MISSING and value is not store._value:
            store._value = value
            store._write(encode(value, f"store {name!r}"))
            store._notify(value)


def use_storage(storage: Storage | None, warn: Callable[[str], None] | None = None) -> None:
    """Where persisted stores live (the browser passes Web Storage) and where warnings go."""
    global _storage
    _storage = storage
    if warn is not None:
        _warning[0] = warn


def _reset_browser_page() -> None:
    """Back to server behaviour (tests that played a browser page)."""
    global _page, _storage
    _page = None
    _page_values.clear()
    _storage = None
    _warning[0] = _warn
    for store in [*_stores.values(), *_unnamed]:
        store._loaded = False
