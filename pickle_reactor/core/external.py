"""Hooks for state that lives outside the component tree: ``use_sync_external_store`` and
``use_hydrated``. Built from the hooks of :mod:`.hooks`, so they follow its slot protocol and its
bail-out (an external change that ends on the rendered value renders nothing).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from .hooks import ServerFiber, current_fiber, use_effect, use_ref, use_state

__all__ = ["use_hydrated", "use_sync_external_store"]

T = TypeVar("T")


def use_sync_external_store(
    subscribe: Callable[[Callable[[], None]], Callable[[], Any] | None],
    get_snapshot: Callable[[], T],
    get_server_snapshot: Callable[[], T] | None = None,
) -> T:
    """The current value of an external store, as React's ``useSyncExternalStore``.

    ``subscribe(callback)`` starts listening and returns the function that stops; the store calls
    ``callback()`` after a change. The component renders again when ``get_snapshot()`` returns a
    value that is not ``same()`` as before (so the snapshot must be the same object while the store
    is unchanged). A new ``subscribe`` function unsubscribes the old one and subscribes again. On the
    server ``get_server_snapshot()`` (or ``get_snapshot()``) is read and nothing subscribes; while
    hydrating it is read too (the server DOM shows that value), and the render right after hydration
    shows ``get_snapshot()``, as in React."""
    if not callable(subscribe) or not callable(get_snapshot):
        raise TypeError("use_sync_external_store(subscribe, get_snapshot): both must be functions")
    fiber = current_fiber()
    server = type(fiber) is ServerFiber or getattr(getattr(fiber, "root", None), "hydrating", False)
    read = get_server_snapshot if server and get_server_snapshot is not None else get_snapshot
    value = read()
    _, set_seen = use_state(value)  # the snapshot last seen: a change to it schedules a render
    latest = use_ref(get_snapshot)
    latest.current = get_snapshot

    def listen() -> Callable[[], Any] | None:
        def changed() -> None:
            snapshot = latest.current()  # type: ignore[misc]
            set_seen(lambda _old: snapshot)

        unsubscribe = subscribe(changed)
        changed()  # the store may have changed between the render and the subscription
        return unsubscribe

    use_effect(listen, [subscribe])
    return value


def use_hydrated() -> bool:
    """False on the server and during the hydration render, True after (the component renders once
    more right after hydrating), and True at once in a component mounted later on the client: for
    client-only content, such as a clock, without a hydration mismatch."""
    fiber = current_fiber()
    hydrating = type(fiber) is ServerFiber or getattr(getattr(fiber, "root", None), "hydrating", False)
    hydrated, set_hydrated = use_state(not hydrating)

    def after_hydration() -> None:
        set_hydrated(True)

    use_effect(after_hydration, [])
    return hydrated
