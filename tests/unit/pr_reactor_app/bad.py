"""Components and actions in one module: the bundle refuses it."""

from pickle_reactor import action, component
from pickle_reactor.html import p


@component
def Mixed():
    return p["mixed"]


@action
def mixed_action() -> int:
    return 1
