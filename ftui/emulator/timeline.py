"""The pure simulation of one job: given its plan and the pause/resume/cancel
history, compute every status change, event, step and checkpoint with its
(simulated) time. Nothing ticks in the background; callers filter by "now"."""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Action", "Durations", "Plan", "TimedEvent", "Timeline", "build_timeline"]


@dataclass(frozen=True)
class Durations:
    """Phase lengths in clock seconds (already divided by the speed)."""

    validate: float
    queue: float
    step: float
    pausing: float
    requeue: float
    finalize: float


@dataclass(frozen=True)
class Action:
    """A user action on the job at clock time ``t``: pause, resume or cancel."""

    t: float
    kind: str


@dataclass(frozen=True)
class Plan:
    """Everything about a job that is fixed at creation."""

    created: float
    durations: Durations
    total_steps: int
    epoch_ends: tuple[int, ...]
    failure: str | None
    labels: dict[str, str]
    metrics: Callable[[int], dict[str, Any]]
    message: Callable[[dict[str, Any]], str]


@dataclass
class TimedEvent:
    """An event with the float clock time it happens at and a stable key."""

    t: float
    key: str
    level: str
    message: str
    type: str
    data: dict[str, Any]


@dataclass
class Timeline:
    """The computed history of a job; query it with a clock time."""

    statuses: list[tuple[float, str]] = field(default_factory=list)
    events: list[TimedEvent] = field(default_factory=list)
    steps: list[tuple[float, int]] = field(default_factory=list)
    checkpoints: list[tuple[float, int]] = field(default_factory=list)
    segments: list[tuple[float, int, float]] = field(default_factory=list)
    finished_at: float | None = None
    succeeded_at: float | None = None
    _event_times: list[float] = field(default_factory=list, repr=False)

    def status_at(self, now: float) -> str:
        """Return the job status at clock time ``now``."""
        times = [t for t, _ in self.statuses]
        index = bisect.bisect_right(times, now) - 1
        return self.statuses[max(0, index)][1]

    def visible_events(self, now: float) -> int:
        """Return how many events (oldest first) have happened by ``now``."""
        if len(self._event_times) != len(self.events):
            self._event_times = [e.t for e in self.events]
        return bisect.bisect_right(self._event_times, now)

    def steps_done(self, now: float) -> int:
        """Return the last completed step at ``now`` (0 if none)."""
        index = bisect.bisect_right([t for t, _ in self.steps], now)
        return self.steps[index - 1][1] if index else 0

    def estimated_finish(self, now: float) -> float | None:
        """Return the projected finish time if the job is running at ``now``."""
        if self.status_at(now) != "running":
            return None
        for start, _, finish in reversed(self.segments):
            if start <= now:
                return finish
        return None


def build_timeline(plan: Plan, actions: list[Action]) -> Timeline:
    """Simulate a job from its plan and action history."""
    d, labels, tl = plan.durations, plan.labels, Timeline()
    pending = sorted(actions, key=lambda a: a.t)

    def take(end: float) -> Action | None:
        if pending and pending[0].t < end:
            return pending.pop(0)
        return None

    def event(
        t: float, key: str, message: str, level: str = "info", kind: str = "message", data: dict[str, Any] | None = None
    ) -> None:
        tl.events.append(TimedEvent(t, key, level, message, kind, data or {}))

    def status(t: float, value: str) -> None:
        tl.statuses.append((t, value))

    def cancel(t: float) -> Timeline:
        status(t, "cancelled")
        event(t, "cancelled", "Fine-tuning job cancelled")
        tl.finished_at = t
        return tl

    t = plan.created
    status(t, "validating_files")
    event(t, "created", f"Created fine-tuning job: {labels['job']}")
    what = f"Validating training file: {labels['training_file']}"
    if labels.get("validation_file"):
        what += f" and validation file: {labels['validation_file']}"
    event(t, "validating", what)
    act = take(t + d.validate)
    if act:
        return cancel(act.t)
    t += d.validate
    if plan.failure:
        status(t, "failed")
        event(t, "failed", plan.failure, level="error")
        tl.finished_at = t
        return tl
    status(t, "queued")
    event(t, "validated", "Files validated, moving job to queued state")
    step, queue, segment, total = 0, d.queue, 0, plan.total_steps
    while True:
        act = take(t + queue)
        if act:
            return cancel(act.t)
        t += queue
        segment += 1
        status(t, "running")
        train_end = t + (total - step) * d.step
        tl.segments.append((t, step, train_end + d.finalize))
        event(
            t,
            f"started-{segment}",
            "Fine-tuning job started" if step == 0 else f"Fine-tuning job resumed training at step {step}",
        )
        act = take(train_end + d.finalize)
        limit = act.t if act else train_end
        start, first = t, step
        while step < total and start + (step + 1 - first) * d.step <= limit:
            step += 1
            ts = start + (step - first) * d.step
            data = plan.metrics(step)
            tl.steps.append((ts, step))
            event(ts, f"step-{step}", plan.message(data), kind="metrics", data=data)
            if step in plan.epoch_ends:
                tl.checkpoints.append((ts, step))
                event(
                    ts,
                    f"ckpt-{step}",
                    f"Checkpoint created at step {step} with Snapshot ID: {labels['model']}:ckpt-step-{step}",
                )
        if act is None:
            done = train_end + d.finalize
            event(done, "model", f"New fine-tuned model created: {labels['model']}")
            event(done, "succeeded", "The job has successfully completed")
            status(done, "succeeded")
            tl.finished_at = tl.succeeded_at = done
            return tl
        if act.kind == "cancel":
            return cancel(act.t)
        status(act.t, "pausing")
        event(act.t, f"pausing-{segment}", f"Pausing fine-tuning job at step {step}")
        paused = act.t + d.pausing
        act = take(float("inf"))
        if act and act.kind == "cancel" and act.t < paused:
            return cancel(act.t)
        status(paused, "paused")
        event(paused, f"paused-{segment}", f"Fine-tuning job paused at step {step}")
        if act is None:
            return tl
        if act.kind == "cancel":
            return cancel(act.t)
        t, queue = act.t, d.requeue
        status(t, "queued")
        event(t, f"resumed-{segment}", "Fine-tuning job resumed")
