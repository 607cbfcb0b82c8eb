"""Copying ids over SSH: OSC 52 through Textual's ``App.copy_to_clipboard``, and always shown on screen too.

Textual sends the plain OSC 52 sequence, which terminals that allow clipboard writes accept; inside
tmux it reaches the outer terminal with ``set -g set-clipboard on`` (tmux's own clipboard forwarding,
which works without ``allow-passthrough``). Where the terminal or multiplexer blocks it, the value
is on screen to select by hand.
"""

from __future__ import annotations

from textual.app import App


def copy(app: App[object], text: str, what: str = "id") -> None:
    """Copy ``text`` (the app's clipboard and the terminal's) and show it, for when OSC 52 is blocked."""
    app.copy_to_clipboard(text)
    app.notify(text, title=f"Copied {what} (OSC 52)", timeout=8)
