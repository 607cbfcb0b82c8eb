"""One fine-tuned model or checkpoint: its job, hyperparameters, final metrics and how to use it."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from ftui import format as fmt
from ftui.providers.errors import ProviderError
from ftui.providers.records import FineTunedModel, Job
from ftui.tui.clipboard import copy
from ftui.tui.confirm import ConfirmScreen
from ftui.tui.footer import HelpFooter
from ftui.tui.messages import ShowTab
from ftui.tui.panes import models_view as view
from ftui.tui.panes.models_data import (
    JobFound,
    ModelDeleted,
    read_only,
    refuse_if_read_only,
    session_of,
)
from ftui.tui.polling import read
from ftui.tui.screens.evaluate import EvaluateScreen
from ftui.tui.screens.job import JobScreen
from ftui.tui.services import app_services
from ftui.tui.static_updates import set_block, set_line

_CHANGING = {"delete", "launch_from"}


def launch_from(node: Any, model: FineTunedModel) -> None:
    """Open the Launch pane with ``model`` (a fine-tuned model or checkpoint) as the base model.

    The Launch form offers the models its provider lists as fine-tunable; when that list does not
    hold ``model`` (a checkpoint, say) the form falls back to another base: this says so, never silently.
    """
    from ftui.launch.form import LaunchForm
    from ftui.tui.panes.launch import LaunchPane

    if refuse_if_read_only(node, "launching"):
        return
    app = node.app
    main = next((screen for screen in app.screen_stack if screen.query(LaunchPane)), None)
    if main is None:
        app.notify("The launch form is not open in this window.", severity="error")
        return
    pane = main.query_one(LaunchPane)
    main.post_message(ShowTab("launch-tab"))  # the main screen closes what is above it and shows the form
    pane.load_form(
        LaunchForm(profile=model.provider, base_model=model.id),
        f"Continue training {model.id}: choose the training file, check the values, then ctrl+l.",
    )

    def check(left: int) -> None:
        listed = model.provider in pane.models
        if pane.form.base_model != model.id:
            app.notify(
                f"{model.provider} does not list {model.id} among the models it can fine-tune, so the "
                "form shows another base. Continue from a model it lists (the job's final model).",
                title="Not a base model here",
                severity="error",
                timeout=12,
            )
        elif not listed and left:
            pane.set_timer(0.2, lambda: check(left - 1))

    check(150)


def facts(model: FineTunedModel) -> Table:
    """The model's own facts: id, profile, base, job, created, step and final metrics."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    table.add_row("Model", model.id)
    if model.name:
        table.add_row("Name", model.name)
    table.add_row("Profile", f"{model.provider} ({model.kind})" if model.kind else model.provider or "—")
    kind = "fine-tuned model"
    if model.is_checkpoint:
        kind = "checkpoint" if model.step is None else f"checkpoint at step {model.step}"
    table.add_row("Kind", kind)
    table.add_row("Base model", model.base_model or "—")
    table.add_row("Job", model.job_id or "—")
    table.add_row("Created", view.describe_time(model.created_at))
    metrics = " · ".join(
        f"{name.replace('_', ' ')} {value:.3f}" if isinstance(value, float) else f"{name.replace('_', ' ')} {value}"
        for name, value in model.metrics.items()
    )
    table.add_row("Final metrics", metrics or "—")
    return table


def job_block(job: Job | None, error: ProviderError | None, model: FineTunedModel) -> RenderableType:
    """The job that made the model: status, files and hyperparameters (or why it is not shown)."""
    if error is not None:
        return Text(f"Its job could not be read: {error.message} (r tries again)", style="red")
    if job is None:
        return Text("No job is recorded for this model." if not model.job_id else "Reading its job…", style="dim")
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    table.add_row(
        "Job", Text(f"{job.name or job.id}  ") + Text(fmt.status_label(job), style=fmt.STATUS_STYLE[job.status])
    )
    table.add_row("Method", job.method or "—")
    table.add_row("Trained tokens", fmt.tokens(job.trained_tokens))
    table.add_row("Training file", job.training_file or "—")
    table.add_row("Validation file", job.validation_file or "—")
    params = ", ".join(f"{k}={v}" for k, v in job.hyperparameters.items())
    table.add_row("Hyperparameters", params or "—")
    if job.final_train_loss is not None or job.final_valid_loss is not None:
        loss = "—" if job.final_train_loss is None else f"{job.final_train_loss:.4f}"
        valid = "—" if job.final_valid_loss is None else f"{job.final_valid_loss:.4f}"
        table.add_row("Final losses", f"train {loss} · validation {valid}")
    return table


