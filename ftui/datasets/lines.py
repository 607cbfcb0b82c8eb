"""Check one raw line: decode, parse, detect its shape, apply the format's rules.

Shared by the streaming scan, the lazy :class:`~ftui.datasets.dataset.Dataset`
and the transforms, so every path reports exactly the same problems.
"""

from __future__ import annotations

import json
import json.scanner
from typing import Any, Callable

from ftui.datasets import formats as F
from ftui.datasets.problems import Problem, error
from ftui.datasets.rules_bedrock import check_claude, check_nova
from ftui.datasets.rules_legacy import check_prompt_completion
from ftui.datasets.rules_openai import check_chat, check_dpo

BOM = b"\xef\xbb\xbf"

RULES: dict[str, Callable[[dict[str, Any], int, list[Problem]], None]] = {
    F.OPENAI_CHAT: check_chat,
    F.OPENAI_DPO: check_dpo,
    F.PROMPT_COMPLETION: check_prompt_completion,
    F.BEDROCK_CLAUDE: check_claude,
    F.BEDROCK_NOVA: check_nova,
}
"""The per-line rule function of each format."""

_NOT_OBJECT = {list: "an array", str: "a string", int: "a number", float: "a number",
               bool: "a boolean", type(None): "null"}


_SCAN = json.scanner.make_scanner(json.JSONDecoder())


def parse_line(raw: bytes, line: int, out: list[Problem]) -> Any | None:
    """Parse one non-blank line; on failure append a problem to ``out`` and return None."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        out.append(error(line, "invalid_utf8", f"invalid UTF-8 at byte {e.start + 1} of the line "
                         f"(0x{raw[e.start]:02x}); re-save the file as UTF-8"))
        return None
    try:  # the C scanner directly: the same parser as json.loads, minus its overhead
        obj, end = _SCAN(text, 0)
        if end != len(text) and not text[end:].isspace():
            raise ValueError
    except (ValueError, StopIteration):
        try:
            obj = json.loads(text)
        except ValueError as e:
            where = f" at column {e.colno}" if isinstance(e, json.JSONDecodeError) else ""
            reason = e.msg if isinstance(e, json.JSONDecodeError) else str(e)
            out.append(error(line, "invalid_json", f"not valid JSON: {reason}{where}"))
            return None
    if type(obj) is not dict:
        out.append(error(line, "not_an_object", f"the line is {_NOT_OBJECT.get(type(obj), 'a value')}, not a"
                         " JSON object; each line must be one object"))
        return None
    return obj


def check_object(obj: dict[str, Any], line: int, file_format: str, out: list[Problem]) -> bool:
    """Apply ``file_format``'s rules to ``obj``; False when the line is of another format."""
    shape = F.line_format(obj)
    if not F.compatible(shape, file_format):
        out.append(error(line, "mixed_formats", f"this line is {shape} but the file is "
                         f"{file_format}; use one format per file"))
        return False
    rules = RULES.get(file_format)
    if rules is None:
        rules = RULES.get(shape if shape != F.CHAT_LIKE else F.OPENAI_CHAT) if shape else None
    if rules is None:
        out.append(error(line, "missing_messages", "no \"messages\" (or prompt/completion); "
                         "this is not a fine-tuning example"))
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
    if obj is not None:
        check_object(obj, line, file_format, out)
    return obj, out
