"""Per-line rules for ``openai-chat`` and ``openai-dpo`` (docs/dataset-formats.md#chat-supervised, #dpo-preference).

These are the real rules, not the old cookbook's: tools, ``tool_calls``,
integer ``weight`` 0/1, legacy ``function_call``/``functions``, content parts.
"""

from __future__ import annotations

import json
from typing import Any

from ftui.datasets.images import MAX_IMAGES_PER_EXAMPLE, image_problem
from ftui.datasets.problems import Problem, error, warning

ROLES = ("system", "user", "assistant", "tool", "function", "developer")
_KEYS: dict[str, frozenset[str]] = {
    "system": frozenset({"role", "content", "name"}),
    "developer": frozenset({"role", "content", "name"}),
    "user": frozenset({"role", "content", "name"}),
    "assistant": frozenset({"role", "content", "name", "weight", "tool_calls", "function_call", "refusal"}),
    "tool": frozenset({"role", "content", "tool_call_id"}),
    "function": frozenset({"role", "content", "name"}),
}
_TOP_KEYS = frozenset({"messages", "tools", "parallel_tool_calls", "functions"})
_DPO_KEYS = frozenset({"input", "preferred_output", "non_preferred_output"})


def check_chat(obj: dict[str, Any], line: int, out: list[Problem]) -> None:
    """Append the problems of one ``openai-chat`` line to ``out``."""
    for key in obj:
        if key not in _TOP_KEYS:
            out.append(
                warning(
                    line,
                    "unknown_key",
                    f"unknown top-level key {key!r} (ignored or "
                    "rejected by the API); keep only messages, tools, "
                    "parallel_tool_calls, functions",
                )
            )
    _check_tools(obj, line, out)
    messages = obj.get("messages")
    if not isinstance(messages, list) or not messages:
        out.append(error(line, "missing_messages", '"messages" must be a non-empty list'))
        return
    _check_messages(messages, line, out, "message")
    _count_images(messages, line, out)
    if not any(isinstance(m, dict) and m.get("role") == "assistant" for m in messages):
        out.append(
            error(
                line,
                "missing_assistant",
                "no assistant message: there is nothing to train on; add the reply you want the model to learn",
            )
        )
    elif isinstance(messages[-1], dict) and messages[-1].get("role") != "assistant":
        out.append(
            warning(
                line,
                "bad_role_order",
                "the conversation ends with a "
                f"{messages[-1].get('role')!r} message; turns after the last "
                "assistant message are not trained on",
            )
        )


def check_dpo(obj: dict[str, Any], line: int, out: list[Problem]) -> None:
    """Append the problems of one ``openai-dpo`` line to ``out``."""
    for key in obj:
        if key not in _DPO_KEYS:
            out.append(
                error(
                    line,
                    "unknown_key",
                    f"unknown key {key!r}; a DPO line has only input, preferred_output, non_preferred_output",
                )
            )
    inp = obj.get("input")
    if not isinstance(inp, dict):
        inp = {}
    messages = inp.get("messages")
    if not isinstance(messages, list) or not messages:
        out.append(error(line, "missing_messages", '"input.messages" must be a non-empty list'))
    else:
        _check_tools(inp, line, out)
        _check_messages(messages, line, out, "input message")
        last = messages[-1]
        if isinstance(last, dict) and last.get("role") not in ("user", "tool"):
            out.append(
                error(
                    line,
                    "bad_role_order",
                    "input.messages must end with a user (or tool) message; the outputs are the assistant's reply",
                )
            )
    for key in ("preferred_output", "non_preferred_output"):
        output = obj.get(key)
        if not isinstance(output, list) or not output:
            out.append(error(line, "missing_assistant", f"{key!r} must be a list holding one assistant message"))
            continue
        _check_messages(output, line, out, key)
        if not isinstance(output[-1], dict) or output[-1].get("role") != "assistant":
            out.append(error(line, "bad_role_order", f"the last message of {key!r} must be an assistant message"))


def _check_messages(messages: list[Any], line: int, out: list[Problem], what: str) -> None:
    call_ids: set[str] = set()
    for i, m in enumerate(messages, 1):
        if not isinstance(m, dict):
            out.append(error(line, "not_an_object", f"{what} {i} is not a JSON object"))
            continue
        role = m.get("role")
        if role is None:
            out.append(error(line, "missing_role", f'{what} {i} has no "role"'))
            continue
        keys = _KEYS.get(role) if isinstance(role, str) else None
        if keys is None:
            out.append(
                error(line, "unknown_role", f"{what} {i} has role {role!r}; use one of system, user, assistant, tool")
            )
            continue
        if len(m) > 2 or "content" not in m or role in ("tool", "function"):
            _check_extras(m, role, keys, i, line, out, what, call_ids)
        content = m.get("content")
        if type(content) is str:
            if not content and not (role == "assistant" and ("tool_calls" in m or "function_call" in m)):
                out.append(error(line, "missing_content", f"{what} {i} ({role}) has empty content"))
        elif content is None:
            if role != "assistant" or not (m.get("tool_calls") or m.get("function_call")):
                out.append(error(line, "missing_content", f"{what} {i} ({role}) has no content"))
        elif isinstance(content, list):
            _check_parts(content, role, i, line, out, what)
        else:
            out.append(
                error(
                    line,
                    "content_type",
                    f"{what} {i} ({role}) content is {type(content).__name__}; use a string or a list of parts",
                )
            )


