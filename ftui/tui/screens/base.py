"""Base classes of ftui's screens: a screen built with the app's services, and one that acts on jobs.

Screens get :class:`~ftui.tui.services.Services` when they are built; panes find their
screen's with :func:`ftui.tui.services.services_of`. Cancel, pause and resume ask the job's provider what they
mean (its ``cancel_verb`` and ``cancel_consequence``), so no screen knows provider kinds.
"""

from __future__ import annotations

from textual import work
from textual.screen import Screen

from ftui.providers.errors import ProviderError
from ftui.providers.records import Job, JobStatus
from ftui.tui.confirm import ConfirmScreen
from ftui.tui.messages import JobChanged
from ftui.tui.screens.evaluate_open import evaluate_job
from ftui.tui.services import Services

CHANGING_ACTIONS = frozenset({"cancel", "pause", "clone", "launch", "save_preset"})
"""Actions read-only mode removes."""


class ServicesScreen(Screen[None]):
    """A screen built with the app's services (session, config, read-only, clock)."""

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        """The app's services."""


class JobActionsScreen(ServicesScreen):
    """A screen that can cancel, pause and resume jobs (after asking)."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """In read-only mode the changing actions are gone from the footer and the keys (the header says why)."""
        return not (action in CHANGING_ACTIONS and self.services.read_only)

    def request_cancel(self, job: Job | None) -> None:
        """Ask, then cancel the job (in the words of its provider: Bedrock stops jobs)."""
        if job is None or self.services.refuse_if_read_only("cancelling jobs"):
            return
        if job.status.is_terminal:
            self.notify(
                f"{job.name or job.id} has already {job.status.value}; there is nothing to cancel.", severity="warning"
            )
            return
        try:
            provider = self.services.session.provider(job.provider)
        except ProviderError as error:
            self.notify(error.message, title=error.title, severity="error")
            return
        verb = provider.cancel_verb.capitalize()
        body = f"{job.id}\n{job.base_model} · {job.status.value}\n\n{provider.cancel_consequence}"

        def answered(yes: bool | None) -> None:
            if yes:
                self.run_job_action(job, "cancel")

        self.app.push_screen(ConfirmScreen(f"{verb} {job.name or 'this job'}?", body, yes=f"{verb} job"), answered)

    def request_pause_toggle(self, job: Job | None) -> None:
        """Pause a running job or resume a paused one."""
        if job is None or self.services.refuse_if_read_only("pausing and resuming jobs"):
            return
        try:
            provider = self.services.session.provider(job.provider)
        except ProviderError as error:
            self.notify(error.message, title=error.title, severity="error")
            return
        if not provider.supports_pause:
            self.notify(f"{job.kind} jobs cannot be paused.", severity="warning")
        elif job.status is JobStatus.PAUSED:
            self.run_job_action(job, "resume")
        elif job.status is JobStatus.RUNNING:
            self.run_job_action(job, "pause")
        else:
            self.notify(
                f"Only running jobs can be paused ({job.name or job.id} is {job.status.value}).", severity="warning"
            )

    def action_evaluate(self) -> None:  # models
        """Evaluate the shown job's fine-tuned model against its base (screens that show one ``job``)."""
        evaluate_job(self, getattr(self, "job", None))

    @work(thread=True, exit_on_error=False, group="job-action")
    def run_job_action(self, job: Job, action: str) -> None:
        """Call the provider and report the outcome either way."""
        try:
            provider = self.services.session.provider(job.provider)
            changed = {"cancel": provider.cancel_job, "pause": provider.pause_job, "resume": provider.resume_job}[
                action
            ](job.id)
        except ProviderError as error:
            self.app.notify(
                error.message, title=f"Could not {action} {job.name or job.id}", severity="error", timeout=8
            )
            return
        self.post_message(JobChanged(changed, action))
