"""Bedrock payload mapping, naming, catalog and error translation (no server needed)."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import UTC, datetime

import pytest
from botocore.exceptions import ClientError, EndpointConnectionError, NoCredentialsError, ParamValidationError

from ftui.providers import make_provider
from ftui.providers.bedrock_catalog import hyperparameter_strings, job_name
from ftui.providers.bedrock_provider import BedrockProvider, translate_error
from ftui.providers.bedrock_records import events_from_job, events_since, job_from_bedrock
from ftui.providers.errors import (
    AuthError,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnavailableError,
)
from ftui.providers.profiles import Profile
from ftui.providers.records import JobStatus

UTC = UTC
ARN = (
    "arn:aws:bedrock:us-west-2:123456789012:model-customization-job/"
    "anthropic.claude-3-haiku-20240307-v1:0:200k/abc123def456"
)
PROFILE = Profile("bedrock-unit", "bedrock", {"region": "us-west-2", "role_arn": "arn:aws:iam::123456789012:role/r"})


def _payload(status: str, **extra: object) -> dict:
    base = {
        "jobArn": ARN,
        "jobName": "run-1",
        "status": status,
        "baseModelArn": "arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-haiku-20240307-v1:0:200k",
        "creationTime": datetime(2026, 11, 1, 9, 0, tzinfo=UTC),
        "lastModifiedTime": datetime(2026, 11, 1, 10, 0, tzinfo=UTC),
        "endTime": datetime(2026, 11, 1, 11, 0, tzinfo=UTC),
        "failureMessage": "Failure Message",
        "outputModelArn": "arn:aws:bedrock:us-west-2:123456789012:custom-model/m",
        "outputDataConfig": {"s3Uri": "s3://b/out"},
        "trainingMetrics": {"trainingLoss": 0.3},
        "validationMetrics": [{"validationLoss": 0.5}, {"validationLoss": 0.7}],
        "hyperParameters": {"epochCount": "2", "learningRateMultiplier": "0.5", "note": "x"},
        "customizationType": "FINE_TUNING",
    }
    return {**base, **extra}


@pytest.mark.parametrize(
    ("native", "status", "has_error", "has_model"),
    [
        ("InProgress", JobStatus.RUNNING, False, False),
        ("Stopping", JobStatus.RUNNING, False, False),
        ("Completed", JobStatus.SUCCEEDED, False, True),
        ("Failed", JobStatus.FAILED, True, False),
        ("Stopped", JobStatus.CANCELLED, False, False),
        ("Exploded", JobStatus.UNKNOWN, False, False),
    ],
)
def test_status_table(native: str, status: JobStatus, has_error: bool, has_model: bool) -> None:
    job = job_from_bedrock("p", _payload(native))
    assert (job.status, job.native_status) == (status, native)
    assert (job.error is not None) == has_error and (job.fine_tuned_model is not None) == has_model
    assert (job.finished_at is not None) == status.is_terminal
    assert (job.final_train_loss, job.final_valid_loss) == ((0.3, 0.5) if has_model else (None, None))


def test_fields_from_a_get_response() -> None:
    job = job_from_bedrock("p", _payload("Completed", ResponseMetadata={"HTTPStatusCode": 200}))
    assert (job.id, job.name, job.kind, job.provider) == ("run-1", "run-1", "bedrock", "p")
    assert job.base_model == "anthropic.claude-3-haiku-20240307-v1:0:200k"
    assert job.hyperparameters == {"epochCount": 2, "learningRateMultiplier": 0.5, "note": "x"}
    assert job.method == "fine_tuning" and "ResponseMetadata" not in job.raw and job.raw["jobArn"] == ARN
    assert job.result_files == ("s3://b/out/model-customization-job-abc123def456/",)


def test_list_summary_fields() -> None:
    summary = {k: v for k, v in _payload("Completed").items() if k not in ("outputModelArn", "outputDataConfig")}
    job = job_from_bedrock("p", {**summary, "customModelArn": "arn:aws:bedrock:x:1:custom-model/c"})
    assert job.fine_tuned_model == "arn:aws:bedrock:x:1:custom-model/c" and job.result_files == ()


def test_failed_job_error_and_default_message() -> None:
    assert job_from_bedrock("p", _payload("Failed", failureMessage="Bad data")).error.message == "Bad data"  # type: ignore[union-attr]
    assert "no reason" in job_from_bedrock("p", _payload("Failed", failureMessage=None)).error.message  # type: ignore[union-attr]


def test_naive_datetimes_are_taken_as_local_time() -> None:
    naive = datetime(2026, 11, 1, 9, 30)
    job = job_from_bedrock("p", _payload("Completed", creationTime=naive, endTime=naive))
    assert job.created_at is not None and job.created_at.tzinfo is not None
    assert job.created_at == naive.astimezone() and job.finished_at == naive.astimezone()


def test_timeline_and_pending_while_validating() -> None:
    t = datetime(2026, 11, 1, 9, 5, tzinfo=UTC)
    details = {
        "validationDetails": {"status": "Completed", "creationTime": t, "lastModifiedTime": t},
        "dataProcessingDetails": {"status": "InProgress", "creationTime": t, "lastModifiedTime": t},
        "trainingDetails": {"status": "NotStarted"},
    }
    job = job_from_bedrock("p", _payload("InProgress", statusDetails=details))
    assert [(s.name, s.status) for s in job.timeline] == [
        ("validation", "Completed"),
        ("data processing", "InProgress"),
        ("training", "NotStarted"),
    ]
    assert job.status is JobStatus.RUNNING and job.timeline[0].started_at == t
    validating = {"validationDetails": {"status": "InProgress"}, "trainingDetails": {"status": "NotStarted"}}
    assert job_from_bedrock("p", _payload("InProgress", statusDetails=validating)).status is JobStatus.PENDING
    events = events_from_job(job)
    assert [e.id for e in events] == [
        "bedrock:job:created",
        "bedrock:validation:started",
        "bedrock:validation:completed",
        "bedrock:data-processing:started",
    ]
    assert events_since(events, "bedrock:validation:started") == events[2:]
    assert events_since(events, None) == events and events_since(events, "gone") == events


def test_hyperparameter_strings_and_errors() -> None:
    nova = "amazon.nova-lite-v1:0:300k"
    assert hyperparameter_strings(nova, {"epochCount": 3.0, "learningRate": 2e-5, "learningRateWarmupSteps": "7"}) == {
        "epochCount": "3",
        "learningRate": "2e-05",
        "learningRateWarmupSteps": "7",
    }
    for values, param in (
        ({"epochCount": 0}, "epochCount"),
        ({"epochCount": 2.5}, "epochCount"),
        ({"batchSize": 1}, "batchSize"),
        ({"learningRate": "auto"}, "learningRate"),
    ):
        with pytest.raises(InvalidRequestError) as caught:
            hyperparameter_strings(nova, values)
        assert caught.value.param == param


@pytest.mark.parametrize("suffix", [None, "", "my run!", "--x--", "a" * 80, "ünïcode_name.v2"])
def test_job_names_match_bedrock_patterns(suffix: str | None) -> None:
    name = job_name(suffix, datetime(2026, 11, 21, 10, 30, 0, 123456, tzinfo=UTC))
    assert len(name) <= 63 and name.endswith("20261121-103000-123")
    assert re.fullmatch(r"[a-zA-Z0-9](-*[a-zA-Z0-9\+\-\.])*", name)
    assert re.fullmatch(r"([0-9a-zA-Z][_-]?){1,63}", name)


def _client_error(code: str, status: int, message: str = "msg", op: str = "GetModelCustomizationJob") -> ClientError:
    return ClientError(
        {"Error": {"Code": code, "Message": message}, "ResponseMetadata": {"HTTPStatusCode": status}}, op
    )


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (_client_error("UnrecognizedClientException", 403), AuthError),
        (_client_error("ExpiredTokenException", 403), AuthError),
        (_client_error("AccessDeniedException", 403), PermissionDeniedError),
        (_client_error("ResourceNotFoundException", 404), NotFoundError),
        (_client_error("NoSuchBucket", 404, op="ListObjectsV2"), NotFoundError),
        (_client_error("404", 404, "Not Found", "HeadObject"), NotFoundError),
        (_client_error("ThrottlingException", 429), RateLimitError),
        (_client_error("InternalServerException", 500), UnavailableError),
        (_client_error("Whatever", 503), UnavailableError),
        (_client_error("ValidationException", 400), InvalidRequestError),
        (_client_error("ServiceQuotaExceededException", 400), InvalidRequestError),
        (_client_error("TooManyTagsException", 400), InvalidRequestError),
        (NoCredentialsError(), AuthError),
        (EndpointConnectionError(endpoint_url="http://127.0.0.1:1/x"), UnavailableError),
        (ParamValidationError(report="bad type"), InvalidRequestError),
    ],
)
def test_error_translation(error: Exception, kind: type) -> None:
    translated = translate_error(error, PROFILE)
    assert type(translated) is kind and translated.provider == "bedrock-unit" and translated.message


def test_error_messages_say_what_to_do_and_hide_secrets() -> None:
    denied = translate_error(
        _client_error(
            "AccessDeniedException", 403, "not authorized to perform iam:PassRole", "CreateModelCustomizationJob"
        ),
        PROFILE,
    )
    assert "iam:PassRole" in denied.message and "arn:aws:iam::123456789012:role/r" in denied.message
    conflict = translate_error(
        _client_error("ConflictException", 409, "exists", "CreateModelCustomizationJob"), PROFILE
    )
    assert isinstance(conflict, InvalidRequestError) and "another suffix" in conflict.message
    leaked = translate_error(_client_error("InvalidSignatureException", 403, "key AKIAABCDEFGHIJKLMNOP bad"), PROFILE)
    assert "AKIAABCDEFGHIJKLMNOP" not in str(leaked) and "aws sso login" in leaked.message
    assert "aws configure" in translate_error(NoCredentialsError(), PROFILE).message


def test_bedrock_helpers_do_not_import_boto3() -> None:
    code = (
        "import sys, ftui.providers.bedrock_records, ftui.providers.bedrock_catalog, "
        "ftui.providers.bedrock_storage; print(sorted({m.split('.')[0] for m in sys.modules} & {'boto3', 'botocore'}))"
    )
    assert (
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "[]"
    )


def test_make_provider_builds_bedrock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    provider = make_provider(Profile("b", "bedrock", {"region": "eu-west-1"}))
    assert isinstance(provider, BedrockProvider) and provider.region == "eu-west-1"
    assert (provider.kind, provider.supports_pause, provider.supports_live_metrics) == ("bedrock", False, False)
    provider.close()
    provider.close()
