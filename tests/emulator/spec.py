"""Load OpenAI's OpenAPI spec (the subset vendored in ``openapi/``) and validate recorded
responses against the schema it names for each operation and status."""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

JOB_STATUS_ENUM = {"validating_files", "queued", "running", "succeeded", "failed", "cancelled"}
"""The spec's ``FineTuningJob.status`` enum."""

ALLOWED_EXTRA_STATUSES = {"pausing", "paused"}
"""The one accepted deviation: real-API job statuses the spec enum lacks."""


SPEC_DIR = Path(__file__).resolve().parent / "openapi"
"""Where the vendored subset of OpenAI's spec lives (with its MIT LICENSE and the script that cuts it)."""


def spec_path() -> Path:
    """Return the path of the vendored spec: OpenAI's ``openapi.json`` cut to the paths the emulator serves.

    Regenerate it with ``python tests/emulator/openapi/extract.py <openapi.json>``.
    """
    return SPEC_DIR / "openai-subset.json"


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
        if isinstance(out.get(flag), bool) and out.pop(flag) and bound in out:
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
            if (
                err.validator == "enum"
                and set(err.validator_value) == JOB_STATUS_ENUM
                and err.path
                and err.path[-1] == "status"
                and err.instance in ALLOWED_EXTRA_STATUSES
            ):
                continue
            where = "/".join(map(str, err.absolute_path))
            problems.append(f"{method} {template} {status} at /{where}: {err.message[:300]}")
    return problems, checked


def _coerce(value: str, schema: dict[str, Any]) -> Any:
    """A query-string value as the type its schema declares (what Prism does before validating)."""
    kind = schema.get("type")
    kinds = kind if isinstance(kind, list) else [kind]
    if "integer" in kinds:
        try:
            return int(value)
        except ValueError:
            return value
    if "number" in kinds:
        try:
            return float(value)
        except ValueError:
            return value
    if "boolean" in kinds and value in ("true", "false"):
        return value == "true"
    return value


def request_violations(requests: list[Any]) -> tuple[list[str], int]:
    """Check recorded requests (``ftui.emulator.chaos.RecordedRequest``) against the spec, like Prism.

    Each request must name an operation of the spec; its query parameters must be declared
    ones with values of the declared type (``deepObject`` parameters as ``name[key]``); a JSON
    body must validate against the operation's request schema; a multipart body must carry
    the schema's required fields. Returns ``(problems, number checked)``.
    """
    from email.parser import BytesParser
    from email.policy import default as default_policy

    from jsonschema import Draft202012Validator

    spec = load_spec()
    problems: list[str] = []
    checked = 0

    def validate(instance: Any, schema: dict[str, Any], where: str) -> None:
        validator = Draft202012Validator({**schema, "components": spec["components"]})
        for err in validator.iter_errors(instance):
            path = "/".join(map(str, err.absolute_path))
            problems.append(f"{where} at /{path}: {err.message[:300]}")

    for req in requests:
        where = f"{req.method} {req.path}"
        op = spec["paths"].get(req.template, {}).get(req.method.lower())
        if op is None:
            problems.append(f"{where}: no such operation in the spec ({req.template})")
            continue
        checked += 1
        params = {p["name"]: p for p in op.get("parameters", []) if p.get("in") == "query"}
        for key, values in req.query.items():
            name = key.split("[", 1)[0]
            param = params.get(name)
            if param is None:
                problems.append(f"{where}: query parameter {key!r} is not in the spec")
                continue
            schema = param.get("schema", {})
            if "[" in key:
                if param.get("style") != "deepObject":
                    problems.append(f"{where}: {key!r} uses deepObject style but {name} is not one")
                continue
            for value in values:
                validate(_coerce(value, _normalise(schema)), _normalise(schema), f"{where} ?{key}")
        content = (op.get("requestBody") or {}).get("content", {})
        if req.method == "POST" and content:
            if req.content_type.startswith("application/json") and "application/json" in content:
                try:
                    body = json.loads(req.body or b"null")
                except ValueError:
                    problems.append(f"{where}: the body is not JSON")
                    continue
                validate(body, content["application/json"]["schema"], f"{where} body")
            elif req.content_type.startswith("multipart/form-data") and "multipart/form-data" in content:
                message = BytesParser(policy=default_policy).parsebytes(
                    b"Content-Type: " + req.content_type.encode() + b"\r\n\r\n" + req.body
                )
                fields = {part.get_param("name", header="content-disposition") for part in message.iter_parts()}
                ref = content["multipart/form-data"]["schema"].get("$ref", "")
                schema = spec["components"]["schemas"].get(ref.rsplit("/", 1)[-1], {})
                missing = [f for f in schema.get("required", []) if f not in fields]
                if missing:
                    problems.append(f"{where}: multipart body lacks {missing}")
            else:
                problems.append(f"{where}: content type {req.content_type!r} is not one the spec accepts")
    return problems, checked
