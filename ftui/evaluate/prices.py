"""Inference prices, USD per 1M tokens, only where the docs give them.

See docs/openai-fine-tuning.md#inference-prices-of-fine-tuned-models.

Fine-tuned OpenAI models are priced by their base model's "FT inference" row. Base models'
own inference prices are not in the reference, so they are unknown unless the caller passes
them (a config with prices): ftui never invents a number.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class ModelPrice:
    """USD per 1M input and output tokens."""

    input: float
    """USD per 1M prompt tokens."""
    output: float
    """USD per 1M completion tokens."""

    def cost(self, input_tokens: int, output_tokens: int) -> float:
        """USD for that many tokens."""
        return (input_tokens * self.input + output_tokens * self.output) / 1_000_000


FT_INFERENCE_USD_PER_MTOK: Mapping[str, ModelPrice] = {
    "gpt-4.1-2025-04-14": ModelPrice(3.00, 12.00),
    "gpt-4.1-mini-2025-04-14": ModelPrice(0.80, 3.20),
    "gpt-4.1-nano-2025-04-14": ModelPrice(0.20, 0.80),
    "gpt-4o-2024-08-06": ModelPrice(3.75, 15.00),
    "gpt-4o-mini-2024-07-18": ModelPrice(0.30, 1.20),
    "gpt-3.5-turbo-0125": ModelPrice(3.00, 6.00),
    "gpt-3.5-turbo-1106": ModelPrice(3.00, 6.00),
    "gpt-3.5-turbo-0613": ModelPrice(3.00, 6.00),
    "davinci-002": ModelPrice(12.00, 12.00),
    "babbage-002": ModelPrice(1.60, 1.60),
    "o4-mini-2025-04-16": ModelPrice(4.00, 16.00),
}
"""Inference price of a model fine-tuned from each base (standard tier, uncached input)."""


def fine_tuned_price(model_id: str) -> ModelPrice | None:
    """The price of an ``ft:BASE:…`` model from its base's row; None for anything else."""
    if not model_id.startswith("ft:"):
        return None
    return FT_INFERENCE_USD_PER_MTOK.get(model_id[3:].split(":", 1)[0])


def price_table(models: Iterable[str], configured: Mapping[str, ModelPrice] | None = None) -> dict[str, ModelPrice]:
    """Prices known for ``models``: the user's configured ones first, then the fine-tuned table."""
    table: dict[str, ModelPrice] = {}
    for model in models:
        price = (configured or {}).get(model) or fine_tuned_price(model)
        if price is not None:
            table[model] = price
    return table
