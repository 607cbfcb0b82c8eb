"""The ``ftui`` entry point: subcommands, global flags in either place, ``python -m ftui``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ftui.cli import main


def test_global_flags_may_come_before_the_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--demo", "jobs", "list", "--json"]) == 0
    jobs = json.loads(capsys.readouterr().out)
    assert {job["status"] for job in jobs} >= {"running", "succeeded", "failed", "cancelled"}


def test_python_dash_m_runs_the_cli() -> None:
    out = subprocess.run([sys.executable, "-m", "ftui", "--help"], capture_output=True, text=True, check=True).stdout
    for command in ("emulator", "validate", "jobs", "metrics", "watch", "config"):
        assert command in out


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exited:  # argparse refused the arguments
        code = int(exited.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    "argv",
    [
        ["--read-only", "--demo", "jobs", "cancel", "ftjob-x", "--yes"],
        ["--demo", "jobs", "cancel", "ftjob-x", "--yes", "--read-only"],
        ["--read-only", "jobs", "cancel", "ftjob-x", "--yes", "--demo"],
    ],
)
def test_read_only_refuses_a_cancel_wherever_the_flag_is(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, _, err = _run(capsys, *argv)
    assert code == 2 and "read-only: cancel of jobs is turned off" in err and "unrecognized" not in err


@pytest.mark.parametrize(
    "argv",
    [
        ["--no-color", "--demo", "jobs", "list", "--json"],
        ["--demo", "--no-color", "jobs", "list", "--json"],
        ["jobs", "list", "--json", "--demo", "--no-color"],
        ["--read-only", "jobs", "list", "--demo", "--json"],
    ],
)
def test_global_flags_work_before_and_after_the_subcommand(
    capsys: pytest.CaptureFixture[str], argv: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "")  # recorded, so the flag's NO_COLOR=1 is undone after the test
    monkeypatch.delenv("NO_COLOR")
    code, out, err = _run(capsys, *argv)
    assert code == 0, err
    assert {job["status"] for job in json.loads(out)} >= {"running", "succeeded"}
    if "--no-color" in argv:
        import os

        assert os.environ.get("NO_COLOR") == "1"


def test_an_unknown_profile_before_the_subcommand_names_the_known_ones(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[profiles.emu]\nkind = "openai"\nbase_url = "http://127.0.0.1:9/v1"\n', encoding="utf-8")
    code, _, err = _run(capsys, "--config", str(config), "--profile", "prod", "jobs", "list")
    assert code == 2 and "No profile named 'prod'" in err and "emu" in err


def test_each_subcommand_has_its_own_help_with_the_shared_flags(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "--read-only", "jobs", "list", "--help")
    assert code == 0 and "usage: ftui jobs list" in out and "--read-only" in out and "--profile" in out
