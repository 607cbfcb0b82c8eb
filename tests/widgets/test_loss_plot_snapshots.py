"""How the loss plot looks: SVG snapshots of a deterministic series.

Update after a deliberate visual change with ``pytest tests/widgets --snapshot-update``
and review the SVGs in the diff.

The training loss is drawn faint (raw values) under its moving average (on by default, ``s``
shows the raw line alone); validation is its own colour, with a dot per evaluation; full
validation a diamond at each epoch end; epoch ends faded vertical lines.
"""

from __future__ import annotations

from typing import Any

import pytest

from ftui.providers.records import Checkpoint, JobStatus, MetricPoint
from ftui.tui.widgets import LossPlot

from .conftest import PlotApp, make_series

SIZES = [(80, 24), (160, 48)]


def _id(size: tuple[int, int]) -> str:
    return f"{size[0]}x{size[1]}"


@pytest.mark.parametrize("size", SIZES, ids=_id)
def test_single_job_smoothed(snap_compare: Any, size: tuple[int, int]) -> None:
    """The default: raw faint, smoothed line, validation line and dots, epoch diamonds and lines."""
    assert snap_compare(PlotApp({"job": make_series()}), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=_id)
def test_single_job_raw_after_s(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(PlotApp({"job": make_series()}), press=["s"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=_id)
def test_ascii_fallback(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(PlotApp({"job": make_series()}, marker="ascii"), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=_id)
def test_compare_two_jobs(snap_compare: Any, size: tuple[int, int]) -> None:
    series = {"alpha": make_series(), "beta": make_series(300, seed=3, overfit=False)}
    assert snap_compare(PlotApp(series), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=_id)
def test_long_run_of_30k_steps(snap_compare: Any, size: tuple[int, int]) -> None:
    """Many steps per column: a thin faint band of each column's lows and highs under the line."""
    assert snap_compare(PlotApp({"job": make_series(30_000, 30_000)}), terminal_size=size)


def test_empty_with_note_at_80x24(snap_compare: Any) -> None:
    note = "Bedrock publishes loss curves only when the job ends; showing the status timeline meanwhile."
    assert snap_compare(PlotApp(note=note), terminal_size=(80, 24))


def test_failed_job_without_metrics_at_80x24(snap_compare: Any) -> None:
    async def failed(pilot: Any) -> None:
        pilot.app.query_one(LossPlot).set_job(JobStatus.FAILED, loaded=True)

    assert snap_compare(PlotApp(), run_before=failed, terminal_size=(80, 24))


def test_cancelled_job_plotted_from_checkpoints_at_80x24(snap_compare: Any) -> None:
    saved = [
        Checkpoint(f"cp-{s}", s, f"ft:m:ckpt-step-{s}", metrics=MetricPoint(s, train_loss=loss, valid_loss=loss + 0.1))
        for s, loss in ((100, 1.2), (200, 0.8), (300, 0.6))
    ]

    async def cancelled(pilot: Any) -> None:
        plot = pilot.app.query_one(LossPlot)
        plot.set_job(JobStatus.CANCELLED, loaded=True)
        plot.set_series({"job": []}, checkpoints={"job": saved})

    assert snap_compare(PlotApp(), run_before=cancelled, terminal_size=(80, 24))
