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

from ftui.tui.terminal import MarkerSetting, locale_is_utf8, pick_marker


class DiagnosticsScreen(ModalScreen[None]):
    """TERM, COLORTERM, size, colour depth, UTF-8 and the plot marker in use."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,D", "dismiss", "Close")]

    def __init__(self, plot_marker: MarkerSetting = "auto", read_only: bool = False) -> None:
        super().__init__()
        self._plot_marker = plot_marker
        self._read_only = read_only

    def compose(self) -> ComposeResult:
        """A table of facts and hints."""
        app = self.app
        text = Text()
        color_system = app.console.color_system or "none (monochrome)"
        rows = [
            ("TERM", os.environ.get("TERM", "(unset)")),
            ("COLORTERM", os.environ.get("COLORTERM", "(unset — SSH usually drops it; 256 colours are used)")),
            ("TMUX", "yes" if os.environ.get("TMUX") else "no"),
            ("Size", f"{app.size.width}×{app.size.height}"),
            ("Colours", str(color_system)),
            ("NO_COLOR", "set (monochrome)" if os.environ.get("NO_COLOR") else "not set"),
            ("UTF-8", "yes" if locale_is_utf8() else "no — plots fall back to ASCII markers"),
            ("Plot marker", pick_marker(self._plot_marker)),
            ("ESCDELAY", os.environ.get("ESCDELAY", "100 ms (Textual's default)")),
            ("Read-only", "yes" if self._read_only else "no"),
        ]
        for key, value in rows:
            text.append(f"{key:<12}", style="bold cyan")
            text.append(f"{value}\n")
        with VerticalScroll(id="help-body"):
            yield Static("[b]Terminal diagnostics[/b]  (esc closes)\n")
            yield Static(text, id="diagnostics")

    async def action_dismiss(self, result: None = None) -> None:
        """Close."""
        self.dismiss(result)
