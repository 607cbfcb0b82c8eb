"""Pilot tests for the datasets pane at 80x24: open, navigate, problems, filter, stats, actions."""

from __future__ import annotations

import asyncio
import io
import json
import threading
import time
from pathlib import Path

import pytest
from rich.console import Console
from textual.app import App, ComposeResult
from textual.widgets import OptionList, Static

from ftui.tui.panes.datasets import DatasetsPane
from tests.datasets.conftest import chat, tool_example

SIZE = (80, 24)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    records = [chat(i) for i in range(30)] + [tool_example(1)]
    records[2]["messages"][2]["content"] = "\n".join(f"step {i} of a long answer" for i in range(30))
    lines = [json.dumps(r) for r in records]
    lines.insert(4, "{oops")
    (folder / "train.jsonl").write_text("\n".join(lines) + "\n")
    (folder / "notes.csv").write_text("a,b\n1,2\n")
    (folder / "a_first.txt").write_text("not data\n")
    return folder


class PaneApp(App[None]):
    """A minimal app holding only the pane."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder

    def compose(self) -> ComposeResult:
        yield DatasetsPane([self.folder], id="datasets")


def _text(app: App[None], selector: str) -> str:
    console = Console(width=200, file=io.StringIO(), color_system=None)
    console.print(app.query_one(selector, Static).content)
    return console.file.getvalue()  # type: ignore[attr-defined]


async def _open(pilot) -> DatasetsPane:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return pilot.app.query_one(DatasetsPane)


async def test_jsonl_files_are_listed_first(data_dir: Path) -> None:
    async with PaneApp(data_dir).run_test(size=SIZE) as pilot:
        await pilot.pause()
        files = pilot.app.query_one("#ds-files", OptionList)
        ids = [Path(files.get_option_at_index(i).id or "").name for i in range(files.option_count)]
        assert ids == ["train.jsonl"]  # CSV and text files are not datasets the engine reads


async def test_open_shows_a_conversation_and_the_scan_result(data_dir: Path) -> None:
    async with PaneApp(data_dir).run_test(size=SIZE) as pilot:
        pane = await _open(pilot)
        assert pane.report is not None and pane.report.examples == 32
        header = _text(pilot.app, "#ds-header")
        assert "example 1 of 32" in header and "1 error\n" in header
        body = _text(pilot.app, "#ds-example-body")
        assert "system" in body and "What is the capital of country number 0?" in body
        await pilot.press("right", "right")
        body = _text(pilot.app, "#ds-example-body")
        assert "step 7 of a long answer" in body and "step 8 of" not in body
        assert "22 more lines" in body
        await pilot.press("z")
        assert "step 29 of a long answer" in _text(pilot.app, "#ds-example-body")
        await pilot.press("r")
        assert '"messages": [' in _text(pilot.app, "#ds-example-body")


async def test_tool_calls_are_readable(data_dir: Path) -> None:
    async with PaneApp(data_dir).run_test(size=SIZE) as pilot:
        pane = await _open(pilot)
        pane.index = 31
        pane._show()
        body = _text(pilot.app, "#ds-example-body")
        assert "→ get_current_weather(" in body and "weight 0, not trained" in body
        assert "tool → call_1" in body


async def test_problem_keys_jump_between_problem_lines(data_dir: Path) -> None:
    async with PaneApp(data_dir).run_test(size=SIZE) as pilot:
        pane = await _open(pilot)
        await pilot.press("right_square_bracket")
        assert pane.index == 4 and "invalid_json" in _text(pilot.app, "#ds-example-body")
        await pilot.press("left_square_bracket")
        assert pane.index == 4  # nothing before: stays, says so
        await pilot.press("p", "down", "down", "enter")
        await pilot.pause()
        assert pane.index == 4 and pilot.app.focused is not None


async def test_slash_filters_by_regex(data_dir: Path) -> None:
    async with PaneApp(data_dir).run_test(size=SIZE) as pilot:
        pane = await _open(pilot)
        await pilot.press("slash", *"number 2[78]", "enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert pane.index == 28  # chat(27) after the bad line
        await pilot.press("n")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert pane.index == 29
        await pilot.press("escape")
        assert pane.pattern is None


async def test_stats_tab_and_model_choice(data_dir: Path) -> None:
    async with PaneApp(data_dir).run_test(size=SIZE) as pilot:
        pane = await _open(pilot)
        await pilot.press("s")
        summary = _text(pilot.app, "#ds-summary")
        assert "32 examples" in summary and "o200k_base" in summary and "$" in summary
        panel = pilot.app.query_one("#ds-stats")
        panel.post_message(type(panel).ModelChosen("gpt-3.5-turbo-0125"))
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert pane.report is not None and pane.report.tokens.encoding == "cl100k_base"


async def test_split_action_writes_new_files_only(data_dir: Path) -> None:
    source = data_dir / "train.jsonl"
    before = source.read_bytes()
    async with PaneApp(data_dir).run_test(size=SIZE) as pilot:
        await _open(pilot)
        pilot.app.query_one("#ds-split").press()
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        files = pilot.app.query_one("#ds-files", OptionList)
        names = {Path(files.get_option_at_index(i).id or "").name for i in range(files.option_count)}
        assert {"train.train.jsonl", "train.validation.jsonl"} <= names
    assert source.read_bytes() == before


async def test_c_cancels_a_running_scan_and_the_ui_stays_responsive(data_dir: Path, monkeypatch) -> None:
    import ftui.tui.panes.datasets as pane_module

    real_scan = pane_module.scan
    started = threading.Event()

    def slow_scan(path, model=None, progress=None, cancel=None):  # type: ignore[no-untyped-def]
        started.set()
        deadline = time.monotonic() + 10
        while not cancel() and time.monotonic() < deadline:  # a big file, still scanning
            progress(1, 100)
            time.sleep(0.01)
        return real_scan(path, model=model, cancel=lambda: True)

    monkeypatch.setattr(pane_module, "scan", slow_scan)
    async with PaneApp(data_dir).run_test(size=SIZE) as pilot:
        pane = pilot.app.query_one(DatasetsPane)
        await pilot.pause()
        await pilot.press("enter")
        await asyncio.to_thread(started.wait, 5)
        assert pilot.app.query_one("#ds-progress").has_class("-scanning")
        await pilot.press("right")  # the UI answers while the scan runs
        assert pane.index == 1
        begun = time.monotonic()
        await pilot.press("c")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert time.monotonic() - begun < 5
        assert pane.report is not None and pane.report.cancelled
        assert not pilot.app.query_one("#ds-progress").has_class("-scanning")


def test_snapshot_open_file(data_dir: Path, snap_compare) -> None:
    async def open_file(pilot) -> None:  # type: ignore[no-untyped-def]
        await _open(pilot)

    assert snap_compare(PaneApp(data_dir), terminal_size=SIZE, run_before=open_file)


def test_snapshot_stats(data_dir: Path, snap_compare, monkeypatch) -> None:
    monkeypatch.setattr(DatasetsPane, "_where", lambda self: "/home/user/data/train.jsonl")  # not tmp_path
    monkeypatch.setenv("LC_ALL", "C.UTF-8")  # the histogram's bars follow the locale

    async def stats(pilot) -> None:  # type: ignore[no-untyped-def]
        await _open(pilot)
        await pilot.press("s")
        await pilot.wait_for_scheduled_animations()
        await pilot.pause(0.3)

    assert snap_compare(PaneApp(data_dir), terminal_size=SIZE, run_before=stats)
