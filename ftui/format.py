"""Small text formatters shared by the TUI panes and the CLI (statuses, ages, durations, token counts)."""

from __future__ import annotations

from datetime import UTC, datetime

from ftui.providers.records import Job, JobStatus

STATUS_STYLE = {
    JobStatus.PENDING: "yellow",
    JobStatus.QUEUED: "yellow",
    JobStatus.RUNNING: "bold cyan",
    JobStatus.PAUSING: "magenta",
    JobStatus.PAUSED: "magenta",
    JobStatus.SUCCEEDED: "green",
    JobStatus.FAILED: "bold red",
    JobStatus.CANCELLED: "dim",
    JobStatus.UNKNOWN: "red",
}
"""Rich style per normalized status."""


def duration(seconds: float | None) -> str:
    """A compact duration: ``42s``, ``5m``, ``3h12m``, ``4d``."""
    if seconds is None:
        return "—"
    seconds = max(0, int(seconds))
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m"
    if seconds < 86400:
        hours, rest = divmod(seconds, 3600)
        return f"{hours}h{rest // 60:02d}m" if rest >= 60 else f"{hours}h"
    return f"{seconds // 86400}d"


def age(moment: datetime | None, now: datetime | None = None) -> str:
    """How long ago ``moment`` was, to the minute (a table that ticks every second costs bandwidth)."""
    if moment is None:
        return "—"
    now = now or datetime.now(UTC)
    seconds = (now - moment).total_seconds()
    return "<1m" if seconds < 60 else duration(seconds)


def job_duration(job: Job, now: datetime | None = None) -> str:
    """How long the job ran (so far, when still active)."""
    if job.created_at is None:
        return "—"
    if job.finished_at is not None:
        return duration((job.finished_at - job.created_at).total_seconds())
    return "—" if job.status.is_terminal else age(job.created_at, now)


def status_label(job: Job) -> str:
    """The status as shown: normalized, with the native one when it is unknown."""
    if job.status is JobStatus.UNKNOWN:
        return f"? {job.native_status}"
    return job.status.value


def short_id(job_id: str, width: int = 14) -> str:
    """An id cut to ``width`` characters with an ellipsis."""
    return job_id if len(job_id) <= width else job_id[: width - 1] + "…"


def tokens(count: int | None) -> str:
    """A token count with thousands separators, or a dash."""
    return "—" if count is None else f"{count:,}"


def ended(job: Job) -> str:
    """How a finished job ended, as a verb phrase: "is already cancelled", "has already failed"."""
    if job.status is JobStatus.CANCELLED:
        return "is already cancelled"
    return f"has already {job.status.value}"
