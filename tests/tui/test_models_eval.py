"""The Models pane and the Evaluate screen, driven the way a user does it in the demo."""

from __future__ import annotations

import io
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from ftui.config import load_config
from ftui.emulator import Emulator, ManualClock
from ftui.providers.profiles import Profile
from ftui.session import Session
from ftui.tui.app import FtuiApp
from ftui.tui.confirm import ConfirmScreen
from ftui.tui.panes.models import ModelsPane
from ftui.tui.screens.evaluate import EvaluateScreen
from ftui.tui.screens.model_detail import ModelDetailScreen
from tests.providers.bedrock_fixtures import aws_env, bedrock_driver, moto_endpoint  # noqa: F401
from tests.tui.conftest import make_app

WAIT = 90.0
"""Longest wait for a condition (seconds): generous for a loaded machine, never a sleep as an assertion."""


@pytest.fixture(autouse=True)
def _results_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Saved evaluations go to a folder of the test, never the user's data dir."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path / "data" / "ftui" / "evaluations"


def text_of(widget: Any) -> str:
    """What a Static shows, as plain text (its content rendered, whatever the renderable)."""
    console = Console(width=200, file=io.StringIO(), record=True, color_system=None)
    console.print(widget.content)
    return console.export_text()


async def until(pilot: Any, condition: Callable[[], bool], what: str) -> None:
    """Let the app run until ``condition`` holds (bounded in time)."""
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await pilot.pause(0.05)


async def open_models(pilot: Any) -> ModelsPane:
    """Key 4, then wait for the demo profile's models."""
    app = pilot.app
    await until(pilot, lambda: app.screen.query("#models"), "the main screen")
    await pilot.press("4")
    pane = app.screen.query_one(ModelsPane)
    await until(pilot, lambda: "demo" in pane.models, "the models listing")
    await pilot.pause()
    return pane


def succeeded_model_id(session: Session) -> str:
    """The fine-tuned model of the demo's succeeded job (support-v1), as the API names it."""
    job = next(
        j
        for j in session.provider("demo").iter_jobs()
        if j.name and j.name.startswith("support-v1") and j.fine_tuned_model
    )
    assert job.fine_tuned_model is not None
    return job.fine_tuned_model


async def open_model(pilot: Any, pane: ModelsPane, model_id: str) -> ModelDetailScreen:
    """Move to the model's row and press Enter."""
    for _ in range(len(pane.shown)):
        if pane.selected is not None and pane.selected.id == model_id:
            break
        await pilot.press("j")
    assert pane.selected is not None and pane.selected.id == model_id
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(pilot.app.screen, ModelDetailScreen), "the model's page")
    return pilot.app.screen  # type: ignore[no-any-return]


async def open_evaluate(pilot: Any) -> EvaluateScreen:
    """``v`` on the model's page; wait until the default held-out file is in the form."""
    await pilot.press("v")
    await until(pilot, lambda: isinstance(pilot.app.screen, EvaluateScreen), "the Evaluate screen")
    screen: EvaluateScreen = pilot.app.screen  # type: ignore[assignment]
    await until(pilot, lambda: bool(screen.query_one("#eval-file").value), "the job's validation file")  # type: ignore[attr-defined]
    await until(pilot, lambda: "Estimated cost" in text_of(screen.query_one("#eval-cost")), "the estimate")
    return screen


