"""The TUI in a real terminal (a pty subprocess): SIGHUP while a create call hangs exits at once, id kept."""

from __future__ import annotations

import fcntl
import os
import pty
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from ftui.emulator import Emulator
from ftui.launch import LaunchForm
from ftui.launch.form import LAUNCH_TAG
from ftui.launch.store import load_draft_launch, save_draft

from .conftest import MODEL, REPO, Writer
from .hostile_proxy import HostileProxy


@pytest.fixture
def proxy(emulator: Emulator) -> Iterator[HostileProxy]:
    hostile = HostileProxy(emulator.base_url).start()
    try:
        yield hostile
    finally:
        hostile.stop()


class _Terminal:
    """``python -m ftui`` on a pseudo-terminal; everything it draws is collected."""

    def __init__(self) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "ftui"],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=REPO,
            env=env,
            start_new_session=True,
        )
        os.close(slave)
        self.master = master
        self.output = bytearray()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.output += chunk

    def seen(self, text: bytes, since: int = 0) -> bool:
        return text in bytes(self.output[since:])

    def wait_for(self, text: bytes, seconds: float, since: int = 0) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.seen(text, since):
                return True
            time.sleep(0.05)
        return False

    def press(self, keys: bytes) -> None:
        os.write(self.master, keys)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
        os.close(self.master)


def test_sighup_while_the_tui_creates_a_job_exits_at_once_and_keeps_the_launch_id(
    proxy: HostileProxy, emulator: Emulator, write: Writer, tmp_path: Path
) -> None:
    train = write("train.jsonl", 20)
    Path(os.environ["FTUI_CONFIG"]).write_text(
        f'dataset_dirs = ["{tmp_path}"]\n[profiles.emu]\nkind = "emulator"\nbase_url = "{proxy.base_url}"\n'
        "max_retries = 0\n"
    )
    save_draft(LaunchForm(profile="emu", base_model=MODEL, training=str(train), values={"n_epochs": "2"}))
    proxy.modes = ["hold"]  # the job is created; the answer never comes
    terminal = _Terminal()
    try:
        assert terminal.wait_for(b"Launch", 60), bytes(terminal.output[-2000:])
        terminal.press(b"3")
        for _attempt in range(40):  # ctrl+l until the data check is done and the confirmation shows
            mark = len(terminal.output)
            terminal.press(b"\x0c")
            if terminal.wait_for(b"Launch on", 3, since=mark):
                break
        else:
            pytest.fail("the confirmation never showed")
        terminal.press(b"y")
        assert proxy.create_forwarded.wait(60), "the create call never came"
        hung_up = time.monotonic()
        terminal.process.send_signal(signal.SIGHUP)
        terminal.process.wait(30)
        seconds = time.monotonic() - hung_up
    finally:
        terminal.close()
    assert seconds < 10, f"{seconds:.1f} s to exit after SIGHUP mid-create (the HTTP timeout is 30 s)"
    with emulator.store.lock:
        [job] = list(emulator.store.jobs.values())
    launch = load_draft_launch()
    assert launch is not None and launch["id"] == (job.params.metadata or {})[LAUNCH_TAG]
