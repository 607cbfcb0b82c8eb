"""The main screen: provider status, the panes in tabs, and the job-list state it owns.

It also carries out the palette's commands (:mod:`ftui.tui.messages`), whatever screen is on top.
"""

from __future__ import annotations

from contextlib import suppress
from functools import partial
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static, TabbedContent, TabPane, Tabs

from ftui.launch import clone_job
from ftui.providers.errors import ProviderError
from ftui.providers.records import Job, JobPage
from ftui.tui.alerts import job_ended
from ftui.tui.fit_line import FitLine
from ftui.tui.footer import HelpFooter
from ftui.tui.messages import (
    JobChanged,
    JobsFailed,
    JobsLoaded,
    JobsRefreshed,
    OpenDataset,
    OpenJob,
    RefreshJobs,
    RunDatasetAction,
    ShowTab,
)
from ftui.tui.panes.datasets import DatasetsPane
from ftui.tui.panes.datasets_browser import find_files
from ftui.tui.panes.jobs import JobsPane
from ftui.tui.panes.launch import LaunchPane
from ftui.tui.panes.launch_submit import Launched
from ftui.tui.polling import Notices, PollGate, read, show_notices
from ftui.tui.screens.base import action_outcome
from ftui.tui.screens.compare import CompareScreen
from ftui.tui.screens.job import JobScreen
from ftui.tui.screens.jobs_state import JobsState
from ftui.tui.screens.main_banner import demo_banner
from ftui.tui.screens.main_hosted import HostedDatasets
from ftui.tui.screens.main_tabs import TABS, dataset_dirs
from ftui.tui.screens.models_nav import ModelsNavigation
from ftui.tui.services import Services
from ftui.tui.static_updates import set_line

PAGE_SIZE = 50
"""Jobs asked for per page."""
_JOB_ACTIONS = {"cancel", "pause", "compare", "clone", "refresh"}
COVERED_EVERY = 10
"""While another screen is on top, refresh the list only every this many intervals."""
PALETTE_DATASETS = 200
"""Local dataset files the palette offers at most."""


