"""Pilot test of the Loss tab of an ended job: the empty state says what happened, never "when training starts"."""

from __future__ import annotations

from typing import Any

from textual.widgets import Static

from ftui.providers import JobStatus
from ftui.tui.app import FtuiApp
from ftui.tui.screens.compare import NOTHING_TO_COMPARE, CompareScreen
from ftui.tui.widgets.loss_empty import WAITING
from ftui.tui.widgets.loss_plot import LossPlot
from tests.pilot import loaded, open_job, shown_text, until


async def test_a_failed_job_without_metrics_says_it_failed_and_where_the_error_is(demo_app: FtuiApp) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        screen = await open_job(pilot, JobStatus.FAILED)
        plot = screen.query_one(LossPlot)
        await until(pilot, lambda: plot.loaded, "the failed job's metrics read")
        await pilot.pause()
        shown = " ".join(shown_text(plot.query_one("#loss-empty", Static)).split())
        assert shown == "The job failed before reporting any metrics — see Details (3) for the error.", shown
        assert WAITING not in shown
        await pilot.press("3")  # the key the text names shows the error
        await pilot.pause()
        assert "invalid training file" in " ".join(shown_text(screen.query_one("#details-body", Static)).split())


async def test_a_cancelled_job_with_metrics_plots_them(demo_app: FtuiApp) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        screen = await open_job(pilot, JobStatus.CANCELLED)
        plot = screen.query_one(LossPlot)
        await until(pilot, lambda: plot.loaded and plot.canvas.display, "the cancelled job's curve")
        assert "(smoothed; raw " in plot.legend_text and not plot.query_one("#loss-empty").display


async def _compare(pilot: Any, *statuses: JobStatus | tuple[JobStatus, ...]) -> CompareScreen:
    from ftui.tui.panes.jobs import JobsPane

    await loaded(pilot)
    pane = pilot.app.screen.query_one(JobsPane)
    for wanted in statuses:
        status = wanted if isinstance(wanted, tuple) else (wanted,)
        await pilot.press("g")
        for _ in range(len(pane.shown)):
            if pane.selected is not None and pane.selected.status in status:
                break
            await pilot.press("j")
        assert pane.selected is not None and pane.selected.status in status
        await pilot.press("space")
    await pilot.press("C")
    await loaded(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CompareScreen)
    return screen


async def test_compare_draws_smoothed_lines_and_says_when_no_job_has_metrics(demo_app: FtuiApp) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        screen = await _compare(pilot, JobStatus.FAILED, (JobStatus.QUEUED, JobStatus.PENDING))
        plot = screen.query_one(LossPlot)
        await until(pilot, lambda: plot.loaded, "both series read")
        await pilot.pause()
        shown = " ".join(shown_text(plot.query_one("#loss-empty", Static)).split())
        assert shown == NOTHING_TO_COMPARE, shown
        await pilot.press("escape")
        screen = await _compare(pilot, JobStatus.SUCCEEDED, JobStatus.CANCELLED)
        plot = screen.query_one(LossPlot)
        await until(pilot, lambda: plot.loaded and plot.canvas.display, "the compared curves")
        lines = plot.legend_text.splitlines()
        drawn = [line for line in lines if "(smoothed; raw " in line]  # the first pair stays marked too
        assert len(drawn) == 2 and all(line in drawn or line.endswith("  no metrics") for line in lines), lines
