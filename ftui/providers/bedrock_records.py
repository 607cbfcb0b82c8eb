"""Bedrock payloads to ftui records: the one place Bedrock dicts are read.

``job_from_bedrock`` takes a ``get_model_customization_job`` response or a
``list_model_customization_jobs`` summary; ``events_from_job`` synthesizes the
event log Bedrock does not have; ``file_from_s3`` builds dataset files from
S3 objects. Nothing here imports boto3.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any, Mapping

from ftui.providers.records import Job, JobError, JobEvent, JobStatus, RemoteFile, TimelineStage

_BEDROCK_STATUS: Mapping[str, JobStatus] = {
    "InProgress": JobStatus.RUNNING,
    "Completed": JobStatus.SUCCEEDED,
    "Failed": JobStatus.FAILED,
    # Stopping is "being cancelled": still active, so keep polling until it is Stopped.
    "Stopping": JobStatus.RUNNING,
    "Stopped": JobStatus.CANCELLED,
}
"""Bedrock job status → normalized status (anything else is UNKNOWN)."""

_STAGES = (
    ("validation", "validationDetails"),
    ("data processing", "dataProcessingDetails"),
    ("training", "trainingDetails"),
)
"""Timeline stages in order: (ftui name, ``statusDetails`` key)."""

_STAGE_ENDS = ("Completed", "Failed", "Stopped")
"""Stage statuses that end a stage."""


def aware(value: Any) -> datetime | None:
    """A timezone-aware datetime; naive ones (moto) are taken as local time."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return None
    if not isinstance(value, datetime):
        return None
    return value if value.tzinfo is not None else value.astimezone()


def job_status(native: str, status_details: Mapping[str, Any] | None = None) -> JobStatus:
    """Normalize a Bedrock job status; an in-progress job still validating is PENDING."""
    status = _BEDROCK_STATUS.get(native, JobStatus.UNKNOWN)
    if status is JobStatus.RUNNING and native == "InProgress" and status_details:
        validation = (status_details.get("validationDetails") or {}).get("status")
        if validation in ("NotStarted", "InProgress"):
            return JobStatus.PENDING
    return status


def model_id(arn_or_id: str) -> str:
    """The model id of a foundation-model ARN (or the id itself)."""
    return arn_or_id.rsplit("/", 1)[-1] if arn_or_id.startswith("arn:") else arn_or_id


def output_dir(payload: Mapping[str, Any]) -> str | None:
    """The job's own S3 output folder (``…/model-customization-job-<id>/``), when known."""
    base = (payload.get("outputDataConfig") or {}).get("s3Uri")
    arn = payload.get("jobArn")
    if not base or not arn:
        return None
    return f"{base.rstrip('/')}/model-customization-job-{arn.rsplit('/', 1)[-1]}/"


def _number(value: Any) -> Any:
    """A string hyperparameter as an int or float where it parses, else unchanged."""
    if not isinstance(value, str):
        return value
    for parse in (int, float):
        try:
            return parse(value)
        except ValueError:
            continue
    return value


def _timeline(details: Mapping[str, Any] | None) -> tuple[TimelineStage, ...]:
    """``statusDetails`` as ordered stages (absent stages are left out)."""
    stages = []
    for name, key in _STAGES:
        stage = (details or {}).get(key)
        if stage and stage.get("status"):
            stages.append(
                TimelineStage(
                    name=name,
                    status=str(stage["status"]),
                    started_at=aware(stage.get("creationTime")),
                    updated_at=aware(stage.get("lastModifiedTime")),
                )
            )
    return tuple(stages)


