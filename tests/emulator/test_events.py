"""Events: newest first, cursor pagination, visibility in time, metric keys,
curves and checkpoints."""

from __future__ import annotations

import re
from typing import Any

import openai
import pytest
from openai import OpenAI

from ftui.emulator import ManualClock
from tests.emulator.conftest import chat_rows, run_to, upload

BASE_KEYS = {"step", "total_steps", "train_loss", "train_mean_token_accuracy"}
VALID_KEYS = {"valid_loss", "valid_mean_token_accuracy"}
FULL_KEYS = {"full_valid_loss", "full_valid_mean_token_accuracy"}


def _finished_job(client: OpenAI, clock: ManualClock, validation: bool, epochs: int = 3) -> str:
    kwargs: dict[str, Any] = {}
    if validation:
        kwargs["validation_file"] = upload(client, chat_rows(6, "v"), "valid.jsonl")
    job = client.fine_tuning.jobs.create(
        model="gpt-4o-mini",
        training_file=upload(client, chat_rows(40)),
        method={"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": epochs}}},
        **kwargs,
    )
    run_to(clock, client, job.id, "succeeded", step=30)
    return job.id


def _all_events(client: OpenAI, job_id: str) -> list[Any]:
    return client.fine_tuning.jobs.list_events(job_id, limit=10_000).data


def test_events_are_newest_first_and_pages_have_no_gaps(client: OpenAI, clock: ManualClock) -> None:
    job_id = _finished_job(client, clock, validation=True)
    everything = _all_events(client, job_id)
    stamps = [e.created_at for e in everything]
    assert stamps == sorted(stamps, reverse=True)
    assert everything[0].message == "The job has successfully completed"
    assert everything[-1].message == f"Created fine-tuning job: {job_id}"
    page = client.fine_tuning.jobs.list_events(job_id, limit=7)
    paged = list(page.data)
    assert len(paged) == 7 and page.has_more
    while page.has_next_page():
        page = page.get_next_page()
        paged.extend(page.data)
    assert [e.id for e in paged] == [e.id for e in everything]
    assert len({e.id for e in paged}) == len(paged)
    assert all(e.id.startswith("ftevent-") for e in paged)


def test_events_appear_only_once_their_time_has_passed(client: OpenAI, clock: ManualClock) -> None:
    job = client.fine_tuning.jobs.create(model="gpt-4o-mini", training_file=upload(client, chat_rows(20)))
    first = _all_events(client, job.id)
    assert [e.message for e in first] == [
        f"Validating training file: {job.training_file}",
        f"Created fine-tuning job: {job.id}",
    ]
    assert all(e.data == {} and e.type == "message" for e in first)
    run_to(clock, client, job.id, "running", step=0.5)
    messages = [e.message for e in _all_events(client, job.id)]
    assert "Files validated, moving job to queued state" in messages
    assert messages[0] == "Fine-tuning job started"
    clock.advance(11)
    newest = _all_events(client, job.id)[0]
    assert newest.type == "metrics" and 4 <= newest.data["step"] <= 7


def test_metric_keys_without_validation_file(client: OpenAI, clock: ManualClock) -> None:
    job_id = _finished_job(client, clock, validation=False)
    metrics = [e for e in _all_events(client, job_id) if e.type == "metrics"]
    assert len(metrics) == 120
    assert all(set(e.data) == BASE_KEYS for e in metrics)
    assert all(re.fullmatch(r"Step \d+/120: training loss=\d+\.\d\d", e.message) for e in metrics)


def test_metric_keys_with_validation_file(client: OpenAI, clock: ManualClock) -> None:
    job_id = _finished_job(client, clock, validation=True)
    metrics = {e.data["step"]: e for e in _all_events(client, job_id) if e.type == "metrics"}
    epoch_ends = {40, 80, 120}
    for step, event in metrics.items():
        keys = set(event.data)
        assert keys >= BASE_KEYS
        assert (keys >= VALID_KEYS) == (step % 10 == 0 or step in epoch_ends)
        assert (keys >= FULL_KEYS) == (step in epoch_ends)
        if step in epoch_ends:
            assert ", full validation loss=" in event.message
        elif step % 10 == 0:
            assert re.fullmatch(rf"Step {step}/120: training loss=\S+, validation loss=\S+", event.message)
    assert sum(set(e.data) >= VALID_KEYS for e in metrics.values()) == 12


def test_curves_are_plausible(client: OpenAI, clock: ManualClock) -> None:
    job_id = _finished_job(client, clock, validation=True)
    steps = sorted((e.data for e in _all_events(client, job_id) if e.type == "metrics"), key=lambda d: d["step"])
    head, tail = steps[:10], steps[-10:]
    mean = lambda rows, key: sum(r[key] for r in rows) / len(rows)  # noqa: E731
    assert mean(head, "train_loss") > 1.2 > 0.7 > mean(tail, "train_loss")
    assert mean(head, "train_mean_token_accuracy") < 0.7 < mean(tail, "train_mean_token_accuracy")
    valid = [r for r in steps if "valid_loss" in r]
    assert mean(valid[-3:], "valid_loss") > mean(tail, "train_loss")


def test_checkpoints_at_epoch_ends_keep_last_three(client: OpenAI, clock: ManualClock) -> None:
    job_id = _finished_job(client, clock, validation=True, epochs=5)
    page = client.fine_tuning.jobs.checkpoints.list(job_id)
    assert [c.step_number for c in page.data] == [200, 160, 120]
    assert page.first_id == page.data[0].id and page.last_id == page.data[-1].id
    model = client.fine_tuning.jobs.retrieve(job_id).fine_tuned_model
    top = page.data[0]
    assert top.id.startswith("ftckpt_") and top.fine_tuned_model_checkpoint == f"{model}:ckpt-step-200"
    assert top.metrics.full_valid_loss is not None and top.metrics.step == 200
    second = client.fine_tuning.jobs.checkpoints.list(job_id, limit=1, after=page.data[0].id)
    assert [c.step_number for c in second.data] == [160] and second.has_more
    messages = [e.message for e in _all_events(client, job_id)]
    assert sum(m.startswith("Checkpoint created at step") for m in messages) == 5
    assert f"New fine-tuned model created: {model}" in messages


def test_unknown_event_cursor_is_a_400(client: OpenAI) -> None:
    job = client.fine_tuning.jobs.create(model="gpt-4o-mini", training_file=upload(client, chat_rows(10)))
    with pytest.raises(openai.BadRequestError) as info:
        client.fine_tuning.jobs.list_events(job.id, after="ftevent-nope")
    assert info.value.param == "after"
    newest = client.fine_tuning.jobs.list_events(job.id, limit=1)
    rest = client.fine_tuning.jobs.list_events(job.id, after=newest.data[0].id)
    assert [e.message for e in rest.data] == [f"Created fine-tuning job: {job.id}"] and not rest.has_more
