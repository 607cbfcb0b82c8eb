"""How the Models pane, a model's page and the Evaluate screen look, at 80×24 and 160×48.

Update after a deliberate visual change with ``pytest tests/tui/test_models_snapshots.py --snapshot-update``
and review the SVGs in the diff.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from ftui.evaluate.plan import EvalPlan, sample
from ftui.evaluate.results import save_results
from ftui.evaluate.runner import EvalRun
from ftui.session import Session
from ftui.tui.app import FtuiApp
from ftui.tui.panes.models import ModelsPane
from ftui.tui.screens.evaluate import EvaluateScreen
from ftui.tui.screens.evaluate_open import saved_screen
from ftui.tui.screens.evaluate_results import open_path

FIXED = Path("/tmp/ftui-evaltui-snapshots")
"""Paths the screens show must not change between runs: a fixed cache folder and a fixed results file."""
WAIT = 90.0


@pytest.fixture(autouse=True)
def _fixed_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.rmtree(FIXED, ignore_errors=True)
    monkeypatch.setenv("XDG_CACHE_HOME", str(FIXED / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(FIXED / "data"))


async def _until(pilot: Any, condition: Any) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await pilot.pause(0.05)


async def _settle(pilot: Any) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()


async def _models(pilot: Any) -> None:
    await _until(pilot, lambda: bool(pilot.app.screen.query("#models")))
    await _settle(pilot)
    await pilot.press("4")
    pane = pilot.app.screen.query_one(ModelsPane)
    await _until(pilot, lambda: "demo" in pane.models)
    await _settle(pilot)


async def _detail(pilot: Any) -> None:
    await _models(pilot)
    await pilot.press("enter")
    await _until(pilot, lambda: getattr(pilot.app.screen, "usage", ""))
    await _settle(pilot)


async def _setup(pilot: Any) -> None:
    await _detail(pilot)
    await pilot.press("v")
    await _until(pilot, lambda: isinstance(pilot.app.screen, EvaluateScreen))
    screen = pilot.app.screen
    await _until(pilot, lambda: "Estimated cost" in str(screen.query_one("#eval-cost").content))
    screen.query_one("#eval-file").cursor_blink = False
    await _settle(pilot)


def _saved_run(session: Session) -> Path:
    """A finished evaluation of the demo model (5 examples, verdicts on two), saved at a fixed path."""
    provider = session.provider("demo")
    job = next(j for j in provider.iter_jobs() if j.name and j.name.startswith("support-v1") and j.fine_tuned_model)
    local = FIXED / "support_valid.jsonl"
    files = {f.id: f for f in provider.list_files()}
    provider.download_file(files[job.validation_file or ""], local)
    plan = EvalPlan(provider="demo", model=job.fine_tuned_model or "", base=job.base_model, file=local, n=5)
    run = EvalRun(provider, plan, sample(local, plan.n, plan.seed).examples)
    run.start()
    assert run.wait(WAIT)
    run.results[0].verdict, run.results[1].verdict = "better", "same"
    path = save_results(run, plan, FIXED / "made")
    fixed = FIXED / "demo-eval.jsonl"
    path.replace(fixed)
    return fixed


def _reopened(session: Session) -> Any:
    path = _saved_run(session)

    async def run(pilot: Any) -> None:
        await _until(pilot, lambda: bool(pilot.app.screen.query("#models")))
        await _settle(pilot)
        open_path(pilot.app, path, saved_screen)
        await _until(pilot, lambda: isinstance(pilot.app.screen, EvaluateScreen))
        await _settle(pilot)
        await pilot.press("j")
        await _settle(pilot)

    return run


def test_models_at_80x24(snap_compare: Any, demo_app: FtuiApp) -> None:
    assert snap_compare(demo_app, terminal_size=(80, 24), run_before=_models)


def test_models_at_160x48(snap_compare: Any, demo_app: FtuiApp) -> None:
    assert snap_compare(demo_app, terminal_size=(160, 48), run_before=_models)


def test_model_detail_at_80x24(snap_compare: Any, demo_app: FtuiApp) -> None:
    assert snap_compare(demo_app, terminal_size=(80, 24), run_before=_detail)


def test_model_detail_at_160x48(snap_compare: Any, demo_app: FtuiApp) -> None:
    assert snap_compare(demo_app, terminal_size=(160, 48), run_before=_detail)


def test_evaluate_setup_at_80x24(snap_compare: Any, demo_app: FtuiApp) -> None:
    assert snap_compare(demo_app, terminal_size=(80, 24), run_before=_setup)


def test_evaluate_setup_at_160x48(snap_compare: Any, demo_app: FtuiApp) -> None:
    assert snap_compare(demo_app, terminal_size=(160, 48), run_before=_setup)


def test_evaluate_results_at_80x24(snap_compare: Any, demo_app: FtuiApp, demo_session: Session) -> None:
    assert snap_compare(demo_app, terminal_size=(80, 24), run_before=_reopened(demo_session))


def test_evaluate_results_at_160x48(snap_compare: Any, demo_app: FtuiApp, demo_session: Session) -> None:
    assert snap_compare(demo_app, terminal_size=(160, 48), run_before=_reopened(demo_session))
