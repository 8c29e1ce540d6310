"""Run the tiers in pyramid order: unit, then Pyodide, then end-to-end.

Fast feedback first, and a correctness matter: Playwright's sync API keeps its event loop marked as
running on the main thread while the session's browser is open, so tests that drive their own asyncio
loop (pickle_reactor.testing, Django's async client) must run before the first browser test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

_TIERS = {"unit": 0, "pyodide": 1, "e2e": 2}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent

    def tier(item: pytest.Item) -> int:
        try:
            folder = Path(str(item.fspath)).relative_to(here).parts[0]
        except ValueError:
            return 0
        return _TIERS.get(folder, 0)

    items.sort(key=tier)  # stable: the order inside a tier is unchanged
