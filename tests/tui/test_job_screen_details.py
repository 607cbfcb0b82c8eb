"""The job screen read at 80×24 and 160×48: whole errors, "—" for what the server did not say, long values
shortened in the middle but copied whole, and j/k/g/G in every list.

Jobs the demo does not have (a long error, all-null fields) come from a hostile proxy in front of the emulator,
through the real ``openai`` SDK.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from textual.geometry import Region
from textual.widgets import Button, Static, TabbedContent

from ftui.config import load_config
from ftui.emulator import ManualClock
from ftui.providers import JobStatus
from ftui.providers.profiles import Profile
from ftui.session import Session
from ftui.tui.app import FtuiApp
from ftui.tui.confirm import ConfirmScreen
from ftui.tui.panes.job_lists import CheckpointTable, DetailsScroll, EventLog
from ftui.tui.screens.job import JobScreen
from tests.pilot import make_app, open_job, settle, shown_text, until
from tests.tui.conftest import DEMO_START
from tests.tui.hostile import Hostile

LIST = r"/fine_tuning/jobs$"
ONE_JOB = r"/fine_tuning/jobs/[^/]+$"
EVENTS = r"/events$"
CHECKPOINTS = r"/checkpoints$"
CANCEL = r"/cancel$"

LONG_ERROR = (
    "The job failed due to an invalid training file. "
    + " ".join(f"Line {n} has a message whose content is not a string (got a list of {n} parts)." for n in range(3, 15))
    + " Fix these lines and upload the file again; nothing was billed."
)


def _job(**fields: Any) -> dict[str, Any]:
    base = {
        "object": "fine_tuning.job",
        "id": "ftjob-long-error",
        "model": "gpt-4o-mini-2024-07-18",
        "status": "failed",
        "created_at": int(DEMO_START) - 600,
        "finished_at": int(DEMO_START) - 300,
        "error": {"code": "invalid_training_file", "param": "training_file", "message": LONG_ERROR},
        "training_file": "file-abc",
        "validation_file": None,
        "result_files": [],
        "trained_tokens": None,
        "fine_tuned_model": None,
        "hyperparameters": {"n_epochs": 3},
        "method": {"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": 3}}},
        "organization_id": "org-x",
        "seed": 1,
        "estimated_finish": None,
        "integrations": None,
        "user_provided_suffix": "long-error",
    }
    return {**base, **fields}


def _page(*items: dict[str, Any]) -> str:
    return json.dumps({"object": "list", "data": list(items), "has_more": False})


@pytest.fixture
def proxy(demo_session: Session) -> Iterator[Hostile]:
    """The hostile proxy in front of the demo emulator."""
    hostile = Hostile(demo_session.emulator.base_url)
    try:
        yield hostile
    finally:
        hostile.close()


def _app(proxy: Hostile, clock: ManualClock) -> FtuiApp:
    profile = Profile("demo", "emulator", {"base_url": proxy.base_url, "max_retries": 0})
    empty = Path(tempfile.mkdtemp(prefix="ftui-datasets-"))
    return make_app(Session(profiles=(profile,)), clock, replace(load_config(), dataset_dirs=(empty,)))


def _serve(proxy: Hostile, job: dict[str, Any], events: list[dict[str, Any]] | None = None) -> None:
    proxy.answer(LIST, 200, _page(job))
    proxy.answer(ONE_JOB, 200, json.dumps(job))
    proxy.answer(EVENTS, 200, _page(*(events or [])))
    proxy.answer(CHECKPOINTS, 200, _page())


def _on_screen(scroll: Any, body: Any) -> list[str]:
    """The lines of ``body`` the user sees now in ``scroll``'s viewport."""
    top = round(scroll.scroll_y)
    region = Region(0, top, body.size.width, min(scroll.size.height, body.size.height - top))
    return [strip.text.rstrip() for strip in body.render_lines(region)]


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
async def test_a_failed_jobs_whole_error_is_read_by_scrolling_the_details(
    demo_clock: ManualClock, proxy: Hostile, size: tuple[int, int]
) -> None:
    _serve(proxy, _job())
    app = _app(proxy, demo_clock)
    async with app.run_test(size=size) as pilot:
        screen = await open_job(pilot, job_id="ftjob-long-error")
        await pilot.press("3")
        await settle(pilot)
        scroll, body = screen.query_one(DetailsScroll), screen.query_one("#details-body", Static)
        assert screen.focused is scroll
        seen: list[str] = _on_screen(scroll, body)
        assert seen[0].startswith("Error  invalid_training_file [training_file]"), seen  # the error comes first
        for _ in range(60):  # j scrolls one line at a time: what was below comes into view
            if scroll.scroll_y >= scroll.max_scroll_y:
                break
            before = scroll.scroll_y
            await pilot.press("j")
            await pilot.pause()
            assert scroll.scroll_y == before + 1
            seen.append(_on_screen(scroll, body)[-1])
        assert LONG_ERROR in _words("\n".join(seen))
        assert scroll.scroll_y == scroll.max_scroll_y
        if size == (80, 24):
            assert scroll.max_scroll_y > 0  # the error alone is taller than the view here: it had to scroll
            await pilot.press("g")
            await pilot.pause()
            assert scroll.scroll_y == 0
            await pilot.press("G")
            await pilot.pause()
            assert scroll.scroll_y == scroll.max_scroll_y
            await pilot.press("k")
            await pilot.pause()
            assert scroll.scroll_y == scroll.max_scroll_y - 1


