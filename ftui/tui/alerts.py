"""Telling the user a watched job ended: a bell, and an OSC 9 notification where supported."""

from __future__ import annotations

import os

from textual.app import App
from textual.notifications import SeverityLevel

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
