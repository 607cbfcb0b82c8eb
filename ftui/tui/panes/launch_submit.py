"""The launch pane's submit flow: exactly once, in a thread worker, told through messages.

Before anything is sent, the launch id is written with the draft and in ``launches.json``
(:mod:`ftui.launch.pending`). Launching a configuration that was launched before (after a crash,
a hang-up, a lost answer, or simply again) first looks for that job and asks "open it, or launch
again?" (:class:`PriorLaunchScreen`). The create call runs in a daemon thread, so quitting (or
SIGHUP) mid-create ends at once; the launch id stays with the draft.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual import work
from textual.message import Message
from textual.worker import get_current_worker

from ftui.datasets import ScanReport
from ftui.launch import LaunchForm, LaunchPlan, explain_refusal, pending, submit
from ftui.launch.state import LaunchState
from ftui.launch.store import clear_draft, save_draft
from ftui.launch.submit import find_prior, new_launch_id
from ftui.providers.errors import (
    AuthError,
    ConfigError,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
    ProviderError,
)
from ftui.providers.records import Job
from ftui.tui.panes.launch_dialogs import PriorLaunchScreen

REFUSED = (InvalidRequestError, PermissionDeniedError, AuthError, ConfigError, NotFoundError)
"""Errors after which no job can exist (the launch id is dropped)."""


@dataclass
class LaunchProgress(Message):
    """A stage of a running launch."""

    line: str
    """What is happening."""


@dataclass
class LaunchFailed(Message):
    """A launch was refused or failed; ``text`` says what to do."""

    title: str
    """A heading."""
    text: str
    """The explanation."""
    refused: bool = False
    """True when the provider refused it (no job can exist: the launch id is dropped)."""


@dataclass
class PriorLaunchFound(Message):
    """The same configuration was launched before and its job exists: ask "open it, or launch again?"."""

    job: Job
    """The earlier launch's job."""
    record: pending.LaunchRecord
    """The earlier launch."""
    profile: str
    """The profile."""
    plan: LaunchPlan
    """What the user wants to launch now."""
    report: ScanReport | None
    """The scan for that plan."""


@dataclass
class LaunchStarted(Message):
    """The launch id is saved; the upload and create are under way."""

    launch: dict[str, Any]
    """``id``, ``key`` and ``started`` of the launch (kept with the draft)."""


@dataclass
class Launched(Message):
    """A job was created; the main screen shows it in the jobs tab."""

    job: Job
    """The new job."""
    existing: bool = False
    """True when the job was launched earlier and the user chose to open it (nothing new created)."""


