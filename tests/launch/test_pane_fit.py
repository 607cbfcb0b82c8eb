"""The launch form fits 80×24 and 160×48: hints shortened in the middle and whole on focus, every field reachable.

Pilot tests (OpenAI on the emulator, Bedrock on moto's server) and snapshots of both forms at both sizes.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from textual.geometry import Region
from textual.widgets import Input

from ftui.emulator import ManualClock
from ftui.session import Session
from ftui.tui.app import FtuiApp
from ftui.tui.panes.launch import LaunchPane
from ftui.tui.panes.launch_form import LaunchFormView
from tests.pilot import make_app

from .conftest import HAIKU
from .test_pane import START, _config, _open, _settle, _utc, data_dir, demo  # noqa: F401 - fixtures

SEED_HINT = "whole number (optional)"


def _drawn(widget: Any) -> str:
    """Every line the widget draws, padding included (``shown_text`` leaves out the padding's width)."""
    size = widget.outer_size
    return "\n".join(strip.text.rstrip() for strip in widget.render_lines(Region(0, 0, size.width, size.height)))


def _squeezed(text: str) -> str:
    return "".join(text.split())


def _on_screen(pane: LaunchPane, selector: str) -> bool:
    """True when the widget lies inside the form's visible region (scrolled to it)."""
    widget = pane.query_one(selector)
    form = pane.query_one(LaunchFormView)
    return bool(widget.region.area) and form.region.contains_region(widget.region)


async def test_a_cut_hint_is_shortened_in_the_middle_and_whole_when_focused(demo: FtuiApp) -> None:
    async with demo.run_test(size=(80, 24)) as pilot:
        pane = await _open(pilot)
        pane.query_one("#launch-model").value = "gpt-4o-mini-2024-07-18"
        await _settle(pilot)
        seed = pane.query_one("#f-seed", Input)
        width = seed.content_size.width
        assert width < len(SEED_HINT), "the test needs a seed field narrower than its hint at 80 columns"
        assert "…" in seed.placeholder and len(seed.placeholder) <= width
        assert seed.placeholder.startswith("whole") and seed.placeholder.endswith("(optional)")
        assert SEED_HINT not in _drawn(pane.query_one("#m-seed"))
        seed.focus()
        await pilot.pause()
        assert f"Seed: {SEED_HINT}" in _drawn(pane.query_one("#m-seed"))
        await pilot.press("tab")
        await pilot.pause()
        assert SEED_HINT not in _drawn(pane.query_one("#m-seed"))  # only while it has focus


async def test_descriptions_wrap_instead_of_being_cut_at_80_columns(demo: FtuiApp) -> None:
    async with demo.run_test(size=(80, 24)) as pilot:
        pane = await _open(pilot)
        pane.query_one("#launch-model").value = "gpt-4o-mini-2024-07-18"
        await _settle(pilot)
        for param in pane.schema:
            shown = " ".join(_drawn(pane.query_one(f"#m-hp-{param.name}")).split())
            assert shown == " ".join(param.description.split()), param.name


async def test_bedrock_form_every_field_reachable_with_the_keyboard_at_80x24(
    bedrock_driver: Any,
    data_dir: Path,
) -> None:
    session = Session(profiles=(bedrock_driver.profile,))
    session.providers[bedrock_driver.profile.name] = bedrock_driver.provider
    app = make_app(session, config=_config(data_dir))
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _open(pilot)
        pane.query_one("#launch-model").value = HAIKU
        await _settle(pilot)
        role = pane.query_one("#f-role_arn", Input)
        assert role.region.height == 1 and pane.query_one("#f-output_uri").region.height == 1  # laid out, not hidden
        assert "…" in role.placeholder and role.placeholder.startswith("arn:aws:")
        pane.query_one("#hp-epochCount").focus()
        for _ in range(20):  # tab through the form: the form scrolls to each field
            await pilot.press("tab")
            await pilot.pause()
            if pilot.app.focused is role:
                break
        assert pilot.app.focused is role, "tab never reached the role ARN field"
        await pilot.pause()
        assert _on_screen(pane, "#f-role_arn")
        whole = f"Role ARN: {bedrock_driver.profile.get('role_arn')}"
        assert _squeezed(whole) in _squeezed(_drawn(pane.query_one("#m-role_arn")))  # wrapped, all there


async def _fill_openai(pilot: Any, data_dir: Path) -> None:
    pane = await _open(pilot)
    pane.query_one("#launch-model").value = "gpt-4o-mini-2024-07-18"
    await _settle(pilot)
    pane.query_one("#f-training").value = str(data_dir / "train.jsonl")
    await _settle(pilot)
    for field in pane.query(Input):  # a blinking cursor would make the picture depend on timing
        field.cursor_blink = False
    await _settle(pilot)


def test_launch_pane_openai_at_160x48(snap_compare: Any, demo: FtuiApp, data_dir: Path) -> None:
    async def run(pilot: Any) -> None:
        await _fill_openai(pilot, data_dir)

    assert snap_compare(demo, terminal_size=(160, 48), run_before=run)


def _bedrock_app(bedrock_driver: Any, data_dir: Path) -> FtuiApp:
    # The header names the profile's endpoint (moto's random port): the profile shown has none, the
    # provider (built on moto) is handed to the session ready-made.
    options = {k: v for k, v in bedrock_driver.profile.options.items() if k != "endpoint_url"}
    profile = dataclasses.replace(bedrock_driver.profile, options=options)
    session = Session(profiles=(profile,))
    session.providers[profile.name] = bedrock_driver.provider
    return make_app(session, ManualClock(start=START), _config(data_dir))  # a fixed clock: the same picture


async def _fill_bedrock(pilot: Any, data_dir: Path) -> None:
    pane = await _open(pilot)
    pane.query_one("#launch-model").value = HAIKU
    await _settle(pilot)
    pane.query_one("#f-training").value = str(data_dir / "claude.jsonl")
    await _settle(pilot)
    for field in pane.query(Input):
        field.cursor_blink = False
    await _settle(pilot)


def test_launch_pane_bedrock_at_160x48(snap_compare: Any, bedrock_driver: Any, data_dir: Path) -> None:
    async def run(pilot: Any) -> None:
        await _fill_bedrock(pilot, data_dir)

    assert snap_compare(_bedrock_app(bedrock_driver, data_dir), terminal_size=(160, 48), run_before=run)


async def test_a_long_status_wraps_instead_of_being_cut(demo: FtuiApp) -> None:
    async with demo.run_test(size=(80, 24)) as pilot:
        pane = await _open(pilot)
        text = (
            "Your last launch (launch id 0f3c) was interrupted before ftui heard back: ctrl+l looks for its job "
            "first, so it is never created twice."
        )
        pane._status(text)
        await pilot.pause()
        assert _squeezed(text) == _squeezed(_drawn(pane.query_one("#launch-status")))
