"""The help screen: every key that works where you are."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

_SECTIONS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Everywhere",
        [
            ("?", "this help"),
            ("q / ctrl+c", "quit"),
            ("1 / 2 / 3 / 4", "jobs / datasets / launch / models pane"),
            (": or ctrl+p", "go to a pane, job or dataset by name; run an action"),
            ("D", "terminal diagnostics"),
            ("tab / shift+tab", "next / previous widget"),
            ("ctrl+p", "command palette"),
            ("esc", "back, close, clear a filter (never destroys anything)"),
        ],
    ),
    (
        "Jobs",
        [
            ("j / k, ↑ / ↓, g / G", "move (the last row loads older pages)"),
            ("enter", "open the job: live loss, events, details"),
            ("/", "filter by regex over the columns (! in front inverts)"),
            ("f", "status filter: all, active, succeeded, failed, cancelled"),
            ("o / O", "sort by the next column / reverse"),
            ("space, C", "mark jobs, compare their curves"),
            ("c", "clone the job into the launch form"),
            ("y / Y", "copy the job id / the fine-tuned model (OSC 52)"),
            ("x", "cancel (OpenAI) or stop (Bedrock), after asking"),
            ("p", "pause or resume (OpenAI)"),
            ("r", "refresh now"),
            ("v", "evaluate the job's fine-tuned model against its base"),
        ],
    ),
    (
        "One job",
        [
            ("1 / 2 / 3", "loss / events / details"),
            ("a / s / l", "token accuracy / smoothing / log scale"),
            ("e / E", "export the series as CSV / JSON (a new file)"),
            ("x / p / r", "cancel / pause-resume / refresh"),
        ],
    ),
    (
        "Models",
        [
            ("enter", "open: its job (o: curve), hyperparameters, metrics, how to use it"),
            ("/ · o / O · y", "filter · sort / reverse · copy the exact id (OSC 52)"),
            ("v · L · d", "evaluate · continue training from it · delete (asks; No is the default)"),
            ("E · r", "saved evaluations · list the models again"),
        ],
    ),
    (
        "Evaluate",
        [
            ("enter / ctrl+r", "run (the cost estimate shows first) · ctrl+o: a saved run"),
            ("j / k · J / K", "next / previous example · scroll the example"),
            ("b s w (+ = -)", "verdict: A better / same / worse than B (again: clear)"),
            ("e", "save the results with the verdicts (a new file, path shown)"),
            ("c / esc", "cancel the run (answers so far are kept and saved)"),
        ],
    ),
    (
        "Launch",
        [
            ("tab / shift+tab", "move between fields (each validates as you type)"),
            ("ctrl+l", "check, confirm with the cost, upload and create"),
            ("ctrl+s / ctrl+o", "save / load a preset"),
            ("ctrl+r", "reset the values to the schema's defaults"),
        ],
    ),
    (
        "Datasets",
        [
            ("enter", "open the file under the cursor"),
            ("l / h", "next / previous example"),
            ("] / [", "next / previous problem"),
            ("/ then n / N", "find examples by regex"),
            ("r / z", "raw JSON / fold long content"),
            ("e / p / s", "examples / problems / stats"),
            ("b", "show or hide the file list"),
            ("c", "cancel a running scan"),
            ("t", "split into training + validation files (share, seed: stats tab)"),
            ("d", "drop invalid lines: the valid ones go to a new file"),
            ("v", "convert to another format (a new file)"),
            ("F", "fix: a JSON array or pretty-printed JSON as JSON Lines, or the file without its BOM"),
            ("", "new files go next to the source; a hosted file's to the first dataset folder"),
        ],
    ),
]


class HelpScreen(ModalScreen[None]):
    """A modal listing the keys; Esc, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close"),
    ]

    def __init__(self, underneath: Screen[object] | None = None) -> None:
        super().__init__()
        self._underneath = underneath

    def compose(self) -> ComposeResult:
        """The key table."""
        table = Table(box=None, show_header=False, padding=(0, 1))
        table.add_column(style="bold cyan", no_wrap=True)
        table.add_column()
        for title, keys in _SECTIONS:
            table.add_row(f"[b u]{title}[/]", "")
            for key, what in keys:
                table.add_row(key, what)
            table.add_row("", "")
        with VerticalScroll(id="help-body"):
            yield Static("[b]ftui keys[/b]  (esc closes)\n")
            yield Static(table)

    def on_mount(self) -> None:
        """Focus the body so j/k, arrows and page keys scroll it."""
        self.query_one("#help-body").focus()

    async def action_dismiss(self, result: None = None) -> None:
        """Close the help."""
        self.dismiss(result)
