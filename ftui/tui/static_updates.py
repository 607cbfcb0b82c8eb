"""Updating the text of ``Static`` widgets cheaply: only on change, and without a layout pass.

A layout pass repaints the whole screen, which over SSH costs kilobytes per refresh.
What each widget shows is remembered here (weakly: a widget that goes is forgotten).
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from rich.console import RenderableType
from rich.text import Text
from textual.widgets import Static

_lines: WeakKeyDictionary[Static, str] = WeakKeyDictionary()
_blocks: WeakKeyDictionary[Static, object] = WeakKeyDictionary()


def set_line(widget: Static, content: Text | str) -> None:
    """Show ``content`` in a widget whose size does not depend on it, if it changed."""
    key = content.markup if isinstance(content, Text) else content
    if _lines.get(widget) == key:
        return
    _lines[widget] = key
    widget.update(content, layout=False)


def set_text(widget: Static, content: Text | str) -> None:
    """Show ``content`` in an auto-height widget: no-op when unchanged, layout only when its height changes."""
    key = content.markup if isinstance(content, Text) else content
    previous = _lines.get(widget)
    if previous == key:
        return
    _lines[widget] = key
    same_height = previous is not None and previous.count("\n") == key.count("\n")
    widget.update(content, layout=not same_height)


def set_block(widget: Static, content: RenderableType, key: object) -> None:
    """Show ``content`` (which may change the widget's height) when ``key`` changed."""
    if widget in _blocks and _blocks[widget] == key:
        return
    _blocks[widget] = key
    widget.update(content)
