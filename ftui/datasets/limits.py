"""Per-model dataset limits.

Sources: docs/openai-fine-tuning.md#models-context-and-prices, docs/bedrock-customization.md#base-models
and docs/bedrock-customization.md#record-and-size-limits.

``None`` means "no documented limit" (or an unconfirmed one); the engine then
checks nothing rather than guessing.
"""

from __future__ import annotations

from dataclasses import dataclass

from ftui.datasets import formats as F


@dataclass(frozen=True, slots=True)
class ModelLimits:
    """What one fine-tunable base model accepts."""

    model: str
    """Model id as the provider spells it."""
    provider: str
    """``"openai"`` or ``"bedrock"``."""
    formats: tuple[str, ...]
    """Dataset formats the model trains on."""
    encoding: str | None
    """tiktoken encoding for exact counts, or None (counts are estimates)."""
    chars_per_token: float = 4.0
    """Divisor of the character-based estimate when there is no encoding."""
    max_tokens_per_example: int | None = None
    """Tokens per training example (OpenAI truncates longer ones; Bedrock rejects them)."""
    min_examples: int | None = None
    """Fewest training examples accepted (an error below it)."""
    recommended_examples: int | None = None
    """Fewest examples the docs recommend (a warning below it)."""
    max_examples: int | None = None
    """Most training examples accepted."""
    max_validation_examples: int | None = None
    """Most validation examples accepted."""
    default_epochs: int | None = None
    """Provider default epochs; None means OpenAI's heuristic."""
    note: str = ""
    """Where a figure is unconfirmed, say so."""
    vision: bool = False
    """OpenAI: the model fine-tunes on images in content parts."""


_CHAT = (F.OPENAI_CHAT, F.OPENAI_DPO)
_PC = (F.PROMPT_COMPLETION,)


def _openai(
    model: str, encoding: str, max_tokens: int, formats: tuple[str, ...] = _CHAT, note: str = "", vision: bool = False
) -> ModelLimits:
    return ModelLimits(model, "openai", formats, encoding, 4.0, max_tokens, 10, 50, None, None, None, note, vision)


def _bedrock(
    model: str,
    formats: tuple[str, ...],
    max_tokens: int | None,
    *,
    min_examples: int | None = None,
    recommended: int | None = None,
    max_examples: int | None = None,
    max_validation: int | None = None,
    epochs: int,
    chars_per_token: float = 4.0,
    note: str = "",
) -> ModelLimits:
    return ModelLimits(
        model,
        "bedrock",
        formats,
        None,
        chars_per_token,
        max_tokens,
        min_examples,
        recommended,
        max_examples,
        max_validation,
        epochs,
        note,
    )


