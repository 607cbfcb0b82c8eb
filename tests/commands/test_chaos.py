"""Every CLI command against the hostile emulator (``--chaos``), over real HTTP with the real SDK.

Each case must end in bounded time and a bounded number of requests (counted by the
emulator), say what happened in one clear line, never show a traceback, and exit 0 or 1.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from ftui.commands import watch
from ftui.providers.base import MAX_PAGES
from tests.commands.conftest import Emu, run
from tests.commands.test_metrics import emulator_series

DEADLINE = 1.5
"""The profile's total deadline per call in these tests (seconds)."""
REQUEST_BOUND = 2 * MAX_PAGES + 20
"""No command may send more requests than two capped walks and a few calls."""
TIME_BOUND = 60.0
"""Generous wall-clock bound per command (the machine is shared); the slowest case (200 fresh pages) takes ~12 s."""


@pytest.fixture
def config(emu: Emu, tmp_path: Path) -> Path:
    """An ``openai`` profile on the emulator with a short total deadline per call."""
    path = tmp_path / "chaos.toml"
    path.write_text(f'[profiles.emu]\nkind = "openai"\nbase_url = "{emu.emulator.base_url}"\ntimeout = {DEADLINE}\n')
    emu.emulator.chaos.trickle_delay = 0.25
    return path


def _commands(emu: Emu) -> dict[str, list[str]]:
    return {
        "jobs list": ["jobs", "list"],
        "jobs list --json": ["jobs", "list", "--json", "--limit", "0"],
        "jobs show": ["jobs", "show", emu.jobs["succeeded"]],
        "metrics": ["metrics", emu.jobs["succeeded"], "--json"],
        "watch": ["watch", emu.jobs["succeeded"], "--interval", "0.01"],
    }


