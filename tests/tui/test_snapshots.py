"""How the app looks: SVG snapshots of the demo at 80×24 and 160×48, and the help screen.

Update after a deliberate visual change with ``pytest tests/tui --snapshot-update``
and review the SVGs in the diff.
"""

from __future__ import annotations

from typing import Any

from ftui.tui.app import FtuiApp
from tests.pilot import loaded as _settle
from tests.pilot import open_job


def test_jobs_at_80x24(snap_compare: Any, demo_app: FtuiApp) -> None:
    assert snap_compare(demo_app, terminal_size=(80, 24), run_before=_settle)


def test_jobs_at_160x48(snap_compare: Any, demo_app: FtuiApp) -> None:
    assert snap_compare(demo_app, terminal_size=(160, 48), run_before=_settle)


def test_help_at_80x24(snap_compare: Any, demo_app: FtuiApp) -> None:
    async def open_help(pilot: Any) -> None:
        await _settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(demo_app, terminal_size=(80, 24), run_before=open_help)


async def _open_job(pilot: Any, name: str) -> None:
    await open_job(pilot, name=name)
    await _settle(pilot)


def test_succeeded_job_loss_at_80x24(snap_compare: Any, demo_app: FtuiApp) -> None:
    async def run(pilot: Any) -> None:
        await _open_job(pilot, "support-v1")

    assert snap_compare(demo_app, terminal_size=(80, 24), run_before=run)


def test_running_job_at_160x48(snap_compare: Any, demo_app: FtuiApp) -> None:
    async def run(pilot: Any) -> None:
        await _open_job(pilot, "support-v2")

    assert snap_compare(demo_app, terminal_size=(160, 48), run_before=run)


def test_failed_job_details_at_80x24(snap_compare: Any, demo_app: FtuiApp) -> None:
    async def run(pilot: Any) -> None:
        await _open_job(pilot, "support-v1b")
        await pilot.press("3")
        await pilot.pause()

    assert snap_compare(demo_app, terminal_size=(80, 24), run_before=run)


def test_cancel_dialog_at_80x24(snap_compare: Any, demo_app: FtuiApp) -> None:
    async def run(pilot: Any) -> None:
        await _settle(pilot)
        await pilot.press("j", "x")
        await pilot.pause()

    assert snap_compare(demo_app, terminal_size=(80, 24), run_before=run)


def test_filtered_jobs_at_80x24(snap_compare: Any, demo_app: FtuiApp) -> None:
    async def run(pilot: Any) -> None:
        await _settle(pilot)
        await pilot.press("slash", *"v1", "enter", "f", "f")
        await pilot.pause()

    assert snap_compare(demo_app, terminal_size=(80, 24), run_before=run)


def test_palette_at_80x24(snap_compare: Any, demo_app: FtuiApp) -> None:
    async def run(pilot: Any) -> None:
        await _settle(pilot)
        await pilot.press("colon")
        await pilot.pause(0.3)
        await pilot.press(*"support")
        palette = pilot.app.screen
        palette.query_one("CommandInput").cursor_blink = False
        for _ in range(50):  # hits arrive asynchronously: wait until all four jobs are listed
            await pilot.pause(0.05)
            if palette.query_one("CommandList").option_count >= 4:
                break
        await pilot.pause(0.2)

    assert snap_compare(demo_app, terminal_size=(80, 24), run_before=run)
