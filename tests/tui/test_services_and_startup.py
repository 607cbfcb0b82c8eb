"""Pilot tests of the app's structure: the first frame comes before the session, palette commands are
messages the main screen carries out, and the cancel dialog speaks the provider's words."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandPalette
from textual.message import Message
from textual.widgets import Button, Static

from ftui.config import load_config
from ftui.emulator import ManualClock
from ftui.providers import ConfigError
from ftui.providers.bedrock_provider import BedrockProvider
from ftui.session import Session, start_demo
from ftui.tui.app import FtuiApp
from ftui.tui.confirm import ConfirmScreen
from ftui.tui.messages import OpenJob, ShowTab
from ftui.tui.panes.jobs import JobsPane
from ftui.tui.screens.job import JobScreen
from ftui.tui.screens.main import MainScreen
from ftui.tui.screens.starting import StartingScreen
from tests.providers.bedrock_fixtures import aws_env, bedrock_driver, moto_endpoint  # noqa: F401
from tests.providers.conftest import chat_examples
from tests.tui.conftest import DEMO_START

PAUSES = 400
"""Bound on the polling loops below (each pause is 50 ms at most)."""


async def _settle(pilot: Any) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def _config(tmp_path: Path) -> Any:
    return replace(load_config(), dataset_dirs=(tmp_path,))


async def test_the_first_frame_is_painted_before_the_session_is_built(tmp_path: Path) -> None:
    clock = ManualClock(start=DEMO_START)
    release = threading.Event()
    built: list[Session] = []

    def start() -> Session:  # what the CLI hands the app: building it starts the emulator and seeds the demo
        assert release.wait(30), "the test never let the session start"
        session = start_demo(clock=clock)
        built.append(session)
        return session

    app = FtuiApp(start, _config(tmp_path), now=lambda: datetime.fromtimestamp(clock.now(), tz=UTC))
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, StartingScreen) and not built
            assert "Starting…" in app.export_screenshot()  # drawn, while the session does not exist yet
            assert "Starting…" in str(app.screen.query_one("#jobs-empty", Static).render())
            release.set()
            for _ in range(PAUSES):
                await pilot.pause(0.05)
                panes = app.screen.query(JobsPane) if isinstance(app.screen, MainScreen) else []
                if panes and panes.first().shown:  # (the pane may not have composed its table yet)
                    break
            assert isinstance(app.screen, MainScreen)
            names = {job.name for job in app.screen.query_one(JobsPane).shown}
            assert {"support-v1", "support-v2", "dpo-tone"} <= names
            assert built and app.session is built[0]
    finally:
        release.set()
        app.close_session()
    assert built and built[0].emulator is None  # closed with the app


async def test_quitting_while_starting_closes_the_session_once_it_is_built(tmp_path: Path) -> None:
    release = threading.Event()
    built: list[Session] = []

    def start() -> Session:
        release.wait(30)
        session = start_demo()
        built.append(session)
        return session

    app = FtuiApp(start, _config(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("q")
    release.set()
    for _ in range(PAUSES):  # the start-up thread ends on its own once released
        if built and built[0].emulator is None:
            break
        threading.Event().wait(0.05)
    assert built and built[0].emulator is None  # the session built after the app quit was closed


async def test_a_profile_that_does_not_exist_exits_with_the_clis_message(tmp_path: Path) -> None:
    def start() -> Session:
        raise ConfigError("No profile named 'prod' (none configured).")

    app = FtuiApp(start, _config(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(pilot)
    assert app.return_code == 2


async def test_a_start_that_fails_says_why_on_the_starting_screen(tmp_path: Path) -> None:
    def start() -> Session:
        raise OSError("Address already in use")

    app = FtuiApp(start, _config(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(pilot)
        assert isinstance(app.screen, StartingScreen)
        detail = str(app.screen.query_one("#jobs-empty", Static).render())
        assert "Could not start" in detail and "Address already in use" in detail and "q to quit" in detail


def _spy(screen: MainScreen, monkeypatch: pytest.MonkeyPatch) -> list[Message]:
    """Record what is posted to ``screen`` (and still deliver it)."""
    seen: list[Message] = []
    post = screen.post_message

    def recording(message: Message) -> bool:
        seen.append(message)
        return post(message)

    monkeypatch.setattr(screen, "post_message", recording)
    return seen


async def test_a_palette_command_is_a_message_the_main_screen_carries_out(
    demo_app: FtuiApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await _settle(pilot)
        main = demo_app.screen
        assert isinstance(main, MainScreen)
        seen = _spy(main, monkeypatch)
        await pilot.press("colon")
        assert isinstance(demo_app.screen, CommandPalette)
        await pilot.press(*"go to launch")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await _settle(pilot)
        assert [m.tab for m in seen if isinstance(m, ShowTab)] == ["launch-tab"]
        assert demo_app.screen is main and main.query_one("#tabs").active == "launch-tab"


async def test_the_palette_opens_a_job_from_another_jobs_screen(
    demo_app: FtuiApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await _settle(pilot)
        main = demo_app.screen
        assert isinstance(main, MainScreen)
        seen = _spy(main, monkeypatch)
        first = main.query_one(JobsPane).selected
        assert first is not None
        await pilot.press("enter")
        await _settle(pilot)
        assert isinstance(demo_app.screen, JobScreen) and demo_app.screen.job.id == first.id
        other = next(job for job in main.jobs.values() if job.id != first.id and job.name)
        await pilot.press("colon")
        await pilot.press(*f"job {other.name}")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await _settle(pilot)
        assert [m.job.id for m in seen if isinstance(m, OpenJob)] == [other.id]
        assert isinstance(demo_app.screen, JobScreen) and demo_app.screen.job.id == other.id
        assert [type(s) for s in demo_app.screen_stack[1:]] == [MainScreen, JobScreen]  # the first one closed


async def test_the_cancel_dialog_of_a_bedrock_job_says_stop_and_what_it_costs(
    bedrock_driver: Any,
    tmp_path: Path,
) -> None:
    provider = bedrock_driver.provider
    data = tmp_path / "train.jsonl"
    data.write_text(chat_examples(40))
    job = provider.create_job(bedrock_driver.spec(provider.upload_file(data), None, "br"))
    session = Session(profiles=(bedrock_driver.profile,), providers={bedrock_driver.profile.name: provider})
    app = FtuiApp(session, _config(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(pilot)
        assert app.screen.query_one(JobsPane).selected.id == job.id
        await pilot.press("x")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmScreen)
        title = str(dialog.query_one("#confirm-title", Static).render())
        body = str(dialog.query_one("#confirm-body", Static).render())
        assert title.startswith("Stop ") and "Cancel" not in title
        assert BedrockProvider.cancel_consequence in " ".join(body.split())
        assert str(dialog.query_one("#yes", Button).label) == "Stop job (y)"
        await pilot.press("n")
        await pilot.pause()
        assert provider.get_job(job.id).status.is_active  # No keeps the job running