class SubmitFlow:
    """Mixed into the launch pane: the submit worker and what its messages change."""

    state: LaunchState
    if TYPE_CHECKING:
        app: Any
        _session: Any

        def _status(self, text: str, error: bool = False) -> None: ...
        def _save_now(self) -> None: ...
        def post_message(self, message: Message) -> bool: ...  # noqa: D102 - a mixin's stub of what its host class provides
        def notify(  # noqa: D102 - a mixin's stub of what its host class provides
            self,
            message: str,
            *,
            title: str = "",
            severity: Any = "information",
            timeout: float | None = None,
            markup: bool = True,
        ) -> None: ...

    def start_submit(self, profile: str, plan: LaunchPlan, report: ScanReport | None, check: bool) -> None:
        """Launch ``plan`` on ``profile`` (``check``: look for an earlier launch of it first)."""
        self.state.launching = True
        self._status("Launching…")
        snapshot = LaunchForm.from_dict(self.state.form.to_dict())
        self.run_submit(profile, plan, report, snapshot, self.state.launch if check else None, check)

    @work(thread=True, exclusive=True, group="launch-submit", exit_on_error=False)
    def run_submit(
        self,
        profile: str,
        plan: LaunchPlan,
        report: ScanReport | None,
        form: LaunchForm,
        interrupted: dict[str, Any] | None = None,
        check: bool = True,
    ) -> None:
        """Look for an earlier launch of this configuration, save the launch id, then upload and create once.

        The create call runs in a daemon thread this worker waits on: when the app quits (or the SSH
        session drops) mid-create, the worker is cancelled and ftui exits at once; the launch id stays
        in the draft and in ``launches.json`` for the next launch to reconcile.
        """
        provider = self._session.provider(profile)
        key = pending.launch_key(next(p for p in self._session.profiles if p.name == profile), plan)
        launch_id = None
        if check:
            record = pending.recorded(key)
            if record is None and interrupted is not None and interrupted.get("key") == key:
                record = pending.LaunchRecord(
                    key,
                    str(interrupted["id"]),
                    profile,
                    plan.base_model,
                    str(plan.training_file),
                    float(interrupted.get("started") or 0),
                )
            if record is not None:
                self.post_message(
                    LaunchProgress(
                        f"This configuration was launched {pending.age_text(record)} "
                        f"(launch id {record.launch_id}); looking for its job…"
                    )
                )
                try:
                    job = find_prior(provider, record.launch_id, record.job_id)
                except ProviderError as error:
                    self.post_message(
                        LaunchFailed(
                            "Job may exist",
                            f"An earlier launch of this configuration (launch id {record.launch_id}) "
                            f"may have created a job, and ftui cannot check now: {error.message} Nothing was sent; "
                            "ctrl+l tries again.",
                        )
                    )
                    return
                if job is not None:
                    pending.quietly(pending.confirm, key, record.launch_id, job.id)
                    self.post_message(PriorLaunchFound(job, record, profile, plan, report))
                    return
                launch_id = None if record.job_id else record.launch_id
        launch_id = launch_id or new_launch_id()
        launch = {"id": launch_id, "key": key, "started": time.time()}
        problem = pending.quietly(pending.remember, key, launch_id, profile, plan)
        try:
            save_draft(form, launch=launch)
        except OSError as error:
            problem = problem or f"could not save the draft: {error.strerror or error}"
        self.post_message(LaunchStarted(launch))
        if problem:
            self.post_message(LaunchProgress(f"Warning: {problem}; an interrupted launch could not be recognised."))
        outcome: dict[str, Any] = {}

        def say(line: str) -> None:
            self.post_message(LaunchProgress(line))

        def create() -> None:
            try:
                outcome["job"] = submit(provider, plan, report=report, launch_id=launch_id, progress=say)
            except BaseException as failure:  # noqa: BLE001 - handed to the worker below
                outcome["error"] = failure

        thread = threading.Thread(target=create, name=f"ftui-launch-{launch_id}", daemon=True)
        thread.start()
        worker = get_current_worker()
        while thread.is_alive():
            thread.join(0.1)
            if worker.is_cancelled:
                return  # quitting: the launch id is saved with the draft and in launches.json
        failed = outcome.get("error")
        if isinstance(failed, ProviderError):
            region = getattr(provider, "region", None)
            models = self.state.models.get(profile, [])
            hint_text = next((m.description for m in models if m.id == plan.base_model), "")
            refused = isinstance(failed, REFUSED)
            if refused:
                pending.quietly(pending.forget, key, launch_id)
            self.post_message(
                LaunchFailed(
                    failed.title, explain_refusal(failed, provider, plan.base_model, region, hint_text), refused=refused
                )
            )
            return
        if failed is not None:
            self.post_message(
                LaunchFailed(
                    "Launch failed",
                    f"{type(failed).__name__}: {failed}. Launch id "
                    f"{launch_id} is saved: ctrl+l looks for its job before launching.",
                )
            )
            return
        job = outcome["job"]
        pending.quietly(pending.confirm, key, launch_id, job.id)
        self.post_message(Launched(job))

    def on_launch_started(self, message: LaunchStarted) -> None:
        """Keep the launch id with the pane (and the draft)."""
        self.state.launch = message.launch

    def on_prior_launch_found(self, message: PriorLaunchFound) -> None:
        """Ask: open the earlier job, or launch again?"""
        self.state.launching = False
        job, record = message.job, message.record
        created = f", created {job.created_at:%Y-%m-%d %H:%M}" if getattr(job, "created_at", None) else ""
        detail = (
            f"{job.name or job.id} · {job.status.value}{created}\n"
            f"launch id {record.launch_id} · {record.base_model} on {message.profile} · "
            f"launched {pending.age_text(record)}"
        )
        self._status(f"This launch may already exist as {job.id}: open it, or launch again?")

        def answered(choice: str | None) -> None:
            if choice == "open":
                self.post_message(Launched(job, existing=True))
            elif choice == "again":
                self.start_submit(message.profile, message.plan, message.report, check=False)
            else:
                self._status(f"Not launched (the earlier job is {job.id}).")

        self.app.push_screen(PriorLaunchScreen(job.id, detail), answered)

    def on_launch_progress(self, message: LaunchProgress) -> None:
        """Show the stage in the status line."""
        self._status(message.line)

    def on_launch_failed(self, message: LaunchFailed) -> None:
        """Say why, and what to do; a refused launch forgets its launch id."""
        self.state.launching = False
        if message.refused:
            self.state.launch = None
            self._save_now()
        self._status(f"{message.title}: {message.text}", error=True)
        self.notify(message.text, title=message.title, severity="error", timeout=15)

    def on_launched(self, message: Launched) -> None:
        """The launch is over: the draft goes."""
        self.state.launching = False
        self.state.launch = None
        clear_draft()
        if message.existing:
            self._status(
                f"Opened {message.job.id} ({message.job.status.value}), launched earlier: nothing new was created."
            )
        else:
            self._status(f"Launched {message.job.id} ({message.job.status.value}).")
