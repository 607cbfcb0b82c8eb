"""Start-up: from process start to the first jobs on screen, against a minimal Textual app.

Both programs run the same way, N times each, alternating: a fresh Python process on a
pseudo-terminal (120×40, ``TERM=xterm-256color``, the real Linux driver, nothing headless),
timed from just before the fork to the moment the row text arrives in what the program
wrote to the terminal (escape sequences stripped). The reference is a minimal Textual app
(header, a 5-row table filled on mount, footer) written by this script; ftui is
``python -m ftui --demo`` with an empty config, state and cache, started in an empty folder,
and counts as arrived when a demo job's name (``support-v``) is drawn in the jobs table.
With ``--first-frame`` it also reports when ftui's first frame was drawn (the jobs table's header,
``Base model``: on the starting screen now, on the main screen before the start-up worker existed).

Prints the median of each, their ratio (the issue's goal: within 3×), and every run.
Run: ``python benchmarks/bench_startup.py [--runs 10]``.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import re
import select
import signal
import statistics
import struct
import sys
import tempfile
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZE = (40, 120)
"""Rows and columns of the pseudo-terminal."""
TIMEOUT = 30.0
"""Seconds after which a run counts as failed."""
_ESCAPES = re.compile(rb"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|P[^\x1b]*\x1b\\|[@-Z\\-_])")

MINIMAL_APP = '''
from textual.app import App
from textual.widgets import DataTable, Footer, Header


class Minimal(App[None]):
    """Header, a 5-row table, footer."""

    def compose(self):
        yield Header()
        yield DataTable()
        yield Footer()

    def on_mount(self):
        table = self.query_one(DataTable)
        table.add_columns("Job", "Name", "Status")
        for i in range(5):
            table.add_row(f"job-{i}", f"minimal-row-{i}", "running")


Minimal().run()
'''


def time_to_text(argv: list[str], markers: list[bytes], env: dict[str, str], cwd: str) -> list[float]:
    """Run ``argv`` on a new pseudo-terminal; seconds from the fork until each marker was drawn."""
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: a terminal of a fixed size, then the program
        try:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[0], SIZE[1], 0, 0))
            os.chdir(cwd)
            os.execve(argv[0], argv, env)
        finally:
            os._exit(127)
    seen: dict[bytes, float] = {}
    raw = b""
    try:
        while len(seen) < len(markers):
            left = TIMEOUT - (time.perf_counter() - start)
            if left <= 0:
                raise TimeoutError(f"{argv[-1]}: no {markers} after {TIMEOUT} s; it wrote {_text(raw)[-400:]!r}")
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                raise RuntimeError(f"{argv[-1]} ended before drawing {markers}: {_text(raw)[-400:]!r}")
            raw += chunk
            now = time.perf_counter()
            text = _text(raw)
            for marker in markers:
                if marker not in seen and marker in text:
                    seen[marker] = now - start
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
    return [seen[marker] for marker in markers]


def _text(raw: bytes) -> bytes:
    return _ESCAPES.sub(b"", raw)


def main() -> int:
    """Measure both, alternating, and print the medians and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="runs of each program (default 10)")
    parser.add_argument("--first-frame", action="store_true", help="also time ftui's first frame")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ftui-bench-startup-") as tmp:
        home = Path(tmp)
        for name in ("config", "state", "cache", "data", "cwd"):
            (home / name).mkdir()
        minimal = home / "minimal_app.py"
        minimal.write_text(MINIMAL_APP, encoding="utf-8")
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": tmp,
            "TERM": "xterm-256color",
            "LANG": "C.UTF-8",
            "TZ": "UTC",
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_STATE_HOME": str(home / "state"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "XDG_DATA_HOME": str(home / "data"),
            "FTUI_CONFIG": str(home / "config" / "none.toml"),
            "PYTHONPATH": str(ROOT),
            "TIKTOKEN_CACHE_DIR": os.environ.get("TIKTOKEN_CACHE_DIR", str(home / "cache" / "tiktoken")),
        }
        cwd = str(home / "cwd")
        ftui_markers = [b"support-v"] + ([b"Base model"] if args.first_frame else [])
        reference: list[float] = []
        ftui: list[float] = []
        frames: list[float] = []
        for _ in (0,):  # warm the file cache once each (not counted)
            time_to_text([sys.executable, str(minimal)], [b"minimal-row-4"], env, cwd)
            time_to_text([sys.executable, "-m", "ftui", "--demo"], [b"support-v"], env, cwd)
        for _ in range(args.runs):
            reference += time_to_text([sys.executable, str(minimal)], [b"minimal-row-4"], env, cwd)
            times = time_to_text([sys.executable, "-m", "ftui", "--demo"], ftui_markers, env, cwd)
            ftui.append(times[0])
            frames += times[1:]
    ref, app = statistics.median(reference), statistics.median(ftui)
    print(f"minimal Textual app, first table rows: median {ref:.3f} s  (runs: {_list(reference)})")
    print(f"ftui --demo, first demo jobs:          median {app:.3f} s  (runs: {_list(ftui)})")
    if frames:
        print(
            f"ftui --demo, first frame (table head): median {statistics.median(frames):.3f} s  (runs: {_list(frames)})"
        )
    print(
        f"ratio ftui / minimal: {app / ref:.2f}x  (goal: within 3x; {args.runs} runs each, "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
    )
    return 0


def _list(values: list[float]) -> str:
    return " ".join(f"{value:.2f}" for value in values)


if __name__ == "__main__":
    sys.exit(main())
