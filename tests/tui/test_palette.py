"""The command palette (ctrl+p or :) jumps to panes, jobs and datasets by name; the theme is remembered."""

from __future__ import annotations

from textual.command import CommandPalette

from ftui.config import load_config
from ftui.state import load_state
from ftui.tui.app import FtuiApp
from ftui.tui.screens.job import JobScreen
from tests.pilot import settle as _settle
from tests.tui.conftest import make_app


async def test_colon_opens_the_palette_and_a_job_opens_by_name(demo_app: FtuiApp) -> None:
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await _settle(pilot)
        await pilot.press("colon")
        assert isinstance(demo_app.screen, CommandPalette)
        await pilot.press(*"job support-v1b")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await _settle(pilot)
        assert isinstance(demo_app.screen, JobScreen)
        assert demo_app.screen.job.name == "support-v1b"


async def test_the_palette_switches_panes(demo_app: FtuiApp) -> None:
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await _settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        assert isinstance(demo_app.screen, CommandPalette)
        await pilot.press(*"go to datasets")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert demo_app.screen.query_one("#tabs").active == "datasets-tab"


async def test_the_chosen_theme_is_remembered(demo_session, demo_clock) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_session, demo_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        app.theme = "nord"
    assert load_state()["theme"] == "nord"
    again = make_app(demo_session, config=load_config())
    assert again.theme == "nord"
