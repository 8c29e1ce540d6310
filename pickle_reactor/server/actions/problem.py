"""RFC 9457 problem details (``application/problem+json``) for failed action calls.

Every error body is built here, so the rule "never echo the client's input, never leak internals" lives
in one place: titles are fixed per status, validation details come from pydantic's messages with any
message that could repeat the input replaced by a fixed one. A validator's own message is shown as it
was written: pydantic's ``"Value error, "`` and ``"Assertion failed, "`` prefixes are removed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

__all__ = ["PROBLEM_CONTENT_TYPE", "TITLES", "json_pointer", "problem_body", "validation_errors"]

PROBLEM_CONTENT_TYPE = "application/problem+json"

TITLES: Mapping[int, str] = {
    400: "Bad Request",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    413: "Content Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    500: "Internal Server Error",
}

# pydantic error types whose message quotes part of the input (a union tag, a character of a UUID, a
# parser's complaint about the text): their detail is replaced by a fixed sentence. Other messages,
# including a validator's own ``ValueError`` text, are kept unless they contain the input value.
_ECHOING_TYPES: Mapping[str, str] = {
    "union_tag_invalid": "Input tag does not match any of the expected tags",
    "uuid_parsing": "Input should be a valid UUID",
    "url_parsing": "Input should be a valid URL",
    "url_syntax_violation": "Input should be a valid URL",
}


# pydantic error types whose message is "<prefix><the validator's own message>"
_PREFIXES: Mapping[str, str] = {"value_error": "Value error, ", "assertion_error": "Assertion failed, "}


def problem_body(status: int, detail: str | None = None, **extensions: Any) -> bytes:
    """The JSON bytes of a problem object; ``detail`` and extensions must hold no client input."""
    problem: dict[str, Any] = {"type": "about:blank", "title": TITLES.get(status, "Error"), "status": status}
    if detail is not None:
        problem["detail"] = detail
    problem.update(extensions)
    return json.dumps(problem, ensure_ascii=False, separators=(",", ":")).encode()


def json_pointer(loc: Sequence[str | int]) -> str:
    """A pydantic error location as a JSON pointer in URI-fragment form (``#/items/0/title``, RFC 6901)."""
    return "#" + "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in loc)


def validation_errors(errors: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    """``[{pointer, detail}]`` from ``ValidationError.errors()``, without ever repeating an input value."""
    out = []
    for error in errors:
        kind = str(error.get("type", ""))
        detail = _ECHOING_TYPES.get(kind) or str(error.get("msg", "Invalid value"))
        prefix = _PREFIXES.get(kind)
        if prefix and detail.startswith(prefix) and len(detail) > len(prefix):
            detail = detail[len(prefix):]
        if _may_echo(detail, error.get("input")):
            detail = "Invalid value"
        out.append({"pointer": json_pointer(error.get("loc", ())), "detail": detail})
    return out


def _may_echo(message: str, value: Any) -> bool:
    """True when ``message`` quotes ``value`` (pydantic quotes echoed strings as ``'...'``)."""
    if isinstance(value, (bytes, bytearray)):
        value = bytes(value).decode("utf-8", "replace")
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        text = str(value)
        return bool(text) and (f"'{text}'" in message or (len(text) > 3 and text in message))
    return False
