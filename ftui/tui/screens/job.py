"""One job, followed live: its loss curve, its events and every detail."""

from __future__ import annotations

from concurrent.futures import CancelledError, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.events import Resize
from textual.message import Message
from textual.widgets import RichLog, Static, TabbedContent, TabPane

from ftui.providers.errors import ProviderError
from ftui.providers.follow import FollowStopped, FollowUpdate, JobFollower
from ftui.providers.records import Checkpoint, Job, JobEvent
from ftui.tui.alerts import job_ended
from ftui.tui.clipboard import copy
from ftui.tui.footer import HelpFooter
from ftui.tui.messages import JobChanged
from ftui.tui.panes.job_details import details_text, status_word, title_text
from ftui.tui.panes.job_lists import CheckpointsView, DetailsScroll, EventLog
from ftui.tui.polling import Notices, PollGate, post_notices, read, show_notices, take_notices
from ftui.tui.screens.base import JobActionsScreen, action_outcome
from ftui.tui.screens.follow_view import FollowView, live_note
from ftui.tui.screens.job_export import export_series
from ftui.tui.services import Services
from ftui.tui.static_updates import set_block, set_line
from ftui.tui.terminal import marker_setting
from ftui.tui.widgets.loss_plot import LossPlot


class JobScreen(JobActionsScreen):
    """Follows one job with a thread worker; Esc goes back to the list (and stops following)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("x", "cancel", "Cancel"),  # the loss tab adds its 3 keys: 5 in all, the rest are in help
        Binding("p", "pause", "Pause/resume", show=False),
        Binding("e", "export('csv')", "Export CSV", show=False),
        Binding("E", "export('json')", "Export JSON", show=False),
        Binding("r", "poll", "Refresh", show=False),
        Binding("y", "copy('id')", "Copy id", show=False),
        Binding("Y", "copy('model')", "Copy model", show=False),
        Binding("v", "evaluate", "Evaluate", show=False),  # models
        Binding("1", "show_tab('loss')", "Loss", show=False),
        Binding("2", "show_tab('events')", "Events", show=False),
        Binding("3", "show_tab('details')", "Details", show=False),
        Binding("4", "show_tab('checkpoints')", "Checkpoints", show=False),
    ]

    @dataclass
    class Polled(Message):
        """A poll brought news."""

        update: FollowUpdate
        """What changed."""
        view: FollowView
        """The follower as of this poll."""

    @dataclass
    class PollFailed(Message):
        """A poll failed; the follower kept its cursor."""

        error: ProviderError
        """Why."""

    @dataclass
    class CheckpointsLoaded(Message):
        """The job's checkpoints arrived (or could not be read: ``error``)."""

        checkpoints: list[Checkpoint]
        """Newest first."""
        error: ProviderError | None = None
        """Why they could not be loaded."""

    def __init__(self, services: Services, job: Job) -> None:
        super().__init__(services)
        self.job = job
        """The job as last seen."""
        self.follower = FollowView()
        """The follower as of the last poll (an immutable snapshot)."""
        self.checkpoints: list[Checkpoint] = []
        """The job's checkpoints."""
        self.gate = PollGate()
        """The follow poll: in flight or not, last failure, next try."""
        self._follower: JobFollower | None = None  # touched only on the owner thread
        self._owner = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"follow-{job.id[-12:]}")
        self._checkpoints_error: ProviderError | None = None
        self._last_ok: datetime | None = None
        self._told: set[str] = set()

    @property
    def error(self) -> ProviderError | None:
        """The last poll error, until a poll succeeds."""
        return self.gate.error

    def compose(self) -> ComposeResult:
        """Title, follow status, tabs for loss, events and details."""
        yield Static(self._title(), id="job-title")
        yield Static("", id="follow-status")
        with TabbedContent(id="job-tabs", initial="loss"):
            with TabPane("Loss", id="loss"):
                yield LossPlot(
                    id="loss-plot",
                    marker=marker_setting(self.services.config.plot_marker),
                    status=self.job.status,
                    loaded=False,
                )
                yield RichLog(id="recent-events", max_lines=200, wrap=True, markup=False)
            with TabPane("Events", id="events"):
                yield EventLog(id="event-log", max_lines=100_000)
            with TabPane("Details", id="details"), DetailsScroll(id="details-scroll"):
                yield Static(id="details-body")
            with TabPane("Checkpoints", id="checkpoints"):
                yield CheckpointsView()
        yield HelpFooter()

    def on_mount(self) -> None:
        """Start following."""
        provider = self.services.session.provider(self.job.provider)
        self._follower = JobFollower(provider, self.job.id)
        plot = self.query_one(LossPlot)
        if not provider.supports_live_metrics:
            plot.note = live_note(self.job, False, provider.late_metrics_note)
        plot.focus()
        self._render_details()
        self._start_poll(first=True)
        self.load_checkpoints()
        self.set_interval(self.services.config.refresh_interval, self._tick, name="follow")
        self.set_interval(1.0, self._countdown, name="follow-countdown")

    def on_unmount(self) -> None:
        """Leaving the screen stops following at once: no poll starts after this, one under way ends."""
        self.gate.closed = True
        if self._follower is not None:
            self._follower.stop()  # thread-safe: a poll in flight sends no further request
        self._owner.shutdown(wait=False, cancel_futures=True)

    # -- polling -------------------------------------------------------------------
    def _tick(self) -> None:
        """The refresh interval: poll unless one runs, the job is done, or a retry is pending."""
        if self.follower.reconciled or self.gate.error is not None:
            return  # after a failure, the countdown starts the retry when it is due
        self._start_poll()

    def _countdown(self) -> None:
        """Every second while failing: start the retry when due, and count down to it."""
        if self.gate.error is None:
            return
        if self.gate.due(self.services.now().timestamp()):
            self._start_poll()
        self._refresh_status()

    def _start_poll(self, again: bool = False, first: bool = False) -> bool:
        """Start a poll unless one is in flight (``again``: then once it ends); say whether one started."""
        if self._follower is None or not self.gate.may_start():
            self.gate.again = self.gate.again or again
            return False
        self.gate.started(self.poll(self._follower, first))
        self._refresh_status()
        return True

    def action_poll(self) -> None:
        """Poll now (unless a poll is already running)."""
        self._start_poll()

    @work(thread=True, group="follow", exit_on_error=False)
    def poll(self, follower: JobFollower, first: bool = False) -> None:
        """One poll of the follower (job + new events; final series at the end); posts a snapshot."""
        notes: list[str] = []

        def poll_and_copy() -> tuple[FollowUpdate, FollowView]:
            try:
                update = read(follower.poll, "Following the job", first=first)
                return update, FollowView.of(follower)
            finally:  # the owner thread made the calls, so it holds their notices
                notes.extend(take_notices(follower.provider))

        try:  # the follower lives on one thread (the owner's); this worker only waits for it
            update, view = self._owner.submit(poll_and_copy).result()
        except FollowStopped:
            return  # the screen closed while this poll ran: a quiet end
        except ProviderError as error:
            self.post_message(self.PollFailed(error))
        except (CancelledError, RuntimeError):
            return  # the screen went away (the owner was shut down): nothing to show
        else:
            self.post_message(self.Polled(update, view))
        finally:
            if notes:
                self.post_message(Notices(self.job.provider, notes, "follow"))

    @work(thread=True, exclusive=True, group="checkpoints", exit_on_error=False)
    def load_checkpoints(self) -> None:
        """Fetch the checkpoints (once at open, again when the job ends)."""
        provider = self.services.session.provider(self.job.provider)
        try:
            checkpoints = read(lambda: provider.checkpoints(self.job.id), "Loading checkpoints", first=True)
        except ProviderError as error:
            self.post_message(self.CheckpointsLoaded([], error))  # details say why; the job's end reloads
            return
        finally:
            post_notices(self, self.job.provider, provider, "checkpoints")
        self.post_message(self.CheckpointsLoaded(checkpoints))

    @on(Notices)
    def _notices(self, message: Notices) -> None:
        """Say what the provider noticed (each text once per screen): walks cut short, items skipped …"""
        show_notices(self, self._told, message)

    @on(Polled)
    def _polled(self, message: Polled) -> None:
        update = message.update
        was_active = self.job.status.is_active or not self.job.status.is_terminal
        self.job = update.job
        self.follower = message.view
        self.gate.succeeded()
        if self.gate.again:
            self.gate.again = False
            self.call_later(self._start_poll)
        self._last_ok = self.services.now()
        for event in update.events:
            self._log(event)
        if update.series_changed:
            self._plot()
            if self.follower.points:
                last = self.follower.points[-1]
                self.services.progress[self.job.key] = (last.step, last.total_steps or self.job.total_steps)
        provider = self.services.session.provider(self.job.provider)
        if not provider.supports_live_metrics:
            self.query_one(LossPlot).note = live_note(self.job, bool(self.follower.points), provider.late_metrics_note)
        if update.finished:
            self.load_checkpoints()
            if was_active and update.events:
                job_ended(
                    self.app,
                    f"{self.job.name or self.job.id} {self.job.status.value}",
                    "information" if self.job.status.value == "succeeded" else "warning",
                )
        self._refresh_header()

    @on(PollFailed)
    def _poll_failed(self, message: PollFailed) -> None:
        first = self.gate.error is None
        error = message.error
        wait = self.gate.failed(error, self.services.now().timestamp(), self.services.config.refresh_interval)
        if first:
            self.notify(
                f"{error.message} Retrying in {wait:.0f} s (r retries now).",
                title=error.title,
                severity="warning",
                timeout=8,
            )
        self._refresh_header()

    @on(CheckpointsLoaded)
    def _checkpoints(self, message: CheckpointsLoaded) -> None:
        self._checkpoints_error = message.error
        if message.error is None:
            self.checkpoints = message.checkpoints
        self._render_details()
        self._render_checkpoints()
        self._plot()

    def _plot(self) -> None:
        label = self.job.name or self.job.id
        self.query_one(LossPlot).set_series({label: self.follower.series}, checkpoints={label: self.checkpoints})

    @on(JobChanged)
    def _changed(self, message: JobChanged) -> None:
        self.job = message.job
        text, severity = action_outcome(self.job, message.action, self.services.session.provider(self.job.provider))
        self.notify(text, severity=severity)
        self._refresh_header()
        self._start_poll(again=True)

    # -- rendering ---------------------------------------------------------------------
    def _log(self, event: JobEvent) -> None:
        stamp = event.created_at.astimezone().strftime("%H:%M:%S") if event.created_at else "--:--:--"
        style = {"error": "red", "warn": "yellow"}.get(event.level, "dim" if event.type == "metrics" else "")
        line = Text(f"{stamp} ", style="dim")
        line.append(event.message, style=style)
        self.query_one("#event-log", EventLog).add(line)
        if event.type != "metrics" or event.metrics is None or event.metrics.valid_loss is not None:
            self.query_one("#recent-events", RichLog).write(line)

    def _title(self) -> Text:
        step = ""
        if self.follower.points:
            last = self.follower.points[-1]
            total = last.total_steps or self.job.total_steps
            step = f"step {last.step}{f'/{total}' if total else ''}"
        return title_text(self.job, step, self.app.size.width if self.is_attached else 80)

    def on_resize(self, event: Resize) -> None:
        """Fit the title to the new width."""
        set_line(self.query_one("#job-title", Static), self._title())

    def _refresh_header(self) -> None:
        set_line(self.query_one("#job-title", Static), self._title())
        loaded = self._last_ok is not None and (self.follower.reconciled or not self.job.status.is_terminal)
        self.query_one(LossPlot).set_job(self.job.status, loaded)
        self._refresh_status()
        self._render_details()

    def _refresh_status(self) -> None:
        """The follow line: what is wrong and when it retries, or how fresh the data is."""
        status = Text()
        now = self.services.now()
        if self.gate.error is not None:
            status.append(self.gate.status(now.timestamp()), style="bold red")
            status.append(f" — {self.gate.error.message}", style="red")
            if self._last_ok is not None:
                status.append(f" · last update {self._last_ok.astimezone():%H:%M:%S}", style="dim")
        elif self.follower.reconciled:
            final = self.job.status.value == "succeeded" and bool(self.follower.points)
            note = self.follower.final_note
            status.append(
                f"job {status_word(self.job)}" + (" · final curve from the result file" if final and not note else ""),
                style="dim",
            )
            if note:
                status.append(f" · {note}", style="yellow")
        elif self._last_ok is not None:
            count = len(self.follower.events)
            status.append(f"following · {count} events · updated {self._last_ok.astimezone():%H:%M:%S}", style="dim")
        else:
            status.append("loading…", style="dim")
        set_line(self.query_one("#follow-status", Static), status)

    def _render_details(self) -> None:
        problem = self._checkpoints_error
        note = f"Checkpoints could not be loaded: {problem.message}" if problem else ""
        try:
            body = details_text(self.job, self.checkpoints, note)
        except Exception:  # noqa: BLE001 - a field of a type nobody expected: say so, never crash
            body = Text(f"{self.job.id}: some fields of this job hold values ftui cannot show.", style="yellow")
        set_block(
            self.query_one("#details-body", Static), body, (self.job, tuple(c.id for c in self.checkpoints), note)
        )

    def _render_checkpoints(self) -> None:
        problem = self._checkpoints_error
        self.query_one(CheckpointsView).show(
            self.checkpoints, problem.message if problem else None, self.job.status.is_terminal
        )

    # -- actions -------------------------------------------------------------------------
    def action_show_tab(self, tab: str) -> None:
        """Switch tab (focusing its main widget, which is what makes the switch stick)."""
        target = {
            "loss": "#loss-plot",
            "events": "#event-log",
            "details": "#details-scroll",
            "checkpoints": "#checkpoint-table",
        }[tab]
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
        export_series(self, self.job.id, self.follower.series, kind)
