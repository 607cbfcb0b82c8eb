"""The demo's banner line."""

from __future__ import annotations

DEMO_BANNER = "DEMO — sample jobs on a local emulator{pace} · set OPENAI_API_KEY or add a profile"
"""The demo's banner: one run of text (no word of it can run into the next, whatever draws it)."""


def demo_banner(speed: float) -> str:
    """The banner, naming the pace when ``--speed`` changed it (``at 20× speed``)."""
    return DEMO_BANNER.format(pace="" if speed == 1 else f" at {speed:g}× speed")
