"""Validation of uploaded JSONL training/validation files, as the job's
``validating_files`` phase does it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

__all__ = ["MIN_EXAMPLES", "DataReport", "inspect_file"]

MIN_EXAMPLES = 10
"""OpenAI's minimum number of training examples."""

_ROLES = {"system", "developer", "user", "assistant", "tool", "function"}


@dataclass(frozen=True)
class DataReport:
    """What validation found in one file."""

    examples: int
    """Number of non-blank lines that parsed as examples."""
    tokens: int
    """Approximate token count (characters / 4)."""
    error: str | None
    """First problem found, or None when the file is usable."""


def _check_messages(messages: Any, where: str, need_assistant: bool) -> str | None:
    if not isinstance(messages, list) or not messages:
        return f"{where} is missing a non-empty 'messages' list"
    has_assistant = False
    for index, message in enumerate(messages, 1):
        if not isinstance(message, dict):
            return f"{where}, message {index} is not an object"
        role = message.get("role")
        if role not in _ROLES:
            return f"{where}, message {index} has unrecognized role {role!r}"
        content = message.get("content")
        if role == "assistant":
            has_assistant = True
            if content is None and not (message.get("tool_calls") or message.get("function_call")):
                return f"{where}, message {index} is missing content"
        elif not isinstance(content, (str, list)):
            return f"{where}, message {index} is missing content"
        if "weight" in message and message["weight"] not in (0, 1):
            return f"{where}, message {index} has weight {message['weight']!r}; must be 0 or 1"
    if need_assistant and not has_assistant:
        return f"{where} is missing an assistant message"
    return None


def _check_example(example: Any, method: str, line: int) -> str | None:
    where = f"line {line}"
    if not isinstance(example, dict):
        return f"{where} is not a JSON object"
    if method == "dpo":
        for key in ("input", "preferred_output", "non_preferred_output"):
            if key not in example:
                return f"{where} is missing required key '{key}'"
        inp = example["input"]
        if not isinstance(inp, dict):
            return f"{where}: 'input' must be an object with 'messages'"
        problem = _check_messages(inp.get("messages"), f"{where} input", need_assistant=False)
        if problem:
            return problem
        for key in ("preferred_output", "non_preferred_output"):
            problem = _check_messages(example[key], f"{where} {key}", need_assistant=True)
            if problem:
                return problem.replace("'messages' list", f"'{key}' list")
        return None
    if method == "completion":
        if not isinstance(example.get("prompt"), str) or not isinstance(example.get("completion"), str):
            return f"{where} must have string 'prompt' and 'completion' keys"
        return None
    return _check_messages(example.get("messages"), where, need_assistant=(method == "supervised"))


def inspect_file(content: bytes, method: str, *, role: str = "training", minimum: int = 0) -> DataReport:
    """Validate a JSONL file for a fine-tuning method.

    Args:
        content: Raw file bytes.
        method: ``supervised``, ``dpo``, ``reinforcement`` or ``completion``
            (legacy prompt/completion models).
        role: ``training`` or ``validation``, used in messages.
        minimum: Minimum number of examples required.

    Returns:
        A :class:`DataReport`; ``error`` names the first bad line.
    """
    tokens = max(1, len(content) // 4)
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return DataReport(0, tokens, f"Invalid file format. The {role} file is not UTF-8 encoded text.")
    examples = 0
    for number, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        try:
            example = json.loads(raw)
        except ValueError:
            return DataReport(examples, tokens, f"Invalid file format: line {number} is not valid JSON.")
        problem = _check_example(example, method, number)
        if problem:
            return DataReport(examples, tokens, f"Invalid file format: {problem}.")
        examples += 1
    if examples < minimum:
        title = role.capitalize()
        return DataReport(
            examples,
            tokens,
            f"{title} file has {examples} example(s), but must have at least {minimum} examples",
        )
    return DataReport(examples, tokens, None)
