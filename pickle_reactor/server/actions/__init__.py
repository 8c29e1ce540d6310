"""``@action``: server functions the browser may call with JSON, registered by module-qualified name.

Public surface (server side)::

    action(fn) -> fn                       # registers fn as "<fn.__module__>.<fn.__qualname__>"
    get_action(name) -> ActionSpec         # KeyError when nothing is registered under that name
    actions_in(module_name) -> list[ActionSpec]
    ActionSpec                             # name, module, fn, payload_model, result_adapter, ...

Rules checked when the function is decorated (errors name the action):

- the payload is the first parameter (unless it is named ``request``), annotated with a pydantic
  ``BaseModel`` subclass; no payload parameter means the body must be ``{}``;
- unknown fields are always rejected: the dispatcher validates with ``extra="forbid"`` for the whole
  payload tree, whatever the model says, and a payload model that *explicitly* sets ``extra="allow"``
  is refused here, because that intent cannot be honoured;
- the return annotation is required (``-> None`` is fine); the result is validated and serialised with
  a pydantic ``TypeAdapter`` of it;
- an optional parameter named ``request`` receives the host framework's request; no other parameters.

This module imports only the standard library at import time; pydantic is imported when an action is
decorated, so that a server that defines no action never loads it.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

__all__ = ["ActionDefinitionError", "ActionSpec", "action", "actions_in", "get_action"]

F = TypeVar("F", bound=Callable[..., Any])

_registry: dict[str, ActionSpec] = {}


class ActionDefinitionError(TypeError):
    """An ``@action`` function whose signature the dispatcher cannot serve safely."""


@dataclass(eq=False)
class ActionSpec:
    """Everything the dispatcher needs to call one action; pydantic parts are built once, lazily."""

    name: str
    module: str
    fn: Callable[..., Any]
    is_async: bool
    wants_request: bool
    payload_param: str | None
    _compiled: tuple[Any, Any] | None = field(default=None, repr=False)

    @property
    def payload_model(self) -> Any:
        """The pydantic model of the body (a forbidding empty model when the action takes no payload)."""
        return self.compile()[0]

    @property
    def result_adapter(self) -> Any:
        """A ``TypeAdapter`` of the return annotation."""
        return self.compile()[1]

    def compile(self) -> tuple[Any, Any]:
        """Resolve annotations and build the pydantic validators (once; forward references allowed)."""
        if self._compiled is None:
            self._compiled = _compile(self)
        return self._compiled


def action(fn: F) -> F:
    """Register ``fn`` as a server action; returns ``fn`` unchanged so server code can still call it."""
    if not inspect.isfunction(fn):
        raise ActionDefinitionError(f"@action expects a function, got {type(fn).__name__}")
    name = f"{fn.__module__}.{fn.__qualname__}"
    if "<locals>" in name:
        raise ActionDefinitionError(f"@action {name}: actions must be defined at module level")
    params = list(inspect.signature(fn).parameters.values())
    wants_request = any(p.name == "request" for p in params)
    others = [p for p in params if p.name != "request"]
    if len(others) > 1:
        extra = ", ".join(p.name for p in others[1:])
        raise ActionDefinitionError(
            f"@action {name}: takes one payload parameter and an optional `request`, not also {extra}"
        )
    for p in params:
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD, p.POSITIONAL_ONLY):
            raise ActionDefinitionError(f"@action {name}: parameter {p.name} must be a plain named parameter")
    if inspect.signature(fn).return_annotation is inspect.Signature.empty:
        raise ActionDefinitionError(
            f"@action {name}: annotate the return type (it validates and serialises the result; "
            f"use `-> None` when there is nothing to return)"
        )
    spec = ActionSpec(
        name=name,
        module=fn.__module__,
        fn=fn,
        is_async=inspect.iscoroutinefunction(fn),
        wants_request=wants_request,
        payload_param=others[0].name if others else None,
    )
    try:
        spec.compile()
    except NameError:
        pass  # a forward reference defined later in the module: compiled on first use instead
    _registry[name] = spec
    fn.__pr_action__ = name  # type: ignore[attr-defined]
    return fn


def get_action(name: str) -> ActionSpec:
    """The action registered under ``module.function``; ``KeyError`` when there is none."""
    return _registry[name]


def actions_in(module_name: str) -> list[ActionSpec]:
    """The actions a module registered, in definition order."""
    return [spec for spec in _registry.values() if spec.module == module_name]


def _compile(spec: ActionSpec) -> tuple[Any, Any]:
    from pydantic import BaseModel, ConfigDict, TypeAdapter, create_model

    signature = inspect.signature(spec.fn, eval_str=True)
    if spec.payload_param is None:
        model: Any = create_model(f"{spec.fn.__name__}_payload", __config__=ConfigDict(extra="forbid"))
    else:
        model = signature.parameters[spec.payload_param].annotation
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            raise ActionDefinitionError(
                f"@action {spec.name}: annotate the payload parameter `{spec.payload_param}` with a pydantic "
                f"BaseModel subclass (got {model!r})"
            )
        if model.model_config.get("extra") == "allow":
            raise ActionDefinitionError(
                f"@action {spec.name}: payload model {model.__name__} sets extra='allow', but actions always "
                f"reject unknown fields; remove that setting (or use extra='forbid')"
            )
    return model, TypeAdapter(signature.return_annotation)
