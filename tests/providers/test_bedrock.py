"""BedrockProvider against a real moto server (boto3 over HTTP; no mocks, no patched transports)."""

from __future__ import annotations

import socket
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from ftui.providers.bedrock_provider import BedrockProvider
from ftui.providers.errors import AuthError, ConfigError, InvalidRequestError, NotFoundError, UnavailableError
from ftui.providers.profiles import Profile
from ftui.providers.records import JobSpec, JobStatus, RemoteFile
from tests.providers.bedrock_driver import BASE_MODEL, BUCKET, ROLE_ARN, TRAIN_STEPS, BedrockDriver
from tests.providers.bedrock_fixtures import aws_env, bedrock_driver, moto_endpoint  # noqa: F401

Driver = BedrockDriver


def _dataset(folder: Path, name: str = "train.jsonl", text: str = '{"prompt": "a", "completion": "b"}\n') -> Path:
    path = folder / name
    path.write_text(text)
    return path


@pytest.fixture
def training(bedrock_driver: Driver, tmp_path: Path) -> RemoteFile:
    """An uploaded training file."""
    return bedrock_driver.provider.upload_file(_dataset(tmp_path))


def _provider(endpoint: str, **options: str) -> BedrockProvider:
    base = {"region": "us-east-1", "bucket": BUCKET, "role_arn": ROLE_ARN, "endpoint_url": endpoint}
    return BedrockProvider(Profile("bedrock-x", "bedrock", {**base, **options}))


def test_create_sends_hyperparameters_as_strings(bedrock_driver: Driver, training: RemoteFile, tmp_path: Path) -> None:
    provider = bedrock_driver.provider
    validation = provider.upload_file(_dataset(tmp_path, "valid.jsonl", '{"prompt": "c", "completion": "d"}\n'))
    job = provider.create_job(bedrock_driver.spec(training, validation, "my first run!"))
    assert job.id == job.name and job.id.startswith("my-first-run-")
    again = provider.get_job(job.id)
    assert again.raw["hyperParameters"] == {"epochCount": "2", "learningRate": "1e-05"}
    assert again.hyperparameters == {"epochCount": 2, "learningRate": 1e-05}
    assert again.status is JobStatus.RUNNING and again.native_status == "InProgress"
    assert again.error is None  # moto always says "Failure Message"; no error while running
    assert again.finished_at is None and again.fine_tuned_model is None and again.final_train_loss is None
    assert (again.base_model, again.training_file, again.validation_file) == (BASE_MODEL, training.id, validation.id)
    assert again.raw["outputDataConfig"]["s3Uri"] == f"s3://{BUCKET}/ftui/output/"
    assert again.method == "fine_tuning"


@pytest.mark.parametrize(
    ("hyperparameters", "param"),
    [({"epochCount": 99}, "epochCount"), ({"learningRate": "fast"}, "learningRate"), ({"batchSize": 8}, "batchSize")],
)
def test_hyperparameters_checked_client_side(
    bedrock_driver: Driver,
    training: RemoteFile,
    hyperparameters: dict,
    param: str,
) -> None:
    spec = JobSpec(base_model=BASE_MODEL, training_file=training.id, hyperparameters=hyperparameters, suffix="bad")
    with pytest.raises(InvalidRequestError) as caught:
        bedrock_driver.provider.create_job(spec)
    assert caught.value.param == param
    assert bedrock_driver.provider.list_jobs_page().jobs == ()  # nothing was sent


def test_unknown_base_model_and_method(bedrock_driver: Driver, training: RemoteFile) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        bedrock_driver.provider.create_job(JobSpec(base_model="nope.nope-v1", training_file=training.id))
    assert caught.value.param == "base_model" and "amazon.nova-micro-v1:0:128k" in caught.value.message
    with pytest.raises(InvalidRequestError) as caught:
        bedrock_driver.provider.hyperparameters(BASE_MODEL, "dpo")
    assert caught.value.param == "method"
    names = [p.name for p in bedrock_driver.provider.hyperparameters("anthropic.claude-3-haiku-20240307-v1:0:200k")]
    assert names == [
        "epochCount",
        "batchSize",
        "learningRateMultiplier",
        "earlyStoppingThreshold",
        "earlyStoppingPatience",
    ]
    assert BASE_MODEL in [m.id for m in bedrock_driver.provider.base_models()]


def test_missing_role_arn_is_a_config_error(moto_endpoint: str, aws_env: None, training: RemoteFile) -> None:
    provider = _provider(moto_endpoint, role_arn="")
    spec = JobSpec(base_model=BASE_MODEL, training_file=training.id, suffix="x")
    with pytest.raises(ConfigError, match="role_arn"):
        provider.create_job(spec)
    provider.close()


