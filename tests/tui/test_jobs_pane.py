"""Pilot tests of the jobs pane: filter, status filter, sort, cancel and pause as a user does them."""

from __future__ import annotations

from typing import Any

from ftui.providers import JobStatus
from ftui.tui.app import FtuiApp
from ftui.tui.confirm import ConfirmScreen
from ftui.tui.panes.jobs import JobsPane
from tests.pilot import settle as _loaded


def _pane(app: FtuiApp) -> JobsPane:
    return app.screen.query_one(JobsPane)


async def _select(pilot: Any, status: JobStatus) -> None:
    pane = _pane(pilot.app)
    await pilot.press("g")
    for _ in range(len(pane.shown)):
        if pane.selected is not None and pane.selected.status is status:
            return
        await pilot.press("j")
    raise AssertionError(f"no {status} job")


async def test_slash_filters_by_regex_and_bang_inverts(demo_app: FtuiApp) -> None:
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await _loaded(pilot)
        await pilot.press("slash", *"support-v1", "enter")
        names = {job.name for job in _pane(demo_app).shown}
        assert names == {"support-v1", "support-v1b", "support-v1-lr"}
        await pilot.press("slash", "home", "exclamation_mark", "enter")
        assert {job.name for job in _pane(demo_app).shown} == {"support-v2", "dpo-tone"}
        await pilot.press("escape")
        assert len(_pane(demo_app).shown) == 5


async def test_status_filter_cycles_and_sort_reverses(demo_app: FtuiApp) -> None:
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await _loaded(pilot)
        await pilot.press("f")
        assert {job.status for job in _pane(demo_app).shown} <= {JobStatus.PENDING, JobStatus.QUEUED, JobStatus.RUNNING}
        await pilot.press("f", "f")
        assert [job.status for job in _pane(demo_app).shown] == [JobStatus.FAILED]
        await pilot.press("f", "f")  # back to all
        newest_first = [job.id for job in _pane(demo_app).shown]
        await pilot.press("O")
        assert [job.id for job in _pane(demo_app).shown] == list(reversed(newest_first))


async def test_cancel_asks_first_and_enter_means_no(demo_app: FtuiApp) -> None:
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await _loaded(pilot)
        await _select(pilot, JobStatus.RUNNING)
        job = _pane(demo_app).selected
        await pilot.press("x")
        assert isinstance(demo_app.screen, ConfirmScreen)
        await pilot.press("enter")  # the focused button is No
        await _loaded(pilot)
        assert demo_app.session.provider("demo").get_job(job.id).status is JobStatus.RUNNING
        await pilot.press("x", "y")
        await _loaded(pilot)
        assert demo_app.session.provider("demo").get_job(job.id).status is JobStatus.CANCELLED
        assert any("is now cancelled" in n.message for n in demo_app._notifications)


async def test_cancelling_a_finished_job_says_so(demo_app: FtuiApp) -> None:
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await _loaded(pilot)
        await _select(pilot, JobStatus.SUCCEEDED)
        await pilot.press("x")
        assert not isinstance(demo_app.screen, ConfirmScreen)
        assert any("already succeeded" in n.message for n in demo_app._notifications)


async def test_pause_then_resume(demo_app: FtuiApp, demo_clock: Any) -> None:
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await _loaded(pilot)
        await _select(pilot, JobStatus.RUNNING)
        job = _pane(demo_app).selected
        await pilot.press("p")
        await _loaded(pilot)
        provider = demo_app.session.provider("demo")
        assert provider.get_job(job.id).status in (JobStatus.PAUSING, JobStatus.PAUSED)
        demo_clock.advance(60)
        await pilot.press("r")
        await _loaded(pilot)
        assert _pane(demo_app).selected.status is JobStatus.PAUSED
        await pilot.press("p")
        await _loaded(pilot)
        assert provider.get_job(job.id).status in (JobStatus.QUEUED, JobStatus.RUNNING)


async def test_a_job_ending_rings_the_bell(demo_app: FtuiApp, demo_clock: Any) -> None:
    rings: list[int] = []
    demo_app.bell = lambda: rings.append(1)  # type: ignore[method-assign]
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await _loaded(pilot)
        demo_clock.advance(3 * 3600)  # the running demo job finishes
        await pilot.press("r")
        await _loaded(pilot)
        assert rings
        assert any("succeeded" in n.message for n in demo_app._notifications)


async def test_marked_jobs_are_compared_on_one_plot(demo_app: FtuiApp) -> None:
    from ftui.tui.screens.compare import CompareScreen
    from ftui.tui.widgets.loss_plot import LossPlot

    async with demo_app.run_test(size=(100, 30)) as pilot:
        await _loaded(pilot)
        await pilot.press("C")
        assert not isinstance(demo_app.screen, CompareScreen)  # nothing marked: a hint, not a screen
        await _select(pilot, JobStatus.SUCCEEDED)
        await pilot.press("space")
        await _select(pilot, JobStatus.RUNNING)
        await pilot.press("space", "C")
        await _loaded(pilot)
        screen = demo_app.screen
        assert isinstance(screen, CompareScreen)
        assert set(screen.series) == {"support-v1", "support-v2"}
        legend = screen.query_one(LossPlot).legend_text
        assert "support-v1" in legend and "support-v2" in legend
