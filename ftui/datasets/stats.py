"""Token statistics from a histogram (bounded memory for any file size)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


def quantile(histogram: Mapping[int, int], q: float) -> float:
    """The ``q`` quantile of the values in ``histogram`` (numpy's default linear method)."""
    n = sum(histogram.values())
    if n == 0:
        return 0.0
    pos = (n - 1) * q
    lo_rank, frac = int(pos), pos - int(pos)
    lo = hi = None
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if lo is None and seen > lo_rank:
            lo = value
        if seen > lo_rank + 1 or (seen > lo_rank and frac == 0):
            hi = value
            break
    assert lo is not None
    hi = lo if hi is None else hi
    return lo + (hi - lo) * frac


@dataclass(frozen=True, slots=True)
class TokenStats:
    """Tokens per example over the counted examples of a file."""

    encoding: str
    """tiktoken encoding, or a label like ``"estimate: chars/4"``."""
    exact: bool
    """False for estimates (Bedrock models, or no encoding available offline)."""
    examples: int
    """Examples counted."""
    total: int
    """Sum over all examples."""
    min: int
    """Smallest example."""
    max: int
    """Largest example."""
    mean: float
    """Mean per example."""
    p5: float
    """5th percentile."""
    p50: float
    """Median."""
    p95: float
    """95th percentile."""
    assistant_total: int
    """Tokens in trained-on assistant messages (completions for prompt-completion)."""
    histogram: tuple[tuple[int, int], ...] = ()
    """``(tokens, how many examples)`` pairs, ascending: the distribution to plot."""

    @classmethod
    def from_histogram(
        cls, histogram: Mapping[int, int], assistant_total: int, encoding: str, exact: bool
    ) -> TokenStats:
        """Build the statistics from a ``{tokens: count}`` histogram."""
        n = sum(histogram.values())
        total = sum(value * count for value, count in histogram.items())
        return cls(
            encoding,
            exact,
            n,
            total,
            min(histogram, default=0),
            max(histogram, default=0),
            round(total / n, 2) if n else 0.0,
            quantile(histogram, 0.05),
            quantile(histogram, 0.5),
            quantile(histogram, 0.95),
            assistant_total,
            tuple(sorted(histogram.items())),
        )

    def to_json(self) -> dict[str, Any]:
        """The ``tokens`` object of the ``--json`` report."""
        return {
            "encoding": self.encoding,
            "exact": self.exact,
            "total": self.total,
            "min": self.min,
            "max": self.max,
            "mean": self.mean,
            "p5": self.p5,
            "p50": self.p50,
            "p95": self.p95,
            "assistant_total": self.assistant_total,
        }