async def test_a_new_user_evaluates_the_demo_model_against_its_base_and_finds_the_verdicts_on_disk(
    demo_session: Session, demo_clock: ManualClock, _results_dir: Path
) -> None:
    app = make_app(demo_session, demo_clock)
    model_id = succeeded_model_id(demo_session)
    async with app.run_test(size=(100, 32)) as pilot:
        pane = await open_models(pilot)
        ids = [m.id for m in pane.shown]
        assert model_id in ids and any(i.startswith(model_id + ":ckpt-step-") for i in ids)
        page = await open_model(pilot, pane, model_id)
        await until(pilot, lambda: page.job is not None and bool(page.usage), "the job and usage note")
        body = text_of(page.query_one("#model-body"))
        assert model_id in page.usage and "n_epochs" in body  # how to use it, and the job's hyperparameters
        screen = await open_evaluate(pilot)
        assert screen.query_one("#eval-n").value == "20"  # type: ignore[attr-defined]
        base = screen.query_one("#eval-b").value  # type: ignore[attr-defined]
        assert base == page.model.base_model and base
        assert "support_valid" in screen.query_one("#eval-file").value  # type: ignore[attr-defined]
        assert "unknown" in text_of(screen.query_one("#eval-cost"))  # the base model's price is not known

        await pilot.press("ctrl+r")
        await until(pilot, lambda: screen.phase == "done", "the run to end")
        assert len(screen.results) == 20
        assert all(r.a.answered and r.b.answered for r in screen.results)
        auto_saved = screen.saved_path
        assert auto_saved is not None and auto_saved.is_file()
        summary = text_of(screen.query_one("#eval-summary"))
        assert "exact" in summary and "F1" in summary and "win rate" in summary

        await pilot.press("b", "j", "s", "j", "w", "j", "plus")
        assert [r.verdict for r in screen.results[:5]] == ["better", "same", "worse", "better", None]
        assert "win rate 67%" in text_of(screen.query_one("#eval-summary"))
        await pilot.press("e")
        await pilot.pause()
        saved = screen.saved_path
        assert saved is not None and saved != auto_saved and auto_saved.is_file()  # a new file, nothing overwritten
        assert str(saved) in text_of(screen.query_one("#eval-saved"))  # the path is on screen
        assert saved.parent == _results_dir
        rows = [json.loads(line) for line in saved.read_text().splitlines()]
        assert rows[0]["plan"]["model"] == model_id and rows[0]["plan"]["base"] == base
        assert [row["verdict"] for row in rows[1:6]] == ["better", "same", "worse", "better", None]
        assert all(row["a"]["text"] and row["b"]["text"] for row in rows[1:])


async def test_a_saved_run_reopens_from_the_models_pane(demo_session: Session, demo_clock: ManualClock) -> None:
    app = make_app(demo_session, demo_clock)
    async with app.run_test(size=(100, 32)) as pilot:
        pane = await open_models(pilot)
        await open_model(pilot, pane, succeeded_model_id(demo_session))
        screen = await open_evaluate(pilot)
        screen.query_one("#eval-n").value = "3"  # type: ignore[attr-defined]
        await pilot.press("ctrl+r")
        await until(pilot, lambda: screen.phase == "done", "the run to end")
        await pilot.press("w", "e")
        saved = screen.saved_path
        for _ in range(3):
            await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen.query_one(ModelsPane), ModelsPane), "the Models pane")
        await pilot.press("E")
        await until(pilot, lambda: bool(app.screen.query("#results-list")), "the saved runs list")
        await pilot.press("enter")  # the newest: the one with the verdict
        await until(pilot, lambda: isinstance(app.screen, EvaluateScreen), "the reopened run")
        reopened: EvaluateScreen = app.screen  # type: ignore[assignment]
        assert reopened.saved_path == saved and reopened.phase == "done"
        assert [r.verdict for r in reopened.results] == ["worse", None, None]


async def test_a_failed_request_marks_its_example_and_the_run_completes(
    demo_session: Session, demo_clock: ManualClock
) -> None:
    app = make_app(demo_session, demo_clock)
    async with app.run_test(size=(100, 32)) as pilot:
        pane = await open_models(pilot)
        await open_model(pilot, pane, succeeded_model_id(demo_session))
        screen = await open_evaluate(pilot)
        screen.query_one("#eval-n").value = "5"  # type: ignore[attr-defined]
        demo_session.emulator.inject("403")  # the next request (the run's first) is refused for good
        await pilot.press("ctrl+r")
        await until(pilot, lambda: screen.phase == "done", "the run to end")
        sides = [side for r in screen.results for side in (r.a, r.b)]
        failed = [side for side in sides if side.error is not None]
        assert len(failed) == 1 and all(side.done for side in sides)
        assert sum(side.answered for side in sides) == 9
        position = next(i for i, r in enumerate(screen.results) if r.a.error or r.b.error)
        assert "failed" in text_of(screen.query_one("#eval-summary"))
        for _ in range(position):
            await pilot.press("j")
        await pilot.pause()
        assert "failed:" in text_of(screen.query_one("#eval-example"))  # the panel says why


