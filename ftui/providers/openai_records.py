"""Build ftui records from OpenAI payloads: the one place that reads them.

Tolerates what the real API sends beyond its spec (docs/openai-fine-tuning.md#what-the-real-api-sends): ``error: {}``,
event ``data: null``, statuses ``pausing``/``paused``, metric keys present on
some steps only, unknown fields; and what a hostile or broken server sends: nulls
and wrong types in any field (the field becomes unknown and the record notes it in
``problems``), NaN and infinities (dropped), megabyte strings (capped). Only an
item that is not an object, or has no id, is unusable: the ``…_from_items``
functions skip it and count it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, TypeVar

from ftui.providers import tolerant as t
from ftui.providers.errors import BadResponseError
from ftui.providers.records import (
    Checkpoint,
    Job,
    JobError,
    JobEvent,
    JobStatus,
    MetricPoint,
    RemoteFile,
)

STATUS: Mapping[str, JobStatus] = {
    "validating_files": JobStatus.PENDING,
    "queued": JobStatus.QUEUED,
    "running": JobStatus.RUNNING,
    "pausing": JobStatus.PAUSING,
    "paused": JobStatus.PAUSED,
    "succeeded": JobStatus.SUCCEEDED,
    "failed": JobStatus.FAILED,
    "cancelled": JobStatus.CANCELLED,
}
"""OpenAI's native job statuses; anything else becomes ``UNKNOWN``."""

_STEP_MESSAGE = re.compile(r"Step (\d+)(?:/(\d+))?:\s*(.*)")
_MESSAGE_KEYS = {
    "training loss": "train_loss",
    "validation loss": "valid_loss",
    "full validation loss": "full_valid_loss",
}


T = TypeVar("T")


def as_dict(obj: Any) -> dict[str, Any] | None:
    """An SDK model (or dict) as a plain dict, unknown fields included; None when it is not an object."""
    if obj is None:
        return None
    if isinstance(obj, (dict, Mapping)):
        return dict(obj)
    dump = getattr(obj, "model_dump", None)
    if dump is not None:
        try:  # python mode, no warnings: wrong-typed fields come out as sent, silently
            dumped = dump(mode="python", warnings=False)
        except Exception:  # noqa: BLE001 - a payload pydantic cannot even dump
            dumped = dict(getattr(obj, "__dict__", {}))
        return dumped if isinstance(dumped, dict) else None
    return None


def timestamp(value: Any) -> datetime | None:
    """A unix timestamp as an aware UTC datetime (None, 0, junk and out-of-range values give None)."""
    if value in (None, 0, "") or isinstance(value, bool):
        return None
    seconds = t.number(value)
    if seconds is None:
        return None
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (ValueError, OverflowError, OSError):
        return None


def _when(raw: Mapping[str, Any], key: str, problems: list[str]) -> datetime | None:
    value = raw.get(key)
    moment = timestamp(value)
    if moment is None and value not in (None, 0, ""):
        problems.append(f"{key} is not a time ({t.brief(value)})")
    return moment


def _error(raw: Any) -> JobError | None:
    if isinstance(raw, str):
        return JobError(message=t.cap(raw, t.MESSAGE_LIMIT)) if raw.strip() else None
    if not isinstance(raw, (dict, Mapping)):
        return None
    message = t.text(raw.get("message"), t.MESSAGE_LIMIT)
    code = t.text(raw.get("code"))
    if not message and not code:
        return None  # `error: {}` or all-null means no error
    return JobError(message=message or code or "", code=code, param=t.text(raw.get("param")))


def _hyperparameters(raw: Mapping[str, Any], problems: list[str]) -> tuple[str, dict[str, Any]]:
    method = raw.get("method")
    if isinstance(method, str) and method.strip():  # a bare method name instead of an object
        method = {"type": method}
    method = t.mapping(method, problems, "method")
    kind = t.text(method.get("type"), 40) or ""  # not sent: unknown ("—"), never a guess
    section = t.mapping(method.get(kind), problems, f"method.{kind}") if method.get(kind) is not None else {}
    params = dict(t.mapping(section.get("hyperparameters"), problems, "method hyperparameters"))
    legacy = raw.get("hyperparameters")
    for key, value in t.mapping(legacy, problems, "hyperparameters").items():
        if params.get(key) is None:
            params[key] = value
    clean = {t.cap(str(k), 60): t.plain(v) for k, v in list(params.items())[:50] if v is not None}
    # Scalars stay as they are; text and anything nested is shown as short text.
    return kind, {k: (v if isinstance(v, (bool, int, float)) or v is None else t.cap(str(v))) for k, v in clean.items()}


