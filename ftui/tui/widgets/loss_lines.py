"""How one metric column becomes what the loss plot draws: a faint raw band and a line on top.

Pure Python (no Textual): the figure asks for a column's summary at a canvas
resolution and gets, per column of dots, the mean, the lowest and the highest
value. The raw series is drawn faint from the lowest and highest values (a thin
band, so spikes survive), the line people read is drawn through the means of the
smoothed (or raw) values, and ends exactly on the latest value, so the legend and
the line agree. Finished columns are kept between calls while a live series grows.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

Colour = tuple[int, int, int]

SMOOTH_MIN_POINTS = 20
"""Series shorter than this are drawn raw even with smoothing on (an average of a few points misleads)."""


def smoothing_alpha(count: int) -> float:
    """The EMA weight for a series of ``count`` points: a window of about 1/500 of the run, at least 10 steps.

    Long runs are also averaged per column of dots when drawn, so a short window is
    enough there and keeps the line from lagging behind a falling loss. The window is
    rounded to a power of two, so a live series changes its smoothing (and recomputes
    it) only when its length doubles.
    """
    span = max(10, 2 ** round(math.log2(count / 500))) if count > 5000 else 10
    return 2.0 / (span + 1.0)


def blend(colour: Colour, background: Colour, weight: float) -> Colour:
    """``colour`` mixed with ``background``: ``weight`` 1 keeps the colour, 0 gives the background."""
    r, g, b = (round(c * weight + k * (1.0 - weight)) for c, k in zip(colour, background, strict=True))
    return (r, g, b)


@dataclass(frozen=True, slots=True)
class Summary:
    """A column reduced to at most one entry per column of dots, plus its latest point."""

    xs: list[float]
    """Each bucket's middle step."""
    means: list[float]
    """Each bucket's mean value."""
    lows: list[float]
    """Each bucket's lowest value."""
    highs: list[float]
    """Each bucket's highest value."""
    last: tuple[float, float]
    """The latest point (step, value), where every line drawn from the summary ends."""

    @property
    def reduced(self) -> bool:
        """Whether buckets hold more than one point (so a band says more than the line)."""
        return any(low != high for low, high in zip(self.lows, self.highs, strict=True))

    def line(self) -> tuple[list[float], list[float]]:
        """The line through the means, ending on the latest point."""
        xs, ys = list(self.xs), list(self.means)
        if xs and xs[-1] == self.last[0]:
            ys[-1] = self.last[1]
        else:
            xs.append(self.last[0])
            ys.append(self.last[1])
        return xs, ys

    def band(self) -> tuple[list[float], list[float]]:
        """A zigzag from each bucket's low to its high: drawn as a line, it fills the band between them."""
        xs: list[float] = []
        ys: list[float] = []
        for index, (x, low, high) in enumerate(zip(self.xs, self.lows, self.highs, strict=True)):
            first, second = (low, high) if index % 2 == 0 else (high, low)
            xs += [x, x]
            ys += [first, second]
        return xs, ys


class Reducer:
    """Buckets of ``ceil(n / width)`` consecutive points, reduced to (middle step, mean, low, high).

    For a series that only grows: while the bucket size holds, appending points
    only recomputes the last, partial bucket. Give it the whole series each time,
    ascending, with no missing values.
    """

    def __init__(self, width: int) -> None:
        self.width = max(1, int(width))
        """The number of buckets (columns of dots on the canvas)."""
        self._size = 0
        self._done = 0
        self._rows: tuple[list[float], list[float], list[float], list[float]] = ([], [], [], [])

    def __call__(self, xs: Sequence[float], ys: Sequence[float]) -> Summary | None:
        """The summary of the series, or None when it is empty."""
        n = len(xs)
        if not n:
            return None
        if n <= self.width:
            values = [float(y) for y in ys]
            return Summary([float(x) for x in xs], values, values, values, (xs[-1], ys[-1]))
        size = -(-n // self.width)
        if size != self._size or self._done * size > n:
            self._size, self._done, self._rows = size, 0, ([], [], [], [])
        full = n // size
        for bucket in range(self._done, full):
            _reduce(xs, ys, bucket * size, (bucket + 1) * size, self._rows)
        self._done = full
        rows = (list(self._rows[0]), list(self._rows[1]), list(self._rows[2]), list(self._rows[3]))
        if full * size < n:
            _reduce(xs, ys, full * size, n, rows)
        return Summary(*rows, last=(xs[-1], ys[-1]))


def _reduce(xs: Sequence[float], ys: Sequence[float], lo: int, hi: int, rows: tuple[list[float], ...]) -> None:
    chunk = ys[lo:hi]
    rows[0].append((xs[lo] + xs[hi - 1]) / 2)
    rows[1].append(sum(chunk) / len(chunk))
    rows[2].append(min(chunk))
    rows[3].append(max(chunk))
