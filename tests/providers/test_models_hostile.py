"""Fine-tuned model listings and chat against hostile servers: bounded, tolerant, never silent.

The emulator's chaos scenarios (payload mutations and endless pages) apply to ``/models``,
jobs and checkpoints alike; a scripted hostile server sends the worst ``/models`` page.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from ftui.emulator import Emulator
from ftui.emulator.chaos_payloads import SCENARIOS as PAYLOAD_SCENARIOS
from ftui.providers import Profile, ProviderError, make_provider, retry
from ftui.providers.base import Provider
from tests.providers.hostile_server import HostileServer, status

FT = "ft:gpt-4o-mini-2024-07-18:org:good:abc123"


@pytest.fixture
def demo() -> Iterator[Emulator]:
    """The demo's jobs (one succeeded, with checkpoints) on an emulator."""
    emulator = Emulator(seed=4).start()
    emulator.seed_demo()
    try:
        yield emulator
    finally:
        emulator.stop()


def _provider(base_url: str) -> Provider:
    return make_provider(Profile("hostile", "emulator", {"base_url": base_url, "max_retries": 0, "timeout": 5}))


LISTING_SCENARIOS = [s for s in PAYLOAD_SCENARIOS if s != "bad-result-file"] + ["endless-pages", "endless-fresh"]
"""Every payload mutation (result files are not read by the listing) and both endless-page modes."""


@pytest.mark.parametrize("scenario", LISTING_SCENARIOS)
def test_model_listing_ends_bounded_under_every_scenario(demo: Emulator, scenario: str) -> None:
    provider = _provider(demo.base_url)
    demo.chaos.set(scenario)
    demo.chaos.reset_counts()
    started = time.monotonic()
    try:
        models = provider.list_models()
    except ProviderError as error:  # refusing the whole answer is allowed; it must say why
        assert error.message
        models = []
    finally:
        provider.close()
    assert time.monotonic() - started < 30
    assert demo.chaos.total <= 1 + 2 * 200 + 50 * 200  # /models, the job walk, checkpoint walks: all capped
    assert all(m.id and len(m.id) <= 256 for m in models)
    if scenario.startswith("endless"):
        assert any("has_more" in note for note in provider.take_notices())


def test_the_worst_models_page_keeps_what_is_usable_and_says_what_was_skipped() -> None:
    models_page = {
        "object": "list",
        "data": [
            None,
            5,
            "x",
            {},
            {"id": ""},
            {"id": 7, "owned_by": None},
            {"id": "gpt-4o-mini-2024-07-18", "owned_by": "system", "created": 1},
            {"id": FT, "created": "yesterday", "owned_by": ["not", "a", "string"]},
            {"id": FT + ":ckpt-step-10", "created": 1_700_000_000, "owned_by": "org"},
        ],
    }
    routes = {"/v1/models": models_page, "/v1/fine_tuning/jobs": status(404, {"error": {"message": "no jobs API"}})}
    with HostileServer(routes) as server:
        provider = _provider(server.base_url)
        models = {m.id: m for m in provider.list_models()}
        notices = provider.take_notices()
        provider.close()
    assert set(models) == {FT, FT + ":ckpt-step-10"}
    assert models[FT].created_at is None and models[FT].base_model == "gpt-4o-mini-2024-07-18"
    assert models[FT + ":ckpt-step-10"].step == 10
    assert any("skipped 5 malformed models" in note for note in notices)
    assert any("jobs could not be read" in note for note in notices)
    assert not server.overflow


def test_models_not_a_list_is_said_not_crashed() -> None:
    with HostileServer(
        {
            "/v1/models": {"object": "list", "data": {"id": FT}},
            "/v1/fine_tuning/jobs": {"object": "list", "data": [], "has_more": False},
        }
    ) as server:
        provider = _provider(server.base_url)
        assert provider.list_models() == []
        assert any("where a list of models was expected" in note for note in provider.take_notices())
        provider.close()


def test_chat_honours_retry_after_then_answers(demo: Emulator) -> None:
    provider = _provider(demo.base_url)
    demo.inject("429", 2)
    demo.chaos.reset_counts()
    with retry.reads(retry.ONE_SHOT):
        answer = provider.chat("gpt-4o-mini-2024-07-18", [{"role": "user", "content": "hello"}], max_tokens=20)
    provider.close()
    assert answer.text
    assert demo.chaos.counts[("POST", "/chat/completions")] == 3


def test_chat_gives_up_within_the_read_budget() -> None:
    busy = status(429, {"error": {"message": "Rate limit reached", "code": "rate_limit_exceeded"}})
    with HostileServer({"/v1/chat/completions": busy}) as server:
        provider = _provider(server.base_url)
        policy = retry.ReadPolicy(budget=1.0, base=0.05)
        started = time.monotonic()
        with retry.reads(policy), pytest.raises(ProviderError) as refused:
            provider.chat("m", [{"role": "user", "content": "hi"}])
        provider.close()
    assert "rate limited" in refused.value.message
    assert time.monotonic() - started < 5 and 2 <= server.total <= 10


def test_a_plain_answer_without_choices_is_a_clear_error() -> None:
    with HostileServer({"/v1/chat/completions": {"id": "x", "object": "chat.completion", "choices": None}}) as server:
        provider = _provider(server.base_url)
        with pytest.raises(ProviderError) as refused:
            provider.chat("m", [{"role": "user", "content": "hi"}])
        provider.close()
    assert "without choices" in refused.value.message