def job_from_openai(provider: str, kind: str, obj: Any, job_id: str | None = None) -> Job:
    """A :class:`Job` from a ``FineTuningJob`` (SDK object or dict).

    Unreadable fields become unknown and are listed in ``Job.problems``. ``job_id``
    (the id asked for) stands in for a missing id.

    Raises:
        BadResponseError: the payload is not an object, or has no id and none was given.
    """
    raw = as_dict(obj)
    if raw is None:
        raise BadResponseError(f"the server sent {t.brief(obj)} where a job object was expected.")
    problems: list[str] = []
    sent = raw.get("id")
    # The id asked for wins over one of the wrong type (a number, a list): calls go on using it.
    ident = (t.ident(sent) if isinstance(sent, str) else None) or job_id or t.ident(sent, problems)
    if job_id is not None and not isinstance(sent, str):
        t.ident(sent, problems)
    if ident is None:
        raise BadResponseError("the server sent a job without an id.")
    native = t.text(raw.get("status"), 40, problems, "status") or ""
    method, params = _hyperparameters(raw, problems)
    name = t.text(raw.get("user_provided_suffix"), problems=problems, name="suffix") or t.text(raw.get("suffix"))
    return Job(
        provider=provider,
        kind=kind,
        id=ident,
        name=name,
        base_model=t.text(raw.get("model"), problems=problems, name="model") or "",
        status=STATUS.get(native, JobStatus.UNKNOWN),
        native_status=native,
        created_at=_when(raw, "created_at", problems),
        finished_at=_when(raw, "finished_at", problems),
        estimated_finish=_when(raw, "estimated_finish", problems),
        trained_tokens=t.integer(raw.get("trained_tokens"), problems, "trained_tokens"),
        hyperparameters=params,
        method=method,
        training_file=t.ident(raw.get("training_file"), problems, "training_file"),
        validation_file=t.ident(raw.get("validation_file"), problems, "validation_file"),
        fine_tuned_model=t.text(raw.get("fine_tuned_model"), t.ID_LIMIT, problems, "fine_tuned_model"),
        error=_error(raw.get("error")),
        result_files=t.texts(raw.get("result_files"), problems=problems, name="result_files"),
        raw=t.plain(raw),
        problems=tuple(problems),
    )


def metric_from_data(data: Mapping[str, Any], problems: list[str] | None = None) -> MetricPoint | None:
    """A :class:`MetricPoint` from a metrics event's ``data`` or a checkpoint's ``metrics``.

    None when the step is missing or unreadable. Values that are not finite numbers are left out.
    """
    if not isinstance(data, (dict, Mapping)):
        return None
    step = t.integer(data.get("step"), problems, "data.step")
    if step is None:
        return None
    values = {}
    for key in (*MetricPoint.METRIC_KEYS, "epoch"):
        value = t.number(data.get(key), problems, key)
        if value is not None:
            values[key] = value
    total = t.integer(data.get("total_steps"), problems, "total_steps")
    return MetricPoint(step=step, total_steps=total, **values)


def metric_from_message(message: str) -> MetricPoint | None:
    """Fallback: parse "Step 40/300: training loss=0.91, validation loss=1.02" (non-finite values left out)."""
    match = _STEP_MESSAGE.match((message or "")[:2000])
    if not match:
        return None
    values: dict[str, float] = {}
    for part in match.group(3).split(","):
        name, _, number = part.partition("=")
        key = _MESSAGE_KEYS.get(name.strip().lower())
        value = t.number(number) if key else None
        if key and value is not None:
            values[key] = value
    if not values:
        return None
    total = int(match.group(2)) if match.group(2) else None
    return MetricPoint(step=int(match.group(1)), total_steps=total, **values)


def event_from_openai(obj: Any) -> JobEvent:
    """A :class:`JobEvent` from a ``FineTuningJobEvent``.

    Raises:
        BadResponseError: the payload is not an object or has no id (it cannot be a cursor).
    """
    raw = as_dict(obj)
    if raw is None:
        raise BadResponseError(f"the server sent {t.brief(obj)} where an event was expected.")
    problems: list[str] = []
    ident = t.ident(raw.get("id"), problems)
    if ident is None:
        raise BadResponseError("the server sent an event without an id.")
    data = raw.get("data")
    kind = t.text(raw.get("type"), 40, problems, "type") or "message"
    message = t.text(raw.get("message"), t.MESSAGE_LIMIT, problems, "message") or ""
    metrics = None
    if isinstance(data, (dict, Mapping)) and data:
        metrics = metric_from_data(data, problems)
    elif data not in (None, {}, ""):
        problems.append(f"data is not an object ({t.brief(data)})")
    if metrics is None and kind == "metrics":
        metrics = metric_from_message(message)
    return JobEvent(
        id=ident,
        created_at=_when(raw, "created_at", problems),
        level=t.text(raw.get("level"), 20, problems, "level") or "info",
        message=message,
        type=kind,
        metrics=metrics,
        raw=t.plain(raw),
        problems=tuple(problems),
    )


