"""The first frame: the jobs table saying "Starting…" while the session is built in a thread.

Building the session imports the providers' SDKs and may start and seed the demo emulator;
the app paints this screen first and puts the main screen in its place once that is done.
It imports nothing heavy (no SDK, no dataset engine, no plot library).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from ftui.tui.footer import HelpFooter
from ftui.tui.panes.jobs import JobsPane
from ftui.tui.static_updates import set_line

STARTING = "Starting…"
"""What the jobs table says until the session is ready."""


class StartingScreen(Screen[None]):
    """The main screen's skeleton (status line, empty jobs table, footer) until the session is ready."""

    def __init__(self, now: Callable[[], datetime]) -> None:
        super().__init__()
        self._now = now

    def compose(self) -> ComposeResult:
        """Status line, the jobs pane (empty) and the footer."""
        yield Static(Text.assemble(("● ", "yellow"), ("starting", ""), (" loading…", "dim")), id="status-line")
        yield JobsPane(show_profile=False, id="jobs-pane")
        yield HelpFooter()

    def on_mount(self) -> None:
        """Say the jobs are on their way."""
        self.query_one(JobsPane).show([], self._now(), STARTING)

    def failed(self, what: str) -> None:
        """The session could not be built: say why and what to do (the app keeps running until q)."""
        set_line(
            self.query_one("#status-line", Static),
            Text.assemble(("● ", "red"), ("could not start: ", "bold red"), (what, "red")),
        )
        self.query_one(JobsPane).show([], self._now(), f"Could not start: {what} Press q to quit.")
