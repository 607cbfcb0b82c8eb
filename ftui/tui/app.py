"""The Textual app: one screen, the session, the config and a central error handler."""

from __future__ import annotations

import asyncio
import logging
import signal
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable

from textual import events
from textual.geometry import Size
from textual.app import App, SystemCommand
from textual.screen import Screen
from textual.binding import Binding
from textual.worker import Worker, WorkerState
from textual.worker_manager import WorkerManager

from ftui.config import Config
from ftui.providers.errors import ProviderError
from ftui.session import Session
from ftui.providers.records import Job
from ftui.files import set_read_only
from ftui.state import load_state, save_state
from ftui.tui.palette import FtuiCommands
from ftui.tui.screens.help import HelpScreen
from ftui.tui.screens.main import MainScreen
from ftui.tui.screens.too_small import MIN_HEIGHT, MIN_WIDTH, TooSmallScreen

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


class FtuiApp(App[None]):
    """ftui: fine-tuning jobs, datasets and loss curves in the terminal."""

    TITLE = "ftui"
    CSS_PATH = Path(__file__).parent / "ftui.tcss"
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help"),
        Binding("D", "diagnostics", "Diagnostics", show=False),
        Binding("ctrl+p", "command_palette", "palette", show=False, priority=True),
        Binding("colon", "command_palette", "Go to", show=False),  # not priority: inputs take ':' as text
    ]
    COMMANDS = App.COMMANDS | {FtuiCommands}

    def __init__(
        self,
        session: Session,
        config: Config,
        now: Callable[[], datetime] | None = None,
        read_only: bool | None = None,
    ) -> None:
        super().__init__()
        self.read_only = config.read_only if read_only is None else read_only
        """Refuse cancel, pause, resume, launch, uploads and file writes (``--read-only`` or config)."""
        set_read_only(self.read_only)  # every file write goes through ftui.files, which refuses it
        self.now = now or (lambda: datetime.now(timezone.utc))
        """The current time (fixed by snapshot tests and the screenshot script)."""
        self.session = session
        """The profiles and providers of this run."""
        self.config = config
        """Settings from the config file."""
        self.progress: dict[tuple[str, str], tuple[int, int | None]] = {}
        """Latest (step, total steps) of the jobs followed this session, for the jobs table."""
        self._workers = _ReportingWorkers(self)
        theme = config.theme or load_state().get("theme")
        if isinstance(theme, str) and theme in self.available_themes:
            self.theme = theme
        self._theme_loaded = True

    def on_mount(self) -> None:
        """Show the main screen and any config problems; quit cleanly when the SSH session drops."""
        self.push_screen(MainScreen())
        try:
            asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, self.exit)
        except (NotImplementedError, RuntimeError, ValueError, AttributeError):
            pass  # not the main thread (tests) or no SIGHUP on this platform
        self._check_size()
        for problem in self.config.problems:
            self.notify(str(problem), title="Config problem (using defaults)", severity="warning", timeout=12)

    def refuse_if_read_only(self, what: str) -> bool:
        """Say so and return True when ``what`` is not allowed because ftui is read-only."""
        if self.read_only:
            self.notify(f"ftui is read-only: {what} is turned off (--read-only or read_only in the config).",
                        title="Read-only", severity="warning")
        return self.read_only

    def watch_theme(self, theme: str) -> None:
        """Remember the theme chosen (palette: "Change theme") for the next start."""
        if getattr(self, "_theme_loaded", False):
            save_state({"theme": theme})

    # -- navigation used by the palette ----------------------------------------------------
    def _main(self) -> MainScreen | None:
        return next((s for s in self.screen_stack if isinstance(s, MainScreen)), None)

    def goto_tab(self, tab: str) -> None:
        """Back to the main screen, on ``tab``."""
        main = self._main()
        if main is None:
            return
        while self.screen is not main and len(self.screen_stack) > 1:
            self.pop_screen()
        main.action_show_tab(tab)

    def open_job(self, job: Job) -> None:
        """Open a job's screen."""
        from ftui.tui.screens.job import JobScreen

        self.goto_tab("jobs")
        self.push_screen(JobScreen(job))

    def dataset_files(self) -> list[Path]:
        """Local dataset files the datasets pane lists."""
        from ftui.tui.panes.datasets_browser import find_files

        return find_files(list(self.config.dataset_dirs) or [Path.cwd()])[:200]

    def open_dataset(self, path: Path) -> None:
        """Open a dataset in the datasets pane."""
        from ftui.tui.panes.datasets import DatasetsPane

        self.goto_tab("datasets-tab")
        main = self._main()
        if main is not None:
            main.query_one(DatasetsPane).open(path)

    def on_resize(self, event: events.Resize) -> None:
        """Below the minimum size, show a resize message instead of a broken layout."""
        self._check_size(event.size)

    def _check_size(self, size: Size | None = None) -> None:
        size = size or self.size
        small = size.width < MIN_WIDTH or size.height < MIN_HEIGHT
        showing = isinstance(self.screen, TooSmallScreen)
        if small and not showing:
            self.push_screen(TooSmallScreen())
        elif small and showing:
            self.screen.update_size()  # type: ignore[attr-defined]
        elif showing:
            self.pop_screen()

    def action_diagnostics(self) -> None:
        """Show TERM, colours, size, UTF-8 and the plot marker."""
        from ftui.tui.screens.diagnostics import DiagnosticsScreen

        if not isinstance(self.screen, DiagnosticsScreen):
            self.push_screen(DiagnosticsScreen())

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The palette's commands, plus ftui's."""
        yield from super().get_system_commands(screen)
        yield SystemCommand("Diagnostics", "Terminal, colours, UTF-8 and plot marker", self.action_diagnostics)
        yield SystemCommand("Keys", "Every key of every pane", self.action_help)

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
            title=f"Failed: {_worker_description(worker)}", severity="error", timeout=12,
        )

    def on_unmount(self) -> None:
        """Close providers and the embedded emulator."""
        self.session.close()
