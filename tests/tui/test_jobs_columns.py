"""Pilot tests of the jobs table's fit: columns chosen by width, huge values capped, a dash for what is missing,
Took sorting by elapsed time, the offline empty state's countdown, and g/G/j/k.

Server answers come over real HTTP from the emulator, or from the hostile loopback proxy in front of it
(tests/tui/hostile.py) when a test needs an answer the emulator never gives (a 10 MB name, a bare job).
"""

from __future__ import annotations

import json
import re
import socket
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from ftui.config import load_config
from ftui.emulator import ManualClock
from ftui.providers import Job, JobStatus
from ftui.providers.profiles import Profile
from ftui.session import Session
from ftui.tui.app import FtuiApp
from ftui.tui.panes import jobs_view
from ftui.tui.panes.jobs import JobsPane
from ftui.tui.panes.jobs_columns import COLUMNS, JobsTable
from ftui.tui.panes.jobs_view import Filter
from tests.pilot import settle, shown_text, until
from tests.tui.conftest import DEMO_START, make_app
from tests.tui.hostile import Hostile

LIST = r"/fine_tuning/jobs$"
CAPS = {column.key: column.cap for column in COLUMNS}
HUGE = 10 * 1024 * 1024


def _pane(app: FtuiApp) -> JobsPane:
    return app.screen.query_one(JobsPane)


def _keys(app: FtuiApp) -> list[str]:
    """The columns the table really has, in order."""
    return [str(key.value) for key in app.screen.query_one(JobsTable).columns]


def _row(app: FtuiApp, job: Job) -> dict[str, str]:
    """What a job's row shows, column by column (plain text)."""
    table = app.screen.query_one(JobsTable)
    index = next(i for i, shown in enumerate(_pane(app).shown) if shown.key == job.key)
    return {
        key: str(getattr(cell, "plain", cell)) for key, cell in zip(_keys(app), table.get_row_at(index), strict=True)
    }


def _fits(app: FtuiApp) -> None:
    """No column is wider than its share and the table never needs scrolling sideways."""
    table = app.screen.query_one(JobsTable)
    for key, column in table.columns.items():
        assert column.width <= CAPS[str(key.value)], (key.value, column.width)
    assert table.virtual_size.width <= table.size.width, (table.virtual_size.width, table.size.width)


@pytest.fixture
def proxy(demo_session: Session) -> Iterator[Hostile]:
    """The hostile proxy in front of the demo emulator."""
    hostile = Hostile(demo_session.emulator.base_url)
    try:
        yield hostile
    finally:
        hostile.close()


def _app(base_url: str, clock: ManualClock) -> FtuiApp:
    profile = Profile("demo", "emulator", {"base_url": base_url, "max_retries": 0, "timeout": 30})
    config = replace(load_config(), dataset_dirs=(Path(tempfile.mkdtemp(prefix="ftui-datasets-")),))
    return make_app(Session(profiles=(profile,)), clock, config)


def _listing(*jobs: dict[str, Any]) -> str:
    return json.dumps({"object": "list", "data": list(jobs), "has_more": False})


def _job(ident: str, **fields: Any) -> dict[str, Any]:
    return {
        "object": "fine_tuning.job",
        "id": ident,
        "model": "gpt-4o-mini-2024-07-18",
        "status": "running",
        "created_at": int(DEMO_START) - 600,
        "finished_at": None,
        "training_file": "file-abc",
        "hyperparameters": {"n_epochs": 3},
        **fields,
    }


async def test_80_columns_keep_name_status_progress_and_times_and_160_shows_every_column(demo_app: FtuiApp) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, rounds=2)
        narrow = _keys(demo_app)
        assert {"name", "status", "progress", "tokens", "age", "duration"} <= set(narrow), narrow
        assert "id" not in narrow  # the id gave way first ...
        _fits(demo_app)
        job = _pane(demo_app).selected
        assert job is not None and job.id in shown_text(demo_app.screen.query_one("#job-detail", Static))
        await pilot.press("y")  # ... and stays whole under the table and on the clipboard
        assert demo_app.clipboard == job.id

        await pilot.resize_terminal(160, 48)
        await settle(pilot)
        wide = _keys(demo_app)
        assert wide == ["id", "name", "model", "status", "progress", "tokens", "age", "duration"]
        _fits(demo_app)
        assert _row(demo_app, job)["id"] == job.id  # whole at 160
        assert _row(demo_app, job)["model"] == job.base_model

        await pilot.resize_terminal(80, 24)  # and back: chosen again on every resize
        await settle(pilot)
        assert _keys(demo_app) == narrow


