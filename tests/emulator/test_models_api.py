"""``/v1/models`` on the demo through the real SDK: base models, the succeeded job's fine-tuned
model and its checkpoints, retrieval, and deletion (which really removes the model)."""

from __future__ import annotations

from collections.abc import Iterator

import openai
import pytest
from openai import OpenAI

from ftui.emulator import Emulator, ManualClock
from ftui.emulator.job import ORG

HI = [{"role": "user", "content": "How do I reset my password?"}]


@pytest.fixture
def demo() -> Iterator[tuple[Emulator, OpenAI, dict[str, str]]]:
    """A fresh demo emulator (each test deletes things), a client and the demo's job ids."""
    with Emulator(clock=ManualClock(start=1_767_225_600.0), seed=0) as emu:
        jobs = emu.seed_demo()
        sdk = OpenAI(api_key="sk-test", base_url=emu.base_url, max_retries=0, timeout=10)
        yield emu, sdk, jobs
        sdk.close()


def test_list_shows_base_fine_tuned_and_checkpoints(demo: tuple[Emulator, OpenAI, dict[str, str]]) -> None:
    _, client, jobs = demo
    done = client.fine_tuning.jobs.retrieve(jobs["succeeded"])
    assert done.status == "succeeded" and done.validation_file and done.fine_tuned_model
    models = {m.id: m for m in client.models.list()}
    assert models["gpt-4o-mini-2024-07-18"].owned_by == "system"
    checkpoints = [c.fine_tuned_model_checkpoint for c in client.fine_tuning.jobs.checkpoints.list(done.id)]
    assert len(checkpoints) == 3
    tuned = [i for i in models if i.startswith("ft:")]
    assert set(tuned) == {done.fine_tuned_model, *checkpoints}  # only the succeeded job made models
    assert all(models[i].owned_by == ORG for i in tuned)
    assert tuned[-1] == done.fine_tuned_model  # oldest first: checkpoints, then the final model
    got = client.models.retrieve(checkpoints[0])
    assert (got.id, got.owned_by, got.object) == (checkpoints[0], ORG, "model")
    for model in (done.fine_tuned_model, checkpoints[-1]):
        assert client.chat.completions.create(model=model, messages=HI, seed=0).model == model


def test_delete_removes_the_model_everywhere(demo: tuple[Emulator, OpenAI, dict[str, str]]) -> None:
    _, client, jobs = demo
    model = client.fine_tuning.jobs.retrieve(jobs["succeeded"]).fine_tuned_model
    assert model
    checkpoint = next(m.id for m in client.models.list() if m.id.startswith(model + ":ckpt-step-"))
    gone = client.models.delete(model)
    assert (gone.id, gone.object, gone.deleted) == (model, "model", True)
    assert model not in [m.id for m in client.models.list()]
    with pytest.raises(openai.NotFoundError) as err:
        client.models.retrieve(model)
    assert err.value.code == "model_not_found"
    with pytest.raises(openai.NotFoundError):
        client.chat.completions.create(model=model, messages=HI)
    with pytest.raises(openai.NotFoundError):
        client.models.delete(model)  # deleting twice: it no longer exists
    # Its checkpoints are models of their own: still there, still answering, deletable on their own.
    assert client.chat.completions.create(model=checkpoint, messages=HI, seed=0).choices[0].message.content
    assert client.models.delete(checkpoint).deleted
    assert checkpoint not in [m.id for m in client.models.list()]


def test_base_and_unknown_models_cannot_be_deleted(demo: tuple[Emulator, OpenAI, dict[str, str]]) -> None:
    _, client, _ = demo
    with pytest.raises(openai.PermissionDeniedError):
        client.models.delete("gpt-4o-mini-2024-07-18")
    with pytest.raises(openai.PermissionDeniedError):
        client.models.delete("gpt-4o-mini")
    with pytest.raises(openai.NotFoundError):
        client.models.delete("ft:gpt-4o-mini-2024-07-18:someone-else::abc123")
    assert "gpt-4o-mini-2024-07-18" in [m.id for m in client.models.list()]
    with pytest.raises(openai.NotFoundError):  # a running job has no model yet
        client.chat.completions.create(model="ft:gpt-4o-mini-2024-07-18:emulator:support-v2:x", messages=HI)
