"""``ftui watch``: follow a job to its end through faults; exit 0 on success, 1 on failure or cancel."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from ftui.commands import watch
from ftui.providers import Profile, make_provider
from ftui.providers.follow import JobFollower
from tests.commands.conftest import ClockDriver, Emu, run, run_json
from tests.commands.test_metrics import emulator_series


def test_following_a_running_job_to_success(emu: Emu, capsys: pytest.CaptureFixture[str]) -> None:
    with ClockDriver(emu.clock, step=10):
        code, out, err = run(capsys, "watch", emu.jobs["running"], "--interval", "0.005")
    assert code == 0, err
    lines = out.splitlines()
    job = emu.emulator.store.get_job(emu.jobs["running"])
    events = job.events(emu.clock.now())
    assert len(lines) == len(events) and len(set(lines)) == len(lines), "every event once, nothing else"
    assert lines[0].endswith(f"Created fine-tuning job: {emu.jobs['running']}")
    assert lines[-1].endswith("The job has successfully completed")
    assert err.strip() == f"Job {emu.jobs['running']} succeeded."
    assert run_json(capsys, "metrics", emu.jobs["running"], "--json") == emulator_series(emu, "running")


@pytest.mark.parametrize("role", ["failed", "cancelled"])
def test_a_failed_or_cancelled_job_exits_1(emu: Emu, capsys: pytest.CaptureFixture[str], role: str) -> None:
    code, out, err = run(capsys, "watch", emu.jobs[role], "--interval", "0.01")
    assert code == 1
    assert out.splitlines()[0].endswith(f"Created fine-tuning job: {emu.jobs[role]}")
    assert err.startswith(f"Job {emu.jobs[role]} {role}.")


def test_a_job_failing_while_watched_exits_1(
    emu: Emu, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    job = emu.jobs["running"]

    def cancel_then_sleep(seconds: float) -> None:
        if emu.status("running") == "running":
            emu.emulator.store.act(job, "cancel")

    monkeypatch.setattr(watch, "time", SimpleNamespace(sleep=cancel_then_sleep))
    code, out, _ = run(capsys, "watch", job)
    assert code == 1 and "cancelled" in out.lower()


@pytest.mark.parametrize(("fault", "delays"), [("500", [0.25, 0.5]), ("drop", [0.25, 0.5]), ("429", [1.0, 1.0])])
def test_errors_are_retried_with_a_notice(
    emu: Emu,
    emulator_config: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    fault: str,
    delays: list[float],
) -> None:
    slept: list[float] = []
    monkeypatch.setattr(watch, "time", SimpleNamespace(sleep=slept.append))
    emu.emulator.inject(fault, 2)
    code, out, err = run(capsys, "watch", emu.jobs["succeeded"], "--interval", "0.25", "--config", str(emulator_config))
    assert code == 0
    notices = [line for line in err.splitlines() if "retrying in" in line]
    assert len(notices) == 2 and all(line.startswith("ftui: ") for line in notices)
    assert notices[0].endswith(f"retrying in {delays[0]:g} s")
    assert slept[:2] == delays
    assert out.splitlines()[-1].endswith("The job has successfully completed")


def test_a_terminal_gets_a_redrawn_chart(
    emu: Emu, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(watch, "_is_tty", lambda: True)
    monkeypatch.setenv("COLUMNS", "100")  # the terminal's size, whatever runs the test (xdist workers differ)
    monkeypatch.setenv("LINES", "30")
    code, out, _ = run(capsys, "watch", emu.jobs["succeeded"], "--interval", "0.01")
    assert code == 0
    assert out.startswith("\x1b[H\x1b[2J")
    screen = out.rsplit("\x1b[H\x1b[2J", 1)[1]
    assert "support-v1" in screen and "succeeded" in screen and "step 360/360" in screen
    assert "train" in screen and "full valid" in screen and "┤" in screen, "plotext's chart"
    assert "Latest events" in screen and "The job has successfully completed" in screen
    assert screen.rstrip().endswith(f"Job {emu.jobs['succeeded']} succeeded.")


def test_a_screen_without_news_writes_nothing(emu: Emu, capsys: pytest.CaptureFixture[str]) -> None:
    provider = make_provider(Profile("e", "emulator", {"base_url": emu.emulator.base_url}))
    follower = JobFollower(provider, emu.jobs["running"])
    screen = watch._Screen()
    screen.show(follower, follower.poll())
    assert "\x1b[2J" in capsys.readouterr().out
    screen.show(follower, follower.poll())
    assert capsys.readouterr().out == ""
    provider.close()


def test_ctrl_c_exits_130(emu: Emu, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupt(seconds: float) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(watch, "time", SimpleNamespace(sleep=interrupt))
    code, _, err = run(capsys, "watch", emu.jobs["running"])
    assert code == 130 and "Traceback" not in err


def test_the_interval_must_be_positive(emu: Emu, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "watch", emu.jobs["running"], "--interval", "0")
    assert code == 2 and "more than 0" in err


def test_through_a_fifth_of_requests_failing_the_series_is_exact(
    emu: Emu, emulator_config: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(watch, "time", SimpleNamespace(sleep=lambda seconds: emu.clock.advance(40)))
    emu.emulator.faults.fail_rate = 0.2
    code, out, err = run(capsys, "watch", emu.jobs["running"], "--interval", "5", "--config", str(emulator_config))
    emu.emulator.faults.fail_rate = 0.0
    assert code == 0
    assert err.count("retrying in") > 3, "the faults really happened"
    events = emu.emulator.store.get_job(emu.jobs["running"]).events(emu.clock.now())
    assert [line.split("  ", 2)[2].strip() for line in out.splitlines()] == [e["message"] for e in reversed(events)]
    series = run_json(capsys, "metrics", emu.jobs["running"], "--json", "--config", str(emulator_config))
    assert series == emulator_series(emu, "running")
