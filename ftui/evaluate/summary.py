"""The numbers of a run: answered and failed per side, mean scores, verdict counts and the win rate."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ftui.evaluate.runner import CANCELLED, SIDES, ExampleResult

VERDICTS = ("better", "same", "worse")
"""The manual verdicts: A (the fine-tuned model) compared to B."""


@dataclass(frozen=True)
class SideSummary:
    """One model's counts and mean scores."""

    answered: int = 0
    """Examples it answered."""
    failed: int = 0
    """Examples whose request failed."""
    cancelled: int = 0
    """Examples never answered because the run was cancelled."""
    exact: float | None = None
    """Share of answered examples matching the reference exactly (after normalisation)."""
    f1: float | None = None
    """Mean token F1 over answered examples."""
    json: float | None = None
    """Share of valid-JSON answers where the reference is JSON; None when no reference is."""
    output_tokens: int = 0
    """Answer tokens the server counted, summed."""


@dataclass(frozen=True)
class EvalSummary:
    """The whole run's numbers."""

    examples: int
    """Examples in the run."""
    a: SideSummary
    """The fine-tuned model's."""
    b: SideSummary
    """The compared model's."""
    verdicts: Mapping[str, int] = field(default_factory=dict)
    """How many examples got each verdict (``better``, ``same``, ``worse``)."""

    @property
    def win_rate(self) -> float | None:
        """better / (better + worse); ties (``same``) are not counted; None without such verdicts."""
        better, worse = self.verdicts.get("better", 0), self.verdicts.get("worse", 0)
        return better / (better + worse) if better + worse else None

    @property
    def ties(self) -> int:
        """Examples judged the same."""
        return self.verdicts.get("same", 0)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready values (``--json``, the results file)."""

        def side(s: SideSummary) -> dict[str, Any]:
            return {
                "answered": s.answered,
                "failed": s.failed,
                "cancelled": s.cancelled,
                "exact": s.exact,
                "f1": s.f1,
                "json": s.json,
                "output_tokens": s.output_tokens,
            }

        return {
            "examples": self.examples,
            "a": side(self.a),
            "b": side(self.b),
            "verdicts": dict(self.verdicts),
            "ties": self.ties,
            "win_rate": self.win_rate,
        }


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def summarize(results: Iterable[ExampleResult]) -> EvalSummary:
    """Count and average what ``results`` hold now (unfinished sides count as nothing yet)."""
    results = list(results)
    sides: dict[str, SideSummary] = {}
    for name in SIDES:
        answered = failed = cancelled = tokens = 0
        exact: list[float] = []
        f1: list[float] = []
        valid: list[float] = []
        for result in results:
            side = result.side(name)
            if not side.done:
                continue
            if side.error == CANCELLED:
                cancelled += 1
                continue
            if side.error is not None:
                failed += 1
                continue
            answered += 1
            tokens += side.output_tokens or 0
            scores = result.scores.get(name, {})
            exact.append(float(bool(scores.get("exact"))))
            f1_value = scores.get("f1")
            f1.append(float(f1_value) if isinstance(f1_value, (int, float)) else 0.0)
            if scores.get("json") is not None:
                valid.append(float(bool(scores["json"])))
        sides[name] = SideSummary(answered, failed, cancelled, _mean(exact), _mean(f1), _mean(valid), tokens)
    verdicts = {v: sum(1 for r in results if r.verdict == v) for v in VERDICTS}
    return EvalSummary(len(results), sides["a"], sides["b"], verdicts)
