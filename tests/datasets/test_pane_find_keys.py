"""Pilot tests for the datasets pane's keys at 80x24: find (label, count, highlight, wrap), Enter on a
problem, g/G and j/k in every list, the header at 80 columns, y copies the path, the histogram."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from rich.console import Group
from rich.text import Text
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.widgets import OptionList, Static

from ftui.tui.panes.datasets import DatasetsPane
from ftui.tui.panes.datasets_find import MATCH_STYLE
from ftui.tui.panes.datasets_histogram import render_histogram
from tests.datasets.conftest import chat
from tests.pilot import settle, until

SIZE = (80, 24)
LONG_NAME = "customer_support_conversations_2026-11_train_v3_final.jsonl"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    lines = [json.dumps(chat(i)) for i in range(40)]
    lines.insert(4, "{oops")  # example 5 (line 5) is broken
    lines.insert(30, json.dumps({"messages": [{"role": "user", "content": "no reply"}]}))  # line 31
    (folder / LONG_NAME).write_text("\n".join(lines) + "\n")
    (folder / "x.jsonl").write_text(json.dumps(chat(1)) + "\n")
    (folder / "y.jsonl").write_text(json.dumps(chat(2)) + "\n")
    return folder


class PaneApp(App[None]):
    """A minimal app holding only the pane."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder

    def compose(self) -> ComposeResult:
        yield DatasetsPane([self.folder], id="datasets")


async def _open(pilot: Any) -> DatasetsPane:
    pane = pilot.app.query_one(DatasetsPane)
    await pilot.pause()
    await pilot.press("enter")  # the long name is listed first
    await until(pilot, lambda: pane.report is not None, "the scan's report")
    return pane


def _shown(widget: Any) -> str:
    """What a widget draws, padding included (``shown_text`` crops a padded widget's last cells)."""
    return "\n".join(s.text.rstrip() for s in widget.render_lines(Region(0, 0, *widget.outer_size)))


def _header(pilot: Any) -> str:
    return _shown(pilot.app.query_one("#ds-header", Static))


def _notes(app: App[None]) -> list[str]:
    return [str(n.message) for n in app._notifications]


def _highlighted(body: object) -> list[str]:
    """The texts drawn in the match style inside the example shown."""
    parts = body.renderables if isinstance(body, Group) else [body]
    found = []
    for part in parts:
        if isinstance(part, Text):
            found += [part.plain[s.start : s.end] for s in part.spans if s.style == MATCH_STYLE]
    return found