def _chaotic(
    emu: Emu,
    capsys: pytest.CaptureFixture[str],
    config: Path,
    scenario: str,
    argv: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> tuple[int, str, str, int, float, list[float]]:
    """Run one command under one scenario; (code, out, err, requests, seconds, watch's waits)."""
    waits: list[float] = []

    def wait(seconds: float) -> None:  # watch retries forever-ish: the server recovers after its first wait
        waits.append(seconds)
        emu.emulator.chaos.clear()

    monkeypatch.setattr(watch, "time", SimpleNamespace(sleep=wait))
    emu.emulator.chaos.reset_counts()
    emu.emulator.chaos.set(scenario)
    start = time.monotonic()
    code, out, err = run(capsys, *argv, "--config", str(config))
    seconds = time.monotonic() - start
    emu.emulator.chaos.clear()
    return code, out, err, emu.emulator.chaos.total, seconds, waits


SCENARIOS = ["endless-pages", "endless-fresh", "trickle", "retry-after-huge", "bad-json"]
COMMANDS = ["jobs list", "jobs list --json", "jobs show", "metrics", "watch"]


@pytest.mark.parametrize("scenario", SCENARIOS)
@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_ends_bounded_and_clear(
    emu: Emu,
    config: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    command: str,
    scenario: str,
) -> None:
    argv = _commands(emu)[command]
    code, out, err, requests, seconds, waits = _chaotic(emu, capsys, config, scenario, argv, monkeypatch)
    assert "Traceback" not in out + err and "unexpected error" not in err
    assert requests <= REQUEST_BOUND, f"{requests} requests"
    assert seconds < TIME_BOUND
    assert code in (0, 1)
    if command == "watch":
        # watch outlives a bad spell: it waits (capped, counted down) and follows the job to its end.
        assert code == 0 and out.splitlines()[-1].endswith("The job has successfully completed"), err
        assert all(w <= 60 for w in waits)
        if scenario.startswith("endless"):
            assert "warning: emu: Reading events of" in err
        else:
            assert waits and "retrying in" in err and "will retry" not in err
        return
    if scenario.startswith("endless"):
        assert code == 0, err
        if (command, scenario) == ("jobs list", "endless-fresh"):
            assert len(out.splitlines()) == 51 and err == "", "50 distinct jobs were asked for and listed"
        else:
            assert "ftui: warning: " in err and "stopped after" in err, err
        if command == "metrics":
            # The result file still gives every step exactly (full-validation points come only from events).
            got, want = json.loads(out), emulator_series(emu, "succeeded")
            assert [(r["step"], r["train_loss"]) for r in got] == [(r["step"], r["train_loss"]) for r in want]
        return
    assert code == 1 and out == ""
    line = err.strip()
    assert len(line.splitlines()) == 1 and line.startswith("ftui: ")
    assert "will retry" not in line
    if scenario == "trickle":
        assert f"did not answer within {DEADLINE:g} s" in line and seconds < 3 * DEADLINE + 5
        assert requests <= 3, "a trickling server is not asked again and again"
    elif scenario == "retry-after-huge":
        assert "rate limited; try again in 3600 s" in line and requests <= 2
    else:
        assert "Unreadable response" in line and requests <= 2


def test_watch_caps_a_huge_retry_after_counts_down_and_gives_up_in_the_end(
    emu: Emu, config: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    waits: list[float] = []
    monkeypatch.setattr(watch, "time", SimpleNamespace(sleep=waits.append))
    monkeypatch.setattr(watch, "_is_tty", lambda: True)  # the countdown is drawn on a terminal
    emu.emulator.chaos.set("retry-after-huge")
    code, _out, err = run(capsys, "watch", emu.jobs["running"], "--config", str(config))
    assert code == 1 and "Traceback" not in err
    assert max(waits) <= 60 and sum(waits) == pytest.approx(60 * (watch._MAX_FAILURES - 1))
    assert "retrying in 60 s" in err and "retrying in 59 s" in err, "a countdown, second by second"
    assert "gave up after" in err and "try again in 3600 s" in err
    assert emu.emulator.chaos.total <= watch._MAX_FAILURES + 1


@pytest.mark.parametrize("rate", [0.2, 0.4])
def test_metrics_is_exact_through_random_faults(
    emu: Emu, config: Path, capsys: pytest.CaptureFixture[str], rate: float
) -> None:
    """At 20% and 40% random 429/500/dropped connections, `ftui metrics` returns the exact series every time."""
    expected = emulator_series(emu, "succeeded")
    emu.emulator.faults.fail_rate = rate
    try:
        for _ in range(4):
            code, out, err = run(capsys, "metrics", emu.jobs["succeeded"], "--json", "--config", str(config))
            assert code == 0, err
            assert json.loads(out) == expected
    finally:
        emu.emulator.faults.fail_rate = 0.0


@pytest.mark.parametrize("scenario", [*SCENARIOS, "lost-create"])
def test_launch_ends_bounded_and_never_makes_two_jobs(
    emu: Emu,
    config: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    scenario: str,
) -> None:
    from tests.providers.conftest import chat_examples

    train = tmp_path / "train.jsonl"
    train.write_text(chat_examples(24), encoding="utf-8")
    before = len(emu.emulator.store.jobs)
    argv = ["launch", "--model", "gpt-4o-mini-2024-07-18", "--train", str(train), "--yes"]
    code, out, err, requests, seconds, _ = _chaotic(emu, capsys, config, scenario, argv, monkeypatch)
    created = len(emu.emulator.store.jobs) - before
    assert "Traceback" not in out + err and "unexpected error" not in err
    assert requests <= REQUEST_BOUND and seconds < TIME_BOUND
    assert created <= 1, "never two jobs"
    if scenario.startswith("endless") or scenario == "lost-create":
        assert code == 0 and created == 1 and out.startswith("Created ftjob-"), err
        if scenario.startswith("endless"):
            assert "Listing files: the server kept answering has_more" in err and "ftui: warning: " in err
        else:
            assert "checking whether the job was created anyway" in err
    else:
        assert code == 1 and created == 0 and "will retry" not in err
        assert err.strip().splitlines()[-1].startswith("ftui: ")
