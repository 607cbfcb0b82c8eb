"""OpenAI's fine-tunable models and hyperparameter schemas (docs/openai-fine-tuning.md)."""

from __future__ import annotations

from ftui.providers.errors import InvalidRequestError
from ftui.providers.records import BaseModel, HyperParameter

BASE_MODELS: tuple[BaseModel, ...] = (
    BaseModel("gpt-4.1-2025-04-14", ("supervised", "dpo"), "GPT-4.1"),
    BaseModel("gpt-4.1-mini-2025-04-14", ("supervised", "dpo"), "GPT-4.1 mini"),
    BaseModel("gpt-4.1-nano-2025-04-14", ("supervised", "dpo"), "GPT-4.1 nano"),
    BaseModel("gpt-4o-2024-08-06", ("supervised", "dpo"), "GPT-4o (vision SFT)"),
    BaseModel("gpt-4o-mini-2024-07-18", ("supervised", "dpo"), "GPT-4o mini"),
    BaseModel("gpt-3.5-turbo-0125", ("supervised",), "GPT-3.5 Turbo"),
    BaseModel("gpt-3.5-turbo-1106", ("supervised",), "GPT-3.5 Turbo (1106)"),
    BaseModel("babbage-002", ("supervised",), "Legacy prompt/completion"),
    BaseModel("davinci-002", ("supervised",), "Legacy prompt/completion"),
    BaseModel("o4-mini-2025-04-16", ("reinforcement",), "Reinforcement fine-tuning only"),
)
"""Models OpenAI documents as fine-tunable, with their methods."""

METHODS = ("supervised", "dpo", "reinforcement")
"""Methods OpenAI's schema describes."""

CREATABLE_METHODS = ("supervised", "dpo")
"""Methods ftui can create (reinforcement needs a grader ftui does not build yet)."""

_COMMON = (
    HyperParameter(
        "n_epochs",
        "int",
        "auto",
        1,
        50,
        auto=True,
        description="Full passes over the training data. auto picks from the dataset size.",
    ),
    HyperParameter(
        "batch_size",
        "int",
        "auto",
        1,
        256,
        auto=True,
        description="Examples per step. Larger batches update less often with lower variance.",
    ),
    HyperParameter(
        "learning_rate_multiplier",
        "float",
        "auto",
        0,
        None,
        exclusive_minimum=True,
        auto=True,
        description="Scales the base learning rate. Raise it if the model does not converge.",
    ),
)
_DPO = (
    HyperParameter(
        "beta",
        "float",
        "auto",
        0,
        2,
        exclusive_minimum=True,
        auto=True,
        description="Weight of the penalty between policy and reference. Higher is more conservative.",
    ),
)
_REINFORCEMENT = (
    HyperParameter(
        "reasoning_effort",
        "str",
        "default",
        choices=("default", "low", "medium", "high"),
        description="Reasoning effort used while training.",
    ),
    HyperParameter(
        "compute_multiplier",
        "float",
        "auto",
        1e-5,
        10,
        exclusive_minimum=True,
        auto=True,
        description="Multiplier on the compute spent exploring the search space.",
    ),
    HyperParameter("eval_interval", "int", "auto", 1, None, auto=True, description="Steps between evaluations."),
    HyperParameter("eval_samples", "int", "auto", 1, None, auto=True, description="Samples per evaluation."),
)


def model_entry(model: str) -> BaseModel | None:
    """The catalog entry for a model id, also for ``ft:`` models (their base's methods)."""
    base = model.split(":")[1] if model.startswith("ft:") else model
    exact = [entry for entry in BASE_MODELS if entry.id == base]
    loose = [entry for entry in BASE_MODELS if base.startswith(entry.id) or entry.id.startswith(base)]
    found = exact or loose
    return found[0] if found else None


def hyperparameters(model: str, method: str) -> list[HyperParameter]:
    """The hyperparameter schema for a model and method.

    Raises:
        InvalidRequestError: the method is unknown or the model does not support it.
    """
    if method not in METHODS:
        raise InvalidRequestError(f"Unknown method {method!r}; use one of {', '.join(METHODS)}.", param="method")
    entry = model_entry(model)
    if entry is not None and method not in entry.methods:
        raise InvalidRequestError(f"{model} supports {', '.join(entry.methods)}, not {method}.", param="method")
    extra = {"supervised": (), "dpo": _DPO, "reinforcement": _REINFORCEMENT}[method]
    return [*_COMMON, *extra]
