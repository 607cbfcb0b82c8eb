"""``POST /v1/chat/completions``: request checks like the real API, answers from
:mod:`ftui.emulator.answers`, ``usage`` from tiktoken (o200k_base, offline), plain JSON or
a ``text/event-stream`` of ``chat.completion.chunk`` objects ending ``data: [DONE]``.

Quirks kept from the real API: unknown arguments are refused by name; ``max_tokens`` is
refused for o-series models (use ``max_completion_tokens``) and so is a temperature other
than 1; an alias (``gpt-4o-mini``) answers as its dated snapshot; ``stream_options`` only
with ``stream: true``; with ``include_usage`` every chunk carries ``usage: null`` and one
last chunk with no choices carries the counts.
"""

from __future__ import annotations

import itertools
import json
import math
import random
import re
import threading
from dataclasses import dataclass, field
from typing import Any

from ftui.emulator.answers import Persona, answer, message_text
from ftui.emulator.chat_checks import KNOWN_ARGUMENTS, check_messages, integer, number, stop_sequences, type_error
from ftui.emulator.errors import invalid
from ftui.emulator.ids import stable_token
from ftui.emulator.models import persona
from ftui.emulator.store import Store

__all__ = ["KNOWN_ARGUMENTS", "Stream", "TokenCount", "create_chat_completion", "token_count", "warm_up"]

_nonce = itertools.count(1)


@dataclass
class Stream:
    """A streamed answer: the SSE events to send, and whether chaos cuts it off half-way."""

    events: list[bytes]
    """``data: {...}\\n\\n`` events, the last one ``data: [DONE]\\n\\n``."""
    chunks: list[dict[str, Any]] = field(default_factory=list)
    """The chunk objects (for tests and hooks)."""
    cut: bool = False
    """Stop half-way and drop the connection (no ``[DONE]``)."""
    delay: float = 0.0
    """Seconds between events (a model that takes its time)."""


# -- tokens ----------------------------------------------------------------
class TokenCount:
    """o200k_base token counts when the encoding is cached offline, else a labelled chars/4 estimate."""

    def __init__(self) -> None:
        # lazy: tiktoken loads on the first chat only
        from ftui.datasets.tokens import load_encoding

        self._enc = load_encoding("o200k_base")
        self.exact = self._enc is not None
        """True when counts come from tiktoken."""
        self.label = "o200k_base" if self.exact else "estimate: chars/4"
        """What the counts are."""

    def count(self, text: str) -> int:
        """Tokens in ``text``."""
        if self._enc is not None:
            return len(self._enc.encode_ordinary(text))
        return math.ceil(len(text) / 4)

    def truncate(self, text: str, limit: int) -> tuple[str, bool]:
        """``text`` cut to at most ``limit`` tokens, and whether it was cut."""
        if self._enc is not None:
            tokens = self._enc.encode_ordinary(text)
            if len(tokens) <= limit:
                return text, False
            return self._enc.decode(tokens[:limit]), True
        return (text, False) if len(text) <= 4 * limit else (text[: 4 * limit], True)

    def prompt(self, messages: list[dict[str, Any]]) -> int:
        """Prompt tokens of a conversation, by OpenAI's chat formula (3 per message, 3 to prime the reply)."""
        total = 3
        for message in messages:
            total += 3 + self.count(str(message.get("role", ""))) + self.count(message_text(message.get("content")))
            if isinstance(message.get("name"), str):
                total += 1 + self.count(message["name"])
            if message.get("tool_calls"):
                total += self.count(json.dumps(message["tool_calls"], separators=(",", ":")))
        return total


_counter: TokenCount | None = None
_counter_lock = threading.Lock()


def token_count() -> TokenCount:
    """The process-wide :class:`TokenCount`."""
    global _counter
    with _counter_lock:
        if _counter is None:
            _counter = TokenCount()
        return _counter


def warm_up(delay: float = 5.0) -> None:
    """Load the tokenizer in a background thread (it takes a second or two), so the first answer is quick.

    It starts ``delay`` seconds from now: an app that embeds the emulator draws its first jobs first.
    """
    timer = threading.Timer(delay, token_count)
    timer.name, timer.daemon = "ftui-emulator-tokenizer", True
    timer.start()


