"""Huge single examples in the datasets pane: bounded views, read off the main thread.

One line of 20,000 messages and one line with a 3 MB message (both over the 1 MiB
line size that moves reading to a worker, and far over the drawing bounds): the
conversation, the unfolded message and the raw view each draw a bounded part and
say "showing the first N of M".
"""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

import pytest
from rich.console import Console
from textual.app import App, ComposeResult
from textual.widgets import Static

from ftui.tui.panes import datasets_view as view
from ftui.tui.panes.datasets import DatasetsPane

MESSAGES = 20_000
LONG = 3_000_000


@pytest.fixture(scope="module")
def huge_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("huge")
    many = {
        "messages": [
            {"role": "user" if i % 2 == 0 else "assistant", "content": f"turn {i} " + "x" * 40} for i in range(MESSAGES)
        ]
    }
    long = {
        "messages": [
            {"role": "user", "content": "Summarise this."},
            {"role": "assistant", "content": "word " * (LONG // 5)},
        ]
    }
    with open(folder / "huge.jsonl", "w", encoding="utf-8") as f:
        f.write(json.dumps(many) + "\n" + json.dumps(long) + "\n")
    return folder


class PaneApp(App[None]):
    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder

    def compose(self) -> ComposeResult:
        yield DatasetsPane([self.folder], id="datasets")


def _body(pane: DatasetsPane) -> str:
    console = Console(width=100, file=io.StringIO(), color_system=None)
    console.print(pane.query_one("#ds-example-body", Static).content)
    return console.file.getvalue()  # type: ignore[attr-defined]


async def _shown(pilot, pane: DatasetsPane, text: str) -> str:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + 60
    while text not in _body(pane) and time.monotonic() < deadline:
        await pilot.pause(0.05)
    return _body(pane)


async def test_huge_examples_are_drawn_bounded_and_say_so(huge_dir: Path) -> None:
    async with PaneApp(huge_dir).run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        pane = pilot.app.query_one(DatasetsPane)
        body = await _shown(pilot, pane, "showing the first")
        assert f"showing the first {view.MAX_TURNS} of {MESSAGES:,} messages" in body
        assert "turn 199 " in body and "turn 200 " not in body
        assert len(body) < 100 * 1000, "the conversation view must stay small"

        await pilot.press("r")  # raw view of a 1.3 MB line: the first characters, as is
        body = await _shown(pilot, pane, "characters (the line is shown as is)")
        assert f"showing the first {view.RAW_CHARS:,} of " in body
        await pilot.press("r", "right", "z")  # the 3 MB message, unfolded
        body = await _shown(pilot, pane, "characters of this message")
        assert f"showing the first {view.MAX_TURN_CHARS:,} of {LONG:,} characters" in body
        await pilot.press("left")  # the keys still answer: back to the first example
        body = await _shown(pilot, pane, "messages")
        assert "turn 0 " in body
        await pilot.press("c")
        await pilot.app.workers.wait_for_complete()
