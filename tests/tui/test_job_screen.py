"""Pilot tests of the job screen: following a job live, its tabs, export, and a flaky link."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import RichLog, Static, TabbedContent

from ftui.providers import JobStatus
from ftui.tui.app import FtuiApp
from ftui.tui.screens.job import JobScreen
from ftui.tui.widgets.loss_plot import LossPlot
from tests.pilot import open_job as _open
from tests.pilot import settle as _settle
from tests.pilot import shown_text


async def test_a_running_job_is_followed_to_its_end_with_the_exact_series(demo_app: FtuiApp, demo_clock: Any) -> None:
    async with demo_app.run_test(size=(100, 30)) as pilot:
        screen = await _open(pilot, JobStatus.RUNNING)
        plot = screen.query_one(LossPlot)
        assert "@ step" in plot.legend_text
        await pilot.press("2")
        await pilot.pause()
        assert len(screen.query_one("#event-log", RichLog).lines) >= len(screen.follower.events)
        await pilot.press("1")
        for _ in range(40):
            if screen.follower.reconciled:
                break
            demo_clock.advance(300)
            await pilot.press("r")
            await _settle(pilot)
        assert screen.job.status is JobStatus.SUCCEEDED
        provider = demo_app.session.provider("demo")
        assert screen.follower.series == provider.metrics(screen.job.id)
        assert [e.id for e in screen.follower.events] == [e.id for e in provider.new_events(screen.job.id)]
        assert "final curve from the result file" in str(screen.query_one("#follow-status", Static).render())


async def test_number_keys_switch_tabs_and_details_show_the_error(demo_app: FtuiApp) -> None:
    async with demo_app.run_test(size=(100, 30)) as pilot:
        screen = await _open(pilot, JobStatus.FAILED)
        await pilot.press("3")
        await pilot.pause()
        assert screen.query_one(TabbedContent).active == "details"
        details = shown_text(screen.query_one("#details-body", Static))
        failure = demo_app.session.emulator.store.get_job(screen.job.id).params.failure  # what the server said
        assert failure is not None and failure["message"].startswith("The job failed due to an invalid training file.")
        assert failure["message"] in " ".join(details.split()), details
        assert f"{failure['code']} [{failure['param']}]" in details, details
        await pilot.press("2")
        assert screen.query_one(TabbedContent).active == "events"
        await pilot.press("escape")
        assert not isinstance(demo_app.screen, JobScreen)


async def test_export_writes_a_new_csv_and_never_overwrites(
    demo_app: FtuiApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    async with demo_app.run_test(size=(100, 30)) as pilot:
        screen = await _open(pilot, JobStatus.SUCCEEDED)
        await pilot.press("e")
        await pilot.press("e")
        files = sorted(p.name for p in tmp_path.iterdir())
        assert files == [f"{screen.job.id}-metrics-2.csv", f"{screen.job.id}-metrics.csv"]
        header, *rows = (tmp_path / files[1]).read_text().splitlines()
        assert header.startswith("step,train_loss,valid_loss")
        assert len(rows) == len(screen.follower.series)


async def test_a_dropped_link_shows_offline_then_recovers_without_gaps(demo_app: FtuiApp, demo_clock: Any) -> None:
    async with demo_app.run_test(size=(100, 30)) as pilot:
        screen = await _open(pilot, JobStatus.RUNNING)
        seen = len(screen.follower.events)
        demo_app.session.emulator.inject("drop")
        demo_clock.advance(60)
        await pilot.press("r")
        await _settle(pilot)
        assert "offline" in str(screen.query_one("#follow-status", Static).render())
        await pilot.press("r")
        await _settle(pilot)
        ids = [e.id for e in screen.follower.events]
        assert len(ids) > seen and len(ids) == len(set(ids))
        assert ids == [e.id for e in demo_app.session.provider("demo").new_events(screen.job.id)]


async def test_a_followed_job_shows_its_step_in_the_jobs_table(demo_app: FtuiApp) -> None:
    from ftui.tui.panes.jobs import JobsPane

    async with demo_app.run_test(size=(100, 30)) as pilot:
        screen = await _open(pilot, JobStatus.RUNNING)
        step = screen.follower.series[-1].step
        await pilot.press("escape")
        await _settle(pilot)
        pane = demo_app.screen.query_one(JobsPane)
        row = pane.table.get_row(f"{screen.job.provider}\x1f{screen.job.id}")
        assert f"{step}/300" in [str(cell) for cell in row]
