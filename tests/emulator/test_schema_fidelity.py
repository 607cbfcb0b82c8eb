"""Every JSON response of a whole job life, driven by the real ``openai`` SDK
over HTTP, validates against the schema OpenAI's OpenAPI spec names for it.

The spec is the subset vendored in ``tests/emulator/openapi/``, so these tests always run."""

from __future__ import annotations

import io
import json
from typing import Any

import openai
import pytest
from openai import OpenAI

from ftui.emulator import Emulator, ManualClock
from tests.emulator.conftest import chat_rows, dpo_rows, run_to, upload
from tests.emulator.spec import SPEC_DIR, load_spec, schema_for, spec_path, violations

SERVED = {
    "/files": {"get", "post"},
    "/files/{file_id}": {"get", "delete"},
    "/files/{file_id}/content": {"get"},
    "/fine_tuning/jobs": {"get", "post"},
    "/fine_tuning/jobs/{fine_tuning_job_id}": {"get"},
    "/fine_tuning/jobs/{fine_tuning_job_id}/events": {"get"},
    "/fine_tuning/jobs/{fine_tuning_job_id}/checkpoints": {"get"},
    "/fine_tuning/jobs/{fine_tuning_job_id}/cancel": {"post"},
    "/fine_tuning/jobs/{fine_tuning_job_id}/pause": {"post"},
    "/fine_tuning/jobs/{fine_tuning_job_id}/resume": {"post"},
    "/models": {"get"},
    "/models/{model}": {"get", "delete"},
    "/chat/completions": {"post"},
}
"""Every operation the emulator serves (or is about to): the vendored spec must describe each."""


def test_the_vendored_spec_holds_every_served_operation_and_every_schema_they_reach() -> None:
    raw = json.loads(spec_path().read_text())
    assert (SPEC_DIR / "LICENSE").read_text().startswith("The MIT License")
    for path, methods in SERVED.items():
        assert path in raw["paths"], f"the vendored spec lacks {path}: regenerate it (openapi/extract.py)"
        assert methods <= set(raw["paths"][path]), (path, sorted(raw["paths"][path]))
    for name in (
        "FineTuningJob",
        "FineTuningJobEvent",
        "FineTuningJobCheckpoint",
        "OpenAIFile",
        "Model",
        "DeleteModelResponse",
        "ListModelsResponse",
        "CreateChatCompletionRequest",
        "CreateChatCompletionResponse",
        "ErrorResponse",
    ):
        assert name in raw["components"]["schemas"], name
    refs: set[str] = set()
    stack: list[Any] = [raw["paths"], raw["components"]]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if isinstance(node.get("$ref"), str):
                refs.add(node["$ref"])
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    dangling = sorted(r for r in refs if r.split("/")[3] not in raw["components"].get(r.split("/")[2], {}))
    assert refs and dangling == [], f"$refs with no component (regenerate with openapi/extract.py): {dangling}"
    assert load_spec()["paths"].keys() == raw["paths"].keys()


