"""Tokens per example, per format (the cookbook formula, extended to real data).

Per example: 3 per message + the tokens of every string value in it + 1 per
``name`` + 3. Non-string scalars (``weight``) count 0; structured values
(``tool_calls``, content parts, ``tools``, ``functions``) count the tokens of
their compact JSON. Assistant tokens are those of assistant messages that are
trained on (``weight`` 0 excluded). Malformed data is counted as far as it
goes, never raising.
"""

from __future__ import annotations

from typing import Any

from ftui.datasets import formats as F
from ftui.datasets.images import image_tokens
from ftui.datasets.tokens import TokenCounter


def content_tokens(content: Any, counter: TokenCounter) -> int:
    """Tokens of a message's content: text as text, each image by OpenAI's image rule
    (an estimate, added to ``counter.images``/``image_tokens``), never its base64 text."""
    if type(content) is str:
        return counter.count(content)
    if type(content) is not list:
        return counter.count_value(content)
    n = 0
    for part in content:
        if type(part) is dict:
            if part.get("type") == "text" and type(part.get("text")) is str:
                n += counter.count(part["text"])
                continue
            if part.get("type") == "image_url":
                url = part.get("image_url")
                detail = url.get("detail") if type(url) is dict else None
                tokens = image_tokens(url.get("url") if type(url) is dict else url, detail)
                counter.images += 1
                counter.image_tokens += tokens
                n += tokens
                continue
        n += counter.count_value(part)
    return n


def _messages(messages: Any, counter: TokenCounter) -> tuple[int, int]:
    total = assistant = 0
    if not isinstance(messages, list):
        return 0, 0
    count = counter.count
    for m in messages:
        if type(m) is not dict:
            continue
        n = 3
        for key, value in m.items():
            if type(value) is str:
                n += count(value)
            elif key == "content" and type(value) is list:
                n += content_tokens(value, counter)
            elif isinstance(value, (dict, list)):
                n += counter.count_value(value)
            if key == "name":
                n += 1
        total += n
        if m.get("role") == "assistant" and m.get("weight", 1) != 0:
            content = m.get("content")
            assistant += counter.count_value(content) if type(content) is not list else _text_only(content, counter)
            if "tool_calls" in m:
                assistant += counter.count_value(m["tool_calls"])
            if "function_call" in m:
                assistant += counter.count_value(m["function_call"])
    return total, assistant


def _text_only(parts: list[Any], counter: TokenCounter) -> int:
    return sum(counter.count(p["text"]) if type(p) is dict and type(p.get("text")) is str else 0 for p in parts)


def _tools(obj: dict[str, Any], counter: TokenCounter) -> int:
    return counter.count_value(obj.get("tools")) + counter.count_value(obj.get("functions"))


def count_example(format_name: str, obj: Any, counter: TokenCounter) -> tuple[int, int]:
    """Return ``(total_tokens, assistant_tokens)`` of one parsed line of ``format_name``."""
    if not isinstance(obj, dict):
        return 0, 0
    if format_name == F.PROMPT_COMPLETION:
        prompt = counter.count_value(obj.get("prompt"))
        completion = counter.count_value(obj.get("completion"))
        return prompt + completion, completion
    if format_name == F.OPENAI_DPO:
        inp = obj.get("input")
        if not isinstance(inp, dict):
            inp = {}
        total, _ = _messages(inp.get("messages"), counter)
        preferred, assistant = _messages(obj.get("preferred_output"), counter)
        rejected, _ = _messages(obj.get("non_preferred_output"), counter)
        return total + preferred + rejected + _tools(inp, counter) + 3, assistant
    if format_name == F.BEDROCK_NOVA:
        messages = obj.get("messages")
        flat = (
            [{"role": m.get("role"), "content": _nova_text(m.get("content"))} for m in messages if isinstance(m, dict)]
            if isinstance(messages, list)
            else []
        )
        total, assistant = _messages(flat, counter)
        system = obj.get("system")
        system_text = _nova_text(system)
        return total + (counter.count(system_text) if system_text else 0) + 3, assistant
    total, assistant = _messages(obj.get("messages"), counter)
    system = obj.get("system")
    if isinstance(system, str):
        total += counter.count(system)
    return total + _tools(obj, counter) + 3, assistant


def _nova_text(blocks: Any) -> str:
    if not isinstance(blocks, list):
        return ""
    return "\n".join(b["text"] for b in blocks if isinstance(b, dict) and isinstance(b.get("text"), str))
