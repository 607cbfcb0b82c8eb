"""The frozen result of a scan, and its ``--json`` form."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ftui.datasets.cost import Cost
from ftui.datasets.problems import Problem
from ftui.datasets.stats import TokenStats


@dataclass(frozen=True, slots=True)
class ValidationSummary:
    """What the scan found in the validation file (its problems are in the main list)."""

    path: str
    """The validation file."""
    examples: int
    """Non-blank lines."""
    valid: int
    """Examples without errors."""
    tokens: int
    """Tokens counted (not billed)."""
    overlap: int
    """Validation examples that also appear in the training file."""


@dataclass(frozen=True, slots=True)
class ScanReport:
    """Everything a full scan learned about a training file (and its validation file)."""

    path: str
    """The scanned file."""
    format: str
    """Detected format (see :data:`ftui.datasets.formats.FORMATS`)."""
    model: str
    """Base model whose limits and price were applied."""
    examples: int
    """Non-blank lines (blank lines are not examples)."""
    valid: int
    """Examples with no error-severity problem."""
    lines: int
    """Physical lines."""
    problems: tuple[Problem, ...]
    """Problems in line order (at most 1,000 kept per code; see ``problem_counts``)."""
    problem_counts: dict[str, int]
    """How many problems of each code were found in all."""
    tokens: TokenStats
    """Token statistics of the training file."""
    limits: dict[str, Any]
    """The model's limits and how the file measures against them."""
    cost: Cost
    """Training cost estimate."""
    duplicates: int = 0
    """Examples that repeat an earlier one (ignoring whitespace)."""
    validation: ValidationSummary | None = None
    """The validation file, when one was given."""
    cancelled: bool = False
    """True when the scan was cancelled: the figures cover only part of the file."""
    seconds: float = 0.0
    """Wall time of the scan."""
    notes: tuple[str, ...] = field(default=())
    """Human remarks (e.g. "o200k_base not available offline, estimated")."""
    error_total: int | None = None
    """Exact number of error-severity problems (None: count the kept ones)."""
    warning_total: int | None = None
    """Exact number of warning-severity problems (None: count the kept ones)."""
    images: int = 0
    """Images in content parts; their tokens are estimates by OpenAI's per-image rule."""
    changed: bool = False
    """The file (or the validation file) changed while it was scanned: figures are not final."""

    @property
    def errors(self) -> int:
        """Number of error-severity problems: all found, not only the ones kept."""
        if self.error_total is not None:
            return self.error_total
        return sum(1 for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> int:
        """Number of warning-severity problems: all found."""
        if self.warning_total is not None:
            return self.warning_total
        return sum(1 for p in self.problems if p.severity != "error")

    @property
    def truncated(self) -> bool:
        """True when ``problems`` lists fewer problems than were found (see ``problem_counts``)."""
        return sum(self.problem_counts.values()) > len(self.problems)

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings allowed), the scan finished and the file
        did not change meanwhile."""
        return (
            not self.cancelled
            and not self.changed
            and self.errors == 0
            and not any(p.severity == "error" for p in self.problems)
        )

    def problem_lines(self) -> tuple[int, ...]:
        """Sorted distinct lines of the scanned file that have problems (no line 0)."""
        return tuple(sorted({p.line for p in self.problems if p.line and not p.file}))

    def to_json(self) -> dict[str, Any]:
        """The issue's JSON shape: path, format, examples, valid, problems, tokens, limits, cost;
        then exact totals: errors, warnings, per-code ``problem_counts`` and ``truncated``
        (True when ``problems`` lists fewer than were found)."""
        return {
            "path": self.path,
            "format": self.format,
            "examples": self.examples,
            "valid": self.valid,
            "problems": [p.to_json() for p in self.problems],
            "tokens": self.tokens.to_json(),
            "limits": self.limits,
            "cost": self.cost.to_json(),
            "lines": self.lines,
            "errors": self.errors,
            "warnings": self.warnings,
            "problem_counts": dict(sorted(self.problem_counts.items())),
            "truncated": self.truncated,
            "images": self.images,
            "notes": list(self.notes),
            "cancelled": self.cancelled,
            "changed": self.changed,
            "final": not (self.changed or self.cancelled),
        }

    def dumps(self) -> str:
        """:meth:`to_json` as one line of JSON text."""
        return json.dumps(self.to_json(), ensure_ascii=False)
