"""``ftui watch JOB``: follow a job in a plain terminal until it ends.

On a terminal the screen is redrawn (only when something changed) with a
plotext chart of the losses and the latest events; otherwise only new event
lines are printed, so the output can be piped or logged. Exits 0 when the job
succeeded and 1 when it failed or was cancelled.
"""

from __future__ import annotations

import argparse
import math
import shutil
import sys
import time
from collections.abc import Callable
from typing import TypeVar

from ftui.commands.common import add_session_options, find_job, iso, print_notices, run_command
from ftui.format import status_label
from ftui.providers import (
    AuthError,
    ConfigError,
    InvalidRequestError,
    JobEvent,
    JobStatus,
    MetricPoint,
    NotFoundError,
    PermissionDeniedError,
    ProviderError,
    UnsupportedError,
    retry,
)
from ftui.providers.follow import FollowUpdate, JobFollower
from ftui.session import Session

__all__ = ["configure_parser", "run"]

T = TypeVar("T")

_FATAL = (AuthError, ConfigError, PermissionDeniedError, NotFoundError, InvalidRequestError, UnsupportedError)
"""Errors a retry cannot fix: watching stops."""
_FINAL_POLLS = 3
"""Polls after the job ended to wait for its result file before giving up on reconciliation."""
_MAX_FAILURES = 30
"""Failed polls in a row after which watching gives up (each wait is capped at retry.MAX_WAIT)."""
_CLEAR = "\x1b[H\x1b[2J"
_SERIES = (
    ("train_loss", "train", "cyan"),
    ("valid_loss", "valid", "orange"),
    ("full_valid_loss", "full valid", "green"),
)


def configure_parser(parser: argparse.ArgumentParser) -> None:
    """Add the job argument and ``--interval`` to ``parser``."""
    parser.add_argument("job", metavar="JOB", help="the job id (looked up in every profile)")
    parser.add_argument("--interval", metavar="S", type=_seconds, default=5.0, help="seconds between polls (default 5)")
    add_session_options(parser)


def run(args: argparse.Namespace) -> int:
    """Follow the job; 0 when it succeeded, 1 when it failed or was cancelled, 130 on Ctrl-C."""
    return run_command(args, _watch, policy=retry.FOLLOW)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError("the interval must be more than 0 seconds")
    return value


def _is_tty() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def _watch(session: Session, args: argparse.Namespace) -> int:
    provider, job = _retrying(lambda: find_job(session, args.job), args.interval)
    follower = JobFollower(provider, job.id)
    view: _View = _Screen(live_metrics=provider.supports_live_metrics) if _is_tty() else _Lines()
    after_end = 0
    while True:
        update = _retrying(follower.poll, args.interval, view)
        view.show(follower, update)
        print_notices(session)
        if update.finished:
            break
        if update.job.status.is_terminal:
            after_end += 1
            if after_end > _FINAL_POLLS:
                print(
                    "ftui: the job's final metrics are not available yet; the series may be incomplete.",
                    file=sys.stderr,
                )
                break
        time.sleep(args.interval)
    if follower.final_note:
        print(f"ftui: {follower.final_note}", file=sys.stderr, flush=True)
    final = update.job
    outcome = f"Job {final.id} {status_label(final)}."
    if final.error is not None:
        outcome += f" {final.error.message}"
    print(outcome, file=sys.stdout if isinstance(view, _Screen) else sys.stderr, flush=True)
    return 0 if final.status is JobStatus.SUCCEEDED else 1


def _retrying(call: Callable[[], T], interval: float, view: _View | None = None) -> T:
    """``call()``, retried after transient provider errors with a notice and a countdown each time.

    Waits follow :func:`ftui.providers.retry.retry_delay` (Retry-After honoured, capped at
    :data:`ftui.providers.retry.MAX_WAIT`); after :data:`_MAX_FAILURES` failures in a row the
    last error is raised (the job goes on on the server).
    """
    failures = 0
    while True:
        try:
            return call()
        except _FATAL:
            raise
        except ProviderError as error:
            failures += 1
            if failures >= _MAX_FAILURES:
                error.message += f" (gave up after {failures} failed attempts in a row; the job is not affected)"
                raise
            delay = retry_delay(error, interval, failures)
            message = " ".join(error.message.split())
            line = f"ftui: {error.title}: {message} — retrying in "
            if view is not None:
                view.offline = True
            if _is_tty() and delay > 1:
                _countdown(line, delay)
            else:
                print(f"{line}{delay:g} s", file=sys.stderr, flush=True)
                time.sleep(delay)