# -- request checks ------------------------------------------------------------
def create_chat_completion(store: Store, req: Any) -> tuple[int, Any]:
    """POST /chat/completions → a ``chat.completion`` object or a :class:`Stream` of chunks."""
    body = req.json()
    unknown = sorted(k for k in body if k not in KNOWN_ARGUMENTS)
    if unknown:
        raise invalid(f"Unrecognized request argument supplied: {unknown[0]}")
    model_name = body.get("model")
    if model_name is None or model_name == "":
        raise invalid("you must provide a model parameter")
    if not isinstance(model_name, str):
        raise type_error("model", "a string", model_name)
    messages = check_messages(body.get("messages"))
    stream = body.get("stream") or False
    if not isinstance(stream, bool):
        raise type_error("stream", "a boolean", stream)
    options = body.get("stream_options")
    if options is not None and not stream:
        raise invalid(
            "The 'stream_options' parameter is only allowed when 'stream' is enabled.", param="stream_options"
        )
    if options is not None and not isinstance(options, dict):
        raise type_error("stream_options", "an object", options)
    temperature = number(body, "temperature", 0, 2, 1.0)
    number(body, "top_p", 0, 1, 1.0)
    n = integer(body, "n", 1, 128) or 1
    seed = integer(body, "seed", -(2**63), 2**63 - 1)
    limit_name = "max_completion_tokens" if body.get("max_completion_tokens") is not None else "max_tokens"
    limit = integer(body, limit_name, 1)
    stops = stop_sequences(body.get("stop"))
    reported, who = persona(store, model_name)
    reasoning = re.match(r"(ft:)?o\d", reported) is not None
    if reasoning and body.get("max_tokens") is not None:
        raise invalid(
            "Unsupported parameter: 'max_tokens' is not supported with this model. Use "
            "'max_completion_tokens' instead.",
            param="max_tokens",
            code="unsupported_parameter",
        )
    if reasoning and body.get("temperature") is not None and temperature != 1:
        raise invalid(
            f"Unsupported value: 'temperature' does not support {body['temperature']} with this model. "
            "Only the default (1) value is supported.",
            param="temperature",
            code="unsupported_value",
        )
    counter = token_count()
    # Without a seed a sampled answer varies from call to call; at temperature 0 it does not.
    salt = seed if seed is not None else ("greedy" if temperature == 0 else f"nonce{next(_nonce)}")
    key = json.dumps([reported, salt, temperature, messages], sort_keys=True, default=str)
    choices = [_choice(who, messages, f"{key}|{i}", temperature, limit, stops, counter) for i in range(n)]
    created = int(store.clock.now())
    cid = "chatcmpl-" + stable_token(key, store.seed, created, length=29)
    fingerprint = "fp_" + stable_token(reported, length=10).lower()
    prompt_tokens = counter.prompt(messages)
    completion_tokens = sum(c[2] for c in choices)
    usage = {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion_tokens,
        "total_tokens": prompt_tokens + completion_tokens,
        "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
        "completion_tokens_details": {
            "reasoning_tokens": 0,
            "audio_tokens": 0,
            "accepted_prediction_tokens": 0,
            "rejected_prediction_tokens": 0,
        },
    }
    head = {
        "id": cid,
        "created": created,
        "model": reported,
        "service_tier": "default",
        "system_fingerprint": fingerprint,
    }
    if not stream:
        return 200, {
            **head,
            "object": "chat.completion",
            "choices": [
                {
                    "index": i,
                    "message": {"role": "assistant", "content": text, "refusal": None, "annotations": []},
                    "logprobs": None,
                    "finish_reason": finish,
                }
                for i, (text, finish, _) in enumerate(choices)
            ],
            "usage": usage,
        }
    include_usage = bool((options or {}).get("include_usage"))
    obfuscate = (options or {}).get("include_obfuscation", True) is not False
    return 200, _stream(head, choices, usage if include_usage else None, obfuscate)


def _choice(
    who: Persona,
    messages: list[dict[str, Any]],
    key: str,
    temperature: float,
    limit: int | None,
    stops: list[str],
    counter: TokenCount,
) -> tuple[str, str, int]:
    """``(text, finish_reason, completion tokens)`` of one choice."""
    rng = random.Random(key)
    text = answer(who, messages, rng, temperature)
    finish = "stop"
    for stop in stops:
        if stop in text:
            text = text[: text.index(stop)]
    if limit is not None:
        text, cut = counter.truncate(text, limit)
        if cut:
            finish = "length"
    return text, finish, counter.count(text)


def _pieces(text: str) -> list[str]:
    """The deltas a text streams as: a word with its trailing space each."""
    return re.findall(r"\s*\S+\s*", text) or ([text] if text else [])


def _stream(
    head: dict[str, Any], choices: list[tuple[str, str, int]], usage: dict[str, Any] | None, obfuscate: bool
) -> Stream:
    base = {**head, "object": "chat.completion.chunk"}
    chunks: list[dict[str, Any]] = []

    def chunk(choice_list: list[dict[str, Any]], final_usage: dict[str, Any] | None = None) -> None:
        item: dict[str, Any] = {**base, "choices": choice_list}
        if usage is not None:
            item["usage"] = final_usage
        if obfuscate:
            item["obfuscation"] = stable_token(head["id"], len(chunks), length=1 + len(chunks) % 7)
        chunks.append(item)

    for i, (text, finish, _) in enumerate(choices):
        chunk(
            [
                {
                    "index": i,
                    "delta": {"role": "assistant", "content": "", "refusal": None},
                    "logprobs": None,
                    "finish_reason": None,
                }
            ]
        )
        for piece in _pieces(text):
            chunk([{"index": i, "delta": {"content": piece}, "logprobs": None, "finish_reason": None}])
        chunk([{"index": i, "delta": {}, "logprobs": None, "finish_reason": finish}])
    if usage is not None:
        chunk([], usage)
    events = [b"data: " + json.dumps(c).encode() + b"\n\n" for c in chunks] + [b"data: [DONE]\n\n"]
    return Stream(events, chunks)
