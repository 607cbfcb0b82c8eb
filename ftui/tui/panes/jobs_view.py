"""What the jobs table shows: filtering, sorting and cell text, without any widget."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from ftui import format as fmt
from ftui.providers.records import Job, JobStatus

STATUS_FILTERS: tuple[tuple[str, frozenset[JobStatus] | None], ...] = (
    ("all", None),
    (
        "active",
        frozenset({JobStatus.PENDING, JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.PAUSING, JobStatus.PAUSED}),
    ),
    ("succeeded", frozenset({JobStatus.SUCCEEDED})),
    ("failed", frozenset({JobStatus.FAILED, JobStatus.UNKNOWN})),
    ("cancelled", frozenset({JobStatus.CANCELLED})),
)
"""The status filters ``f`` cycles through."""

_STATUS_ORDER = {status: i for i, status in enumerate(JobStatus)}


_SORT_TEXT = 200
"""Characters of a text value that take part in sorting (a 10 MB name costs no more than a short one)."""
CELL_TEXT = 300
"""Longest cell text kept before a column shortens it (both ends kept)."""


SORT_KEYS: Mapping[str, Callable[[Job], object]] = {
    "profile": lambda job: job.provider[:_SORT_TEXT],
    "id": lambda job: job.id[:_SORT_TEXT],
    "name": lambda job: (job.name or "")[:_SORT_TEXT].lower() or None,
    "model": lambda job: job.base_model[:_SORT_TEXT] or None,
    "status": lambda job: _STATUS_ORDER[job.status],
    "progress": lambda job: _STATUS_ORDER[job.status],
    "tokens": lambda job: job.trained_tokens,
    "age": lambda job: job.created_at.timestamp() if job.created_at else None,
}
"""How each column sorts (Took depends on the time: see :func:`sort_key_of`)."""


def sort_key_of(column: str, now: datetime) -> Callable[[Job], object]:
    """How ``column`` sorts as of ``now``: Took by the time run so far for a running job (None: not started)."""
    if column == "duration":
        return lambda job: fmt.elapsed_seconds(job, now)
    return SORT_KEYS.get(column, SORT_KEYS["age"])


@dataclass(frozen=True)
class Filter:
    """A regex over a row's visible text; ``!`` in front inverts it."""

    text: str = ""
    """What the user typed."""

    @property
    def inverted(self) -> bool:
        """Whether matching rows are hidden instead of shown."""
        return self.text.startswith("!")

    @property
    def pattern(self) -> re.Pattern[str] | None:
        """The compiled pattern (a literal when the text is not a valid regex)."""
        body = self.text[1:] if self.inverted else self.text
        if not body:
            return None
        try:
            return re.compile(body, re.IGNORECASE)
        except re.error:
            return re.compile(re.escape(body), re.IGNORECASE)

    @property
    def valid(self) -> bool:
        """Whether the text is a valid regex (an invalid one is matched literally)."""
        try:
            re.compile(self.text[1:] if self.inverted else self.text)
        except re.error:
            return False
        return True

    def keeps(self, row_text: str) -> bool:
        """Whether a row with this text is shown."""
        pattern = self.pattern
        if pattern is None:
            return True
        return bool(pattern.search(row_text)) != self.inverted


def progress(job: Job, steps: Mapping[tuple[str, str], tuple[int, int | None]], now: datetime) -> str:
    """Progress text: step/total when known, else the phase or the time left."""
    known = steps.get(job.key)
    if job.status in (JobStatus.RUNNING, JobStatus.PAUSING, JobStatus.PAUSED) and known:
        step, total = known
        return f"{step}/{total}" if total else f"step {step}"
    if job.status is JobStatus.RUNNING and job.timeline:
        current = next((stage for stage in job.timeline if stage.status in ("InProgress", "Stopping")), None)
        if current is not None:
            return current.name
    if job.status is JobStatus.RUNNING and job.estimated_finish is not None:
        return f"{fmt.duration((job.estimated_finish - now).total_seconds())} left"
    if job.status is JobStatus.PENDING:
        return "validating"
    if job.status in (JobStatus.QUEUED, JobStatus.PAUSED, JobStatus.PAUSING):
        return job.status.value
    if job.status is JobStatus.SUCCEEDED and job.total_steps:
        return f"{job.total_steps}/{job.total_steps}"
    return "—"  # finished, unknown, or running with nothing known about its progress


def _safe(make: Callable[[], object]) -> str:
    """A cell's text on one line, shortened in the middle; a dash when missing or of a type no formatter expects."""
    try:
        value = make()
    except Exception:  # noqa: BLE001 - one odd field must not take the table (or the app) down
        return "—"
    if value is None:
        return "—"
    text = fmt.middle(str(value), CELL_TEXT)
    return " ".join(text.split()) or "—"


def cells(job: Job, now: datetime, steps: Mapping[tuple[str, str], tuple[int, int | None]]) -> dict[str, str]:
    """The plain text of every column for a job (styles are added by the pane)."""
    return {
        "profile": _safe(lambda: job.provider),
        "id": _safe(lambda: job.id),
        "name": _safe(lambda: job.name),
        "model": _safe(lambda: job.base_model),
        "status": _safe(lambda: fmt.status_label(job)),
        "progress": _safe(lambda: progress(job, steps, now)),
        "tokens": _safe(lambda: fmt.tokens(job.trained_tokens)),
        "age": _safe(lambda: fmt.age(job.created_at, now)),
        "duration": _safe(lambda: fmt.job_duration(job, now)),
    }


def visible(
    jobs: Iterable[Job],
    *,
    now: datetime,
    steps: Mapping[tuple[str, str], tuple[int, int | None]],
    text_filter: Filter,
    status_filter: frozenset[JobStatus] | None,
    sort_key: str,
    reverse: bool,
) -> list[tuple[Job, dict[str, str]]]:
    """The jobs to show, with their cells, filtered and sorted."""
    rows = []
    for job in jobs:
        if status_filter is not None and job.status not in status_filter:
            continue
        row = cells(job, now, steps)
        if not text_filter.keeps(" ".join(row.values())):
            continue
        rows.append((job, row))
    key = sort_key_of(sort_key, now)
    known = [(job, row) for job, row in rows if _sortable(key, job) is not None]
    missing = [(job, row) for job, row in rows if _sortable(key, job) is None]
    known.sort(key=lambda pair: _sortable(key, pair[0]) or (0, 0.0), reverse=reverse)
    missing.sort(key=lambda pair: _sortable(SORT_KEYS["age"], pair[0]) or (0, 0.0), reverse=True)
    return known + missing  # a value missing (never started, unknown) sorts last either way


def _sortable(key: Callable[[Job], object], job: Job) -> tuple[int, float | str] | None:
    """A sort key that never raises: numbers, then text; None when the value is missing or of an odd type."""
    try:
        value = key(job)
    except Exception:  # noqa: BLE001 - a field of the wrong type
        return None
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (1, float(value))
    return (2, str(value))


def row_key(job: Job) -> str:
    """The table's key of a job's row (an absurdly long id stands in by its ends and its hash: cheap, unique)."""
    if len(job.id) <= 512:
        return f"{job.provider}\x1f{job.id}"
    return f"{job.provider}\x1f{job.id[:200]}\x1f{hash(job.id)}"
