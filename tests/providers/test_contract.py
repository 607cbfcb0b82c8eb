"""One contract, every provider: the same user-visible behaviour over OpenAI and Bedrock.

OpenAI runs against the emulator over real HTTP; Bedrock against moto's server
mode. No SDK is mocked and no transport is patched.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from ftui.providers import (
    InvalidRequestError,
    JobStatus,
    NotFoundError,
    UnsupportedError,
)


def _start(driver: Any, datasets: tuple[Path, Path], suffix: str = "contract") -> Any:
    train, valid = datasets
    provider = driver.provider
    training = provider.upload_file(train)
    validation = provider.upload_file(valid)
    return provider.create_job(driver.spec(training, validation, suffix))


def test_same_bytes_upload_once_and_are_listed(driver: Any, datasets: tuple[Path, Path], tmp_path: Path) -> None:
    train, _ = datasets
    first = driver.provider.upload_file(train)
    copy = tmp_path / "copy" / "train.jsonl"
    copy.parent.mkdir()
    copy.write_bytes(train.read_bytes())
    again = driver.provider.upload_file(copy)
    assert again.id == first.id
    listed = [f.id for f in driver.provider.list_files()]
    assert listed.count(first.id) == 1


def test_created_job_is_visible_and_readable(driver: Any, datasets: tuple[Path, Path]) -> None:
    job = _start(driver, datasets, "visible")
    assert job.status in (JobStatus.PENDING, JobStatus.QUEUED, JobStatus.RUNNING)
    assert job.provider == driver.provider.name
    fetched = driver.provider.get_job(job.id)
    assert fetched.id == job.id
    assert fetched.base_model and fetched.training_file and fetched.validation_file
    assert fetched.created_at is not None and fetched.created_at.tzinfo is not None
    assert "visible" in (fetched.name or "")
    assert job.id in [j.id for j in driver.provider.iter_jobs()]


def test_listing_pages_lazily_newest_first(driver: Any, datasets: tuple[Path, Path]) -> None:
    ids = [_start(driver, datasets, f"page{i}").id for i in range(3)]
    page = driver.provider.list_jobs_page(None, limit=2)
    assert len(page.jobs) == 2 and page.next_cursor
    listed = list(driver.provider.iter_jobs(limit=2))
    assert sorted(job.id for job in listed) == sorted(ids)
    created = [job.created_at for job in listed]
    assert created == sorted(created, reverse=True)  # moto keeps whole seconds: ties may come in any order


def test_a_succeeded_job_has_a_model_and_a_step_curve(driver: Any, datasets: tuple[Path, Path]) -> None:
    job = _start(driver, datasets, "done")
    driver.finish(job.id, "succeeded")
    done = driver.provider.get_job(job.id)
    assert done.status is JobStatus.SUCCEEDED and done.status.is_terminal
    assert done.fine_tuned_model
    assert done.error is None
    points = driver.provider.metrics(job.id)
    steps = [p.step for p in points]
    assert steps == sorted(set(steps)) and len(steps) >= 5
    assert all(p.train_loss is not None for p in points)
    assert points[-1].train_loss < points[0].train_loss
    assert any(p.valid_loss is not None for p in points)


def test_a_failed_job_is_a_status_with_an_error_not_an_exception(
    driver: Any, datasets: tuple[Path, Path], tmp_path: Path
) -> None:
    if hasattr(driver, "failed_job"):
        job_id = driver.failed_job(tmp_path)
    else:
        job_id = _start(driver, datasets, "fails").id
        driver.finish(job_id, "failed")
    job = driver.provider.get_job(job_id)
    assert job.status is JobStatus.FAILED
    assert job.error is not None and len(job.error.message) > 10
    assert job.fine_tuned_model is None


def test_cancel_then_cancel_again_is_a_clear_refusal(driver: Any, datasets: tuple[Path, Path]) -> None:
    job = _start(driver, datasets, "cancel")
    cancelled = driver.provider.cancel_job(job.id)
    assert cancelled.status is JobStatus.CANCELLED or driver.provider.get_job(job.id).status is JobStatus.CANCELLED
    with pytest.raises(InvalidRequestError) as refused:
        driver.provider.cancel_job(job.id)
    assert "cancel" in refused.value.message.lower() or "stop" in refused.value.message.lower()


def test_events_since_a_cursor_never_repeat_or_skip(driver: Any, datasets: tuple[Path, Path]) -> None:
    job = _start(driver, datasets, "events")
    provider = driver.provider
    first = provider.new_events(job.id)
    assert first, "a new job has at least its creation event"
    assert provider.new_events(job.id, since=first[-1].id) == []
    if hasattr(driver, "run_for"):
        driver.run_for(90)
    else:
        driver.finish(job.id, "succeeded")
    second = provider.new_events(job.id, since=first[-1].id)
    assert second, "progress produced new events"
    seen = [e.id for e in first + second]
    assert len(seen) == len(set(seen))
    assert seen == [e.id for e in provider.new_events(job.id)]
    times = [e.created_at for e in first + second]
    assert times == sorted(times)


def test_unknown_job_is_not_found(driver: Any) -> None:
    with pytest.raises(NotFoundError):
        driver.provider.get_job("ftjob-doesnotexist000000000" if driver.provider.kind != "bedrock" else "no-such-job")


def test_schema_describes_native_hyperparameters_and_create_checks_them(
    driver: Any, datasets: tuple[Path, Path]
) -> None:
    provider = driver.provider
    models = provider.base_models()
    assert models and all(m.id for m in models)
    spec = driver.spec(provider.upload_file(datasets[0]), None, "hp")
    schema = provider.hyperparameters(spec.base_model, "supervised")
    names = {p.name for p in schema}
    assert set(spec.hyperparameters) <= names
    epochs = next(p for p in schema if "epoch" in p.name.lower())
    assert epochs.type == "int" and epochs.maximum is not None
    bad = dict(spec.hyperparameters, **{epochs.name: int(epochs.maximum) + 1})
    with pytest.raises(InvalidRequestError) as refused:
        provider.create_job(replace(spec, hyperparameters=bad))
    assert refused.value.param == epochs.name


def test_pause_follows_the_capability_flag(driver: Any, datasets: tuple[Path, Path]) -> None:
    job = _start(driver, datasets, "pause")
    provider = driver.provider
    if not provider.supports_pause:
        with pytest.raises(UnsupportedError):
            provider.pause_job(job.id)
        return
    driver.run_for(60)
    assert provider.get_job(job.id).status is JobStatus.RUNNING
    assert provider.pause_job(job.id).status in (JobStatus.PAUSING, JobStatus.PAUSED)
    driver.run_for(30)
    assert provider.get_job(job.id).status is JobStatus.PAUSED
    assert provider.resume_job(job.id).status in (JobStatus.QUEUED, JobStatus.RUNNING)


def test_an_uploaded_file_downloads_byte_for_byte(driver: Any, datasets: tuple[Path, Path], tmp_path: Path) -> None:
    train, _ = datasets
    remote = driver.provider.upload_file(train)
    listed = next(f for f in driver.provider.list_files() if f.id == remote.id)
    dest = tmp_path / "down" / "copy.jsonl"
    assert driver.provider.download_file(listed, dest) == dest
    assert dest.read_bytes() == train.read_bytes()
    assert [p.name for p in dest.parent.iterdir()] == ["copy.jsonl"]  # no temp file left behind
