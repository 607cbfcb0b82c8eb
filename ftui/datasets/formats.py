"""Dataset format names and detection, per line and per file.

Detection looks at the *shape* of a parsed JSON line; per-line rules live in
``rules_*.py``. A file's format is the most common shape among its first lines.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

OPENAI_CHAT = "openai-chat"
OPENAI_DPO = "openai-dpo"
PROMPT_COMPLETION = "prompt-completion"
BEDROCK_CLAUDE = "bedrock-claude"
BEDROCK_NOVA = "bedrock-nova"
RFT = "rft"
"""Reinforcement fine-tuning prompts: chat messages without the answer, plus grader fields
(``reference_answer`` ...), for OpenAI RFT (o4-mini) and Bedrock RFT (Nova 2 Lite ...)."""
UNKNOWN = "unknown"

FORMATS: tuple[str, ...] = (
    OPENAI_CHAT,
    OPENAI_DPO,
    PROMPT_COMPLETION,
    BEDROCK_CLAUDE,
    BEDROCK_NOVA,
    RFT,
    UNKNOWN,
)
"""All format names, as reported in ``ScanReport.format``."""

CHAT_LIKE = "chat-like"
"""A line with only user/assistant string turns: valid as openai-chat and bedrock-claude."""

_OPENAI_ONLY_KEYS = frozenset({"tool_calls", "function_call", "weight", "name", "tool_call_id"})
_CHAT_TOP_KEYS = frozenset({"messages", "tools", "functions", "parallel_tool_calls", "system"})
GRADER_HINT_KEYS = ("reference_answer",)
"""Keys that mark a line as reinforcement fine-tuning data whatever else it holds."""


def _has_assistant(messages: Any) -> bool:
    return isinstance(messages, list) and any(isinstance(m, dict) and m.get("role") == "assistant" for m in messages)


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
    if "reference_answer" in obj or (
        isinstance(messages, list) and messages and not _CHAT_TOP_KEYS.issuperset(obj) and not _has_assistant(messages)
    ):
        return RFT  # grader fields beside prompts without the answer
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
    if file_format == RFT:  # a prompt that lacks its grader fields: the RFT rules say so
        return shape in (CHAT_LIKE, OPENAI_CHAT)
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


def utf16_kind(sample: bytes) -> str:
    """``"utf-16-le"``/``"utf-16-be"`` when ``sample`` looks like UTF-16 text, else ``""``."""
    if sample.startswith(b"\xff\xfe"):
        return "utf-16-le"
    if sample.startswith(b"\xfe\xff"):
        return "utf-16-be"
    head = sample[:8192]
    pairs = len(head) // 2
    if pairs < 2:
        return ""
    even = head[0 : pairs * 2 : 2].count(0)
    odd = head[1 : pairs * 2 : 2].count(0)
    if odd > pairs * 0.4 and even < pairs * 0.05:
        return "utf-16-le"
    if even > pairs * 0.4 and odd < pairs * 0.05:
        return "utf-16-be"
    return ""


def describe_non_json(sample: bytes) -> str:
    """Say what a file that is not JSON Lines looks like (CSV, TSV, binary, text)."""
    kind = utf16_kind(sample)
    if kind:
        bom = "with" if sample.startswith((b"\xff\xfe", b"\xfe\xff")) else "without"
        return f"UTF-16 text ({kind.upper()}, {bom} a byte order mark), not UTF-8"
    if b"\x00" in sample:
        return "a binary file (it contains NUL bytes)"
    first = sample.split(b"\n", 1)[0]
    if first.count(b",") >= 1 and not first.lstrip().startswith((b"{", b"[")):
        return "a CSV file (comma-separated columns)"
    if b"\t" in first:
        return "a TSV file (tab-separated columns)"
    return "plain text, not JSON Lines"


_KEY = re.compile(rb'"([A-Za-z_]+)"\s*:\s*(.)')


def prefix_format(prefix: bytes) -> str | None:
    """Guess the shape of a line from its first bytes (a line too long to parse while sniffing).

    Looks only at ``"key": value`` pairs in the prefix; None when it holds no known key.
    """
    keys: dict[bytes, bytes] = {}
    for m in _KEY.finditer(prefix[: 4 * 1024 * 1024]):
        keys.setdefault(m.group(1), m.group(2))
    if b"input" in keys and (b"preferred_output" in keys or b"non_preferred_output" in keys):
        return OPENAI_DPO
    if b"messages" not in keys:
        return PROMPT_COMPLETION if b"prompt" in keys or b"completion" in keys else None
    if b"schemaVersion" in keys or keys.get(b"system") == b"[":
        return BEDROCK_NOVA
    if b"reference_answer" in keys:
        return RFT
    if b"system" in keys:
        return BEDROCK_CLAUDE
    if keys.keys() & {
        b"tools",
        b"functions",
        b"tool_calls",
        b"tool_call_id",
        b"weight",
        b"image_url",
        b"parallel_tool_calls",
        b"function_call",
    }:
        return OPENAI_CHAT
    if keys.get(b"type") == b'"':
        return OPENAI_CHAT  # content parts
    if b"text" in keys or b"image" in keys:
        return BEDROCK_NOVA
    return CHAT_LIKE
