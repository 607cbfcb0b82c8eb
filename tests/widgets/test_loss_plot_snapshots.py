"""How the loss plot looks: SVG snapshots of a deterministic series.

Update after a deliberate visual change with ``pytest tests/widgets --snapshot-update``
and review the SVGs in the diff.
"""

from __future__ import annotations

from typing import Any

from .conftest import PlotApp, make_series


def test_single_job_at_80x24(snap_compare: Any) -> None:
    assert snap_compare(PlotApp({"job": make_series()}), terminal_size=(80, 24))


def test_single_job_at_160x48(snap_compare: Any) -> None:
    assert snap_compare(PlotApp({"job": make_series()}), terminal_size=(160, 48))


def test_ascii_fallback_at_80x24(snap_compare: Any) -> None:
    assert snap_compare(PlotApp({"job": make_series()}, marker="ascii"), terminal_size=(80, 24))


def test_compare_two_jobs_at_80x24(snap_compare: Any) -> None:
    series = {"alpha": make_series(), "beta": make_series(300, seed=3, overfit=False)}
    assert snap_compare(PlotApp(series), terminal_size=(80, 24))


def test_empty_with_note_at_80x24(snap_compare: Any) -> None:
    note = "Bedrock publishes loss curves only when the job ends; showing the status timeline meanwhile."
    assert snap_compare(PlotApp(note=note), terminal_size=(80, 24))
