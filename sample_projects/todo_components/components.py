"""The islands of both sample apps. This module ships to the browser: it imports only pickle_reactor
and the actions module (which the browser receives as a stub that POSTs JSON)."""

from __future__ import annotations

from typing import Any

from pickle_reactor import ActionError, component, use_action, use_state, use_store
from pickle_reactor.html import button, div, form, input_, label, li, ol, p, span, ul

from .actions import add_todo, delete_todo, toggle_todo
from .cart import add_to_cart, cart, empty_cart


@component
def Counter(initial: int = 0, step: int = 1):
    """Local state only: no server round trip."""
    count, set_count = use_state(initial)
    return div(class_="counter")[
        span(class_="count")[f"Count: {count}"],
        button(type="button", on_click=lambda: set_count(lambda c: c - step))["−"],
        button(type="button", on_click=lambda: set_count(lambda c: c + step))["+"],
    ]


@component
def Greeting(name: str = ""):
    """A field that greets as you type: local state on a second page, reached by client navigation."""
    value, set_value = use_state(name)
    return div(class_="greeting")[
        label["Your name ", input_(name="name", value=value, on_input=lambda event: set_value(event.target.value))],
        p(class_="hello")[f"Hello, {value or 'stranger'}!"],
    ]


def _first_error(error: ActionError | None) -> str | None:
    """The message to show under the form: the title field's error, or the failure itself."""
    if error is None:
        return None
    return error.field_errors().get("title") or error.detail or str(error)


@component
def TodoList(todos: list[dict[str, Any]] | tuple[()] = ()):
    """Add, toggle and delete go through server actions; a 422 from the server is shown in the form."""
    items, set_items = use_state(lambda: list(todos))
    title, set_title = use_state("")
    add, add_state = use_action(add_todo)
    toggle, _ = use_action(toggle_todo)
    delete, _ = use_action(delete_todo)

    async def submit(event: Any) -> None:
        event.prevent_default()  # runs inside the event, before the first await: no native submit
        try:
            set_items(await add(title=title))
        except ActionError:
            return  # add_state.error carries the message
        set_title("")

    def edit(event: Any) -> None:
        set_title(event.target.value)
        if add_state.error is not None:
            add_state.reset()  # the message goes away as soon as the user changes the title

    def flip(todo_id: int) -> Any:
        async def on_change(event: Any) -> None:
            set_items(await toggle(id=todo_id))

        return on_change

    def remove(todo_id: int) -> Any:
        async def on_click(event: Any) -> None:
            set_items(await delete(id=todo_id))

        return on_click

    message = _first_error(add_state.error)
    done = sum(1 for item in items if item["done"])
    return div(class_="todos")[
        form(class_="todo-form", on_submit=submit)[
            label(for_="todo-title")["New todo"],
            input_(id="todo-title", name="title", value=title, autocomplete="off",
                   on_input=edit),
            button(type="submit", disabled=add_state.pending)["Add"],
            message and p(class_="error", role="alert")[message],
        ],
        ul(class_="todo-items")[
            (
                li(key=item["id"], class_={"todo": True, "done": item["done"]})[
                    label[
                        input_(type="checkbox", checked=item["done"],
                               on_change=flip(item["id"])),
                        span(class_="title")[item["title"]],
                    ],
                    button(type="button", class_="delete", aria_label=f"Delete {item['title']}",
                           on_click=remove(item["id"]))["×"],
                ]
                for item in items
            )
        ],
        p(class_="summary")[f"{done} of {len(items)} done"],
    ]


@component
def ReorderableList(items: list[str] | tuple[()] = ()):
    """A keyed list moved around in the browser: each row's DOM (and what is typed in it) moves with it."""
    order, set_order = use_state(lambda: list(items))

    def move(name: str, delta: int) -> Any:
        def swap(current: list[str]) -> list[str]:
            index = current.index(name)
            target = index + delta
            if not 0 <= target < len(current):
                return current
            new = list(current)
            new[index], new[target] = new[target], new[index]
            return new

        return lambda: set_order(swap)

    return div(class_="reorder")[
        button(type="button", class_="reverse", on_click=lambda: set_order(lambda c: c[::-1]))["Reverse"],
        ol[
            (
                li(key=name, class_="row", data_name=name)[
                    span(class_="name")[name],
                    input_(aria_label=f"Note for {name}", placeholder="note"),
                    button(type="button", class_="up", aria_label=f"Move {name} up",
                           on_click=move(name, -1))["↑"],
                    button(type="button", class_="down", aria_label=f"Move {name} down",
                           on_click=move(name, +1))["↓"],
                ]
                for name in order
            )
        ],
    ]


@component
def CartBadge():
    """One island reading the shared cart store: re-renders only when the count or total changes."""
    count = use_store(cart, lambda c: c.count)
    total = use_store(cart, lambda c: c.total)
    return p(class_="cart-badge", aria_live="polite")[
        span(class_="cart-count")[f"{count} in cart"], f" · €{total}",
        count > 0 and button(type="button", class_="empty", on_click=empty_cart)["Empty"],
    ]


@component
def ProductList(products: list[dict[str, Any]] | tuple[()] = ()):
    """Another island on the same store: its buttons update the badge island too."""
    current = use_store(cart)
    return ul(class_="products")[
        (
            li(key=item["sku"], class_="product")[
                span(class_="name")[item["name"]], f" €{item['price']} ",
                span(class_="in-cart")[f"({current.qty(item['sku'])} in cart)"],
                button(type="button", aria_label=f"Add {item['name']}",
                       on_click=lambda item=item: add_to_cart(item["sku"], item["name"], item["price"]))["Add"],
            ]
            for item in products
        )
    ]


__all__ = ["CartBadge", "Counter", "ProductList", "ReorderableList", "TodoList"]
