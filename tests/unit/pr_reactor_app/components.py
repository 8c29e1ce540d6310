"""Hook-free sample components (islands render them on the server)."""

from pickle_reactor import component
from pickle_reactor.html import button, div, h1, li, p, ul

from .actions import add_item  # noqa: F401  (the bundle must carry a stub, not the action)


@component
def Greeting(name: str = "world"):
    return p(class_="greeting")["Hello, ", name, "!"]


@component
def Counter(initial: int = 0):
    return div(class_="counter")[h1[f"Count: {initial}"], button["+"]]


@component
def ItemList(items: list):
    return ul[(li(key=str(i))[str(item)] for i, item in enumerate(items))]


@component
def Clicker(start: int = 0):
    from pickle_reactor import use_state

    count, set_count = use_state(start)
    return button(on_click=lambda: set_count(count + 1))[f"clicked {count}"]
