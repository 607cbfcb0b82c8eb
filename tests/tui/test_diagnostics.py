"""Pilot tests of the diagnostics screen: it says the colours and the plot marker actually used, and why."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from ftui.emulator import ManualClock
from ftui.session import Session
from ftui.tui.screens.diagnostics import DiagnosticsScreen
from tests.pilot import loaded, make_app, shown_text


async def _diagnostics(session: Session, clock: ManualClock) -> dict[str, str]:
    app = make_app(session, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("D")
        screen = app.screen
        assert isinstance(screen, DiagnosticsScreen)
        await pilot.pause()
        shown = " ".join(" ".join(shown_text(screen.query_one("#diagnostics", Static)).split()).split(" "))
        rows = dict(screen.rows())
        for key, value in rows.items():  # every fact on screen, in full (wrapped lines joined)
            assert key in shown and " ".join(value.split()) in shown, (key, value, shown)
        return rows


@pytest.mark.parametrize("term", ["vt100", "linux"])
async def test_a_console_without_braille_gets_ascii_and_the_colours_it_has(
    demo_session: Session, demo_clock: ManualClock, monkeypatch: pytest.MonkeyPatch, term: str
) -> None:
    monkeypatch.setenv("TERM", term)
    monkeypatch.delenv("COLORTERM", raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    rows = await _diagnostics(demo_session, demo_clock)
    assert rows["Plot marker"].startswith(f"ascii: TERM={term} has no braille glyphs\n(plot_marker = braille")
    assert rows["Colours"].startswith(f"16, from TERM={term}\n"), rows["Colours"]
    assert "256" not in rows["COLORTERM"] and rows["COLORTERM"] == "(unset)"


async def test_a_256_colour_utf8_terminal_gets_braille(
    demo_session: Session, demo_clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("COLORTERM", raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_CTYPE", raising=False)
    rows = await _diagnostics(demo_session, demo_clock)
    assert rows["Plot marker"] == "braille: UTF-8 locale and TERM=xterm-256color"
    assert rows["Colours"].startswith("256, from TERM=xterm-256color\n"), rows["Colours"]
