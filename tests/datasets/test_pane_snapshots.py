"""SVG snapshots of the datasets pane's tabs (examples, problems, stats) at 80x24 and 160x48,
a find with its highlighted match and count, and the stats tab in an ASCII (non-UTF-8) locale."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from textual.app import App, ComposeResult

from ftui.tui.panes.datasets import DatasetsPane
from tests.datasets.conftest import chat, tool_example
from tests.pilot import settle, until

NAME = "customer_support_conversations_2026-11_train_v3_final.jsonl"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    records = [chat(i) for i in range(60)] + [tool_example(1)]
    for i in range(0, 60, 7):  # longer answers: a spread of token counts
        records[i]["messages"][2]["content"] += " Let me explain." * (i // 3)
    lines = [json.dumps(r) for r in records]
    lines.insert(4, "{oops")
    lines.insert(30, json.dumps({"messages": [{"role": "user", "content": "no reply"}]}))
    (folder / NAME).write_text("\n".join(lines) + "\n")
    (folder / "valid.jsonl").write_text(json.dumps(chat(1)) + "\n")
    # the stats tab shows the full path: a fixed one, so the picture does not depend on tmp_path
    monkeypatch.setattr(DatasetsPane, "_where", lambda self: f"/home/user/data/{NAME}")
    monkeypatch.setenv("LC_ALL", "C.UTF-8")  # the histogram's bars follow the locale
    monkeypatch.setenv("LANG", "C.UTF-8")
    return folder


class PaneApp(App[None]):
    """A minimal app holding only the pane."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder

    def compose(self) -> ComposeResult:
        yield DatasetsPane([self.folder], id="datasets")


async def _open(pilot: Any, *keys: str) -> None:
    pane = pilot.app.query_one(DatasetsPane)
    await pilot.pause()
    await pilot.press("enter")
    await until(pilot, lambda: pane.report is not None, "the scan's report")
    if keys:
        await pilot.press(*keys)
    await settle(pilot)
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
def test_examples(data_dir: Path, snap_compare: Any, size: tuple[int, int]) -> None:
    async def run(pilot: Any) -> None:
        await _open(pilot, "right", "right")

    assert snap_compare(PaneApp(data_dir), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
def test_problems(data_dir: Path, snap_compare: Any, size: tuple[int, int]) -> None:
    async def run(pilot: Any) -> None:
        await _open(pilot, "p", "j")

    assert snap_compare(PaneApp(data_dir), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
def test_stats(data_dir: Path, snap_compare: Any, size: tuple[int, int]) -> None:
    async def run(pilot: Any) -> None:
        await _open(pilot, "s")

    assert snap_compare(PaneApp(data_dir), terminal_size=size, run_before=run)


def test_stats_histogram_in_ascii(data_dir: Path, snap_compare: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LC_ALL", "C")
    monkeypatch.setenv("LANG", "C")

    async def run(pilot: Any) -> None:
        await _open(pilot, "s", "j", "j", "j", "j", "j", "j", "j", "j")

    assert snap_compare(PaneApp(data_dir), terminal_size=(80, 24), run_before=run)


def test_find_highlights_and_counts(data_dir: Path, snap_compare: Any) -> None:
    async def run(pilot: Any) -> None:
        pane = pilot.app.query_one(DatasetsPane)
        await _open(pilot, "slash", *r"number 1\d\?", "enter")
        await until(pilot, lambda: pane.matches_done, "the find's count")
        await pilot.press("n", "n")
        await settle(pilot)

    assert snap_compare(PaneApp(data_dir), terminal_size=(80, 24), run_before=run)
