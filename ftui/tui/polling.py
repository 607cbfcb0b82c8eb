"""The TUI's read policy in one place: how a poll's failure is named, when it is retried, and
that a tick never starts a poll while one runs.

Workers call :func:`read` around every provider read (one call site per worker), so a
payload the parser did not expect becomes a :class:`ProviderError` that says so instead of
a dead worker. Screens keep one :class:`PollGate` per polling worker, on the main thread:
it knows whether a poll is in flight, the last failure, and when the next try is due
(:func:`retry_delay`: backoff that honours ``Retry-After``, capped).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, TypeVar

from textual.worker import Worker, WorkerState

from ftui.providers.errors import ProviderError, RateLimitError, UnavailableError

T = TypeVar("T")

FIRST_RETRY = 1.0
"""Seconds before the first retry of a transient failure (network, timeout, 5xx, 429)."""
RETRY_CAP = 60.0
"""The longest wait between two tries, whatever the failure."""
RETRY_AFTER_CAP = 300.0
"""The longest ``Retry-After`` honoured; a server asking for an hour is retried sooner."""
_DETAIL = 160


class UnexpectedAnswer(ProviderError):
    """The server answered, but with something the client could not read."""

    default_title = "Unexpected answer"


def read(call: Callable[[], T], action: str = "Reading from the server") -> T:
    """Run one provider read; anything but a :class:`ProviderError` becomes :class:`UnexpectedAnswer`.

    The single place a worker's read goes through (the retry policy proper is applied by the
    screen's :class:`PollGate`, so every wait shows on screen as a countdown).
    """
    try:
        return call()
    except ProviderError:
        raise
    except Exception as error:  # noqa: BLE001 - a malformed payload must not kill the worker
        raise unexpected(error, action) from error


def unexpected(error: BaseException, action: str = "Reading from the server") -> ProviderError:
    """A :class:`ProviderError` for an exception nobody expected (short, one line, redacted)."""
    if isinstance(error, ProviderError):
        return error
    detail = " ".join(str(error)[: _DETAIL * 4].split())
    if len(detail) > _DETAIL:
        detail = detail[: _DETAIL - 1] + "…"
    return UnexpectedAnswer(
        f"{action}: the answer could not be read ({type(error).__name__}{': ' + detail if detail else ''}). "
        "ftui keeps what it had and retries; if it persists, check that the base URL is an "
        "OpenAI-compatible server."
    )


def retry_delay(error: ProviderError, failures: int, interval: float) -> float:
    """Seconds to wait before the next try after ``failures`` failures in a row.

    Transient failures start at :data:`FIRST_RETRY`, others at the refresh ``interval``;
    both double per failure up to :data:`RETRY_CAP`. ``Retry-After`` is honoured up to
    :data:`RETRY_AFTER_CAP`.
    """
    transient = isinstance(error, (UnavailableError, RateLimitError, UnexpectedAnswer))
    start = FIRST_RETRY if transient else max(FIRST_RETRY, interval)
    wait = min(RETRY_CAP, start * 2 ** max(0, failures - 1))
    if isinstance(error, RateLimitError) and error.retry_after:
        wait = max(wait, min(float(error.retry_after), RETRY_AFTER_CAP))
    return wait


def failure_kind(error: ProviderError) -> str:
    """``offline`` when the server could not be reached or failed, else ``failed``."""
    return "offline" if isinstance(error, UnavailableError) else "failed"


@dataclass
class PollGate:
    """One polling worker's state, owned by the main thread.

    ``due`` says whether a tick may start a poll: never while one runs, and after a
    failure only once its retry time has come.
    """

    worker: Worker[None] | None = None
    """The poll in flight (or the last one)."""
    running: bool = False
    """A poll started and its outcome has not been handled yet."""
    error: ProviderError | None = None
    """The last failure, until a poll succeeds."""
    failures: int = 0
    """Failures in a row."""
    retry_at: float = 0.0
    """When the next try is due (clock seconds), after a failure."""
    closed: bool = False
    """Set when the screen goes: nothing starts any more."""
    again: bool = False
    """Something changed while a poll ran: poll once more when it ends."""

    @property
    def busy(self) -> bool:
        """Whether a poll is in flight (until its outcome is handled, or it died without one)."""
        worker = self.worker
        if not self.running or worker is None:
            return False
        return not worker.is_finished or worker.state is WorkerState.SUCCESS

    def due(self, now: float) -> bool:
        """Whether a retry is due now (there was a failure and its wait is over)."""
        return self.error is not None and not self.busy and not self.closed and now >= self.retry_at

    def may_start(self) -> bool:
        """Whether a poll may start now (none in flight, screen still there)."""
        return not self.busy and not self.closed

    def started(self, worker: Worker[None]) -> None:
        """Remember the poll just started."""
        self.worker, self.running = worker, True

    def succeeded(self) -> None:
        """A poll succeeded: forget the failure."""
        self.running = False
        self.error, self.failures, self.retry_at = None, 0, 0.0

    def failed(self, error: ProviderError, now: float, interval: float) -> float:
        """A poll failed: schedule the next try; return the wait in seconds."""
        self.running = False
        self.error = error
        self.failures += 1
        wait = retry_delay(error, self.failures, interval)
        self.retry_at = now + wait
        return wait

    def countdown(self, now: float) -> str:
        """``retrying in N s``, or ``retrying now…`` while the retry runs (never stuck at 0)."""
        if self.busy or now >= self.retry_at:
            return "retrying now…"
        return f"retrying in {max(1, math.ceil(self.retry_at - now))} s"

    def status(self, now: float) -> str:
        """``offline: <reason>, retrying in N s`` (empty when the last poll succeeded)."""
        if self.error is None:
            return ""
        return f"{failure_kind(self.error)}: {self.error.title.lower()}, {self.countdown(now)}"
