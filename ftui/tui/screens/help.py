"""The help screen: every key that works where you are."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

_GENERAL = [
    ("?", "this help"),
    ("q / ctrl+c", "quit"),
    ("r", "refresh now"),
    ("1", "jobs pane"),
    ("j / k, ↑ / ↓", "move"),
    ("g / G", "first / last row"),
    ("tab / shift+tab", "next / previous widget"),
    ("ctrl+p", "command palette"),
    ("esc", "close this help"),
]


class HelpScreen(ModalScreen[None]):
    """A modal listing the keys; Esc, q or ? closes it."""

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close"),
    ]

    def __init__(self, underneath: Screen[object] | None = None) -> None:
        super().__init__()
        self._underneath = underneath

    def compose(self) -> ComposeResult:
        """The key table."""
        table = Table(box=None, show_header=False, padding=(0, 2))
        table.add_column(style="bold cyan", no_wrap=True)
        table.add_column()
        for key, what in _GENERAL:
            table.add_row(key, what)
        with VerticalScroll(id="help-body"):
            yield Static("[b]ftui keys[/b]\n")
            yield Static(table)

    async def action_dismiss(self, result: None = None) -> None:
        """Close the help."""
        self.dismiss(result)
