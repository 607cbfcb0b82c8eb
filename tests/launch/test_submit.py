"""Submitting launches: upload reuse, exactly one job after a lost response, refusals, Bedrock on moto."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ftui.emulator import Emulator, ManualClock
from ftui.launch import LAUNCH_TAG, LaunchPlan, explain_refusal, find_launched, submit
from ftui.providers import (
    InvalidRequestError,
    JobSpec,
    PermissionDeniedError,
    Profile,
    UnavailableError,
    make_provider,
)
from ftui.providers.base import Provider
from ftui.providers.bedrock_provider import BedrockProvider
from ftui.providers.openai_provider import OpenAIProvider

from .conftest import HAIKU, MODEL, Writer, claude


def _no_sleep(_seconds: float) -> None:
    pass


def _jobs(provider: Provider) -> list[Any]:
    return list(provider.iter_jobs())


def test_same_file_twice_uploads_once(openai_provider: Provider, emulator: Emulator, write: Writer) -> None:
    uploads: list[str] = []
    emulator.on_response = lambda method, path, status, body: (
        uploads.append(path) if (method == "POST" and path == "/files") else None
    )
    train = write("train.jsonl", 24)
    plan = LaunchPlan(MODEL, str(train), hyperparameters={"n_epochs": 2}, suffix="twice")
    lines: list[str] = []
    first = submit(openai_provider, plan, progress=lines.append, sleep=_no_sleep)
    second = submit(openai_provider, plan, sleep=_no_sleep)
    assert uploads == ["/files"]
    assert first.id != second.id and first.training_file == second.training_file
    assert first.raw["metadata"][LAUNCH_TAG] != second.raw["metadata"][LAUNCH_TAG]
    assert any(line.startswith("Checking the data") for line in lines)
    assert any(line.startswith("Uploading") for line in lines)


class LosesCreateResponse:
    """A provider whose first create reaches the server but whose answer is lost."""

    def __init__(self, inner: Provider, failures: int = 1) -> None:
        self.inner = inner
        self.failures = failures
        self.creates = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def create_job(self, spec: JobSpec) -> Any:
        self.creates += 1
        job = self.inner.create_job(spec)
        if self.failures:
            self.failures -= 1
            raise UnavailableError("Creating the job: connection dropped (RemoteProtocolError).")
        return job


def test_lost_create_response_leaves_exactly_one_job(openai_provider: Provider, write: Writer) -> None:
    wrapper = LosesCreateResponse(openai_provider)
    before = len(_jobs(openai_provider))
    lines: list[str] = []
    job = submit(
        wrapper,
        LaunchPlan(MODEL, str(write("t.jsonl", 24)), suffix="lost"),  # type: ignore[arg-type]
        launch_id="abcd1234",
        progress=lines.append,
        sleep=_no_sleep,
    )
    assert wrapper.creates == 1
    assert job.raw["metadata"][LAUNCH_TAG] == "abcd1234"
    assert len(_jobs(openai_provider)) == before + 1
    assert any("checking whether the job was created" in line for line in lines)


def test_create_that_never_reached_the_server_is_retried(
    openai_provider: Provider, emulator: Emulator, write: Writer
) -> None:
    remote = openai_provider.upload_file(write("t.jsonl", 24))  # a remote id: the next request is the create
    emulator.inject("drop")  # dropped before the emulator processes it: no job exists
    job = submit(openai_provider, LaunchPlan(MODEL, remote.id), sleep=_no_sleep)
    jobs = [j for j in _jobs(openai_provider) if j.raw.get("metadata", {}).get(LAUNCH_TAG)]
    assert [j.id for j in jobs] == [job.id]


def test_unknown_outcome_is_never_retried_blindly(openai_provider: Provider, write: Writer) -> None:
    class Unreachable(LosesCreateResponse):
        def iter_jobs(self, limit: int = 50) -> Any:
            raise UnavailableError("Listing jobs: connection refused.")

    wrapper = Unreachable(openai_provider)
    with pytest.raises(UnavailableError) as info:
        submit(
            wrapper,
            LaunchPlan(MODEL, str(write("t.jsonl", 24))),
            launch_id="feedbeef",  # type: ignore[arg-type]
            sleep=_no_sleep,
        )
    assert wrapper.creates == 1
    assert "feedbeef" in info.value.message and "before launching again" in info.value.message


def test_bad_data_uploads_nothing(openai_provider: Provider, emulator: Emulator, write: Writer) -> None:
    calls: list[str] = []
    emulator.on_response = lambda method, path, status, body: calls.append(f"{method} {path}")
    with pytest.raises(InvalidRequestError) as info:
        submit(openai_provider, LaunchPlan(MODEL, str(write("few.jsonl", 3))), sleep=_no_sleep)
    assert "nothing was uploaded" in info.value.message
    assert not [c for c in calls if c.startswith("POST")]


def test_refused_creation_is_explained(write: Writer) -> None:
    with Emulator(refuse_create=True, clock=ManualClock()) as emu:
        provider = make_provider(Profile("emu", "emulator", {"base_url": emu.base_url, "max_retries": 0}))
        with pytest.raises(PermissionDeniedError) as info:
            submit(provider, LaunchPlan(MODEL, str(write("t.jsonl", 24))), sleep=_no_sleep)
        provider.close()
    assert info.value.training_not_allowed
    text = explain_refusal(info.value, OpenAIProvider)
    assert "no longer lets this organization start fine-tuning jobs" in text and "another profile" in text


def test_bedrock_launch_on_moto(bedrock_driver: Any, write: Writer) -> None:
    provider = bedrock_driver.provider
    train = write("claude.jsonl", 40, claude)
    plan = LaunchPlan(
        HAIKU,
        str(train),
        hyperparameters={"epochCount": 3, "learningRateMultiplier": 0.5},
        suffix="support bot",
        metadata={"team": "cx"},
    )
    job = submit(provider, plan, launch_id="0badcafe", sleep=_no_sleep)
    assert job.kind == "bedrock" and job.name.startswith("support-bot-0badcafe-")
    raw = bedrock_driver.provider._bedrock.get_model_customization_job(jobIdentifier=job.id)
    assert raw["hyperParameters"] == {"epochCount": "3", "learningRateMultiplier": "0.5"}
    assert raw["roleArn"] == bedrock_driver.profile.get("role_arn")
    assert raw["trainingDataConfig"]["s3Uri"].startswith("s3://ftui-test-bucket/")
    assert find_launched(provider, "0badcafe") is not None
    # A lost Bedrock answer is reconciled by the launch id in the job name.
    wrapper = LosesCreateResponse(provider)
    again = submit(wrapper, plan, launch_id="0ddba11a", sleep=_no_sleep)  # type: ignore[arg-type]
    assert wrapper.creates == 1 and "-0ddba11a-" in again.name
    assert len([j for j in provider.iter_jobs() if "-0ddba11a-" in (j.name or "")]) == 1


def test_bedrock_access_denied_is_explained() -> None:
    error = PermissionDeniedError("AWS refused CreateModelCustomizationJob: not authorized.")
    text = explain_refusal(error, BedrockProvider, HAIKU, "us-east-1")
    assert "model access" in text and "us-east-1" in text and "iam:PassRole" in text
    wrong = explain_refusal(
        InvalidRequestError("The model is not supported."),
        BedrockProvider,
        HAIKU,
        "us-east-1",
        "Anthropic Claude 3 Haiku (us-west-2)",
    )
    assert "cannot be fine-tuned in us-east-1" in wrong


def test_remote_training_file_is_not_uploaded_again(openai_provider: Provider, write: Writer) -> None:
    remote = openai_provider.upload_file(write("t.jsonl", 24))
    job = submit(openai_provider, LaunchPlan(MODEL, remote.id), sleep=_no_sleep)
    assert job.training_file == remote.id
    assert Path(remote.id).exists() is False
