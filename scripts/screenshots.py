"""Regenerate ``screenshots/`` from the demo emulator at fixed sizes, seed and clock.

Run from the repository root: ``python scripts/screenshots.py``.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from datetime import datetime, timezone
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
]


async def shoot(name: str, size: tuple[int, int], keys: list[str]) -> Path:
    """Run the demo app, press ``keys``, and save an SVG."""
    clock = ManualClock(start=START)
    session = start_demo(clock=clock)
    app = FtuiApp(session, Config(path=OUT / "none.toml"),
                  now=lambda: datetime.fromtimestamp(clock.now(), tz=timezone.utc))
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
    for name, size, keys in SHOTS:
        print(asyncio.run(shoot(name, size, keys)).relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
