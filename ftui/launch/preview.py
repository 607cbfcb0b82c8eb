"""What a launch will do, before anything is spent: resolved values, steps, billed tokens, dollars, warnings.

Figures come from the dataset engine (:func:`ftui.datasets.scan` report,
:func:`~ftui.datasets.estimate_cost`, :func:`~ftui.datasets.default_epochs`);
nothing here counts tokens or knows prices itself.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ftui.datasets import ScanReport, default_epochs, estimate_cost, resolve_model
from ftui.providers.records import HyperParameter

EPOCH_KEYS = ("n_epochs", "epochCount")
"""Names of the epochs hyperparameter (OpenAI, Bedrock)."""
BATCH_KEYS = ("batch_size", "batchSize")
"""Names of the batch-size hyperparameter (OpenAI, Bedrock)."""


def auto_batch_size(examples: int) -> int:
    """An estimate of OpenAI's "auto" batch size (~0.2% of the examples, 1–256); OpenAI does not document it."""
    return max(1, min(256, round(examples * 0.002)))


@dataclass(frozen=True, slots=True)
class Resolved:
    """One hyperparameter as the job will (probably) run with it."""

    name: str
    """Provider-native name."""
    value: Any
    """The value, or ``"auto"`` when the provider decides and we cannot predict it."""
    source: str
    """``set`` (the user's), ``default`` (the schema's), ``auto`` (predicted) or ``auto?`` (estimated)."""

    def text(self) -> str:
        """``n_epochs = 3 (auto: OpenAI's heuristic)`` and the like."""
        value = f"{self.value:g}" if isinstance(self.value, float) else str(self.value)
        note = {"set": "", "default": " (default)", "auto": " (auto)", "auto?": " (auto, estimated)"}[self.source]
        if self.value == "auto":
            note = " (the provider picks)"
        return f"{self.name} = {value}{note}"


@dataclass(frozen=True, slots=True)
class Preview:
    """The expected shape and cost of a job."""

    base_model: str
    """The model to fine-tune."""
    method: str
    """The method."""
    resolved: tuple[Resolved, ...]
    """Every hyperparameter of the schema, resolved where possible."""
    examples: int | None = None
    """Training examples (None when the file was not scanned, e.g. an uploaded file)."""
    format: str | None = None
    """Detected data format."""
    epochs: int | None = None
    """Epochs the job will run."""
    batch_size: int | None = None
    """Examples per step."""
    steps: int | None = None
    """Total steps: ceil(examples × epochs ÷ batch size)."""
    steps_estimated: bool = False
    """True when the batch size (so the steps) is an estimate of OpenAI's "auto"."""
    billed_tokens: int | None = None
    """Training tokens billed over all epochs."""
    usd: float | None = None
    """Dollars, where the price is known (OpenAI models)."""
    errors: tuple[str, ...] = ()
    """Dataset problems that will make the provider refuse the job."""
    warnings: tuple[str, ...] = ()
    """Dataset problems worth knowing before paying."""

    @property
    def ok(self) -> bool:
        """No blocking dataset problem."""
        return not self.errors

    def figures(self) -> str:
        """``120 examples · 3 epochs · ≈ 360 steps · 45,000 tokens · $0.14``."""
        parts = []
        if self.examples is not None:
            parts.append(f"{self.examples:,} examples")
        if self.epochs is not None:
            parts.append(f"{self.epochs} epoch{'s' if self.epochs != 1 else ''}")
        if self.steps is not None:
            parts.append(f"{'≈ ' if self.steps_estimated else ''}{self.steps:,} steps")
        if self.billed_tokens is not None:
            parts.append(f"{self.billed_tokens:,} billed tokens")
        if self.usd is not None:
            parts.append(f"${self.usd:,.2f}" if self.usd >= 0.01 or not self.usd else f"${self.usd:.4f}")
        elif self.billed_tokens is not None:
            parts.append("price unknown (see the provider's pricing)")
        return " · ".join(parts) or "figures appear once a local training file is chosen"

    def lines(self) -> list[str]:
        """The preview as plain lines (the CLI's dry run, the confirmation)."""
        out = [f"{self.base_model} · {self.method}", *("  " + r.text() for r in self.resolved), self.figures()]
        out += [f"error: {e}" for e in self.errors]
        out += [f"warning: {w}" for w in self.warnings]
        return out

    def to_json(self) -> dict[str, Any]:
        """The ``--dry-run --json`` object."""
        return {
            "base_model": self.base_model,
            "method": self.method,
            "hyperparameters": {r.name: r.value for r in self.resolved},
            "sources": {r.name: r.source for r in self.resolved},
            "examples": self.examples,
            "format": self.format,
            "epochs": self.epochs,
            "batch_size": self.batch_size,
            "steps": self.steps,
            "steps_estimated": self.steps_estimated,
            "billed_tokens": self.billed_tokens,
            "usd": self.usd,
            "errors": list(self.errors),
            "warnings": list(self.warnings),
        }


