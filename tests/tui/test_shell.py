"""The app shell as a user meets it: the footer's help key, ctrl+c, the palette's keys entry, the header,
focus after a tab change, the help's scrolling, where toasts go, and the too-small message."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.widgets import DataTable, Input, TabbedContent
from textual.widgets._toast import Toast

from ftui.tui.app import FtuiApp
from ftui.tui.fit_line import FitLine, shorten_middle
from ftui.tui.footer import HelpFooter
from ftui.tui.panes.datasets_browser import FileBrowser
from ftui.tui.panes.jobs import JobsTable
from ftui.tui.panes.models import ModelsTable
from ftui.tui.screens.help import HelpScreen
from ftui.tui.screens.job import JobScreen
from ftui.tui.screens.main_banner import demo_banner
from ftui.tui.screens.too_small import TooSmallScreen
from tests.pilot import loaded, open_job, screen_line, settle


async def _footer_line(pilot) -> str:  # type: ignore[no-untyped-def]
    """The footer's row as shown, once it has laid itself out after the last change of bindings."""
    for _ in range(3):
        await pilot.pause()
    return screen_line(pilot.app.screen.query_one(HelpFooter))


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
async def test_the_footer_ends_with_help_on_every_tab_and_the_job_screen(demo_app: FtuiApp, size) -> None:  # type: ignore[no-untyped-def]
    async with demo_app.run_test(size=size) as pilot:
        await loaded(pilot)
        for key in ("1", "2", "3", "4", "1"):
            await pilot.press(key)
            await loaded(pilot)
            line = await _footer_line(pilot)
            assert line.endswith(("? Help", "f1 Help")), f"tab {key}: {line!r}"
            assert len(line) <= size[0]
        await open_job(pilot, name="support-v2")
        await loaded(pilot)
        line = await _footer_line(pilot)
        assert line.endswith("? Help"), line
        footer = demo_app.screen.query_one(HelpFooter)
        shown = footer.rendered_text()
        # every key shown is whole: its description appears in full on the line
        for part in shown.split("  "):
            assert part in line, f"{part!r} is cut in {line!r}"


async def test_in_a_text_field_the_footer_offers_f1_and_f1_opens_the_help(demo_app: FtuiApp) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("slash")  # the jobs filter
        await settle(pilot)
        assert isinstance(demo_app.screen.focused, Input)
        line = await _footer_line(pilot)
        assert line.endswith("f1 Help"), line
        await pilot.press("question_mark")
        assert not isinstance(demo_app.screen, HelpScreen)  # ? is typed into the field
        assert demo_app.screen.focused.value == "?"  # type: ignore[union-attr]
        await pilot.press("f1")
        assert isinstance(demo_app.screen, HelpScreen)


async def test_ctrl_c_quits(demo_app: FtuiApp) -> None:
    async with demo_app.run_test(size=(80, 24), notifications=True) as pilot:
        await loaded(pilot)
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert demo_app.return_code == 0
        assert not list(demo_app._notifications)  # no "press ctrl+q to quit" toast


async def test_ctrl_c_in_a_field_copies_the_selection_and_quits_without_one(demo_app: FtuiApp) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("slash", *"support")
        field = demo_app.screen.focused
        assert isinstance(field, Input)
        field.select_all()
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert demo_app.return_code is None and demo_app.clipboard == "support"
        field.selection = type(field.selection)(len(field.value), len(field.value))
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert demo_app.return_code == 0


