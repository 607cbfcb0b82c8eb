"""Telling the user: a bell and an OSC 9 notification when a watched job ends; room for each new toast."""

from __future__ import annotations

import os
import textwrap
from typing import Any

from rich.text import Text
from textual.app import App
from textual.notifications import Notification, SeverityLevel

_OSC9_TERMINALS = {"iTerm.app", "WezTerm", "ghostty", "vscode", "WarpTerminal"}


def osc9_supported() -> bool:
    """Whether the terminal is known to show OSC 9 notifications (``FTUI_OSC9=1`` forces it)."""
    forced = os.environ.get("FTUI_OSC9")
    if forced is not None:
        return forced not in ("0", "")
    return os.environ.get("TERM_PROGRAM") in _OSC9_TERMINALS or "WT_SESSION" in os.environ


def osc9(message: str) -> str:
    """The escape sequence for a desktop notification, wrapped for tmux when inside it."""
    clean = message.replace("\x1b", "").replace("\x07", "")[:200]
    sequence = f"\x1b]9;{clean}\x07"
    if os.environ.get("TMUX"):
        return "\x1bPtmux;" + sequence.replace("\x1b", "\x1b\x1b") + "\x1b\\"
    return sequence


def job_ended(app: App[object], message: str, severity: SeverityLevel = "information") -> None:
    """Ring the bell, notify in the app, and send OSC 9 where the terminal supports it."""
    app.bell()
    app.notify(message, title="Job ended", severity=severity, timeout=10)
    driver = getattr(app, "_driver", None)
    if driver is not None and osc9_supported():
        driver.write(osc9(message))


TOAST_WIDTH = 60
"""Columns of a toast (at most half the screen: Textual's ``Toast`` style)."""


def toast_rows(message: str, title: str, markup: bool, screen_width: int) -> int:
    """Rows a toast takes in the rack: its top margin, padding, title and wrapped message."""
    width = max(8, min(TOAST_WIDTH, screen_width // 2) - 3)  # the left border and the padding
    plain = Text.from_markup(message).plain if markup else message
    lines = sum(max(1, len(textwrap.wrap(line, width)) or 1) for line in plain.splitlines() or [""])
    return 1 + 2 + (1 if title else 0) + lines


def make_room(app: App[Any], new: Notification) -> None:
    """Let go of the oldest toasts (information before errors) so ``new`` fits in the top half.

    The rack is docked at the top and never taller than half the screen (``ftui.tcss``): without
    this the newest toasts would be the ones clipped away. Runs on the app's thread.
    """
    size = app.size
    budget = size.height // 2
    need = toast_rows(new.message, new.title, new.markup, size.width)
    shown = [note for note in app._notifications if not note.has_expired]
    rows = [toast_rows(note.message, note.title, note.markup, size.width) for note in shown]
    while shown and sum(rows) + need > budget:
        index = next((i for i, note in enumerate(shown) if note.severity != "error"), 0)
        app._unnotify(shown.pop(index), refresh=False)
        rows.pop(index)