def test_list_pages_newest_first(bedrock_driver: Driver, training: RemoteFile) -> None:
    provider = bedrock_driver.provider
    names = [provider.create_job(bedrock_driver.spec(training, None, f"job{i}")).id for i in range(5)]
    start = datetime.now() - timedelta(hours=1)
    for i, name in enumerate(names):  # moto keeps whole seconds; spread the jobs out
        bedrock_driver.moto_job(name).creation_time = (start + timedelta(minutes=i)).strftime("%Y-%m-%d %H:%M:%S")
    first = provider.list_jobs_page(limit=2)
    assert [j.id for j in first.jobs] == names[::-1][:2] and first.next_cursor
    second = provider.list_jobs_page(first.next_cursor, limit=2)
    assert [j.id for j in second.jobs] == names[::-1][2:4]
    assert [j.id for j in provider.iter_jobs(limit=2)] == names[::-1]
    created = [j.created_at for j in provider.iter_jobs(limit=2)]
    assert created == sorted(created, reverse=True)  # type: ignore[type-var]


def test_get_stop_and_stop_again(bedrock_driver: Driver, training: RemoteFile) -> None:
    provider = bedrock_driver.provider
    job = provider.create_job(bedrock_driver.spec(training, None, "stop-me"))
    assert provider.get_job(job.id).id == job.id
    stopped = provider.cancel_job(job.id)
    assert stopped.status is JobStatus.CANCELLED and stopped.native_status == "Stopped"
    assert stopped.finished_at is not None and stopped.error is None
    with pytest.raises(InvalidRequestError, match="already stopped; nothing to stop"):
        provider.cancel_job(job.id)
    assert [e.id for e in provider.new_events(job.id)] == [
        "bedrock:job:created",
        "bedrock:job:stopping",
        "bedrock:job:stopped",
    ]


def test_stopping_job_is_running_and_not_stopped_twice(bedrock_driver: Driver, training: RemoteFile) -> None:
    provider = bedrock_driver.provider
    job = provider.create_job(bedrock_driver.spec(training, None, "slow-stop"))
    bedrock_driver.moto_job(job.id).status = "Stopping"  # real Bedrock passes through Stopping; moto does not
    stopping = provider.get_job(job.id)
    assert stopping.status is JobStatus.RUNNING and stopping.status.is_active and stopping.native_status == "Stopping"
    with pytest.raises(InvalidRequestError, match="already stopping"):
        provider.cancel_job(job.id)
    assert provider.new_events(job.id)[-1].id == "bedrock:job:stopping"