async def test_the_palette_has_one_keys_entry_and_it_opens_the_help(demo_app: FtuiApp) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        assert isinstance(demo_app.screen, CommandPalette)
        await pilot.press(*"keys")
        await pilot.pause(0.5)
        options = demo_app.screen.query_one(CommandList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        titles = [p.splitlines()[0].strip() for p in prompts]
        assert titles.count("Keys") == 1, titles
        assert titles.count("Diagnostics") <= 1, titles
        options.highlighted = titles.index("Keys")
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert isinstance(demo_app.screen, HelpScreen)


async def test_the_demo_banner_is_one_run_of_text_with_its_spaces(demo_app: FtuiApp) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        banner = demo_app.screen.query_one("#demo-banner", FitLine)
        assert screen_line(banner).strip() == demo_banner(1)
        svg = demo_app.export_screenshot()
        # one <text> element: no renderer can drop the space between "DEMO" and "sample jobs"
        assert demo_banner(1).replace(" ", "&#160;") in svg


def test_a_long_header_is_shortened_in_the_middle_with_a_mark() -> None:
    name = "a-very-long-profile-name (openai, gateway.example.com/v1)"
    line = Text.assemble(("● ", "green"), (name, ""), "   5 jobs")
    short = shorten_middle(line, 40)
    assert len(short.plain) == 40 and "…" in short.plain
    assert short.plain.startswith("● a-very") and short.plain.endswith("5 jobs")
    assert shorten_middle(line, 200) is line


@pytest.mark.parametrize(
    ("key", "pane", "table"), [("2", "datasets-tab", FileBrowser), ("4", "models-tab", ModelsTable)]
)
async def test_after_a_pane_key_j_moves_at_once(demo_app: FtuiApp, key: str, pane: str, table: type) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press(key)
        await loaded(pilot)
        assert demo_app.screen.query_one(TabbedContent).active == pane
        widget = demo_app.screen.query_one(table)
        assert demo_app.screen.focused is widget


async def test_clicking_a_tab_focuses_its_pane_so_j_acts_without_tab(demo_app: FtuiApp) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.click("#--content-tab-models-tab")
        await loaded(pilot)
        models = demo_app.screen.query_one(ModelsTable)
        assert demo_app.screen.focused is models
        assert models.row_count >= 2
        before = models.cursor_row
        await pilot.press("j")
        assert models.cursor_row == before + 1
        await pilot.click("#--content-tab-jobs")
        await loaded(pilot)
        jobs = demo_app.screen.query_one(JobsTable)
        assert demo_app.screen.focused is jobs
        before = jobs.cursor_row
        await pilot.press("j")
        assert jobs.cursor_row == before + 1
        await pilot.click("#--content-tab-launch-tab")
        await loaded(pilot)
        focused = demo_app.screen.focused
        assert focused is not None and "launch" in (focused.id or "")  # the form's first field


async def test_the_help_scrolls_with_j_k_g_and_shift_g_and_starts_where_you_are(demo_app: FtuiApp) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("2", "question_mark")
        await settle(pilot)
        assert isinstance(demo_app.screen, HelpScreen)
        body = demo_app.screen.query_one("#help-body")
        assert body.region.bottom <= 24 and body.region.right <= 80  # fits 80×24, scrolls
        assert body.max_scroll_y > 0
        assert "Datasets (here)" in screen_line_at(demo_app, body.region.y + 3)
        await pilot.press("j", "j", "j")
        await pilot.pause()
        assert body.scroll_y == 3
        await pilot.press("k")
        await pilot.pause()
        assert body.scroll_y == 2
        await pilot.press("G")
        await pilot.pause()
        assert body.scroll_y == body.max_scroll_y
        await pilot.press("g")
        await pilot.pause()
        assert body.scroll_y == 0


def screen_line_at(app: FtuiApp, row: int) -> str:
    """Row ``row`` of the screen on top."""
    return str(app.screen._compositor.render_strips()[row].text)


async def test_the_help_lists_the_keys_as_bound(demo_app: FtuiApp) -> None:
    from ftui.tui.help_keys import SECTIONS, everywhere, section_rows

    async with demo_app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        rows = dict(everywhere(demo_app, [("1", "Jobs")]))
        assert rows["^q / ^c / q"].startswith("quit")
        jobs = dict(section_rows(demo_app, SECTIONS[0]))
        assert jobs["x"].startswith("cancel") and jobs["g"] == "first row"
        assert "1" not in jobs  # the pane keys are under "Everywhere"
        job = dict(section_rows(demo_app, next(s for s in SECTIONS if s.title == "One job")))
        assert job["1"] == "loss" and job["s"].startswith("smoothing")


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
async def test_toasts_stay_in_the_top_half_away_from_the_job_details(demo_app: FtuiApp, size) -> None:  # type: ignore[no-untyped-def]
    async with demo_app.run_test(size=size, notifications=True) as pilot:
        await loaded(pilot)
        screen = await open_job(pilot, name="support-v1b")
        await loaded(pilot)
        for number in range(6):
            screen.notify(f"note {number} " + "word " * 30, timeout=30)
        await pilot.pause(0.3)
        toasts = list(screen.query(Toast))
        assert toasts
        height = size[1]
        for toast in toasts:
            if not toast.region.area:
                continue  # scrolled out of the rack
            assert toast.region.y >= 2, "toasts keep the job's title lines"
            assert toast.region.bottom <= height // 2 + 2, f"a toast reaches row {toast.region.bottom} of {height}"
        shown = "\n".join(screen_line_at(demo_app, row) for row in range(height))
        assert "note 5" in shown, "the newest toast is the one shown"
        assert isinstance(screen, JobScreen)


async def test_the_too_small_message_reads_whole_with_the_current_size(demo_app: FtuiApp) -> None:
    async with demo_app.run_test(size=(50, 12)) as pilot:
        await loaded(pilot)
        assert isinstance(demo_app.screen, TooSmallScreen)
        await pilot.resize_terminal(30, 10)
        await pilot.pause()
        message = demo_app.screen.query_one("#too-small")
        lines = [screen_line_at(demo_app, row).strip() for row in range(message.region.y, message.region.bottom)]
        text = "\n".join(line for line in lines if line)
        assert text == "ftui needs at least 60×16\nthis terminal is 30×10\nmake it larger · q quits"
        await pilot.press("q")
        await pilot.pause()
        assert demo_app.return_code == 0


async def test_the_read_only_mark_leads_the_status_line_at_80_columns(demo_session, demo_clock) -> None:  # type: ignore[no-untyped-def]
    from tests.tui.conftest import make_app

    app = make_app(demo_session, demo_clock, read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        line = screen_line(app.screen.query_one("#status-line"))
        assert line.startswith(" READ-ONLY  ● demo") and "5 jobs" in line
        footer = await _footer_line(pilot)
        assert "Cancel" not in footer and footer.endswith("? Help")
        assert isinstance(app.screen.query_one(JobsTable), DataTable)
