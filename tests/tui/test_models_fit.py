"""Long model ids in the Models pane, its page and Evaluate: shortened in the middle, whole where it counts.

A hostile server (a loopback proxy in front of the emulator) lists a checkpoint id longer than any
column and a 10 MB id; the real ``openai`` SDK reads them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.geometry import Region
from textual.widgets.data_table import ColumnKey

from ftui.emulator import Emulator, ManualClock
from ftui.providers.profiles import Profile
from ftui.session import Session
from ftui.tui.panes import models_view as view
from ftui.tui.panes.models import ModelsPane
from ftui.tui.screens.evaluate import EvaluateScreen
from ftui.tui.screens.evaluate_open import saved_screen
from ftui.tui.screens.evaluate_results import open_path
from ftui.tui.screens.model_detail import ModelDetailScreen
from tests.pilot import make_app, shown_text, until
from tests.tui.hostile import Hostile
from tests.tui.test_models_snapshots import _fixed_paths, _saved_run  # noqa: F401 - fixture

CKPT = "ft:gpt-4o-mini-2024-07-18:acme-research-lab:support-bot-v2:Xy7Qa91B:ckpt-step-90"
HUGE = "ft:gpt-4o-mini-2024-07-18:acme:" + "x" * (10 * 1024 * 1024) + ":tail-Q"


def _drawn(widget: Any) -> str:
    """Every line the widget draws, padding included (``shown_text`` leaves out the padding's width)."""
    size = widget.outer_size
    return "\n".join(strip.text.rstrip() for strip in widget.render_lines(Region(0, 0, size.width, size.height)))


def _models_body() -> bytes:
    data = [
        {"id": model_id, "object": "model", "created": 1_795_000_000 - n, "owned_by": "user-acme"}
        for n, model_id in enumerate((CKPT, HUGE))
    ]
    return json.dumps({"object": "list", "data": data}).encode()


@pytest.fixture
def hostile_session() -> Iterator[Session]:
    """A session whose one profile lists a long checkpoint id and a 10 MB id."""
    with Emulator(clock=ManualClock(start=1_795_000_000.0)) as emu:
        proxy = Hostile(emu.base_url)
        proxy.answer(r"^/v1/models$", 200, _models_body(), {"Content-Type": "application/json"})
        session = Session(profiles=(Profile("acme", "emulator", {"base_url": proxy.base_url, "max_retries": 0}),))
        try:
            yield session
        finally:
            session.close()
            proxy.close()


async def _open_models(pilot: Any) -> ModelsPane:
    await until(pilot, lambda: pilot.app.screen.query("#models"), "the main screen", tries=3000)
    await pilot.press("4")
    pane = pilot.app.screen.query_one(ModelsPane)
    await until(pilot, lambda: "acme" in pane.models and not pane.listing, "the models listing", tries=3000)
    await pilot.pause()
    return pane


async def test_long_ids_are_shortened_in_the_middle_and_y_copies_the_whole_id(hostile_session: Session) -> None:
    app = make_app(hostile_session)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _open_models(pilot)
        table = pane.table
        id_column = table.columns[ColumnKey("id")]
        room = view.id_width(80, pane._columns)
        assert id_column.width == room  # the 10 MB id did not widen it
        cells = {str(table.get_row_at(i)[0]): pane.shown[i].id for i in range(table.row_count)}
        assert all(len(cell) <= room for cell in cells), cells.keys()
        shown = next(cell for cell, model_id in cells.items() if model_id == CKPT)
        assert "…" in shown and shown.startswith("↳ ft:gpt") and shown.endswith("Xy7Qa91B:ckpt-step-90")
        huge = next(
            cell for cell, model_id in cells.items() if model_id.startswith(HUGE[:40])
        )  # capped by the provider
        assert "…" in huge and len(huge) <= room
        while pane.selected is not None and pane.selected.id != CKPT:
            await pilot.press("j")
        first = next(line for line in _drawn(pane.query_one("#model-strip")).splitlines() if "ft:" in line)
        assert "…" in first and first.strip().endswith("Xy7Qa91B:ckpt-step-90")
        await pilot.press("y")
        await pilot.pause()
        assert app.clipboard == CKPT
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ModelDetailScreen), "the model page", tries=3000)
        await pilot.pause()
        page = "".join(shown_text(app.screen.query_one("#model-body")).split())
        assert CKPT in page  # whole on its page, wrapped
        assert "Finalmetrics—" in page  # none reported: a dash, nothing invented


async def test_g_and_shift_g_go_to_the_first_and_last_model_j_and_k_move(demo_app: Any) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: pilot.app.screen.query("#models"), "the main screen", tries=3000)
        await pilot.press("4")
        pane = pilot.app.screen.query_one(ModelsPane)
        await until(pilot, lambda: "demo" in pane.models and len(pane.shown) >= 3, "the demo's models", tries=3000)
        pane.table.focus()
        await pilot.press("G")
        assert pane.selected == pane.shown[-1]
        await pilot.press("k")
        assert pane.selected == pane.shown[-2]
        await pilot.press("g")
        assert pane.selected == pane.shown[0]
        await pilot.press("j")
        assert pane.selected == pane.shown[1]


async def test_evaluate_headings_shorten_a_long_model_id_instead_of_wrapping_it(
    demo_app: Any, demo_session: Any
) -> None:
    path: Path = _saved_run(demo_session)
    async with demo_app.run_test(size=(160, 48)) as pilot:
        await until(pilot, lambda: pilot.app.screen.query("#models"), "the main screen", tries=3000)
        open_path(pilot.app, path, saved_screen)
        await until(pilot, lambda: isinstance(pilot.app.screen, EvaluateScreen), "the Evaluate screen", tries=3000)
        screen = pilot.app.screen
        await pilot.pause()
        model = screen.plan.model
        assert len(model) > 45, "the test needs a model id longer than a third of 160 columns"
        example = shown_text(screen.query_one("#eval-example"))
        lines = example.splitlines()
        at = next(n for n, line in enumerate(lines) if "Reference" in line)
        assert "A ft:gpt" in lines[at] and "…" in lines[at] and model[-8:] in lines[at], example
        assert not any(model[-8:] in line for line in lines[at + 1 :]), example  # not wrapped onto the next line
        await pilot.press("G")
        assert screen.query_one("#eval-table").cursor_row == len(screen.results) - 1
        await pilot.press("g")
        assert screen.query_one("#eval-table").cursor_row == 0


def test_a_profile_not_listed_yet_says_so_instead_of_a_blank_pane() -> None:
    lines = view.empty_text(not_asked=["acme"], loading=set(), failures={}, unsupported={}, loaded=[], any_models=False)
    assert lines == ["acme: models not listed yet (r lists them)."]
