"""Hyperparameter values as people type them: ``--set name=value`` and form fields.

Every value is parsed against the provider's :class:`HyperParameter` schema;
an error names the allowed range, e.g. ``n_epochs must be ≤ 50 (1–50, or auto)``.
"""

from __future__ import annotations

import math
from typing import Any, Mapping, Sequence

from ftui.providers.records import HyperParameter


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def range_text(param: HyperParameter) -> str:
    """The values ``param`` accepts, for people: ``1–50, or auto``, ``> 0, or auto``, ``one of a, b``."""
    if param.choices:
        return "one of " + ", ".join(param.choices)
    lo, hi = param.minimum, param.maximum
    if lo is not None and hi is not None and lo == hi:
        text = f"exactly {_num(lo)}"
    elif lo is not None and hi is not None and not param.exclusive_minimum and not param.exclusive_maximum:
        text = f"{_num(lo)}–{_num(hi)}"
    else:
        parts = []
        if lo is not None:
            parts.append(f"{'>' if param.exclusive_minimum else '≥'} {_num(lo)}")
        if hi is not None:
            parts.append(f"{'<' if param.exclusive_maximum else '≤'} {_num(hi)}")
        text = ", ".join(parts) or {"int": "an integer", "float": "a number", "bool": "true or false"}.get(
            param.type, "text")
    if param.type == "int" and not param.choices and "exactly" not in text:
        text = f"integer {text}" if text[0] in "<>≤≥" else text
    return f"{text}, or auto" if param.auto else text


def hint(param: HyperParameter) -> str:
    """A placeholder for the form field: the range and the default."""
    default = param.default
    if default == "auto":
        return f"auto · {range_text(param).removesuffix(', or auto')}"
    shown = _num(default) if isinstance(default, (int, float)) and not isinstance(default, bool) else default
    suffix = f" · default {shown}" if shown not in (None, "") else ""
    return f"{range_text(param)}{suffix}"


class ValueProblem(ValueError):
    """A value that cannot be used; ``str()`` is the message for people."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name
        """The hyperparameter (or field) at fault."""
        self.message = message
        """What is wrong, naming the allowed values."""


def parse_value(param: HyperParameter, raw: Any) -> Any:
    """The typed value of ``raw`` (text or number) for ``param``; None for an empty field.

    Raises:
        ValueProblem: wrong type or out of range (the message names the allowed range).
    """
    allowed = f" ({range_text(param)})"
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, str):
        text = raw.strip()
        if text.lower() == "auto":
            if param.auto:
                return "auto"
            raise ValueProblem(param.name, f"{param.name} does not accept \"auto\"{allowed}")
        if param.choices:
            value: Any = text
        elif param.type == "int":
            try:
                value = int(text)
            except ValueError:
                try:
                    number = float(text)
                except ValueError:
                    number = math.nan
                if not number.is_integer():
                    raise ValueProblem(param.name, f"{param.name} must be an integer{allowed}") from None
                value = int(number)
        elif param.type == "float":
            try:
                value = float(text)
            except ValueError:
                raise ValueProblem(param.name, f"{param.name} must be a number{allowed}") from None
            if not math.isfinite(value):
                raise ValueProblem(param.name, f"{param.name} must be a finite number{allowed}")
        elif param.type == "bool":
            if text.lower() not in ("true", "false", "1", "0", "yes", "no"):
                raise ValueProblem(param.name, f"{param.name} must be true or false")
            value = text.lower() in ("true", "1", "yes")
        else:
            value = text
    else:
        value = raw
    if param.type == "int" and isinstance(value, float):
        if not value.is_integer():
            raise ValueProblem(param.name, f"{param.name} must be an integer{allowed}")
        value = int(value)
    problem = param.check(value)
    if problem:
        raise ValueProblem(param.name, f"{problem}{allowed}")
    return value


def parse_assignment(text: str) -> tuple[str, str]:
    """``"n_epochs=3"`` → ``("n_epochs", "3")``.

    Raises:
        ValueProblem: no ``=`` or no name.
    """
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise ValueProblem(text, f"--set wants name=value, got {text!r}")
    return name.strip(), value.strip()


def validate(schema: Sequence[HyperParameter], raw: Mapping[str, Any],
             model: str = "", method: str = "") -> tuple[dict[str, Any], dict[str, str]]:
    """Parse every entry of ``raw`` against ``schema``.

    Returns:
        ``(values, errors)``: the typed values that were given (empty fields left
        out) and, per name, why a value cannot be used.
    """
    by_name = {p.name: p for p in schema}
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name, text in raw.items():
        param = by_name.get(name)
        if param is None:
            what = " ".join(x for x in (model, method) if x) or "this model"
            errors[name] = f"unknown hyperparameter {name!r} for {what}; known: {', '.join(by_name) or 'none'}"
            continue
        try:
            value = parse_value(param, text)
        except ValueProblem as problem:
            errors[name] = problem.message
            continue
        if value is not None:
            values[name] = value
    return values, errors
