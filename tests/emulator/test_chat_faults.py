"""Hostile behaviour on the new endpoints: 429 with Retry-After, the hour-long 429, streams cut
off half-way (injected ``cut``, ``--chaos lost-stream``), a stream with broken JSON, trickling
bodies, and a 20% fault rate where every request ends answered or failed, within bounds."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import openai
import pytest
from openai import OpenAI

from ftui.emulator import Emulator, ManualClock
from ftui.emulator.chat import token_count

HI = [{"role": "user", "content": "How do I recover a deleted file?"}]
MODEL = "gpt-4o-mini-2024-07-18"


@pytest.fixture
def emu() -> Iterator[Emulator]:
    """An emulator with a fast trickle, the tokenizer already loaded."""
    token_count()
    with Emulator(clock=ManualClock(start=1_767_225_600.0), seed=5, trickle_delay=0.0) as server:
        yield server


@pytest.fixture
def client(emu: Emulator) -> Iterator[OpenAI]:
    """A real SDK client without retries."""
    sdk = OpenAI(api_key="sk-test", base_url=emu.base_url, max_retries=0, timeout=5)
    yield sdk
    sdk.close()


def _stream_text(client: OpenAI, **extra: object) -> str:
    parts = []
    for chunk in client.chat.completions.create(model=MODEL, messages=HI, seed=1, stream=True, **extra):
        if chunk.choices:
            parts.append(chunk.choices[0].delta.content or "")
    return "".join(parts)


def test_429_with_retry_after_then_the_sdk_retry_succeeds(emu: Emulator, client: OpenAI) -> None:
    emu.inject("429")
    with pytest.raises(openai.RateLimitError) as err:
        client.chat.completions.create(model=MODEL, messages=HI)
    assert err.value.response.headers["retry-after"] == "1" and err.value.code == "rate_limit_exceeded"
    emu.inject("429")
    patient = OpenAI(api_key="sk-test", base_url=emu.base_url, max_retries=1, timeout=5)
    assert patient.chat.completions.create(model=MODEL, messages=HI, seed=1).choices[0].message.content
    assert emu.chaos.counts[("POST", "/chat/completions")] == 3
    emu.inject("429")
    with pytest.raises(openai.RateLimitError):
        client.models.list()
    emu.chaos.set("retry-after-huge")
    with pytest.raises(openai.RateLimitError) as huge:
        patient.chat.completions.create(model=MODEL, messages=HI, stream=True)
    assert huge.value.response.headers["retry-after"] == "3600"  # and the SDK did not wait an hour for it


def test_a_stream_cut_half_way_fails_loudly_after_a_prefix(emu: Emulator, client: OpenAI) -> None:
    whole = _stream_text(client)
    for setup in ("inject", "lost-stream"):
        if setup == "inject":
            emu.inject("cut")
        else:
            emu.chaos.set("lost-stream")
        got: list[str] = []
        with pytest.raises(openai.APIConnectionError):
            for chunk in client.chat.completions.create(model=MODEL, messages=HI, seed=1, stream=True):
                got.append(chunk.choices[0].delta.content or "" if chunk.choices else "")
        assert got and whole.startswith("".join(got)) and "".join(got) != whole
        emu.chaos.clear()
    emu.inject("cut")  # a plain (not streamed) answer is lost instead
    with pytest.raises(openai.APIConnectionError):
        client.chat.completions.create(model=MODEL, messages=HI, seed=1)
    assert _stream_text(client) == whole  # and the next request is fine


def test_bad_json_and_trickle_on_a_stream(emu: Emulator, client: OpenAI) -> None:
    whole = _stream_text(client)
    emu.chaos.set("bad-json")
    with pytest.raises(json.JSONDecodeError):
        _stream_text(client)
    emu.chaos.set("trickle")  # one byte at a time (no delay here): still the same answer
    assert _stream_text(client) == whole
    slow = Emulator(seed=5, chaos="trickle", trickle_delay=0.5).start()
    try:
        impatient = OpenAI(api_key="sk-test", base_url=slow.base_url, max_retries=0, timeout=0.3)
        started = time.monotonic()
        with pytest.raises(openai.APITimeoutError):
            _stream_text(impatient)
        assert time.monotonic() - started < 5
    finally:
        slow.stop()


def test_under_a_20_percent_fault_rate_every_request_ends(emu: Emulator) -> None:
    flaky = Emulator(seed=9, fail_rate=0.2).start()
    outcomes: dict[str, int] = {}
    try:
        sdk = OpenAI(api_key="sk-test", base_url=flaky.base_url, max_retries=0, timeout=5)
        for i in range(60):
            try:
                text = (
                    _stream_text(sdk)
                    if i % 2
                    else sdk.chat.completions.create(model=MODEL, messages=HI, seed=1).choices[0].message.content
                )
                kind = "answered" if text else "empty"
            except (openai.APIError, ValueError) as exc:
                kind = type(exc).__name__
            outcomes[kind] = outcomes.get(kind, 0) + 1
        assert flaky.chaos.total == 60  # one request each, no hidden retries
    finally:
        flaky.stop()
    assert outcomes.get("empty", 0) == 0
    assert 30 <= outcomes["answered"] < 60, outcomes
    assert {"RateLimitError", "InternalServerError", "APIConnectionError"} <= set(outcomes), outcomes


def test_a_chat_rate_limit_answers_429_with_the_wait_and_the_sdk_honours_it() -> None:
    with Emulator(seed=5, chat_rate=(3, 1.0), chat_delay=0.001) as limited:
        sdk = OpenAI(api_key="sk-test", base_url=limited.base_url, max_retries=0, timeout=5)
        remaining = []
        for _ in range(3):
            raw = sdk.chat.completions.with_raw_response.create(model=MODEL, messages=HI, seed=1)
            remaining.append(raw.headers["x-ratelimit-remaining-requests"])
            assert raw.parse().choices[0].message.content
        assert remaining == ["2", "1", "0"]
        with pytest.raises(openai.RateLimitError) as err:
            sdk.chat.completions.create(model=MODEL, messages=HI)
        wait_ms = int(err.value.response.headers["retry-after-ms"])
        assert 0 < wait_ms <= 1000 and err.value.response.headers["retry-after"] == "1"
        assert "Rate limit reached for gpt-4o-mini-2024-07-18" in err.value.message
        patient = OpenAI(api_key="sk-test", base_url=limited.base_url, max_retries=3, timeout=5)
        assert _stream_text(patient)  # waits as told, then streams (slowly, piece by piece)
        assert sdk.models.list().data  # the limit is on chat completions only


def test_cli_takes_the_chat_flags(capsys: pytest.CaptureFixture[str]) -> None:
    import argparse

    from ftui.emulator.chaos import all_scenarios
    from ftui.emulator.cli import configure_parser, run

    parser = argparse.ArgumentParser()
    configure_parser(parser)
    args = parser.parse_args(["--chat-rpm", "60", "--chat-delay", "0.02", "--chaos", "lost-stream"])
    assert (args.chat_rpm, args.chat_delay, args.chaos) == (60, 0.02, "lost-stream")
    assert "lost-stream" in all_scenarios() and "lost-stream" in parser.format_help()
    assert run(parser.parse_args(["--chat-delay", "-1"])) == 2
    assert "must not be negative" in capsys.readouterr().out
