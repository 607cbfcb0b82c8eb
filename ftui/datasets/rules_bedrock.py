"""Per-line rules for ``bedrock-claude`` and ``bedrock-nova`` (docs/dataset-formats.md#bedrock-formats).

Claude 3 Haiku: ``system`` string + ``messages`` with string content, at least
two messages, first ``user``, last ``assistant``, alternating, no extra keys.
Nova (Converse format): ``schemaVersion``, ``system`` text blocks, content
blocks, the same turn order, and reserved keywords that make the job fail.
"""

from __future__ import annotations

from typing import Any

from ftui.datasets.problems import Problem, error, warning

_CLAUDE_KEYS = frozenset({"system", "messages"})
_NOVA_KEYS = frozenset({"schemaVersion", "system", "messages"})
_NOVA_BLOCKS = frozenset({"text", "image", "video", "reasoningContent"})
RESERVED = ("User:", "Bot:", "Assistant:", "System:", "<image>", "<video>", "[EOS]")
"""Strings Nova rejects anywhere in the prompts."""
CLAUDE_RESERVED = ("\nHuman:", "\nAssistant:")
"""Claude's turn markers: AWS's validator rejects them anywhere in system and content
(a single newline, so ``"\n\nHuman:"`` is caught too)."""


def _claude_reserved(text: str, where: str, line: int, out: list[Problem]) -> None:
    for word in CLAUDE_RESERVED:
        if word in text:
            out.append(
                error(
                    line,
                    "reserved_keyword",
                    f"{where} contains {word!r}, Claude's "
                    "turn marker, which AWS rejects in training data; rephrase it "
                    "(without the newline or the colon)",
                )
            )
            return


def check_claude(obj: dict[str, Any], line: int, out: list[Problem]) -> None:
    """Append the problems of one ``bedrock-claude`` line to ``out``."""
    for key in obj:
        if key not in _CLAUDE_KEYS:
            out.append(error(line, "unknown_key", f"unknown key {key!r}; a Claude line has only system and messages"))
    system = obj.get("system")
    if system is not None and not isinstance(system, str):
        out.append(error(line, "content_type", '"system" must be a string'))
    elif isinstance(system, str):
        _claude_reserved(system, "system", line, out)
    messages = obj.get("messages")
    if not isinstance(messages, list) or not messages:
        out.append(error(line, "missing_messages", '"messages" must be a non-empty list'))
        return
    for i, m in enumerate(messages, 1):
        if not isinstance(m, dict):
            out.append(error(line, "not_an_object", f"message {i} is not a JSON object"))
            continue
        for key in m:
            if key not in ("role", "content"):
                out.append(error(line, "unknown_key", f"message {i} has unknown key {key!r}; only role and content"))
        content = m.get("content")
        if content is None or content == "":
            out.append(error(line, "missing_content", f"message {i} has no content"))
        elif not isinstance(content, str):
            out.append(error(line, "content_type", f"message {i} content must be a plain string for Claude 3 Haiku"))
        else:
            _claude_reserved(content, f"message {i}", line, out)
    _check_turns(messages, line, out)


def check_nova(obj: dict[str, Any], line: int, out: list[Problem]) -> None:
    """Append the problems of one ``bedrock-nova`` line to ``out``."""
    for key in obj:
        if key not in _NOVA_KEYS:
            out.append(
                warning(
                    line,
                    "unknown_key",
                    f"unknown key {key!r} (ignored); a Nova line has schemaVersion, system and messages",
                )
            )
    system = obj.get("system")
    if system is not None:
        if not isinstance(system, list) or not all(
            isinstance(b, dict) and isinstance(b.get("text"), str) for b in system
        ):
            out.append(error(line, "content_type", '"system" must be a list of {"text": ...}'))
        else:
            _reserved([b["text"] for b in system], "system", line, out)
    messages = obj.get("messages")
    if not isinstance(messages, list) or not messages:
        out.append(error(line, "missing_messages", '"messages" must be a non-empty list'))
        return
    for i, m in enumerate(messages, 1):
        if not isinstance(m, dict):
            out.append(error(line, "not_an_object", f"message {i} is not a JSON object"))
            continue
        for key in m:
            if key not in ("role", "content"):
                out.append(warning(line, "unknown_key", f"message {i} has unknown key {key!r} (ignored)"))
        content = m.get("content")
        if not content:
            out.append(error(line, "missing_content", f"message {i} has no content blocks"))
            continue
        if not isinstance(content, list):
            out.append(
                error(line, "content_type", f'message {i} content must be a list of blocks like {{"text": ...}}')
            )
            continue
        texts = []
        for j, block in enumerate(content, 1):
            if not isinstance(block, dict) or len(block) != 1 or not _NOVA_BLOCKS.issuperset(block):
                out.append(
                    error(line, "content_type", f"message {i} block {j} must hold exactly one of text, image, video")
                )
            elif "text" in block:
                if block["text"] == "":
                    out.append(
                        error(
                            line, "missing_content", f"message {i} block {j} has empty text; AWS's validator rejects it"
                        )
                    )
                elif isinstance(block["text"], str):
                    texts.append(block["text"])
                else:
                    out.append(error(line, "content_type", f"message {i} block {j}: text must be a string"))
        if m.get("role") == "user":
            _reserved(texts, f"message {i}", line, out)
    _check_turns(messages, line, out)


def _reserved(texts: list[str], where: str, line: int, out: list[Problem]) -> None:
    for text in texts:
        for word in RESERVED:
            if word in text:
                out.append(
                    error(
                        line,
                        "reserved_keyword",
                        f"{where} contains the reserved keyword {word!r}, which makes a Nova job fail; rephrase it",
                    )
                )
                return


def _check_turns(messages: list[Any], line: int, out: list[Problem]) -> None:
    roles = []
    for i, m in enumerate(messages, 1):
        role = m.get("role") if isinstance(m, dict) else None
        if isinstance(m, dict) and role is None:
            out.append(error(line, "missing_role", f'message {i} has no "role"'))
        elif isinstance(m, dict) and role not in ("user", "assistant"):
            hint = ' (put the system prompt in the top-level "system")' if role == "system" else ""
            out.append(error(line, "unknown_role", f"message {i} has role {role!r}; only user and assistant{hint}"))
        roles.append(role)
    if "assistant" not in roles:
        out.append(error(line, "missing_assistant", "no assistant message to train on"))
    if roles[0] != "user":
        out.append(error(line, "bad_role_order", "the first message must be from the user"))
    elif roles[-1] != "assistant":
        out.append(error(line, "bad_role_order", "the last message must be from the assistant"))
    else:
        for i in range(1, len(roles)):
            if roles[i] == roles[i - 1]:
                out.append(
                    error(
                        line,
                        "bad_role_order",
                        f"messages {i} and {i + 1} are both {roles[i]!r}; user and assistant must alternate",
                    )
                )
                break
