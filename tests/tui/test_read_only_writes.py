"""Read-only mode in the app: a write the user asks for is refused on screen, and nothing is written."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from ftui.config import load_config
from ftui.files import is_read_only
from ftui.providers import JobStatus
from ftui.session import Session
from ftui.tui.panes.jobs import JobsPane
from ftui.tui.screens.job import JobScreen
from tests.tui.conftest import make_app


async def test_export_on_a_job_screen_writes_nothing_and_says_so(
    demo_session: Session, demo_clock: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    config = replace(load_config(), dataset_dirs=(tmp_path / "datasets",), read_only=True)
    app = make_app(demo_session, demo_clock, config)
    assert is_read_only()
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        pane = app.screen.query_one(JobsPane)
        for _ in range(len(pane.shown)):
            if pane.selected is not None and pane.selected.status is JobStatus.SUCCEEDED:
                break
            await pilot.press("j")
        assert pane.selected is not None and pane.selected.status is JobStatus.SUCCEEDED
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, JobScreen) and screen.follower.series  # there is something to export
        said: list[str] = []
        for key in ("e", "E"):  # each refusal is read as it shows (a newer toast may replace an older one)
            await pilot.press(key)
            await pilot.pause()
            said += [n.message for n in app._notifications if n.title == "Not exported" and n.message not in said]
        assert sorted(p.name for p in tmp_path.iterdir()) == []  # not even a temporary file
        assert len(said) == 2, said
        assert "read-only" in said[0] and "--read-only" in said[0]
        assert f"{screen.job.id}-metrics.csv" in said[0]
        assert f"{screen.job.id}-metrics.json" in said[1]
