"""Fixtures for pilot and snapshot tests: the demo app on a fixed clock."""

from __future__ import annotations

import tempfile
import time
from dataclasses import replace
from pathlib import Path
from datetime import datetime, timezone
from typing import Iterator

import pytest

from ftui.config import Config, load_config
from ftui.emulator import ManualClock
from ftui.session import Session, start_demo
from ftui.tui.app import FtuiApp

DEMO_START = 1_795_000_000.0
"""A fixed moment (2026-11-18) the demo's clock starts at."""


@pytest.fixture(autouse=True)
def _utc(monkeypatch: pytest.MonkeyPatch) -> None:
    """Render times in UTC whatever the machine's zone."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


@pytest.fixture
def demo_clock() -> ManualClock:
    """The emulator clock shared with the app."""
    return ManualClock(start=DEMO_START)


@pytest.fixture
def demo_session(demo_clock: ManualClock) -> Iterator[Session]:
    """The demo emulator, seeded, on the fixed clock."""
    session = start_demo(clock=demo_clock)
    try:
        yield session
    finally:
        session.close()


def make_app(session: Session, clock: ManualClock, config: Config | None = None) -> FtuiApp:
    """The app on ``session`` with the app's "now" tied to the emulator clock.

    Without a config it browses an empty dataset folder, so what the machine holds never shows.
    """
    if config is None:
        empty = Path(tempfile.mkdtemp(prefix="ftui-datasets-"))
        config = replace(load_config(), dataset_dirs=(empty,))
    return FtuiApp(
        session,
        config,
        now=lambda: datetime.fromtimestamp(clock.now(), tz=timezone.utc),
    )


@pytest.fixture
def demo_app(demo_session: Session, demo_clock: ManualClock) -> FtuiApp:
    """The demo app, not yet running."""
    return make_app(demo_session, demo_clock)
