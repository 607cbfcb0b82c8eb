"""The scan's pool under hostile conditions, and files that change while they are scanned."""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import sys
from multiprocessing import forkserver, resource_tracker
from pathlib import Path
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Static

from ftui.datasets import pool as pool_module
from ftui.datasets import scan
from ftui.datasets.cli import print_report
from ftui.tui.panes.datasets import DatasetsPane
from tests.datasets.conftest import chat

scan_module = importlib.import_module("ftui.datasets.scan")
pane_module = importlib.import_module("ftui.tui.panes.datasets")


class NoFd(io.StringIO):
    """A stderr like Textual's capture: writable, but ``fileno()`` is -1."""

    def fileno(self) -> int:
        return -1


@pytest.fixture
def small(write: Any) -> Path:
    return write("small.jsonl", [chat(i) for i in range(400)])


@pytest.fixture
def no_real_stderr(monkeypatch: pytest.MonkeyPatch) -> None:
    """The failure the app met: fresh helpers and no stand-in stderr (pytest resets
    ``sys.stderr`` between phases, so tests set the descriptor-less one themselves)."""
    forkserver._forkserver._stop()
    resource_tracker._resource_tracker._stop()
    monkeypatch.setattr(pool_module, "real_stderr", contextlib.nullcontext)
    monkeypatch.setattr(scan_module, "IN_PROCESS_BYTES", 0)
    monkeypatch.setattr(scan_module, "MIN_CHUNK", 16 * 1024)


def test_a_pool_that_cannot_start_falls_back_to_threads_and_says_so(
    small: Path, no_real_stderr: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stderr", NoFd())
    # the app's start method (from a threaded process); "fork" needs no resource tracker
    report = scan(small, workers=2, method="forkserver")
    assert report.examples == 400 and not report.cancelled
    assert any("worker processes could not start (bad value(s) in fds_to_keep)" in n for n in report.notes), (
        report.notes
    )
    same = {k: v for k, v in scan(small, workers=1).to_json().items() if k != "notes"}
    assert {k: v for k, v in report.to_json().items() if k != "notes"} == same


def test_real_stderr_lets_processes_start_under_a_capture(small: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    forkserver._forkserver._stop()
    resource_tracker._resource_tracker._stop()
    monkeypatch.setattr(sys, "stderr", NoFd())
    pool = pool_module.open_pool(2, "forkserver")
    try:
        assert pool.processes and not pool.note
        assert pool.executor.submit(pool_module.ping).result(timeout=60) > 0
    finally:
        pool.stop()
    assert isinstance(sys.stderr, NoFd), "the capture is put back"


def _appending(path: Path) -> Any:
    def progress(done: int, total: int) -> None:
        with open(path, "a", encoding="utf-8") as f:
            f.write(json.dumps(chat(9999)) + "\n")

    return progress


def test_a_file_that_changes_during_the_scan_is_not_final(small: Path) -> None:
    report = scan(small, progress=_appending(small))
    assert report.changed and not report.ok
    assert any("changed while it was checked" in n and "not final" in n for n in report.notes)
    out = io.StringIO()
    print_report(report, out)
    assert "CHANGED: the file changed while it was checked" in out.getvalue() and "OK: no errors" not in out.getvalue()
    data = json.loads(report.dumps())
    assert data["changed"] is True and data["final"] is False
    assert not scan(small).changed, "an unchanged file is final"


class PaneApp(App[None]):
    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder

    def compose(self) -> ComposeResult:
        yield DatasetsPane([self.folder], id="datasets")


def _label(app: App[None]) -> str:
    return str(app.query_one("#ds-scan-label", Static).content)


async def test_pane_says_when_the_file_changed(small: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = pane_module.scan

    def scan_while_appending(path: str, **kwargs: Any) -> Any:
        kwargs["progress"] = _appending(small)
        return real(path, **kwargs)

    monkeypatch.setattr(pane_module, "scan", scan_while_appending)
    async with PaneApp(small.parent).run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        pane = pilot.app.query_one(DatasetsPane)
        assert pane.report is not None and pane.report.changed
        assert "changed during the scan" in _label(pilot.app) and "not final" in _label(pilot.app)
        assert "not final" in str(pane.query_one("#ds-header", Static).content)


async def test_pane_says_when_it_scanned_with_threads(small: Path, no_real_stderr: None) -> None:
    async with PaneApp(small.parent).run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        pane = pilot.app.query_one(DatasetsPane)
        assert pane.report is not None and pane.report.examples == 400
        assert "Worker processes could not start" in _label(pilot.app)


async def test_pane_shows_a_failed_scan_on_screen(small: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(path: str, **kwargs: Any) -> Any:
        raise RuntimeError("the disk fell off")

    monkeypatch.setattr(pane_module, "scan", broken)
    async with PaneApp(small.parent).run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        label = _label(pilot.app)
        assert "Scan failed: RuntimeError: the disk fell off" in label
        assert pilot.app.query_one("#ds-scanrow").display