async def test_a_10_mb_name_from_the_server_stays_in_its_column(demo_clock: ManualClock, proxy: Hostile) -> None:
    huge = _job("ftjob-huge", user_provided_suffix="n" * HUGE + "-end", model="m" * HUGE)
    proxy.answer(LIST, 200, _listing(huge, _job("ftjob-small", user_provided_suffix="small")))
    app = _app(proxy.base_url, demo_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: len(_pane(app).shown) == 2, "both jobs listed")
        job = next(job for job in _pane(app).shown if job.id == "ftjob-huge")
        _fits(app)
        row = _row(app, job)
        assert row["name"].startswith("nnn") and "…" in row["name"]
        assert {"status", "progress"} <= set(row) and row["status"] == "running"
        await pilot.resize_terminal(160, 48)
        await settle(pilot)
        _fits(app)


async def test_a_10_mb_name_id_and_model_in_the_list_cost_their_share_only(
    demo_session: Session, demo_clock: ManualClock
) -> None:
    """A job list built in memory (no parser caps it on the way): every value is still shortened in the middle."""
    now = datetime.fromtimestamp(DEMO_START, UTC)
    job = Job(
        provider="demo",
        kind="emulator",
        id="ftjob-" + "i" * HUGE + "-tail",
        name="name-" + "n" * HUGE + "-tail",
        base_model="model-" + "m" * HUGE + "-tail",
        status=JobStatus.RUNNING,
        native_status="running",
        created_at=now - timedelta(minutes=5),
    )
    config = replace(load_config(), dataset_dirs=(Path(tempfile.mkdtemp()),), refresh_interval=3600.0)
    demo_app = make_app(demo_session, demo_clock, config)  # no refresh puts the demo's jobs back meanwhile
    async with demo_app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, rounds=2)
        pane = _pane(demo_app)
        pane.show([job], now)
        await settle(pilot)
        row = _row(demo_app, job)
        assert row["id"].startswith("ftjob-ii") and row["id"].endswith("-tail") and "…" in row["id"]
        assert row["name"].startswith("name-") and row["name"].endswith("-tail")
        assert row["model"].startswith("model-") and row["model"].endswith("-tail")
        _fits(demo_app)
        detail = shown_text(demo_app.screen.query_one("#job-detail", Static))
        assert len(detail) < 1000 and "-tail" in detail
    # The filter runs over the cells' text (both ends kept), not over 30 MB.
    rows = jobs_view.visible(
        [job],
        now=now,
        steps={},
        text_filter=Filter("name-n+…n+-tail"),
        status_filter=None,
        sort_key="name",
        reverse=False,
    )
    assert [shown for shown, _ in rows] == [job]


async def test_a_job_with_missing_fields_shows_a_dash(demo_clock: ManualClock, proxy: Hostile) -> None:
    bare = {"object": "fine_tuning.job", "id": "ftjob-bare"}
    nulls = dict.fromkeys(("model", "status", "created_at", "finished_at", "trained_tokens", "method"))
    proxy.answer(LIST, 200, _listing(bare, {**nulls, "id": "ftjob-nulls"}))
    app = _app(proxy.base_url, demo_clock)
    async with app.run_test(size=(160, 48)) as pilot:
        await until(pilot, lambda: len(_pane(app).shown) == 2, "both jobs listed")
        for job in _pane(app).shown:
            row = _row(app, job)
            assert row["id"] == job.id
            assert {key: text for key, text in row.items() if key != "id"} == dict.fromkeys(row.keys() - {"id"}, "—")
            while _pane(app).selected != job:
                await pilot.press("j")
            detail = shown_text(app.screen.query_one("#job-detail", Static))
            assert "None" not in detail and "?" not in detail and "()" not in detail, detail


