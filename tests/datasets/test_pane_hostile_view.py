"""Hostile lines in the datasets pane: every example view draws, never raises.

A file holding every hostile line of ``test_hostile_lines`` (deep nesting, wrong
types, lone surrogates, NUL and Latin-1 bytes, NaN, 1e999...) plus terminal
escapes and one hostile line over the 1 MiB size that moves drawing to a worker
process is walked example by example in the conversation view and back in the
raw view. At each step the app still runs, the header names the line, the body
draws as UTF-8 without control characters, and no error was raised or notified.
The problems tab says the exact totals when the scan kept only part of the list.
"""

from __future__ import annotations

import io
import json
import re
import time
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console, Group
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import OptionList, Static

from ftui.datasets import Example
from ftui.datasets import formats as F
from ftui.datasets.lines import check_line
from ftui.tui.panes import datasets_view as view
from ftui.tui.panes.datasets import BIG_LINE, DatasetsPane
from tests.datasets.conftest import chat, claude, dpo, nova, prompt_completion, tool_example
from tests.datasets.test_hostile_lines import GOOD, HOSTILE

SIZE = (100, 30)
ESCAPES = json.dumps(
    {
        "messages": [
            {"role": "user", "content": "clear \u001b[2J\u001b]0;pwned\u0007 bell \u0000 nul \u009b c1"},
            {"role": "assistant\u001b[31m", "name": "\u001b[5m", "content": "ok\r\rover"},
        ]
    }
).encode()
HUGE = (
    b'{"messages": [{"role": "user", "content": [{"type": "image_url", "image_url": '
    b'{"url": 1}}, {"type": "text", "text": "\\u001b[2J"}]}, {"role": "assistant", '
    b'"tool_calls": "x", "content": "' + b"y" * (BIG_LINE + 1000) + b'"}]}'
)
"""One line over BIG_LINE (drawn in a worker process) with several hostile shapes at once."""


class PaneApp(App[None]):
    """The pane alone; records every notification it raises."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder
        self.notes: list[tuple[str, str]] = []

    def compose(self) -> ComposeResult:
        yield DatasetsPane([self.folder], id="datasets")

    def notify(self, message: str, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        self.notes.append((str(message), str(kwargs.get("severity", "information"))))
        super().notify(message, *args, **kwargs)


def _draw(renderable: object) -> str:
    """Draw as a terminal would: strict UTF-8, no colours (so no escapes of Rich's own)."""
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="utf-8", errors="strict", newline="")
    Console(file=out, width=SIZE[0], color_system=None, force_terminal=False, legacy_windows=False).print(renderable)
    out.flush()
    return raw.getvalue().decode("utf-8")


def _plain(renderable: object) -> str:
    """The text of a view (a Group of Texts), without drawing it (fast)."""
    if isinstance(renderable, Group):
        return "\n".join(_plain(r) for r in renderable.renderables)
    assert isinstance(renderable, Text), renderable
    return renderable.plain


_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _assert_safe(text: str, where: str) -> None:
    bad = sorted({f"{ord(c):#x}" for c in _UNSAFE.findall(text)})
    assert not bad, f"{where} draws control characters or surrogates: {bad}"


async def _settled(pilot, pane: DatasetsPane) -> str:  # type: ignore[no-untyped-def]
    """The example body once drawn (a huge line is drawn by a worker process)."""
    deadline = time.monotonic() + 60
    while True:
        body = _draw(pane.query_one("#ds-example-body", Static).content)
        if "Reading a" not in body:
            return body
        assert time.monotonic() < deadline, f"the example is still being read after 60 s: {body[:120]!r}"
        await pilot.pause(0.05)


async def _walk(pilot, app: PaneApp, lines: list[int], raw: bool) -> None:  # type: ignore[no-untyped-def]
    """Visit every example (forwards, or backwards in the raw view) and check each view."""
    pane = app.query_one(DatasetsPane)
    order = list(range(len(lines))) if not raw else list(reversed(range(len(lines))))
    for step, index in enumerate(order):
        if step:
            await pilot.press("right" if not raw else "left")
        body = await _settled(pilot, pane)
        where = f"example {index + 1} (line {lines[index]}, {'raw' if raw else 'conversation'})"
        assert app.is_running and app._exception is None, where
        assert pane.index == index, where
        header = _draw(pane.query_one("#ds-header", Static).content)
        assert f"line {lines[index]:,}" in header, (where, header)
        _assert_safe(header, where)
        _assert_safe(body, where)
        assert "cannot be shown" not in body and "cannot be drawn" not in body, (where, body[:300])
        assert body.strip(), where
        app.export_screenshot().encode("utf-8")  # the whole screen encodes too
        errors = [n for n in app.notes if n[1] == "error"]
        assert not errors, (where, errors)