def _countdown(line: str, delay: float) -> None:
    """Wait ``delay`` seconds, rewriting ``line`` with the seconds left once a second."""
    left = delay
    while left > 0:
        sys.stderr.write(f"\r\x1b[K{line}{math.ceil(left)} s")
        sys.stderr.flush()
        step = min(1.0, left)
        time.sleep(step)
        left -= step
    sys.stderr.write("\r\x1b[K")
    sys.stderr.flush()


def retry_delay(error: ProviderError, interval: float, failures: int) -> float:
    """Seconds to wait after the ``failures``-th failure in a row (the app's one policy, from the interval)."""
    return retry.retry_delay(error, failures, base=interval)


class _View:
    """Where poll results go."""

    offline = False
    """Set after a failed poll, so the next successful one redraws."""

    def show(self, follower: JobFollower, update: FollowUpdate) -> None:
        raise NotImplementedError


class _Lines(_View):
    """Not a terminal: print each new event once, nothing else."""

    def show(self, follower: JobFollower, update: FollowUpdate) -> None:
        for event in update.events:
            print(event_line(event))
        sys.stdout.flush()


class _Screen(_View):
    """A terminal: redraw header, loss chart and latest events when anything changed."""

    def __init__(self, live_metrics: bool = True) -> None:
        self.live_metrics = live_metrics
        self._status: str | None = None

    def show(self, follower: JobFollower, update: FollowUpdate) -> None:
        status = update.job.native_status
        if not (update.events or update.series_changed or status != self._status or self.offline):
            return  # nothing new: write nothing (cheap over a slow link)
        self._status, self.offline = status, False
        size = shutil.get_terminal_size((100, 30))
        chart_height = max(8, min(24, size.lines * 3 // 5))
        lines = [header(follower, update)[: size.columns]]
        series = follower.series
        if series:
            lines.append(chart(series, size.columns, chart_height))
        elif not self.live_metrics and not update.job.status.is_terminal:
            lines.append("Bedrock publishes loss curves only when the job ends; showing its progress until then.")
        else:
            lines.append("No metrics yet.")
        room = max(3, size.lines - (chart_height if series else 1) - 4)
        lines.append("Latest events")
        lines.extend("  " + event_line(event)[: size.columns - 2] for event in follower.events[-room:])
        sys.stdout.write(_CLEAR + "\n".join(lines) + "\n")
        sys.stdout.flush()


def event_line(event: JobEvent) -> str:
    """One event as a line: time, level, message."""
    return f"{iso(event.created_at) or '-'}  {event.level:<5}  {' '.join(event.message.split())}"


def header(follower: JobFollower, update: FollowUpdate) -> str:
    """The job, its status, its progress and the latest value of each loss."""
    job = update.job
    series = follower.series
    parts = [job.id + (f" ({job.name})" if job.name else ""), job.provider, status_label(job)]
    if series:
        total = job.total_steps or next((p.total_steps for p in reversed(series) if p.total_steps), None)
        parts.append(f"step {series[-1].step}" + (f"/{total}" if total else ""))
        for key, label, _ in _SERIES:
            value = next((getattr(p, key) for p in reversed(series) if getattr(p, key) is not None), None)
            if value is not None:
                parts.append(f"{label} {value:.4f}")
    return "  ·  ".join(parts)


def chart(series: list[MetricPoint], width: int, height: int) -> str:
    """plotext's own text of the loss curves (decimated to the width), with its colour codes."""
    import plotext as plt

    plt.clear_figure()
    plt.theme("clear")
    plt.plotsize(max(30, width), max(6, height))
    for key, label, color in _SERIES:
        points = [(p.step, value) for p in series if (value := getattr(p, key)) is not None]
        stride = max(1, len(points) // (2 * max(30, width)))
        if stride > 1:
            points = points[::stride] + ([points[-1]] if (len(points) - 1) % stride else [])
        if points:
            plt.plot([x for x, _ in points], [y for _, y in points], label=label, marker="braille", color=color)
    plt.xlabel("step")
    text: str = plt.build()
    return text
