"""Record conversion between ``openai-chat``, ``bedrock-claude`` and ``bedrock-nova``.

Each record goes through a neutral form ``(system text, [(role, text), ...])``.
Records that cannot be expressed in the target (tool calls, images, roles the
target lacks) are refused with a reason, never silently mangled.
"""

from __future__ import annotations

import itertools
from typing import Any

from ftui.datasets import formats as F

Turns = list[tuple[str, str]]
NOVA_SCHEMA = "bedrock-conversation-2024"
CONVERTIBLE = (F.OPENAI_CHAT, F.BEDROCK_CLAUDE, F.BEDROCK_NOVA)
"""Formats :func:`convert_record` reads and writes."""


class Unconvertible(ValueError):
    """A record that the target format cannot express."""


def _text(content: Any, what: str) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        texts = []
        for block in content:
            if not isinstance(block, dict):
                raise Unconvertible(f"{what} has a non-object content block")
            if isinstance(block.get("text"), str) and block.get("type", "text") == "text":
                texts.append(block["text"])
            else:
                raise Unconvertible(f"{what} has non-text content (images or other blocks)")
        return "\n".join(texts)
    raise Unconvertible(f"{what} has no text content")


def to_neutral(obj: dict[str, Any], source: str) -> tuple[str, Turns]:
    """Read one record of ``source`` format into ``(system, turns)``."""
    messages = obj.get("messages")
    if not isinstance(messages, list):
        raise Unconvertible("no messages list")
    system_parts: list[str] = []
    if source == F.BEDROCK_CLAUDE and isinstance(obj.get("system"), str):
        system_parts.append(obj["system"])
    if source == F.BEDROCK_NOVA and obj.get("system") is not None:
        system_parts.append(_text(obj["system"], "system"))
    turns: Turns = []
    for i, m in enumerate(messages, 1):
        if not isinstance(m, dict):
            raise Unconvertible(f"message {i} is not an object")
        role = m.get("role")
        if source == F.OPENAI_CHAT:
            if m.get("tool_calls") or m.get("function_call") or role in ("tool", "function"):
                raise Unconvertible(f"message {i} is a tool call or result; Bedrock chat formats here have no tools")
            if m.get("weight") == 0:
                raise Unconvertible(f"message {i} has weight 0, which Bedrock cannot express")
            if role in ("system", "developer"):
                if turns:
                    raise Unconvertible(f"message {i} is a system message after the conversation started")
                system_parts.append(_text(m.get("content"), f"message {i}"))
                continue
        if role not in ("user", "assistant"):
            raise Unconvertible(f"message {i} has role {role!r}")
        turns.append((role, _text(m.get("content"), f"message {i}")))
    return "\n\n".join(system_parts), turns


def from_neutral(system: str, turns: Turns, target: str) -> dict[str, Any]:
    """Write ``(system, turns)`` as one record of ``target`` format."""
    if target == F.OPENAI_CHAT:
        messages = [{"role": "system", "content": system}] if system else []
        return {"messages": messages + [{"role": r, "content": t} for r, t in turns]}
    if (
        not turns
        or turns[0][0] != "user"
        or turns[-1][0] != "assistant"
        or any(a[0] == b[0] for a, b in itertools.pairwise(turns))
    ):
        raise Unconvertible("Bedrock needs alternating turns from user to assistant")
    if target == F.BEDROCK_CLAUDE:
        out: dict[str, Any] = {"system": system} if system else {}
        out["messages"] = [{"role": r, "content": t} for r, t in turns]
        return out
    if target == F.BEDROCK_NOVA:
        nova: dict[str, Any] = {"schemaVersion": NOVA_SCHEMA}
        if system:
            nova["system"] = [{"text": system}]
        nova["messages"] = [{"role": r, "content": [{"text": t}]} for r, t in turns]
        return nova
    raise ValueError(f"cannot convert to {target!r}; choose one of {', '.join(CONVERTIBLE)}")


def convert_record(obj: dict[str, Any], source: str, target: str) -> dict[str, Any]:
    """Convert one record; raises :class:`Unconvertible` with a reason."""
    system, turns = to_neutral(obj, source)
    return from_neutral(system, turns, target)
