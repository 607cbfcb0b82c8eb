"""``ftui --demo --speed N``: the demo's jobs run N times faster, in the app and in the commands.

The running demo job ("support-v2") needs about nine more minutes at real pace; at a high speed it
must reach "succeeded" while the test watches (polled until a state, bounded, never a sleep).
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from ftui.cli import main
from ftui.providers import JobStatus
from ftui.tui import app as app_module
from tests.pilot import screen_line, settle

WAIT = 60.0
"""Generous bound for a fast demo job to end on a loaded machine (it takes well under a second)."""


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exited:  # argparse refused the arguments
        code = int(exited.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("value", ["0", "-3", "abc", "nan", "inf", ""])
@pytest.mark.parametrize("where", ["before", "after"])
def test_a_speed_that_is_not_a_positive_number_is_refused_in_one_line(
    capsys: pytest.CaptureFixture[str], value: str, where: str
) -> None:
    flags = ["--demo", "--speed", value]
    argv = [*flags, "jobs", "list"] if where == "before" else ["jobs", "list", *flags]
    code, out, err = _run(capsys, *argv)
    assert code == 2 and out == ""
    assert "argument --speed: expected a positive number such as 20" in err
    assert "Traceback" not in err


def test_speed_without_demo_says_to_add_demo(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "--speed", "20", "jobs", "list")
    assert code == 2 and out == ""
    assert err.strip().startswith("ftui: --speed sets the pace of the demo's jobs: use it with --demo")
    assert "Traceback" not in err


def _running_job(capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["--demo", "jobs", "list", "--json"]) == 0
    jobs = json.loads(capsys.readouterr().out)
    return next(job["id"] for job in jobs if job["status"] == "running")


@pytest.mark.parametrize("where", ["before", "after"])
def test_watch_under_demo_speed_sees_the_running_job_succeed(capsys: pytest.CaptureFixture[str], where: str) -> None:
    job_id = _running_job(capsys)
    flags = ["--demo", "--speed", "1000"]
    argv = [*flags, "watch", job_id] if where == "before" else ["watch", job_id, *flags]
    # In a subprocess with a bound: without the speed the job needs about nine minutes.
    done = subprocess.run(
        [sys.executable, "-m", "ftui", *argv, "--interval", "0.2"], capture_output=True, text=True, timeout=WAIT
    )
    assert done.returncode == 0, done.stderr
    assert f"Job {job_id} succeeded." in done.stderr  # the outcome line goes to stderr in a pipe
    assert "The job has successfully completed" in done.stdout


def test_demo_at_normal_speed_still_has_a_running_job(capsys: pytest.CaptureFixture[str]) -> None:
    job_id = _running_job(capsys)
    assert main(["--demo", "jobs", "show", job_id, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "running"


def test_the_app_under_demo_speed_shows_the_running_job_succeed(monkeypatch: pytest.MonkeyPatch) -> None:
    """``ftui --demo --speed 1000`` through the CLI: the jobs table turns "support-v2" from running to succeeded."""
    config = Path(os.environ["FTUI_CONFIG"])
    config.write_text("refresh_interval = 1\n", encoding="utf-8")  # poll often: the test waits for a refresh
    seen: dict[str, Any] = {}

    class Driven(app_module.FtuiApp):
        def run(self, *args: Any, **kwargs: Any) -> Any:  # the CLI calls run(): drive the app headless instead
            asyncio.run(self._drive())

        async def _drive(self) -> None:
            from ftui.tui.panes.jobs import JobsPane

            async with self.run_test(size=(100, 30)) as pilot:
                deadline = time.monotonic() + WAIT
                pane = None
                while time.monotonic() < deadline:
                    await settle(pilot)
                    panes = self.screen.query(JobsPane)
                    pane = panes.first() if panes else None
                    statuses = {job.name: job.status for job in pane.shown} if pane is not None else {}
                    seen["last"] = statuses.get("support-v2")
                    if seen["last"] is JobStatus.SUCCEEDED:
                        break
                    await pilot.pause(0.1)
                seen["speed"] = self.services.session.speed
                seen["banner"] = screen_line(self.screen.query_one("#demo-banner"))

    monkeypatch.setattr(app_module, "FtuiApp", Driven)
    assert main(["--demo", "--speed", "1000"]) == 0
    assert seen["speed"] == 1000
    assert "at 1000× speed" in seen["banner"], seen["banner"]  # the header says the pace is not real
    assert seen["last"] is JobStatus.SUCCEEDED, f"support-v2 was still {seen['last']} after {WAIT:g} s"


@pytest.mark.parametrize(
    ("argv", "speed"),
    [(["emulator"], None), (["--speed", "20", "emulator"], 20.0), (["emulator", "--speed", "5"], 5.0)],
)
def test_the_emulator_command_parses_with_or_without_a_speed(argv: list[str], speed: float | None) -> None:
    """``ftui emulator`` with no --speed must start (it once failed: "invalid float value: '==SUPPRESS=='")."""
    from ftui.cli import build_parser

    args = build_parser("emulator").parse_args(argv)
    assert getattr(args, "speed", None) == speed  # None: main() gives the emulator its default pace, 1
