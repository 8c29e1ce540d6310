"""Trusted HTML and the escaping of everything else: the only functions that escape text.

``Markup`` (or anything with ``__html__``) is inserted unescaped; every other string goes through
:func:`escape_text` or :func:`escape_attr` on its way into HTML.
"""

from __future__ import annotations

__all__ = ["Markup", "comment", "escape_attr", "escape_text"]


class Markup(str):
    """A string of trusted HTML: inserted unescaped. Anything with ``__html__`` is treated alike."""

    __slots__ = ()

    def __html__(self) -> str:
        return self

    def __repr__(self) -> str:
        return f"Markup({str.__repr__(self)})"


def escape_text(text: str) -> str:
    """Escape text content: ``& < >``, plus CR (kept as ``&#13;``) and NUL (U+FFFD, as the parser does)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    if "\0" in text:
        text = text.replace("\0", "\ufffd")
    return text


def escape_attr(value: str) -> str:
    """Escape a double-quoted attribute value: ``& " < >``; CR as ``&#13;`` (the parser would turn it
    into ``\\n``) and NUL as U+FFFD (as the parser does)."""
    if "&" in value:
        value = value.replace("&", "&amp;")
    if '"' in value:
        value = value.replace('"', "&quot;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    if "\r" in value:
        value = value.replace("\r", "&#13;")
    if "\0" in value:
        value = value.replace("\0", "\ufffd")
    return value


def comment(text: str) -> Markup:
    """An HTML comment whose text can never end it early or open markup (``--``, ``>``, ``<!--``)."""
    text = str(text).replace("\0", "\ufffd").replace("--", "- -").replace("--", "- -").replace("<!-", "<! -")
    if text.startswith((">", "->")):
        text = " " + text
    if text.endswith(("-", "<!")):
        text += " "
    return Markup(f"<!--{text}-->")
