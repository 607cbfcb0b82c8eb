"""What Bedrock can fine-tune, and each model family's hyperparameters.

Also how ftui names jobs and spells hyperparameter values for Bedrock.
Sources: the Bedrock user guide pages ``custom-model-supported.html`` and
``cm-hp-*.html`` (see docs/bedrock-customization.md#hyperparameters). Names are Bedrock's own;
values are sent to Bedrock as strings by the provider.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, Literal

from ftui.providers.errors import InvalidRequestError
from ftui.providers.hyperparams import check_values
from ftui.providers.records import BaseModel, HyperParameter

METHODS = ("supervised",)
"""The methods ftui offers on Bedrock (``FINE_TUNING`` customization)."""

BASE_MODELS: tuple[BaseModel, ...] = (
    BaseModel("amazon.nova-2-lite-v1:0:256k", METHODS, "Amazon Nova 2 Lite (us-east-1)"),
    BaseModel("amazon.nova-micro-v1:0:128k", METHODS, "Amazon Nova Micro (us-east-1)"),
    BaseModel("amazon.nova-lite-v1:0:300k", METHODS, "Amazon Nova Lite (us-east-1)"),
    BaseModel("amazon.nova-pro-v1:0:300k", METHODS, "Amazon Nova Pro (us-east-1)"),
    BaseModel("amazon.titan-text-express-v1:0:8k", METHODS, "Amazon Titan Text G1 Express (us-east-1, us-west-2)"),
    BaseModel("anthropic.claude-3-haiku-20240307-v1:0:200k", METHODS, "Anthropic Claude 3 Haiku (us-west-2)"),
    BaseModel("meta.llama3-1-8b-instruct-v1:0:128k", METHODS, "Meta Llama 3.1 8B Instruct (us-west-2)"),
    BaseModel("meta.llama3-1-70b-instruct-v1:0:128k", METHODS, "Meta Llama 3.1 70B Instruct (us-west-2)"),
    BaseModel("meta.llama3-2-1b-instruct-v1:0:128k", METHODS, "Meta Llama 3.2 1B Instruct (us-west-2)"),
    BaseModel("meta.llama3-2-3b-instruct-v1:0:128k", METHODS, "Meta Llama 3.2 3B Instruct (us-west-2)"),
    BaseModel("meta.llama3-2-11b-instruct-v1:0:128k", METHODS, "Meta Llama 3.2 11B Instruct (us-west-2)"),
    BaseModel("meta.llama3-2-90b-instruct-v1:0:128k", METHODS, "Meta Llama 3.2 90B Instruct (us-west-2)"),
)
"""Fine-tunable base models whose ids the Bedrock docs confirm."""


def _hp(
    name: str, type_: Literal["int", "float"], default: float, minimum: float, maximum: float, description: str
) -> HyperParameter:
    """A numeric Bedrock hyperparameter (never "auto")."""
    return HyperParameter(
        name=name,
        type=type_,
        default=default,
        minimum=minimum,
        maximum=maximum,
        description=description,
        auto=False,
    )


_EPOCHS = "Passes over the training data."
_BATCH = "Samples per training step."
_LR = "Step size of the optimizer."
_WARMUP = "Steps over which the learning rate ramps up."
_STOP_T = "Minimum loss improvement that counts as progress for early stopping."
_STOP_P = "Evaluations without progress before training stops early."


def _cohere(max_batch: int) -> tuple[HyperParameter, ...]:
    """Cohere Command (batch size 8) and Command Light (batch size 8–32)."""
    return (
        _hp("epochCount", "int", 1, 1, 100, _EPOCHS),
        _hp("batchSize", "int", 8, 8, max_batch, _BATCH),
        _hp("learningRate", "float", 1e-5, 5e-6, 0.1, _LR + " Leave unset when you give a validation set."),
        _hp("earlyStoppingThreshold", "float", 0.01, 0, 0.1, _STOP_T),
        _hp("earlyStoppingPatience", "int", 6, 1, 10, _STOP_P),
        _hp(
            "evalPercentage",
            "int",
            20,
            5,
            50,
            "Share of training data held out for evaluation when no validation set is given.",
        ),
    )


SCHEMAS: Mapping[str, tuple[HyperParameter, ...]] = {
    "claude-3-haiku": (
        _hp("epochCount", "int", 2, 1, 10, _EPOCHS),
        _hp("batchSize", "int", 32, 4, 256, _BATCH),
        _hp("learningRateMultiplier", "float", 1, 0.1, 2, "Multiplies the base learning rate."),
        _hp("earlyStoppingThreshold", "float", 0.001, 0, 0.1, _STOP_T),
        _hp("earlyStoppingPatience", "int", 2, 1, 10, _STOP_P),
    ),
    "nova": (
        _hp("epochCount", "int", 2, 1, 5, _EPOCHS),
        _hp("learningRate", "float", 1e-5, 1e-6, 1e-4, _LR),
        _hp(
            "learningRateWarmupSteps",
            "int",
            10,
            0,
            100,
            _WARMUP + " Suggested: dataset size ÷ 640 (Micro), 160 (Lite), 320 (Pro).",
        ),
    ),
    "titan-text-premier": (
        _hp("epochCount", "int", 2, 1, 5, _EPOCHS),
        _hp("batchSize", "int", 1, 1, 1, _BATCH),
        _hp("learningRate", "float", 1e-6, 1e-7, 1e-5, _LR),
        _hp("learningRateWarmupSteps", "int", 5, 0, 20, _WARMUP),
    ),
    "titan-text": (
        _hp("epochCount", "int", 5, 1, 10, _EPOCHS),
        _hp("batchSize", "int", 1, 1, 64, _BATCH),
        _hp("learningRate", "float", 1e-5, 0.0, 1, _LR),
        _hp("learningRateWarmupSteps", "int", 5, 0, 250, _WARMUP),
    ),
    "llama": (
        _hp("epochCount", "int", 5, 1, 10, _EPOCHS),
        _hp("batchSize", "int", 1, 1, 1, _BATCH),
        _hp("learningRate", "float", 1e-4, 5e-6, 0.1, _LR),
    ),
    "cohere-command": _cohere(8),
    "cohere-command-light": _cohere(32),
}
"""Hyperparameter schemas by model family."""

_FAMILIES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), family)
    for pattern, family in (
        (r"^anthropic\.claude-3-haiku", "claude-3-haiku"),
        (r"^amazon\.nova-", "nova"),
        (r"^amazon\.titan-text-premier", "titan-text-premier"),
        (r"^amazon\.titan-text-(express|lite)", "titan-text"),
        (r"^meta\.llama", "llama"),
        (r"^cohere\.command-light", "cohere-command-light"),
        (r"^cohere\.command", "cohere-command"),
    )
)
"""Model-id prefixes → family (first match wins)."""


def family_of(base_model: str) -> str:
    """The family of a model id or foundation-model ARN.

    Raises:
        InvalidRequestError: ftui does not know how to fine-tune it (``param="base_model"``).
    """
    model = base_model.rsplit("/", 1)[-1] if base_model.startswith("arn:") else base_model
    for pattern, family in _FAMILIES:
        if pattern.match(model):
            return family
    known = ", ".join(m.id for m in BASE_MODELS)
    raise InvalidRequestError(
        f"{base_model!r} is not a Bedrock model ftui can fine-tune. Use one of: {known}.",
        param="base_model",
    )


def schema_for(base_model: str) -> list[HyperParameter]:
    """The hyperparameters of a base model (see :func:`family_of` for errors)."""
    return list(SCHEMAS[family_of(base_model)])


def hyperparameter_strings(base_model: str, values: Mapping[str, Any]) -> dict[str, str]:
    """Check hyperparameters against the model's schema (:func:`~ftui.providers.hyperparams.check_values`);
    return them as the strings Bedrock wants.

    Raises:
        InvalidRequestError: unknown name or bad value (``param`` is the hyperparameter's name).
    """
    values = check_values(schema_for(base_model), values, base_model)
    out: dict[str, str] = {}
    for key, value in values.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            out[key] = str(value).strip()
        elif isinstance(value, int):
            out[key] = str(value)
        else:
            out[key] = repr(float(value))
    return out


_UNSAFE = re.compile(r"[^A-Za-z0-9]+")


def job_name(suffix: str | None, now: datetime | None = None) -> str:
    """A job/model name: the suffix's letters and digits plus a UTC timestamp (≤ 60 chars).

    Valid for both ``jobName`` and ``customModelName`` patterns: starts with a
    letter or digit, single hyphens between runs of letters and digits.
    """
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%d-%H%M%S-%f")[:-3]
    slug = _UNSAFE.sub("-", suffix or "").strip("-")[:40].strip("-") or "ftui"
    return f"{slug}-{stamp}"
