"""The contract suite's providers: OpenAI on the emulator, Bedrock on moto's server."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.providers.bedrock_fixtures import aws_env, bedrock_driver, moto_endpoint  # noqa: F401
from tests.providers.openai_driver import OpenAIDriver


@pytest.fixture
def openai_driver() -> Iterator[OpenAIDriver]:
    """The OpenAI provider on a fresh emulator."""
    driver = OpenAIDriver()
    try:
        yield driver
    finally:
        driver.close()


@pytest.fixture(params=["openai", "bedrock"])
def driver(request: pytest.FixtureRequest) -> Any:
    """Each provider in turn, with the controls its test double offers."""
    return request.getfixturevalue(f"{request.param}_driver")


def chat_examples(count: int, topic: str = "orders") -> str:
    """``count`` valid chat examples as JSONL text."""
    lines = []
    for i in range(count):
        lines.append(
            json.dumps(
                {
                    "messages": [
                        {"role": "system", "content": "You are a concise support agent."},
                        {"role": "user", "content": f"Where is my {topic} #{1000 + i}?"},
                        {"role": "assistant", "content": f"Order #{1000 + i} ships tomorrow."},
                    ]
                }
            )
        )
    return "\n".join(lines) + "\n"


@pytest.fixture
def datasets(tmp_path: Path) -> tuple[Path, Path]:
    """A training file (24 examples) and a validation file (6)."""
    train = tmp_path / "train.jsonl"
    valid = tmp_path / "valid.jsonl"
    train.write_text(chat_examples(24), encoding="utf-8")
    valid.write_text(chat_examples(6, "refund"), encoding="utf-8")
    return train, valid
