"""Training prices in USD per 1M training tokens (docs/openai-fine-tuning.md#models-context-and-prices, standard tier).

Bedrock prices are not in the reference, so Bedrock models have no price and
the cost estimate reports billed tokens only.
"""

from __future__ import annotations

TRAINING_USD_PER_MTOK: dict[str, float] = {
    "gpt-4.1-2025-04-14": 25.00,
    "gpt-4.1-mini-2025-04-14": 5.00,
    "gpt-4.1-nano-2025-04-14": 1.50,
    "gpt-4o-2024-08-06": 25.00,
    "gpt-4o-mini-2024-07-18": 3.00,
    "gpt-3.5-turbo-0125": 8.00,
    "gpt-3.5-turbo-1106": 8.00,
    "gpt-3.5-turbo-0613": 8.00,
    "davinci-002": 6.00,
    "babbage-002": 0.40,
}
"""Training price per model id; validation tokens are free."""


def training_price(model: str) -> float | None:
    """Return USD per 1M training tokens for ``model``, or None when unknown."""
    return TRAINING_USD_PER_MTOK.get(model)