def _loss(value: Any) -> float | None:
    """A loss value as a float, or None."""
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def job_from_bedrock(profile_name: str, payload: Mapping[str, Any]) -> Job:
    """Build a :class:`Job` from a Bedrock job (get response or list summary).

    ``Job.id`` is the job name, which both real Bedrock and moto accept; the
    ARN stays in ``raw``. Final losses and the output model are only reported
    once the job has completed; the failure message only when it failed.
    """
    raw = {k: v for k, v in payload.items() if k != "ResponseMetadata"}
    native = str(raw.get("status") or "")
    details = raw.get("statusDetails")
    status = job_status(native, details)
    validators = (raw.get("validationDataConfig") or {}).get("validators") or []
    valid_losses = [_loss(v.get("validationLoss")) for v in raw.get("validationMetrics") or [] if isinstance(v, Mapping)]
    succeeded = status is JobStatus.SUCCEEDED
    ended = status.is_terminal
    error = None
    if status is JobStatus.FAILED:
        error = JobError(message=str(raw.get("failureMessage") or "The job failed; Bedrock gave no reason."))
    output = output_dir(raw)
    return Job(
        provider=profile_name,
        kind="bedrock",
        id=str(raw.get("jobName") or raw.get("jobArn") or ""),
        name=raw.get("jobName"),
        base_model=model_id(str(raw.get("baseModelArn") or raw.get("baseModelIdentifier") or "")),
        status=status,
        native_status=native,
        created_at=aware(raw.get("creationTime")),
        finished_at=aware(raw.get("endTime") or raw.get("lastModifiedTime")) if ended else None,
        hyperparameters={k: _number(v) for k, v in (raw.get("hyperParameters") or {}).items()},
        method=str(raw.get("customizationType") or "FINE_TUNING").lower(),
        training_file=(raw.get("trainingDataConfig") or {}).get("s3Uri"),
        validation_file=validators[0].get("s3Uri") if validators else None,
        fine_tuned_model=(raw.get("outputModelArn") or raw.get("customModelArn")) if succeeded else None,
        error=error,
        result_files=(output,) if succeeded and output else (),
        timeline=_timeline(details),
        final_train_loss=_loss((raw.get("trainingMetrics") or {}).get("trainingLoss")) if succeeded else None,
        final_valid_loss=next((v for v in valid_losses if v is not None), None) if succeeded else None,
        raw=raw,
    )


def events_from_job(job: Job) -> list[JobEvent]:
    """The job's synthesized event log, oldest first, append-only as the job moves on.

    Ids are ``bedrock:<stage>:<what>`` so a "since" cursor stays valid between polls.
    """
    events = [JobEvent(id="bedrock:job:created", created_at=job.created_at, level="info", message=f"Created job {job.name}.")]
    for stage in job.timeline:
        if stage.status == "NotStarted":
            continue
        key = stage.name.replace(" ", "-")
        events.append(JobEvent(id=f"bedrock:{key}:started", created_at=stage.started_at, level="info", message=f"{stage.name.capitalize()} started."))
        if stage.status in _STAGE_ENDS:
            level = "error" if stage.status == "Failed" else "info"
            events.append(JobEvent(id=f"bedrock:{key}:{stage.status.lower()}", created_at=stage.updated_at, level=level, message=f"{stage.name.capitalize()} {stage.status.lower()}."))
    if job.native_status in ("Stopping", "Stopped"):
        stop_time = aware(job.raw.get("lastModifiedTime")) if job.native_status == "Stopping" else job.finished_at
        events.append(JobEvent(id="bedrock:job:stopping", created_at=stop_time, level="warn", message="Stop requested."))
    if job.status.is_terminal:
        text = {
            JobStatus.SUCCEEDED: f"Job completed; model {job.fine_tuned_model or '(unnamed)'}.",
            JobStatus.FAILED: f"Job failed: {job.error.message if job.error else 'no reason given'}",
            JobStatus.CANCELLED: "Job stopped.",
        }[job.status]
        level = {JobStatus.FAILED: "error", JobStatus.CANCELLED: "warn"}.get(job.status, "info")
        events.append(JobEvent(id=f"bedrock:job:{job.native_status.lower()}", created_at=job.finished_at, level=level, message=text))
    return _monotonic(events)


def _monotonic(events: list[JobEvent]) -> list[JobEvent]:
    """Fill missing times from the event before and never let time run backwards."""
    out: list[JobEvent] = []
    for event in events:
        previous = out[-1].created_at if out else None
        if previous is not None and (event.created_at is None or event.created_at < previous):
            event = replace(event, created_at=previous)
        out.append(event)
    return out


def events_since(events: list[JobEvent], since: str | None) -> list[JobEvent]:
    """The events after the one with id ``since`` (all of them when it is None or unknown)."""
    ids = [event.id for event in events]
    return events[ids.index(since) + 1 :] if since in ids else list(events)


def file_from_s3(bucket: str, key: str, payload: Mapping[str, Any]) -> RemoteFile:
    """A :class:`RemoteFile` from an S3 ``head_object`` response or ``list_objects_v2`` entry."""
    raw = {k: v for k, v in payload.items() if k != "ResponseMetadata"}
    size = raw.get("Size", raw.get("ContentLength"))
    return RemoteFile(
        id=f"s3://{bucket}/{key}",
        filename=key.rsplit("/", 1)[-1],
        bytes=int(size) if size is not None else None,
        created_at=aware(raw.get("LastModified")),
        purpose="fine-tune",
        status="uploaded",
        raw=raw,
    )