def resolve(schema: Sequence[HyperParameter], values: Mapping[str, Any], examples: int | None) -> list[Resolved]:
    """Each schema parameter's value: the user's, the default, or a prediction of "auto"."""
    out = []
    for param in schema:
        value = values.get(param.name)
        if value is not None and value != "auto":
            out.append(Resolved(param.name, value, "set"))
        elif value == "auto" or param.default == "auto":
            if examples and param.name in EPOCH_KEYS:
                out.append(Resolved(param.name, default_epochs(examples), "auto"))
            elif examples and param.name in BATCH_KEYS:
                out.append(Resolved(param.name, auto_batch_size(examples), "auto?"))
            else:
                out.append(Resolved(param.name, "auto", "auto"))
        else:
            out.append(Resolved(param.name, param.default, "default"))
    return out


def dataset_findings(report: ScanReport) -> tuple[list[str], list[str]]:
    """``(errors, warnings)`` from a scan: file-level problems in full, line problems counted by code."""
    errors: list[str] = []
    warnings: list[str] = []
    for problem in report.problems:
        if problem.line == 0:
            where = "validation file: " if problem.file else ""
            (errors if problem.is_error else warnings).append(f"{where}{problem.message}")
    first: dict[tuple[str, str, str], Any] = {}
    for problem in report.problems:
        if problem.line:
            first.setdefault((problem.code, problem.severity, problem.file), problem)
    counts: Counter[tuple[str, str, str]] = Counter((p.code, p.severity, p.file) for p in report.problems if p.line)
    for key, problem in first.items():
        code, severity, file = key
        total = report.problem_counts.get(code, counts[key]) if not file else counts[key]
        where = f"{file} file " if file else ""
        text = f"{total:,} × {code} ({where}first at line {problem.line}: {problem.message})"
        (errors if severity == "error" else warnings).append(text)
    over = report.limits.get("examples_over_token_limit") or 0
    if over and "too_many_tokens" not in report.problem_counts:
        warnings.append(
            f"{over:,} examples exceed {report.limits.get('max_tokens_per_example'):,} tokens and are truncated"
        )
    if report.cancelled:
        warnings.append("the scan was cancelled: figures cover part of the file")
    warnings.extend(report.notes)
    return errors, warnings


def build_preview(
    base_model: str, method: str, schema: Sequence[HyperParameter], values: Mapping[str, Any], report: ScanReport | None
) -> Preview:
    """The preview of a launch with these values on the scanned training file (None: not scanned)."""
    examples = report.examples if report is not None else None
    resolved = resolve(schema, values, examples)
    by_name = {r.name: r for r in resolved}
    epochs_r = next((by_name[k] for k in EPOCH_KEYS if k in by_name), None)
    batch_r = next((by_name[k] for k in BATCH_KEYS if k in by_name), None)
    epochs = epochs_r.value if epochs_r is not None and isinstance(epochs_r.value, int) else None
    batch = batch_r.value if batch_r is not None and isinstance(batch_r.value, int) else None
    if report is None:
        return Preview(base_model, method, tuple(resolved), epochs=epochs, batch_size=batch)
    steps = math.ceil(report.examples * epochs / batch) if epochs and batch and report.examples else None
    billed = usd = None
    try:
        limits = resolve_model(base_model)
    except ValueError:
        limits = None
    if limits is not None and epochs is not None:
        cost = estimate_cost(limits, dict(report.tokens.histogram), epochs)
        billed, usd = cost.billed_tokens, cost.usd
    errors, warnings = dataset_findings(report)
    if limits is None:
        warnings.append(f"ftui does not know {base_model}'s limits or price: not checked")
    return Preview(
        base_model,
        method,
        tuple(resolved),
        examples=report.examples,
        format=report.format,
        epochs=epochs,
        batch_size=batch,
        steps=steps,
        steps_estimated=batch_r is not None and batch_r.source == "auto?",
        billed_tokens=billed,
        usd=usd,
        errors=tuple(errors),
        warnings=tuple(warnings),
    )
