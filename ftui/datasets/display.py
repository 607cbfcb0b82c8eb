"""Text of an example that is always safe to show: no recursion, no lone surrogates.

A view that pretty-prints a line with ``json.loads``/``json.dumps`` fails on the
very lines the engine reports: 1,000-deep nesting raises ``RecursionError`` and a
``"\\ud800"`` escape becomes a character no terminal can encode. These helpers
never raise, so views can call them on any line.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ftui.datasets.lines import MAX_DEPTH, nesting_depth

_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("\r(?!\n)|[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with lone surrogates written as ``\\udXXX`` escapes (encodable as UTF-8)."""
    if _SURROGATE.search(text) is None:
        return text
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def safe(text: str) -> str:
    """``text`` as a terminal can show it: lone surrogates and control characters (escape
    sequences, NUL, C1, bidi overrides, line separators) written as visible escapes;
    ``\\n`` and ``\\t`` kept, ``\\r\\n`` read as ``\\n``."""
    text = printable(text)
    if _CONTROL.search(text) is None:
        return text
    return _CONTROL.sub(
        lambda m: (
            "\\r"
            if m.group() == "\r"
            else f"\\x{ord(m.group()):02x}"
            if ord(m.group()) < 0x100
            else f"\\u{ord(m.group()):04x}"
        ),
        text.replace("\r\n", "\n"),
    )


def pretty_json(raw: str, max_chars: int | None = None) -> str:
    """The line indented when it is JSON that can be shown safely, else the line as it is.

    Never raises: lines nesting deeper than :data:`~ftui.datasets.lines.MAX_DEPTH`
    and lines that do not parse are returned unchanged (surrogates escaped).
    ``max_chars`` cuts the result (for huge lines).
    """
    text = raw
    encoded = raw.encode("utf-8", "surrogatepass")
    if encoded.count(b"[") + encoded.count(b"{") <= MAX_DEPTH or nesting_depth(encoded) <= MAX_DEPTH:
        try:
            text = json.dumps(json.loads(raw), indent=2, ensure_ascii=False)
        except (ValueError, RecursionError):
            text = raw
    text = printable(text)
    return text if max_chars is None or len(text) <= max_chars else text[:max_chars]


def safe_get(value: Any, *keys: str) -> Any:
    """``value[k1][k2]...`` through dicts only; None as soon as a step is not a dict."""
    for key in keys:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value