_AZURE = "limit from Azure docs; unconfirmed for OpenAI"
MODELS: dict[str, ModelLimits] = {
    m.model: m
    for m in (
        _openai("gpt-4.1-2025-04-14", "o200k_base", 65_536, note=_AZURE + "; vision on Azure only", vision=True),
        _openai("gpt-4.1-mini-2025-04-14", "o200k_base", 65_536, note=_AZURE),
        _openai("gpt-4.1-nano-2025-04-14", "o200k_base", 32_768, note=_AZURE),
        _openai("gpt-4o-2024-08-06", "o200k_base", 65_536, vision=True),
        _openai("gpt-4o-mini-2024-07-18", "o200k_base", 65_536),
        _openai("gpt-3.5-turbo-0125", "cl100k_base", 16_385, (F.OPENAI_CHAT,)),
        _openai("gpt-3.5-turbo-1106", "cl100k_base", 16_385, (F.OPENAI_CHAT,)),
        _openai("gpt-3.5-turbo-0613", "cl100k_base", 4_096, (F.OPENAI_CHAT,)),
        _openai(
            "o4-mini-2025-04-16",
            "o200k_base",
            65_536,
            (F.RFT,),
            vision=True,
            note="reinforcement fine-tuning only; 65,536 tokens per the Azure docs; billed per training hour",
        ),
        _openai("babbage-002", "cl100k_base", 4_096, _PC, note="4,096 per the 2023 guide"),
        _openai("davinci-002", "cl100k_base", 4_096, _PC, note="4,096 per the 2023 guide"),
        _bedrock(
            "anthropic.claude-3-haiku-20240307-v1:0:200k",
            (F.BEDROCK_CLAUDE,),
            32_000,
            min_examples=32,
            max_examples=10_000,
            max_validation=1_000,
            epochs=2,
            chars_per_token=3.0,
            note="tokens estimated as AWS's validator does: 3 characters per token",
        ),
        _bedrock(
            "amazon.nova-micro-v1:0:128k",
            (F.BEDROCK_NOVA,),
            None,
            recommended=100,
            epochs=2,
            note="Nova record and token limits are unconfirmed",
        ),
        _bedrock(
            "amazon.nova-lite-v1:0:300k",
            (F.BEDROCK_NOVA,),
            None,
            recommended=100,
            epochs=2,
            note="Nova record and token limits are unconfirmed",
        ),
        _bedrock(
            "amazon.nova-pro-v1:0:300k",
            (F.BEDROCK_NOVA,),
            None,
            recommended=100,
            epochs=2,
            note="Nova record and token limits are unconfirmed",
        ),
        _bedrock(
            "amazon.nova-2-lite-v1:0:256k",
            (F.BEDROCK_NOVA, F.RFT),
            None,
            recommended=100,
            epochs=2,
            note="Nova record and token limits are unconfirmed; reinforcement "
            "fine-tuning needs at least 100 records with a reference_answer",
        ),
        _bedrock(
            "openai.gpt-oss-20b",
            (F.RFT,),
            None,
            min_examples=100,
            max_examples=20_000,
            epochs=1,
            note="reinforcement fine-tuning only (us-west-2); token limit unconfirmed",
        ),
        _bedrock(
            "qwen.qwen3-32b",
            (F.RFT,),
            None,
            min_examples=100,
            max_examples=20_000,
            epochs=1,
            note="reinforcement fine-tuning only (us-west-2); token limit unconfirmed",
        ),
        _bedrock(
            "amazon.titan-text-express-v1:0:8k",
            _PC,
            4_096,
            epochs=5,
            chars_per_token=6.0,
            note="4,096 tokens at batch size 1 (2,048 at 2-4)",
        ),
        _bedrock(
            "meta.llama3-1-8b-instruct-v1:0:128k",
            _PC,
            16_000,
            min_examples=100,
            max_examples=10_000,
            epochs=5,
            chars_per_token=6.0,
        ),
        _bedrock(
            "meta.llama3-1-70b-instruct-v1:0:128k",
            _PC,
            16_000,
            min_examples=100,
            max_examples=10_000,
            epochs=5,
            chars_per_token=6.0,
        ),
        _bedrock(
            "meta.llama3-2-1b-instruct-v1:0:128k",
            (F.BEDROCK_NOVA,),
            16_000,
            min_examples=100,
            max_examples=10_000,
            epochs=5,
        ),
        _bedrock(
            "meta.llama3-2-3b-instruct-v1:0:128k",
            (F.BEDROCK_NOVA,),
            16_000,
            min_examples=100,
            max_examples=10_000,
            epochs=5,
        ),
        _bedrock(
            "meta.llama3-2-11b-instruct-v1:0:128k",
            (F.BEDROCK_NOVA,),
            16_000,
            min_examples=100,
            max_examples=10_000,
            epochs=5,
        ),
        _bedrock(
            "meta.llama3-2-90b-instruct-v1:0:128k",
            (F.BEDROCK_NOVA,),
            10_000,
            min_examples=100,
            max_examples=10_000,
            epochs=5,
        ),
        _bedrock(
            "cohere.command-text-v14:7:4k",
            _PC,
            4_096,
            max_examples=10_000,
            max_validation=1_000,
            epochs=1,
            chars_per_token=6.0,
            note="Cohere model id unconfirmed; 4,096 input / 2,048 output tokens",
        ),
        _bedrock(
            "cohere.command-light-text-v14:7:4k",
            _PC,
            4_096,
            max_examples=10_000,
            max_validation=1_000,
            epochs=1,
            chars_per_token=6.0,
            note="Cohere model id unconfirmed; 4,096 input / 2,048 output tokens",
        ),
    )
}
"""Every model the engine knows, keyed by id."""

DEFAULT_MODEL: dict[str, str] = {
    F.OPENAI_CHAT: "gpt-4o-mini-2024-07-18",
    F.OPENAI_DPO: "gpt-4o-mini-2024-07-18",
    F.PROMPT_COMPLETION: "babbage-002",
    F.BEDROCK_CLAUDE: "anthropic.claude-3-haiku-20240307-v1:0:200k",
    F.BEDROCK_NOVA: "amazon.nova-lite-v1:0:300k",
    F.RFT: "o4-mini-2025-04-16",
    F.UNKNOWN: "gpt-4o-mini-2024-07-18",
}
"""The model assumed for each format when none is given."""


def resolve_model(name: str) -> ModelLimits:
    """Return the limits for ``name``; accepts aliases, ``ft:`` models and unique prefixes.

    Raises:
        ValueError: the model is unknown or ambiguous (the message lists known models).
    """
    key = name.strip()
    if key.startswith("ft:"):
        key = key[3:].split(":", 1)[0]
    if key in MODELS:
        return MODELS[key]
    matches = sorted(m for m in MODELS if m.startswith(key))
    if key == "gpt-3.5-turbo":
        matches = ["gpt-3.5-turbo-0125"]
    if len(matches) == 1:
        return MODELS[matches[0]]
    raise ValueError(f"unknown model {name!r}; known models: {', '.join(MODELS)}")


VISION_DEFAULT = "gpt-4o-2024-08-06"
"""The model assumed for OpenAI chat data with images."""


def default_model(format_name: str, images: bool = False) -> ModelLimits:
    """Return the model assumed for ``format_name`` (with ``images``: a vision model)."""
    if images and format_name == F.OPENAI_CHAT:
        return MODELS[VISION_DEFAULT]
    return MODELS[DEFAULT_MODEL.get(format_name, DEFAULT_MODEL[F.UNKNOWN])]
