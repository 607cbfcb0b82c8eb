"""Fine-tuned models, one contract for every provider: listed after a job succeeds, deletable once.

OpenAI runs against the emulator over real HTTP; Bedrock against moto's server mode
(``list_custom_models``, ``get_custom_model`` and ``delete_custom_model`` are implemented
there; Bedrock ``converse`` is not, so Bedrock evaluation is refused with the reason).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ftui.providers import NotFoundError, UnsupportedError
from ftui.providers.records import FineTunedModel


def _succeeded(driver: Any, datasets: tuple[Path, Path], suffix: str) -> Any:
    train, valid = datasets
    provider = driver.provider
    job = provider.create_job(driver.spec(provider.upload_file(train), provider.upload_file(valid), suffix))
    driver.finish(job.id, "succeeded")
    return provider.get_job(job.id)


def _final(models: list[FineTunedModel], job_id: str) -> FineTunedModel:
    finals = [m for m in models if m.job_id == job_id and not m.is_checkpoint]
    assert len(finals) == 1, models
    return finals[0]


def test_a_succeeded_jobs_model_is_listed_with_its_job_base_and_losses(
    driver: Any, datasets: tuple[Path, Path]
) -> None:
    job = _succeeded(driver, datasets, "listed")
    models = driver.provider.list_models()
    model = _final(models, job.id)
    assert model.provider == driver.provider.name and model.kind == driver.provider.kind
    assert model.base_model and model.base_model in job.base_model
    assert model.created_at is not None and model.created_at.tzinfo is not None
    assert "train_loss" in model.metrics
    created = [m.created_at.timestamp() for m in models if m.created_at]
    assert created == sorted(created, reverse=True)
    assert model.id in driver.provider.usage_note(model)
    assert driver.provider.take_notices() == []


def test_checkpoints_carry_their_step_and_metrics(driver: Any, datasets: tuple[Path, Path]) -> None:
    job = _succeeded(driver, datasets, "ckpts")
    checkpoints = [m for m in driver.provider.list_models() if m.job_id == job.id and m.is_checkpoint]
    if not driver.provider.checkpoints(job.id):
        assert checkpoints == []  # Bedrock keeps no checkpoints
        return
    assert checkpoints and all(c.step and c.step > 0 and c.metrics for c in checkpoints)
    assert all(c.base_model == job.base_model for c in checkpoints)


def test_delete_removes_the_model_and_a_second_delete_is_not_found(driver: Any, datasets: tuple[Path, Path]) -> None:
    job = _succeeded(driver, datasets, "deleted")
    model = _final(driver.provider.list_models(), job.id)
    driver.provider.delete_model(model.id)
    assert model.id not in [m.id for m in driver.provider.list_models()]
    with pytest.raises(NotFoundError):
        driver.provider.delete_model(model.id)


def test_evaluation_works_or_says_what_is_needed(driver: Any, datasets: tuple[Path, Path]) -> None:
    job = _succeeded(driver, datasets, "evaluate")
    model = _final(driver.provider.list_models(), job.id)
    blocker = driver.provider.evaluation_blocker(model)
    messages = [{"role": "user", "content": "Where is my order #1003?"}]
    if blocker is None:
        pieces: list[str] = []
        answer = driver.provider.chat(model.id, messages, max_tokens=50, on_delta=pieces.append)
        assert answer.text and answer.text == "".join(pieces)
        assert answer.input_tokens and answer.output_tokens and answer.finish_reason
        assert driver.provider.chat(model.id, messages, max_tokens=50).text
    else:
        assert "Provisioned Throughput" in blocker and "cannot evaluate" in blocker
        assert "$" not in driver.provider.usage_note(model)  # no price was configured: none invented
        with pytest.raises(UnsupportedError):
            driver.provider.chat(model.id, messages)
