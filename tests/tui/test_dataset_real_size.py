"""Real-size files in the app: the in-app scan of a file over the in-process threshold.

The app runs as the user runs it (``FtuiApp`` on the demo, Textual's stderr capture in
effect) and the multiprocessing helpers are stopped first, as in a fresh ``ftui``
process: under Textual, ``sys.stderr.fileno()`` is -1, which is what broke the pool
("bad value(s) in fds_to_keep"). Nothing is mocked; the scan's pool is only observed.
"""

from __future__ import annotations

import importlib
import io
import json
import os
import time
from collections.abc import Iterator
from multiprocessing import forkserver, resource_tracker
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from textual.widgets import Static

from ftui.config import load_config
from ftui.datasets.pool import Pool
from ftui.emulator import ManualClock
from ftui.session import start_demo
from ftui.tui.app import FtuiApp
from ftui.tui.panes.datasets import DatasetsPane
from ftui.tui.panes.launch import LaunchPane
from tests.pilot import make_app

scan_module = importlib.import_module("ftui.datasets.scan")
START = 1_795_000_000.0
EXAMPLES = 4_400
DEADLINE = 120.0
"""Seconds a real-size scan gets on a loaded 2-core machine (it takes a few)."""


def _chat(i: int) -> dict[str, Any]:
    words = " ".join(f"word{(i * 7 + k) % 997}" for k in range(150))
    return {
        "messages": [
            {"role": "system", "content": f"You are assistant {i % 12}. " + words[:600]},
            {"role": "user", "content": f"Question {i}: " + words[:400]},
            {"role": "assistant", "content": f"Answer {i}: " + words},
        ]
    }


@pytest.fixture(scope="module")
def big_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with one chat file of about 9 MiB (over the 4 MiB in-process threshold)."""
    folder = tmp_path_factory.mktemp("real-size")
    with open(folder / "big.jsonl", "w", encoding="utf-8") as f:
        for i in range(EXAMPLES):
            f.write(json.dumps(_chat(i)) + "\n")
    assert (folder / "big.jsonl").stat().st_size >= 8 * 2**20
    return folder


@pytest.fixture
def fresh_process(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Pool]]:
    """No resource tracker or fork server yet, as in a fresh ``ftui``; record the pools used."""
    forkserver._forkserver._stop()
    resource_tracker._resource_tracker._stop()
    pools: list[Pool] = []
    real = getattr(scan_module, "open_pool", None)

    def observed(*args: Any, **kwargs: Any) -> Pool:
        assert real is not None
        pools.append(real(*args, **kwargs))
        return pools[-1]

    monkeypatch.setattr(scan_module, "open_pool", observed, raising=False)
    yield pools


@pytest.fixture
def app(big_dir: Path) -> Iterator[FtuiApp]:
    Path(os.environ["FTUI_CONFIG"]).write_text(f'dataset_dirs = ["{big_dir}"]\n')
    clock = ManualClock(start=START)
    session = start_demo(clock=clock)
    try:
        yield make_app(session, clock, load_config())
    finally:
        session.close()


def _text(widget: Static) -> str:
    console = Console(width=300, file=io.StringIO(), color_system=None)
    console.print(widget.content)
    return console.file.getvalue()  # type: ignore[attr-defined]


async def _until(pilot: Any, done: Any) -> None:
    deadline = time.monotonic() + DEADLINE
    while not done() and time.monotonic() < deadline:
        await pilot.pause(0.1)


def _processes_used(pools: list[Pool]) -> None:
    assert pools, "a file over the threshold is scanned by a pool"
    assert all(p.processes and not p.note for p in pools), [(p.method, p.note) for p in pools]


async def test_datasets_pane_scans_a_real_size_file(app: FtuiApp, big_dir: Path, fresh_process: list[Pool]) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        pane = app.screen.query_one(DatasetsPane)
        pane.query_one("#ds-files").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert "example 1 of" in _text(pane.query_one("#ds-header", Static))
        await _until(pilot, lambda: pane.report is not None)
        shown = [_text(w) for w in pane.query("#ds-scan-label, #ds-summary").results(Static)]
        assert pane.report is not None, f"no stats; on screen: {shown!r}"
        assert pane.report.examples == EXAMPLES and pane.report.valid == EXAMPLES
        assert not pane.report.cancelled and not pane.report.changed
        summary = _text(pane.query_one("#ds-summary", Static))
        assert f"{EXAMPLES:,} examples" in summary and "tokens (o200k_base" in summary
        _processes_used(fresh_process)


async def test_launch_preview_checks_a_real_size_file_with_progress_and_stop(
    app: FtuiApp, big_dir: Path, fresh_process: list[Pool]
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        pane = app.screen.query_one(LaunchPane)
        await _until(pilot, lambda: pane.models)
        pane.query_one("#launch-model").value = "gpt-4o-mini-2024-07-18"
        await pilot.pause()
        box = pane.query_one("#launch-preview", Static)
        pane.query_one("#f-training").value = str(big_dir / "big.jsonl")
        await _until(pilot, lambda: "MB · ctrl+x stops" in _text(box) or pane.report is not None)
        if pane.report is None:  # the progress bar shows: stop the check, then check again
            assert "Checking the data…" in _text(box) and "%" in _text(box)
            await pilot.press("ctrl+x")
            await _until(pilot, lambda: pane._scan_key is None)
            assert "data check stopped · ctrl+x checks again" in _text(box)
            assert pane.report is None
            await pilot.press("ctrl+x")
        await _until(pilot, lambda: pane.report is not None or pane._scan_error)
        preview = _text(box)
        assert pane.report is not None, f"no preview figures; on screen: {preview!r}"
        assert pane.preview is not None and pane.preview.examples == EXAMPLES
        assert "Checking the data" not in preview and f"{EXAMPLES:,}" in preview
        _processes_used(fresh_process)
