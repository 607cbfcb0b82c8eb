"""How the shell looks: the help and the footer at 80×24 and 160×48 (SVG snapshots).

Update after a deliberate visual change with ``pytest tests/tui/test_shell_snapshots.py --snapshot-update``
and look at the SVGs.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from ftui.config import load_config
from ftui.emulator import ManualClock
from ftui.session import Session
from ftui.tui.app import FtuiApp
from tests.pilot import loaded, make_app

EMPTY_FOLDER = Path("/tmp/ftui-snapshot-no-datasets")
"""A fixed, empty dataset folder: the file list names it, so a random temporary name would change the picture."""


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
def test_help_on_the_datasets_tab(
    snap_compare: Any, demo_session: Session, demo_clock: ManualClock, size: tuple[int, int]
) -> None:
    EMPTY_FOLDER.mkdir(exist_ok=True)
    app = make_app(demo_session, demo_clock, replace(load_config(), dataset_dirs=(EMPTY_FOLDER,)))

    async def run(pilot: Any) -> None:
        await loaded(pilot)
        await pilot.press("2")
        await loaded(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
def test_footer_on_the_launch_tab(snap_compare: Any, demo_app: FtuiApp, size: tuple[int, int]) -> None:
    async def run(pilot: Any) -> None:
        await loaded(pilot)
        await pilot.press("3")
        await loaded(pilot)
        await pilot.pause()

    assert snap_compare(demo_app, terminal_size=size, run_before=run)