async def test_delete_asks_first_no_is_the_default_and_yes_deletes(
    demo_session: Session, demo_clock: ManualClock
) -> None:
    app = make_app(demo_session, demo_clock)
    model_id = succeeded_model_id(demo_session)
    provider = demo_session.provider("demo")
    async with app.run_test(size=(100, 32)) as pilot:
        pane = await open_models(pilot)
        await open_model(pilot, pane, model_id)
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        await pilot.press("enter")  # Enter on the focused button: No
        await until(pilot, lambda: isinstance(app.screen, ModelDetailScreen), "the model's page again")
        assert model_id in [m.id for m in provider.list_models()]
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        await pilot.press("y")
        await until(pilot, lambda: not isinstance(app.screen, (ConfirmScreen, ModelDetailScreen)), "the delete")
        assert model_id not in [m.id for m in provider.list_models()]
        assert model_id not in [m.id for m in pane.shown]


async def test_read_only_refuses_delete_and_launch(demo_session: Session, demo_clock: ManualClock) -> None:
    app = make_app(demo_session, demo_clock, read_only=True)
    model_id = succeeded_model_id(demo_session)
    async with app.run_test(size=(100, 32)) as pilot:
        pane = await open_models(pilot)
        page = await open_model(pilot, pane, model_id)
        enabled = {b.binding.action for b in app.active_bindings.values() if b.enabled}
        assert "delete" not in enabled and "launch_from" not in enabled
        await pilot.press("d")
        await pilot.pause()
        assert app.screen is page
        page.action_delete()  # even called directly (palette, scripts), it is refused and says so
        await pilot.pause()
        assert app.screen is page
        assert model_id in [m.id for m in demo_session.provider("demo").list_models()]
        assert "READ-ONLY" in text_of(page.query_one("#model-title"))


async def test_the_pane_tells_the_truth_when_there_is_nothing_to_show() -> None:
    """An emulator with no jobs: "no fine-tuned models yet"; a profile whose server is gone: the error."""
    emulator = Emulator(host="127.0.0.1", port=0).start()
    gone = Emulator(host="127.0.0.1", port=0).start()
    dead_url = gone.base_url
    gone.stop()
    profiles = (
        Profile("empty", "emulator", {"base_url": emulator.base_url, "max_retries": 0}),
        Profile("gone", "emulator", {"base_url": dead_url, "max_retries": 0}),
    )
    session = Session(profiles=profiles)
    app = FtuiApp(session, load_config())
    try:
        async with app.run_test(size=(100, 32)) as pilot:
            await until(pilot, lambda: bool(app.screen.query("#models")), "the main screen")
            await pilot.press("4")
            pane = app.screen.query_one(ModelsPane)
            await until(pilot, lambda: "empty" in pane.models and "gone" in pane.failures, "both profiles")
            await pilot.pause()
            notes = text_of(pane.query_one("#models-notes"))
            assert "empty: no fine-tuned models yet" in notes
            assert "gone: could not list models" in notes and "r retries" in notes
    finally:
        session.close()
        emulator.stop()


async def test_bedrock_custom_models_are_listed_and_evaluate_says_what_is_needed(
    bedrock_driver: Any, tmp_path: Path
) -> None:
    """Bedrock (moto server): the custom model is listed; Evaluate shows the blocker instead of the form."""
    from tests.providers.conftest import chat_examples

    provider = bedrock_driver.provider
    data = tmp_path / "train.jsonl"
    data.write_text(chat_examples(20))
    job = provider.create_job(bedrock_driver.spec(provider.upload_file(data), None, "br"))
    bedrock_driver.finish(job.id, "succeeded")
    listed = provider.list_models()
    if not listed:
        pytest.skip("this moto version makes no custom model for a customization job")
    name = bedrock_driver.profile.name
    session = Session(profiles=(bedrock_driver.profile,), providers={name: provider})
    app = FtuiApp(session, load_config())
    async with app.run_test(size=(100, 32)) as pilot:
        await until(pilot, lambda: bool(app.screen.query("#models")), "the main screen")
        await pilot.press("4")
        pane = app.screen.query_one(ModelsPane)
        await until(pilot, lambda: name in pane.models, "the custom models")
        assert {m.id for m in pane.shown} == {m.id for m in listed}
        await pilot.press("v")
        await until(pilot, lambda: isinstance(app.screen, EvaluateScreen), "the Evaluate screen")
        screen: EvaluateScreen = app.screen  # type: ignore[assignment]
        await until(pilot, lambda: screen.blocker is not None, "the provider's answer")
        await pilot.pause()
        assert screen.query_one("#eval-blocker").display and not screen.query_one("#eval-form").display
        assert screen.blocker is not None
        assert " ".join(screen.blocker.split()) in " ".join(text_of(screen.query_one("#eval-blocker")).split())
        enabled = {b.binding.action for b in app.active_bindings.values() if b.enabled}
        assert "run" not in enabled