def _write(folder: Path, lines: list[bytes]) -> list[int]:
    folder.mkdir(exist_ok=True)
    (folder / "hostile.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    return list(range(1, len(lines) + 1))


async def _open(pilot, app: PaneApp) -> DatasetsPane:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await pilot.press("enter")
    pane = app.query_one(DatasetsPane)
    deadline = time.monotonic() + 120
    while pane.report is None and time.monotonic() < deadline:
        await pilot.pause(0.05)
    assert pane.report is not None, "the scan did not finish"
    await _settled(pilot, pane)
    return pane


async def test_every_hostile_line_draws_in_both_views(tmp_path: Path) -> None:
    # good lines first, then the two long lines: the stray NUL and the Latin-1 byte come after
    # the first 256 KiB, where they would make the file look binary rather than JSON Lines
    hostile = sorted((line for _, line, _ in HOSTILE), key=len, reverse=True)
    lines = GOOD + [HUGE] + hostile + [ESCAPES] + GOOD[:2]
    numbers = _write(tmp_path / "data", lines)
    app = PaneApp(tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        pane = await _open(pilot, app)
        assert pane.dataset is not None and pane.dataset.format == F.OPENAI_CHAT
        await _walk(pilot, app, numbers, raw=False)
        await pilot.press("r")
        await _walk(pilot, app, numbers, raw=True)
        await pilot.press("p")  # the problems list draws too
        await pilot.pause()
        problems = app.query_one("#ds-problems", OptionList)
        assert problems.option_count >= len(HOSTILE)
        for i in range(problems.option_count):
            _assert_safe(_draw(problems.get_option_at_index(i).prompt), f"problem {i}")
        app.export_screenshot().encode("utf-8")
        assert app.is_running and app._exception is None


async def test_unfolded_and_other_formats(tmp_path: Path) -> None:
    """DPO, Claude, Nova and prompt/completion files with wrong shapes in every field."""
    rows: list[bytes] = []
    for good in (dpo(0), claude(0), nova(0), prompt_completion(0), tool_example(0)):
        rows += [json.dumps(good).encode()] * 3 + [json.dumps(r).encode() for r in _mutants(good)]
    numbers = _write(tmp_path / "data", rows)
    app = PaneApp(tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, app)
        await pilot.press("z")  # unfolded
        await _walk(pilot, app, numbers, raw=False)


VALUES: list[Any] = [
    None,
    5,
    1e300,
    "x",
    "\ud800",
    "\u001b[2J",
    [],
    ["x"],
    [1, [2]],
    {"a": {"b": 1}},
    {"url": 1},
    True,
    [None],
    [{"type": "image_url", "image_url": 1}],
    [{"image_url": {"url": {"a": 1}}}],
    [{"text": 5}],
    [{"image": None}],
]
"""Wrong values put in place of each value of a good record."""


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path] if path else []
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, path + (i,))
    return out


def _replace(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    copy = json.loads(json.dumps(value))
    target = copy
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = new
    return copy


def _mutants(good: dict[str, Any], every: int = 11) -> list[dict[str, Any]]:
    """A sample of records with one value replaced by a wrong one (all pairs are in the unit test)."""
    pairs = [(p, v) for p in _paths(good) for v in VALUES]
    return [_replace(good, p, v) for p, v in pairs[::every]]


@pytest.mark.parametrize(
    "good",
    [chat(0), tool_example(0), dpo(0), claude(0), nova(0), prompt_completion(0)],
    ids=["chat", "tools", "dpo", "claude", "nova", "prompt"],
)
def test_render_example_survives_every_wrong_value(good: dict[str, Any]) -> None:
    """Every value of a good record replaced by every wrong value, in every format, both views."""
    for path in _paths(good):
        for value in VALUES:
            record = _replace(good, path, value)
            raw = json.dumps(record, ensure_ascii=False)
            data, problems = check_line(raw.encode("utf-8", "surrogatepass"), 7, F.OPENAI_CHAT)
            for parsed in (data, record):  # what the engine gives, and the record itself
                example = Example(6, 7, raw, parsed, tuple(problems))
                views = [(F.OPENAI_CHAT, True, True)]  # the raw view does not depend on the format
                views += [(fmt, False, folded) for fmt in F.FORMATS for folded in (True, False)]
                for fmt, raw_view, folded in views:
                    text = _plain(view.render_example(example, fmt, raw=raw_view, folded=folded))
                    text.encode("utf-8")
                    _assert_safe(text, f"{path}={value!r} {fmt} raw={raw_view}")
                    assert "cannot be drawn" not in text, (path, value, fmt, text)


async def test_problems_tab_says_exact_totals_when_the_list_is_capped(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    rows = [json.dumps(chat(i)).encode() for i in range(20)] + [b"{bad"] * 1_234
    (folder / "capped.jsonl").write_bytes(b"\n".join(rows) + b"\n")
    app = PaneApp(folder)
    async with app.run_test(size=SIZE) as pilot:
        pane = await _open(pilot, app)
        report = pane.report
        assert report is not None and report.truncated
        await pilot.press("p")
        await pilot.pause()
        summary = _draw(app.query_one("#ds-problems-summary", Static).content)
        listed = len(report.problems)
        assert f"{report.errors + report.warnings:,} problems" in summary, summary
        assert "1,234 errors" in summary and f"(first {listed:,} listed)" in summary, summary
        assert "invalid_json: 1,234" in summary, summary
        problems = app.query_one("#ds-problems", OptionList)
        last = _draw(problems.get_option_at_index(problems.option_count - 1).prompt)
        assert f"first {listed:,} of {report.errors + report.warnings:,}" in last, last
        await pilot.press("end")  # the list scrolls down to its last problem
        await pilot.pause()
        assert problems.highlighted == listed - 1 and problems.scroll_y > 0
        assert problems.size.height < app.size.height, problems.size


async def test_problems_tab_says_totals_when_nothing_is_cut(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    rows = [json.dumps(chat(i)).encode() for i in range(20)] + [b"{bad"] * 2
    (folder / "few.jsonl").write_bytes(b"\n".join(rows) + b"\n")
    app = PaneApp(folder)
    async with app.run_test(size=SIZE) as pilot:
        pane = await _open(pilot, app)
        report = pane.report
        assert report is not None and not report.truncated and report.errors == 2
        summary = _draw(app.query_one("#ds-problems-summary", Static).content)
        assert f"{report.errors + report.warnings:,} problems: 2 errors" in summary, summary
        assert "listed" not in summary, summary
