"""The ``ftui`` entry point: subcommands, global flags in either place, ``python -m ftui``."""

from __future__ import annotations

import json
import subprocess
import sys

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
