"""The launch pane's preview box: what :meth:`LaunchState.preview_segments` says, drawn."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from ftui.launch.state import Segment
from ftui.tui.static_updates import set_block


class LaunchPreview(VerticalScroll):
    """Resolved values, the data check's progress, steps, tokens, dollars, errors and warnings."""

    def compose(self) -> ComposeResult:
        """One block of text."""
        yield Static("", id="launch-preview")

    def show(self, segments: Sequence[Segment]) -> None:
        """Draw the segments (redrawn only when they changed)."""
        text = Text()
        for part, style in segments:
            text.append(part, style=style)
        set_block(self.query_one("#launch-preview", Static), text, text.markup)
