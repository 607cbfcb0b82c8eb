"""Pilot test of the Loss tab of an ended job: the empty state says what happened, never "when training starts"."""

from __future__ import annotations

from textual.widgets import Static

from ftui.providers import JobStatus
from ftui.tui.app import FtuiApp
from ftui.tui.widgets.loss_empty import WAITING
from ftui.tui.widgets.loss_plot import LossPlot
from tests.pilot import open_job, shown_text, until


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
