"""Shown instead of a broken layout when the terminal is smaller than ftui can use."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Static

MIN_WIDTH = 60
"""Narrowest terminal ftui lays out."""
MIN_HEIGHT = 16
"""Shortest terminal ftui lays out."""


class TooSmallScreen(ModalScreen[None]):
    """Asks for a larger terminal; goes away by itself once it is large enough."""

    def compose(self) -> ComposeResult:
        """One centred message."""
        yield Static(id="too-small")

    def on_mount(self) -> None:
        """Say how big the terminal is and how big it must be."""
        self.update_size()

    def update_size(self) -> None:
        """Refresh the message with the current size."""
        size = self.app._size or self.app.size  # the newest size, also mid-resize
        self.query_one("#too-small", Static).update(
            f"Resize the terminal to at least {MIN_WIDTH}×{MIN_HEIGHT}\n(now {size.width}×{size.height}; q quits)"
        )
