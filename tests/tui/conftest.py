"""Fixtures for pilot and snapshot tests: the demo app on a fixed clock."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from ftui.emulator import ManualClock
from ftui.session import Session, start_demo
from ftui.tui.app import FtuiApp
from tests.pilot import make_app

__all__ = ["DEMO_START", "make_app"]

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


@pytest.fixture
def demo_app(demo_session: Session, demo_clock: ManualClock) -> FtuiApp:
    """The demo app, not yet running, its "now" tied to the demo clock and no datasets on show."""
    return make_app(demo_session, demo_clock)
