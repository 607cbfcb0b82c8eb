"""Pilot tests of the launch pane: OpenAI on the emulator, Bedrock on moto, clone, presets, draft, snapshot."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from ftui.config import Config, load_config
from ftui.emulator import ManualClock
from ftui.launch.store import load_draft, load_presets
from ftui.providers import Profile
from ftui.session import Session, start_demo
from ftui.tui.app import FtuiApp
from ftui.tui.confirm import ConfirmScreen
from ftui.tui.panes.launch import LaunchPane
from tests.pilot import make_app, settle

from .conftest import HAIKU, Writer, claude

START = 1_795_000_000.0


@pytest.fixture(autouse=True)
def _utc(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


@pytest.fixture
def data_dir(tmp_path: Path, write: Writer) -> Path:
    """A dataset dir with a good chat file, a tiny one and a Claude file."""
    write("train.jsonl", 30)
    write("tiny.jsonl", 3)
    write("claude.jsonl", 40, claude)
    return tmp_path


def _config(data_dir: Path) -> Config:
    Path(os.environ["FTUI_CONFIG"]).write_text(f'dataset_dirs = ["{data_dir}"]\n')
    return load_config()


@pytest.fixture
def demo(data_dir: Path) -> Any:
    clock = ManualClock(start=START)
    session = start_demo(clock=clock)
    app = make_app(session, clock, _config(data_dir))
    try:
        yield app
    finally:
        session.close()


async def _settle(pilot: Any) -> None:
    await settle(pilot, rounds=3)


async def _open(pilot: Any) -> LaunchPane:
    await _settle(pilot)
    await pilot.press("3")
    await _settle(pilot)
    return pilot.app.screen.query_one(LaunchPane)


async def _type(pilot: Any, pane: LaunchPane, selector: str, text: str) -> None:
    field = pane.query_one(selector)
    field.focus()
    field.value = ""
    await pilot.press(*text)
    await pilot.pause()


def _message(pane: LaunchPane, name: str) -> str:
    return str(pane.query_one(f"#m-{name}").render())


async def test_openai_form_validates_previews_confirms_and_launches(demo: FtuiApp, data_dir: Path) -> None:
    async with demo.run_test(size=(80, 24)) as pilot:
        pane = await _open(pilot)
        pane.query_one("#launch-model").value = "gpt-4o-mini-2024-07-18"
        await _settle(pilot)
        assert [p.name for p in pane.schema] == ["n_epochs", "batch_size", "learning_rate_multiplier"]
        pane.query_one("#f-training").value = str(data_dir / "train.jsonl")
        await _settle(pilot)
        assert pane.preview is not None and pane.preview.epochs == 3 and pane.preview.examples == 30
        await _type(pilot, pane, "#hp-n_epochs", "51")
        assert "n_epochs must be ≤ 50 (1–50, or auto)" in _message(pane, "hp-n_epochs")
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, ConfirmScreen)
        assert "Cannot launch" in str(pane.query_one("#launch-status").render())
        await pilot.press("backspace")
        await pilot.pause()
        assert "Full passes" in _message(pane, "hp-n_epochs")
        assert pane.preview.epochs == 5 and pane.preview.steps is not None
        await _type(pilot, pane, "#hp-batch_size", "3")
        assert pane.preview.steps == 50 and not pane.preview.steps_estimated
        await _type(pilot, pane, "#f-suffix", "pilot")
        await pilot.press("ctrl+l")  # launching saves the draft at once (typing saves it at most every 0.5 s)
        await pilot.pause()
        assert load_draft() is not None and load_draft().values == {"n_epochs": "5", "batch_size": "3"}
        assert isinstance(pilot.app.screen, ConfirmScreen)
        body = str(pilot.app.screen.query_one("#confirm-body").render())
        assert "gpt-4o-mini-2024-07-18" in body and "train.jsonl" in body and "n_epochs=5" in body and "$" in body
        await pilot.press("y")
        await _settle(pilot)
        screen = pilot.app.screen
        assert screen.query_one("TabbedContent").active == "jobs"
        job = screen.query_one("JobsPane").selected
        assert job is not None and job.name and "pilot" in job.name
        assert job.hyperparameters["n_epochs"] == 5 and job.hyperparameters["batch_size"] == 3
        assert load_draft() is None


async def test_bad_data_is_not_launched(demo: FtuiApp, data_dir: Path) -> None:
    async with demo.run_test(size=(80, 24)) as pilot:
        pane = await _open(pilot)
        pane.query_one("#f-training").value = str(data_dir / "tiny.jsonl")
        await _settle(pilot)
        assert pane.preview is not None and not pane.preview.ok
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, ConfirmScreen)
        assert "The data has errors" in str(pane.query_one("#launch-status").render())


async def test_clone_presets_and_draft_restore(demo: FtuiApp, data_dir: Path) -> None:
    async with demo.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        jobs = pilot.app.screen.query_one("JobsPane")
        source = jobs.selected
        assert source is not None
        await pilot.press("c")
        await _settle(pilot)
        pane = pilot.app.screen.query_one(LaunchPane)
        assert pilot.app.screen.query_one("TabbedContent").active == "launch-tab"
        assert pane.form.base_model == source.base_model and pane.form.training == source.training_file
        assert "Cloned" in str(pane.query_one("#launch-status").render())
        for name in pane.form.values:
            assert pane.query_one(f"#hp-{name}").value == pane.form.values[name]
        pane.query_one("#hp-n_epochs").focus()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("ctrl+u", *"mine", "enter")
        await pilot.pause()
        assert "mine" in load_presets()
        pane.query_one("#f-suffix").focus()
        await pilot.press("ctrl+r")
        await _settle(pilot)
        assert pane.form.values == {}
        await pilot.press("ctrl+o")
        await pilot.pause()
        await pilot.press("enter")
        await _settle(pilot)
        assert pane.form.values == load_presets()["mine"].values != {}
        saved = load_draft()
    assert saved is not None and saved.values == load_presets()["mine"].values
    # A new app restores the draft.
    clock = ManualClock(start=START)
    session = start_demo(clock=clock)
    try:
        app = make_app(session, config=_config(data_dir))
        async with app.run_test(size=(80, 24)) as pilot:
            pane = await _open(pilot)
            assert pane.form.values == saved.values
            assert "Restored" in str(pane.query_one("#launch-status").render())
    finally:
        session.close()


async def test_refused_creation_is_explained_in_the_pane(data_dir: Path) -> None:
    from ftui.emulator import Emulator

    with Emulator(refuse_create=True, clock=ManualClock(start=START)) as emu:
        session = Session(profiles=(Profile("openai", "emulator", {"base_url": emu.base_url, "max_retries": 0}),))
        app = make_app(session, config=_config(data_dir))
        async with app.run_test(size=(80, 24)) as pilot:
            pane = await _open(pilot)
            pane.query_one("#f-training").value = str(data_dir / "train.jsonl")
            await _settle(pilot)
            await pilot.press("ctrl+l")
            await pilot.pause()
            await pilot.press("y")
            await _settle(pilot)
            status = str(pane.query_one("#launch-status").render())
            assert "no longer lets this organization start fine-tuning jobs" in status
        session.close()


async def test_bedrock_form_on_moto(bedrock_driver: Any, data_dir: Path) -> None:
    session = Session(profiles=(bedrock_driver.profile,))
    session.providers[bedrock_driver.profile.name] = bedrock_driver.provider
    app = make_app(session, config=_config(data_dir))
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _open(pilot)
        pane.query_one("#launch-model").value = HAIKU
        await _settle(pilot)
        assert [p.name for p in pane.schema][:3] == ["epochCount", "batchSize", "learningRateMultiplier"]
        assert pane.query_one("#f-role_arn").hint.startswith("arn:aws:iam::")  # the profile's role
        assert pane.query_one("#f-output_uri").hint.startswith("s3://")
        assert pane.query_one("#f-model_name").hint == "same as the job name"
        assert str(pane.query_one("#l-suffix").render()) == "Job name"
        await _type(pilot, pane, "#hp-epochCount", "auto")
        assert 'epochCount does not accept "auto" (1–10)' in _message(pane, "hp-epochCount")
        await _type(pilot, pane, "#hp-epochCount", "3")
        await _type(pilot, pane, "#hp-batchSize", "8")
        pane.query_one("#f-training").value = str(data_dir / "claude.jsonl")
        await _settle(pilot)
        assert pane.preview is not None and pane.preview.ok, pane.preview
        assert pane.preview.steps == 15 and pane.preview.usd is None
        await _type(pilot, pane, "#f-suffix", "pane-bot")
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await pilot.press("y")
        await _settle(pilot)
        job = pilot.app.screen.query_one("JobsPane").selected
        assert job is not None and job.kind == "bedrock" and job.name.startswith("pane-bot-")
    raw = bedrock_driver.provider._bedrock.get_model_customization_job(jobIdentifier=job.id)
    assert raw["hyperParameters"] == {"epochCount": "3", "batchSize": "8"}


def test_launch_pane_at_80x24(snap_compare: Any, demo: FtuiApp, data_dir: Path) -> None:
    async def run(pilot: Any) -> None:
        pane = await _open(pilot)
        pane.query_one("#launch-model").value = "gpt-4o-mini-2024-07-18"
        await _settle(pilot)
        pane.query_one("#f-training").value = str(data_dir / "train.jsonl")
        await _settle(pilot)
        pane.query_one("#hp-n_epochs").cursor_blink = False  # the picture must not depend on the blink phase
        await _type(pilot, pane, "#hp-n_epochs", "60")
        for field in pane.query(Input):  # a blinking cursor would make the picture depend on timing
            field.cursor_blink = False
        await _settle(pilot)

    assert snap_compare(demo, terminal_size=(80, 24), run_before=run)
