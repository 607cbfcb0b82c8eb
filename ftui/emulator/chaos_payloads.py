"""Hostile payloads for ``ftui emulator --chaos SCENARIO``: valid HTTP, broken content.

The chaos framework (``ftui.emulator.chaos``) calls :func:`mutate` on the body of
every response to a request whose scenario is in :data:`SCENARIOS`, and sends
what it returns. The contract:

- ``mutate(scenario, method, path, body)`` gets the decoded JSON body (dict or list)
  of a response, or the raw ``bytes`` of a file's content (``GET /files/{id}/content``).
  ``path`` may carry the ``/v1`` prefix and a query string; both are ignored.
- It returns the body to send instead: a JSON value (serialize it with
  ``json.dumps(..., allow_nan=True)`` so NaN and Infinity go out as-is), ``bytes``
  (sent as they are), or a :class:`Reply`, which replaces the whole response
  (status, body bytes and content type) — the framework must honour it.
- It is pure and deterministic: the same arguments give the same answer (the random
  choices are seeded by scenario and path), the input is never modified, stdlib only.
- Only ``GET`` responses are changed: creating, cancelling, pausing and resuming are
  left intact (a lost or broken create answer is another scenario's business).
"""

from __future__ import annotations

import base64
import binascii
import json
import random
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["HUGE_FIELD", "SCENARIOS", "Reply", "mutate"]

SCENARIOS: dict[str, str] = {
    "nulls": "about a third of the fields of every object, and some list pages' data, are null",
    "wrong-types": "fields of the wrong type: method as a string, hyperparameters as a list, "
    "trained_tokens 'lots', step_number 'ten', data.step 'abc', ids as numbers …",
    "nan": "NaN and Infinity in metric values, timestamps and token counts",
    "huge-fields": "one 10 MB string field in every response (names, messages, models)",
    "bad-items": "some list items are not objects or have no id (strings, nulls, numbers, {})",
    "null-pages": "list pages answer data: null (half of them still saying has_more: true)",
    "bad-result-file": "a job's result file answers 404, 406, an HTML page, binary junk or rows of NaN",
}
"""Scenario name → what it does, one line each."""

HUGE_FIELD = 10 * 1024 * 1024
"""Length of the string the ``huge-fields`` scenario puts in."""


@dataclass(frozen=True, slots=True)
class Reply:
    """A whole response to send instead of the emulator's (status, raw body, content type)."""

    status: int
    """The HTTP status."""
    body: bytes
    """The body, sent as-is."""
    content_type: str = "application/json"
    """The Content-Type header."""


_CONTENT = re.compile(r"^/files/[^/]+/content$")
_METRIC_KEYS = (
    "step",
    "train_loss",
    "valid_loss",
    "full_valid_loss",
    "train_mean_token_accuracy",
    "valid_mean_token_accuracy",
    "full_valid_mean_token_accuracy",
    "epoch",
)
_HUGE_TARGETS = (
    "message",
    "user_provided_suffix",
    "fine_tuned_model",
    "model",
    "filename",
    "fine_tuned_model_checkpoint",
    "status_details",
)


def mutate(scenario: str, method: str, path: str, body: object) -> object:
    """The hostile version of a response body for ``scenario`` (see the module docstring)."""
    if scenario not in SCENARIOS or method.upper() != "GET":
        return body
    path = _route(path)
    rng = random.Random(zlib.crc32(f"{scenario} {path}".encode()))
    if scenario == "bad-result-file":
        return _bad_result_file(rng, path, body)
    if isinstance(body, (bytes, bytearray, str)):
        return body  # file contents are only touched by bad-result-file
    return _MUTATORS[scenario](rng, path, body)


def _route(path: str) -> str:
    path = path.split("?", 1)[0].rstrip("/")
    return path[3:] if path.startswith("/v1/") else path


# -- scenarios --------------------------------------------------------------
def _nulls(rng: random.Random, path: str, body: Any) -> Any:
    def visit(value: Any, key: str) -> Any:
        if isinstance(value, dict):
            return {
                k: (None if k not in ("object", "has_more") and rng.random() < 0.33 else visit(v, k))
                for k, v in value.items()
            }
        if isinstance(value, list):
            if key == "data" and rng.random() < 0.2:
                return None
            return [None if rng.random() < 0.1 else visit(item, key) for item in value]
        return value

    return visit(body, "")


_WRONG: dict[str, Callable[[random.Random], Any]] = {
    "method": lambda rng: rng.choice(["supervised", ["dpo"], 7]),
    "hyperparameters": lambda rng: rng.choice([[1, 2, 3], "auto", 3]),
    "trained_tokens": lambda rng: rng.choice(["lots", -1.5, {"n": 1}]),
    "step_number": lambda rng: rng.choice(["ten", 3.7, None]),
    "step": lambda rng: rng.choice(["abc", [1], "1e999"]),
    "created_at": lambda rng: rng.choice(["yesterday", -1e20, [2024]]),
    "finished_at": lambda rng: rng.choice(["soon", True]),
    "estimated_finish": lambda rng: rng.choice(["soon", {"t": 1}]),
    "status": lambda rng: rng.choice([5, ["running"], {"state": "running"}]),
    "error": lambda rng: rng.choice(["plain string error", 42, []]),
    "result_files": lambda rng: rng.choice(["file-notalist", [1, None, "file-x"], {"a": 1}]),
    "bytes": lambda rng: rng.choice(["big", -5, 1.5]),
    "data": lambda rng: rng.choice(["not-an-object", [1, 2], 3]),
    "metrics": lambda rng: rng.choice(["fine", [0.5]]),
    "level": lambda rng: rng.choice([3, ["warn"]]),
    "message": lambda rng: rng.choice([{"text": "hi"}, 12345, ["a", "b"]]),
    "model": lambda rng: rng.choice([123, {"name": "gpt"}]),
    "filename": lambda rng: rng.choice([None, 9, ["a.jsonl"]]),
    "has_more": lambda rng: rng.choice(["yes", 1]),
    "train_loss": lambda rng: rng.choice(["low", [0.5], True]),
}