async def test_slash_is_labelled_find_and_n_past_the_last_match_says_so(data_dir: Path) -> None:
    async with PaneApp(data_dir).run_test(size=SIZE) as pilot:
        pane = await _open(pilot)
        slash = pilot.app.screen.active_bindings["slash"].binding
        assert slash.description == "Find" and slash.show
        await pilot.press("slash", *r"number (5|15|25)\?", "enter")
        await until(pilot, lambda: "match 1 of 3" in _header(pilot), "match 1 of 3 in the header")
        assert pane.index == 6  # chat(5), after the broken line
        body = pilot.app.query_one("#ds-example-body", Static).content
        assert _highlighted(body) == ["number 5?"]
        await pilot.press("n")
        await settle(pilot)
        assert pane.index == 16 and "match 2 of 3" in _header(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert pane.index == 26 and "match 3 of 3" in _header(pilot)
        await pilot.press("n")  # past the last: wraps and says so
        await settle(pilot)
        assert pane.index == 6 and "match 1 of 3" in _header(pilot)
        assert any("Last match (3 of 3)" in note and "wrapped to the first" in note for note in _notes(pilot.app))
        await pilot.press("N")  # before the first: wraps to the last and says so
        await settle(pilot)
        assert pane.index == 26
        assert any("wrapped to the last" in note for note in _notes(pilot.app))
        await pilot.press("right")  # ← → still move one example: a find hides nothing
        assert pane.index == 27 and "3 matches" in _header(pilot)
        await pilot.press("escape")
        assert pane.pattern is None and "find" not in _header(pilot)


async def test_find_with_no_match_says_so(data_dir: Path) -> None:
    async with PaneApp(data_dir).run_test(size=SIZE) as pilot:
        pane = await _open(pilot)
        await pilot.press("slash", *"no such words", "enter")
        await until(pilot, lambda: any("No example matches" in n for n in _notes(pilot.app)), "a no-match notice")
        assert pane.pattern is None and pane.index == 0


async def test_enter_on_a_problem_goes_to_its_line(data_dir: Path) -> None:
    async with PaneApp(data_dir).run_test(size=SIZE) as pilot:
        pane = await _open(pilot)
        await pilot.press("p", "enter")  # the first problem is highlighted at once: about the whole file
        await settle(pilot)
        assert pane.index == 0 and any("whole file" in n for n in _notes(pilot.app))
        await pilot.press("j", "enter")
        await settle(pilot)
        assert pane.index == 4 and pane.dataset is not None and pane.dataset.line_number(pane.index) == 5
        assert "example 5 of 42" in _header(pilot)
        await pilot.press("p", "G", "enter")  # the last problem
        await settle(pilot)
        assert pane.dataset.line_number(pane.index) == 31
        await pilot.press("p", "g", "j", "j", "k", "enter")
        await settle(pilot)
        assert pane.dataset.line_number(pane.index) == 5


async def test_first_and_last_keys_in_the_file_list_and_the_examples(data_dir: Path) -> None:
    async with PaneApp(data_dir).run_test(size=SIZE) as pilot:
        await pilot.pause()
        files = pilot.app.query_one("#ds-files", OptionList)
        await pilot.press("G")
        assert files.highlighted == files.option_count - 1
        await pilot.press("g")
        assert files.highlighted == 0
        await pilot.press("j")
        assert files.highlighted == 1
        await pilot.press("k")
        assert files.highlighted == 0
        pane = await _open(pilot)
        await pilot.press("e", "G")
        await settle(pilot)
        assert pane.index == 41 and "example 42 of 42" in _header(pilot)
        await pilot.press("g")
        assert pane.index == 0
        await pilot.press("left")
        assert any("first example" in n for n in _notes(pilot.app))


async def test_header_fits_80_columns_and_y_copies_the_full_path(data_dir: Path) -> None:
    async with PaneApp(data_dir).run_test(size=SIZE) as pilot:
        pane = await _open(pilot)
        await pilot.press("e", "right")
        header = pilot.app.query_one("#ds-header", Static)
        lines = _header(pilot).splitlines()
        assert all(len(line) <= header.outer_size.width for line in lines)
        assert "example 2 of 42" in _header(pilot) and "1 error" not in _header(pilot)
        assert "2 errors" in _header(pilot)
        assert "…" in lines[0] and ".jsonl" in lines[0]  # shortened in the middle, the extension kept
        await pilot.press("slash", *"capital of country number 1[0-9]?", "enter")
        await until(pilot, lambda: "match" in _header(pilot), "the find's count")
        lines = _header(pilot).splitlines()
        assert len(lines) <= 2 and "example" in lines[-1] and "match 1 of 11" in lines[-1]
        await pilot.press("y")
        assert pilot.app.clipboard == str(data_dir / LONG_NAME)
        await pilot.press("s")
        await settle(pilot)
        summary = "".join(line.strip() for line in _shown(pilot.app.query_one("#ds-summary", Static)).splitlines())
        assert str(data_dir / LONG_NAME) in summary  # the full path, wrapped, in the stats tab
        assert pane.pattern is not None


def test_histogram_rows_have_whole_counts_and_gaps() -> None:
    pairs = ((40, 3), (41, 1), (90, 12), (200, 1))
    text = render_histogram(pairs, 60).plain.splitlines()
    assert text[0].startswith("tokens per example")
    rows = text[1:]
    assert rows[0].split()[-1] == "4" and rows[-1].split()[-1] == "1"  # integer counts, no 0.5 ticks
    assert sum(int(r.split()[-1]) for r in rows) == 17
    assert all(len(r) <= 60 for r in rows)
    assert "▇" in rows[0] and "█" not in "".join(rows)  # ▇ leaves a gap between rows
    ascii_rows = render_histogram(pairs, 60, ascii_only=True).plain
    assert "#" in ascii_rows and not any(ord(c) > 127 for c in ascii_rows)


async def test_find_in_a_real_size_file_counts_every_match_and_a_new_file_ends_it(tmp_path: Path) -> None:
    folder = tmp_path / "big"
    folder.mkdir()
    words = " ".join(f"word{k}" for k in range(300))
    with open(folder / "big.jsonl", "w", encoding="utf-8") as f:
        for i in range(4_400):
            record = chat(i)
            record["messages"][2]["content"] += " " + words
            f.write(json.dumps(record) + "\n")
    (folder / "small.jsonl").write_text(json.dumps(chat(1)) + "\n")
    assert (folder / "big.jsonl").stat().st_size >= 8 * 2**20
    async with PaneApp(folder).run_test(size=SIZE) as pilot:
        pane = await _open(pilot)
        await pilot.press("slash", *r"number \d*99\?", "enter")  # 44 matches, the last at the file's end
        await until(pilot, lambda: pane.matches_done, "the find's count", tries=600)
        assert len(pane.matches) == 44 and pane.matches[-1] == 4_399
        assert pane.index == 99 and "match 1 of 44" in _header(pilot)
        await pilot.press("N")  # before the first: the last, at the end of the file
        await settle(pilot)
        assert pane.index == 4_399 and "match 44 of 44" in _header(pilot)
        await pilot.press("slash", *"word", "enter")  # every example matches: a long walk
        pilot.app.query_one("#ds-files").focus()
        await pilot.press("j", "enter")  # open the other file while it walks
        await settle(pilot)
        await until(pilot, lambda: pane.report is not None, "the small file's report")
        assert pane.pattern is None and pane.dataset is not None and pane.dataset.path.endswith("small.jsonl")
        assert not any(n.severity == "error" for n in pilot.app._notifications)


def test_a_narrow_header_keeps_the_match_count_whole() -> None:
    """At 54 cells, with errors and a find, the regex goes before "match 3 of 11" is cut."""
    from ftui.tui.panes.datasets_header import header_text

    parts: list[Any] = ["example 71,902 of 71,941", "line 71,902", "2 errors"]
    text = header_text("big.jsonl", "openai-chat", parts, 54, ("Question 7190", "match 3 of 11"), (parts[1],))
    lines = text.plain.split("\n")
    assert all(len(line) <= 54 for line in lines), lines
    assert lines[-1].endswith("match 3 of 11") and "example 71,902 of 71,941" in lines[-1], lines
