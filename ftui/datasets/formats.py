"""Dataset format names and detection, per line and per file.

Detection looks at the *shape* of a parsed JSON line; per-line rules live in
``rules_*.py``. A file's format is the most common shape among its first lines.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Iterable

OPENAI_CHAT = "openai-chat"
OPENAI_DPO = "openai-dpo"
PROMPT_COMPLETION = "prompt-completion"
BEDROCK_CLAUDE = "bedrock-claude"
BEDROCK_NOVA = "bedrock-nova"
UNKNOWN = "unknown"

FORMATS: tuple[str, ...] = (
    OPENAI_CHAT, OPENAI_DPO, PROMPT_COMPLETION, BEDROCK_CLAUDE, BEDROCK_NOVA, UNKNOWN,
)
"""All format names, as reported in ``ScanReport.format``."""

CHAT_LIKE = "chat-like"
"""A line with only user/assistant string turns: valid as openai-chat and bedrock-claude."""

_OPENAI_ONLY_KEYS = frozenset({"tool_calls", "function_call", "weight", "name", "tool_call_id"})


def line_format(obj: Any) -> str | None:
    """Return the format a parsed line looks like, :data:`CHAT_LIKE`, or None."""
    if not isinstance(obj, dict):
        return None
    if "input" in obj and ("preferred_output" in obj or "non_preferred_output" in obj):
        return OPENAI_DPO
    messages = obj.get("messages")
    if messages is None:
        if "prompt" in obj or "completion" in obj:
            return PROMPT_COMPLETION
        return None
    if "schemaVersion" in obj or isinstance(obj.get("system"), list):
        return BEDROCK_NOVA
    if "system" in obj:
        return BEDROCK_CLAUDE
    if "tools" in obj or "functions" in obj or "parallel_tool_calls" in obj:
        return OPENAI_CHAT
    if isinstance(messages, list):
        for message in messages:
            if not isinstance(message, dict):
                continue
            if message.get("role") not in ("user", "assistant"):
                return OPENAI_CHAT
            if not _OPENAI_ONLY_KEYS.isdisjoint(message):
                return OPENAI_CHAT
            content = message.get("content")
            if isinstance(content, list):
                for block in content:
                    if isinstance(block, dict):
                        return OPENAI_CHAT if "type" in block else BEDROCK_NOVA
    return CHAT_LIKE


def compatible(shape: str | None, file_format: str) -> bool:
    """True when a line of ``shape`` belongs in a file of ``file_format``."""
    if shape is None or shape == file_format:
        return True
    return shape == CHAT_LIKE and file_format in (OPENAI_CHAT, BEDROCK_CLAUDE)


def file_format(shapes: Iterable[str | None]) -> str:
    """Pick the file format from the shapes of its first lines."""
    counts = Counter(s for s in shapes if s is not None)
    if not counts:
        return UNKNOWN
    chat_like = counts.pop(CHAT_LIKE, 0)
    if not counts:
        return OPENAI_CHAT
    if counts[BEDROCK_CLAUDE] > counts[OPENAI_CHAT]:
        counts[BEDROCK_CLAUDE] += chat_like
    else:
        counts[OPENAI_CHAT] += chat_like
    order = {name: i for i, name in enumerate(FORMATS)}
    return max(counts, key=lambda name: (counts[name], -order[name]))


def describe_non_json(sample: bytes) -> str:
    """Say what a file that is not JSON Lines looks like (CSV, TSV, binary, text)."""
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16 text (re-save it as UTF-8)"
    if b"\x00" in sample:
        return "a binary file (it contains NUL bytes)"
    first = sample.split(b"\n", 1)[0]
    if first.count(b",") >= 1 and not first.lstrip().startswith((b"{", b"[")):
        return "a CSV file (comma-separated columns)"
    if b"\t" in first:
        return "a TSV file (tab-separated columns)"
    return "plain text, not JSON Lines"
