"""Per-line rules for ``rft``: reinforcement fine-tuning prompts.

Source: docs/dataset-formats.md#reinforcement-fine-tuning-data.

OpenAI (o4-mini): ``messages`` (developer, user, assistant, tool; text or image
content) and optional ``tools`` are reserved; every other key is data for the
grader (``{{ item.reference_answer }}``). The model writes the answer, so the
prompt ends with a user (or tool) turn. Bedrock RFT (Nova 2 Lite, gpt-oss,
Qwen) takes the same chat format with a ``reference_answer``.
"""

from __future__ import annotations

from typing import Any

from ftui.datasets.problems import Problem, error
from ftui.datasets.rules_openai import check_tools, check_turn_list

_RESERVED = frozenset({"messages", "tools"})


def check_rft(obj: dict[str, Any], line: int, out: list[Problem]) -> None:
    """Append the problems of one ``rft`` line to ``out``."""
    grader = [k for k in obj if k not in _RESERVED]
    if not grader:
        out.append(
            error(
                line,
                "missing_grader_field",
                'no grader field: add the data the grader compares the answer with, e.g. "reference_answer"',
            )
        )
    check_tools(obj, line, out)
    messages = obj.get("messages")
    if not isinstance(messages, list) or not messages:
        out.append(error(line, "missing_messages", '"messages" must be a non-empty list'))
        return
    check_turn_list(messages, line, out, "message")
    last = messages[-1]
    if isinstance(last, dict) and last.get("role") == "assistant":
        out.append(
            error(
                line,
                "bad_role_order",
                "the prompt ends with an assistant message; "
                "in reinforcement fine-tuning the model writes the answer, so end "
                "with the user's turn (the reference goes in a grader field)",
            )
        )
    elif not any(isinstance(m, dict) and m.get("role") == "user" for m in messages):
        out.append(error(line, "bad_role_order", "no user message: the model has no prompt to answer"))