class MainScreen(HostedDatasets, ModelsNavigation):
    """Owns the jobs of every profile and keeps them fresh with a thread worker."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "refresh", "Refresh"),
        Binding("x", "cancel", "Cancel"),
        Binding("p", "pause", "Pause/resume"),
        Binding("C", "compare", "Compare", show=False),
        Binding("c", "clone", "Clone", show=False),  # launch
        *(Binding(str(number), f"show_tab('{tab.id}')", tab.label, show=False) for number, tab in enumerate(TABS, 1)),
    ]

    def __init__(self, services: Services) -> None:
        super().__init__(services)
        self.state = JobsState()
        """The jobs of every profile, their page cursors and failures."""
        self.gate = PollGate()
        """The list refresh: in flight or not, last failure, next try."""
        self._stale = False
        self._ticks = 0
        self._told: set[str] = set()
        self._shown_tab: str | None = TABS[0].id

    @property
    def jobs(self) -> dict[tuple[str, str], Job]:
        """Every job loaded so far, by (profile, id)."""
        return self.state.jobs

    def compose(self) -> ComposeResult:
        """Banner, status line, tabs and footer."""
        if self.services.session.demo:
            yield FitLine(demo_banner(self.services.session.speed), id="demo-banner", markup=False)
        yield FitLine(self._status_text(), id="status-line")
        with TabbedContent(id="tabs", initial=TABS[0].id):
            for tab in TABS:
                with TabPane(tab.label, id=tab.id):
                    yield tab.pane(self.services)
        yield HelpFooter()

    def on_mount(self) -> None:
        """Load jobs now and refresh on the configured interval."""
        self.query_one("#jobs-table").focus()
        self._render_jobs()
        self._start_refresh(first=True)
        self.load_remote_files()
        self.set_interval(self.services.config.refresh_interval, self._tick, name="jobs-refresh")
        self.set_interval(1.0, self._countdown, name="offline-countdown")

    def _tick(self) -> None:
        """The refresh interval: refresh while jobs are active (a failure's retry is the countdown's)."""
        self._ticks += 1
        if self.app.screen is not self and self._ticks % COVERED_EVERY:
            return  # a screen on top follows its own job; refreshing underneath repaints it (bandwidth)
        if self.gate.error is None and any(job.status.is_active for job in self.state.jobs.values()):
            self._start_refresh()

    def _countdown(self) -> None:
        """Every second while failing: start the retry when due, and count down to it."""
        if self.gate.error is None:
            return
        if self.gate.due(self.services.now().timestamp()):
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
        self._focus_pane(tab)

    def _focus_pane(self, tab: str) -> None:
        """Focus the pane's main widget (its table, list or first field): j/k and enter act at once."""
        target = self.query_one(next((t.focus for t in TABS if t.id == tab), TABS[0].focus))
        focusable = target if target.focusable else next((w for w in target.query("*") if w.focusable), target)
        self.set_focus(focusable)

    # -- workers --------------------------------------------------------------
    @work(thread=True, group="jobs", exit_on_error=False)
    def refresh_jobs(self, first_load: bool = False) -> None:
        """Fetch the newest page of every profile; post one message per profile, then JobsRefreshed.

        ``first_load`` runs each read under the first-load policy (passing failures retried quietly).
        """
        session = self.services.session
        first: ProviderError | None = None
        for profile in session.profiles:
            try:  # the provider is built inside read(): a profile that cannot be built is an error shown
                page = read(
                    partial(self._page, profile.name, None), f"Listing the jobs of {profile.name}", first=first_load
                )
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
            page = read(partial(self._page, profile, cursor), f"Listing older jobs of {profile}")
        except ProviderError as error:
            self.post_message(JobsFailed(profile, error, older=True))
        else:
            self.post_message(JobsLoaded(profile, page.jobs, page.next_cursor, first_page=False))
        finally:
            self.post_message(Notices(profile, self._notices_of(profile), "jobs-more"))

    def _page(self, profile: str, cursor: str | None) -> JobPage:
        return self.services.session.provider(profile).list_jobs_page(cursor, PAGE_SIZE)

    # -- state updates ----------------------------------------------------------
    @on(JobsLoaded)
    def _jobs_loaded(self, message: JobsLoaded) -> None:
        now = self.services.now().astimezone()
        for job in self.state.loaded(message.profile, message.jobs, message.next_cursor, message.first_page, now):
            job_ended(
                self.app,
                f"{job.name or job.id} {job.status.value}",
                "information" if job.status.value == "succeeded" else "warning",
            )
        self._render_jobs()

    @on(JobsFailed)
    def _jobs_failed(self, message: JobsFailed) -> None:
        error = message.error
        if message.older:
            self.notify(
                f"{error.message} Move to the last row again to retry.",
                title=f"Older jobs of {message.profile}: {error.title}",
                severity="warning",
                timeout=8,
            )
            return
        if self.state.failed(message.profile, error):
            self.notify(error.message, title=f"{message.profile}: {error.title}", severity="error", timeout=8)
        self._render_jobs()

    @on(JobsRefreshed)
    def _jobs_refreshed(self, message: JobsRefreshed) -> None:
        if message.error is None:
            self.gate.succeeded()
        else:
            self.gate.failed(message.error, self.services.now().timestamp(), self.services.config.refresh_interval)
        self._update_status()  # the rows were rendered by each profile's message
        if self.gate.again and message.error is None:
            self.gate.again = False
            self._start_refresh()

    @on(Notices)
    def _notices(self, message: Notices) -> None:
        """Show what a provider noticed: a notification for news, and under the table for the list."""
        if message.source in ("jobs", "jobs-more"):
            self.query_one(JobsPane).set_notes(message.profile, message.texts, replace=message.source == "jobs")
        show_notices(self, self._told, message)

    @on(JobChanged)
    def _job_changed(self, message: JobChanged) -> None:
        job = message.job
        self.state.put(job)
        text, severity = action_outcome(job, message.action, self.services.session.provider(job.provider))
        self.notify(text, severity=severity)
        self._render_jobs()
        self._start_refresh(again=True)

    @on(JobsPane.Opened)
    def _open(self, message: JobsPane.Opened) -> None:
        self.app.push_screen(JobScreen(self.services, message.job))

    # -- the palette's commands (any screen may be on top: back to this one first) ------------
    def palette_tabs(self) -> list[tuple[str, str]]:
        """The tabs the palette offers: (tab id, label)."""
        return [(tab.id, tab.label) for tab in TABS if self.query(f"#{tab.id}")]

    def palette_jobs(self) -> list[Job]:
        """The jobs the palette offers, newest first."""
        return self.state.ordered()

    def palette_datasets(self) -> list[Path]:
        """The local dataset files the palette offers (the datasets pane's folders)."""
        return find_files(dataset_dirs(self.services))[:PALETTE_DATASETS]

    def palette_read_only(self) -> bool:
        """Whether the palette leaves out the actions that write."""
        return self.services.read_only

    def _to_front(self, tab: str) -> None:
        """Close the screens above this one, and show ``tab``."""
        while self.app.screen is not self and len(self.app.screen_stack) > 1:
            self.app.pop_screen()
        self.action_show_tab(tab)

    @on(ShowTab)
    def _palette_tab(self, message: ShowTab) -> None:
        self._to_front(message.tab)

    @on(OpenJob)
    def _palette_job(self, message: OpenJob) -> None:
        self._to_front("jobs")
        self.app.push_screen(JobScreen(self.services, message.job))

    @on(OpenDataset)
    def _palette_dataset(self, message: OpenDataset) -> None:
        self._to_front("datasets-tab")
        self.query_one(DatasetsPane).open(message.path)

    @on(RefreshJobs)
    def _palette_refresh(self) -> None:
        self.action_refresh()

    @on(RunDatasetAction)
    async def _palette_dataset_action(self, message: RunDatasetAction) -> None:
        self._to_front("datasets-tab")
        await self.app.run_action(message.action, self.query_one(DatasetsPane))

    # -- launch (clone a job into the launch form; show a launched job) --------------
    def action_clone(self) -> None:
        """Start the launch form from the selected job's configuration."""
        job = self.query_one(JobsPane).selected
        if job is None or self.query_one(TabbedContent).active != "jobs":
            return
        self.query_one(LaunchPane).load_form(clone_job(job), f"Cloned {job.name or job.id}: check it, then ctrl+l.")
        self.action_show_tab("launch-tab")

    @on(Launched)
    def _launched(self, message: Launched) -> None:
        job = message.job
        self.state.put(job)
        self._render_jobs()
        self.action_show_tab("jobs")
        table = self.query_one(JobsPane).table
        with suppress(Exception):  # hidden by the filter
            table.move_cursor(row=table.get_row_index(f"{job.provider}\x1f{job.id}"), animate=False)
        if message.existing:  # an earlier launch's job was opened: nothing new was created
            self.notify(
                f"Opened {job.name or job.id} on {job.provider} (launched earlier).",
                title=f"Opened {job.name or job.id}",
            )
        else:
            self.notify(f"Launched {job.name or job.id} on {job.provider}.", title="Job created")
        self._start_refresh(again=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Job actions exist only on the jobs tab (hidden from the footer elsewhere)."""
        if action in _JOB_ACTIONS and self.query_one(TabbedContent).active != "jobs":
            return False
        return super().check_action(action, parameters)

    @on(TabbedContent.TabActivated)
    def _tab_changed(self, message: TabbedContent.TabActivated) -> None:
        """A tab was chosen with the tab bar (a click, or arrows on it): focus into its pane, so j/k act at once.

        Keys and the palette go through ``action_show_tab``, which focuses the pane itself.
        """
        pane = message.pane
        ours = message.tabbed_content.id == "tabs" and any(tab.id == pane.id for tab in TABS)  # not a pane's own tabs
        changed = ours and pane.id != self._shown_tab  # not the first tab's activation while mounting
        if changed:
            self._shown_tab = pane.id
        if changed and pane.id is not None and isinstance(self.focused, Tabs):
            self._focus_pane(pane.id)
        self.refresh_bindings()

    def action_cancel(self) -> None:
        """Ask, then cancel the selected job."""
        self.request_cancel(self.query_one(JobsPane).selected)

    def action_pause(self) -> None:
        """Pause or resume the selected job."""
        self.request_pause_toggle(self.query_one(JobsPane).selected)

    def action_compare(self) -> None:
        """Overlay the curves of the marked jobs (or the selected one)."""
        pane = self.query_one(JobsPane)
        jobs = [self.state.jobs[key] for key in sorted(pane.marked) if key in self.state.jobs]
        if len(jobs) < 2:
            self.notify("Mark two or more jobs with space, then press C to compare them.", severity="warning")
            return
        self.app.push_screen(CompareScreen(self.services, jobs))

    @on(JobsPane.MoreWanted)
    def _more_wanted(self) -> None:
        older = self.state.older_page()
        if older is not None:
            self.load_more(*older)

    def on_screen_resume(self) -> None:
        """Catch up with what changed while another screen was on top (jobs, followed progress)."""
        if self.state.jobs or self._stale:
            self._render_jobs()

    def _render_jobs(self) -> None:
        # Widgets of a covered screen still cost a repaint of the visible one: wait until shown.
        self._stale = self.app.screen is not self
        if self._stale:
            return
        self.query_one(JobsPane).show(
            self.state.ordered(), self.services.now(), self._empty_message, steps=self.services.progress
        )
        self._update_status()

    def _empty_message(self) -> Text:
        return self.state.empty_message(self.gate, self.services.now().timestamp())

    def _update_status(self) -> None:
        if self.app.screen is not self:
            return
        set_line(self.query_one("#status-line", Static), self._status_text())
        self.query_one(JobsPane).refresh_empty()  # the empty state's countdown in step with the status line

    def _status_text(self) -> Text:
        return self.state.status_text(
            self.services.session.profiles,
            read_only=self.services.read_only,
            gate=self.gate,
            now=self.services.now().timestamp(),
        )
