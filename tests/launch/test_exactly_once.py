"""A job is never created twice: `ftui launch` killed, hung up or answered never, then run again.

Real subprocesses of ``python -m ftui launch`` talk over real HTTP to the emulator through a
loopback proxy that holds or loses the answer to the create call (tests/launch/hostile_proxy.py).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from ftui.cli import main
from ftui.emulator import Emulator
from ftui.launch.form import LAUNCH_TAG
from ftui.launch.pending import launches_path

from .conftest import MODEL, REPO, Writer
from .hostile_proxy import HostileProxy


@pytest.fixture
def proxy(emulator: Emulator) -> Iterator[HostileProxy]:
    """The proxy in front of the test emulator; the config's only profile points at it."""
    hostile = HostileProxy(emulator.base_url).start()
    Path(os.environ["FTUI_CONFIG"]).write_text(
        f'[profiles.emu]\nkind = "emulator"\nbase_url = "{hostile.base_url}"\nmax_retries = 0\n'
    )
    try:
        yield hostile
    finally:
        hostile.stop()


def _command(train: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "ftui",
        "launch",
        "--model",
        MODEL,
        "--train",
        str(train),
        "--yes",
        "--set",
        "n_epochs=2",
        *extra,
    ]


def _start(train: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        _command(train, *extra),
        cwd=REPO,
        env=dict(os.environ),
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def _run(train: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        _command(train, *extra), cwd=REPO, env=dict(os.environ), text=True, capture_output=True, timeout=120
    )


def _jobs(emulator: Emulator) -> list[tuple[str, str | None]]:
    with emulator.store.lock:
        return [(job.params.id, (job.params.metadata or {}).get(LAUNCH_TAG)) for job in emulator.store.jobs.values()]


def _saved_ids() -> list[str]:
    data = json.loads(launches_path().read_text(encoding="utf-8"))
    return [record["launch_id"] for record in data["launches"]]


def _wait(event: object, what: str) -> None:
    assert event.wait(60), f"timed out waiting for {what}"  # type: ignore[attr-defined]


def test_sigkill_while_create_is_in_flight_then_rerun_makes_one_job(
    proxy: HostileProxy, emulator: Emulator, write: Writer
) -> None:
    train = write("train.jsonl", 20)
    proxy.modes = ["hold"]  # the server creates the job; the answer never comes back
    first = _start(train)
    _wait(proxy.create_forwarded, "the create call")
    first.kill()  # SIGKILL: no handler, no cleanup
    first.wait(10)
    [(job_id, tag)] = _jobs(emulator)
    assert _saved_ids() == [tag]  # the launch id was on disk before the create was sent
    second = _run(train)
    assert second.returncode == 0, second.stderr
    assert f"Already launched: {job_id}" in second.stdout and "nothing new" in second.stdout
    assert "may already exist" in second.stderr
    assert _jobs(emulator) == [(job_id, tag)] and proxy.creates == 1


def test_sigkill_before_the_server_saw_the_create_then_rerun_launches_once_under_the_same_id(
    proxy: HostileProxy, emulator: Emulator, write: Writer
) -> None:
    train = write("train.jsonl", 20)
    proxy.modes = ["hold_before"]  # the request never reaches the server
    first = _start(train)
    _wait(proxy.create_arrived, "the create call")
    first.kill()
    first.wait(10)
    assert _jobs(emulator) == []
    [launch_id] = _saved_ids()
    second = _run(train)
    assert second.returncode == 0, second.stderr
    assert "created no job" in second.stderr and "Created ftjob-" in second.stdout
    [(_job_id, tag)] = _jobs(emulator)
    assert tag == launch_id
    third = _run(train, "--json")  # and a plain rerun opens it instead of launching again
    assert third.returncode == 0 and json.loads(third.stdout)["already_launched"] is True
    assert len(_jobs(emulator)) == 1


def test_lost_create_response_is_reconciled_now_and_on_relaunch(
    proxy: HostileProxy, emulator: Emulator, write: Writer
) -> None:
    train = write("train.jsonl", 20)
    proxy.modes = ["lose"]  # created on the server, connection closed before the answer
    first = _run(train, "--json")
    assert first.returncode == 0, first.stderr
    created = json.loads(first.stdout)
    assert "checking whether the job was created" in first.stderr
    assert created["already_launched"] is False and [j for j, _ in _jobs(emulator)] == [created["id"]]
    again = _run(train, "--json")
    assert again.returncode == 0, again.stderr
    data = json.loads(again.stdout)
    assert data["id"] == created["id"] and data["already_launched"] is True
    assert data["launch_id"] == created["launch_id"] and len(_jobs(emulator)) == 1 and proxy.creates == 1


def _main(train: Path, *extra: str) -> int:
    return main(_command(train, *extra)[3:])  # in-process: the same command without the subprocess


def test_again_launches_a_second_job_on_purpose(
    proxy: HostileProxy, emulator: Emulator, write: Writer, capsys: pytest.CaptureFixture[str]
) -> None:
    train = write("train.jsonl", 20)
    assert _main(train) == 0 and _main(train) == 0
    assert "Already launched" in capsys.readouterr().out and len(_jobs(emulator)) == 1
    assert _main(train, "--again") == 0 and "Created ftjob-" in capsys.readouterr().out
    tags = [tag for _, tag in _jobs(emulator)]
    assert len(tags) == 2 and len(set(tags)) == 2


def test_a_different_configuration_is_not_held_back(proxy: HostileProxy, emulator: Emulator, write: Writer) -> None:
    train = write("train.jsonl", 20)
    assert _main(train) == 0 and _main(train, "--suffix", "other") == 0
    assert len(_jobs(emulator)) == 2


def test_on_a_terminal_it_asks_open_or_launch_again(
    proxy: HostileProxy,
    emulator: Emulator,
    write: Writer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    train = write("train.jsonl", 20)
    assert _main(train) == 0
    [(job_id, _tag)] = _jobs(emulator)
    asked: list[str] = []
    answers = iter(["o", "l", "y", "q"])
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or next(answers))
    command = [a for a in _command(train) if a != "--yes"][3:]
    assert main(command) == 0 and f"Already launched: {job_id}" in capsys.readouterr().out
    assert f"may already exist as {job_id}" in asked[0] and "Open it, or launch again?" in asked[0]
    assert main(command) == 0 and len(_jobs(emulator)) == 2  # "l" then "y" to the preview
    assert main(command) == 1 and len(_jobs(emulator)) == 2  # "q": nothing


def test_sighup_during_create_exits_at_once_and_keeps_the_launch_id(
    proxy: HostileProxy, emulator: Emulator, write: Writer
) -> None:
    train = write("train.jsonl", 20)
    proxy.modes = ["hold"]
    first = _start(train)
    _wait(proxy.create_forwarded, "the create call")
    hung_up = time.monotonic()
    first.send_signal(signal.SIGHUP)
    _out, err = first.communicate(timeout=25)
    seconds = time.monotonic() - hung_up
    assert first.returncode == 129, err
    assert seconds < 10, f"took {seconds:.1f} s to exit after SIGHUP (the HTTP timeout is 30 s)"
    [(job_id, tag)] = _jobs(emulator)
    assert _saved_ids() == [tag] and f"Launch id {tag} is saved" in err
    second = _run(train)
    assert second.returncode == 0 and f"Already launched: {job_id}" in second.stdout
    assert len(_jobs(emulator)) == 1


def test_an_unwritable_state_dir_warns_and_still_launches(
    proxy: HostileProxy,
    emulator: Emulator,
    write: Writer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    blocked = tmp_path / "not-a-dir"
    blocked.write_text("")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocked))
    assert _main(write("train.jsonl", 20)) == 0
    captured = capsys.readouterr()
    assert "Created ftjob-" in captured.out and "cannot recognise it next time" in captured.err
