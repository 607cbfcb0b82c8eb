"""Every walk, wait and call of the OpenAI provider is bounded, over real HTTP against the chaos emulator."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from ftui.emulator import Emulator, ManualClock
from ftui.providers import Profile, RateLimitError, UnavailableError, make_provider, retry
from ftui.providers.base import MAX_PAGES, Provider
from ftui.providers.follow import FollowStopped, JobFollower
from ftui.providers.records import JobStatus


@pytest.fixture
def emu() -> Iterator[tuple[Emulator, dict[str, str]]]:
    """A demo-seeded emulator on a still clock."""
    with Emulator(seed=3, clock=ManualClock(), trickle_delay=0.2) as server:
        yield server, server.seed_demo()


def _provider(emu: Emulator, timeout: float = 1.0) -> Provider:
    return make_provider(Profile("p", "emulator", {"base_url": emu.base_url, "timeout": timeout}))


def _walks(provider: Provider, job: str) -> dict[str, Any]:
    return {
        "jobs": lambda: list(provider.iter_jobs(limit=5)),
        "events": lambda: provider.new_events(job),
        "checkpoints": lambda: provider.checkpoints(job),
        "files": lambda: provider.list_files(),
    }


@pytest.mark.parametrize("scenario", ["endless-pages", "endless-fresh"])
@pytest.mark.parametrize("walk", ["jobs", "events", "checkpoints", "files"])
def test_every_walk_stops_and_says_so(
    emu: tuple[Emulator, dict[str, str]], monkeypatch: pytest.MonkeyPatch, walk: str, scenario: str
) -> None:
    server, jobs = emu
    monkeypatch.setattr("ftui.providers.base.MAX_PAGES", 40)  # the cap itself, smaller for speed
    provider = _provider(server)
    server.chaos.set(scenario)
    items = _walks(provider, jobs["succeeded"])[walk]()
    requests = server.chaos.total
    notices = provider.take_notices()
    assert len(notices) == 1 and "kept answering has_more" in notices[0]
    if scenario == "endless-pages":
        assert requests == 2, "the second page repeats the first: stop there"
    else:
        assert requests == 40 and "stopped after 40 pages" in notices[0]
    assert len({getattr(item, "id", None) for item in items}) == len(items), "no item twice"
    assert provider.take_notices() == [], "told once"
    provider.close()


def test_the_page_cap_is_a_module_constant_of_sensible_size() -> None:
    assert 50 <= MAX_PAGES <= 1000


def test_a_trickling_body_ends_at_the_total_deadline(emu: tuple[Emulator, dict[str, str]]) -> None:
    server, jobs = emu
    provider = _provider(server, timeout=1.0)
    server.chaos.set("trickle")  # one byte every 0.2 s: each read is quick, the whole never ends
    start = time.monotonic()
    with pytest.raises(retry.DeadlineExceededError) as raised:
        provider.get_job(jobs["running"])
    assert time.monotonic() - start < 3.0
    assert "did not answer within 1 s" in raised.value.message
    server.chaos.clear()
    assert provider.get_job(jobs["running"]).id == jobs["running"], "the client works on afterwards"
    provider.close()


def test_a_large_fast_body_is_not_cut(emu: tuple[Emulator, dict[str, str]]) -> None:
    server, jobs = emu
    provider = _provider(server, timeout=2.0)
    assert len(provider.new_events(jobs["succeeded"])) > 300
    assert len(provider.metrics(jobs["succeeded"])) > 300
    provider.close()


def test_one_shot_reads_retry_transient_failures_and_honour_the_budget(emu: tuple[Emulator, dict[str, str]]) -> None:
    server, jobs = emu
    provider = _provider(server)
    server.inject("500", 2)
    server.inject("drop", 1)
    with retry.reads(retry.ONE_SHOT):
        assert provider.get_job(jobs["running"]).id == jobs["running"]
    server.inject("500", 1)
    with pytest.raises(UnavailableError):
        provider.get_job(jobs["running"])  # outside a one-shot block: one attempt (pollers back off themselves)
    server.chaos.set("retry-after-huge")
    server.chaos.reset_counts()
    with retry.reads(retry.ONE_SHOT), pytest.raises(RateLimitError) as raised:
        provider.get_job(jobs["running"])
    assert server.chaos.total == 1, "a Retry-After beyond the budget is not waited for"
    assert "rate limited; try again in 3600 s" in raised.value.message and "will retry" not in raised.value.message
    provider.close()


def test_waits_are_capped_and_back_off() -> None:
    huge = RateLimitError("x", retry_after=3600)
    assert retry.retry_delay(huge, 1) == retry.MAX_WAIT == 60
    assert retry.retry_delay(RateLimitError("x", retry_after=2), 5) == 2
    failure = UnavailableError("x")
    assert [retry.retry_delay(failure, n, base=1) for n in (1, 2, 3, 7, 8)] == [1, 2, 4, 60, 60]
    slept: list[float] = []
    calls = iter([failure, failure, "ok"])

    def call() -> str:
        item = next(calls)
        if isinstance(item, Exception):
            raise item
        return item

    assert retry.ReadPolicy(budget=5, base=1).run(call, sleep=slept.append) == "ok" and slept == [1, 2]


def test_a_stopped_follower_sends_nothing_more(emu: tuple[Emulator, dict[str, str]]) -> None:
    server, jobs = emu
    provider = _provider(server, timeout=5.0)
    follower = JobFollower(provider, jobs["running"])
    follower.poll()
    server.chaos.set("endless-fresh")
    server.chaos.reset_counts()
    done = threading.Event()

    def poll() -> None:
        try:
            follower.poll()
        except FollowStopped:
            pass
        done.set()

    threading.Thread(target=poll, daemon=True).start()
    follower.stop()  # the screen closed (Esc) while a poll runs against endless pages
    assert done.wait(30), "the poll under way ends"
    sent = server.chaos.total
    assert sent <= MAX_PAGES + 2
    for _ in range(3):
        with pytest.raises(FollowStopped):
            follower.poll()
    assert server.chaos.total == sent, "no request after stop"
    assert follower.job is None or follower.job.status is JobStatus.RUNNING
    provider.close()