def checkpoint_from_openai(obj: Any) -> Checkpoint:
    """A :class:`Checkpoint` from a ``FineTuningJobCheckpoint``.

    Raises:
        BadResponseError: not an object, no id, or no readable step (neither ``step_number`` nor ``metrics.step``).
    """
    raw = as_dict(obj)
    if raw is None:
        raise BadResponseError(f"the server sent {t.brief(obj)} where a checkpoint was expected.")
    problems: list[str] = []
    ident = t.ident(raw.get("id"), problems)
    if ident is None:
        raise BadResponseError("the server sent a checkpoint without an id.")
    metrics = t.mapping(raw.get("metrics"), problems, "metrics") if raw.get("metrics") is not None else {}
    step = t.integer(raw.get("step_number"), problems, "step_number")
    if step is None:
        step = t.integer(metrics.get("step"))
    if step is None:
        raise BadResponseError(f"checkpoint {ident} has no readable step_number.")
    if metrics.get("step") is None:
        metrics["step"] = step
    return Checkpoint(
        id=ident,
        step=step,
        model=t.text(raw.get("fine_tuned_model_checkpoint"), t.ID_LIMIT, problems, "fine_tuned_model_checkpoint") or "",
        created_at=_when(raw, "created_at", problems),
        metrics=metric_from_data(metrics, problems),
        raw=t.plain(raw),
        problems=tuple(problems),
    )


def file_from_openai(obj: Any) -> RemoteFile:
    """A :class:`RemoteFile` from a ``FileObject``.

    Raises:
        BadResponseError: the payload is not an object or has no id.
    """
    raw = as_dict(obj)
    if raw is None:
        raise BadResponseError(f"the server sent {t.brief(obj)} where a file object was expected.")
    problems: list[str] = []
    ident = t.ident(raw.get("id"), problems)
    if ident is None:
        raise BadResponseError("the server sent a file without an id.")
    size = t.integer(raw.get("bytes"), problems, "bytes")
    return RemoteFile(
        id=ident,
        filename=t.text(raw.get("filename"), problems=problems, name="filename") or "",
        bytes=size if size is None or size >= 0 else None,
        created_at=_when(raw, "created_at", problems),
        purpose=t.text(raw.get("purpose"), 40, problems, "purpose"),
        status=t.text(raw.get("status"), 40, problems, "status"),
        raw=t.plain(raw),
        problems=tuple(problems),
    )


def from_items(items: Any, build: Callable[[Any], T], what: str) -> tuple[list[T], list[str]]:
    """Build a record from each item of a list page, skipping the unusable ones.

    Returns the records and notes: one for the skipped items (with a count), and one
    per record with unreadable fields. ``data: null`` (or any non-list) is an empty page.
    """
    if items is None:
        return [], []
    if not isinstance(items, (list, tuple)):
        return [], [f"the server sent {t.brief(items)} where a list of {what}s was expected; nothing shown"]
    records: list[T] = []
    notes: list[str] = []
    reasons: dict[str, int] = {}
    for item in items:
        try:
            record = build(item)
        except BadResponseError as error:
            reason = error.message.removeprefix("the server sent ").rstrip(".")
            reasons[reason] = reasons.get(reason, 0) + 1
            continue
        records.append(record)
        problems = getattr(record, "problems", ())
        if problems:
            notes.append(
                f"{what} {getattr(record, 'id', '?')}: {'; '.join(problems[:3])}"
                + (f" (+{len(problems) - 3} more)" if len(problems) > 3 else "")
            )
    skipped = sum(reasons.values())
    if skipped:
        why = "; ".join(t.cap(reason, 80) for reason in list(reasons)[:3])
        notes.insert(0, t.skipped_note(skipped, what, "a list page", why))
    return records, notes


def jobs_from_items(provider: str, kind: str, items: Iterable[Any] | Any) -> tuple[list[Job], list[str]]:
    """:func:`from_items` for jobs."""
    return from_items(items, lambda item: job_from_openai(provider, kind, item), "job")


def item_id(obj: Any) -> str | None:
    """The id of a list item (SDK object or dict), or None when it has none (for cursors)."""
    value = obj.get("id") if isinstance(obj, (dict, Mapping)) else getattr(obj, "id", None)
    return t.ident(value)
