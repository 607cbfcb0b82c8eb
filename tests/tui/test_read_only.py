"""Read-only mode refuses everything that changes something, in the app and on the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from ftui.cli import main
from ftui.config import load_config
from ftui.providers import JobStatus
from ftui.tui.confirm import ConfirmScreen
from ftui.tui.panes.jobs import JobsPane
from tests.pilot import make_app, settle


async def test_the_app_says_read_only_and_refuses_cancel(demo_session, demo_clock) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_session, demo_clock, load_config(), read_only=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "READ-ONLY" in str(app.screen.query_one("#status-line").render())
        pane = app.screen.query_one(JobsPane)
        for _ in range(len(pane.shown)):
            if pane.selected.status is JobStatus.RUNNING:
                break
            await pilot.press("j")
        assert pane.selected.status is JobStatus.RUNNING
        assert "cancel" not in {b.binding.action for b in app.active_bindings.values() if b.enabled}
        await pilot.press("x")
        assert not isinstance(app.screen, ConfirmScreen)
        assert demo_session.provider("demo").get_job(pane.selected.id).status is JobStatus.RUNNING


def test_the_cli_refuses_cancel_when_the_config_is_read_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config.toml"
    config.write_text("read_only = true\n")
    monkeypatch.setenv("FTUI_CONFIG", str(config))
    assert main(["jobs", "cancel", "ftjob-64kxXRkyo3VTHKlvGjM8Gr3o", "--yes", "--demo"]) == 2
    assert "read-only" in capsys.readouterr().err
