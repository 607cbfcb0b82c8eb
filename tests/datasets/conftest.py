"""Fixtures for the dataset engine tests: real-looking JSONL files built in ``tmp_path``."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]

SYSTEM = "You are Marv, a factual chatbot that is also sarcastic."


def chat(i: int, system: str = SYSTEM) -> dict[str, Any]:
    """A plain chat example like the OpenAI guide's."""
    return {
        "messages": [
            {"role": "system", "content": system},
            {"role": "user", "content": f"What is the capital of country number {i}?"},
            {"role": "assistant", "content": f"Capital {i}. As if everyone doesn't know that."},
        ]
    }


def tool_example(i: int) -> dict[str, Any]:
    """A tool-calling example with an integer weight, as the 2024 guide shows."""
    return {
        "messages": [
            {"role": "user", "content": f"What is the weather in city {i}?"},
            {
                "role": "assistant",
                "weight": 0,
                "tool_calls": [
                    {
                        "id": f"call_{i}",
                        "type": "function",
                        "function": {"name": "get_current_weather", "arguments": '{"location": "San Francisco, USA"}'},
                    }
                ],
            },
            {"role": "tool", "tool_call_id": f"call_{i}", "content": "21.0"},
            {"role": "assistant", "weight": 1, "content": "It is 21 degrees celsius."},
        ],
        "tools": [
            {
                "type": "function",
                "function": {
                    "name": "get_current_weather",
                    "description": "Get the current weather",
                    "parameters": {
                        "type": "object",
                        "properties": {"location": {"type": "string"}},
                        "required": ["location"],
                    },
                },
            }
        ],
        "parallel_tool_calls": False,
    }


def dpo(i: int) -> dict[str, Any]:
    """A DPO preference example."""
    return {
        "input": {
            "messages": [{"role": "user", "content": f"Hello {i}, can you help?"}],
            "tools": [],
            "parallel_tool_calls": True,
        },
        "preferred_output": [{"role": "assistant", "content": "Of course! What do you need?"}],
        "non_preferred_output": [{"role": "assistant", "content": "Maybe."}],
    }


def claude(i: int) -> dict[str, Any]:
    """A Bedrock Claude 3 Haiku example."""
    return {
        "system": "You are a helpful support agent.",
        "messages": [
            {"role": "user", "content": f"Where is order {i}?"},
            {"role": "assistant", "content": f"Order {i} ships tomorrow."},
        ],
    }


def nova(i: int) -> dict[str, Any]:
    """A Bedrock Nova (Converse) example."""
    return {
        "schemaVersion": "bedrock-conversation-2024",
        "system": [{"text": "You are a concise assistant."}],
        "messages": [
            {"role": "user", "content": [{"text": f"Summarize item {i}."}]},
            {"role": "assistant", "content": [{"text": f"Item {i} in short."}]},
        ],
    }


def prompt_completion(i: int) -> dict[str, Any]:
    """A legacy prompt/completion example following the old advice."""
    return {"prompt": f"Classify tweet {i}: I love it\n\n###\n\n", "completion": " positive\n"}


Writer = Callable[..., Path]


@pytest.fixture
def write(tmp_path: Path) -> Writer:
    """``write(name, records_or_bytes, crlf=False, bom=False)`` -> path of a new file."""

    def _write(name: str, records: list[Any] | bytes, *, crlf: bool = False, bom: bool = False) -> Path:
        if isinstance(records, bytes):
            data = records
        else:
            data = b"".join((r if isinstance(r, bytes) else json.dumps(r).encode()) + b"\n" for r in records)
        if crlf:
            data = data.replace(b"\n", b"\r\n")
        if bom:
            data = b"\xef\xbb\xbf" + data
        path = tmp_path / name
        path.write_bytes(data)
        return path

    return _write
