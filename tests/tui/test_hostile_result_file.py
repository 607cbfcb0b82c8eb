"""Pilot test: a succeeded job whose result file cannot be read still shows its curve, and says why."""

from __future__ import annotations

from typing import Any

from textual.widgets import Static

from ftui.emulator import Emulator, ManualClock
from ftui.providers import JobStatus, Profile
from ftui.session import Session
from ftui.tui.screens.job import JobScreen
from tests.providers.hostile_server import HostileServer
from tests.tui.conftest import DEMO_START, make_app


async def test_an_unreadable_result_file_keeps_the_curve_and_says_why() -> None:
    clock = ManualClock(start=DEMO_START)
    with Emulator(seed=3, clock=clock) as emulator:
        jobs = emulator.seed_demo()
        with HostileServer(upstream=emulator.base_url, scenario="bad-result-file", max_requests=300) as proxy:
            session = Session(
                profiles=(Profile("hostile", "emulator", {"base_url": proxy.base_url, "max_retries": 0}),)
            )
            app = make_app(session, clock)
            try:
                async with app.run_test(size=(120, 36)) as pilot:
                    await pilot.app.workers.wait_for_complete()
                    await pilot.pause()
                    job = session.provider("hostile").get_job(jobs["succeeded"])
                    assert job.status is JobStatus.SUCCEEDED
                    screen = JobScreen(app.services, job)
                    await app.push_screen(screen)
                    for _ in range(5):
                        await pilot.app.workers.wait_for_complete()
                        await pilot.pause()
                        if screen.follower is not None and screen.follower.reconciled:
                            break
                    follower: Any = screen.follower
                    assert follower is not None and follower.reconciled and follower.series
                    status = str(screen.query_one("#follow-status", Static).render())
                    assert "Final metrics unavailable" in status and "from the result file" not in status
            finally:
                session.close()
            assert not proxy.overflow
