"""Follow one job: new events since a cursor, its metric series, and the final reconciliation.

Used by the TUI's workers and by ``ftui watch``. Each :meth:`JobFollower.poll`
costs one job request plus one events request per page of *new* events. When a
call fails (dropped connection, 429, 5xx) the cursor is left where it was, so the
next poll neither skips nor repeats an event.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from ftui.providers.base import Provider
from ftui.providers.errors import (
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
    ProviderError,
    UnreadableResultError,
)
from ftui.providers.metrics import merge_points
from ftui.providers.records import Job, JobEvent, JobStatus, MetricPoint


@dataclass(frozen=True, slots=True)
class FollowUpdate:
    """What one poll brought."""

    job: Job
    """The job as it is now."""
    events: tuple[JobEvent, ...]
    """Events new since the previous poll, oldest first."""
    series_changed: bool
    """Whether the metric series changed (new points or reconciliation)."""
    finished: bool = False
    """True on the poll that saw the job end (and reconciled its series)."""
    note: str | None = None
    """Why the series is not the final one (the result file could not be read), once known."""


class FollowStopped(ProviderError):
    """The follower was stopped (its screen closed) while a poll was under way."""

    default_title = "Stopped"


@dataclass
class JobFollower:
    """Keeps a job's full event history and metric series for this session."""

    provider: Provider
    """Where the job lives."""
    job_id: str
    """The job followed."""
    events: list[JobEvent] = field(default_factory=list)
    """Every event seen so far, oldest first, without duplicates."""
    reconciled: bool = False
    """Whether the series has been replaced by the job's authoritative final series."""
    job: Job | None = None
    """The job as of the last poll."""
    final_note: str | None = None
    """Why the job's final series could not be read (the curve stays the events'); None when it could."""
    _points: dict[int, MetricPoint] = field(default_factory=dict)
    _final_failures: int = 0
    _stopped: threading.Event = field(default_factory=threading.Event)

    def stop(self) -> None:
        """Stop following: a poll under way ends after its current request, later polls at once.

        Safe from any thread (the TUI calls it when the job screen closes).
        """
        self._stopped.set()

    @property
    def stopped(self) -> bool:
        """Whether :meth:`stop` was called."""
        return self._stopped.is_set()

    def _check(self) -> None:
        if self._stopped.is_set():
            raise FollowStopped(f"Stopped following {self.job_id}.")

    @property
    def cursor(self) -> str | None:
        """The id of the newest event seen (None before the first poll)."""
        return self.events[-1].id if self.events else None

    @property
    def series(self) -> list[MetricPoint]:
        """The metric series, sorted by step."""
        return [self._points[step] for step in sorted(self._points)]

    def poll(self) -> FollowUpdate:
        """Fetch the job and its new events; reconcile the series once the job has ended.

        Raises:
            ProviderError: the call failed; nothing was recorded, poll again later.
            FollowStopped: :meth:`stop` was called; nothing more is requested.
        """
        self._check()
        job = self.provider.get_job(self.job_id)
        self._check()
        new = self.provider.new_events(self.job_id, since=self.cursor)
        final: list[MetricPoint] = []
        unreadable: ProviderError | None = None
        if job.status is JobStatus.SUCCEEDED and not self.reconciled:
            self._check()
            try:
                final = self.provider.final_metrics(job)
            except _UNREADABLE as error:  # for good: keep the events' series and say why
                unreadable = error
            except ProviderError as error:  # a fault: fail this poll, but not forever
                self._final_failures += 1
                if self._final_failures < FINAL_TRIES:
                    raise
                unreadable = error
        # Every call has succeeded: only now is anything recorded.
        known = {event.id for event in self.events[-len(new) - 50 :]} if new else set()
        new = [event for event in new if event.id not in known]
        changed = False
        for event in new:
            if event.metrics is not None:
                point = event.metrics
                old = self._points.get(point.step)
                self._points[point.step] = point if old is None else old.merged(point)
                changed = True
        self.events.extend(new)
        finished = False
        if job.status.is_terminal and not self.reconciled:
            if final:
                self._points = {p.step: p for p in merge_points(self.series, final)}
                changed = True
            if unreadable is not None:
                self.final_note = reconcile_note(unreadable, len(self._points))
            # A succeeded job whose result files are not there yet is reconciled on a later poll.
            self.reconciled = bool(final) or unreadable is not None or job.status is not JobStatus.SUCCEEDED
            finished = self.reconciled
        self.job = job
        return FollowUpdate(job=job, events=tuple(new), series_changed=changed, finished=finished, note=self.final_note)


FINAL_TRIES = 3
"""Polls in a row whose result-file read may fail transiently (5xx, dropped link) before the events' series is final."""

_UNREADABLE = (UnreadableResultError, NotFoundError, InvalidRequestError, PermissionDeniedError)
"""Errors reading a result file that another try will not fix (a dropped link or a 5xx will be retried)."""


def reconcile_note(error: ProviderError, points: int) -> str:
    """The sentence shown when a finished job's result file could not be read."""
    shown = f"the {points} steps shown come from the job's events" if points else "the job's events had no metrics"
    return f"Final metrics unavailable: {error.message.rstrip('.')}; {shown}."
