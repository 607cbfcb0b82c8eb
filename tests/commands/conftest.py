"""An emulator seeded with the demo jobs, reached through OPENAI_BASE_URL/OPENAI_API_KEY, on a hand-driven clock."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ftui.cli import main
from ftui.emulator import Emulator, ManualClock

KEY = "sk-test-commands-0123456789"
"""The API key the tests put in the environment (never to appear in output)."""


@dataclass
class Emu:
    """The running emulator, its clock and the demo job ids by role."""

    emulator: Emulator
    clock: ManualClock
    jobs: dict[str, str]

    def status(self, role: str) -> str:
        """The native status of a demo job right now."""
        job = self.emulator.store.get_job(self.jobs[role])
        return job.status(self.clock.now())


@pytest.fixture
def emu(monkeypatch: pytest.MonkeyPatch) -> Iterator[Emu]:
    """The demo jobs on an emulator that the SDK finds through the environment."""
    clock = ManualClock()
    emulator = Emulator(seed=5, clock=clock).start()
    try:
        jobs = emulator.seed_demo()
        monkeypatch.setenv("OPENAI_BASE_URL", emulator.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", KEY)
        yield Emu(emulator, clock, jobs)
    finally:
        emulator.stop()


@pytest.fixture
def emulator_config(emu: Emu, tmp_path: Path) -> Path:
    """A config file with an ``emu`` profile on the same emulator and no SDK retries (faults reach ftui)."""
    path = tmp_path / "config.toml"
    path.write_text(f'[profiles.emu]\nkind = "emulator"\nbase_url = "{emu.emulator.base_url}"\nmax_retries = 0\n')
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run ``ftui ARGV`` in-process; return (exit code, stdout, stderr)."""
    try:
        code = main(list(argv))
    except SystemExit as exited:  # argparse rejects the arguments
        code = int(exited.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    """Run a ``--json`` command that must succeed and return its parsed output."""
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    return json.loads(out)


class ClockDriver:
    """Moves a ManualClock forward in the background while a command runs."""

    def __init__(self, clock: ManualClock, step: float, every: float = 0.002) -> None:
        self._clock, self._step, self._every = clock, step, every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self._every):
            self._clock.advance(self._step)

    def __enter__(self) -> ClockDriver:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
