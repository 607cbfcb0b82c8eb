"""Load OpenAI's OpenAPI spec from ``shared/`` and validate recorded
responses against the schema it names for each operation and status."""

from __future__ import annotations

import copy
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import ftui

JOB_STATUS_ENUM = {"validating_files", "queued", "running", "succeeded", "failed", "cancelled"}
"""The spec's ``FineTuningJob.status`` enum."""

ALLOWED_EXTRA_STATUSES = {"pausing", "paused"}
"""The one accepted deviation: real-API job statuses the spec enum lacks."""


def shared_dir() -> Path:
    """Return the shared reference directory (``FTUI_SHARED_DIR`` overrides)."""
    override = os.environ.get("FTUI_SHARED_DIR")
    if override:
        return Path(override)
    return Path(ftui.__file__).resolve().parents[1].parent / "shared"


def spec_path() -> Path:
    """Return the path of ``openapi.json``."""
    return shared_dir() / "openai-openapi" / "openapi.json"


def _normalise(node: Any) -> Any:
    """Translate OpenAPI 3.0 leftovers into JSON Schema 2020-12.

    The spec still uses boolean ``exclusiveMinimum``/``exclusiveMaximum`` next
    to ``minimum``/``maximum`` (draft-4 style); 2020-12 wants numbers.
    """
    if isinstance(node, list):
        return [_normalise(x) for x in node]
    if not isinstance(node, dict):
        return node
    out = {k: _normalise(v) for k, v in node.items()}
    for flag, bound in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        if isinstance(out.get(flag), bool):
            if out.pop(flag) and bound in out:
                out[flag] = out.pop(bound)
    if out.get("nullable") is True and "type" in out and isinstance(out["type"], str):
        out["type"] = [out["type"], "null"]
    return out


@lru_cache(maxsize=1)
def load_spec() -> dict[str, Any]:
    """Return the parsed, normalised spec."""
    spec = json.loads(spec_path().read_text())
    spec = copy.copy(spec)
    spec["components"] = _normalise(spec["components"])
    return spec


def schema_for(method: str, template: str, status: int) -> dict[str, Any] | None:
    """Return the JSON schema the spec names for a response, or None.

    Error statuses the operation does not list fall back to
    ``#/components/schemas/ErrorResponse``.
    """
    spec = load_spec()
    op = spec["paths"].get(template, {}).get(method.lower())
    if op is None:
        return None
    response = op.get("responses", {}).get(str(status))
    if response is not None:
        schema = response.get("content", {}).get("application/json", {}).get("schema")
        if schema is not None:
            return schema
    if status >= 400:
        return {"$ref": "#/components/schemas/ErrorResponse"}
    return None


def violations(records: list[tuple[str, str, int, Any]]) -> tuple[list[str], int]:
    """Validate every JSON response; return ``(problems, number checked)``."""
    from jsonschema import Draft202012Validator

    spec = load_spec()
    problems, checked = [], 0
    for method, template, status, body in records:
        if body is None:
            continue
        schema = schema_for(method, template, status)
        if schema is None:
            problems.append(f"{method} {template} {status}: the spec names no schema")
            continue
        root = {**schema, "components": spec["components"]}
        validator = Draft202012Validator(root)
        checked += 1
        for err in validator.iter_errors(body):
            if (err.validator == "enum" and set(err.validator_value) == JOB_STATUS_ENUM
                    and err.path and err.path[-1] == "status" and err.instance in ALLOWED_EXTRA_STATUSES):
                continue
            where = "/".join(map(str, err.absolute_path))
            problems.append(f"{method} {template} {status} at /{where}: {err.message[:300]}")
    return problems, checked
