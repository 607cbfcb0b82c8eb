"""Regenerate ``screenshots/`` from the demo emulator at fixed sizes, seed and clock.

Run from the repository root: ``python scripts/screenshots.py`` (or name some shots:
``python scripts/screenshots.py diagnostics-80x24``).
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ftui.config import Config  # noqa: E402
from ftui.emulator import ManualClock  # noqa: E402
from ftui.session import start_demo  # noqa: E402
from ftui.tui.app import FtuiApp  # noqa: E402

OUT = ROOT / "screenshots"
START = 1_795_000_000.0  # the same fixed moment the snapshot tests use


@dataclass(frozen=True)
class Wait:
    """A step that moves the demo's clock on by ``seconds``, then refreshes (``r``)."""

    seconds: float


@dataclass(frozen=True)
class Shot:
    """One screenshot: file name, terminal size, keys (or :class:`Wait` steps) before it, the demo's ``--speed``."""

    name: str
    size: tuple[int, int]
    keys: tuple[str | Wait, ...] = ()
    speed: float = 1.0


SHOTS = [
    Shot("jobs-80x24", (80, 24)),
    Shot("jobs-160x48", (160, 48), ("j", "j", "j")),
    Shot("jobs-filtered-80x24", (80, 24), ("slash", *"support", "enter", "f")),
    # ftui --demo --speed 20, a minute later: the running job has finished.
    Shot("jobs-demo-speed-80x24", (80, 24), (Wait(60),), speed=20),
    Shot("job-live-160x48", (160, 48), ("j", "enter")),
    Shot("job-succeeded-80x24", (80, 24), ("G", "enter")),
    Shot("job-succeeded-160x48", (160, 48), ("G", "enter")),
    Shot("job-details-80x24", (80, 24), ("G", "k", "enter", "3")),
    Shot("cancel-80x24", (80, 24), ("j", "x")),
    Shot("help-80x24", (80, 24), ("question_mark",)),
    Shot("diagnostics-80x24", (80, 24), ("D",)),
    Shot("datasets-80x24", (80, 24), ("2", "j", "enter")),
    Shot("datasets-stats-80x24", (80, 24), ("2", "j", "enter", "s")),
    Shot("datasets-stats-160x48", (160, 48), ("2", "enter", "s")),
    Shot("datasets-problems-80x24", (80, 24), ("2", "j", "enter", "p")),
    Shot("launch-80x24", (80, 24), ("3",)),
    Shot("launch-160x48", (160, 48), ("3",)),
    Shot("models-160x48", (160, 48), ("4",)),
    Shot("model-80x24", (80, 24), ("4", "enter")),
    Shot("evaluate-160x48", (160, 48), ("4", "v")),
]
"""Every picture in ``screenshots/``; README shows each of them (``tests/test_readme_screenshots.py``)."""


def write_demo_datasets(folder: Path) -> None:
    """The demo's own datasets as files (a clean chat set and one with broken lines)."""
    from ftui.emulator.demo import chat_examples, malformed_lines

    rows = [json.dumps(row) for row in chat_examples(120, seed=0)]
    (folder / "support-train.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    broken = rows[:20] + malformed_lines(seed=0)
    (folder / "support-broken.jsonl").write_text("\n".join(broken) + "\n", encoding="utf-8")


async def shoot(shot: Shot, datasets: Path) -> Path:
    """Run the demo app, press the shot's keys, and save an SVG."""
    clock = ManualClock(start=START)
    session = start_demo(speed=shot.speed, clock=clock)
    app = FtuiApp(
        session,
        Config(path=OUT / "none.toml", dataset_dirs=(datasets,)),
        now=lambda: datetime.fromtimestamp(clock.now(), tz=UTC),
    )
    try:
        async with app.run_test(size=shot.size) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            for key in shot.keys:
                if isinstance(key, Wait):
                    clock.advance(key.seconds)
                    key = "r"
                await pilot.press(key)
                await app.workers.wait_for_complete()
                await pilot.pause()
            await pilot.wait_for_scheduled_animations()
            return Path(app.save_screenshot(filename=f"{shot.name}.svg", path=str(OUT)))
    finally:
        session.close()


def main() -> int:
    """Write every screenshot and list them."""
    os.environ["TZ"] = "UTC"
    time.tzset()
    os.environ["TERM"] = "xterm-256color"  # the diagnostics shot shows the terminal: not this machine's
    for name in ("COLORTERM", "TMUX", "ESCDELAY", "NO_COLOR", "TERM_PROGRAM", "STY"):
        os.environ.pop(name, None)
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"):
            os.environ[name] = str(Path(tmp) / name.lower())  # no draft, preset or theme of this machine
        datasets = Path(tmp) / "datasets"
        datasets.mkdir()
        write_demo_datasets(datasets)
        wanted = set(sys.argv[1:])  # names to shoot (default: all)
        for shot in SHOTS:
            if not wanted or shot.name in wanted:
                print(asyncio.run(shoot(shot, datasets)).relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
