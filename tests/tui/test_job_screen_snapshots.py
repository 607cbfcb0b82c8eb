"""How the job screen looks: its details, events and checkpoints tabs for every kind of demo job, at 80×24 and 160×48.

The broad suite of every screen lives in test_snapshots.py and the demo's suite; these are the job screen's tabs.
Update after a deliberate visual change with ``pytest tests/tui/test_job_screen_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

from typing import Any

import pytest

from ftui.tui.app import FtuiApp
from tests.pilot import loaded, open_job

JOBS = {"running": "support-v2", "succeeded": "support-v1", "failed": "support-v1b", "cancelled": "support-v1-lr"}
TABS = {"events": "2", "details": "3", "checkpoints": "4"}
SIZES = {"80x24": (80, 24), "160x48": (160, 48)}
CASES = [  # (job, tab, size): every job's details at 80×24, and what differs by kind or by width
    *(("details", kind, "80x24") for kind in JOBS),
    ("details", "failed", "160x48"),
    ("details", "running", "160x48"),
    ("events", "running", "80x24"),
    ("events", "failed", "160x48"),
    ("checkpoints", "succeeded", "80x24"),
    ("checkpoints", "succeeded", "160x48"),
    ("checkpoints", "cancelled", "80x24"),
]


@pytest.mark.parametrize(("tab", "kind", "size"), CASES, ids=["-".join(case) for case in CASES])
def test_job_tab(snap_compare: Any, demo_app: FtuiApp, kind: str, tab: str, size: str) -> None:
    async def run(pilot: Any) -> None:
        await open_job(pilot, name=JOBS[kind])
        await loaded(pilot)
        await pilot.press(TABS[tab])
        await loaded(pilot)
        if tab == "events":
            await pilot.press("G")  # the newest events, where a log opens anyway once it has been followed
            await pilot.pause()

    assert snap_compare(demo_app, terminal_size=SIZES[size], run_before=run)
