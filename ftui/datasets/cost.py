"""Training cost: OpenAI's default-epochs heuristic and billed tokens.

Source: docs/dataset-formats.md#token-counts-epochs-and-cost.

Examples over the model's limit are billed at the limit (they are truncated);
validation tokens are free. Prices come from :mod:`ftui.datasets.pricing`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ftui.datasets.limits import ModelLimits
from ftui.datasets.pricing import training_price

TARGET_EPOCHS = 3
MIN_TARGET_EXAMPLES = 100
MAX_TARGET_EXAMPLES = 25_000
MIN_DEFAULT_EPOCHS = 1
MAX_DEFAULT_EPOCHS = 25


def default_epochs(n_examples: int) -> int:
    """OpenAI's default ``n_epochs`` for a training file of ``n_examples`` (5 -> 20)."""
    if n_examples <= 0:
        return TARGET_EPOCHS
    if n_examples * TARGET_EPOCHS < MIN_TARGET_EXAMPLES:
        return min(MAX_DEFAULT_EPOCHS, MIN_TARGET_EXAMPLES // n_examples)
    if n_examples * TARGET_EPOCHS > MAX_TARGET_EXAMPLES:
        return max(MIN_DEFAULT_EPOCHS, MAX_TARGET_EXAMPLES // n_examples)
    return TARGET_EPOCHS


def billed_tokens_per_epoch(histogram: Mapping[int, int], max_tokens: int | None) -> int:
    """Sum of ``min(max_tokens, tokens)`` over the examples in ``histogram``."""
    cap = max_tokens if max_tokens is not None else float("inf")
    return int(sum(min(cap, value) * count for value, count in histogram.items()))


@dataclass(frozen=True, slots=True)
class Cost:
    """A training cost estimate."""

    model: str
    """Base model priced."""
    epochs: int
    """Epochs assumed (the provider default unless chosen)."""
    billed_tokens: int
    """Training tokens billed over all epochs."""
    usd: float | None
    """Dollars, or None when the model has no known price (Bedrock)."""

    def to_json(self) -> dict[str, Any]:
        """The ``cost`` object of the ``--json`` report."""
        return {"model": self.model, "epochs": self.epochs, "billed_tokens": self.billed_tokens, "usd": self.usd}


def estimate_cost(model: ModelLimits, histogram: Mapping[int, int], epochs: int | None = None) -> Cost:
    """Estimate the cost of training ``model`` on examples with these token counts."""
    n = sum(histogram.values())
    if epochs is None:
        epochs = model.default_epochs if model.default_epochs is not None else default_epochs(n)
    billed = epochs * billed_tokens_per_epoch(histogram, model.max_tokens_per_example)
    price = training_price(model.model)
    usd = None if price is None else round(billed * price / 1_000_000, 6)
    return Cost(model.model, epochs, billed, usd)