async def test_took_sorts_a_running_job_by_its_time_so_far(demo_app: FtuiApp) -> None:
    async with demo_app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, rounds=2)
        pane = _pane(demo_app)
        while pane.sort_key != "duration":
            await pilot.press("o")
        order = [(job.name, _row(demo_app, job)["duration"]) for job in pane.shown]
        # Longest first: the running job (2m so far) between the 3m and the 15s ones; the queued job,
        # which has not started, last.
        assert order == [
            ("support-v1", "11m"),
            ("support-v1-lr", "3m"),
            ("support-v2", "2m"),
            ("support-v1b", "15s"),
            ("dpo-tone", "—"),
        ], order
        await pilot.press("O")  # shortest first: the job never started stays last
        assert [name for name, _ in order[:-1]][::-1] + ["dpo-tone"] == [job.name for job in pane.shown]


async def test_an_offline_profile_says_why_and_counts_down_to_the_retry(demo_clock: ManualClock) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed once the block ends: connection refused
    app = _app(f"http://127.0.0.1:{port}/v1", demo_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        empty = app.screen.query_one("#jobs-empty", Static)

        def says() -> str:
            return shown_text(empty) if empty.display and empty.size.area else ""

        await until(pilot, lambda: "Retrying in" in says(), "the countdown")
        text = says()
        assert "No jobs yet" not in text and "Cannot reach demo" in text, text
        assert f"could not reach http://127.0.0.1:{port}/v1" in " ".join(text.split()), text
        seen = [text]
        for _ in range(60):  # the countdown follows the clock second by second, to the retry and past it
            before = says()
            demo_clock.advance(1)
            await until(pilot, lambda before=before: says() != before, "the countdown moving")
            seen.append(says())
            counts = [n for n in map(_seconds, seen) if n]
            if counts[-1] > counts[-2]:
                break  # the retry ran, failed, and a new (longer) countdown started
        else:
            raise AssertionError(f"the retry never ran: {[line.splitlines()[-1] for line in seen]}")
        assert all(" 0 s" not in line for line in seen), [line.splitlines()[-1] for line in seen]
        assert not shown_text(app.screen.query_one("#job-detail", Static)).strip("─ \n")  # said once, above


def _seconds(text: str) -> int:
    """The seconds a countdown shows (0 for "Retrying now…")."""
    match = re.search(r"Retrying in (\d+) s", text)
    return int(match.group(1)) if match else 0


async def test_g_and_shift_g_go_to_the_first_and_last_row_j_and_k_move(demo_app: FtuiApp) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, rounds=2)
        pane = _pane(demo_app)
        shown = pane.shown
        await pilot.press("G")
        assert pane.selected == shown[-1]
        await pilot.press("k")
        assert pane.selected == shown[-2]
        await pilot.press("g")
        assert pane.selected == shown[0]
        await pilot.press("j")
        assert pane.selected == shown[1]


@pytest.mark.parametrize("width", [60, 80, 100, 120, 160, 240])
@pytest.mark.parametrize("profiles", [1, 2])
def test_every_width_keeps_name_status_and_progress_and_never_overflows(width: int, profiles: int) -> None:
    from ftui.tui.panes.jobs_columns import PADDING, SCROLLBAR, layout, natural_widths

    columns = [c for c in COLUMNS if profiles > 1 or c.key != "profile"]
    row = {
        "profile": "openai-prod",
        "id": "ftjob-U6XnhpbvP2OoGIdDa79y8cuw",
        "name": "support-v1-lr",
        "model": "ft:gpt-4o-mini-2024-07-18:org:support:T1012wuI",
        "status": "succeeded",
        "progress": "data processing",
        "tokens": "1,235,283",
        "age": "3h30m",
        "duration": "11m",
    }
    shown = layout(columns, natural_widths(columns, [row]), width)
    assert {"name", "status", "progress"} <= set(shown.keys)
    assert sum(w + PADDING for _, w in shown.widths) <= width - SCROLLBAR
    if width >= 160:
        assert shown.keys == [c.key for c in columns]  # everything at 160
    if len(shown.keys) < len(columns):
        assert "id" not in shown.keys  # the id is the first to go


async def test_a_marked_job_shows_its_mark_whichever_columns_fit(demo_app: FtuiApp) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, rounds=2)
        job = _pane(demo_app).selected
        assert job is not None
        await pilot.press("space")
        assert _row(demo_app, job)["name"].startswith("● ")  # the id column is not shown at 80
        await pilot.resize_terminal(160, 48)
        await settle(pilot)
        assert _row(demo_app, job)["id"] == "● " + job.id and not _row(demo_app, job)["name"].startswith("●")
        await pilot.press("space")
        assert _row(demo_app, job)["id"] == job.id
