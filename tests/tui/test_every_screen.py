"""Every screen and dialog as SVG snapshots, at 80×24 and at 160×48 (issue #12).

One parametrised test, ``test_screen[<screen>-<size>]``: the demo app (fixed clock and seed) or a
Bedrock job on moto (fixed times), driven by keys the way a user gets there. What
``tests/tui/test_snapshots.py`` already pictures at a size (the jobs table at both sizes, help,
the cancel dialog, the palette, a succeeded job's loss and a failed job's details at 80×24, a
running job's loss at 160×48) is not repeated here.

Update after a deliberate visual change with
``pytest tests/tui/test_every_screen.py --snapshot-update`` and review the SVGs.
"""

from __future__ import annotations

import fcntl
import json
import shutil
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from ftui.config import load_config
from ftui.emulator import ManualClock
from ftui.session import Session, start_demo
from ftui.tui.app import FtuiApp
from tests.pilot import loaded, make_app, open_job, settle
from tests.providers.bedrock_fixtures import aws_env  # noqa: F401
from tests.tui.conftest import DEMO_START

SIZES = {"80x24": (80, 24), "160x48": (160, 48)}
FIXED = Path("/tmp/ftui-every-screen")
"""Paths a screen shows must not change between runs: each test gets its own fixed folder under this."""
BEDROCK_START = datetime(2026, 11, 18, 9, 0, 0)
"""When the Bedrock job was created (moto keeps local times: the tests run in UTC)."""
HAIKU = "anthropic.claude-3-haiku-20240307-v1:0:200k"
MOTO_PORT = 47_613
"""The header shows where a profile points (host and port): the Bedrock pictures need a fixed port."""

Steps = Callable[[Any], Awaitable[None]]


@pytest.fixture(autouse=True)
def _terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """The terminal facts the diagnostics screen shows, the same on every machine."""
    monkeypatch.setenv("TERM", "xterm-256color")
    for name in ("COLORTERM", "TMUX", "ESCDELAY", "NO_COLOR", "TERM_PROGRAM", "STY"):
        monkeypatch.delenv(name, raising=False)


async def _still(pilot: Any) -> None:
    """Let everything finish, and stop blinking cursors (the picture must not depend on the blink phase)."""
    await settle(pilot, rounds=2)
    await pilot.wait_for_scheduled_animations()
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


async def _job(pilot: Any, name: str, tab: str) -> None:
    await loaded(pilot)
    await open_job(pilot, name=name)
    await pilot.press(tab)
    await _still(pilot)


def _job_steps(name: str, tab: str) -> Steps:
    async def steps(pilot: Any) -> None:
        await _job(pilot, name, tab)

    return steps


async def _select(pilot: Any, name: str) -> None:
    """Move the jobs table's selection to the job called ``name`` with j/k (top first)."""
    from ftui.tui.panes.jobs import JobsPane

    pane = pilot.app.screen.query_one(JobsPane)
    await pilot.press("g")
    for _ in range(len(pane.shown) + 1):
        if pane.selected is not None and pane.selected.name == name:
            return
        await pilot.press("j")
    raise AssertionError(f"no job {name!r} in the table: {[job.name for job in pane.shown]}")


async def _keys(pilot: Any, *keys: str) -> None:
    await loaded(pilot)
    await pilot.press(*keys)
    await _still(pilot)


async def _compare(pilot: Any) -> None:
    from ftui.tui.screens.compare import CompareScreen

    await loaded(pilot)
    for name in ("support-v1", "support-v2", "support-v1-lr"):
        await _select(pilot, name)
        await pilot.press("space")
    await pilot.press("C")
    await _still(pilot)
    assert isinstance(pilot.app.screen, CompareScreen)


async def _palette(pilot: Any) -> None:
    await loaded(pilot)
    await pilot.press("colon")
    await pilot.pause(0.3)
    await pilot.press(*"support")
    palette = pilot.app.screen
    for _ in range(100):  # hits arrive asynchronously: wait until all four jobs are listed
        await pilot.pause(0.05)
        if palette.query_one("CommandList").option_count >= 4:
            break
    await _still(pilot)


