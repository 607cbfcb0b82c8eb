"""The method is checked against the data's format, before anything is uploaded: the rule, the CLI, the pane."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest

from ftui.cli import main
from ftui.config import load_config
from ftui.datasets import formats as F
from ftui.emulator import Emulator, ManualClock
from ftui.launch.methods import METHOD_FORMATS, method_problem, methods_for
from ftui.providers import openai_catalog
from ftui.session import start_demo
from ftui.tui.app import FtuiApp
from ftui.tui.confirm import ConfirmScreen
from ftui.tui.panes.launch import LaunchPane
from tests.pilot import make_app, settle

from .conftest import MODEL, Writer, chat, claude

START = 1_795_000_000.0


def dpo(i: int) -> dict[str, Any]:
    """One OpenAI preference example."""
    return {
        "input": {"messages": [{"role": "user", "content": f"Hello {i}"}]},
        "preferred_output": [{"role": "assistant", "content": "Hi! How can I help?"}],
        "non_preferred_output": [{"role": "assistant", "content": "What."}],
    }


# -- the rule ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("method", "fmt", "refused"),
    [
        ("supervised", F.OPENAI_CHAT, False),
        ("supervised", F.PROMPT_COMPLETION, False),
        ("supervised", F.BEDROCK_CLAUDE, False),
        ("supervised", F.BEDROCK_NOVA, False),
        ("supervised", F.OPENAI_DPO, True),
        ("dpo", F.OPENAI_DPO, False),
        ("dpo", F.OPENAI_CHAT, True),
        ("dpo", F.BEDROCK_NOVA, True),
        ("supervised", F.UNKNOWN, False),  # the scan reports an unknown format; the method is not judged
    ],
)
def test_each_method_reads_its_own_data(method: str, fmt: str, refused: bool) -> None:
    assert (method_problem(method, fmt) is not None) is refused


def test_every_training_format_is_trained_by_some_method() -> None:
    for fmt in (F.OPENAI_CHAT, F.OPENAI_DPO, F.PROMPT_COMPLETION, F.BEDROCK_CLAUDE, F.BEDROCK_NOVA):
        assert methods_for(fmt), f"{fmt}: add it to METHOD_FORMATS"
    rft = [f for f in F.FORMATS if "rft" in f.lower()]
    assert all(methods_for(f) == ("reinforcement",) for f in rft)
    assert set(METHOD_FORMATS) >= set(openai_catalog.METHODS)


def test_the_advice_follows_the_methods_the_provider_declares() -> None:
    both = next(m for m in openai_catalog.BASE_MODELS if m.id == MODEL).methods
    only_sft = next(m for m in openai_catalog.BASE_MODELS if m.id == "gpt-3.5-turbo-0125").methods
    text = method_problem("supervised", F.OPENAI_DPO, both, name="the training file prefs.jsonl")
    assert text is not None and "prefs.jsonl" in text and "choose method dpo" in text
    text = method_problem("supervised", F.OPENAI_DPO, only_sft)
    assert text is not None and "does not offer" in text


# -- ftui launch ---------------------------------------------------------------------------------
@pytest.fixture
def emu_config(emulator: Emulator) -> Path:
    path = Path(os.environ["FTUI_CONFIG"])
    path.write_text(f'[profiles.emu]\nkind = "emulator"\nbase_url = "{emulator.base_url}"\nmax_retries = 0\n')
    return path


@pytest.fixture
def posts(emulator: Emulator) -> list[str]:
    seen: list[str] = []
    emulator.on_response = lambda method, path, status, body: seen.append(path) if method == "POST" else None
    return seen


@pytest.mark.parametrize("dry_run", [True, False])
@pytest.mark.parametrize(
    ("method", "train", "valid", "words"),
    [
        ("supervised", dpo, None, "choose method dpo"),
        ("dpo", chat, None, "choose method supervised"),
        ("supervised", chat, dpo, "the validation file v.jsonl"),
    ],
)
def test_ftui_launch_refuses_a_method_that_does_not_fit_the_data(
    emu_config: Path,
    posts: list[str],
    write: Writer,
    capsys: pytest.CaptureFixture[str],
    method: str,
    train: Any,
    valid: Any,
    words: str,
    dry_run: bool,
) -> None:
    args = ["launch", "--model", MODEL, "--method", method, "--train", str(write("t.jsonl", 20, train)), "--yes"]
    if valid is not None:
        args += ["--valid", str(write("v.jsonl", 10, valid))]
    code = main(args + (["--dry-run"] if dry_run else []))
    err = capsys.readouterr().err
    assert code == 2 and posts == []
    assert words in err and "Nothing was uploaded" in err


@pytest.mark.parametrize("dry_run", [True, False])
def test_ftui_launch_checks_a_hosted_file_too(
    emu_config: Path,
    posts: list[str],
    openai_provider: Any,
    write: Writer,
    capsys: pytest.CaptureFixture[str],
    dry_run: bool,
) -> None:
    hosted = openai_provider.upload_file(write("prefs.jsonl", 20, dpo))  # the one upload (POST /files)
    code = main(["launch", "--model", MODEL, "--train", hosted.id, "--yes"] + (["--dry-run"] if dry_run else []))
    err = capsys.readouterr().err
    assert code == 2 and posts.count("/files") <= 1 and not [p for p in posts if "fine_tuning" in p]
    assert f"the training file {hosted.filename} holds preference pairs (openai-dpo)" in err
    assert "choose method dpo" in err


def test_ftui_launch_dpo_with_preference_data_goes_through(
    emu_config: Path, write: Writer, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["launch", "--model", MODEL, "--method", "dpo", "--train", str(write("t.jsonl", 20, dpo)), "--dry-run"])
    assert code == 0, capsys.readouterr().err


# -- the launch pane ------------------------------------------------------------------------------
@pytest.fixture
def demo(tmp_path: Path, write: Writer) -> Any:
    write("chat.jsonl", 30)
    write("prefs.jsonl", 30, dpo)
    write("claude.jsonl", 40, claude)
    Path(os.environ["FTUI_CONFIG"]).write_text(f'dataset_dirs = ["{tmp_path}"]\n')
    clock = ManualClock(start=START)
    session = start_demo(clock=clock)
    app = make_app(session, clock, load_config())
    try:
        yield app
    finally:
        session.close()


async def _settle(pilot: Any) -> None:
    await settle(pilot, rounds=4)


async def _launch_pane(pilot: Any) -> LaunchPane:
    await _settle(pilot)
    await pilot.press("3")
    await _settle(pilot)
    pane = pilot.app.screen.query_one(LaunchPane)
    pane.query_one("#launch-model").value = MODEL
    await _settle(pilot)
    return pane


def _message(pane: LaunchPane, name: str) -> str:
    return str(pane.query_one(f"#m-{name}").render())


def _choices(pane: LaunchPane, select_id: str) -> dict[str, str]:
    select = pane.query_one(select_id)
    return {str(value): str(label) for label, value in select._options if isinstance(value, str)}


async def test_the_training_and_validation_choices_include_the_profiles_hosted_files(demo: FtuiApp) -> None:
    async with demo.run_test(size=(80, 24)) as pilot:
        pane = await _launch_pane(pilot)
        hosted = {f.filename: f.id for f in pane.hosted["demo"]}
        assert {"support_train.jsonl", "support_tone_dpo.jsonl", "support_valid.jsonl"} <= set(hosted)
        for select_id in ("#f-training", "#f-validation"):
            choices = _choices(pane, select_id)
            assert "support_train.jsonl" in choices[hosted["support_train.jsonl"]]
            assert "☁ demo" in choices[hosted["support_train.jsonl"]]


async def test_a_hosted_preference_file_with_method_supervised_is_refused_before_launch(demo: FtuiApp) -> None:
    async with demo.run_test(size=(80, 24)) as pilot:
        pane = await _launch_pane(pilot)
        jobs_before = len(pilot.app.screen.jobs)
        hosted = {f.filename: f.id for f in pane.hosted["demo"]}
        pane.query_one("#f-training").value = hosted["support_tone_dpo.jsonl"]
        await _settle(pilot)
        assert "openai-dpo data needs method dpo" in _message(pane, "training")
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, ConfirmScreen)
        assert "Cannot launch" in str(pane.query_one("#launch-status").render())
        assert pilot.app.focused is pane.query_one("#f-training")
        pane.query_one("#launch-method").value = "dpo"
        await _settle(pilot)
        assert "needs method" not in _message(pane, "training")
        await pilot.press("ctrl+l")
        await _settle(pilot)
        assert isinstance(pilot.app.screen, ConfirmScreen)
        assert "support_tone_dpo.jsonl" in str(pilot.app.screen.query_one("#confirm-body").render())
        await pilot.press("escape")
        await _settle(pilot)
        assert len(pilot.app.screen.jobs) == jobs_before


async def test_a_local_chat_file_with_method_dpo_and_a_wrong_validation_file_are_refused(
    demo: FtuiApp, tmp_path: Path
) -> None:
    async with demo.run_test(size=(80, 24)) as pilot:
        pane = await _launch_pane(pilot)
        pane.query_one("#launch-method").value = "dpo"
        await _settle(pilot)
        pane.query_one("#f-training").value = str(tmp_path / "chat.jsonl")
        await _settle(pilot)
        assert "openai-chat data needs method supervised" in _message(pane, "training")
        pane.query_one("#f-training").value = str(tmp_path / "prefs.jsonl")
        pane.query_one("#f-validation").value = str(tmp_path / "chat.jsonl")
        await _settle(pilot)
        assert "needs method" not in _message(pane, "training")
        assert "openai-chat data needs method supervised" in _message(pane, "validation")
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, ConfirmScreen)


@pytest.fixture(autouse=True)
def _utc(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


async def test_a_hosted_training_file_gets_its_preview_from_a_cached_copy(demo: FtuiApp) -> None:
    async with demo.run_test(size=(120, 40)) as pilot:
        pane = await _launch_pane(pilot)
        hosted = {f.filename: f for f in pane.hosted["demo"]}
        train = hosted["support_train.jsonl"]
        pane.query_one("#f-training").value = train.id
        await _settle(pilot)
        assert pane.preview is not None and pane.preview.examples > 0, "steps and cost for the hosted file"
        text = str(pane.query_one("#launch-preview").render())
        assert "examples" in text and "$" in text
