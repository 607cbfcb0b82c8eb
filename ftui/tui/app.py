"""The Textual app: paints first, builds the session in a thread, then shows the main screen.

The app holds the :class:`~ftui.tui.services.Services` every screen is built with, reports
every worker that fails, and shows a resize message below the minimum size.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import threading
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import ClassVar

from textual import events, on, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.notifications import Notify
from textual.screen import Screen
from textual.worker import Worker, WorkerState
from textual.worker_manager import WorkerManager

from ftui.config import Config
from ftui.files import set_read_only
from ftui.providers.errors import ProviderError
from ftui.session import Session
from ftui.state import load_state, save_state
from ftui.tui.alerts import make_room
from ftui.tui.palette import FtuiCommands
from ftui.tui.screens.base import ServicesScreen
from ftui.tui.screens.diagnostics import DiagnosticsScreen
from ftui.tui.screens.help import HelpScreen
from ftui.tui.screens.starting import StartingScreen
from ftui.tui.screens.too_small import MIN_HEIGHT, MIN_WIDTH, TooSmallScreen
from ftui.tui.services import Progress, Services, utc_now
from ftui.tui.terminal import marker_setting

log = logging.getLogger(__name__)


class _ReportingWorkers(WorkerManager):
    """The app's workers: none takes the app down, and every one that fails is reported.

    ``Worker.StateChanged`` does not bubble (a pane's worker is never seen by the app), so
    the report hangs on the one place every worker passes when it ends.
    """

    def __init__(self, app: FtuiApp) -> None:
        super().__init__(app)
        self._ftui = app

    def add_worker(self, worker: Worker[object], start: bool = True, exclusive: bool = True) -> None:
        """Add (and start) a worker; an error in it is reported, never fatal."""
        worker.exit_on_error = False
        super().add_worker(worker, start=start, exclusive=exclusive)

    def _remove_worker(self, worker: Worker[object]) -> None:
        super()._remove_worker(worker)
        if worker.state is WorkerState.ERROR and worker.error is not None:
            self._ftui.worker_failed(worker)


def _worker_description(worker: Worker[object]) -> str:
    name = (worker.name or "a background task").replace("_", " ")
    return f"{name} ({type(worker.node).__name__})"


def main_screen_class() -> type[ServicesScreen]:
    """The main screen's class, imported on first use.

    Not at the top: its panes pull in the dataset engine, the launch core and the plot library,
    which the first frame must not wait for (the start-up worker imports them in its thread).
    """
    from ftui.tui.screens.main import MainScreen

    return MainScreen


def warm_up(session: Session) -> None:
    """Build every profile's provider now (in a thread: it imports the SDKs).

    A provider that cannot be built is left for the jobs refresh to build again and show.
    """
    for profile in session.profiles:
        try:
            session.provider(profile.name).prepare()
        except Exception:
            log.debug("building the provider of %s failed", profile.name, exc_info=True)


@dataclass
class SessionStarted(Message):
    """The start-up worker built the session."""

    session: Session
    """The session."""


@dataclass
class StartFailed(Message):
    """The start-up worker could not build the session."""

    error: BaseException
    """Why."""


class FtuiApp(App[None]):
    """ftui: fine-tuning jobs, datasets and loss curves in the terminal."""

    TITLE = "ftui"
    CSS_PATH = Path(__file__).parent / "ftui.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        # ctrl+c quits as in any terminal program; with text selected (in a field, or with the mouse) the field or
        # the screen copies it instead (their own ctrl+c comes first and passes on when nothing is selected).
        Binding("ctrl+c", "quit", "Quit", show=False, system=True),
        Binding("question_mark", "help", "Help"),
        Binding("f1", "help", "Help", show=False, priority=True),  # where ? is typed (text fields)
        Binding("D", "diagnostics", "Diagnostics", show=False),
        Binding("ctrl+p", "command_palette", "palette", show=False, priority=True),
        Binding("colon", "command_palette", "Go to", show=False),  # not priority: inputs take ':' as text
    ]
    COMMANDS = App.COMMANDS | {FtuiCommands}

    def __init__(
        self,
        session: Session | Callable[[], Session],
        config: Config,
        now: Callable[[], datetime] | None = None,
        read_only: bool | None = None,
    ) -> None:
        """``session``: the session, or a function that builds it (then the app paints first and calls it
        in a thread: SDK imports and the demo emulator never delay the first frame)."""
        super().__init__()
        self.services = Services(
            config=config,
            read_only=config.read_only if read_only is None else read_only,
            notify=self.notify,
            now=now or utc_now,
        )
        """What screens use of the app: session, config, read-only, clock."""
        set_read_only(self.services.read_only)  # every file write goes through ftui.files, which refuses it
        self._start: Callable[[], Session] | None = None
        if isinstance(session, Session):
            self.services.attach(session)
        else:
            self._start = session
        self._started: Session | None = None  # built by the start-up worker, for on_unmount to close
        self._closed = False
        self._lock = threading.Lock()
        self._workers = _ReportingWorkers(self)
        theme = config.theme or load_state().get("theme")
        if isinstance(theme, str) and theme in self.available_themes:
            self.theme = theme
        self._theme_loaded = True

    # -- the services, also as the app's attributes (tests and scripts read them) --------------
    @property
    def session(self) -> Session:
        """The profiles and providers of this run (:class:`RuntimeError` while still starting)."""
        return self.services.session

    @property
    def config(self) -> Config:
        """Settings from the config file."""
        return self.services.config

    @config.setter
    def config(self, config: Config) -> None:
        self.services.config = config

    @property
    def read_only(self) -> bool:
        """Refuse cancel, pause, resume, launch, uploads and file writes (``--read-only`` or config)."""
        return self.services.read_only

    @property
    def now(self) -> Callable[[], datetime]:
        """The current time (fixed by snapshot tests and the screenshot script)."""
        return self.services.now

    @property
    def progress(self) -> Progress:
        """Latest (step, total steps) of the jobs followed this run, for the jobs table."""
        return self.services.progress

    def refuse_if_read_only(self, what: str) -> bool:
        """Say so and return True when ``what`` is not allowed because ftui is read-only."""
        return self.services.refuse_if_read_only(what)

    # -- start-up ---------------------------------------------------------------------------
    def on_mount(self) -> None:
        """Show the main screen (or paint "starting" and build the session in a thread), and any config
        problems; quit cleanly when the SSH session drops."""
        if self._start is None:
            self.push_screen(main_screen_class()(self.services))
        else:
            self.push_screen(StartingScreen(self.services.now))
            self._start_session(self._start)
        with suppress(NotImplementedError, RuntimeError, ValueError, AttributeError):  # tests; no SIGHUP
            asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, self.exit)
        self._check_size()
        for problem in self.config.problems:
            self.notify(str(problem), title="Config problem (using defaults)", severity="warning", timeout=12)

    @work(thread=True, exit_on_error=False, group="start", name="starting ftui")
    def _start_session(self, start: Callable[[], Session]) -> None:
        """Import the main screen's modules, build the session and its providers; hand it over."""
        try:
            main_screen_class()
            session = start()
        except Exception as error:  # noqa: BLE001 - shown on the starting screen, never a dead worker
            self.post_message(StartFailed(error))
            return
        try:
            warm_up(session)
        finally:
            with self._lock:
                keep = not self._closed
                if keep:
                    self._started = session
            if not keep:  # the app was quit while starting
                session.close()
        if keep:
            self.post_message(SessionStarted(session))

    @on(SessionStarted)
    def _session_started(self, message: SessionStarted) -> None:
        self.services.attach(message.session)
        while len(self.screen_stack) > 1 and not isinstance(self.screen, StartingScreen):
            self.pop_screen()  # what was opened meanwhile (help, the palette, the size message) closes
        if isinstance(self.screen, StartingScreen):
            self.switch_screen(main_screen_class()(self.services))
        self._check_size()

    @on(StartFailed)
    def _start_failed(self, message: StartFailed) -> None:
        error = message.error
        if isinstance(error, ProviderError):  # e.g. --profile names no profile: as the CLI says it
            self.exit(return_code=2, message=f"ftui: {error}")
            return
        log.debug("start-up failed", exc_info=error)
        detail = " ".join(str(error)[:300].split())
        what = f"{type(error).__name__}{': ' + detail if detail else ''}."
        for screen in self.screen_stack:
            if isinstance(screen, StartingScreen):
                screen.failed(what)
        self.notify(
            f"{what} Press q to quit; if it keeps happening, press D and report it.",
            title="ftui could not start",
            severity="error",
            timeout=30,
        )

    def close_session(self) -> None:
        """Close the providers and the embedded emulator (also one still starting, once it is built)."""
        with self._lock:
            self._closed = True
            sessions = {id(s): s for s in (self._started, self.services.ready and self.services.session) if s}
        for session in sessions.values():
            session.close()

    def watch_theme(self, theme: str) -> None:
        """Remember the theme chosen (palette: "Change theme") for the next start."""
        if getattr(self, "_theme_loaded", False):
            save_state({"theme": theme})

    def on_resize(self, event: events.Resize) -> None:
        """Below the minimum size, show a resize message instead of a broken layout."""
        self._check_size(event.size)

    def _check_size(self, size: Size | None = None) -> None:
        size = size or self.size
        small = size.width < MIN_WIDTH or size.height < MIN_HEIGHT
        screen = self.screen
        showing = isinstance(screen, TooSmallScreen)
        if small and not showing:
            self.push_screen(TooSmallScreen())
        elif small and isinstance(screen, TooSmallScreen):
            screen.update_size(size)
        elif showing:
            self.pop_screen()

    def _on_notify(self, event: Notify) -> None:
        """Show a toast: top right under the header lines, never over the bottom half (``ftui.tcss``).

        When the toasts would not fit there, the oldest go first (information before errors). This is
        where a notification (posted from any thread by ``notify``) reaches the app's thread; Textual's own
        handler (``App._on_notify``, called after this one as for every handler up the classes) shows it.
        """
        make_room(self, event.notification)

    def action_diagnostics(self) -> None:
        """Show TERM, colours, size, UTF-8 and the plot marker."""
        if not isinstance(self.screen, DiagnosticsScreen):
            self.push_screen(DiagnosticsScreen(marker_setting(self.config.plot_marker), self.read_only))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's palette commands but its "Keys" panel (ftui's "Keys" is the help, from :mod:`ftui.tui.palette`).

        The screenshot command writes a file, so read-only mode leaves it out.
        """
        for command in super().get_system_commands(screen):
            if command.title == "Keys" or (command.title == "Screenshot" and self.read_only):
                continue
            yield command

    def action_help(self) -> None:
        """Show the keys."""
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def worker_failed(self, worker: Worker[object]) -> None:
        """A worker (of any pane or screen) ended in error: say what and what to do, never a traceback."""
        error = worker.error
        if isinstance(error, ProviderError):
            self.notify(error.message, title=error.title, severity="error", timeout=10)
            return
        log.debug("worker %s failed", worker.name, exc_info=error)  # debug: never printed over the screen
        detail = " ".join(str(error)[:800].split())[:200]
        self.notify(
            f"{type(error).__name__}{': ' + detail if detail else ''}. ftui keeps running: try again "
            "(r refreshes); if it keeps happening, press D and report it with what you did.",
            title=f"Failed: {_worker_description(worker)}",
            severity="error",
            timeout=12,
        )

    def on_unmount(self) -> None:
        """Close providers and the embedded emulator."""
        self.close_session()
