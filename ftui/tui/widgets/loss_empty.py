"""What the loss plot says when a job has no step metrics, and the checkpoint metrics it can plot instead.

Pure (no Textual): the texts depend on the job's status, so a failed job never
promises a curve "when training starts", and a finished job whose only metrics
sit on its checkpoints still gets a plot.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ftui.providers.records import Checkpoint, JobStatus, MetricPoint

WAITING = "No metrics yet — the curve appears when training starts."
"""Before training starts (queued, validating files, or a status not known yet)."""
LOADING = "Loading metrics…"
"""A job that has ended, before its metrics were read."""
DETAILS_HINT = "Details (3)"
"""Where the job screen shows a job's error and checkpoints."""


def empty_text(
    status: JobStatus | None, checkpoints: Sequence[Checkpoint] = (), loaded: bool = True, unknown: str = WAITING
) -> str:
    """Why there is no curve, true to the job's ``status``.

    Args:
        status: The job's status; None when the plot is not about one job's state (e.g. compare).
        checkpoints: The job's checkpoints (pointed at when they exist but carry no metrics).
        loaded: Whether the metrics have been read; a job that may have some says "loading" until then.
        unknown: What to say once loaded when there is no one status (e.g. several jobs compared).
    """
    if status in (JobStatus.PENDING, JobStatus.QUEUED):
        return WAITING
    if status is None:
        return unknown if loaded else LOADING
    if not loaded:
        return LOADING
    many = len(checkpoints) != 1
    saved = (
        f" Its {_count(len(checkpoints))} {'are' if many else 'is'} listed in {DETAILS_HINT}." if checkpoints else ""
    )
    if status is JobStatus.FAILED:
        return f"The job failed before reporting any metrics — see {DETAILS_HINT} for the error.{saved}"
    if status is JobStatus.CANCELLED:
        return f"The job was cancelled before reporting any metrics.{saved}"
    if status is JobStatus.SUCCEEDED:
        return f"The job finished without reporting step metrics.{saved}"
    if status in (JobStatus.PAUSED, JobStatus.PAUSING):
        return "No metrics yet — the job is paused; the curve appears when training resumes."
    if status is JobStatus.RUNNING:
        return "No metrics yet — training has started; the curve appears with the first reported step."
    return "No metrics reported yet."


def checkpoint_points(checkpoints: Sequence[Checkpoint]) -> list[MetricPoint]:
    """The metrics the checkpoints carry, one point per checkpoint step, in step order."""
    points = {cp.step: replace(cp.metrics, step=cp.step) for cp in checkpoints if cp.metrics is not None}
    return [points[step] for step in sorted(points) if _has_metric(points[step])]


def checkpoint_note(count: int) -> str:
    """The line that says where plotted checkpoint metrics come from."""
    return f"From the job's {_count(count)} (it reported no step metrics)."


def _count(count: int) -> str:
    return f"{count} checkpoint{'s' if count != 1 else ''}"


def _has_metric(point: MetricPoint) -> bool:
    return any(getattr(point, key) is not None for key in MetricPoint.METRIC_KEYS)
