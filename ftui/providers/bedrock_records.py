"""Bedrock payloads to ftui records: the one place Bedrock dicts are read.

``job_from_bedrock`` takes a ``get_model_customization_job`` response or a
``list_model_customization_jobs`` summary; ``events_from_job`` synthesizes the
event log Bedrock does not have; ``file_from_s3`` builds dataset files from
S3 objects. Nothing here imports boto3.

Like the OpenAI records, these never raise on a malformed response: a field of
the wrong type becomes unknown (listed in ``problems``), strings are capped and
NaN or infinite losses are left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any

from ftui.providers import tolerant as t
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
            value = datetime.fromisoformat(value[:64])
        except ValueError:
            return None
    if not isinstance(value, datetime):
        return None
    try:
        return value if value.tzinfo is not None else value.astimezone()
    except (OverflowError, OSError, ValueError):  # year 1 or 9999 in a local zone
        return None


def tolerant_timestamp(value: Any) -> datetime | None:
    """botocore's timestamp parser, except that a value it cannot read is None (unknown), not an error."""
    from botocore.utils import parse_timestamp

    try:
        return parse_timestamp(value)
    except (ValueError, TypeError, OverflowError, OSError):
        return None


def tolerate_timestamps(session: Any) -> None:
    """Make a boto3 session's clients read unparseable timestamps as None, so one bad date loses no list."""
    try:
        factory = session._session.get_component("response_parser_factory")
        factory.set_parser_defaults(timestamp_parser=tolerant_timestamp)
    except (AttributeError, KeyError, ValueError):  # another botocore: keep its own parser
        pass


def job_status(native: str, status_details: Mapping[str, Any] | None = None) -> JobStatus:
    """Normalize a Bedrock job status; an in-progress job still validating is PENDING."""
    status = _BEDROCK_STATUS.get(native, JobStatus.UNKNOWN)
    if status is JobStatus.RUNNING and native == "InProgress" and isinstance(status_details, Mapping):
        validation = t.mapping(status_details.get("validationDetails")).get("status")
        if validation in ("NotStarted", "InProgress"):
            return JobStatus.PENDING
    return status


def model_id(arn_or_id: str) -> str:
    """The model id of a foundation-model ARN (or the id itself)."""
    return arn_or_id.rsplit("/", 1)[-1] if arn_or_id.startswith("arn:") else arn_or_id


def output_dir(payload: Mapping[str, Any]) -> str | None:
    """The job's own S3 output folder (``…/model-customization-job-<id>/``), when known."""
    base = t.text(t.mapping(payload.get("outputDataConfig")).get("s3Uri"), t.ID_LIMIT)
    arn = t.text(payload.get("jobArn"), t.ID_LIMIT)
    if not base or not arn:
        return None
    return f"{base.rstrip('/')}/model-customization-job-{arn.rsplit('/', 1)[-1]}/"


def _number(value: Any) -> Any:
    """A string hyperparameter as an int or float where it parses, else unchanged."""
    if not isinstance(value, str):
        return t.plain(value)
    value = t.cap(value)
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
        stage = t.mapping(t.mapping(details).get(key))
        status = t.text(stage.get("status"), 40)
        if status:
            stages.append(
                TimelineStage(
                    name=name,
                    status=status,
                    started_at=aware(stage.get("creationTime")),
                    updated_at=aware(stage.get("lastModifiedTime")),
                )
            )
    return tuple(stages)


def _loss(value: Any) -> float | None:
    """A loss value as a finite float, or None."""
    return t.number(value) if isinstance(value, (int, float)) else None


