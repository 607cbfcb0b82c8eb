"""The launch pane never creates a job twice: interrupted mid-create, or its answer lost, then launched again.

Pilot tests: the real app, the real ``openai`` client, the emulator behind a loopback proxy that holds
or loses the answer to the create call.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ftui.config import Config, load_config
from ftui.emulator import Emulator
from ftui.launch.form import LAUNCH_TAG
from ftui.launch.pending import recorded
from ftui.launch.store import load_draft, load_draft_launch
from ftui.providers import Profile
from ftui.session import Session
from ftui.tui.app import FtuiApp
from ftui.tui.confirm import ConfirmScreen
from ftui.tui.panes.launch import LaunchPane
from ftui.tui.panes.launch_dialogs import PriorLaunchScreen
from tests.pilot import make_app, settle

from .conftest import MODEL, Writer
from .hostile_proxy import HostileProxy


@pytest.fixture
def proxy(emulator: Emulator) -> Iterator[HostileProxy]:
    hostile = HostileProxy(emulator.base_url).start()
    try:
        yield hostile
    finally:
        hostile.stop()


@pytest.fixture
def config(tmp_path: Path, write: Writer) -> Config:
    write("train.jsonl", 30)
    Path(os.environ["FTUI_CONFIG"]).write_text(f'dataset_dirs = ["{tmp_path}"]\n')
    return load_config()


def _app(proxy: HostileProxy, config: Config) -> FtuiApp:
    profile = Profile("emu", "emulator", {"base_url": proxy.base_url, "max_retries": 0})
    return make_app(Session(profiles=(profile,)), config=config)


def _jobs(emulator: Emulator) -> list[tuple[str, str | None]]:
    with emulator.store.lock:
        return [(j.params.id, (j.params.metadata or {}).get(LAUNCH_TAG)) for j in emulator.store.jobs.values()]


async def _settle(pilot: Any) -> None:
    await settle(pilot, rounds=3)


async def _until(pilot: Any, condition: Any, what: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await pilot.pause(0.05)


def _status(pane: LaunchPane) -> str:
    return str(pane.query_one("#launch-status").render())


async def _open(pilot: Any) -> LaunchPane:
    await _settle(pilot)
    await pilot.press("3")
    await _settle(pilot)
    return pilot.app.screen.query_one(LaunchPane)


async def _fill(pilot: Any, pane: LaunchPane, train: Path) -> None:
    pane.query_one("#launch-model").value = MODEL
    await _settle(pilot)
    pane.query_one("#f-training").value = str(train)
    await _settle(pilot)


async def _launch(pilot: Any) -> None:
    await pilot.press("ctrl+l")
    await _until(pilot, lambda: isinstance(pilot.app.screen, ConfirmScreen), "the confirmation")
    await pilot.press("y")


async def test_interrupted_mid_create_then_relaunch_opens_the_job_instead_of_a_second(
    proxy: HostileProxy, emulator: Emulator, config: Config, tmp_path: Path
) -> None:
    train = tmp_path / "train.jsonl"
    proxy.modes = ["hold"]  # the server creates the job, the answer never arrives
    app = _app(proxy, config)
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await _open(pilot)
        await _fill(pilot, pane, train)
        await _launch(pilot)
        await asyncio.to_thread(proxy.create_forwarded.wait, 60)
        [(job_id, tag)] = _jobs(emulator)
        assert load_draft_launch() is not None and load_draft_launch()["id"] == tag  # saved before sending
        quit_at = time.monotonic()
        app.exit()  # what SIGHUP does (app.py): must not wait for the create call's timeout
    assert time.monotonic() - quit_at < 10
    app.session.close()
    assert load_draft_launch()["id"] == tag and recorded(load_draft_launch()["key"]).launch_id == tag

    proxy.modes = []  # the link is fine again
    app = _app(proxy, config)
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await _open(pilot)
        assert pane.form.training == str(train) and f"launch id {tag}" in _status(pane)
        await _settle(pilot)
        await _launch(pilot)
        await _until(pilot, lambda: isinstance(pilot.app.screen, PriorLaunchScreen), "the open-or-launch question")
        dialog = pilot.app.screen
        text = " ".join(str(w.render()) for w in dialog.query("Static"))
        assert f"This launch may already exist as {job_id}" in text and "Open it, or launch again?" in text
        await pilot.press("o")
        await _until(pilot, lambda: pilot.app.screen.query_one("TabbedContent").active == "jobs", "the jobs tab")
        assert pilot.app.screen.query_one("JobsPane").selected.id == job_id
        assert "nothing new was created" in _status(pane)
    app.session.close()
    assert _jobs(emulator) == [(job_id, tag)] and proxy.creates == 1
    assert load_draft() is None


async def test_lost_create_answer_is_found_and_a_relaunch_asks_first(
    proxy: HostileProxy, emulator: Emulator, config: Config, tmp_path: Path
) -> None:
    train = tmp_path / "train.jsonl"
    proxy.modes = ["lose"]  # created on the server; the connection closes before the answer
    app = _app(proxy, config)
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await _open(pilot)
        await _fill(pilot, pane, train)
        await _launch(pilot)
        await _until(pilot, lambda: not pane.launching and "Launched" in _status(pane), "the launch")
        [(job_id, tag)] = _jobs(emulator)
        assert f"Launched {job_id}" in _status(pane)

        await pilot.press("3")  # the same form, launched again
        await _settle(pilot)
        await _launch(pilot)
        await _until(pilot, lambda: isinstance(pilot.app.screen, PriorLaunchScreen), "the open-or-launch question")
        assert pilot.app.screen.job_id == job_id
        await pilot.press("escape")
        await _until(pilot, lambda: "Not launched" in _status(pane), "the answer")
        assert len(_jobs(emulator)) == 1

        await _launch(pilot)
        await _until(pilot, lambda: isinstance(pilot.app.screen, PriorLaunchScreen), "the question again")
        await pilot.press("l")  # launch again: a second job, on purpose, under a new launch id
        await _until(pilot, lambda: len(_jobs(emulator)) == 2 and not pane.launching, "the second job")
        tags = {t for _, t in _jobs(emulator)}
        assert len(tags) == 2 and tag in tags
    app.session.close()
