"""What the job screen shows of its follower: an immutable snapshot, and the note where a late curve goes."""

from __future__ import annotations

from dataclasses import dataclass

from ftui.providers.follow import JobFollower
from ftui.providers.records import Job, JobEvent, MetricPoint

_STAGE_MARK = {"Completed": "✓", "InProgress": "●", "NotStarted": "○", "Failed": "✗", "Stopped": "■", "Stopping": "■"}


def live_note(job: Job, has_curve: bool, late: str) -> str:
    """The note for providers without live metrics (``late`` says when curves come), with the stage timeline."""
    if has_curve:
        return ""
    stages = "  ·  ".join(f"{_STAGE_MARK.get(s.status, '·')} {s.name} {s.status}" for s in job.timeline)
    if job.status.is_terminal:
        return f"{late} No curve was found for this job yet." + (f"\n{stages}" if stages else "")
    return f"{late} Until then: " + (stages or f"status {job.native_status or '—'}")


@dataclass(frozen=True)
class FollowView:
    """An immutable copy of the follower, taken by the poll worker after each poll: all the UI reads."""

    events: tuple[JobEvent, ...] = ()
    """Every event seen so far, oldest first."""
    points: tuple[MetricPoint, ...] = ()
    """The metric series, by step."""
    reconciled: bool = False
    """Whether the series is the job's final one."""
    final_note: str | None = None
    """Why the job's final series could not be read (the curve stays the events'); None when it could."""

    @property
    def series(self) -> list[MetricPoint]:
        """The metric series (a fresh list)."""
        return list(self.points)

    @classmethod
    def of(cls, follower: JobFollower) -> FollowView:
        """Copy ``follower`` (in the thread that owns it)."""
        return cls(tuple(follower.events), tuple(follower.series), follower.reconciled, follower.final_note)
