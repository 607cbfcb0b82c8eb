"""The demo's banner line."""

from __future__ import annotations

DEMO_BANNER = "DEMO{pace} — sample jobs on a local emulator · set OPENAI_API_KEY or add a profile"
"""The demo's banner: one run of text (no word of it can run into the next, whatever draws it)."""


def demo_banner(speed: float) -> str:
    """The banner, naming the pace first when ``--speed`` changed it (``DEMO at 20× speed — …``): a narrow
    terminal shortens the banner in the middle, never the pace."""
    return DEMO_BANNER.format(pace="" if speed == 1 else f" at {speed:g}× speed")
