"""The models the emulator will fine-tune (docs/openai-fine-tuning.md#models-context-and-prices) and which
methods each supports."""

from __future__ import annotations

__all__ = ["ALIASES", "BASE_MODELS", "MODEL_CREATED", "data_format", "resolve_model"]

BASE_MODELS: dict[str, tuple[str, ...]] = {
    "gpt-4.1-2025-04-14": ("supervised", "dpo"),
    "gpt-4.1-mini-2025-04-14": ("supervised", "dpo"),
    "gpt-4.1-nano-2025-04-14": ("supervised", "dpo"),
    "gpt-4o-2024-08-06": ("supervised", "dpo"),
    "gpt-4o-mini-2024-07-18": ("supervised", "dpo"),
    "gpt-3.5-turbo-0125": ("supervised",),
    "gpt-3.5-turbo-1106": ("supervised",),
    "gpt-3.5-turbo-0613": ("supervised",),
    "gpt-4-0613": ("supervised",),
    "babbage-002": ("supervised",),
    "davinci-002": ("supervised",),
    "o4-mini-2025-04-16": ("reinforcement",),
}
"""Fine-tunable base snapshots and the methods they accept."""

MODEL_CREATED: dict[str, int] = {
    "gpt-4.1-2025-04-14": 1744316542,
    "gpt-4.1-mini-2025-04-14": 1744317547,
    "gpt-4.1-nano-2025-04-14": 1744321025,
    "gpt-4o-2024-08-06": 1722814719,
    "gpt-4o-mini-2024-07-18": 1721172717,
    "gpt-3.5-turbo-0125": 1706048358,
    "gpt-3.5-turbo-1106": 1698959748,
    "gpt-3.5-turbo-0613": 1686587434,
    "gpt-4-0613": 1686588896,
    "babbage-002": 1692634615,
    "davinci-002": 1692634301,
    "o4-mini-2025-04-16": 1744133506,
}
"""``created`` timestamps reported by ``/models``."""

ALIASES: dict[str, str] = {
    "gpt-4.1": "gpt-4.1-2025-04-14",
    "gpt-4.1-mini": "gpt-4.1-mini-2025-04-14",
    "gpt-4.1-nano": "gpt-4.1-nano-2025-04-14",
    "gpt-4o": "gpt-4o-2024-08-06",
    "gpt-4o-mini": "gpt-4o-mini-2024-07-18",
    "gpt-3.5-turbo": "gpt-3.5-turbo-0125",
    "o4-mini": "o4-mini-2025-04-16",
}
"""Undated names the API maps to a snapshot."""


def resolve_model(name: str, fine_tuned: dict[str, str]) -> tuple[str, str] | None:
    """Map a requested model to ``(model, base_snapshot)``.

    Args:
        name: The ``model`` field of a create request.
        fine_tuned: Known ``ft:`` models mapped to their base snapshot.

    Returns:
        The model to report and its base snapshot, or None if unknown.
    """
    if name in BASE_MODELS:
        return name, name
    if name in ALIASES:
        return ALIASES[name], ALIASES[name]
    if name in fine_tuned:
        return name, fine_tuned[name]
    return None


def data_format(base: str, method: str) -> str:
    """Return the JSONL format a job must use: the method, or ``completion``
    for the legacy prompt/completion models."""
    if base in ("babbage-002", "davinci-002"):
        return "completion"
    return method
