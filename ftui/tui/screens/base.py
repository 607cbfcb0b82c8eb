"""Base classes of ftui's screens: a screen built with the app's services, and one that acts on jobs.

Screens get :class:`~ftui.tui.services.Services` when they are built; panes find their
screen's with :func:`ftui.tui.services.services_of`. Cancel, pause and resume ask the job's provider what they
mean (its ``cancel_verb`` and ``cancel_consequence``), so no screen knows provider kinds.
"""

from __future__ import annotations

from textual import work
from textual.notifications import SeverityLevel
from textual.screen import Screen

from ftui import format as fmt
from ftui.format import middle
from ftui.providers.base import Provider
from ftui.providers.errors import ProviderError
from ftui.providers.records import Job, JobStatus
from ftui.tui.confirm import ConfirmScreen
from ftui.tui.messages import JobChanged
from ftui.tui.panes.job_details import status_word
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
            self.notify(f"{job.name or job.id} {fmt.ended(job)}; there is nothing to cancel.", severity="warning")
            return
        try:
            provider = self.services.session.provider(job.provider)
        except ProviderError as error:
            self.notify(error.message, title=error.title, severity="error")
            return
        verb = provider.cancel_verb.capitalize()
        model = middle(job.base_model or "—", 44)
        body = f"{job.id}\n{model} · {status_word(job)}\n\n{provider.cancel_consequence}"
        title = f"{verb} {middle(job.name, 48) if job.name else 'this job'}?"

        def answered(yes: bool | None) -> None:
            if yes:
                self.run_job_action(job, "cancel")

        self.app.push_screen(ConfirmScreen(title, body, yes=f"{verb} job"), answered)

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


_REACHED = {
    "cancel": (JobStatus.CANCELLED,),
    "pause": (JobStatus.PAUSING, JobStatus.PAUSED),
    "resume": (JobStatus.RUNNING, JobStatus.QUEUED, JobStatus.PENDING),
}


def action_outcome(job: Job, action: str, provider: Provider) -> tuple[str, SeverityLevel]:
    """What to say after ``action`` (cancel, pause, resume) answered with ``job``: (text, severity).

    It reports the status the server returned, and does not claim success when the job is not in the state asked for
    (a cancel the server still calls "running", or a job that had already succeeded).
    """
    name = job.name or job.id
    if job.status in _REACHED.get(action, ()):
        return f"{name} is now {status_word(job)}.", "information"
    verb = provider.cancel_verb if action == "cancel" else action
    severity: SeverityLevel = "warning" if job.status.is_terminal else "information"
    return f"Asked to {verb} {name}; the server says it is {job.native_status or status_word(job)}.", severity