def _drive_whole_life(emu: Emulator, client: OpenAI, clock: ManualClock) -> None:
    jobs = client.fine_tuning.jobs
    train = upload(client, chat_rows(30), "train.jsonl")
    valid = upload(client, chat_rows(8, "v"), "valid.jsonl")
    prefs = upload(client, dpo_rows(12), "prefs.jsonl")
    broken = upload(client, chat_rows(12)[:3] + ["{not json"] + chat_rows(9), "broken.jsonl")
    assert [f.id for f in client.files.list(limit=2)]  # auto-paginates with after=
    client.files.list(purpose="fine-tune", order="asc", limit=1)
    client.files.retrieve(train)

    auto = jobs.create(
        model="gpt-4o-mini-2024-07-18",
        training_file=train,
        validation_file=valid,
        suffix="fidelity",
        seed=7,
        metadata={"suite": "schema"},
        integrations=[{"type": "wandb", "wandb": {"project": "p", "tags": ["a"]}}],
    )
    explicit = jobs.create(
        model="gpt-4o-mini",
        training_file=train,
        method={
            "type": "supervised",
            "supervised": {"hyperparameters": {"n_epochs": 2, "batch_size": 4, "learning_rate_multiplier": 0.5}},
        },
    )
    legacy = jobs.create(model="gpt-3.5-turbo-0125", training_file=train, hyperparameters={"n_epochs": 1})
    jobs.create(
        model="gpt-4.1-mini-2025-04-14",
        training_file=prefs,
        method={"type": "dpo", "dpo": {"hyperparameters": {"beta": 0.2}}},
    )
    jobs.create(
        model="o4-mini-2025-04-16",
        training_file=train,
        method={
            "type": "reinforcement",
            "reinforcement": {
                "grader": {
                    "type": "string_check",
                    "name": "exact",
                    "input": "{{sample.output_text}}",
                    "reference": "{{item.label}}",
                    "operation": "eq",
                }
            },
        },
    )
    failing = jobs.create(model="gpt-4o-mini-2024-07-18", training_file=broken)

    run_to(clock, client, explicit.id, "running")
    jobs.pause(explicit.id)
    run_to(clock, client, explicit.id, "paused", step=1)
    jobs.resume(explicit.id)
    jobs.cancel(legacy.id)
    assert run_to(clock, client, failing.id, "failed").error.code == "invalid_training_file"
    run_to(clock, client, auto.id, "succeeded", step=20)
    run_to(clock, client, explicit.id, "succeeded", step=20)

    assert len(list(jobs.list(limit=2))) == 6
    jobs.list(metadata={"suite": "schema"})
    events = list(jobs.list_events(auto.id, limit=25))
    assert events[-1].message.startswith("Created fine-tuning job")
    assert len(jobs.checkpoints.list(auto.id).data) == 3
    done = jobs.retrieve(auto.id)
    client.models.list()
    client.models.retrieve(done.fine_tuned_model)
    client.models.retrieve("gpt-4o-mini-2024-07-18")
    client.files.content(done.result_files[0]).read()
    client.files.delete(prefs)

    expected: list[tuple[type[Exception], Any]] = [
        (openai.NotFoundError, lambda: jobs.retrieve("ftjob-nope")),
        (openai.NotFoundError, lambda: client.files.retrieve("file-nope")),
        (openai.NotFoundError, lambda: client.models.retrieve("gpt-nope")),
        (openai.NotFoundError, lambda: jobs.list_events("ftjob-nope")),
        (openai.BadRequestError, lambda: jobs.create(model="gpt-nope", training_file=train)),
        (
            openai.BadRequestError,
            lambda: jobs.create(
                model="gpt-4o-mini",
                training_file=train,
                method={"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": 99}}},
            ),
        ),
        (openai.BadRequestError, lambda: jobs.cancel(auto.id)),
        (openai.BadRequestError, lambda: jobs.pause(auto.id)),
        (openai.BadRequestError, lambda: client.files.create(file=("x.jsonl", io.BytesIO(b"{}")), purpose="nonsense")),
    ]
    for kind, call in expected:
        with pytest.raises(kind):
            call()
    for fault, kind in (
        ("429", openai.RateLimitError),
        ("500", openai.InternalServerError),
        ("403", openai.PermissionDeniedError),
    ):
        emu.inject(fault)
        with pytest.raises(kind):
            jobs.list()


def test_whole_job_life_matches_openapi_schemas(emu: Emulator, client: OpenAI, clock: ManualClock) -> None:
    records: list[tuple[str, str, int, Any]] = []
    emu.on_response = lambda *record: records.append(record)
    _drive_whole_life(emu, client, clock)

    with Emulator(clock=clock, require_key="sk-right-key-123456", refuse_create=True) as locked:
        locked.on_response = lambda *record: records.append(record)
        wrong = OpenAI(api_key="sk-wrong-key-987654", base_url=locked.base_url, max_retries=0)
        with pytest.raises(openai.AuthenticationError):
            wrong.fine_tuning.jobs.list()
        right = OpenAI(api_key="sk-right-key-123456", base_url=locked.base_url, max_retries=0)
        file_id = upload(right, chat_rows(10))
        with pytest.raises(openai.PermissionDeniedError):
            right.fine_tuning.jobs.create(model="gpt-4o-mini", training_file=file_id)

    statuses = {status for _, _, status, _ in records}
    assert {200, 400, 401, 403, 404, 429, 500} <= statuses
    seen_job_statuses = {
        body["status"]
        for _, template, _, body in records
        if isinstance(body, dict) and body.get("object") == "fine_tuning.job"
    }
    assert {
        "validating_files",
        "queued",
        "running",
        "pausing",
        "paused",
        "succeeded",
        "failed",
        "cancelled",
    } <= seen_job_statuses
    problems, checked = violations(records)
    print("\n".join(problems))
    assert problems == []
    assert checked == sum(1 for r in records if r[3] is not None)
    assert checked > 50


def test_validator_catches_a_broken_job() -> None:
    """The checker itself is not vacuous: a wrong field or status is reported."""
    job = {
        "object": "fine_tuning.job",
        "id": "ftjob-x",
        "created_at": 1,
        "error": None,
        "fine_tuned_model": None,
        "finished_at": None,
        "hyperparameters": {},
        "model": "m",
        "organization_id": "o",
        "result_files": [],
        "status": "running",
        "trained_tokens": None,
        "training_file": "f",
        "validation_file": None,
        "seed": 1,
    }
    template = "/fine_tuning/jobs/{fine_tuning_job_id}"
    assert schema_for("GET", template, 200) is not None
    assert violations([("GET", template, 200, job)]) == ([], 1)
    assert violations([("GET", template, 200, {**job, "status": "paused"})]) == ([], 1)
    assert violations([("GET", template, 200, {**job, "status": "exploded"})])[0]
    assert violations([("GET", template, 200, {**job, "seed": "1"})])[0]
    bad_lr = {**job, "hyperparameters": {"learning_rate_multiplier": 0}}
    assert violations([("GET", template, 200, bad_lr)])[0]
    assert violations([("GET", template, 404, {"error": {"message": "x"}})])[0]
