"""Malformed Bedrock answers through the real ``boto3`` over HTTP: records survive, or a clear error.

botocore parses answers against the service model before ftui sees them, so some
breakage (an object where a structure goes) fails the whole answer inside botocore:
that must be a clear :class:`ProviderError`. Everything botocore lets through — bad
timestamps, nulls, wrong scalar types, NaN, huge strings — must give records.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from ftui.providers import JobStatus, Profile, make_provider
from ftui.providers.base import Provider
from ftui.providers.bedrock_records import file_from_s3, job_from_bedrock
from ftui.providers.errors import BadResponseError
from ftui.providers.tolerant import ID_LIMIT, TEXT_LIMIT
from tests.providers.hostile_server import HostileServer

ARN = "arn:aws:bedrock:us-east-1:123456789012:model-customization-job/base/abc123"


def summary(name: Any, **extra: Any) -> dict[str, Any]:
    base = {
        "jobArn": f"{ARN}-{name}",
        "jobName": name,
        "status": "Completed",
        "creationTime": "2026-11-01T09:00:00Z",
        "baseModelArn": "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-micro-v1:0",
        "customModelArn": "arn:aws:bedrock:us-east-1:123456789012:custom-model/x",
    }
    base.update(extra)
    return base


@pytest.fixture
def bedrock_on(aws_env: None) -> Iterator[tuple[HostileServer, Provider]]:
    """A hostile server and a Bedrock provider whose endpoint_url points at it."""
    with HostileServer(max_requests=100) as server:
        endpoint = server.base_url.removesuffix("/v1")
        provider = make_provider(
            Profile("bedrock-hostile", "bedrock", {"region": "us-east-1", "endpoint_url": endpoint})
        )
        try:
            yield server, provider
        finally:
            provider.close()


def test_a_job_list_with_bad_dates_nulls_and_wrong_types(bedrock_on: tuple[HostileServer, Provider]) -> None:
    server, provider = bedrock_on
    server.routes["/model-customization-jobs"] = {
        "modelCustomizationJobSummaries": [
            summary("good"),
            summary("bad-date", creationTime="yesterday", endTime="never"),
            summary(None, jobArn=None),
            summary("wrong-status", status=7, customModelArn=["x"]),
            summary("huge", baseModelArn="m" * 1_000_000),
        ]
    }
    page = provider.list_jobs_page()
    jobs = {job.id: job for job in page.jobs}
    assert list(jobs) == ["good", "bad-date", "wrong-status", "huge"] and page.skipped == 1
    assert jobs["good"].status is JobStatus.SUCCEEDED and jobs["good"].created_at is not None
    assert jobs["bad-date"].created_at is None and jobs["bad-date"].finished_at is None, "unknown, not a lost list"
    assert jobs["wrong-status"].status is JobStatus.UNKNOWN and jobs["wrong-status"].native_status == "7"
    assert len(jobs["huge"].base_model) <= ID_LIMIT
    notes = provider.notes.drain()
    assert any("skipped 1 malformed job" in note for note in notes)


def test_a_job_with_nan_losses_and_wrong_values(bedrock_on: tuple[HostileServer, Provider]) -> None:
    server, provider = bedrock_on
    server.routes["/model-customization-jobs/odd"] = summary(
        "odd",
        trainingMetrics={"trainingLoss": "NaN"},
        validationMetrics=[{"validationLoss": "Infinity"}],
        hyperParameters={"epochCount": "2", "learningRate": "x" * 100_000},
        failureMessage=None,
        outputDataConfig={"s3Uri": "s3://bucket/out/"},
        lastModifiedTime="garbage",
    )
    job = provider.get_job("odd")
    assert job.status is JobStatus.SUCCEEDED and job.final_train_loss is None and job.final_valid_loss is None
    assert job.hyperparameters["epochCount"] == 2 and len(job.hyperparameters["learningRate"]) <= TEXT_LIMIT
    assert job.result_files and job.result_files[0].startswith("s3://bucket/out/model-customization-job-")


@pytest.mark.parametrize(
    "body",
    [
        {"jobName": "x", "hyperParameters": [1, 2]},
        {"jobName": "x", "outputDataConfig": "s3://somewhere"},
    ],
)
def test_an_answer_botocore_cannot_parse_is_a_clear_error(
    bedrock_on: tuple[HostileServer, Provider], body: Any
) -> None:
    server, provider = bedrock_on
    server.routes["/model-customization-jobs/x"] = body
    with pytest.raises(BadResponseError) as caught:
        provider.get_job("x")
    assert "AWS sent an answer ftui cannot read" in caught.value.message


def test_an_html_page_is_a_job_with_nothing_known(bedrock_on: tuple[HostileServer, Provider]) -> None:
    """botocore reads a 200 that is not JSON as an empty answer: the job is there, all unknown."""
    server, provider = bedrock_on
    server.routes["/model-customization-jobs/x"] = b"<html>not json</html>"
    job = provider.get_job("x")
    assert job.status is JobStatus.UNKNOWN and job.base_model == ""


def test_records_from_wrong_typed_payloads_without_a_server() -> None:
    job = job_from_bedrock(
        "b",
        {
            "jobName": "n" * 10_000,
            "status": "Failed",
            "failureMessage": "f" * 100_000,
            "statusDetails": "oops",
            "validationDataConfig": {"validators": ["bad", {"s3Uri": 5}]},
            "trainingDataConfig": ["x"],
            "hyperParameters": "epochs=2",
            "creationTime": datetime(1, 1, 1),
            "validationMetrics": "none",
            "customizationType": {"t": 1},
            "outputDataConfig": None,
        },
    )
    assert job.status is JobStatus.FAILED and job.error is not None and len(job.error.message) <= 2000
    assert len(job.id) <= ID_LIMIT and job.timeline == () and job.training_file is None
    assert job.validation_file == "5" and job.hyperparameters == {} and job.method == ""
    assert job.problems
    remote = file_from_s3("bucket", "k/" + "a" * 5000, {"Size": "big", "LastModified": "then"})
    assert remote.bytes is None and remote.created_at is None and len(remote.filename) <= TEXT_LIMIT
    assert job_from_bedrock("b", {"jobName": "t", "creationTime": datetime(2026, 1, 1, tzinfo=UTC)}).created_at