def job_from_bedrock(profile_name: str, payload: Mapping[str, Any]) -> Job:
    """Build a :class:`Job` from a Bedrock job (get response or list summary).

    ``Job.id`` is the job name, which both real Bedrock and moto accept; the
    ARN stays in ``raw``. Final losses and the output model are only reported
    once the job has completed; the failure message only when it failed.
    """
    raw = {k: v for k, v in t.mapping(payload).items() if k != "ResponseMetadata"}
    problems: list[str] = []
    native = t.text(raw.get("status"), 40, problems, "status") or ""
    details = t.mapping(raw.get("statusDetails"), problems, "statusDetails") if raw.get("statusDetails") else None
    status = job_status(native, details)
    validators = raw.get("validationDataConfig")
    validators = t.mapping(validators, problems, "validationDataConfig").get("validators") if validators else None
    validators = [v for v in validators if isinstance(v, Mapping)] if isinstance(validators, list) else []
    metrics = raw.get("validationMetrics")
    valid_losses = (
        [_loss(v.get("validationLoss")) for v in metrics if isinstance(v, Mapping)] if isinstance(metrics, list) else []
    )
    succeeded = status is JobStatus.SUCCEEDED
    ended = status.is_terminal
    error = None
    if status is JobStatus.FAILED:
        reason = t.text(raw.get("failureMessage"), t.MESSAGE_LIMIT)
        error = JobError(message=reason or "The job failed; Bedrock gave no reason.")
    output = output_dir(raw)
    name = t.text(raw.get("jobName"), t.ID_LIMIT, problems, "jobName")
    base = t.text(raw.get("baseModelArn"), t.ID_LIMIT) or t.text(raw.get("baseModelIdentifier"), t.ID_LIMIT) or ""
    params = raw.get("hyperParameters")
    params = t.mapping(params, problems, "hyperParameters") if params is not None else {}
    model = t.text(raw.get("outputModelArn"), t.ID_LIMIT) or t.text(raw.get("customModelArn"), t.ID_LIMIT)
    return Job(
        provider=profile_name,
        kind="bedrock",
        id=name or t.text(raw.get("jobArn"), t.ID_LIMIT) or "",
        name=name,
        base_model=model_id(base),
        status=status,
        native_status=native,
        created_at=aware(raw.get("creationTime")),
        finished_at=aware(raw.get("endTime") or raw.get("lastModifiedTime")) if ended else None,
        hyperparameters={t.cap(str(k), 60): _number(v) for k, v in params.items()},
        method=(t.text(raw.get("customizationType"), 40, problems, "customizationType") or "").lower(),
        training_file=t.text(t.mapping(raw.get("trainingDataConfig")).get("s3Uri"), t.ID_LIMIT),
        validation_file=t.text(validators[0].get("s3Uri"), t.ID_LIMIT) if validators else None,
        fine_tuned_model=model if succeeded else None,
        error=error,
        result_files=(output,) if succeeded and output else (),
        timeline=_timeline(details),
        final_train_loss=_loss(t.mapping(raw.get("trainingMetrics")).get("trainingLoss")) if succeeded else None,
        final_valid_loss=next((v for v in valid_losses if v is not None), None) if succeeded else None,
        raw=raw,
        problems=tuple(problems),
    )


def jobs_from_bedrock(profile_name: str, summaries: Any) -> tuple[list[Job], list[str]]:
    """Jobs from ``modelCustomizationJobSummaries``, skipping (and counting) entries with no name or ARN."""
    if not isinstance(summaries, list):
        return [], ([] if summaries is None else [f"Bedrock sent {t.brief(summaries)} where a job list was expected"])
    jobs = [job_from_bedrock(profile_name, item) for item in summaries if isinstance(item, Mapping)]
    usable = [job for job in jobs if job.id]
    notes = [f"job {job.id}: {'; '.join(job.problems[:3])}" for job in usable if job.problems]
    skipped = len(summaries) - len(usable)
    if skipped:
        notes.insert(0, t.skipped_note(skipped, "job", "a Bedrock job list", "not an object, or no name or ARN"))
    return usable, notes


def events_from_job(job: Job) -> list[JobEvent]:
    """The job's synthesized event log, oldest first, append-only as the job moves on.

    Ids are ``bedrock:<stage>:<what>`` so a "since" cursor stays valid between polls.
    """
    events = [
        JobEvent(
            id="bedrock:job:created",
            created_at=job.created_at,
            level="info",
            message=f"Created job {job.name or job.id}.",
        )
    ]
    for stage in job.timeline:
        if stage.status == "NotStarted":
            continue
        key = stage.name.replace(" ", "-")
        events.append(
            JobEvent(
                id=f"bedrock:{key}:started",
                created_at=stage.started_at,
                level="info",
                message=f"{stage.name.capitalize()} started.",
            )
        )
        if stage.status in _STAGE_ENDS:
            level = "error" if stage.status == "Failed" else "info"
            events.append(
                JobEvent(
                    id=f"bedrock:{key}:{stage.status.lower()}",
                    created_at=stage.updated_at,
                    level=level,
                    message=f"{stage.name.capitalize()} {stage.status.lower()}.",
                )
            )
    if job.native_status in ("Stopping", "Stopped"):
        stop_time = aware(job.raw.get("lastModifiedTime")) if job.native_status == "Stopping" else job.finished_at
        events.append(
            JobEvent(id="bedrock:job:stopping", created_at=stop_time, level="warn", message="Stop requested.")
        )
    if job.status.is_terminal:
        text = {
            JobStatus.SUCCEEDED: f"Job completed; model {job.fine_tuned_model or '(unnamed)'}.",
            JobStatus.FAILED: f"Job failed: {job.error.message if job.error else 'no reason given'}",
            JobStatus.CANCELLED: "Job stopped.",
        }[job.status]
        level = {JobStatus.FAILED: "error", JobStatus.CANCELLED: "warn"}.get(job.status, "info")
        events.append(
            JobEvent(
                id=f"bedrock:job:{job.native_status.lower()}", created_at=job.finished_at, level=level, message=text
            )
        )
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
    raw = {k: v for k, v in t.mapping(payload).items() if k != "ResponseMetadata"}
    size = t.integer(raw.get("Size", raw.get("ContentLength")))
    key = str(key)
    return RemoteFile(
        id=f"s3://{bucket}/{key}",
        filename=t.cap(key.rsplit("/", 1)[-1]),
        bytes=size if size is None or size >= 0 else None,
        created_at=aware(raw.get("LastModified")),
        purpose="fine-tune",
        status="uploaded",
        raw=raw,
    )
