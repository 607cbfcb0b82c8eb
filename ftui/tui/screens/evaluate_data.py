"""The Evaluate screen's worker side: what each thread worker does, and the message it posts.

Each function here runs in a thread worker (it may call the provider and read files) and returns
the message the worker posts; none touches a widget.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.message import Message

from ftui.evaluate.plan import (
    CostEstimate,
    EvalExample,
    EvalPlan,
    estimate_cost,
    sample,
)
from ftui.evaluate.prices import price_table
from ftui.launch.hosted import find_hosted, local_copy
from ftui.providers.errors import ProviderError
from ftui.providers.records import FineTunedModel, Job
from ftui.session import Session
from ftui.tui.polling import read

FIELDS = (("file", "Held-out file"), ("n", "Examples"), ("seed", "Seed"), ("a", "Model A"), ("b", "Model B"))
"""The setup form's fields: (name, label)."""
PLACEHOLDERS = {"file": "path of a held-out chat JSONL file", "b": "the model to compare with (its base)"}
"""What an empty field of the form says."""


def model_of_job(job: Job) -> FineTunedModel | None:
    """The fine-tuned model a job made, as a :class:`FineTunedModel` (None while it has none)."""
    if not job.fine_tuned_model:
        return None
    return FineTunedModel(
        id=job.fine_tuned_model,
        provider=job.provider,
        kind=job.kind,
        base_model=job.base_model,
        job_id=job.id,
        created_at=job.finished_at,
    )


@dataclass
class SetupRead(Message):
    """What the setup learned from the provider: whether it can evaluate, and the default held-out file."""

    blocker: str | None
    """Why the provider cannot evaluate the model (None when it can)."""
    file: Path | None
    """The job's validation file, downloaded to the cache (None when there is none)."""
    note: str
    """What happened to the default file, for people."""
    job: Job | None = None
    """The model's job, when it was read."""


@dataclass
class CostEstimated(Message):
    """The cost estimate for the form's current values (``error`` set when it could not be made)."""

    key: tuple[Any, ...]
    """The form values it was made for (a stale estimate is dropped)."""
    text: str
    """The estimate (or the problem), for people."""
    error: bool = False
    """Whether ``text`` is a problem (bad file, no usable lines)."""


@dataclass
class Prepared(Message):
    """The examples were sampled and the provider is ready: the run can start."""

    examples: list[EvalExample]
    """The examples, in file order."""
    provider: Any
    """The profile's provider."""
    note: str = ""
    """What was skipped while sampling."""


@dataclass
class PrepareFailed(Message):
    """The run could not start (file unreadable, no usable examples, profile broken)."""

    text: str
    """Why, and what to do."""


def setup_read(session: Session, model: FineTunedModel, job: Job | None) -> SetupRead:
    """Whether the provider can evaluate ``model``; its job's validation file, downloaded to the cache."""
    try:
        provider = read(lambda: session.provider(model.provider), "Opening the profile", first=True)
        blocker = provider.evaluation_blocker(model)
        if blocker is not None:
            return SetupRead(blocker, None, "", job)
        if job is None and model.job_id:
            job_id = model.job_id
            job = read(lambda: provider.get_job(job_id), "Reading the model's job", first=True)
        if job is None or not job.validation_file:
            return SetupRead(
                None,
                None,
                "No validation file is known for this model: type the path of a held-out chat JSONL file.",
                job,
            )
        reference = job.validation_file
        remote = read(lambda: find_hosted(provider, reference), "Listing files", first=True)
        if remote is None:
            return SetupRead(
                None,
                None,
                f"The job's validation file {reference} is no longer listed: type the path of a local held-out file.",
                job,
            )
        path = read(lambda: local_copy(provider, model.provider, remote), "Downloading", first=True)
    except ProviderError as error:
        return SetupRead(
            None,
            None,
            f"Could not fetch the job's validation file: {error.message} Type the path "
            "of a local held-out file instead.",
            job,
        )
    return SetupRead(None, path, f"The job's validation file {remote.filename}, downloaded to the cache.", job)


def form_plan(values: Mapping[str, str], profile: str) -> EvalPlan | str:
    """The plan the form's ``values`` describe, or what is wrong with them."""
    value = {name: str(values.get(name, "")).strip() for name, _ in FIELDS}
    if not value["file"]:
        return "Choose a held-out file (a chat JSONL with an assistant answer per line)."
    try:
        n, seed = int(value["n"]), int(value["seed"] or "0")
    except ValueError:
        return "Examples and seed must be whole numbers."
    if not 1 <= n <= 10_000:
        return "Examples must be between 1 and 10000."
    if not value["a"] or not value["b"]:
        return "Name both models (A: the fine-tuned one, B: the one to compare with)."
    return EvalPlan(
        provider=profile, model=value["a"], base=value["b"], file=Path(value["file"]).expanduser(), n=n, seed=seed
    )


def skipped_text(skipped: Mapping[str, int]) -> str:
    """`` (N lines skipped: reasons)``, or nothing."""
    total = sum(skipped.values())
    if not total:
        return ""
    return f" ({total} lines skipped: " + ", ".join(f"{count} {why}" for why, count in skipped.items()) + ")"


def estimated(plan: EvalPlan, key: tuple[Any, ...]) -> CostEstimated:
    """Sample the examples and estimate tokens and dollars ("unknown" where a price is unknown)."""
    try:
        drawn = sample(plan.file, plan.n, plan.seed)
    except OSError as error:
        return CostEstimated(key, f"Cannot read {plan.file}: {error.strerror or error}", True)
    if not drawn.examples:
        return CostEstimated(key, f"No usable examples in {plan.file.name}{skipped_text(drawn.skipped)}.", True)
    try:
        cost = estimate_cost(plan, drawn.examples, price_table([plan.model, plan.base]))
    except Exception as error:  # noqa: BLE001 - an estimate that fails must say so, not kill the worker
        words = f"Cost: unknown (the estimate failed: {type(error).__name__})."
    else:
        words = cost_words(cost, plan)
    return CostEstimated(
        key,
        f"{len(drawn.examples)} of {drawn.usable} usable examples"
        f"{skipped_text(drawn.skipped)}, each asked of both models.\n{words}",
    )


def cost_words(cost: CostEstimate, plan: EvalPlan) -> str:
    """Tokens per model and dollars, "unknown" where a model's price is unknown (never invented)."""

    def usd(value: float | None) -> str:
        return "unknown" if value is None else f"${value:,.4f}"

    approx = "about " if not cost.exact else ""
    per = " · ".join(f"{side} {usd(cost.dollars.get(model))}" for side, model in (("A", plan.model), ("B", plan.base)))
    return (
        f"Estimated cost {usd(cost.total_dollars)} ({per}) for {approx}{cost.input_tokens:,} input and "
        f"{cost.output_tokens:,} output tokens per model; nothing is sent before you run it."
    )


def prepared(session: Session, plan: EvalPlan) -> Prepared | PrepareFailed:
    """Sample the examples and build the provider: what the run needs, or why it cannot start."""
    try:
        drawn = sample(plan.file, plan.n, plan.seed)
    except OSError as error:
        return PrepareFailed(f"Cannot read {plan.file}: {error.strerror or error}")
    if not drawn.examples:
        return PrepareFailed(f"No usable examples in {plan.file}{skipped_text(drawn.skipped)}.")
    try:
        provider = read(lambda: session.provider(plan.provider), "Opening the profile")
    except ProviderError as error:
        return PrepareFailed(error.message)
    return Prepared(drawn.examples, provider, skipped_text(drawn.skipped))
