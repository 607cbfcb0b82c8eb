"""Bytes ftui writes to the terminal: idle on the jobs screen, and following a live plot.

Runs ``ftui --demo`` in a detached tmux session (100×30), records what the app writes
with ``tmux pipe-pane`` for a fixed time, and prints bytes per second against the
budgets (1 KB/s idle, 10 KB/s with a plot updating every second). Needs tmux.
Run: ``python benchmarks/bench_terminal_output.py [seconds]``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SESSION = "ftui-bench-output"


def tmux(*args: str) -> None:
    """Run a tmux command."""
    subprocess.run(["tmux", *args], check=True)


def measure(log: Path, seconds: float) -> float:
    """Bytes per second written to the pane during ``seconds``."""
    tmux("pipe-pane", "-t", SESSION, "-o", f"cat >> {log}")
    time.sleep(seconds)
    tmux("pipe-pane", "-t", SESSION)
    time.sleep(0.5)
    size = log.stat().st_size if log.exists() else 0
    log.unlink(missing_ok=True)
    return size / seconds


def main() -> int:
    """Measure both cases and print the figures."""
    if shutil.which("tmux") is None:
        print("tmux is not installed")
        return 1
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 20.0
    ftui = str(Path(sys.executable).with_name("ftui"))
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "config.toml"
        config.write_text("refresh_interval = 1\n")
        env = f"FTUI_CONFIG={config} TERM=xterm-256color"
        subprocess.run(["tmux", "kill-session", "-t", SESSION], capture_output=True)
        tmux("new-session", "-d", "-s", SESSION, "-x", "100", "-y", "30", f"env {env} {ftui} --demo")
        try:
            time.sleep(5)
            idle = measure(Path(tmp) / "idle.log", seconds)
            tmux("send-keys", "-t", SESSION, "j")
            time.sleep(0.5)
            tmux("send-keys", "-t", SESSION, "Enter")
            time.sleep(3)
            live = measure(Path(tmp) / "live.log", seconds)
        finally:
            subprocess.run(["tmux", "kill-session", "-t", SESSION], capture_output=True)
    print(f"jobs screen, refresh every 1 s: {idle:,.0f} B/s = {idle / 1024:.2f}x the 1 KB/s budget")
    print(f"live loss plot, polled every 1 s: {live:,.0f} B/s = {live / 10240:.2f}x the 10 KB/s budget")
    return 0


if __name__ == "__main__":
    os.chdir(ROOT)
    raise SystemExit(main())
