"""Pilot tests: the TUI on the one read policy (ftui.providers.retry).

* A first load (jobs list, job screen) retries passing failures quietly: two 429s never show.
* Closing the job screen stops its follower: a poll in flight sends no further request.
* What a provider noticed (items skipped, a walk cut short) shows on screen: a notification,
  and for the jobs list a note line under the table; hostile servers cost a bounded number
  of requests (the emulator's chaos modes).
* Opening an earlier launch's job says "Opened", not "Job created".
"""

from __future__ import annotations

import re
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from ftui.config import Config, load_config
from ftui.emulator import ManualClock
from ftui.providers import JobStatus
from ftui.providers.base import MAX_PAGES
from ftui.providers.profiles import Profile
from ftui.session import Session
from ftui.tui.app import FtuiApp
from tests.pilot import open_job
from tests.pilot import settle as _settle
from tests.pilot import until as _until
from tests.tui.conftest import make_app
from tests.tui.hostile import Hostile

LIST = r"/fine_tuning/jobs$"
ONE_JOB = r"/fine_tuning/jobs/[^/]+$"
EVENTS = r"/events$"
RATE_LIMITED = (
    '{"error": {"message": "Rate limit reached.", "type": "requests", "param": null, "code": "rate_limit_exceeded"}}'
)


class Flaky(Hostile):
    """The hostile proxy, answering the first ``times`` requests matching a pattern with an error."""

    def __init__(self, upstream: str) -> None:
        super().__init__(upstream)
        self._budget: dict[str, int] = {}
        self._flaky_lock = threading.Lock()

    def fail_first(self, pattern: str, times: int, status: int, body: str) -> None:
        """Answer the next ``times`` requests matching ``pattern`` with ``status`` (then forward)."""
        with self._flaky_lock:
            self._budget[pattern] = times
        self.answer(pattern, status, body)

    def _handle(self, handler: Any, method: str) -> None:
        super()._handle(handler, method)
        path = handler.path.split("?")[0]
        with self._flaky_lock:
            for pattern, left in list(self._budget.items()):
                if re.search(pattern, path):
                    self._budget[pattern] = left - 1
                    if left - 1 <= 0:
                        del self._budget[pattern]
                        with self._lock:
                            self.rules = [r for r in self.rules if r.pattern.pattern != pattern]


def _config() -> Config:
    empty = Path(tempfile.mkdtemp(prefix="ftui-datasets-"))
    return replace(load_config(), dataset_dirs=(empty,), refresh_interval=3600.0)


@pytest.fixture
def proxy(demo_session: Session) -> Iterator[Flaky]:
    """A proxy in front of the demo emulator that fails the first requests it is told to."""
    flaky = Flaky(demo_session.emulator.base_url)
    try:
        yield flaky
    finally:
        flaky.close()


def _proxied(base_url: str, clock: ManualClock) -> FtuiApp:
    profile = Profile("demo", "emulator", {"base_url": base_url, "max_retries": 0})
    return make_app(Session(profiles=(profile,)), clock, _config())


