"""Check one raw line: decode, parse, detect its shape, apply the format's rules.

Shared by the streaming scan, the lazy :class:`~ftui.datasets.dataset.Dataset`
and the transforms, so every path reports exactly the same problems.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from itertools import accumulate
from typing import Any

from ftui.datasets import formats as F
from ftui.datasets.problems import Problem, error
from ftui.datasets.rules_bedrock import check_claude, check_nova
from ftui.datasets.rules_legacy import check_prompt_completion
from ftui.datasets.rules_openai import check_chat, check_dpo
from ftui.datasets.rules_rft import check_rft

BOM = b"\xef\xbb\xbf"

RULES: dict[str, Callable[[dict[str, Any], int, list[Problem]], None]] = {
    F.OPENAI_CHAT: check_chat,
    F.OPENAI_DPO: check_dpo,
    F.PROMPT_COMPLETION: check_prompt_completion,
    F.BEDROCK_CLAUDE: check_claude,
    F.BEDROCK_NOVA: check_nova,
    F.RFT: check_rft,
}
"""The per-line rule function of each format."""

_NOT_OBJECT = {
    list: "an array",
    str: "a string",
    int: "a number",
    float: "a number",
    bool: "a boolean",
    type(None): "null",
}


_SCAN: Callable[[str, int], tuple[Any, int]] = vars(json.JSONDecoder())["scan_once"]
"""The C scanner behind ``json.loads`` (``scan_once`` of a default decoder): one value at an offset."""

MAX_DEPTH = 100
"""Deepest nesting of arrays/objects accepted in one line (real data stays far below;
deeper lines are reported, never parsed, so nothing downstream can recurse too far)."""

_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKETS = bytes(c for c in range(256) if c not in b"[]{}")
_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}
_LONE_SURROGATE_ESCAPE = re.compile(
    rb"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    rb"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)
SURROGATE = re.compile("[\ud800-\udfff]")
"""Matches a lone surrogate in a decoded string."""
_SURROGATE = SURROGATE


def nesting_depth(raw: bytes) -> int:
    """How deeply arrays and objects nest in one JSON line (brackets inside strings ignored)."""
    brackets = _STRING.sub(b"", raw).translate(None, _BRACKETS)
    return max(0, max(accumulate(map(_STEP.__getitem__, brackets)), default=0))


def _too_deep(raw: bytes) -> bool:
    # cheap first: a line with few brackets cannot nest deeply
    return raw.count(b"[") + raw.count(b"{") > MAX_DEPTH and nesting_depth(raw) > MAX_DEPTH


def _has_surrogate(value: Any) -> bool:
    """True when a string anywhere in ``value`` (depth-limited already) holds a lone surrogate."""
    stack = [value]
    while stack:
        v = stack.pop()
        if type(v) is str:
            if _SURROGATE.search(v):
                return True
        elif type(v) is dict:
            for key, item in v.items():
                if _SURROGATE.search(key):
                    return True
                stack.append(item)
        elif type(v) is list:
            stack.extend(v)
    return False


def _latin1_hint(raw: bytes, start: int) -> str:
    """A guess at the file's real encoding from an undecodable byte."""
    if raw[start] >= 0xA0 or raw[start] in (0x80, 0x85, 0x91, 0x92, 0x93, 0x94, 0x96, 0x97):
        char = raw[start : start + 1].decode("cp1252", "replace")
        return f"; it looks like Latin-1/Windows-1252 text ({char!r})"
    return ""


def parse_line(raw: bytes, line: int, out: list[Problem]) -> Any | None:
    """Parse one non-blank line; on failure append a problem to ``out`` and return None.

    Never raises: undecodable bytes, bad JSON and nesting too deep to parse each become
    one problem of this line. :func:`screen` checks a parsed line's depth and strings.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        out.append(
            error(
                line,
                "invalid_utf8",
                f"invalid UTF-8 at byte {e.start + 1} of the line "
                f"(0x{raw[e.start]:02x}){_latin1_hint(raw, e.start)}; re-save the file "
                "as UTF-8",
            )
        )
        return None
    try:  # the C scanner directly: the same parser as json.loads, minus its overhead
        obj, end = _SCAN(text, 0)
        if end != len(text) and not text[end:].isspace():
            raise ValueError
    except (ValueError, StopIteration, RecursionError):
        try:
            obj = json.loads(text)
        except RecursionError:
            out.append(_deep_problem(line))
            return None
        except ValueError as e:
            out.append(error(line, "invalid_json", f"not valid JSON: {json_reason(e)}"))
            return None
    if type(obj) is not dict:
        out.append(
            error(
                line,
                "not_an_object",
                f"the line is {_NOT_OBJECT.get(type(obj), 'a value')}, not a JSON object; each line must be one object",
            )
        )
        return None
    return obj


def _deep_problem(line: int) -> Problem:
    return error(
        line,
        "too_deeply_nested",
        f"arrays/objects nest more than {MAX_DEPTH} levels deep; no fine-tuning record is shaped like this",
    )


def screen(raw: bytes, obj: Any, line: int, out: list[Problem]) -> bool:
    """False (with the problem in ``out``) when a parsed line nests deeper than
    :data:`MAX_DEPTH` or holds a lone UTF-16 surrogate (``"\\ud800"``): such a line is
    reported and goes no further, so nothing downstream recurses or fails to encode."""
    if _too_deep(raw):
        out.append(_deep_problem(line))
        return False
    if b"\\u" in raw and _LONE_SURROGATE_ESCAPE.search(raw) and _has_surrogate(obj):
        out.append(
            error(
                line,
                "invalid_unicode",
                "a string holds a lone UTF-16 surrogate escape "
                '(like "\\ud800") that is not a character; providers reject it: fix or '
                "remove it",
            )
        )
        return False
    return True


def json_reason(e: ValueError) -> str:
    """``"Expecting value at column 5"``: a JSON error without Python's doubled "at at"."""
    if not isinstance(e, json.JSONDecodeError):
        return str(e)
    msg = e.msg[:-3] if e.msg.endswith(" at") else e.msg
    return f"{msg} at line {e.lineno}, column {e.colno}" if e.lineno > 1 else f"{msg} at column {e.colno}"


def check_object(obj: dict[str, Any], line: int, file_format: str, out: list[Problem]) -> bool:
    """Apply ``file_format``'s rules to ``obj``; False when the line is of another format."""
    shape = F.line_format(obj)
    if not F.compatible(shape, file_format):
        out.append(
            error(line, "mixed_formats", f"this line is {shape} but the file is {file_format}; use one format per file")
        )
        return False
    rules = RULES.get(file_format)
    if rules is None:
        rules = RULES.get(shape if shape != F.CHAT_LIKE else F.OPENAI_CHAT) if shape else None
    if rules is None:
        out.append(
            error(line, "missing_messages", 'no "messages" (or prompt/completion); this is not a fine-tuning example')
        )
        return True
    rules(obj, line, out)
    return True


def check_line(raw: bytes, line: int, file_format: str) -> tuple[Any | None, list[Problem]]:
    """Return ``(parsed object or None, problems)`` for one raw line (blank lines: no problems)."""
    out: list[Problem] = []
    if line == 1 and raw.startswith(BOM):
        raw = raw[3:]
    if not raw.strip():
        return None, out
    obj = parse_line(raw, line, out)
    if obj is not None and not screen(raw, obj, line, out):
        return None, out
    if obj is not None:
        check_object(obj, line, file_format, out)
    return obj, out
