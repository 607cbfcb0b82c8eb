"""The ``Problem`` record and the fixed vocabulary of problem codes.

Every finding of the dataset engine is a :class:`Problem`: a 1-based ``line``
(0 means the whole file), a ``code`` from :data:`CODES`, a ``severity`` and a
message a person can act on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Severity = Literal["error", "warning"]
"""``error``: the provider will reject the file or the line. ``warning``: advice."""

CODES: tuple[str, ...] = (
    "empty_file",
    "invalid_utf8",
    "invalid_json",
    "not_an_object",
    "missing_messages",
    "unknown_key",
    "unknown_role",
    "missing_role",
    "missing_content",
    "content_type",
    "missing_assistant",
    "bad_role_order",
    "bad_weight",
    "bad_tool_call",
    "too_many_tokens",
    "too_few_examples",
    "too_many_examples",
    "duplicate_example",
    "mixed_formats",
    # Beyond the minimum vocabulary:
    "validation_overlap",
    "reserved_keyword",
    "legacy_separator",
    "legacy_completion_space",
    "legacy_stop_sequence",
    "too_deeply_nested",
    "invalid_unicode",
    "byte_order_mark",
    "not_json_lines",
    "blank_lines",
    "bad_image",
    "missing_grader_field",
)
"""Every code the engine can emit, spelled exactly as the issue does (plus a few extras)."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding about a dataset file."""

    line: int
    """1-based physical line number; 0 means the whole file."""
    code: str
    """One of :data:`CODES`."""
    severity: Severity
    """``"error"`` or ``"warning"``."""
    message: str
    """What is wrong and what to do about it."""
    file: str = ""
    """Empty for the scanned file; ``"validation"`` for the validation file."""

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"unknown problem code {self.code!r}")

    @property
    def is_error(self) -> bool:
        """True when the severity is ``error``."""
        return self.severity == "error"

    def to_json(self) -> dict[str, Any]:
        """``{"line", "code", "severity", "message", "where"}`` for the ``--json`` report
        (``line`` is null and ``where`` is ``"file"`` for a file-level problem)."""
        message = self.message if not self.file else f"{self.file} file: {self.message}"
        return {
            "line": self.line or None,
            "code": self.code,
            "severity": self.severity,
            "message": message,
            "where": self.where,
        }

    @property
    def where(self) -> str:
        """``"line 12"``, ``"file"``, ``"validation line 3"`` or ``"validation file"``."""
        place = f"line {self.line:,}" if self.line else "file"
        return f"{self.file} {place}" if self.file else place

    def shifted(self, offset: int, file: str | None = None) -> Problem:
        """Return a copy whose line number is moved by ``offset`` (file-level stays 0)."""
        line = self.line + offset if self.line else 0
        return Problem(line, self.code, self.severity, self.message, self.file if file is None else file)


def error(line: int, code: str, message: str) -> Problem:
    """Shorthand for an error-severity :class:`Problem`."""
    return Problem(line, code, "error", message)


def warning(line: int, code: str, message: str) -> Problem:
    """Shorthand for a warning-severity :class:`Problem`."""
    return Problem(line, code, "warning", message)


def plural(n: int, word: str, words: str | None = None) -> str:
    """``"1 example"``, ``"2 examples"``, ``"1,000 examples"``."""
    return f"{n:,} {word if n == 1 else (words or word + 's')}"
