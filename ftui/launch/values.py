"""Hyperparameter values as people type them: ``--set name=value`` and form fields.

Every value is parsed against the provider's :class:`HyperParameter` schema by the one check in
:mod:`ftui.providers.hyperparams` (re-exported here); an error names the allowed range,
e.g. ``n_epochs must be ≤ 50 (1–50, or auto)``.
"""

from __future__ import annotations

from ftui.providers.hyperparams import (
    ValueProblem,
    number_text,
    parse_value,
    range_text,
    validate,
)
from ftui.providers.records import HyperParameter

__all__ = ["ValueProblem", "hint", "parse_assignment", "parse_value", "range_text", "validate"]


def hint(param: HyperParameter) -> str:
    """A placeholder for the form field: the range and the default."""
    default = param.default
    if default == "auto":
        return f"auto · {range_text(param).removesuffix(', or auto')}"
    shown = number_text(default) if isinstance(default, (int, float)) and not isinstance(default, bool) else default
    suffix = f" · default {shown}" if shown not in (None, "") else ""
    return f"{range_text(param)}{suffix}"


def parse_assignment(text: str) -> tuple[str, str]:
    """``"n_epochs=3"`` → ``("n_epochs", "3")``.

    Raises:
        ValueProblem: no ``=`` or no name.
    """
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise ValueProblem(text, f"--set wants name=value, got {text!r}")
    return name.strip(), value.strip()
