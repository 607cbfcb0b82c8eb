"""Request handlers for the ``/v1`` surface and the route table."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

from ftui.emulator.chat import create_chat_completion
from ftui.emulator.errors import invalid, not_found
from ftui.emulator.models import delete_model, get_model, list_models
from ftui.emulator.multipart import parse_form
from ftui.emulator.store import Store

__all__ = ["ROUTES", "Request", "match_route"]


class Request:
    """A parsed HTTP request as the handlers see it."""

    def __init__(self, params: dict[str, str], query: dict[str, list[str]], body: bytes, content_type: str) -> None:
        self.params, self.query, self.body, self.content_type = params, query, body, content_type

    def arg(self, name: str) -> str | None:
        """Return the last value of a query argument, or None."""
        values = self.query.get(name)
        return values[-1] if values else None

    def limit(self, default: int, maximum: int) -> int:
        """Return the ``limit`` query argument, range-checked."""
        raw = self.arg("limit")
        if raw is None:
            return default
        try:
            value = int(raw)
        except ValueError:
            raise invalid(f"Invalid value for 'limit': {raw!r}. Expected an integer.", param="limit") from None
        if not 1 <= value <= maximum:
            raise invalid(f"Invalid value for 'limit': {value}. Expected 1 to {maximum}.", param="limit")
        return value

    def json(self) -> dict[str, Any]:
        """Return the JSON body as an object, or raise a 400."""
        try:
            data = json.loads(self.body or b"{}")
        except ValueError:
            raise invalid(
                "We could not parse the JSON body of your request. (HINT: This likely means "
                "you aren't using your HTTP library correctly.)"
            ) from None
        if not isinstance(data, dict):
            raise invalid("The request body must be a JSON object.")
        return data


Result = tuple[int, Any]
Handler = Callable[[Store, Request], Result]


def _page(items: list[dict[str, Any]], after: str | None, limit: int, what: str) -> tuple[list[dict[str, Any]], bool]:
    start = 0
    if after:
        ids = [item["id"] for item in items]
        if after not in ids:
            raise invalid(f"Invalid 'after' cursor: no {what} with id {after}.", param="after")
        start = ids.index(after) + 1
    page = items[start : start + limit]
    return page, start + limit < len(items)


# -- files -------------------------------------------------------------------
def create_file(store: Store, req: Request) -> Result:
    """POST /files"""
    form = parse_form(req.content_type, req.body)
    if "file" not in form:
        raise invalid("Missing required parameter: 'file'.", param="file", code="missing_required_parameter")
    if "purpose" not in form:
        raise invalid("Missing required parameter: 'purpose'.", param="purpose", code="missing_required_parameter")
    part = form["file"]
    purpose = form["purpose"].value.decode("utf-8", "replace").strip()
    return 200, store.add_file(part.filename or "upload.jsonl", purpose, part.value).to_dict()


def list_files(store: Store, req: Request) -> Result:
    """GET /files"""
    order = req.arg("order") or "desc"
    if order not in ("asc", "desc"):
        raise invalid(f"Invalid value for 'order': {order!r}. Expected asc or desc.", param="order")
    limit, purpose = req.limit(10000, 10000), req.arg("purpose")
    with store.lock:
        store.refresh()
        files = sorted(store.files.values(), key=lambda f: (f.created, f.seq), reverse=order == "desc")
        items = [f.to_dict() for f in files if purpose is None or f.purpose == purpose]
    page, more = _page(items, req.arg("after"), limit, "file")
    return 200, {
        "object": "list",
        "data": page,
        "has_more": more,
        "first_id": page[0]["id"] if page else "",
        "last_id": page[-1]["id"] if page else "",
    }


def get_file(store: Store, req: Request) -> Result:
    """GET /files/{file_id}"""
    return 200, store.get_file(req.params["file_id"]).to_dict()


def delete_file(store: Store, req: Request) -> Result:
    """DELETE /files/{file_id}"""
    store.delete_file(req.params["file_id"])
    return 200, {"object": "file", "id": req.params["file_id"], "deleted": True}


def file_content(store: Store, req: Request) -> Result:
    """GET /files/{file_id}/content (raw bytes)"""
    return 200, store.get_file(req.params["file_id"]).content


# -- jobs --------------------------------------------------------------------
def create_job(store: Store, req: Request) -> Result:
    """POST /fine_tuning/jobs"""
    job = store.create_job(req.json())
    return 200, job.to_dict(store.clock.now())


def list_jobs(store: Store, req: Request) -> Result:
    """GET /fine_tuning/jobs"""
    limit = req.limit(20, 100)
    wanted: dict[str, str] = {}
    only_without = False
    for key, values in req.query.items():
        m = re.fullmatch(r"metadata\[(.+)\]", key)
        if m:
            wanted[m.group(1)] = values[-1]
        elif key == "metadata" and values[-1] == "null":
            only_without = True
    with store.lock:
        now = store.clock.now()
        jobs = sorted(store.jobs.values(), key=lambda j: (j.params.created, j.seq), reverse=True)
        items = []
        for job in jobs:
            meta = job.params.metadata
            if only_without and meta:
                continue
            if any((meta or {}).get(k) != v for k, v in wanted.items()):
                continue
            items.append(job.to_dict(now))
    page, more = _page(items, req.arg("after"), limit, "fine-tuning job")
    return 200, {"object": "list", "data": page, "has_more": more}


def get_job(store: Store, req: Request) -> Result:
    """GET /fine_tuning/jobs/{fine_tuning_job_id}"""
    with store.lock:
        return 200, store.get_job(req.params["fine_tuning_job_id"]).to_dict(store.clock.now())


def _action(kind: str) -> Handler:
    def handler(store: Store, req: Request) -> Result:
        with store.lock:
            job = store.act(req.params["fine_tuning_job_id"], kind)
            return 200, job.to_dict(store.clock.now())

    handler.__doc__ = f"POST /fine_tuning/jobs/{{fine_tuning_job_id}}/{kind}"
    return handler


def list_events(store: Store, req: Request) -> Result:
    """GET /fine_tuning/jobs/{fine_tuning_job_id}/events (newest first)"""
    limit = req.limit(20, 10000)
    with store.lock:
        job = store.get_job(req.params["fine_tuning_job_id"])
        page, more = job.event_page(store.clock.now(), req.arg("after"), limit)
    return 200, {"object": "list", "data": page, "has_more": more}


def list_checkpoints(store: Store, req: Request) -> Result:
    """GET /fine_tuning/jobs/{fine_tuning_job_id}/checkpoints (newest first)"""
    limit = req.limit(10, 100)
    with store.lock:
        items = store.get_job(req.params["fine_tuning_job_id"]).checkpoints(store.clock.now())
    page, more = _page(items, req.arg("after"), limit, "checkpoint")
    return 200, {
        "object": "list",
        "data": page,
        "has_more": more,
        "first_id": page[0]["id"] if page else None,
        "last_id": page[-1]["id"] if page else None,
    }


ROUTES: list[tuple[str, str, Handler]] = [
    ("POST", "/files", create_file),
    ("GET", "/files", list_files),
    ("GET", "/files/{file_id}", get_file),
    ("DELETE", "/files/{file_id}", delete_file),
    ("GET", "/files/{file_id}/content", file_content),
    ("POST", "/fine_tuning/jobs", create_job),
    ("GET", "/fine_tuning/jobs", list_jobs),
    ("GET", "/fine_tuning/jobs/{fine_tuning_job_id}", get_job),
    ("POST", "/fine_tuning/jobs/{fine_tuning_job_id}/cancel", _action("cancel")),
    ("POST", "/fine_tuning/jobs/{fine_tuning_job_id}/pause", _action("pause")),
    ("POST", "/fine_tuning/jobs/{fine_tuning_job_id}/resume", _action("resume")),
    ("GET", "/fine_tuning/jobs/{fine_tuning_job_id}/events", list_events),
    ("GET", "/fine_tuning/jobs/{fine_tuning_job_id}/checkpoints", list_checkpoints),
    ("POST", "/chat/completions", create_chat_completion),
    ("GET", "/models", list_models),
    ("GET", "/models/{model}", get_model),
    ("DELETE", "/models/{model}", delete_model),
]
"""``(method, path template as in the OpenAPI spec, handler)``."""

_COMPILED = [
    (method, template, re.compile("^" + re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(template)) + "$"), handler)
    for method, template, handler in ROUTES
]


def match_route(method: str, path: str) -> tuple[str, Handler, dict[str, str]]:
    """Find the route for ``method`` and ``path`` (relative to ``/v1``).

    Returns:
        ``(template, handler, path params)``.

    Raises:
        ApiError: 404 ``Invalid URL`` when nothing matches.
    """
    for verb, template, pattern, handler in _COMPILED:
        m = pattern.match(path)
        if m and verb == method:
            return template, handler, {k: unquote(v) for k, v in m.groupdict().items()}
    raise not_found(f"Invalid URL ({method} /v1{path})")
