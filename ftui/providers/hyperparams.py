"""The one hyperparameter check: values (typed or as people type them) against a provider's schema.

Providers call :func:`check_values` before they create a job; the launch form, the preview and
``ftui launch --set`` call :func:`parse_value` and :func:`validate`. All of them say the same
thing about the same value, e.g. ``n_epochs must be ≤ 50 (1–50, or auto)``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from ftui.providers.errors import InvalidRequestError
from ftui.providers.records import HyperParameter


def number_text(value: float | None) -> str:
    """A bound or default as people read it (``1e-05``, ``50``); empty for None."""
    return "" if value is None else f"{value:g}"


def range_text(param: HyperParameter) -> str:
    """The values ``param`` accepts, for people: ``1–50, or auto``, ``> 0, or auto``, ``one of a, b``."""
    if param.choices:
        return "one of " + ", ".join(param.choices)
    lo, hi = param.minimum, param.maximum
    if lo is not None and hi is not None and lo == hi:
        text = f"exactly {number_text(lo)}"
    elif lo is not None and hi is not None and not param.exclusive_minimum and not param.exclusive_maximum:
        text = f"{number_text(lo)}–{number_text(hi)}"
    else:
        parts = []
        if lo is not None:
            parts.append(f"{'>' if param.exclusive_minimum else '≥'} {number_text(lo)}")
        if hi is not None:
            parts.append(f"{'<' if param.exclusive_maximum else '≤'} {number_text(hi)}")
        text = ", ".join(parts) or {"int": "an integer", "float": "a number", "bool": "true or false"}.get(
            param.type, "text"
        )
    if param.type == "int" and not param.choices and "exactly" not in text:
        text = f"integer {text}" if text[0] in "<>≤≥" else text
    return f"{text}, or auto" if param.auto else text


class ValueProblem(ValueError):
    """A value that cannot be used; ``str()`` is the message for people."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name
        """The hyperparameter (or field) at fault."""
        self.message = message
        """What is wrong, naming the allowed values."""


def _parse_text(param: HyperParameter, text: str, allowed: str) -> Any:
    if text.lower() == "auto":
        if param.auto:
            return "auto"
        raise ValueProblem(param.name, f'{param.name} does not accept "auto"{allowed}')
    if param.choices:
        return text
    if param.type == "int":
        try:
            return int(text)
        except ValueError:
            try:
                number = float(text)
            except ValueError:
                number = math.nan
            if not number.is_integer():
                raise ValueProblem(param.name, f"{param.name} must be an integer{allowed}") from None
            return int(number)
    if param.type == "float":
        try:
            value = float(text)
        except ValueError:
            raise ValueProblem(param.name, f"{param.name} must be a number{allowed}") from None
        if not math.isfinite(value):
            raise ValueProblem(param.name, f"{param.name} must be a finite number{allowed}")
        return value
    if param.type == "bool":
        if text.lower() not in ("true", "false", "1", "0", "yes", "no"):
            raise ValueProblem(param.name, f"{param.name} must be true or false")
        return text.lower() in ("true", "1", "yes")
    return text


def parse_value(param: HyperParameter, raw: Any) -> Any:
    """The typed value of ``raw`` (text or number) for ``param``; None for an empty field.

    Raises:
        ValueProblem: wrong type or out of range (the message names the allowed range).
    """
    allowed = f" ({range_text(param)})"
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    value = _parse_text(param, raw.strip(), allowed) if isinstance(raw, str) else raw
    if param.type == "int" and isinstance(value, float):
        if not value.is_integer():
            raise ValueProblem(param.name, f"{param.name} must be an integer{allowed}")
        value = int(value)
    problem = param.check(value)
    if problem:
        raise ValueProblem(param.name, f"{problem}{allowed}")
    return value


def validate(
    schema: Sequence[HyperParameter], raw: Mapping[str, Any], model: str = "", method: str = ""
) -> tuple[dict[str, Any], dict[str, str]]:
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


def check_values(
    schema: Sequence[HyperParameter],
    raw: Mapping[str, Any],
    model: str = "",
    method: str = "",
    provider: str | None = None,
) -> dict[str, Any]:
    """The typed values of ``raw``, for a provider about to send them.

    Raises:
        InvalidRequestError: the first unknown name or bad value (``param`` names the hyperparameter;
            the message is :func:`validate`'s).
    """
    values, errors = validate(schema, raw, model, method)
    if errors:
        name, message = next(iter(errors.items()))
        raise InvalidRequestError(f"{message}.", param=name, provider=provider)
    return values
