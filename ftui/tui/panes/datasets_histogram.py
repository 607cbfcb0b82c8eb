"""The token histogram of the stats tab: one row per bin, ``range  bar  count``.

Drawn as text rather than a plot: the counts are exact integers (no ``0.5`` ticks), every bar
has its own row with a gap above it (``▇``, or ``#`` where the locale is not UTF-8), and the
ranges read as labels. It fits any width from 40 columns up.
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from ftui.tui.panes.datasets_view import histogram_bins
from ftui.tui.terminal import locale_is_utf8

BINS = 12
"""Rows of the histogram at most."""
MAX_BAR = 64
"""Cells the longest bar takes at most (a wide terminal gets no bar across the whole screen)."""


def render_histogram(pairs: tuple[tuple[int, int], ...], width: int, ascii_only: bool = False) -> Text:
    """The ``(tokens, count)`` pairs as rows of bars in ``width`` cells, with a title."""
    rows = histogram_bins(pairs, BINS)
    text = Text("tokens per example", style="bold")
    if not rows:
        text.append("\nno examples counted", style="dim")
        return text
    labels = [f"{lo:,}" if lo == hi else f"{lo:,}–{hi:,}" for lo, hi, _n in rows]
    if ascii_only:
        labels = [label.replace("–", "-") for label in labels]
    label_width = max(len(label) for label in labels)
    counts = [f"{n:,}" for _lo, _hi, n in rows]
    count_width = max(len(c) for c in counts)
    room = max(4, min(MAX_BAR, width - label_width - count_width - 3))
    top = max(n for _lo, _hi, n in rows) or 1
    glyph = "#" if ascii_only else "▇"
    text.append("  (examples in each token range)", style="dim")
    for label, count, (_lo, _hi, n) in zip(labels, counts, rows, strict=True):
        cells = round(n / top * room)
        if n and not cells:
            cells = 1  # a bin with examples always shows
        text.append(f"\n{label:>{label_width}} ", style="dim")
        text.append(glyph * cells, style="cyan")
        text.append(f" {count}", style="bold" if n == top else "")
    return text


class TokenHistogram(Widget):
    """The histogram of a scan's tokens per example (redrawn to the widget's width)."""

    DEFAULT_CSS = "TokenHistogram { height: auto; }"

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's widget id parameter
        super().__init__(id=id)
        self.pairs: tuple[tuple[int, int], ...] = ()
        """The ``(tokens, count)`` pairs shown."""
        self.ascii_only = not locale_is_utf8()
        """Draw bars with ``#`` (a locale that is not UTF-8)."""

    def show(self, pairs: tuple[tuple[int, int], ...]) -> None:
        """Show these pairs."""
        self.pairs = pairs
        self.refresh(layout=True)

    def render(self) -> Text:
        """The rows at the current width."""
        return render_histogram(self.pairs, self.content_region.width or 60, self.ascii_only)