def _dataset_steps(file: str, tab: str | None) -> Steps:
    async def steps(pilot: Any) -> None:
        from ftui.tui.panes.datasets import DatasetsPane
        from ftui.tui.panes.datasets_browser import FileBrowser

        await loaded(pilot)
        await pilot.press("2")
        await settle(pilot)
        pane = pilot.app.screen.query_one(DatasetsPane)
        browser = pane.query_one(FileBrowser)
        path = next(p for p in pilot.app.services.config.dataset_dirs[0].iterdir() if p.name == file)
        assert browser.highlight(str(path)), f"{file} is not listed"
        browser.focus()
        await pilot.press("enter")
        await settle(pilot, rounds=3)
        assert pane.dataset is not None and Path(pane.dataset.path).name == file
        if tab:
            await pilot.press(tab)
        await _still(pilot)

    return steps


async def _launch(pilot: Any) -> None:
    await loaded(pilot)
    await pilot.press("3")
    await _still(pilot)


async def _launch_bedrock(pilot: Any) -> None:
    from ftui.tui.panes.launch import LaunchPane

    await _launch(pilot)
    pane = pilot.app.screen.query_one(LaunchPane)
    pane.query_one("#launch-model").value = HAIKU  # the model picker: Bedrock's form follows the model
    await _still(pilot)


async def _too_small(pilot: Any) -> None:
    await loaded(pilot)
    await _still(pilot)


# screen → (which app, steps). Apps: "demo", "datasets" (demo + dataset files), "read-only", "bedrock".
SCREENS: dict[str, tuple[str, Steps]] = {
    "jobs-read-only": ("read-only", loaded),
    "cancel-dialog": ("demo", lambda pilot: _keys(pilot, "j", "x")),
    "help": ("demo", lambda pilot: _keys(pilot, "question_mark")),
    "palette": ("demo", _palette),
    "diagnostics": ("demo", lambda pilot: _keys(pilot, "D")),
    "compare": ("demo", _compare),
    "datasets-examples": ("datasets", _dataset_steps("support-train.jsonl", None)),
    "datasets-problems": ("datasets", _dataset_steps("support-broken.jsonl", "p")),
    "datasets-stats": ("datasets", _dataset_steps("support-train.jsonl", "s")),
    "launch-openai": ("demo", _launch),
    "launch-bedrock": ("bedrock", _launch_bedrock),
    **{
        f"job-{status}-{tab}": ("demo", _job_steps(name, key))
        for status, name in (
            ("running", "support-v2"),
            ("succeeded", "support-v1"),
            ("failed", "support-v1b"),
            ("cancelled", "support-v1-lr"),
        )
        for tab, key in (("loss", "1"), ("events", "2"), ("details", "3"))
    },
    **{
        f"job-bedrock-{status}-{tab}": ("bedrock", _job_steps(f"support-nova-{status}", key))
        for status in ("running", "succeeded")
        for tab, key in (("loss", "1"), ("events", "2"), ("details", "3"))
    },
}

ALREADY = {  # pictured by tests/tui/test_snapshots.py
    ("help", "80x24"),
    ("cancel-dialog", "80x24"),
    ("palette", "80x24"),
    ("job-succeeded-loss", "80x24"),
    ("job-failed-details", "80x24"),
    ("job-running-loss", "160x48"),
}
CASES = [
    pytest.param(screen, size, id=f"{screen}-{size}")
    for screen in SCREENS
    for size in SIZES
    if (screen, size) not in ALREADY
]


