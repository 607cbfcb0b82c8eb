"""The Textual app: one screen, the session, the config and a central error handler."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from textual import on
from textual.app import App
from textual.binding import Binding
from textual.worker import Worker, WorkerState

from ftui.config import Config
from ftui.providers.errors import ProviderError
from ftui.session import Session
from ftui.tui.screens.help import HelpScreen
from ftui.tui.screens.main import MainScreen


class FtuiApp(App[None]):
    """ftui: fine-tuning jobs, datasets and loss curves in the terminal."""

    TITLE = "ftui"
    CSS_PATH = Path(__file__).parent / "ftui.tcss"
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help"),
    ]

    def __init__(self, session: Session, config: Config, now: Callable[[], datetime] | None = None) -> None:
        super().__init__()
        self.now = now or (lambda: datetime.now(timezone.utc))
        """The current time (fixed by snapshot tests and the screenshot script)."""
        self.session = session
        """The profiles and providers of this run."""
        self.config = config
        """Settings from the config file."""
        self.progress: dict[tuple[str, str], tuple[int, int | None]] = {}
        """Latest (step, total steps) of the jobs followed this session, for the jobs table."""
        if config.theme:
            self.theme = config.theme

    def on_mount(self) -> None:
        """Show the main screen and any config problems."""
        self.push_screen(MainScreen())
        for problem in self.config.problems:
            self.notify(str(problem), title="Config problem (using defaults)", severity="warning", timeout=12)

    def action_help(self) -> None:
        """Show the keys."""
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        """Any worker error that escaped becomes a notification, never a crash."""
        if event.state is not WorkerState.ERROR:
            return
        error = event.worker.error
        if isinstance(error, ProviderError):
            self.notify(error.message, title=error.title, severity="error", timeout=8)
        else:
            self.notify(f"{type(error).__name__}: {error}", title="Unexpected error", severity="error", timeout=10)

    def on_unmount(self) -> None:
        """Close providers and the embedded emulator."""
        self.session.close()
