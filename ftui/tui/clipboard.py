"""Copying ids over SSH: OSC 52, wrapped for tmux, and always shown on screen too."""

from __future__ import annotations

import base64
import os

from textual.app import App


def osc52(text: str) -> str:
    """The OSC 52 sequence that puts ``text`` on the terminal's clipboard (wrapped for tmux)."""
    payload = base64.b64encode(text.encode("utf-8")).decode("ascii")
    sequence = f"\x1b]52;c;{payload}\x07"
    if os.environ.get("TMUX"):
        return "\x1bPtmux;" + sequence.replace("\x1b", "\x1b\x1b") + "\x1b\\"
    return sequence


def copy(app: App[object], text: str, what: str = "id") -> None:
    """Copy ``text`` and show it, so it can also be selected by hand when OSC 52 is blocked."""
    app._clipboard = text  # what Textual's own paste uses inside the app
    driver = getattr(app, "_driver", None)
    if driver is not None:
        driver.write(osc52(text))
    app.notify(text, title=f"Copied {what} (OSC 52)", timeout=8)
