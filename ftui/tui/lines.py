"""Updating fixed-size text lines cheaply: only on change, and without a layout pass.

A layout pass repaints the whole screen, which over SSH costs kilobytes per refresh.
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text
from textual.widgets import Static


def set_line(widget: Static, content: Text | str) -> None:
    """Show ``content`` in a widget whose size does not depend on it, if it changed."""
    key = content.markup if isinstance(content, Text) else content
    if getattr(widget, "_ftui_line", None) == key:
        return
    widget._ftui_line = key  # type: ignore[attr-defined]
    widget.update(content, layout=False)


def set_text(widget: Static, content: Text | str) -> None:
    """Show ``content`` in an auto-height widget: no-op when unchanged, layout only when its height changes."""
    key = content.markup if isinstance(content, Text) else content
    previous = getattr(widget, "_ftui_line", None)
    if previous == key:
        return
    widget._ftui_line = key  # type: ignore[attr-defined]
    same_height = previous is not None and previous.count("\n") == key.count("\n")
    widget.update(content, layout=not same_height)


def set_block(widget: Static, content: RenderableType, key: object) -> None:
    """Show ``content`` (which may change the widget's height) when ``key`` changed."""
    if getattr(widget, "_ftui_block", None) == key:
        return
    widget._ftui_block = key  # type: ignore[attr-defined]
    widget.update(content)
