"""Helpers for pilot tests (``App.run_test``): let the app settle, open a job, build the app.

Shared by tests/tui, tests/launch and tests/datasets; keep the names stable:

* ``settle(pilot, rounds=1)``: workers done and their messages handled, ``rounds`` times.
* ``loaded(pilot)``: everything the first screen starts has finished (also workers started by
  the first results, e.g. scans) and animations are done: what a snapshot wants.
* ``until(pilot, done, what)``: let the app work until ``done()`` is true, bounded; fails naming ``what``.
* ``open_job(pilot, status=..., name=..., job_id=...)``: select that job in the jobs table, press
  enter and return the job screen, asserting it shows exactly that job.
* ``shown_text(widget)``: the text a widget draws on screen now (its lines, joined), to assert on.
* ``make_app(session, clock=..., config=...)``: the app on a session (the ``app_factory`` fixture).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ftui.config import Config
    from ftui.emulator import ManualClock
    from ftui.providers import JobStatus
    from ftui.session import Session
    from ftui.tui.app import FtuiApp
    from ftui.tui.screens.job import JobScreen

__all__ = ["loaded", "make_app", "open_job", "settle", "shown_text", "until"]


async def settle(pilot: Any, rounds: int = 1) -> None:
    """Wait ``rounds`` times for the app's workers to finish and for their messages to be handled."""
    for _ in range(rounds):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def loaded(pilot: Any) -> None:
    """Wait until the first screen is fully loaded: its workers, the workers their results start, animations."""
    await settle(pilot, rounds=2)
    await pilot.wait_for_scheduled_animations()


async def until(pilot: Any, done: Callable[[], object], what: str, tries: int = 200, delay: float = 0.02) -> None:
    """Let the app work until ``done()`` is true (at most ``tries`` rounds); fail naming ``what`` otherwise."""
    for _ in range(tries):
        await settle(pilot)
        if done():
            return
        await pilot.pause(delay)
    raise AssertionError(f"never saw {what}")


def shown_text(widget: Any) -> str:
    """The text ``widget`` draws now, line by line (what the user reads), trailing blanks stripped.

    ``str(static.render())`` is no help: it gives the repr of the renderable, never empty.
    """
    from textual.geometry import Region

    width, height = widget.outer_size  # borders and padding included: ``size`` would crop the last rows
    region = Region(0, 0, width, height)
    assert region.area, f"{widget!r} has no size: it is not on screen"
    return "\n".join(strip.text.rstrip() for strip in widget.render_lines(region)).rstrip()


def _describe(job: Any) -> str:
    return f"{job.name or job.id} ({job.status.value})"


async def open_job(
    pilot: Any, status: JobStatus | None = None, *, name: str | None = None, job_id: str | None = None
) -> JobScreen:
    """Open the first listed job matching ``status``/``name``/``job_id`` from the jobs table.

    Fails if no listed job matches (naming what the table holds), if the selection never
    reaches it, or if the screen that opens is not a job screen showing exactly that job.
    """
    from ftui.tui.panes.jobs import JobsPane
    from ftui.tui.screens.job import JobScreen

    await settle(pilot)
    pane = pilot.app.screen.query_one(JobsPane)
    shown = list(pane.shown)

    def wanted(job: Any) -> bool:
        return (
            (status is None or job.status is status)
            and (name is None or job.name == name)
            and (job_id is None or job.id == job_id)
        )

    matches = [job for job in shown if wanted(job)]
    asked = ", ".join(f"{k}={v!r}" for k, v in (("status", status), ("name", name), ("job_id", job_id)) if v)
    assert matches, f"no job with {asked} in the jobs table: {[_describe(j) for j in shown]}"
    target = matches[0]
    for _ in range(len(shown) + 1):
        if pane.selected is not None and pane.selected.id == target.id:
            break
        await pilot.press("j")
    selected = pane.selected
    assert selected is not None and selected.id == target.id, (
        f"the selection never reached {_describe(target)}: it is on {selected and _describe(selected)}"
    )
    await pilot.press("enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, JobScreen), f"enter on {_describe(target)} opened {type(screen).__name__}"
    assert screen.job.id == target.id and screen.job.provider == target.provider, (
        f"asked for {_describe(target)}, the job screen shows {_describe(screen.job)}"
    )
    return screen


def make_app(
    session: Session, clock: ManualClock | None = None, config: Config | None = None, **kwargs: Any
) -> FtuiApp:
    """The app on ``session``; with ``clock``, the app's "now" is tied to that (emulator) clock.

    Without a config it browses an empty dataset folder, so what the machine holds never shows.
    Other keyword arguments go to ``FtuiApp`` (e.g. ``read_only=True``).
    """
    from ftui.config import load_config
    from ftui.tui.app import FtuiApp

    if config is None:
        empty = Path(tempfile.mkdtemp(prefix="ftui-datasets-"))
        config = replace(load_config(), dataset_dirs=(empty,))
    if clock is not None:
        tied = clock

        def now() -> datetime:
            return datetime.fromtimestamp(tied.now(), tz=UTC)

        kwargs.setdefault("now", now)
    return FtuiApp(session, config, **kwargs)


def screen_line(widget: Any) -> str:
    """The screen's row where ``widget`` is drawn, as the terminal shows it (children too), trailing blanks stripped.

    For containers such as the footer, whose keys are child widgets ``shown_text`` does not see.
    """
    screen = widget.screen
    row = widget.region.y
    strips = screen._compositor.render_strips()
    return str(strips[row].text).rstrip()
