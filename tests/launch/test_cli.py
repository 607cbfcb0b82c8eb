"""``ftui launch``: dry run, invalid values, confirmation, --json, Bedrock profile checks."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from ftui.cli import main
from ftui.emulator import Emulator
from ftui.providers.base import Provider

from .conftest import HAIKU, MODEL, Writer, claude


@pytest.fixture
def emu_config(emulator: Emulator) -> Path:
    """A config whose only profile is the test emulator."""
    path = Path(os.environ["FTUI_CONFIG"])
    path.write_text(f'[profiles.emu]\nkind = "emulator"\nbase_url = "{emulator.base_url}"\nmax_retries = 0\n')
    return path


@pytest.fixture
def posts(emulator: Emulator) -> list[str]:
    """Every POST the emulator answers."""
    seen: list[str] = []
    emulator.on_response = lambda method, path, status, body: seen.append(path) if method == "POST" else None
    return seen


def test_dry_run_prints_the_preview_and_creates_nothing(
    emu_config: Path, posts: list[str], write: Writer, capsys: pytest.CaptureFixture[str]
) -> None:
    train = write("t.jsonl", 20)
    code = main(["launch", "--model", MODEL, "--train", str(train), "--set", "batch_size=4", "--dry-run"])
    out = capsys.readouterr().out
    assert code == 0 and posts == []
    assert "n_epochs = 5 (auto)" in out and "batch_size = 4" in out and "25 steps" in out
    assert "nothing uploaded or created" in out


def test_dry_run_json(emu_config: Path, write: Writer, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["launch", "--model", MODEL, "--train", str(write("t.jsonl", 20)), "--dry-run", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["epochs"] == 5 and data["hyperparameters"]["n_epochs"] == 5
    assert data["billed_tokens"] > 0 and data["usd"] > 0


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--set", "n_epochs=51"], "n_epochs must be ≤ 50 (1–50, or auto)"),
        (["--set", "epochs=3"], "unknown hyperparameter 'epochs'"),
        (["--set", "batch_size=big"], "batch_size must be an integer (1–256, or auto)"),
        (["--set", "n_epochs"], "--set wants name=value"),
        (["--suffix", "x" * 65], "suffix must be at most 64 characters"),
        (["--method", "dpo", "--set", "beta=3"], "beta must be ≤ 2"),
    ],
)
def test_invalid_value_exits_2_and_uploads_nothing(
    emu_config: Path,
    posts: list[str],
    write: Writer,
    capsys: pytest.CaptureFixture[str],
    flags: list[str],
    message: str,
) -> None:
    code = main(["launch", "--model", MODEL, "--train", str(write("t.jsonl", 20)), "--yes", *flags])
    assert code == 2 and posts == []
    assert message in capsys.readouterr().err


def test_refuses_without_a_terminal_or_yes(
    emu_config: Path,
    posts: list[str],
    write: Writer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    code = main(["launch", "--model", MODEL, "--train", str(write("t.jsonl", 20))])
    assert code == 2 and posts == [] and "--yes" in capsys.readouterr().err


def test_asks_on_a_terminal(
    emu_config: Path,
    posts: list[str],
    write: Writer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    code = main(["launch", "--model", MODEL, "--train", str(write("t.jsonl", 20))])
    assert code == 1 and posts == [] and "not launched" in capsys.readouterr().err


def test_json_prints_the_created_job(
    emu_config: Path, openai_provider: Provider, write: Writer, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "launch",
            "--model",
            MODEL,
            "--train",
            str(write("t.jsonl", 20)),
            "--set",
            "n_epochs=2",
            "--suffix",
            "cli",
            "--metadata",
            "team=cx",
            "--yes",
            "--json",
        ]
    )
    job = json.loads(capsys.readouterr().out)
    assert code == 0 and job["base_model"] == MODEL and job["hyperparameters"]["n_epochs"] == 2
    assert [j.id for j in openai_provider.iter_jobs()] == [job["id"]]
    assert openai_provider.get_job(job["id"]).raw["metadata"]["team"] == "cx"


def test_bad_data_exits_1_and_uploads_nothing(
    emu_config: Path, posts: list[str], write: Writer, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["launch", "--model", MODEL, "--train", str(write("few.jsonl", 3)), "--yes"])
    assert code == 1 and posts == [] and "needs at least 10" in capsys.readouterr().err


def _bedrock_config(driver: Any, **drop: bool) -> None:
    options = {k: v for k, v in driver.profile.options.items() if k not in drop}
    body = "".join(f'{k} = "{v}"\n' for k, v in options.items())
    Path(os.environ["FTUI_CONFIG"]).write_text(f'[profiles.br]\nkind = "bedrock"\n{body}')


def test_bedrock_needs_role_arn(bedrock_driver: Any, write: Writer, capsys: pytest.CaptureFixture[str]) -> None:
    _bedrock_config(bedrock_driver, role_arn=True)
    code = main(["launch", "--model", HAIKU, "--train", str(write("c.jsonl", 40, claude)), "--yes"])
    assert code == 2 and "needs the option role_arn" in capsys.readouterr().err


def test_bedrock_launch(bedrock_driver: Any, write: Writer, capsys: pytest.CaptureFixture[str]) -> None:
    _bedrock_config(bedrock_driver)
    code = main(
        [
            "launch",
            "--model",
            HAIKU,
            "--train",
            str(write("c.jsonl", 40, claude)),
            "--set",
            "epochCount=3",
            "--suffix",
            "cli-bot",
            "--yes",
            "--json",
        ]
    )
    job = json.loads(capsys.readouterr().out)
    assert code == 0 and job["kind"] == "bedrock" and job["name"].startswith("cli-bot-")
    raw = bedrock_driver.provider._bedrock.get_model_customization_job(jobIdentifier=job["id"])
    assert raw["hyperParameters"] == {"epochCount": "3"}