def _text(app: FtuiApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def _notes(app: FtuiApp) -> list[tuple[str, str]]:
    return [(str(n.title), str(n.message)) for n in app._notifications]


async def _open_running(pilot: Any) -> Any:
    return await open_job(pilot, JobStatus.RUNNING)


async def test_a_first_jobs_load_survives_two_rate_limits_without_an_error(
    demo_clock: ManualClock, proxy: Flaky
) -> None:
    proxy.fail_first(LIST, 2, 429, RATE_LIMITED)
    app = _proxied(proxy.base_url, demo_clock)
    async with app.run_test(size=(120, 30)) as pilot:
        await _settle(pilot)
        line = _text(app, "#status-line")
        assert "5 jobs" in line and "retrying" not in line and "rate limited" not in line, line
        assert proxy.count(LIST) == 3  # two 429s, then the answer: no more
        assert not [n for n in _notes(app) if "rate" in (n[0] + n[1]).lower()], _notes(app)


async def test_a_first_job_screen_load_survives_two_rate_limits_without_an_error(
    demo_clock: ManualClock, proxy: Flaky
) -> None:
    app = _proxied(proxy.base_url, demo_clock)
    async with app.run_test(size=(120, 30)) as pilot:
        await _settle(pilot)
        proxy.fail_first(ONE_JOB, 2, 429, RATE_LIMITED)
        await _open_running(pilot)
        line = _text(app, "#follow-status")
        assert "following" in line and "retrying" not in line, line
        assert not [n for n in _notes(app) if "rate" in (n[0] + n[1]).lower()], _notes(app)


async def test_closing_the_job_screen_stops_a_poll_in_flight(demo_clock: ManualClock, proxy: Flaky) -> None:
    app = _proxied(proxy.base_url, demo_clock)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await _open_running(pilot)
        follower = screen._follower
        events = proxy.count(EVENTS)
        released = proxy.hold(ONE_JOB)  # the poll's first request hangs …
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("escape")  # … the user leaves …
        await pilot.pause()
        assert follower.stopped
        released.set()  # … and when the job arrives, the events are not asked for
        await _settle(pilot)
        assert proxy.count(EVENTS) == events
        assert not [n for n in _notes(app) if "Stopped" in n[0] + n[1]], _notes(app)  # a quiet end
        assert app.is_running


async def test_skipped_jobs_show_under_the_table_and_as_a_notification(
    demo_session: Session, demo_clock: ManualClock
) -> None:
    emulator = demo_session.emulator
    emulator.chaos.set("bad-items")
    before = emulator.chaos.total
    app = make_app(demo_session, demo_clock, _config())
    async with app.run_test(size=(120, 30)) as pilot:
        await _until(pilot, lambda: "skipped" in _text(app, "#jobs-notes"), "the note under the table")
        note = _text(app, "#jobs-notes")
        assert re.search(r"skipped \d+ malformed jobs? in a list page", note), note
        assert app.screen.query_one("#jobs-notes").display
        assert any("skipped" in message for _, message in _notes(app)), _notes(app)
        sent = dict(emulator.chaos.counts)
        assert emulator.chaos.total - before < 10, sent  # one list page, the files, no loops
        emulator.chaos.clear()
        for _ in range(20):  # a clean answer: the note goes (r again if a refresh was still running)
            await pilot.press("r")
            await _settle(pilot)
            if not app.screen.query_one("#jobs-notes").display:
                break
        assert not app.screen.query_one("#jobs-notes").display, _text(app, "#jobs-notes")
        assert "skipped" not in _text(app, "#jobs-notes")


async def test_an_endless_event_list_is_cut_short_bounded_and_said(
    demo_session: Session, demo_clock: ManualClock
) -> None:
    emulator = demo_session.emulator
    app = make_app(demo_session, demo_clock, _config())
    async with app.run_test(size=(160, 40)) as pilot:
        await _open_running(pilot)
        emulator.chaos.set("endless-fresh")  # has_more: true forever, with fresh ids and cursors
        before = emulator.chaos.total
        await pilot.press("r")
        await _settle(pilot)
        sent = emulator.chaos.total - before
        assert sent <= MAX_PAGES + 5, sent  # the job, then at most MAX_PAGES pages of events
        said = [message for _, message in _notes(app) if "has_more" in message]
        assert said and f"stopped after {MAX_PAGES} pages" in said[0], _notes(app)
        await pilot.press("r")  # the same notice again is not repeated
        await _settle(pilot)
        assert len([m for _, m in _notes(app) if "has_more" in m]) <= 1  # (the first may have timed out)
        emulator.chaos.clear()


async def test_a_repeating_file_list_is_cut_short_and_said(demo_session: Session, demo_clock: ManualClock) -> None:
    emulator = demo_session.emulator
    emulator.chaos.set("endless-pages")  # has_more: true, the same page again
    before = emulator.chaos.total
    app = make_app(demo_session, demo_clock, _config())
    async with app.run_test(size=(160, 40)) as pilot:
        await _settle(pilot)
        assert emulator.chaos.total - before < 10
        said = [message for _, message in _notes(app) if "Listing files" in message]
        assert said and "kept answering has_more" in said[0], _notes(app)


async def test_opening_an_earlier_launch_says_opened_not_created(demo_app: FtuiApp) -> None:
    from ftui.tui.panes.jobs import JobsPane
    from ftui.tui.panes.launch import LaunchPane

    async with demo_app.run_test(size=(120, 30)) as pilot:
        await _settle(pilot)
        job = demo_app.screen.query_one(JobsPane).shown[-1]
        pane = demo_app.screen.query_one(LaunchPane)
        pane.post_message(LaunchPane.Launched(job, existing=True))  # what "open" in the prior-launch question posts
        await _settle(pilot)
        titles = [title for title, _ in _notes(demo_app)]
        assert f"Opened {job.name or job.id}" in titles and "Job created" not in titles, titles
        assert demo_app.screen.query_one(JobsPane).selected.id == job.id
        pane.post_message(LaunchPane.Launched(job))
        await _settle(pilot)
        assert "Job created" in [title for title, _ in _notes(demo_app)]