class ModelDetailScreen(Screen[str]):
    """A model's page; dismisses with ``"deleted"`` when the model was deleted here."""

    DEFAULT_CSS = """
    ModelDetailScreen #model-title { height: 1; padding: 0 1; }
    ModelDetailScreen #model-scroll { height: 1fr; padding: 0 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("o,enter", "open_job", "Job & curve"),
        Binding("v", "evaluate", "Evaluate"),
        Binding("L", "launch_from", "Launch from", show=False),
        Binding("d", "delete", "Delete", show=False),  # named in the page's keys line and in help
        Binding("y", "copy", "Copy id"),
        Binding("r", "reload", "Reload", show=False),
    ]

    def __init__(self, model: FineTunedModel) -> None:
        super().__init__()
        self.model = model
        """The model shown."""
        self.job: Job | None = None
        """Its job, once read."""
        self.job_error: ProviderError | None = None
        """Why the job could not be read."""
        self.usage = ""
        """How to use the model, in the provider's words."""

    def compose(self) -> ComposeResult:
        """Title, the page, footer."""
        yield Static("", id="model-title")
        with VerticalScroll(id="model-scroll"):
            yield Static("", id="model-body")
        yield HelpFooter()

    def on_mount(self) -> None:
        """Read the job and the usage note."""
        self._show()
        self.query_one("#model-scroll").focus()
        self.load()

    @work(thread=True, exclusive=True, group="model-job", exit_on_error=False)
    def load(self) -> None:
        """Read the model's job and how to use the model (provider calls, in this thread)."""
        model = self.model
        session = session_of(self)
        usage = ""
        try:
            provider = read(lambda: session.provider(model.provider), "Opening the profile")
            usage = read(lambda: provider.usage_note(model), "Describing the model")
            job_id = model.job_id
            job = read(lambda: provider.get_job(job_id), "Reading the model's job") if job_id else None
        except ProviderError as error:
            self.post_message(JobFound(None, usage, error))
        else:
            self.post_message(JobFound(job, usage))

    @on(JobFound)
    def _job_found(self, message: JobFound) -> None:
        self.job, self.job_error = message.job, message.error
        self.usage = message.usage or self.usage
        self._show()

    def _show(self) -> None:
        model = self.model
        title = Text()
        title.append("Checkpoint " if model.is_checkpoint else "Model ", style="bold")
        title.append(view.middle(model.id, max(20, self.app.size.width - 20)), style="bold cyan")
        if read_only(self):
            title.append("  READ-ONLY", style="bold reverse")
        set_line(self.query_one("#model-title", Static), title)
        usage = Text(self.usage or "Reading how to use it…", style="" if self.usage else "dim")
        keys = "o job & curve · v evaluate · L continue training from it · d delete · y copy id"
        if read_only(self):
            keys = "o job & curve · v evaluate · y copy id  (read-only: delete and launch are off)"
        body = Group(
            facts(model),
            Text(""),
            Text("Its job", style="bold underline"),
            job_block(self.job, self.job_error, model),
            Text(""),
            Text("How to use it", style="bold underline"),
            usage,
            Text(""),
            Text(keys, style="dim"),
        )
        set_block(self.query_one("#model-body", Static), body, (self.usage, self.job, self.job_error, keys))

    # -- actions -----------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """In read-only mode delete and launch are gone from the footer and the keys."""
        return not (action in _CHANGING and read_only(self))

    def action_back(self) -> None:
        """Back to the models."""
        self.dismiss(None)

    def action_reload(self) -> None:
        """Read the job again."""
        self.load()

    def action_copy(self) -> None:
        """Copy the exact model id."""
        copy(self.app, self.model.id, "model id")

    def action_open_job(self) -> None:
        """Open the model's job (its curve)."""
        if self.job is None:
            self.notify(
                "Its job is not known yet."
                if self.model.job_id and self.job_error is None
                else "This model has no job ftui can open.",
                severity="warning",
            )
            return
        self.app.push_screen(JobScreen(app_services(self), self.job))

    def action_evaluate(self) -> None:
        """Evaluate the model against its base."""
        self.app.push_screen(EvaluateScreen(self.model, job=self.job))

    def action_launch_from(self) -> None:
        """Continue training: the Launch form with this model as the base."""
        if refuse_if_read_only(self, "launching"):
            return
        model = self.model
        self.dismiss(None)
        launch_from(self, model)

    def action_delete(self) -> None:
        """Ask (No is the default), then delete the model."""
        if refuse_if_read_only(self, "deleting models"):
            return
        model = self.model
        body = (
            f"{model.id}\n{model.provider} · base {model.base_model or '—'}\n\n"
            "The model is deleted for good: requests naming it fail from now on. The job and its files stay."
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self.notify(f"Deleting {model.id}…", timeout=3)
                self.delete(model)

        self.app.push_screen(ConfirmScreen("Delete this model?", body, yes="Delete model"), answered)

    @work(thread=True, exclusive=True, group="model-delete", exit_on_error=False)
    def delete(self, model: FineTunedModel) -> None:
        """Delete the model (provider call, in this thread); post the outcome."""
        session = session_of(self)
        try:
            read(lambda: session.provider(model.provider).delete_model(model.id), f"Deleting {model.id}")
        except ProviderError as error:
            self.post_message(ModelDeleted(model, error))
        else:
            self.post_message(ModelDeleted(model))

    @on(ModelDeleted)
    def _deleted(self, message: ModelDeleted) -> None:
        if message.error is not None:
            self.notify(
                message.error.message, title=f"Could not delete {message.model.id}", severity="error", timeout=10
            )
            return
        self.app.notify(message.model.id, title="Model deleted")
        self.dismiss("deleted")
