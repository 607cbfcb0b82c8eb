"""Job lifecycle: statuses, hyperparameter resolution, step counts, failures."""

from __future__ import annotations

import math
import re

import pytest
from openai import OpenAI

from ftui.emulator import Emulator, ManualClock
from ftui.emulator.hyperparams import auto_values
from tests.emulator.conftest import chat_rows, dpo_rows, run_to, upload


def _status_history(clock: ManualClock, client: OpenAI, job_id: str, hop: float = 1.0) -> list[str]:
    seen: list[str] = []
    for _ in range(5000):
        status = client.fine_tuning.jobs.retrieve(job_id).status
        if not seen or seen[-1] != status:
            seen.append(status)
        if status in ("succeeded", "failed", "cancelled"):
            return seen
        clock.advance(hop)
    raise AssertionError(seen)


def test_statuses_in_order_and_final_fields(client: OpenAI, clock: ManualClock) -> None:
    train = upload(client, chat_rows(30))
    job = client.fine_tuning.jobs.create(model="gpt-4o-mini-2024-07-18", training_file=train, suffix="demo")
    assert job.status == "validating_files"
    assert job.hyperparameters.n_epochs == "auto" and job.error is None and job.finished_at is None
    assert _status_history(clock, client, job.id, hop=2.0) == ["validating_files", "queued", "running", "succeeded"]
    done = client.fine_tuning.jobs.retrieve(job.id)
    assert done.hyperparameters.n_epochs == 3 and done.hyperparameters.batch_size == 1
    assert done.hyperparameters.learning_rate_multiplier == 1.8
    assert done.method.supervised.hyperparameters.n_epochs == 3
    assert re.fullmatch(r"ft:gpt-4o-mini-2024-07-18:emulator:demo:[A-Za-z0-9]{8}", done.fine_tuned_model)
    assert done.finished_at >= done.created_at and done.estimated_finish is None
    assert done.trained_tokens and done.trained_tokens % 3 == 0
    assert done.organization_id == "org-emulator" and done.error is None
    assert done.user_provided_suffix == "demo"  # type: ignore[attr-defined]
    assert len(done.result_files) == 1


def test_estimated_finish_only_while_running(client: OpenAI, clock: ManualClock) -> None:
    job = client.fine_tuning.jobs.create(model="gpt-4o-mini", training_file=upload(client, chat_rows(20)))
    assert job.estimated_finish is None
    running = run_to(clock, client, job.id, "running")
    assert running.estimated_finish > clock.now()


def test_a_small_job_takes_minutes_at_speed_1(client: OpenAI, clock: ManualClock) -> None:
    job = client.fine_tuning.jobs.create(
        model="gpt-4o-mini",
        training_file=upload(client, chat_rows(10)),
        method={"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": 3}}},
    )
    start = clock.now()
    run_to(clock, client, job.id, "succeeded", step=5)
    assert 60 < clock.now() - start < 200  # 30 steps x ~2 s plus validation and queue


def test_speed_200_finishes_a_30_step_job_in_about_a_second() -> None:
    clock = ManualClock()
    with Emulator(clock=clock, speed=200) as emu:
        client = OpenAI(api_key="sk-test", base_url=emu.base_url, max_retries=0)
        job = client.fine_tuning.jobs.create(
            model="gpt-4o-mini", training_file=upload(client, chat_rows(10)), hyperparameters={"n_epochs": 3}
        )
        clock.advance(0.3)
        assert client.fine_tuning.jobs.retrieve(job.id).status != "succeeded"
        clock.advance(1.0)
        assert client.fine_tuning.jobs.retrieve(job.id).status == "succeeded"


@pytest.mark.parametrize(
    ("examples", "epochs", "batch"),
    [(10, 10, 1), (20, 5, 1), (33, 3, 1), (34, 3, 1), (120, 3, 1), (1000, 3, 2), (9000, 2, 18)],
)
def test_auto_hyperparameters_and_total_steps(
    client: OpenAI, clock: ManualClock, examples: int, epochs: int, batch: int
) -> None:
    assert auto_values(examples, "supervised")["n_epochs"] == epochs
    job = client.fine_tuning.jobs.create(model="gpt-4o-mini", training_file=upload(client, chat_rows(examples)))
    job = run_to(clock, client, job.id, "running", step=10)
    assert (job.hyperparameters.n_epochs, job.hyperparameters.batch_size) == (epochs, batch)
    clock.advance(30)
    event = next(e for e in client.fine_tuning.jobs.list_events(job.id, limit=50) if e.type == "metrics")
    assert event.data["total_steps"] == math.ceil(examples * epochs / batch)


def test_explicit_hyperparameters_give_total_steps(client: OpenAI, clock: ManualClock) -> None:
    job = client.fine_tuning.jobs.create(
        model="gpt-4o-mini",
        training_file=upload(client, chat_rows(30)),
        method={"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": 2, "batch_size": 4}}},
    )
    run_to(clock, client, job.id, "succeeded", step=20)
    first = next(iter(client.fine_tuning.jobs.list_events(job.id)))
    steps = [e.data["step"] for e in client.fine_tuning.jobs.list_events(job.id, limit=100) if e.type == "metrics"]
    assert first.message == "The job has successfully completed"
    assert sorted(steps) == list(range(1, math.ceil(30 * 2 / 4) + 1))


def test_dpo_job_resolves_beta(client: OpenAI, clock: ManualClock) -> None:
    job = client.fine_tuning.jobs.create(
        model="gpt-4o-mini", training_file=upload(client, dpo_rows(12)), method={"type": "dpo"}
    )
    job = run_to(clock, client, job.id, "queued")
    assert job.method.type == "dpo" and job.method.dpo.hyperparameters.beta == 0.1


@pytest.mark.parametrize(
    ("rows", "needle"),
    [
        (chat_rows(5) + ["{oops"] + chat_rows(8), "line 6 is not valid json"),
        (
            chat_rows(4) + [{"messages": [{"role": "user", "content": "hi"}]}] + chat_rows(8),
            "line 5 is missing an assistant message",
        ),
        (chat_rows(5), "Training file has 5 example(s), but must have at least 10 examples"),
    ],
)
def test_bad_training_file_fails_the_job(client: OpenAI, clock: ManualClock, rows: list, needle: str) -> None:
    job = client.fine_tuning.jobs.create(model="gpt-4o-mini", training_file=upload(client, rows))
    failed = run_to(clock, client, job.id, "failed")
    assert failed.error.code == "invalid_training_file" and failed.error.param == "training_file"
    assert needle.lower() in failed.error.message.lower()
    assert failed.fine_tuned_model is None and failed.finished_at is not None
    errors = [e for e in client.fine_tuning.jobs.list_events(job.id) if e.level == "error"]
    assert errors and needle.lower() in errors[0].message.lower()


def test_dpo_file_missing_keys_fails(client: OpenAI, clock: ManualClock) -> None:
    job = client.fine_tuning.jobs.create(
        model="gpt-4o-mini", training_file=upload(client, chat_rows(12)), method={"type": "dpo"}
    )
    failed = run_to(clock, client, job.id, "failed")
    assert "line 1 is missing required key 'input'" in failed.error.message


def test_bad_validation_file_fails_with_its_param(client: OpenAI, clock: ManualClock) -> None:
    job = client.fine_tuning.jobs.create(
        model="gpt-4o-mini", training_file=upload(client, chat_rows(12)), validation_file=upload(client, ["nope"])
    )
    failed = run_to(clock, client, job.id, "failed")
    assert (failed.error.code, failed.error.param) == ("invalid_validation_file", "validation_file")
