"""Shown instead of a broken layout when the terminal is smaller than ftui can use."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.screen import ModalScreen
from textual.widgets import Static

MIN_WIDTH = 60
"""Narrowest terminal ftui lays out."""
MIN_HEIGHT = 16
"""Shortest terminal ftui lays out."""


class TooSmallScreen(ModalScreen[None]):
    """Asks for a larger terminal; goes away by itself once it is large enough."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "app.quit", "Quit"),  # a modal screen hides the app's keys: q must quit as the message says
    ]

    def compose(self) -> ComposeResult:
        """One centred message."""
        yield Static(id="too-small")

    def on_mount(self) -> None:
        """Say how big the terminal is and how big it must be."""
        self.update_size()

    def update_size(self, size: Size | None = None) -> None:
        """Refresh the message with ``size`` (the app's newest size when not given).

        Short lines, so it reads whole down to about 26 columns (and wraps, never cuts, below).
        """
        size = size or self.app._size or self.app.size
        self.query_one("#too-small", Static).update(message(size))


def message(size: Size) -> str:
    """What the screen says at ``size``."""
    return (
        f"ftui needs at least {MIN_WIDTH}×{MIN_HEIGHT}\n"
        f"this terminal is {size.width}×{size.height}\n"
        "make it larger · q quits"
    )
