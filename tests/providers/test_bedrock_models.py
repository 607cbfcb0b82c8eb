"""Bedrock custom models on moto's server: what using one takes, with prices only from the profile."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from ftui.providers.bedrock_provider import BedrockProvider
from ftui.providers.records import FineTunedModel


def _model(base: str) -> FineTunedModel:
    return FineTunedModel(
        id="arn:aws:bedrock:us-east-1:123456789012:custom-model/x",
        provider="b",
        kind="bedrock",
        base_model=base,
        job_id="job",
        created_at=None,
        name="x",
    )


def test_usage_note_states_provisioned_throughput_terms_and_only_configured_prices(bedrock_driver: Any) -> None:
    plain = bedrock_driver.provider.usage_note(_model("anthropic.claude-3-haiku-20240307-v1:0:200k"))
    assert "Provisioned Throughput" in plain and "model unit" in plain and "hourly" in plain
    assert "$" not in plain and "pt_hourly_usd" in plain  # no invented price; says how to set one
    assert "On-demand deployment is documented for Amazon Nova bases only" in plain
    priced = BedrockProvider(
        replace(
            bedrock_driver.profile,
            options={**bedrock_driver.profile.options, "pt_hourly_usd": "23.5", "pt_commitment": "OneMonth"},
        )
    )
    note = priced.usage_note(_model("amazon.nova-lite-v1:0:300k"))
    assert "$23.50 per model unit per hour (from your profile)" in note and "OneMonth" in note
    assert "on-demand deployment" in note
    priced.close()


def test_every_custom_model_is_listed_newest_first_and_one_deleted_is_gone(
    bedrock_driver: Any, datasets: tuple[Path, Path]
) -> None:
    provider = bedrock_driver.provider
    train, valid = datasets
    training, validation = provider.upload_file(train), provider.upload_file(valid)
    jobs = [provider.create_job(bedrock_driver.spec(training, validation, f"many{i}")) for i in range(5)]
    models = provider.list_models()
    assert sorted(m.job_id for m in models) == sorted(j.id for j in jobs)
    assert all(m.name and m.id.startswith("arn:aws:bedrock:") for m in models)
    provider.delete_model(models[2].id)
    assert models[2].id not in [m.id for m in provider.list_models()]
    assert provider.take_notices() == []
