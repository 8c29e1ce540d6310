"""An action module the tests keep *off* the allow-list."""

from __future__ import annotations

from pickle_reactor import action


@action
def hidden() -> str:
    return "should never run through a dispatcher that does not list this module"
