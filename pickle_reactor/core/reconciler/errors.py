"""Errors in components: what the runtime reports (``ErrorReport``) and where it goes by default."""

from __future__ import annotations

import logging
import traceback

__all__ = ["ErrorReport", "log_error", "log_warning"]

logger = logging.getLogger("pickle_reactor")


class ErrorReport:
    """An exception in a component (``phase``: render, effect, cleanup, handler, task, commit)."""

    __slots__ = ("caught", "component", "exception", "phase", "traceback")

    def __init__(self, component: str, phase: str, exception: BaseException, caught: bool = False) -> None:
        self.component = component
        self.phase = phase
        self.exception = exception
        self.caught = caught  # an ErrorBoundary above the component shows its fallback instead
        self.traceback = "".join(traceback.format_exception(type(exception), exception, exception.__traceback__))

    def __str__(self) -> str:
        where = f"{self.phase}, caught by <ErrorBoundary>" if self.caught else self.phase
        return f"pickle-reactor: error in <{self.component}> ({where}): {self.exception!r}\n{self.traceback}"

    def __repr__(self) -> str:
        return f"<ErrorReport {self.component} {self.phase} {self.exception!r}>"


def log_error(report: ErrorReport) -> None:
    logger.error("%s", report)


def log_warning(message: str) -> None:
    logger.warning("%s", message)
