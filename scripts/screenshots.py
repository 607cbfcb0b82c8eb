"""Regenerate ``screenshots/`` from the demo emulator at fixed sizes, seed and clock.

Run from the repository root: ``python scripts/screenshots.py``.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import tempfile
import time
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
SHOTS = [
    # (file name, terminal size, keys to press before the shot)
    ("jobs-80x24", (80, 24), []),
    ("jobs-160x48", (160, 48), ["j", "j", "j"]),
    ("jobs-filtered-80x24", (80, 24), ["slash", *"support", "enter", "f"]),
    ("job-live-160x48", (160, 48), ["j", "enter"]),
    ("job-succeeded-80x24", (80, 24), ["G", "enter"]),
    ("job-details-80x24", (80, 24), ["G", "k", "enter", "3"]),
    ("cancel-80x24", (80, 24), ["j", "x"]),
    ("help-80x24", (80, 24), ["question_mark"]),
    ("datasets-80x24", (80, 24), ["2", "j", "enter"]),
    ("datasets-stats-160x48", (160, 48), ["2", "enter", "s"]),
    ("datasets-problems-80x24", (80, 24), ["2", "j", "enter", "p"]),
    ("launch-80x24", (80, 24), ["3"]),
    ("launch-160x48", (160, 48), ["3"]),
    ("models-160x48", (160, 48), ["4"]),
    ("model-80x24", (80, 24), ["4", "enter"]),
    ("evaluate-160x48", (160, 48), ["4", "v"]),
]


def write_demo_datasets(folder: Path) -> None:
    """The demo's own datasets as files (a clean chat set and one with broken lines)."""
    from ftui.emulator.demo import chat_examples, malformed_lines

    rows = [json.dumps(row) for row in chat_examples(120, seed=0)]
    (folder / "support-train.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    broken = rows[:20] + malformed_lines(seed=0)
    (folder / "support-broken.jsonl").write_text("\n".join(broken) + "\n", encoding="utf-8")


async def shoot(name: str, size: tuple[int, int], keys: list[str], datasets: Path) -> Path:
    """Run the demo app, press ``keys``, and save an SVG."""
    clock = ManualClock(start=START)
    session = start_demo(clock=clock)
    app = FtuiApp(
        session,
        Config(path=OUT / "none.toml", dataset_dirs=(datasets,)),
        now=lambda: datetime.fromtimestamp(clock.now(), tz=UTC),
    )
    try:
        async with app.run_test(size=size) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            for key in keys:
                await pilot.press(key)
                await app.workers.wait_for_complete()
                await pilot.pause()
            return Path(app.save_screenshot(filename=f"{name}.svg", path=str(OUT)))
    finally:
        session.close()


def main() -> int:
    """Write every screenshot and list them."""
    os.environ["TZ"] = "UTC"
    time.tzset()
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"):
            os.environ[name] = str(Path(tmp) / name.lower())  # no draft, preset or theme of this machine
        datasets = Path(tmp) / "datasets"
        datasets.mkdir()
        write_demo_datasets(datasets)
        for name, size, keys in SHOTS:
            print(asyncio.run(shoot(name, size, keys, datasets)).relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