@pytest.fixture
def fixed_moto(aws_env: None) -> Iterator[Any]:
    """A moto server on the fixed port, one test at a time across xdist workers (a file lock), and its driver."""
    from moto.server import ThreadedMotoServer

    from tests.providers.bedrock_driver import BedrockDriver

    FIXED.mkdir(parents=True, exist_ok=True)
    with (FIXED / "moto.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=MOTO_PORT, verbose=False)
        server.start()
        driver = BedrockDriver(f"http://127.0.0.1:{MOTO_PORT}")
        try:
            driver.reset()
            yield driver
        finally:
            driver.close()
            server.stop()


def _write_datasets(folder: Path) -> None:
    """The demo's datasets as files: a clean chat set and one with broken lines."""
    from ftui.emulator.demo import chat_examples, malformed_lines

    rows = [json.dumps(row) for row in chat_examples(120, seed=0)]
    (folder / "support-train.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    broken = rows[:20] + malformed_lines(seed=0)
    (folder / "support-broken.jsonl").write_text("\n".join(broken) + "\n", encoding="utf-8")


def _fixed_folder(request: pytest.FixtureRequest) -> Path:
    name = request.node.callspec.id
    folder = FIXED / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def _demo_app(kind: str, folder: Path, sessions: list[Session]) -> FtuiApp:
    clock = ManualClock(start=DEMO_START)
    session = start_demo(clock=clock)
    sessions.append(session)
    datasets = folder / "datasets"
    datasets.mkdir()
    if kind == "datasets":
        _write_datasets(datasets)
    config = replace(load_config(), dataset_dirs=(datasets,))
    return make_app(session, clock, config, read_only=kind == "read-only")


def _bedrock_app(driver: Any, folder: Path) -> FtuiApp:
    """A Bedrock profile on moto with a running and a completed job (metrics in S3), at fixed times."""
    from moto.bedrock.models import bedrock_backends
    from moto.core import DEFAULT_ACCOUNT_ID

    from tests.providers.bedrock_driver import BASE_MODEL, BUCKET, ROLE_ARN

    client = driver.provider._bedrock
    for status in ("running", "succeeded"):
        client.create_model_customization_job(
            jobName=f"support-nova-{status}",
            customModelName=f"support-nova-{status}",
            roleArn=ROLE_ARN,
            baseModelIdentifier=BASE_MODEL,
            trainingDataConfig={"s3Uri": f"s3://{BUCKET}/ftui/support-train.jsonl"},
            outputDataConfig={"s3Uri": f"s3://{BUCKET}/ftui/output/"},
            hyperParameters={"epochCount": "2", "learningRate": "0.00001"},
        )
    jobs = bedrock_backends[DEFAULT_ACCOUNT_ID][driver.region].model_customization_jobs
    for i, job in enumerate(jobs.values()):
        job.creation_time = (BEDROCK_START.replace(minute=10 * i)).strftime("%Y-%m-%d %H:%M:%S")
        if job.job_name.endswith("succeeded"):
            driver.finish(job.job_name, "succeeded")
            job.last_modified_time = job.end_time = BEDROCK_START.replace(hour=10).strftime("%Y-%m-%d %H:%M:%S")
    session = Session(profiles=(driver.profile,), providers={driver.profile.name: driver.provider})
    datasets = folder / "datasets"
    datasets.mkdir()
    config = replace(load_config(), dataset_dirs=(datasets,))
    now = BEDROCK_START.replace(hour=10, minute=30, tzinfo=UTC)
    return make_app(session, config=config, now=lambda: now)


@pytest.mark.parametrize(("screen", "size"), CASES)
def test_screen(snap_compare: Any, request: pytest.FixtureRequest, screen: str, size: str) -> None:
    kind, steps = SCREENS[screen]
    folder = _fixed_folder(request)
    sessions: list[Session] = []
    if kind == "bedrock":
        app = _bedrock_app(request.getfixturevalue("fixed_moto"), folder)
    else:
        app = _demo_app(kind, folder, sessions)
    try:
        assert snap_compare(app, terminal_size=SIZES[size], run_before=steps)
    finally:
        for session in sessions:
            session.close()


@pytest.mark.parametrize("size", [(50, 12), (100, 14)], ids=["50x12", "100x14"])
def test_too_small(snap_compare: Any, request: pytest.FixtureRequest, size: tuple[int, int]) -> None:
    sessions: list[Session] = []
    app = _demo_app("demo", _fixed_folder(request), sessions)
    try:
        assert snap_compare(app, terminal_size=size, run_before=_too_small)
    finally:
        for session in sessions:
            session.close()
