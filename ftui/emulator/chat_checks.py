"""Request checks of ``POST /v1/chat/completions``, with the real API's messages and params.

Split from :mod:`ftui.emulator.chat` (which re-exports :data:`KNOWN_ARGUMENTS`).
"""

from __future__ import annotations

from typing import Any

from ftui.emulator.errors import ApiError, invalid

KNOWN_ARGUMENTS = frozenset(
    {
        "audio",
        "frequency_penalty",
        "function_call",
        "functions",
        "logit_bias",
        "logprobs",
        "max_completion_tokens",
        "max_tokens",
        "messages",
        "metadata",
        "modalities",
        "model",
        "moderation",
        "n",
        "parallel_tool_calls",
        "prediction",
        "presence_penalty",
        "prompt_cache_key",
        "prompt_cache_options",
        "prompt_cache_retention",
        "reasoning_effort",
        "response_format",
        "safety_identifier",
        "seed",
        "service_tier",
        "stop",
        "store",
        "stream",
        "stream_options",
        "temperature",
        "tool_choice",
        "tools",
        "top_logprobs",
        "top_p",
        "user",
        "verbosity",
        "web_search_options",
    }
)
"""The request body's properties in the spec's ``CreateChatCompletionRequest``."""

_ROLES = ("system", "assistant", "user", "function", "tool", "developer")
_MESSAGE_KEYS = {
    "system": {"role", "content", "name"},
    "developer": {"role", "content", "name"},
    "user": {"role", "content", "name"},
    "function": {"role", "content", "name"},
    "tool": {"role", "content", "tool_call_id"},
    "assistant": {"role", "content", "name", "refusal", "audio", "tool_calls", "function_call"},
}
"""The properties each message type of the spec allows (a training file's ``weight`` is not one)."""


def type_error(name: str, expected: str, value: Any) -> ApiError:
    """The 400 for an argument of the wrong type, as the real API words it."""
    got = {
        bool: "a boolean",
        int: "an integer",
        float: "a decimal",
        str: "a string",
        list: "an array",
        dict: "an object",
        type(None): "null",
    }.get(type(value), "something else")
    return invalid(
        f"Invalid type for '{name}': expected {expected}, but got {got} instead.", param=name, code="invalid_type"
    )


def number(body: dict[str, Any], name: str, low: float, high: float, default: float) -> float:
    """A float argument within [low, high] (default when absent), else the real API's 400."""
    value = body.get(name)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise type_error(name, "a decimal", value)
    if value < low:
        raise invalid(
            f"Invalid '{name}': decimal below minimum value. Expected a value >= {low:g}, but got {value} instead.",
            param=name,
            code="decimal_below_min_value",
        )
    if value > high:
        raise invalid(
            f"Invalid '{name}': decimal above maximum value. Expected a value <= {high:g}, but got {value} instead.",
            param=name,
            code="decimal_above_max_value",
        )
    return float(value)


def integer(body: dict[str, Any], name: str, low: int, high: int | None = None) -> int | None:
    """An integer argument within [low, high] (None when absent), else the real API's 400."""
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise type_error(name, "an integer", value)
    if value < low:
        raise invalid(
            f"Invalid '{name}': integer below minimum value. Expected a value >= {low}, but got {value} instead.",
            param=name,
            code="integer_below_min_value",
        )
    if high is not None and value > high:
        raise invalid(
            f"Invalid '{name}': integer above maximum value. Expected a value <= {high}, but got {value} instead.",
            param=name,
            code="integer_above_max_value",
        )
    return value


def check_messages(messages: Any) -> list[dict[str, Any]]:
    """The messages, checked like the real API (roles, content, allowed keys); else a 400 naming the param."""
    if messages is None:
        raise invalid("Missing required parameter: 'messages'.", param="messages", code="missing_required_parameter")
    if not isinstance(messages, list):
        raise type_error("messages", "an array", messages)
    if not messages:
        raise invalid(
            "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
            param="messages",
            code="empty_array",
        )
    for i, message in enumerate(messages):
        where = f"messages[{i}]"
        if not isinstance(message, dict):
            raise type_error(where, "an object", message)
        role = message.get("role")
        if role is None:
            raise invalid(
                f"Missing required parameter: '{where}.role'.", param=f"{where}.role", code="missing_required_parameter"
            )
        if role not in _ROLES:
            raise invalid(
                f"Invalid value: '{role}'. Supported values are: 'system', 'assistant', 'user', "
                "'function', 'tool', and 'developer'.",
                param=f"{where}.role",
                code="invalid_value",
            )
        extra = sorted(k for k in message if k not in _MESSAGE_KEYS[role])
        if extra:
            raise invalid(f"Additional properties are not allowed ('{extra[0]}' was unexpected) - 'messages.{i}'")
        content = message.get("content")
        calls = message.get("tool_calls") or message.get("function_call")
        if content is None and not (role == "assistant" and (calls or "content" in message)):
            raise invalid(
                f"Missing required parameter: '{where}.content'.",
                param=f"{where}.content",
                code="missing_required_parameter",
            )
        if content is not None and not isinstance(content, (str, list)):
            raise type_error(f"{where}.content", "one of a string or array of objects", content)
        if role == "tool" and not isinstance(message.get("tool_call_id"), str):
            raise invalid(
                f"Missing required parameter: '{where}.tool_call_id'.",
                param=f"{where}.tool_call_id",
                code="missing_required_parameter",
            )
    return messages


def stop_sequences(value: Any) -> list[str]:
    """The ``stop`` argument as a list of strings (up to 4), else the real API's 400."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, list) and len(value) <= 4 and all(isinstance(s, str) for s in value):
        return [s for s in value if s]
    raise invalid(
        "Invalid 'stop': expected a string or an array of at most 4 strings.", param="stop", code="invalid_value"
    )


# -- the handler ---------------------------------------------------------------
