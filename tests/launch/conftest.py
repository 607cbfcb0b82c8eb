"""Fixtures for the launch tests: data files, an emulator-backed OpenAI provider, isolated state dirs."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from ftui.emulator import Emulator, ManualClock
from ftui.providers import make_provider
from ftui.providers.openai_provider import OpenAIProvider
from ftui.providers.profiles import Profile
from tests.providers.bedrock_fixtures import aws_env, bedrock_driver, moto_endpoint  # noqa: F401

REPO = Path(__file__).resolve().parents[2]

MODEL = "gpt-4o-mini-2024-07-18"
HAIKU = "anthropic.claude-3-haiku-20240307-v1:0:200k"


@pytest.fixture(autouse=True)
def _state_home(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """The draft goes to a temporary state dir, never the user's."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path_factory.mktemp("state")))


def chat(i: int) -> dict[str, Any]:
    """One valid OpenAI chat example."""
    return {
        "messages": [
            {"role": "system", "content": "You are a concise support agent."},
            {"role": "user", "content": f"Where is my order #{1000 + i}?"},
            {"role": "assistant", "content": f"Order #{1000 + i} ships tomorrow."},
        ]
    }


def claude(i: int) -> dict[str, Any]:
    """One valid Bedrock Claude 3 Haiku example."""
    return {
        "system": "You are a helpful support agent.",
        "messages": [
            {"role": "user", "content": f"Where is order {i}?"},
            {"role": "assistant", "content": f"Order {i} ships tomorrow."},
        ],
    }


Writer = Callable[..., Path]


@pytest.fixture
def write(tmp_path: Path) -> Writer:
    """``write(name, n, kind="chat")`` → a JSONL file of ``n`` examples."""

    def _write(name: str, n: int, kind: Callable[[int], Any] = chat) -> Path:
        path = tmp_path / name
        path.write_text("".join(json.dumps(kind(i)) + "\n" for i in range(n)), encoding="utf-8")
        return path

    return _write


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    """A fresh emulator on a manual clock."""
    emu = Emulator(seed=3, clock=ManualClock()).start()
    try:
        yield emu
    finally:
        emu.stop()


@pytest.fixture
def emu_profile(emulator: Emulator) -> Profile:
    """A profile pointing at the emulator, without SDK retries."""
    return Profile("emu", "emulator", {"base_url": emulator.base_url, "max_retries": 0})


@pytest.fixture
def openai_provider(emu_profile: Profile) -> Iterator[OpenAIProvider]:
    """The OpenAI provider on the emulator."""
    provider = make_provider(emu_profile)
    try:
        yield provider  # type: ignore[misc]
    finally:
        provider.close()