async def test_launch_from_a_model_opens_the_launch_form_with_it_as_the_base(
    demo_session: Session, demo_clock: ManualClock
) -> None:
    from ftui.tui.panes.launch import LaunchPane

    app = make_app(demo_session, demo_clock)
    model_id = succeeded_model_id(demo_session)
    async with app.run_test(size=(100, 32)) as pilot:
        pane = await open_models(pilot)
        await open_model(pilot, pane, model_id)
        await pilot.press("L")
        launch = app.screen.query_one(LaunchPane)
        await until(pilot, lambda: app.screen.query_one("#tabs").active == "launch-tab", "the Launch pane")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert launch.form.base_model == model_id  # it stays chosen once the model list arrives
        await pilot.press("4")
        await pilot.press("j")  # its newest checkpoint: not offered as a base here, and the user is told
        checkpoint = pane.selected
        assert checkpoint is not None and checkpoint.is_checkpoint
        await pilot.press("L")
        await until(pilot, lambda: any("does not list" in str(n.message) for n in app._notifications), "the warning")
        assert launch.form.base_model != checkpoint.id


async def test_v_on_the_jobs_list_evaluates_a_succeeded_job_and_explains_a_failed_one(
    demo_session: Session, demo_clock: ManualClock
) -> None:
    from ftui.providers import JobStatus
    from ftui.tui.panes.jobs import JobsPane

    app = make_app(demo_session, demo_clock)
    async with app.run_test(size=(100, 32)) as pilot:
        await until(pilot, lambda: bool(app.screen.query("#jobs-pane")), "the main screen")
        jobs = app.screen.query_one(JobsPane)
        await until(pilot, lambda: len(jobs.shown) >= 4, "the jobs")
        while jobs.selected is None or jobs.selected.status is not JobStatus.FAILED:
            await pilot.press("j")
        await pilot.press("v")
        await pilot.pause()
        assert not isinstance(app.screen, EvaluateScreen)
        assert any("no fine-tuned model" in str(n.message) for n in app._notifications)
        await pilot.press("g")
        while jobs.selected is None or jobs.selected.fine_tuned_model is None:
            await pilot.press("j")
        job = jobs.selected
        await pilot.press("v")
        await until(pilot, lambda: isinstance(app.screen, EvaluateScreen), "the Evaluate screen")
        screen: EvaluateScreen = app.screen  # type: ignore[assignment]
        assert screen.model.id == job.fine_tuned_model and screen.model.base_model == job.base_model


async def test_c_cancels_a_running_evaluation_keeps_what_arrived_and_sends_nothing_more(
    demo_session: Session, demo_clock: ManualClock
) -> None:
    from ftui.evaluate.runner import CANCELLED

    app = make_app(demo_session, demo_clock)
    emulator = demo_session.emulator
    async with app.run_test(size=(100, 32)) as pilot:
        pane = await open_models(pilot)
        await open_model(pilot, pane, succeeded_model_id(demo_session))
        screen = await open_evaluate(pilot)
        emulator.chaos.trickle_delay = 0.01
        emulator.chaos.set("trickle")  # answers arrive a byte at a time: the run is still going when c comes
        try:
            await pilot.press("ctrl+r")
            await until(pilot, lambda: screen.phase == "running", "the run to start")
            await pilot.press("c")
            await until(pilot, lambda: screen.phase == "done", "the cancel")
            sent = emulator.chaos.total
            sides = [side for r in screen.results for side in (r.a, r.b)]
            assert all(side.done for side in sides) and any(side.error == CANCELLED for side in sides)
            assert "cancelled" in text_of(screen.query_one("#eval-saved"))  # what arrived is saved
            assert screen.saved_path is not None and screen.saved_path.is_file()
            await pilot.pause(0.5)
            assert emulator.chaos.total - sent <= 4  # at most the requests in flight when c was pressed
        finally:
            emulator.chaos.clear()
