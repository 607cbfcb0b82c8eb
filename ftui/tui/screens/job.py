"""One job, followed live: its loss curve, its events and every detail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Footer, RichLog, Static, TabbedContent, TabPane

from ftui.providers.errors import ProviderError, RateLimitError
from ftui.providers.follow import FollowUpdate, JobFollower
from ftui.providers.records import Checkpoint, Job, JobEvent
from ftui.tui import format as fmt
from ftui.tui.actions import JobActions
from ftui.tui.alerts import job_ended
from ftui.tui.clipboard import copy
from ftui.tui.lines import set_block, set_line
from ftui.tui.messages import JobChanged
from ftui.tui.panes.job_details import details_text
from ftui.tui.widgets.loss_plot import LossPlot

_BEDROCK_NOTE = "Bedrock publishes loss curves only when a job ends."
_STAGE_MARK = {"Completed": "✓", "InProgress": "●", "NotStarted": "○", "Failed": "✗", "Stopped": "■", "Stopping": "■"}


def _live_note(job: Job, has_curve: bool) -> str:
    """The note for providers without live metrics: say so, and show the stage timeline."""
    if has_curve:
        return ""
    stages = "  ·  ".join(f"{_STAGE_MARK.get(s.status, '?')} {s.name} {s.status}" for s in job.timeline)
    if job.status.is_terminal:
        return f"{_BEDROCK_NOTE} No curve was found for this job yet." + (f"\n{stages}" if stages else "")
    return f"{_BEDROCK_NOTE} Until then: " + (stages or f"status {job.native_status}")


class JobScreen(JobActions):
    """Follows one job with a thread worker; Esc goes back to the list."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("x", "cancel", "Cancel"),
        Binding("p", "pause", "Pause/resume"),
        Binding("e", "export('csv')", "Export CSV"),
        Binding("E", "export('json')", "Export JSON", show=False),
        Binding("r", "poll", "Refresh", show=False),
        Binding("y", "copy('id')", "Copy id", show=False),
        Binding("Y", "copy('model')", "Copy model", show=False),
        Binding("1", "show_tab('loss')", "Loss", show=False),
        Binding("2", "show_tab('events')", "Events", show=False),
        Binding("3", "show_tab('details')", "Details", show=False),
    ]

    @dataclass
    class Polled(Message):
        """A poll brought news."""

        update: FollowUpdate
        """What changed."""

    @dataclass
    class PollFailed(Message):
        """A poll failed; the follower kept its cursor."""

        error: ProviderError
        """Why."""

    @dataclass
    class CheckpointsLoaded(Message):
        """The job's checkpoints arrived."""

        checkpoints: list[Checkpoint]
        """Newest first."""

    def __init__(self, job: Job) -> None:
        super().__init__()
        self.job = job
        """The job as last seen."""
        self.follower: JobFollower | None = None
        """Keeps the event history and series for this session."""
        self.checkpoints: list[Checkpoint] = []
        """The job's checkpoints."""
        self.error: ProviderError | None = None
        """The last poll error, until a poll succeeds."""
        self._retry_at: float = 0.0
        self._last_ok: datetime | None = None

    def compose(self) -> ComposeResult:
        """Title, follow status, tabs for loss, events and details."""
        yield Static(self._title(), id="job-title")
        yield Static("", id="follow-status")
        with TabbedContent(id="job-tabs", initial="loss"):
            with TabPane("Loss", id="loss"):
                yield LossPlot(id="loss-plot", marker=self.app.config.plot_marker)  # type: ignore[attr-defined]
                yield RichLog(id="recent-events", max_lines=200, wrap=True, markup=False)
            with TabPane("Events", id="events"):
                yield RichLog(id="event-log", wrap=True, markup=False, max_lines=100_000)
            with TabPane("Details", id="details"):
                with VerticalScroll(id="details-scroll"):
                    yield Static(id="details-body")
        yield Footer()

    def on_mount(self) -> None:
        """Start following."""
        provider = self.ftui.session.provider(self.job.provider)
        self.follower = JobFollower(provider, self.job.id)
        plot = self.query_one(LossPlot)
        if not provider.supports_live_metrics:
            plot.note = _live_note(self.job, False)
        plot.focus()
        self._render_details()
        self.action_poll()
        self.load_checkpoints()
        self.set_interval(self.ftui.config.refresh_interval, self._tick, name="follow")

    # -- polling -------------------------------------------------------------------
    def _tick(self) -> None:
        if self.follower is None or self.follower.reconciled:
            return
        if self._retry_at and self.ftui.now().timestamp() < self._retry_at:
            return
        self.action_poll()

    def action_poll(self) -> None:
        """Poll now."""
        self.poll()

    @work(thread=True, exclusive=True, group="follow", exit_on_error=False)
    def poll(self) -> None:
        """One poll of the follower (job + new events; final series at the end)."""
        assert self.follower is not None
        try:
            update = self.follower.poll()
        except ProviderError as error:
            self.post_message(self.PollFailed(error))
        else:
            self.post_message(self.Polled(update))

    @work(thread=True, exclusive=True, group="checkpoints", exit_on_error=False)
    def load_checkpoints(self) -> None:
        """Fetch the checkpoints (once at open, again when the job ends)."""
        try:
            checkpoints = self.ftui.session.provider(self.job.provider).checkpoints(self.job.id)
        except ProviderError:
            return  # details still show everything else; the next load retries
        self.post_message(self.CheckpointsLoaded(checkpoints))

    @on(Polled)
    def _polled(self, message: Polled) -> None:
        update = message.update
        was_active = self.job.status.is_active or not self.job.status.is_terminal
        self.job = update.job
        self.error = None
        self._retry_at = 0.0
        self._last_ok = self.ftui.now()
        for event in update.events:
            self._log(event)
        if update.series_changed:
            self._plot()
            if self.follower is not None and self.follower.series:
                last = self.follower.series[-1]
                self.ftui.progress[self.job.key] = (last.step, last.total_steps or self.job.total_steps)
        if not self.ftui.session.provider(self.job.provider).supports_live_metrics:
            self.query_one(LossPlot).note = _live_note(self.job, bool(self.follower and self.follower.series))
        if update.finished:
            self.load_checkpoints()
            if was_active and update.events:
                severity = "information" if self.job.status.value == "succeeded" else "warning"
                job_ended(self.app, f"{self.job.name or self.job.id} {self.job.status.value}", severity)
        self._refresh_header()

    @on(PollFailed)
    def _poll_failed(self, message: PollFailed) -> None:
        first = self.error is None
        self.error = message.error
        wait = self.ftui.config.refresh_interval
        if isinstance(message.error, RateLimitError) and message.error.retry_after:
            wait = max(wait, message.error.retry_after)
        self._retry_at = self.ftui.now().timestamp() + wait
        if first:
            self.notify(message.error.message, title=message.error.title, severity="warning", timeout=6)
        self._refresh_header()

    @on(CheckpointsLoaded)
    def _checkpoints(self, message: CheckpointsLoaded) -> None:
        self.checkpoints = message.checkpoints
        self._render_details()
        self._plot()

    def _plot(self) -> None:
        if self.follower is None:
            return
        label = self.job.name or self.job.id
        self.query_one(LossPlot).set_series({label: self.follower.series}, checkpoints={label: self.checkpoints})

    @on(JobChanged)
    def _changed(self, message: JobChanged) -> None:
        self.job = message.job
        self.notify(f"{message.action.capitalize()}: {self.job.name or self.job.id} is now {self.job.status.value}.")
        self._refresh_header()
        self.action_poll()

    # -- rendering ---------------------------------------------------------------------
    def _log(self, event: JobEvent) -> None:
        stamp = event.created_at.astimezone().strftime("%H:%M:%S") if event.created_at else "--:--:--"
        style = {"error": "red", "warn": "yellow"}.get(event.level, "dim" if event.type == "metrics" else "")
        line = Text(f"{stamp} ", style="dim")
        line.append(event.message, style=style)
        self.query_one("#event-log", RichLog).write(line)
        if event.type != "metrics" or event.metrics is None or event.metrics.valid_loss is not None:
            self.query_one("#recent-events", RichLog).write(line)

    def _title(self) -> Text:
        job = self.job
        text = Text()
        text.append(job.name or fmt.short_id(job.id, 24), style="bold")
        text.append("  ")
        text.append(fmt.status_label(job), style=fmt.STATUS_STYLE[job.status])
        text.append(f"  {job.base_model} · {job.provider}  ", style="dim")
        series = self.follower.series if self.follower else []
        if series:
            last = series[-1]
            total = last.total_steps or job.total_steps
            text.append(f"step {last.step}{f'/{total}' if total else ''}", style="bold")
        return text

    def _refresh_header(self) -> None:
        set_line(self.query_one("#job-title", Static), self._title())
        status = Text()
        if self.error is not None:
            left = max(0, int(self._retry_at - self.ftui.now().timestamp()))
            status.append(f"offline: {self.error.title.lower()} — retrying in {left}s", style="red")
        elif self.follower is not None and self.follower.reconciled:
            final = self.job.status.value == "succeeded" and bool(self.follower.series)
            note = self.follower.final_note
            status.append(f"job {self.job.status.value}" + (" · final curve from the result file"
                                                            if final and not note else ""), style="dim")
            if note:
                status.append(f" · {note}", style="yellow")
        elif self._last_ok is not None:
            count = len(self.follower.events) if self.follower else 0
            status.append(f"following · {count} events · updated {self._last_ok.astimezone():%H:%M:%S}", style="dim")
        set_line(self.query_one("#follow-status", Static), status)
        self._render_details()

    def _render_details(self) -> None:
        set_block(self.query_one("#details-body", Static), details_text(self.job, self.checkpoints),
                  (self.job, tuple(c.id for c in self.checkpoints)))

    # -- actions -------------------------------------------------------------------------
    def action_show_tab(self, tab: str) -> None:
        """Switch tab (focusing its main widget, which is what makes the switch stick)."""
        target = {"loss": "#loss-plot", "events": "#event-log", "details": "#details-scroll"}[tab]
        self.query_one("#job-tabs", TabbedContent).active = tab
        self.set_focus(self.query_one(target))

    def action_copy(self, what: str) -> None:
        """Copy the job id, or its fine-tuned model (the best checkpoint's when there is none)."""
        if what == "id":
            copy(self.app, self.job.id, "job id")
        elif self.job.fine_tuned_model:
            copy(self.app, self.job.fine_tuned_model, "model id")
        elif self.checkpoints:
            copy(self.app, self.checkpoints[0].model, "checkpoint id")
        else:
            self.notify("No model or checkpoint yet.", severity="warning")

    def action_cancel(self) -> None:
        """Ask, then cancel or stop this job."""
        self.request_cancel(self.job)

    def action_pause(self) -> None:
        """Pause or resume this job."""
        self.request_pause_toggle(self.job)

    def action_export(self, kind: str) -> None:
        """Write the series to a new file next to where ftui was started."""
        from pathlib import Path

        from ftui.series import series_to_csv, series_to_json, write_atomically

        series = self.follower.series if self.follower else []
        if not series:
            self.notify("No metrics to export yet.", severity="warning")
            return
        text = series_to_csv(series) if kind == "csv" else series_to_json(series)
        base = Path.cwd() / f"{self.job.id}-metrics"
        path = base.with_suffix(f".{kind}")
        number = 1
        while path.exists():
            path = base.with_name(f"{base.name}-{number}").with_suffix(f".{kind}")
            number += 1
        try:
            write_atomically(path, text)
        except OSError as error:
            self.notify(f"Could not write {path}: {error.strerror}", severity="error")
            return
        self.notify(f"{len(series)} steps written to {path}", title="Exported")
