"""Small text formatters shared by the TUI panes and the CLI (statuses, ages, durations, token counts)."""

from __future__ import annotations

import unicodedata
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


NOT_STARTED = frozenset({JobStatus.PENDING, JobStatus.QUEUED})
"""Statuses of jobs that have not started training: they have taken no time yet."""


def elapsed_seconds(job: Job, now: datetime | None = None) -> float | None:
    """How long the job ran: created to finished, or to ``now`` while it runs; None when not known or not started."""
    if job.created_at is None:
        return None
    if job.finished_at is not None:
        return max(0.0, (job.finished_at - job.created_at).total_seconds())
    if job.status.is_terminal or job.status in NOT_STARTED:
        return None
    return max(0.0, ((now or datetime.now(UTC)) - job.created_at).total_seconds())


def job_duration(job: Job, now: datetime | None = None) -> str:
    """How long the job ran (so far, when still running); a dash when unknown or not started."""
    seconds = elapsed_seconds(job, now)
    if seconds is None:
        return "—"
    return "<1m" if seconds < 60 and job.finished_at is None else duration(seconds)


def status_label(job: Job) -> str:
    """The status as shown: normalized, or the provider's own when ftui does not know it (a dash when it sent none)."""
    if job.status is JobStatus.UNKNOWN:
        return " ".join(str(job.native_status or "").split()) or "—"
    return job.status.value


def short_id(job_id: str, width: int = 14) -> str:
    """An id cut to ``width`` characters with an ellipsis."""
    return job_id if len(job_id) <= width else job_id[: width - 1] + "…"


def middle(text: str, width: int) -> str:
    """``text`` shortened in the middle to at most ``width`` terminal cells: ``ft:gpt-4o-mini…:ckpt-step-90``.

    Both ends stay (they are what tell ids and names apart). Cheap on any length: a 10 MB
    value is cut before it is measured. Wide characters count as two cells.
    """
    width = max(0, width)
    if len(text) <= width and cell_len(text) <= width:
        return text
    if width <= 1:
        return "…"[:width]
    head_room = width - 1 - (width - 1) // 2
    tail_room = (width - 1) // 2
    head = _fit(text[:head_room], head_room)
    tail = _fit(text[len(text) - tail_room :][::-1], tail_room)[::-1] if tail_room else ""
    return f"{head}…{tail}"


def cell_len(text: str) -> int:
    """Terminal cells ``text`` takes: wide (East Asian) characters two, combining marks none (no Rich: the CLI
    never loads it)."""
    return sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _fit(text: str, width: int) -> str:
    """The longest prefix of ``text`` that fits ``width`` cells."""
    while cell_len(text) > width:
        text = text[:-1]
    return text


def tokens(count: int | None) -> str:
    """A token count with thousands separators, or a dash."""
    return "—" if count is None else f"{count:,}"


def ended(job: Job) -> str:
    """How a finished job ended, as a verb phrase: "is already cancelled", "has already failed"."""
    if job.status is JobStatus.CANCELLED:
        return "is already cancelled"
    return f"has already {job.status.value}"
