"""Pause, resume and cancel semantics, and their errors on finished jobs."""

from __future__ import annotations

import openai
import pytest
from openai import OpenAI

from ftui.emulator import ManualClock
from tests.emulator.conftest import chat_rows, run_to, upload


def _running(client: OpenAI, clock: ManualClock, examples: int = 40) -> str:
    job = client.fine_tuning.jobs.create(model="gpt-4o-mini", training_file=upload(client, chat_rows(examples)))
    run_to(clock, client, job.id, "running")
    clock.advance(21)
    return job.id


def _last_step(client: OpenAI, job_id: str) -> int:
    return next(e.data["step"] for e in client.fine_tuning.jobs.list_events(job_id, limit=1000) if e.type == "metrics")


def test_pause_then_resume_continues_from_the_paused_step(client: OpenAI, clock: ManualClock) -> None:
    jobs = client.fine_tuning.jobs
    job_id = _running(client, clock)
    assert jobs.pause(job_id).status == "pausing"
    at_pause = _last_step(client, job_id)
    assert at_pause >= 8
    clock.advance(1)
    assert jobs.retrieve(job_id).status == "pausing"
    paused = run_to(clock, client, job_id, "paused", step=1, limit=10)
    assert paused.estimated_finish is None
    clock.advance(3600)
    assert jobs.retrieve(job_id).status == "paused" and _last_step(client, job_id) == at_pause
    assert jobs.resume(job_id).status == "queued"
    run_to(clock, client, job_id, "running", step=1)
    clock.advance(10)
    steps = [e.data["step"] for e in jobs.list_events(job_id, limit=1000) if e.type == "metrics"]
    assert sorted(steps) == list(range(1, max(steps) + 1)) and max(steps) > at_pause
    messages = [e.message for e in jobs.list_events(job_id, limit=1000)]
    assert f"Fine-tuning job paused at step {at_pause}" in messages
    assert "Fine-tuning job resumed" in messages
    assert run_to(clock, client, job_id, "succeeded", step=30).fine_tuned_model


def test_cancel_running_job_stops_it(client: OpenAI, clock: ManualClock) -> None:
    jobs = client.fine_tuning.jobs
    job_id = _running(client, clock)
    cancelled = jobs.cancel(job_id)
    assert cancelled.status == "cancelled" and cancelled.finished_at is not None
    before = jobs.list_events(job_id, limit=1000).data
    assert before[0].message == "Fine-tuning job cancelled"
    clock.advance(3600)
    assert [e.id for e in jobs.list_events(job_id, limit=1000)] == [e.id for e in before]
    assert jobs.retrieve(job_id).fine_tuned_model is None


@pytest.mark.parametrize("status", ["validating_files", "queued", "paused"])
def test_cancel_works_in_every_active_state(client: OpenAI, clock: ManualClock, status: str) -> None:
    jobs = client.fine_tuning.jobs
    job = jobs.create(model="gpt-4o-mini", training_file=upload(client, chat_rows(40)))
    if status == "paused":
        run_to(clock, client, job.id, "running")
        jobs.pause(job.id)
    run_to(clock, client, job.id, status, step=1)
    assert jobs.cancel(job.id).status == "cancelled"


def test_errors_on_finished_or_wrong_state_jobs(client: OpenAI, clock: ManualClock) -> None:
    jobs = client.fine_tuning.jobs
    job = jobs.create(model="gpt-4o-mini", training_file=upload(client, chat_rows(10)))
    with pytest.raises(openai.BadRequestError, match="only a running job can be paused"):
        jobs.pause(job.id)
    with pytest.raises(openai.BadRequestError, match="only a paused job can be resumed"):
        jobs.resume(job.id)
    run_to(clock, client, job.id, "succeeded", step=30)
    for action in (jobs.cancel, jobs.pause, jobs.resume):
        with pytest.raises(openai.BadRequestError) as info:
            action(job.id)
        assert "succeeded" in info.value.message
    with pytest.raises(openai.BadRequestError, match="already succeeded and cannot be cancelled"):
        jobs.cancel(job.id)
    with pytest.raises(openai.NotFoundError):
        jobs.cancel("ftjob-missing")
