"""Components of the portal e2e page: a modal rendered into #modal-root, outside the island, whose
clicks still reach a handler of the component that opened it; a use_hydrated clock placeholder."""

from __future__ import annotations

from pickle_reactor import component, create_portal, use_hydrated, use_state
from pickle_reactor.html import button, div, p


@component
def ModalHost() -> object:
    opened, set_opened = use_state(False)
    clicks, set_clicks = use_state(0)
    hydrated = use_hydrated()
    modal = create_portal(
        div(class_="modal", role="dialog")[
            p(id="modal-text")[f"clicks seen by the host: {clicks}"],
            button(id="close", on_click=lambda e: set_opened(False))["Close"],
        ],
        "#modal-root",
    )
    return div(id="host", on_click=lambda e: set_clicks(clicks + 1))[
        p(id="state")["client" if hydrated else "server"],
        button(id="open", on_click=lambda e: set_opened(True))["Open"],
        p(id="clicks")[f"clicks: {clicks}"],
        modal if opened else None,
    ]
