"""The TUI's side of the one read policy (:mod:`ftui.providers.retry`): how a poll's failure
is named, that a tick never starts a poll while one runs, and what providers noticed.

Workers call :func:`read` around every provider read (one call site per worker), so a
payload the parser did not expect becomes a :class:`ProviderError` that says so instead of
a dead worker. A first load runs under :data:`FIRST_LOAD` (a short one-shot budget: two
429s in a row never show an error); polls make single attempts. Screens keep one
:class:`PollGate` per polling worker, on the main thread: it knows whether a poll is in
flight, the last failure, and when the next try is due (:func:`ftui.providers.retry.retry_delay`
with the refresh interval as its base, Retry-After honoured, capped at
:data:`ftui.providers.retry.MAX_WAIT`), shown as a countdown. After each worker call the
provider's notices (:meth:`~ftui.providers.base.Provider.take_notices`) are posted as
:class:`Notices` for the screen to show.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from textual.message import Message
from textual.worker import Worker, WorkerState

from ftui.providers import retry
from ftui.providers.errors import ProviderError, UnavailableError

T = TypeVar("T")

FIRST_LOAD = retry.ReadPolicy(budget=5.0)
"""The one-shot policy of a screen's first load: a few quick retries (0.25, 0.5, 1, 2 s), then the
countdown takes over on screen (a longer silent budget would only keep "loading…" up longer)."""
_DETAIL = 160


class UnexpectedAnswer(ProviderError):
    """The server answered, but with something the client could not read."""

    default_title = "Unexpected answer"


def read(call: Callable[[], T], action: str = "Reading from the server", *, first: bool = False) -> T:
    """Run one provider read; anything but a :class:`ProviderError` becomes :class:`UnexpectedAnswer`.

    The single place a worker's read goes through. ``first``: a screen's first load, run under
    :data:`FIRST_LOAD`; otherwise the current policy (single attempts: the screen's
    :class:`PollGate` schedules the retry and shows it as a countdown). Call it in the thread
    that makes the requests (the policy is per thread).
    """
    with retry.reads(FIRST_LOAD if first else retry.current()):
        try:
            return call()
        except ProviderError:
            raise
        except Exception as error:
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
        wait = retry.retry_delay(error, self.failures, base=interval)
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


@dataclass
class Notices(Message):
    """What a provider noticed during a worker's calls (walks cut short, items skipped …)."""

    profile: str
    """The profile whose provider noticed."""
    texts: list[str]
    """The notices, oldest first (may be empty: then nothing new was noticed)."""
    source: str = ""
    """Which worker: ``jobs`` for the jobs list refresh, else free text."""


def take_notices(provider: Any) -> list[str]:
    """The notices of this worker thread's calls to the provider since the last take (none from a provider
    that keeps none): notices from another worker's calls are that worker's to show."""
    take = getattr(provider, "take_notices", None)
    if take is None:
        return []
    try:
        return [str(text) for text in take(mine=True)]
    except Exception:  # noqa: BLE001 - notices are a courtesy: never let them kill a worker
        return []


def show_notices(widget: Any, told: set[str], message: Notices) -> None:
    """Notify the notices of ``message`` not told before (``told`` remembers them), as one warning."""
    new = [text for text in message.texts if text not in told]
    told.update(new)
    if new:
        widget.notify(
            "\n".join(new), title=f"{message.profile}: from the server's answers", severity="warning", timeout=10
        )


def post_notices(target: Any, profile: str, provider: Any, source: str = "") -> None:
    """From a worker: post the provider's notices to ``target`` as :class:`Notices` (nothing when none)."""
    texts = take_notices(provider)
    if texts:
        target.post_message(Notices(profile, texts, source))