def _check_extras(
    m: dict[str, Any],
    role: str,
    keys: frozenset[str],
    i: int,
    line: int,
    out: list[Problem],
    what: str,
    call_ids: set[str],
) -> None:
    for key in m:
        if key not in keys:
            out.append(error(line, "unknown_key", f"{what} {i} ({role}) has unknown key {key!r}"))
    if "weight" in m:
        w = m["weight"]
        if type(w) not in (int, float) or w not in (0, 1):
            out.append(
                error(line, "bad_weight", f"{what} {i} weight is {w!r}; use 0 (do not train on this message) or 1")
            )
    if "tool_calls" in m:
        calls = m["tool_calls"]
        if not isinstance(calls, list) or not calls:
            out.append(error(line, "bad_tool_call", f"{what} {i} tool_calls must be a non-empty list"))
        else:
            for j, call in enumerate(calls, 1):
                problem = _tool_call_problem(call)
                if problem:
                    out.append(error(line, "bad_tool_call", f"{what} {i} tool call {j}: {problem}"))
                elif isinstance(call.get("id"), str):
                    call_ids.add(call["id"])
    if "function_call" in m:
        problem = _function_problem(m["function_call"])
        if problem:
            out.append(error(line, "bad_tool_call", f"{what} {i} function_call: {problem}"))
    if role == "tool":
        call_id = m.get("tool_call_id")
        if not isinstance(call_id, str):
            out.append(error(line, "bad_tool_call", f'{what} {i} (tool) needs a string "tool_call_id"'))
        elif call_id not in call_ids:
            out.append(
                error(
                    line,
                    "bad_tool_call",
                    f"{what} {i} (tool) answers {call_id!r}, which no earlier assistant tool call has as its id",
                )
            )
    if role == "function" and not isinstance(m.get("name"), str):
        out.append(error(line, "bad_tool_call", f'{what} {i} (function) needs a "name"'))


def _check_parts(parts: list[Any], role: str, i: int, line: int, out: list[Problem], what: str) -> None:
    if not parts:
        out.append(error(line, "missing_content", f"{what} {i} ({role}) has an empty content list"))
    for j, part in enumerate(parts, 1):
        kind = part.get("type") if isinstance(part, dict) else None
        if kind == "text" and isinstance(part.get("text"), str):
            continue
        if kind == "image_url":
            url = part.get("image_url")
            if role != "user":
                out.append(
                    error(
                        line, "content_type", f"{what} {i} ({role}) part {j}: images are allowed only in user messages"
                    )
                )
            elif not isinstance(url, dict) or not isinstance(url.get("url"), str):
                out.append(
                    error(line, "content_type", f'{what} {i} part {j}: image_url needs {{"url": "..."}} (a string)')
                )
            elif problem := image_problem(url["url"]):
                out.append(error(line, "bad_image", f"{what} {i} part {j}: {problem}"))
            elif url.get("detail", "auto") not in ("low", "high", "auto"):
                out.append(error(line, "content_type", f"{what} {i} part {j}: detail must be low, high or auto"))
            continue
        out.append(
            error(
                line,
                "content_type",
                f'{what} {i} ({role}) part {j} must be {{"type": "text", "text": ...}} or an image_url part',
            )
        )


def _count_images(messages: list[Any], line: int, out: list[Problem]) -> None:
    n = sum(
        1
        for m in messages
        if isinstance(m, dict) and isinstance(m.get("content"), list)
        for p in m["content"]
        if isinstance(p, dict) and p.get("type") == "image_url"
    )
    if n > MAX_IMAGES_PER_EXAMPLE:
        out.append(
            error(
                line,
                "bad_image",
                f"{n} images in one example; OpenAI accepts at most {MAX_IMAGES_PER_EXAMPLE} (Azure: 64)",
            )
        )


def check_turn_list(messages: list[Any], line: int, out: list[Problem], what: str) -> None:
    """The per-message rules shared with other chat-shaped formats (RFT)."""
    _check_messages(messages, line, out, what)
    _count_images(messages, line, out)


def check_tools(obj: dict[str, Any], line: int, out: list[Problem]) -> None:
    """The ``tools``/``functions``/``parallel_tool_calls`` rules."""
    _check_tools(obj, line, out)


def _function_problem(fn: Any) -> str:
    if not isinstance(fn, dict) or not isinstance(fn.get("name"), str):
        return 'needs a "name" string'
    args = fn.get("arguments")
    if not isinstance(args, str):
        return '"arguments" must be a JSON-encoded string'
    try:
        json.loads(args)
    except ValueError:
        return f'"arguments" is not valid JSON: {args[:60]!r}'
    return ""


def _tool_call_problem(call: Any) -> str:
    if not isinstance(call, dict):
        return "not a JSON object"
    if not isinstance(call.get("id"), str):
        return 'needs an "id" string'
    if call.get("type", "function") != "function":
        return f'type must be "function", not {call.get("type")!r}'
    return _function_problem(call.get("function"))


def _check_tools(obj: dict[str, Any], line: int, out: list[Problem]) -> None:
    tools = obj.get("tools")
    if tools is not None:
        if not isinstance(tools, list):
            out.append(error(line, "bad_tool_call", '"tools" must be a list'))
        else:
            for j, tool in enumerate(tools, 1):
                fn = tool.get("function") if isinstance(tool, dict) else None
                if not isinstance(fn, dict) or not isinstance(fn.get("name"), str):
                    out.append(
                        error(
                            line,
                            "bad_tool_call",
                            f'tool {j} must be {{"type": "function", "function": {{"name": ...}}}}',
                        )
                    )
    functions = obj.get("functions")
    if functions is not None and (
        not isinstance(functions, list)
        or not all(isinstance(f, dict) and isinstance(f.get("name"), str) for f in functions)
    ):
        out.append(error(line, "bad_tool_call", '"functions" must be a list of objects with a "name"'))
    ptc = obj.get("parallel_tool_calls")
    if ptc is not None and not isinstance(ptc, bool):
        out.append(error(line, "bad_tool_call", '"parallel_tool_calls" must be true or false'))
