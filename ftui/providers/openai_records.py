"""Build ftui records from OpenAI payloads: the one place that reads them.

Tolerates what the real API sends beyond its spec (PROVIDERS.md §0): ``error: {}``,
event ``data: null``, statuses ``pausing``/``paused``, metric keys present on
some steps only, unknown fields.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any, Mapping

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


def as_dict(obj: Any) -> dict[str, Any]:
    """An SDK model (or dict) as a plain dict, unknown fields included."""
    if obj is None:
        return {}
    if isinstance(obj, Mapping):
        return dict(obj)
    dump = getattr(obj, "model_dump", None)
    if dump is not None:
        return dump(mode="json", exclude_unset=False)
    return dict(vars(obj))


def timestamp(value: Any) -> datetime | None:
    """A unix timestamp as an aware UTC datetime (None stays None)."""
    if value in (None, 0, ""):
        return None
    try:
        return datetime.fromtimestamp(float(value), tz=timezone.utc)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def _error(raw: Any) -> JobError | None:
    if not isinstance(raw, Mapping):
        return None
    message = raw.get("message")
    if not message and not raw.get("code"):
        return None  # `error: {}` or all-null means no error
    return JobError(message=str(message or raw.get("code")), code=raw.get("code"), param=raw.get("param"))


def _hyperparameters(raw: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    method = raw.get("method") or {}
    kind = method.get("type") or "supervised"
    params = dict(((method.get(kind) or {}).get("hyperparameters")) or {})
    for key, value in (raw.get("hyperparameters") or {}).items():
        if params.get(key) is None:
            params[key] = value
    return kind, {k: v for k, v in params.items() if v is not None}


def job_from_openai(provider: str, kind: str, obj: Any) -> Job:
    """A :class:`Job` from a ``FineTuningJob`` (SDK object or dict)."""
    raw = as_dict(obj)
    native = str(raw.get("status") or "")
    method, params = _hyperparameters(raw)
    return Job(
        provider=provider,
        kind=kind,
        id=str(raw.get("id")),
        name=raw.get("user_provided_suffix") or raw.get("suffix"),
        base_model=str(raw.get("model") or ""),
        status=STATUS.get(native, JobStatus.UNKNOWN),
        native_status=native,
        created_at=timestamp(raw.get("created_at")),
        finished_at=timestamp(raw.get("finished_at")),
        estimated_finish=timestamp(raw.get("estimated_finish")),
        trained_tokens=raw.get("trained_tokens"),
        hyperparameters=params,
        method=method,
        training_file=raw.get("training_file"),
        validation_file=raw.get("validation_file"),
        fine_tuned_model=raw.get("fine_tuned_model"),
        error=_error(raw.get("error")),
        result_files=tuple(raw.get("result_files") or ()),
        raw=raw,
    )


def metric_from_data(data: Mapping[str, Any]) -> MetricPoint | None:
    """A :class:`MetricPoint` from a metrics event's ``data`` or a checkpoint's ``metrics``."""
    step = data.get("step")
    if step is None:
        return None
    values = {}
    for key in (*MetricPoint.METRIC_KEYS, "epoch"):
        value = data.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            values[key] = float(value)
    total = data.get("total_steps")
    return MetricPoint(step=int(step), total_steps=int(total) if isinstance(total, (int, float)) else None, **values)


def metric_from_message(message: str) -> MetricPoint | None:
    """Fallback: parse "Step 40/300: training loss=0.91, validation loss=1.02"."""
    match = _STEP_MESSAGE.match(message or "")
    if not match:
        return None
    values: dict[str, float] = {}
    for part in match.group(3).split(","):
        name, _, number = part.partition("=")
        key = _MESSAGE_KEYS.get(name.strip().lower())
        try:
            if key:
                values[key] = float(number)
        except ValueError:
            continue
    if not values:
        return None
    total = int(match.group(2)) if match.group(2) else None
    return MetricPoint(step=int(match.group(1)), total_steps=total, **values)


def event_from_openai(obj: Any) -> JobEvent:
    """A :class:`JobEvent` from a ``FineTuningJobEvent``."""
    raw = as_dict(obj)
    data = raw.get("data")
    kind = raw.get("type") or "message"
    metrics = None
    if isinstance(data, Mapping) and data:
        metrics = metric_from_data(data)
    if metrics is None and kind == "metrics":
        metrics = metric_from_message(str(raw.get("message") or ""))
    return JobEvent(
        id=str(raw.get("id")),
        created_at=timestamp(raw.get("created_at")),
        level=str(raw.get("level") or "info"),
        message=str(raw.get("message") or ""),
        type=kind,
        metrics=metrics,
        raw=raw,
    )


def checkpoint_from_openai(obj: Any) -> Checkpoint:
    """A :class:`Checkpoint` from a ``FineTuningJobCheckpoint``."""
    raw = as_dict(obj)
    step = int(raw.get("step_number") or 0)
    metrics = dict(raw.get("metrics") or {})
    metrics.setdefault("step", step)
    return Checkpoint(
        id=str(raw.get("id")),
        step=step,
        model=str(raw.get("fine_tuned_model_checkpoint") or ""),
        created_at=timestamp(raw.get("created_at")),
        metrics=metric_from_data(metrics),
        raw=raw,
    )


def file_from_openai(obj: Any) -> RemoteFile:
    """A :class:`RemoteFile` from a ``FileObject``."""
    raw = as_dict(obj)
    return RemoteFile(
        id=str(raw.get("id")),
        filename=str(raw.get("filename") or ""),
        bytes=raw.get("bytes"),
        created_at=timestamp(raw.get("created_at")),
        purpose=raw.get("purpose"),
        status=raw.get("status"),
        raw=raw,
    )