def _wrong_types(rng: random.Random, path: str, body: Any) -> Any:
    def visit(value: Any, key: str) -> Any:
        if isinstance(value, dict):
            out = {}
            for k, v in value.items():
                if k in _WRONG and rng.random() < 0.5:
                    out[k] = _WRONG[k](rng)
                elif k == "id" and rng.random() < 0.05:
                    out[k] = rng.choice([12345, ["id"], None])
                else:
                    out[k] = visit(v, k)
            return out
        if isinstance(value, list):
            return [visit(item, key) for item in value]
        return value

    return visit(body, "")


def _nan(rng: random.Random, path: str, body: Any) -> Any:
    specials = [float("nan"), float("inf"), float("-inf")]

    def visit(value: Any, key: str) -> Any:
        if isinstance(value, dict):
            return {k: visit(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [visit(item, key) for item in value]
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if key in _METRIC_KEYS and key != "step" and rng.random() < 0.4:
                return rng.choice(specials)
            if key in ("created_at", "trained_tokens", "finished_at", "bytes", "total_steps") and rng.random() < 0.3:
                return rng.choice(specials)
        return value

    return visit(body, "")


def _huge(rng: random.Random, path: str, body: Any) -> Any:
    done = [False]
    filler = "x" * (HUGE_FIELD - 10)

    def visit(value: Any, key: str) -> Any:
        if isinstance(value, dict):
            out = {}
            for k, v in value.items():
                if not done[0] and k in _HUGE_TARGETS and (isinstance(v, str) or v is None):
                    out[k] = f"HUGE[{k}]" + filler
                    done[0] = True
                else:
                    out[k] = visit(v, k)
            if not done[0] and "id" in out:  # an object with none of the targets: add a field
                out["description"] = "HUGE" + filler
                done[0] = True
            return out
        if isinstance(value, list):
            return [visit(item, key) for item in value]
        return value

    return visit(body, "")


def _bad_items(rng: random.Random, path: str, body: Any) -> Any:
    if not isinstance(body, dict) or not isinstance(body.get("data"), list) or not body["data"]:
        return body
    junk = ["not an object", None, 42, {}, {"object": "fine_tuning.job"}, ["nested", "list"], {"id": ""}]
    data = list(body["data"])
    for index in sorted(rng.sample(range(len(data)), max(1, len(data) // 5))):
        data[index] = rng.choice(junk)
    return {**body, "data": data}


def _null_pages(rng: random.Random, path: str, body: Any) -> Any:
    if isinstance(body, dict) and body.get("object") == "list":
        return {**body, "data": None, "has_more": rng.random() < 0.5}
    return body


def _looks_like_metrics(body: Any) -> bool:
    if isinstance(body, str):
        body = body.encode()
    if not isinstance(body, (bytes, bytearray)):
        return False
    head = bytes(body[:200]).lstrip()
    if head.lower().startswith(b"step"):
        return True
    try:
        return base64.b64decode(b"".join(bytes(body[:400]).split())[:400], validate=False).lower().startswith(b"step")
    except (binascii.Error, ValueError):
        return False


def _bad_result_file(rng: random.Random, path: str, body: Any) -> Any:
    if not _CONTENT.match(path) or not _looks_like_metrics(body):
        return body  # only result files (metrics CSVs) go bad; datasets download fine
    choice = rng.randrange(5)
    if choice == 0:
        return Reply(
            404,
            json.dumps(
                {
                    "error": {
                        "message": "No such File object",
                        "type": "invalid_request_error",
                        "param": "id",
                        "code": None,
                    }
                }
            ).encode(),
        )
    if choice == 1:
        return Reply(406, b"<html><head><title>406 Not Acceptable</title></head><body>nope</body></html>", "text/html")
    if choice == 2:
        return Reply(200, b"<!DOCTYPE html><html><body><h1>Sign in</h1></body></html>", "text/html")
    if choice == 3:
        return Reply(200, bytes(rng.randrange(256) for _ in range(2048)), "application/octet-stream")
    lines = ["step,train_loss,valid_loss"] + [f"{i},{rng.choice(['nan', 'inf', '-inf', 'NaN'])}," for i in range(1, 6)]
    return Reply(200, ("\n".join(lines) + "\n").encode(), "application/octet-stream")


_MUTATORS: dict[str, Callable[[random.Random, str, Any], Any]] = {
    "nulls": _nulls,
    "wrong-types": _wrong_types,
    "nan": _nan,
    "huge-fields": _huge,
    "bad-items": _bad_items,
    "null-pages": _null_pages,
}
