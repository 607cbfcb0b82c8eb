"""What ftui knows about this terminal: for bug reports and for fixing colours over SSH."""

from __future__ import annotations

import os
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ftui.tui.terminal import MarkerSetting, colours_in_use, locale_is_utf8, marker_choice


class DiagnosticsScreen(ModalScreen[None]):
    """TERM, COLORTERM, size, the colours actually used, UTF-8 and the plot marker chosen (and why)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,D", "dismiss", "Close")]

    def __init__(self, plot_marker: MarkerSetting = "auto", read_only: bool = False) -> None:
        super().__init__()
        self._plot_marker = plot_marker
        self._read_only = read_only

    def rows(self) -> list[tuple[str, str]]:
        """The facts shown, as (name, value) pairs."""
        app = self.app
        marker, why = marker_choice(self._plot_marker)
        return [
            ("TERM", os.environ.get("TERM") or "(unset)"),
            ("COLORTERM", os.environ.get("COLORTERM") or "(unset)"),
            ("TMUX", "yes" if os.environ.get("TMUX") else "no"),
            ("Size", f"{app.size.width}×{app.size.height}"),
            ("Colours", colours_in_use(app.console.color_system, app.no_color)),
            ("NO_COLOR", "set (monochrome)" if app.no_color else "not set"),
            ("UTF-8", "yes" if locale_is_utf8() else "no — plots fall back to ASCII markers"),
            ("Plot marker", f"{marker}: {why}"),
            ("ESCDELAY", os.environ.get("ESCDELAY", "100 ms (Textual's default)")),
            ("Read-only", "yes" if self._read_only else "no"),
        ]

    def compose(self) -> ComposeResult:
        """A table of facts and hints."""
        text = Text()
        for key, value in self.rows():
            for index, line in enumerate(value.splitlines()):  # a second line (a hint) is indented under the first
                text.append(f"{key if index == 0 else '':<12}", style="bold cyan")
                text.append(f"{line}\n", style="" if index == 0 else "dim")
        with VerticalScroll(id="help-body"):
            yield Static("[b]Terminal diagnostics[/b]  (esc closes)\n")
            yield Static(text, id="diagnostics")

    async def action_dismiss(self, result: None = None) -> None:
        """Close."""
        self.dismiss(result)
