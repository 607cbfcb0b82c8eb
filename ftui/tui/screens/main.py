"""The main screen: provider status, the panes in tabs, and the job-list state it owns."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Static, TabbedContent, TabPane

from ftui.launch.hosted import cache_path
from ftui.providers.errors import AuthError, ProviderError, UnavailableError
from ftui.providers.records import Job, RemoteFile
from ftui.tui.actions import JobActions
from ftui.tui.alerts import job_ended
from ftui.tui.lines import set_line
from ftui.tui.messages import JobChanged, JobsFailed, JobsLoaded, JobsRefreshed, RemoteFileReady, RemoteFilesLoaded
from ftui.tui.panes.datasets import DatasetsPane
from ftui.tui.panes.datasets_browser import FileBrowser
from ftui.tui.panes.jobs import JobsPane
from ftui.tui.panes.launch import LaunchPane
from ftui.tui.panes.models import ModelsPane  # models
from ftui.tui.polling import Notices, PollGate, failure_kind, read, show_notices, take_notices
from ftui.tui.screens.models_nav import ModelsNavigation  # models

PAGE_SIZE = 50
"""Jobs asked for per page."""
_JOB_ACTIONS = {"cancel", "pause", "compare", "clone", "refresh"}
COVERED_EVERY = 10
"""While another screen is on top, refresh the list only every this many intervals."""


class MainScreen(JobActions, ModelsNavigation):  # models
    """Owns the jobs of every profile and keeps them fresh with a thread worker."""

    BINDINGS = [
        Binding("r", "refresh", "Refresh"),
        Binding("x", "cancel", "Cancel"),
        Binding("p", "pause", "Pause/resume"),
        Binding("C", "compare", "Compare", show=False),
        Binding("1", "show_tab('jobs')", "Jobs", show=False),
        Binding("2", "show_tab('datasets-tab')", "Datasets", show=False),
        Binding("3", "show_tab('launch-tab')", "Launch", show=False),  # launch
        Binding("4", "show_tab('models-tab')", "Models", show=False),  # models
        Binding("c", "clone", "Clone", show=False),  # launch
    ]

    def __init__(self) -> None:
        super().__init__()
        self.jobs: dict[tuple[str, str], Job] = {}
        """Every job loaded so far, by (profile, id)."""
        self.cursors: dict[str, str | None] = {}
        """Per profile: the cursor of the next older page (None when all are loaded)."""
        self.failures: dict[str, ProviderError] = {}
        """Per profile: the last error, until a call succeeds again."""
        self.updated_at: datetime | None = None
        """When a refresh last succeeded."""
        self.gate = PollGate()
        """The list refresh: in flight or not, last failure, next try."""
        self._stale = False
        self._ticks = 0
        self._told: set[str] = set()

    def compose(self) -> ComposeResult:
        """Banner, status line, tabs and footer."""
        session = self.ftui.session
        if session.demo:
            yield Static(
                "[b]DEMO[/b]  sample jobs on a local emulator · set OPENAI_API_KEY or add a profile",
                id="demo-banner",
            )
        yield Static(self._status_text(), id="status-line")
        with TabbedContent(id="tabs", initial="jobs"):
            with TabPane("Jobs", id="jobs"):
                yield JobsPane(show_profile=len(session.profiles) > 1, id="jobs-pane")
            with TabPane("Datasets", id="datasets-tab"):
                yield DatasetsPane(list(self.ftui.config.dataset_dirs) or [Path.cwd()], id="datasets")
            with TabPane("Launch", id="launch-tab"):  # launch
                yield LaunchPane(list(self.ftui.config.dataset_dirs) or [Path.cwd()], id="launch")
            with TabPane("Models", id="models-tab"):  # models
                yield ModelsPane(id="models")
        yield Footer()

    def on_mount(self) -> None:
        """Load jobs now and refresh on the configured interval."""
        self.query_one("#jobs-table").focus()
        self._render_jobs()
        self._start_refresh(first=True)
        self.load_remote_files()
        self.set_interval(self.ftui.config.refresh_interval, self._tick, name="jobs-refresh")
        self.set_interval(1.0, self._countdown, name="offline-countdown")

    def _tick(self) -> None:
        """The refresh interval: refresh while jobs are active (a failure's retry is the countdown's)."""
        self._ticks += 1
        if self.app.screen is not self and self._ticks % COVERED_EVERY:
            return  # a screen on top follows its own job; refreshing underneath repaints it (bandwidth)
        if self.gate.error is None and any(job.status.is_active for job in self.jobs.values()):
            self._start_refresh()

    def _countdown(self) -> None:
        """Every second while failing: start the retry when due, and count down to it."""
        if self.gate.error is None:
            return
        if self.gate.due(self.ftui.now().timestamp()):
            self._start_refresh()
        self._update_status()

    def _start_refresh(self, again: bool = False, first: bool = False) -> bool:
        """Start a refresh unless one is in flight (``again``: then once it ends); say whether one started.

        ``first``: the first load, which retries a passing failure (a 429, a 503) before showing it.
        """
        if not self.gate.may_start():
            self.gate.again = self.gate.again or again
            return False
        self.gate.started(self.refresh_jobs(first))
        self._update_status()
        return True

    def action_refresh(self) -> None:
        """Refresh now (unless a refresh is running)."""
        if self._start_refresh():
            self.notify("Refreshing jobs…", timeout=1.5)
        else:
            self.notify("A refresh is already running.", timeout=1.5)

    def action_show_tab(self, tab: str) -> None:
        """Switch to a pane by its tab id (focusing into it, which is what makes the switch stick)."""
        self.query_one(TabbedContent).active = tab
        targets = {"jobs": "#jobs-table", "datasets-tab": "#datasets", "launch-tab": "#launch",  # launch
                   "models-tab": "#models-table"}  # models
        target = self.query_one(targets.get(tab, "#datasets"))
        focusable = target if target.can_focus else next((w for w in target.query("*") if w.can_focus), target)
        self.set_focus(focusable)

    # -- workers --------------------------------------------------------------
    @work(thread=True, group="jobs", exit_on_error=False)
    def refresh_jobs(self, first_load: bool = False) -> None:
        """Fetch the newest page of every profile; post one message per profile, then JobsRefreshed.

        ``first_load`` runs each read under the first-load policy (passing failures retried quietly).
        """
        session = self.ftui.session
        first: ProviderError | None = None
        for profile in session.profiles:
            try:  # the provider is built inside read(): a profile that cannot be built is an error shown
                page = read(lambda: session.provider(profile.name).list_jobs_page(None, PAGE_SIZE),
                            f"Listing the jobs of {profile.name}", first=first_load)
            except ProviderError as error:
                first = first or error
                self.post_message(JobsFailed(profile.name, error))
            else:
                self.post_message(JobsLoaded(profile.name, page.jobs, page.next_cursor, first_page=True))
            self.post_message(Notices(profile.name, self._notices_of(profile.name), "jobs"))
        self.post_message(JobsRefreshed(first))

    @work(thread=True, exclusive=True, group="jobs-more", exit_on_error=False)
    def load_more(self, profile: str, cursor: str) -> None:
        """Fetch one older page of a profile."""
        try:
            page = read(lambda: self.ftui.session.provider(profile).list_jobs_page(cursor, PAGE_SIZE),
                        f"Listing older jobs of {profile}")
        except ProviderError as error:
            self.post_message(JobsFailed(profile, error, older=True))
        else:
            self.post_message(JobsLoaded(profile, page.jobs, page.next_cursor, first_page=False))
        finally:
            self.post_message(Notices(profile, self._notices_of(profile), "jobs-more"))

    @work(thread=True, exclusive=True, group="remote-files", exit_on_error=False)
    def load_remote_files(self) -> None:
        """List every profile's uploaded datasets for the datasets pane's browser."""
        session = self.ftui.session
        for profile in session.profiles:
            try:
                files = read(lambda: session.provider(profile.name).list_files(),
                             f"Listing the files of {profile.name}", first=True)
            except ProviderError as error:
                if not isinstance(error, (UnavailableError, AuthError)):  # those the jobs line shows already
                    self.app.notify(f"{error.message} Uploaded datasets of {profile.name} are not listed.",
                                    title=error.title, severity="warning", timeout=8)
                continue
            finally:
                self.post_message(Notices(profile.name, self._notices_of(profile.name), "files"))
            self.post_message(RemoteFilesLoaded(profile.name, files))

    @work(thread=True, exclusive=True, group="download", exit_on_error=False)
    def download(self, profile: str, file: RemoteFile) -> None:
        """Fetch a remote dataset into the cache (reusing a complete earlier copy)."""
        dest = cache_path(profile, file)
        if not (dest.is_file() and (file.bytes is None or dest.stat().st_size == file.bytes)):
            self.app.notify(f"Downloading {file.filename or file.id} from {profile}…", timeout=3)
            try:
                read(lambda: self.ftui.session.provider(profile).download_file(file, dest), "Downloading",
                     first=True)
            except ProviderError as error:
                self.app.notify(error.message, title=f"Could not download {file.filename}", severity="error")
                return
            finally:
                self.post_message(Notices(profile, self._notices_of(profile), "download"))
        self.post_message(RemoteFileReady(dest))

    def _notices_of(self, profile: str) -> list[str]:
        """What ``profile``'s provider noticed since last asked (none when it was never built)."""
        return take_notices(self.ftui.session.providers.get(profile))

    # -- state updates ----------------------------------------------------------
    @on(RemoteFilesLoaded)
    def _remote_files(self, message: RemoteFilesLoaded) -> None:
        self.query_one(DatasetsPane).query_one(FileBrowser).set_remote(message.profile, message.files)

    @on(DatasetsPane.RemoteChosen)
    def _remote_chosen(self, message: DatasetsPane.RemoteChosen) -> None:
        self.download(message.profile, message.file)

    @on(RemoteFileReady)
    def _remote_ready(self, message: RemoteFileReady) -> None:
        self.query_one(DatasetsPane).open(message.path)

    @on(JobsLoaded)
    def _jobs_loaded(self, message: JobsLoaded) -> None:
        for job in message.jobs:
            before = self.jobs.get(job.key)
            if before is not None and not before.status.is_terminal and job.status.is_terminal:
                severity = "information" if job.status.value == "succeeded" else "warning"
                job_ended(self.app, f"{job.name or job.id} {job.status.value}", severity)
            self.jobs[job.key] = job
        if not message.first_page or message.profile not in self.cursors:
            self.cursors[message.profile] = message.next_cursor
        self.failures.pop(message.profile, None)
        self.updated_at = self.ftui.now().astimezone()
        self._render_jobs()

    @on(JobsFailed)
    def _jobs_failed(self, message: JobsFailed) -> None:
        error = message.error
        if message.older:
            self.notify(f"{error.message} Move to the last row again to retry.",
                        title=f"Older jobs of {message.profile}: {error.title}", severity="warning", timeout=8)
            return
        first = message.profile not in self.failures
        self.failures[message.profile] = error
        if first:
            self.notify(error.message, title=f"{message.profile}: {error.title}", severity="error", timeout=8)
        self._render_jobs()

    @on(JobsRefreshed)
    def _jobs_refreshed(self, message: JobsRefreshed) -> None:
        if message.error is None:
            self.gate.succeeded()
        else:
            self.gate.failed(message.error, self.ftui.now().timestamp(), self.ftui.config.refresh_interval)
        self._update_status()  # the rows were rendered by each profile's message
        if self.gate.again and message.error is None:
            self.gate.again = False
            self._start_refresh()

    @on(Notices)
    def _notices(self, message: Notices) -> None:
        """Show what a provider noticed: a notification for news, and under the table for the list."""
        if message.source in ("jobs", "jobs-more"):
            self.query_one(JobsPane).set_notes(message.profile, message.texts,
                                               replace=message.source == "jobs")
        show_notices(self, self._told, message)

    @on(JobChanged)
    def _job_changed(self, message: JobChanged) -> None:
        job = message.job
        self.jobs[job.key] = job
        self.notify(f"{message.action.capitalize()}: {job.name or job.id} is now {job.status.value}.")
        self._render_jobs()
        self._start_refresh(again=True)

    @on(JobsPane.Opened)
    def _open(self, message: JobsPane.Opened) -> None:
        from ftui.tui.screens.job import JobScreen

        self.app.push_screen(JobScreen(message.job))

    # -- launch (clone a job into the launch form; show a launched job) --------------
    def action_clone(self) -> None:
        """Start the launch form from the selected job's configuration."""
        from ftui.launch import clone_job

        job = self.query_one(JobsPane).selected
        if job is None or self.query_one(TabbedContent).active != "jobs":
            return
        self.query_one(LaunchPane).load_form(clone_job(job), f"Cloned {job.name or job.id}: check it, then ctrl+l.")
        self.action_show_tab("launch-tab")

    @on(LaunchPane.Launched)
    def _launched(self, message: LaunchPane.Launched) -> None:
        job = message.job
        self.jobs[job.key] = job
        self._render_jobs()
        self.action_show_tab("jobs")
        table = self.query_one(JobsPane).table
        try:
            table.move_cursor(row=table.get_row_index(f"{job.provider}\x1f{job.id}"), animate=False)
        except Exception:  # noqa: BLE001 - hidden by the filter
            pass
        if message.existing:  # an earlier launch's job was opened: nothing new was created
            self.notify(f"Opened {job.name or job.id} on {job.provider} (launched earlier).",
                        title=f"Opened {job.name or job.id}")
        else:
            self.notify(f"Launched {job.name or job.id} on {job.provider}.", title="Job created")
        self._start_refresh(again=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Job actions exist only on the jobs tab (hidden from the footer elsewhere)."""
        if action in _JOB_ACTIONS and self.query_one(TabbedContent).active != "jobs":
            return False
        return super().check_action(action, parameters)

    @on(TabbedContent.TabActivated)
    def _tab_changed(self) -> None:
        self.refresh_bindings()

    def action_cancel(self) -> None:
        """Ask, then cancel the selected job."""
        self.request_cancel(self.query_one(JobsPane).selected)

    def action_pause(self) -> None:
        """Pause or resume the selected job."""
        self.request_pause_toggle(self.query_one(JobsPane).selected)

    def action_compare(self) -> None:
        """Overlay the curves of the marked jobs (or the selected one)."""
        from ftui.tui.screens.compare import CompareScreen

        pane = self.query_one(JobsPane)
        jobs = [self.jobs[key] for key in sorted(pane.marked) if key in self.jobs]
        if len(jobs) < 2:
            self.notify("Mark two or more jobs with space, then press C to compare them.", severity="warning")
            return
        self.app.push_screen(CompareScreen(jobs))

    @on(JobsPane.MoreWanted)
    def _more_wanted(self) -> None:
        for profile, cursor in self.cursors.items():
            if cursor:
                self.load_more(profile, cursor)
                return

    def on_screen_resume(self) -> None:
        """Catch up with what changed while another screen was on top (jobs, followed progress)."""
        if self.jobs or self._stale:
            self._render_jobs()

    def _render_jobs(self) -> None:
        # Widgets of a covered screen still cost a repaint of the visible one: wait until shown.
        self._stale = self.app.screen is not self
        if self._stale:
            return
        ordered = sorted(
            self.jobs.values(), key=lambda job: job.created_at.timestamp() if job.created_at else 0, reverse=True
        )
        if self.failures and not self.jobs:
            empty = "Could not load jobs (r retries now). " + " ".join(
                f"{name}: {error.message}" for name, error in self.failures.items()
            )
        else:
            empty = "Loading jobs…" if not self.updated_at else "No jobs yet."
        self.query_one(JobsPane).show(ordered, self.ftui.now(), empty, steps=self.ftui.progress)
        self._update_status()

    def _update_status(self) -> None:
        if self.app.screen is not self:
            return
        set_line(self.query_one("#status-line", Static), self._status_text())

    def _status_text(self) -> Text:
        text = Text()
        if self.ftui.read_only:
            text.append("READ-ONLY ", style="bold reverse")
            text.append(" ")
        now = self.ftui.now().timestamp()
        for profile in self.ftui.session.profiles:
            error = self.failures.get(profile.name)
            loading = error is None and profile.name not in self.cursors
            text.append("● ", style="red" if error else "yellow" if loading else "green")
            if error is not None:  # the name only: what is wrong and when it retries must fit in 80 columns
                text.append(profile.name)
                text.append(f" {failure_kind(error)}: {error.title.lower()}, {self.gate.countdown(now)}",
                            style="bold red")
            else:
                text.append(profile.describe())
                if loading:
                    text.append(" loading…", style="dim")
            text.append("   ")
        count = len(self.jobs)
        text.append(f"{count} job{'s' if count != 1 else ''}", style="bold")
        if self.updated_at is not None:
            text.append(f" · updated {self.updated_at:%H:%M:%S}", style="dim")
        return text

