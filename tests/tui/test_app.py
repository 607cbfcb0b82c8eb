"""Pilot tests: what a user sees and can do in the app shell on the demo emulator."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from ftui.providers import JobSpec
from ftui.tui.app import FtuiApp
from ftui.tui.panes.jobs import JobsPane, JobsTable
from ftui.tui.screens.help import HelpScreen
from tests.pilot import settle as _loaded
from tests.pilot import shown_text
from tests.providers.conftest import chat_examples
from tests.tui.conftest import make_app


def _text(app: FtuiApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_demo_shows_banner_and_the_five_demo_states(demo_app: FtuiApp) -> None:
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await _loaded(pilot)
        assert "DEMO" in _text(demo_app, "#demo-banner")
        table = demo_app.screen.query_one(JobsTable)
        statuses = {str(table.get_row_at(i)[3]) for i in range(table.row_count)}
        assert {"pending", "running", "succeeded", "failed", "cancelled"} <= statuses
        assert "5 jobs" in _text(demo_app, "#status-line")


async def test_moving_to_the_failed_job_shows_its_error(demo_app: FtuiApp) -> None:
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await _loaded(pilot)
        pane = demo_app.screen.query_one(JobsPane)
        for _ in range(5):
            if pane.selected and pane.selected.status.value == "failed":
                break
            await pilot.press("j")
        assert pane.selected is not None and pane.selected.status.value == "failed"
        detail = _text(demo_app, "#job-detail")
        assert pane.selected.id in detail
        assert "invalid_training_file" in detail and "training_file" in detail


async def test_a_failed_jobs_whole_error_shows_under_the_table_at_80x24(demo_app: FtuiApp) -> None:
    """The strip under the table wraps the error whole instead of stopping mid-sentence."""
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await _loaded(pilot)
        pane = demo_app.screen.query_one(JobsPane)
        for _ in range(5):
            if pane.selected and pane.selected.status.value == "failed":
                break
            await pilot.press("j")
        await pilot.pause()
        assert pane.selected is not None and pane.selected.error is not None
        drawn = " ".join(shown_text(demo_app.screen.query_one("#job-detail", Static)).split())
        assert " ".join(pane.selected.error.message.split()) in drawn


async def test_help_opens_with_question_mark_and_closes_with_escape(demo_app: FtuiApp) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await _loaded(pilot)
        await pilot.press("question_mark")
        assert isinstance(demo_app.screen, HelpScreen)
        await pilot.press("escape")
        assert not isinstance(demo_app.screen, HelpScreen)


async def test_an_unreachable_provider_is_shown_offline_and_rows_stay(demo_app: FtuiApp) -> None:
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await _loaded(pilot)
        table = demo_app.screen.query_one(JobsTable)
        rows = table.row_count
        demo_app.session.emulator.inject("500")
        await pilot.press("r")
        await _loaded(pilot)
        assert "offline" in _text(demo_app, "#status-line")
        assert table.row_count == rows
        await pilot.press("r")  # the service is back
        await _loaded(pilot)
        assert "offline" not in _text(demo_app, "#status-line")


async def test_older_pages_load_when_the_cursor_reaches_the_end(demo_session, demo_clock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    provider = demo_session.provider("demo")
    data = tmp_path / "t.jsonl"
    data.write_text(chat_examples(12))
    remote = provider.upload_file(data)
    for i in range(50):
        provider.create_job(JobSpec("gpt-4o-mini-2024-07-18", remote.id, suffix=f"bulk{i}"))
    total = sum(1 for _ in provider.iter_jobs())
    app = make_app(demo_session, demo_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await _loaded(pilot)
        table = app.screen.query_one(JobsTable)
        assert table.row_count == 50
        await pilot.press("G")
        await _loaded(pilot)
        assert table.row_count == total == 55


async def test_uploaded_datasets_are_listed_and_open_from_a_cached_copy(
    demo_app: FtuiApp, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from ftui.tui.panes.datasets import DatasetsPane
    from ftui.tui.panes.datasets_browser import FileBrowser

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await _loaded(pilot)
        await pilot.press("2")
        browser = demo_app.screen.query_one(FileBrowser)
        remote = [(profile, f) for profile, f in browser.remote.values()]
        assert remote and all(profile == "demo" for profile, _ in remote)
        option_id = next(key for key, (_, f) in browser.remote.items() if f.bytes and f.bytes > 1000)
        browser.highlighted = browser.get_option_index(option_id)
        await pilot.press("enter")
        await _loaded(pilot)
        pane = demo_app.screen.query_one(DatasetsPane)
        assert pane.dataset is not None
        cached = list((tmp_path / "cache" / "ftui" / "remote" / "demo").iterdir())
        assert len(cached) == 1 and cached[0].stat().st_size == browser.remote[option_id][1].bytes


async def test_a_too_small_terminal_gets_a_resize_message_that_goes_away(demo_app: FtuiApp) -> None:
    from ftui.tui.screens.too_small import TooSmallScreen

    async with demo_app.run_test(size=(50, 12)) as pilot:
        await _loaded(pilot)
        assert isinstance(demo_app.screen, TooSmallScreen)
        assert "at least 60×16" in str(demo_app.screen.query_one("#too-small").render())
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not isinstance(demo_app.screen, TooSmallScreen)


async def test_diagnostics_show_terminal_facts(demo_app: FtuiApp, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ftui.tui.screens.diagnostics import DiagnosticsScreen

    monkeypatch.setenv("TERM", "xterm-256color")
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await _loaded(pilot)
        await pilot.press("D")
        assert isinstance(demo_app.screen, DiagnosticsScreen)
        text = " ".join(str(w.render()) for w in demo_app.screen.query(Static))
        assert "xterm-256color" in text and "80×24" in text
        await pilot.press("escape")
        assert not isinstance(demo_app.screen, DiagnosticsScreen)
