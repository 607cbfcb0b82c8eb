"""Parsing, range-checking and "auto" resolution of job hyperparameters
(docs/openai-fine-tuning.md#hyperparameters, docs/dataset-formats.md#token-counts-epochs-and-cost)."""

from __future__ import annotations

from typing import Any

from ftui.emulator.errors import invalid

__all__ = ["METHOD_PARAMS", "auto_values", "parse_method"]

_GRADERS = {"string_check", "text_similarity", "python", "score_model", "multi"}
_EFFORTS = {"default", "low", "medium", "high"}

METHOD_PARAMS: dict[str, tuple[str, ...]] = {
    "supervised": ("batch_size", "learning_rate_multiplier", "n_epochs"),
    "dpo": ("beta", "batch_size", "learning_rate_multiplier", "n_epochs"),
    "reinforcement": (
        "batch_size",
        "learning_rate_multiplier",
        "n_epochs",
        "reasoning_effort",
        "compute_multiplier",
        "eval_interval",
        "eval_samples",
    ),
}
"""Hyperparameter names each method accepts."""


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_num(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _check(name: str, value: Any, param: str) -> None:
    """Raise a 400 when ``value`` is outside the spec range for ``name``."""
    if value == "auto" and name != "reasoning_effort":
        return
    ok = True
    if name == "n_epochs":
        ok, rule = _is_int(value) and 1 <= value <= 50, "an integer between 1 and 50"
    elif name == "batch_size":
        ok, rule = _is_int(value) and 1 <= value <= 256, "an integer between 1 and 256"
    elif name == "learning_rate_multiplier":
        ok, rule = _is_num(value) and value > 0, "a number greater than 0"
    elif name == "beta":
        ok, rule = _is_num(value) and 0 < value <= 2, "a number greater than 0 and at most 2"
    elif name == "compute_multiplier":
        ok, rule = _is_num(value) and 1e-5 < value <= 10, "a number in (0.00001, 10]"
    elif name in ("eval_interval", "eval_samples"):
        ok, rule = _is_int(value) and value >= 1, "an integer of at least 1"
    elif name == "reasoning_effort":
        ok, rule = value in _EFFORTS, "one of default, low, medium, high"
    if not ok:
        raise invalid(f"Invalid value for '{param}': {value!r}. Expected 'auto' or {rule}.", param=param)


def _hyper(raw: Any, method: str, prefix: str) -> dict[str, Any]:
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise invalid(f"'{prefix}' must be an object.", param=prefix)
    allowed = METHOD_PARAMS[method]
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in allowed:
            raise invalid(f"Unknown hyperparameter '{key}' for method '{method}'.", param=f"{prefix}.{key}")
        _check(key, value, f"{prefix}.{key}")
        out[key] = value
    for key in allowed:
        out.setdefault(key, "default" if key == "reasoning_effort" else "auto")
    return out


def parse_method(body: dict[str, Any]) -> tuple[str, dict[str, Any], dict[str, Any] | None]:
    """Read ``method`` and legacy ``hyperparameters`` from a create request.

    Returns:
        ``(method_type, requested_hyperparameters, grader)``; unspecified
        values are ``"auto"``.

    Raises:
        ApiError: 400 with ``param`` for malformed or out-of-range input.
    """
    legacy = body.get("hyperparameters")
    method = body.get("method")
    if method is None:
        return "supervised", _hyper(legacy, "supervised", "hyperparameters"), None
    if not isinstance(method, dict):
        raise invalid("'method' must be an object.", param="method")
    kind = method.get("type")
    if kind not in METHOD_PARAMS:
        raise invalid(
            f"Invalid value for 'method.type': {kind!r}. Expected one of supervised, dpo, reinforcement.",
            param="method.type",
        )
    section = method.get(kind) or {}
    if not isinstance(section, dict):
        raise invalid(f"'method.{kind}' must be an object.", param=f"method.{kind}")
    nested = section.get("hyperparameters")
    if legacy is not None and nested is not None:
        raise invalid(
            "Specify hyperparameters either in 'hyperparameters' or in 'method', not both.",
            param="hyperparameters",
        )
    if legacy is not None and kind != "supervised":
        raise invalid(
            "Top-level 'hyperparameters' only apply to supervised jobs; use 'method'.", param="hyperparameters"
        )
    source, prefix = (legacy, "hyperparameters") if legacy is not None else (nested, f"method.{kind}.hyperparameters")
    hyper = _hyper(source, kind, prefix)
    grader = None
    if kind == "reinforcement":
        grader = section.get("grader")
        if not isinstance(grader, dict) or grader.get("type") not in _GRADERS:
            raise invalid(
                "A reinforcement job needs a 'grader' with a known type.", param="method.reinforcement.grader"
            )
    return kind, hyper, grader


def auto_values(n_examples: int, method: str) -> dict[str, Any]:
    """Resolve every "auto" hyperparameter the way OpenAI documents it.

    n_epochs follows the cookbook heuristic (3, raised for tiny sets, lowered
    for huge ones); batch_size is ~0.2% of the examples clamped to 1..256.
    """
    n = max(1, n_examples)
    epochs = 3
    if n * 3 < 100:
        epochs = min(25, 100 // n)
    elif n * 3 > 25000:
        epochs = max(1, 25000 // n)
    values: dict[str, Any] = {
        "n_epochs": epochs,
        "batch_size": max(1, min(256, round(n * 0.002))),
        "learning_rate_multiplier": 1.8,
    }
    if method == "dpo":
        values["beta"] = 0.1
    if method == "reinforcement":
        values.update(compute_multiplier=1.0, eval_interval=1, eval_samples=1)
    return values
