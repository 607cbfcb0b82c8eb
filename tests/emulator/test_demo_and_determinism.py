"""Determinism per seed, the demo seed, result files and job listing."""

from __future__ import annotations

import base64
import csv
import io
from typing import Any

from openai import OpenAI

from ftui.emulator import Emulator, ManualClock
from tests.emulator.conftest import chat_rows, run_to, upload

HEADER = "step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy"


def _session(seed: int) -> dict[str, Any]:
    clock = ManualClock()
    with Emulator(clock=clock, seed=seed) as emu:
        client = OpenAI(api_key="sk-test", base_url=emu.base_url, max_retries=0)
        train = upload(client, chat_rows(20))
        valid = upload(client, chat_rows(5, "v"))
        job = client.fine_tuning.jobs.create(model="gpt-4o-mini", training_file=train, validation_file=valid)
        run_to(clock, client, job.id, "succeeded", step=25)
        events = client.fine_tuning.jobs.list_events(job.id, limit=1000).data
        return {
            "ids": [train, valid, job.id, job.seed],
            "events": [(e.id, e.message, e.data) for e in events],
            "checkpoints": [c.id for c in client.fine_tuning.jobs.checkpoints.list(job.id)],
            "model": client.fine_tuning.jobs.retrieve(job.id).fine_tuned_model,
        }


def test_same_seed_same_ids_and_losses() -> None:
    first, second, other = _session(11), _session(11), _session(12)
    assert first == second
    assert first["ids"] != other["ids"]
    losses = lambda s: [d.get("train_loss") for _, _, d in s["events"]]  # noqa: E731
    assert losses(first) != losses(other)


def test_demo_seed_has_the_five_states() -> None:
    clock = ManualClock()
    with Emulator(clock=clock) as emu:
        roles = emu.seed_demo()
        client = OpenAI(api_key="sk-test", base_url=emu.base_url, max_retries=0)
        jobs = {j.id: j for j in client.fine_tuning.jobs.list(limit=100)}
        states = {role: jobs[job_id].status for role, job_id in roles.items()}
        assert states == {
            "succeeded": "succeeded",
            "failed": "failed",
            "cancelled": "cancelled",
            "running": "running",
            "validating": "validating_files",
        }
        suffixes = {role: jobs[job_id].user_provided_suffix for role, job_id in roles.items()}  # type: ignore[attr-defined]
        assert suffixes["succeeded"] == "support-v1" and suffixes["running"] == "support-v2"
        assert suffixes["validating"] == "dpo-tone"
        assert jobs[roles["failed"]].error.code == "invalid_training_file"
        done = jobs[roles["succeeded"]]
        assert done.validation_file and done.hyperparameters.n_epochs == 3
        assert len(client.fine_tuning.jobs.checkpoints.list(done.id).data) == 3
        live = [e for e in client.fine_tuning.jobs.list_events(roles["running"], limit=1000) if e.type == "metrics"]
        assert live[0].data["total_steps"] == 300 and 20 <= live[0].data["step"] <= 60
        cancelled = [
            e for e in client.fine_tuning.jobs.list_events(roles["cancelled"], limit=1000) if e.type == "metrics"
        ]
        assert 50 < len(cancelled) < cancelled[0].data["total_steps"]
        files = client.files.list()
        assert len([f for f in files if f.purpose == "fine-tune"]) == 4
        assert any(f.filename == "step_metrics.csv" for f in files)
        clock.advance(700)
        assert client.fine_tuning.jobs.retrieve(roles["running"]).status == "succeeded"
    with Emulator(clock=ManualClock()) as again:
        assert again.seed_demo() == roles


def test_result_file_is_base64_csv(client: OpenAI, clock: ManualClock) -> None:
    job = client.fine_tuning.jobs.create(
        model="gpt-4o-mini",
        training_file=upload(client, chat_rows(12)),
        validation_file=upload(client, chat_rows(3, "v")),
    )
    done = run_to(clock, client, job.id, "succeeded", step=25)
    meta = client.files.retrieve(done.result_files[0])
    assert (meta.purpose, meta.filename) == ("fine-tune-results", "step_metrics.csv")
    raw = client.files.content(meta.id).read()
    assert not raw.startswith(b"step")
    text = base64.b64decode(raw).decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert text.splitlines()[0] == HEADER
    assert len(rows) == 12 * (100 // 12) and rows[0]["step"] == "1" and rows[0]["valid_loss"] == ""
    assert rows[9]["valid_loss"] != ""


def test_plain_results_option() -> None:
    clock = ManualClock()
    with Emulator(clock=clock, result_base64=False, speed=50) as emu:
        client = OpenAI(api_key="sk-test", base_url=emu.base_url, max_retries=0)
        job = client.fine_tuning.jobs.create(model="gpt-4o-mini", training_file=upload(client, chat_rows(10)))
        done = run_to(clock, client, job.id, "succeeded", step=1)
        assert client.files.content(done.result_files[0]).read().decode().splitlines()[0] == HEADER


def test_job_list_pages_newest_first_and_filters_metadata(client: OpenAI) -> None:
    train = upload(client, chat_rows(10))
    made = [
        client.fine_tuning.jobs.create(
            model="gpt-4o-mini", training_file=train, metadata={"team": "a" if i % 2 else "b"}
        ).id
        for i in range(5)
    ]
    first = client.fine_tuning.jobs.list(limit=2)
    assert [j.id for j in first.data] == made[::-1][:2] and first.has_more
    assert [j.id for j in client.fine_tuning.jobs.list(limit=2)] == made[::-1]
    assert [j.id for j in client.fine_tuning.jobs.list(metadata={"team": "a"})] == [made[3], made[1]]
    assert client.fine_tuning.jobs.list().has_more is False
