"""Copying a job id: it reaches the app's clipboard (Textual's OSC 52) and is shown on screen."""

from __future__ import annotations

from ftui.tui.app import FtuiApp
from ftui.tui.panes.jobs import JobsPane


async def test_y_copies_the_selected_job_id_and_shows_it(demo_app: FtuiApp) -> None:
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await demo_app.workers.wait_for_complete()
        await pilot.pause()
        pane = demo_app.screen.query_one(JobsPane)
        await pilot.press("j")
        job = pane.selected
        assert job is not None
        await pilot.press("y")
        await pilot.pause()
        assert demo_app.clipboard == job.id
        assert any(n.message == job.id and "Copied job id" in n.title for n in demo_app._notifications)