async def test_a_long_event_wraps_whole_and_again_after_a_resize(demo_clock: ManualClock, proxy: Hostile) -> None:
    event = {
        "object": "fine_tuning.job.event",
        "id": "ftevent-1",
        "created_at": int(DEMO_START) - 300,
        "level": "error",
        "message": LONG_ERROR,
        "type": "message",
    }
    _serve(proxy, _job(), [event])
    app = _app(proxy, demo_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_job(pilot, job_id="ftjob-long-error")
        await pilot.press("2")
        await settle(pilot)
        log = screen.query_one("#event-log", EventLog)
        narrow = [line.text.rstrip() for line in log.lines]
        assert len(narrow) > 5 and all(len(line) <= log.size.width for line in narrow)
        assert LONG_ERROR in _words(" ".join(narrow))
        await pilot.resize_terminal(160, 48)
        await settle(pilot)
        wide = [line.text.rstrip() for line in log.lines]
        assert len(wide) < len(narrow) and LONG_ERROR in _words(" ".join(wide))


async def test_missing_fields_read_as_a_dash_never_a_question_mark_or_a_made_up_method(
    demo_clock: ManualClock, proxy: Hostile
) -> None:
    nulls = {"object": "fine_tuning.job", "id": "ftjob-nulls", **dict.fromkeys(("model", "status", "method"))}
    nulls |= dict.fromkeys(("created_at", "finished_at", "error", "hyperparameters", "training_file", "suffix"))
    _serve(proxy, nulls)
    app = _app(proxy, demo_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_job(pilot, job_id="ftjob-nulls")
        title = shown_text(screen.query_one("#job-title", Static))
        assert title.strip().startswith("ftjob-nulls  —  — · demo"), title
        await pilot.press("3")
        await settle(pilot)
        details = shown_text(screen.query_one("#details-body", Static))
        rows = dict(re.split(r"\s{2,}", line.strip(), maxsplit=1) for line in details.splitlines() if "  " in line)
        assert rows["Status"] == "— (the server sent none)", details
        assert rows["Method"] == "—" and rows["Base model"] == "—" and rows["Name"] == "—", details
        assert "?" not in details and "supervised" not in details and "None" not in details, details
        await pilot.press("x")  # the dialog says what is known, and nothing else
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        body = shown_text(app.screen.query_one("#confirm-body", Static))
        assert "— · —" in body and "?" not in body and "unknown" not in body, body


async def test_y_on_a_checkpoint_copies_its_whole_model_id_the_row_shows_it_shortened(demo_app: FtuiApp) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        screen = await open_job(pilot, JobStatus.SUCCEEDED)
        await until(pilot, lambda: len(screen.checkpoints) >= 3, "the checkpoints")
        await pilot.press("4")
        await settle(pilot)
        table = screen.query_one(CheckpointTable)
        assert screen.focused is table
        shown = [str(table.get_row_at(row)[-1]) for row in range(table.row_count)]
        models = [c.model for c in screen.checkpoints]
        assert all("…" in cell and cell.removesuffix(" best") not in models for cell in shown), shown  # shortened …
        ends = [cell.rsplit(":", 1)[-1].removesuffix(" best") for cell in shown]
        assert ends == [m.rsplit(":", 1)[-1] for m in models]
        assert max(len(cell) for cell in shown) <= table.size.width  # … to the table's width
        await pilot.press("j")
        await pilot.press("y")
        await pilot.pause()
        assert demo_app.clipboard == models[1]  # … and copied whole
        assert any(n.message == models[1] for n in demo_app._notifications)
        await pilot.press("G")
        assert table.cursor_row == table.row_count - 1
        await pilot.press("g")
        assert table.cursor_row == 0
        await pilot.press("j", "j", "k")
        assert table.cursor_row == 1


async def test_events_move_with_vim_keys_top_and_bottom(demo_app: FtuiApp) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        screen = await open_job(pilot, JobStatus.SUCCEEDED)
        await pilot.press("2")
        await settle(pilot)
        log = screen.query_one("#event-log", EventLog)
        assert screen.focused is log and log.max_scroll_y > 10
        await pilot.press("g")
        assert log.scroll_y == 0
        await pilot.press("j", "j")
        assert log.scroll_y == 2
        await pilot.press("k")
        assert log.scroll_y == 1
        await pilot.press("G")
        await pilot.pause()
        assert log.scroll_y == log.max_scroll_y
        assert "The job has successfully completed" in log.lines[-1].text


async def test_footer_keys_fit_80_columns_and_the_rest_are_still_bound(demo_app: FtuiApp) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        screen = await open_job(pilot, JobStatus.RUNNING)
        for tab, name in (("1", "loss"), ("2", "events"), ("3", "details"), ("4", "checkpoints")):
            await pilot.press(tab)
            await settle(pilot)
            assert screen.query_one(TabbedContent).active == name
            assert screen.focused is not None and name in [a.id for a in screen.focused.ancestors_with_self], name
            active = screen.active_bindings.items()
            shown = [key for key, b in active if b.binding.show and b.enabled and b.node is not demo_app]
            assert len(shown) <= 5, (tab, shown)
            assert "escape" in shown
        keys = set(screen.active_bindings)
        assert {"p", "e", "E", "r", "1", "2", "3", "4", "x"} <= keys


async def test_a_cancel_the_server_did_not_carry_out_is_not_called_a_success(
    demo_clock: ManualClock, proxy: Hostile
) -> None:
    running = _job(id="ftjob-running", status="running", error=None, finished_at=None)
    _serve(proxy, running)
    proxy.answer(CANCEL, 200, json.dumps(running))
    app = _app(proxy, demo_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_job(pilot, job_id="ftjob-running")
        await pilot.press("x")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ConfirmScreen)
        box = dialog.query_one("#confirm-box").region
        assert Region(0, 0, 80, 24).contains_region(box), box  # the whole dialog is on an 80×24 screen
        assert "Cancel long-error?" in shown_text(dialog.query_one("#confirm-title", Static))
        assert "Cancel job (y)" in str(dialog.query_one("#yes", Button).label)
        await pilot.press("y")
        await settle(pilot, rounds=2)
        assert isinstance(app.screen, JobScreen) and screen.query_one(TabbedContent)
        said = [n.message for n in app._notifications]
        assert "Asked to cancel long-error; the server says it is running." in said, said
        assert not any("is now" in text for text in said), said