def test_big_upload_goes_multipart(bedrock_driver: Driver, tmp_path: Path) -> None:
    big = tmp_path / "big.jsonl"
    line = b'{"prompt": "' + b"x" * 1000 + b'", "completion": "y"}\n'
    big.write_bytes(line * (9 * 1024 * 1024 // len(line) + 1))  # just over boto3's 8 MiB threshold
    remote = bedrock_driver.provider.upload_file(big)
    assert remote.bytes == big.stat().st_size
    assert remote.raw["ETag"].strip('"').endswith("-2")


def test_failed_job_has_error_and_events(bedrock_driver: Driver, training: RemoteFile) -> None:
    provider = bedrock_driver.provider
    job = provider.create_job(bedrock_driver.spec(training, None, "doomed"))
    first = provider.new_events(job.id)
    assert [e.id for e in first] == ["bedrock:job:created"]
    bedrock_driver.finish(job.id, "failed")
    failed = provider.get_job(job.id)
    assert failed.status is JobStatus.FAILED and failed.error is not None
    assert "not valid JSON" in failed.error.message
    assert failed.final_train_loss is None and failed.fine_tuned_model is None
    new = provider.new_events(job.id, since=first[-1].id)
    assert [(e.id, e.level) for e in new] == [("bedrock:job:failed", "error")]
    assert provider.new_events(job.id, since=new[-1].id) == []
    with pytest.raises(InvalidRequestError, match="already failed"):
        provider.cancel_job(job.id)


def test_metrics_empty_while_running_then_csv_curve(bedrock_driver: Driver, training: RemoteFile) -> None:
    provider = bedrock_driver.provider
    job = provider.create_job(bedrock_driver.spec(training, None, "curve"))
    assert provider.metrics(job.id) == []
    bedrock_driver.finish(job.id, "succeeded")
    points = provider.metrics(job.id)
    assert [p.step for p in points] == list(range(TRAIN_STEPS))
    assert all(p.train_loss is not None for p in points) and points[0].train_loss > points[-1].train_loss  # type: ignore[operator]
    assert [p.step for p in points if p.valid_loss is not None] == [4, 9] and points[9].valid_loss == 0.4
    done = provider.get_job(job.id)
    assert done.status is JobStatus.SUCCEEDED and done.error is None
    assert (done.final_train_loss, done.final_valid_loss) == (0.25, 0.4)
    assert done.fine_tuned_model and done.fine_tuned_model.startswith("arn:aws:bedrock:")
    assert done.result_files == (f"s3://{BUCKET}/ftui/output/model-customization-job-{job.id}/",)


def test_upload_dedupes_by_content(bedrock_driver: Driver, tmp_path: Path) -> None:
    provider = bedrock_driver.provider
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = provider.upload_file(_dataset(tmp_path / "a"))
    second = provider.upload_file(_dataset(tmp_path / "b"))
    other = provider.upload_file(_dataset(tmp_path, "train.jsonl", '{"prompt": "x", "completion": "y"}\n'))
    assert first.id == second.id and first.id != other.id
    assert first.id.startswith(f"s3://{BUCKET}/ftui/datasets/") and first.filename == "train.jsonl"
    keys = [o["Key"] for o in bedrock_driver.s3.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert len(keys) == 2
    bedrock_driver.s3.put_object(Bucket=BUCKET, Key="ftui/datasets/notes.txt", Body=b"x")
    assert {f.id for f in provider.list_files()} == {first.id, other.id}


def test_unknown_job_is_not_found(bedrock_driver: Driver) -> None:
    with pytest.raises(NotFoundError) as caught:
        bedrock_driver.provider.get_job("no-such-job")
    assert "no-such-job" in caught.value.message and caught.value.provider == "bedrock-test"


def test_connection_refused_is_unavailable(aws_env: None) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    provider = _provider(f"http://127.0.0.1:{port}")
    with pytest.raises(UnavailableError) as caught:
        provider.get_job("anything")
    assert "Check your network connection" in caught.value.message and "endpoint_url" in caught.value.message
    assert isinstance(caught.value.__cause__, Exception)


def test_no_credentials_is_auth_error(moto_endpoint: str, aws_env: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    provider = _provider(moto_endpoint)
    with pytest.raises(AuthError, match="aws configure") as caught:
        provider.list_jobs_page()
    assert "testing" not in str(caught.value)


def test_missing_region_and_bucket_are_config_errors(
    moto_endpoint: str, aws_env: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("AWS_DEFAULT_REGION")
    with pytest.raises(ConfigError, match="region"):
        BedrockProvider(Profile("r", "bedrock", {"endpoint_url": moto_endpoint}))
    provider = _provider(moto_endpoint, bucket="")
    with pytest.raises(ConfigError, match="bucket"):
        provider.upload_file(_dataset(tmp_path))


def test_s3_upload_reports_bytes_sent(bedrock_driver, tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "big.jsonl"
    data.write_bytes(b'{"prompt": "p", "completion": " c"}\n' * 300_000)  # ~10 MB: multipart
    seen: list[tuple[int, int]] = []
    bedrock_driver.provider.upload_file(data, progress=lambda sent, total: seen.append((sent, total)))
    size = data.stat().st_size
    assert seen and seen[-1] == (size, size)
    assert [s for s, _ in seen] == sorted(s for s, _ in seen)


def test_per_job_model_name_role_and_output_override_the_profile(bedrock_driver, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from ftui.providers import InvalidRequestError

    data = tmp_path / "t.jsonl"
    data.write_text('{"prompt": "p", "completion": " c"}\n' * 40)
    provider = bedrock_driver.provider
    spec = bedrock_driver.spec(provider.upload_file(data), None, "named")
    role = "arn:aws:iam::123456789012:role/other-role"
    job = provider.create_job(
        replace(
            spec,
            options={
                "model_name": "support-model-v3",
                "role_arn": role,
                "output_uri": "s3://ftui-test-bucket/elsewhere",
            },
        )
    )
    raw = bedrock_driver.moto_job(job.id)
    assert raw.custom_model_name == "support-model-v3"
    assert raw.role_arn == role
    assert raw.output_data_config["s3Uri"] == "s3://ftui-test-bucket/elsewhere/"
    for bad, param in (
        ({"model_name": "no spaces please"}, "model_name"),
        ({"role_arn": "admin"}, "role_arn"),
        ({"output_uri": "/tmp/out"}, "output_uri"),
    ):
        try:
            provider.create_job(replace(spec, suffix="bad", options=bad))
        except InvalidRequestError as error:
            assert error.param == param
        else:
            raise AssertionError(f"{bad} was accepted")
