"""Form checks, clone, presets (TOML) and the draft (JSON)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from ftui.launch import LaunchForm, clone_job, field_errors
from ftui.launch.form import parse_metadata
from ftui.launch.store import (
    apply_preset,
    clear_draft,
    draft_path,
    load_draft,
    load_presets,
    presets_path,
    save_draft,
    save_preset,
)
from ftui.providers import Job, JobStatus
from ftui.providers.bedrock_provider import BedrockProvider
from ftui.providers.openai_provider import OpenAIProvider

from .conftest import MODEL, Writer


def test_field_errors(write: Writer) -> None:
    ok = LaunchForm(training=str(write("t.jsonl", 3)), suffix="x" * 64, seed="42")
    assert field_errors(ok, OpenAIProvider) == {}
    bad = LaunchForm(training="/nope.jsonl", suffix="x" * 65, seed="-1", metadata={"ftui_launch": "x"})
    assert set(field_errors(bad, OpenAIProvider)) == {"training", "suffix", "seed", "metadata"}
    assert "at most 64" in field_errors(bad, OpenAIProvider)["suffix"]
    assert "suffix" not in field_errors(LaunchForm(training="s3://b/k.jsonl", suffix="x" * 80), BedrockProvider)


def test_metadata_text() -> None:
    assert parse_metadata("team=cx, stage = dev,") == {"team": "cx", "stage": "dev"}


def test_clone_openai_and_bedrock_jobs() -> None:
    job = Job(
        "demo",
        "emulator",
        "ftjob-1",
        "support-v1",
        MODEL,
        JobStatus.SUCCEEDED,
        "succeeded",
        hyperparameters={"n_epochs": 3, "batch_size": 1, "learning_rate_multiplier": 1.8},
        method="dpo",
        training_file="file-abc",
        validation_file=None,
        raw={"metadata": {"team": "cx", "ftui_launch": "12345678"}, "seed": 7},
    )
    form = clone_job(job)
    assert form == LaunchForm(
        "demo",
        MODEL,
        "dpo",
        {"n_epochs": "3", "batch_size": "1", "learning_rate_multiplier": "1.8"},
        "support-v1",
        "7",
        "file-abc",
        "",
        {"team": "cx"},
    )
    bedrock = Job(
        "br",
        "bedrock",
        "bot-0badcafe-20261121-120000-123",
        "bot-0badcafe-20261121-120000-123",
        "anthropic.claude-3-haiku-20240307-v1:0:200k",
        JobStatus.RUNNING,
        "InProgress",
        hyperparameters={"epochCount": 2},
        method="FINE_TUNING",
        training_file="s3://b/t.jsonl",
    )
    form = clone_job(bedrock)
    assert (form.suffix, form.method, form.values, form.training) == (
        "bot",
        "supervised",
        {"epochCount": "2"},
        "s3://b/t.jsonl",
    )


def test_presets_round_trip_as_toml(tmp_path: Path) -> None:
    form = LaunchForm(
        "demo",
        MODEL,
        "dpo",
        {"beta": "0.2", "n_epochs": "auto"},
        'quote "me"',
        "3",
        "/data/t.jsonl",
        "",
        {"team": "cx"},
    )
    path = save_preset("dpo small", form)
    assert path == presets_path() and path.parent == Path(__import__("os").environ["FTUI_CONFIG"]).parent
    data = tomllib.loads(path.read_text())
    assert data["presets"]["dpo small"]["values"] == {"beta": "0.2", "n_epochs": "auto"}
    save_preset("other", LaunchForm(base_model="babbage-002"))
    presets = load_presets()
    assert list(presets) == ["dpo small", "other"]
    preset = presets["dpo small"]
    assert preset.training == "" and preset.profile == "" and preset.suffix == 'quote "me"'
    applied = apply_preset(LaunchForm("prod", "x", training="/mine.jsonl", values={"n_epochs": "9"}), preset)
    assert (applied.profile, applied.training, applied.base_model) == ("prod", "/mine.jsonl", MODEL)
    assert applied.values == {"beta": "0.2", "n_epochs": "auto"}


def test_broken_presets_file_reads_as_empty() -> None:
    presets_path().parent.mkdir(parents=True, exist_ok=True)
    presets_path().write_text("[presets.x\n")
    assert load_presets() == {}


def test_draft_round_trip() -> None:
    assert load_draft() is None
    form = LaunchForm("demo", MODEL, values={"n_epochs": "4"}, training="/t.jsonl")
    save_draft(form)
    assert draft_path().is_file() and load_draft() == form
    clear_draft()
    assert load_draft() is None
