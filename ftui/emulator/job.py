"""One simulated fine-tuning job: creation parameters, action history and
the JSON views (job, events, checkpoints) at a given clock time."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from typing import Any

from ftui.emulator.curves import Curves
from ftui.emulator.errors import invalid
from ftui.emulator.hyperparams import auto_values
from ftui.emulator.ids import stable_id, stable_token
from ftui.emulator.timeline import Action, Durations, Plan, TimedEvent, Timeline, build_timeline

__all__ = ["ORG", "JobParams", "SimJob"]

ORG = "org-emulator"
"""``organization_id`` of every job."""

_ACTIVE = {"validating_files", "queued", "running", "pausing", "paused"}


@dataclass
class JobParams:
    """Validated creation parameters of a job."""

    id: str
    model: str
    method: str
    requested: dict[str, Any]
    training_file: str
    validation_file: str | None
    suffix: str | None
    seed: int
    metadata: dict[str, str] | None
    integrations: list[dict[str, Any]] | None
    grader: dict[str, Any] | None
    created: float
    examples: int
    tokens: int
    failure: dict[str, str] | None
    emulator_seed: int
    speed: float
    extra: dict[str, Any] = field(default_factory=dict)


class SimJob:
    """A job whose state is a pure function of its params, history and time.

    Args:
        params: The validated creation parameters.
    """

    def __init__(self, params: JobParams) -> None:
        self.params = p = params
        self.actions: list[Action] = []
        self.seq = 0
        """Creation order within the store (tie-breaker for equal timestamps)."""
        self._timeline: Timeline | None = None
        self._event_ids: dict[str, str] = {}
        self._event_index: dict[str, int] | None = None
        rng = random.Random(f"ftui-job:{p.emulator_seed}:{p.id}")
        jitter = lambda base: base * rng.uniform(0.85, 1.15) / p.speed  # noqa: E731
        self.durations = Durations(
            validate=jitter(15.0),
            queue=jitter(30.0),
            step=jitter(2.0),
            pausing=jitter(5.0),
            requeue=jitter(10.0),
            finalize=jitter(6.0),
        )
        resolved = dict(p.requested)
        for key, value in auto_values(p.examples, p.method).items():
            if resolved.get(key) == "auto":
                resolved[key] = value
        self.resolved = resolved
        epochs, batch = int(resolved["n_epochs"]), int(resolved["batch_size"])
        self.total_steps = max(1, math.ceil(p.examples * epochs / batch))
        self.epoch_ends = tuple(min(self.total_steps, math.ceil(e * p.examples / batch)) for e in range(1, epochs + 1))
        curve_key = f"{p.seed}|{p.model}|{p.method}|{p.examples}|{p.tokens}|{sorted(resolved.items())}"
        self.curves = Curves(curve_key, self.total_steps, list(self.epoch_ends), bool(p.validation_file))
        suffix = p.suffix or ""
        self.fine_tuned_model = f"ft:{p.model}:emulator:{suffix}:{stable_token(p.id, 'model', length=8)}"
        self.result_file_id = stable_id("file-", p.id, "result", length=22)

    # -- simulation -------------------------------------------------------
    def timeline(self) -> Timeline:
        """Return the (cached) timeline for the current action history."""
        if self._timeline is None:
            p = self.params
            plan = Plan(
                created=p.created,
                durations=self.durations,
                total_steps=self.total_steps,
                epoch_ends=self.epoch_ends,
                failure=p.failure["message"] if p.failure else None,
                labels={
                    "job": p.id,
                    "training_file": p.training_file,
                    "validation_file": p.validation_file or "",
                    "model": self.fine_tuned_model,
                },
                metrics=self.curves.metrics,
                message=self.curves.message,
            )
            self._timeline = build_timeline(plan, self.actions)
        return self._timeline

    def status(self, now: float) -> str:
        """Return the status at clock time ``now``."""
        return self.timeline().status_at(now)

    def act(self, kind: str, now: float) -> None:
        """Apply pause/resume/cancel at ``now``, or raise a 400 if not allowed."""
        status = self.status(now)
        job = self.params.id
        if kind == "cancel" and status not in _ACTIVE:
            raise invalid(
                f"Job {job} has already {status} and cannot be cancelled.",
                param="fine_tuning_job_id",
                code="invalid_job_status",
            )
        if kind == "pause":
            tl = self.timeline()
            finishing = tl.steps_done(now) >= self.total_steps
            if status != "running" or finishing:
                state = "finishing" if status == "running" else status
                raise invalid(
                    f"Job {job} is {state}; only a running job can be paused.",
                    param="fine_tuning_job_id",
                    code="invalid_job_status",
                )
        if kind == "resume" and status != "paused":
            raise invalid(
                f"Job {job} is {status}; only a paused job can be resumed.",
                param="fine_tuning_job_id",
                code="invalid_job_status",
            )
        self.actions.append(Action(now, kind))
        self._timeline = None
        self._event_index = None

    # -- views ------------------------------------------------------------
    def to_dict(self, now: float) -> dict[str, Any]:
        """Return the ``FineTuningJob`` JSON object as seen at ``now``."""
        p, tl = self.params, self.timeline()
        status = tl.status_at(now)
        validated = status != "validating_files" and not (status == "failed" and p.failure)
        hyper = self.resolved if validated else p.requested
        succeeded = status == "succeeded"
        method: dict[str, Any] = {"type": p.method, p.method: {"hyperparameters": dict(hyper)}}
        if p.grader is not None:
            method[p.method]["grader"] = p.grader
        est = tl.estimated_finish(now)
        return {
            "object": "fine_tuning.job",
            "id": p.id,
            "created_at": int(p.created),
            "model": p.model,
            "organization_id": ORG,
            "status": status,
            "error": dict(p.failure) if status == "failed" and p.failure else None,
            "fine_tuned_model": self.fine_tuned_model if succeeded else None,
            "finished_at": int(tl.finished_at) if tl.finished_at is not None and tl.finished_at <= now else None,
            "estimated_finish": int(est) if est is not None else None,
            "hyperparameters": {k: hyper[k] for k in ("batch_size", "learning_rate_multiplier", "n_epochs")},
            "method": method,
            "result_files": [self.result_file_id] if succeeded else [],
            "trained_tokens": p.tokens * int(self.resolved["n_epochs"]) if succeeded else None,
            "training_file": p.training_file,
            "validation_file": p.validation_file,
            "integrations": p.integrations,
            "seed": p.seed,
            "metadata": p.metadata,
            "user_provided_suffix": p.suffix,
        }

    def _event_dict(self, e: TimedEvent) -> dict[str, Any]:
        return {
            "object": "fine_tuning.job.event",
            "id": self._event_id(e.key),
            "created_at": int(e.t),
            "level": e.level,
            "message": e.message,
            "type": e.type,
            "data": dict(e.data),
        }

    def events(self, now: float) -> list[dict[str, Any]]:
        """Return all visible events, newest first."""
        return self.event_page(now, None, len(self.timeline().events))[0]

    def event_page(self, now: float, after: str | None, limit: int) -> tuple[list[dict[str, Any]], bool]:
        """Return one newest-first page of visible events and ``has_more``.

        Args:
            now: Clock time; later events are not visible yet.
            after: An event id; the page starts with the next older event.
            limit: Page size.
        """
        tl = self.timeline()
        visible = tl.visible_events(now)
        skip = 0
        if after:
            if self._event_index is None:
                self._event_index = {self._event_id(e.key): i for i, e in enumerate(tl.events)}
            index = self._event_index.get(after)
            if index is None or index >= visible:
                raise invalid(f"Invalid 'after' cursor: no event with id {after}.", param="after")
            skip = visible - index
        top = visible - 1 - skip
        page = [self._event_dict(tl.events[i]) for i in range(top, max(-1, top - limit), -1)]
        return page, top + 1 - limit > 0

    def _event_id(self, key: str) -> str:
        if key not in self._event_ids:
            self._event_ids[key] = stable_id("ftevent-", self.params.id, key)
        return self._event_ids[key]

    def checkpoints(self, now: float) -> list[dict[str, Any]]:
        """Return the kept checkpoints (at most the last 3), newest first."""
        made = [(t, s) for t, s in self.timeline().checkpoints if t <= now][-3:]
        out = []
        for t, step in reversed(made):
            m = self.curves.metrics(step)
            m.pop("total_steps", None)
            out.append(
                {
                    "object": "fine_tuning.job.checkpoint",
                    "id": stable_id("ftckpt_", self.params.id, step),
                    "created_at": int(t),
                    "fine_tuned_model_checkpoint": f"{self.fine_tuned_model}:ckpt-step-{step}",
                    "fine_tuning_job_id": self.params.id,
                    "step_number": step,
                    "metrics": {k: float(v) for k, v in m.items()},
                }
            )
        return out

    def result_csv(self) -> str:
        """Return the result CSV (only meaningful once succeeded)."""
        return self.curves.csv(self.total_steps)
