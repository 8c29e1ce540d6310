"""A second component module: its Counter makes the short name ambiguous."""

from pickle_reactor import component
from pickle_reactor.html import span


@component
def Counter(value: int = 0):
    return span(class_="badge")[str(value)]


@component
def Badge(label: str = ""):
    return span(class_="badge")[label]
