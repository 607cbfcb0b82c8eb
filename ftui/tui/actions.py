"""Cancel, pause and resume, shared by the screens that show jobs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.screen import Screen

from ftui.providers.errors import ProviderError
from ftui.providers.records import Job, JobStatus
from ftui.tui.messages import JobChanged
from ftui.tui.screens.confirm import ConfirmScreen

if TYPE_CHECKING:
    from ftui.tui.app import FtuiApp

CHANGING_ACTIONS = frozenset({"cancel", "pause", "clone", "launch", "save_preset"})
"""Actions read-only mode removes."""

_BEDROCK_STOP = (
    "Bedrock cannot resume a stopped job. You are billed for the training it has done so far, "
    "and a stopped job leaves no custom model."
)


class JobActions(Screen[None]):
    """A screen that can cancel, pause and resume jobs (after asking)."""

    @property
    def ftui(self) -> FtuiApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """In read-only mode the changing actions are gone from the footer and the keys (the header says why)."""
        if action in CHANGING_ACTIONS and self.ftui.read_only:
            return False
        return True

    def request_cancel(self, job: Job | None) -> None:
        """Ask, then cancel (OpenAI) or stop (Bedrock) the job."""
        if job is None or self.ftui.refuse_if_read_only("cancelling jobs"):
            return
        if job.status.is_terminal:
            self.notify(f"{job.name or job.id} has already {job.status.value}; there is nothing to cancel.",
                        severity="warning")
            return
        bedrock = job.kind == "bedrock"
        verb = "Stop" if bedrock else "Cancel"
        body = f"{job.id}\n{job.base_model} · {job.status.value}\n\n"
        body += _BEDROCK_STOP if bedrock else "The job stops now and cannot be restarted; tokens trained so far are billed."

        def answered(yes: bool | None) -> None:
            if yes:
                self.run_action(job, "cancel")

        self.app.push_screen(ConfirmScreen(f"{verb} {job.name or 'this job'}?", body, yes=f"{verb} job"), answered)

    def request_pause_toggle(self, job: Job | None) -> None:
        """Pause a running job or resume a paused one."""
        if job is None or self.ftui.refuse_if_read_only("pausing and resuming jobs"):
            return
        provider = self.ftui.session.provider(job.provider)
        if not provider.supports_pause:
            self.notify(f"{job.kind} jobs cannot be paused.", severity="warning")
        elif job.status is JobStatus.PAUSED:
            self.run_action(job, "resume")
        elif job.status is JobStatus.RUNNING:
            self.run_action(job, "pause")
        else:
            self.notify(f"Only running jobs can be paused ({job.name or job.id} is {job.status.value}).",
                        severity="warning")

    def action_evaluate(self) -> None:  # models
        """Evaluate the shown job's fine-tuned model against its base (screens that show one ``job``)."""
        from ftui.tui.screens.models_nav import evaluate_job

        evaluate_job(self, getattr(self, "job", None))

    @work(thread=True, exit_on_error=False, group="job-action")
    def run_action(self, job: Job, action: str) -> None:
        """Call the provider and report the outcome either way."""
        provider = self.ftui.session.provider(job.provider)
        try:
            changed = getattr(provider, f"{action}_job")(job.id)
        except ProviderError as error:
            self.app.notify(error.message, title=f"Could not {action} {job.name or job.id}", severity="error",
                            timeout=8)
            return
        self.post_message(JobChanged(changed, action))
