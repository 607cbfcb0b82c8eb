"""The one read policy of the whole app: how long to wait after a failure, and when to give up.

* The SDKs never retry underneath (``max_retries=0``, botocore ``total_max_attempts=1``):
  every retry is decided here, so there is exactly one policy.
* One-shot reads (``ftui metrics``, ``jobs show``, ``jobs list``, the TUI's first loads) run
  inside ``with reads(ONE_SHOT):``: each idempotent call is retried after a 429, a 5xx or a
  dropped connection, honouring Retry-After, within a time budget (:data:`READ_BUDGET`).
* Pollers (the follower, ``watch``, the TUI's job screen) make single attempts and wait
  :func:`retry_delay` between polls: the same backoff, shown as a countdown.
* Creation is never retried here (``ftui.launch.submit`` reconciles before any retry), and
  every wait is capped at :data:`MAX_WAIT`: a ``Retry-After: 3600`` never means an hour.

A call that ran out of its total deadline (:class:`DeadlineExceededError`) is not retried:
it already spent its time, and a server that trickles will trickle again. Neither is a
connection that could not be made at all (:class:`UnreachableError`): the user hears at once.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TypeVar

from ftui.providers.errors import BadResponseError, ProviderError, RateLimitError, UnavailableError

__all__ = [
    "BASE_DELAY",
    "FOLLOW",
    "MAX_WAIT",
    "ONE_SHOT",
    "READ_BUDGET",
    "BadResponseError",
    "DeadlineExceededError",
    "ReadPolicy",
    "UnreachableError",
    "current",
    "is_transient",
    "parse_retry_after",
    "read",
    "reads",
    "retry_delay",
    "try_again_in",
]

T = TypeVar("T")

MAX_WAIT = 60.0
"""The longest ftui ever waits before trying again, whatever Retry-After says (seconds)."""
READ_BUDGET = 30.0
"""How long a one-shot read may spend retrying one call in all (seconds)."""
BASE_DELAY = 0.25
"""The first backoff of a one-shot read; doubled after each failure in a row."""


class DeadlineExceededError(UnavailableError):
    """A call did not finish within its total deadline (a silent or trickling server)."""

    default_title = "Timed out"


class UnreachableError(UnavailableError):
    """No connection could be made at all (refused, unknown host): a wrong URL more often than a blip."""


def is_transient(error: ProviderError) -> bool:
    """Whether trying the same idempotent call again may succeed (429, 5xx, dropped connection).

    A call that ran out of its deadline, could not connect at all, or got an unreadable answer
    is reported at once.
    """
    return isinstance(error, (RateLimitError, UnavailableError)) and not isinstance(
        error, (DeadlineExceededError, UnreachableError, BadResponseError)
    )


def retry_delay(error: ProviderError, failures: int, base: float = BASE_DELAY, cap: float = MAX_WAIT) -> float:
    """Seconds to wait after the ``failures``-th failure in a row.

    The server's Retry-After when it gave one, else ``base`` doubled per failure; never more
    than ``cap`` (at least ``base`` when ``base`` exceeds it: a poll interval is kept).
    """
    limit = max(cap, base)
    if isinstance(error, RateLimitError) and error.retry_after is not None and error.retry_after > 0:
        return min(float(error.retry_after), limit)
    return min(base * 2 ** max(0, failures - 1), limit)


def parse_retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds from ``retry-after-ms`` / ``Retry-After`` (a number or an HTTP date); None when absent or odd."""
    try:
        if headers.get("retry-after-ms"):
            value = float(headers["retry-after-ms"]) / 1000
        elif headers.get("retry-after"):
            text = headers["retry-after"].strip()
            try:
                value = float(text)
            except ValueError:
                value = (parsedate_to_datetime(text) - datetime.now(UTC)).total_seconds()
        else:
            return None
    except (ValueError, TypeError, OverflowError):
        return None
    return value if math.isfinite(value) and value >= 0 else None


def try_again_in(error: ProviderError) -> str:
    """``"try again in N s"`` for a rate limit with Retry-After, else ``"try again later"``."""
    after = getattr(error, "retry_after", None)
    if isinstance(after, (int, float)) and after > 0 and math.isfinite(after):
        return f"try again in {math.ceil(after)} s"
    return "try again later"


@dataclass(frozen=True, slots=True)
class ReadPolicy:
    """How one idempotent call is retried.

    Args:
        budget: Seconds the call may spend waiting and retrying in all; 0 means one attempt.
        base: First backoff in seconds, doubled per failure in a row.
        cap: Longest single wait.
    """

    budget: float = READ_BUDGET
    base: float = BASE_DELAY
    cap: float = MAX_WAIT

    def run(
        self,
        call: Callable[[], T],
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> T:
        """``call()``, retried after transient errors while the budget lasts; then the last error.

        A 429 whose Retry-After goes beyond the budget is raised at once (its message says
        when to try again): waiting it out would break the budget anyway.
        """
        start = clock()
        failures = 0
        while True:
            try:
                return call()
            except ProviderError as error:
                if self.budget <= 0 or not is_transient(error):
                    raise
                failures += 1
                wait = retry_delay(error, failures, self.base, self.cap)
                after = getattr(error, "retry_after", None) or 0.0
                if after > self.cap or clock() - start + wait > self.budget:
                    raise
                sleep(wait)


ONE_SHOT = ReadPolicy()
"""Reads a person waits for once: retried within :data:`READ_BUDGET`."""
FOLLOW = ReadPolicy(budget=0.0)
"""Single attempts: pollers back off between polls with :func:`retry_delay` and show it."""

_current: ContextVar[ReadPolicy] = ContextVar("ftui_read_policy", default=FOLLOW)


def current() -> ReadPolicy:
    """The policy of reads made in this thread/context now (:data:`FOLLOW` unless set)."""
    return _current.get()


@contextmanager
def reads(policy: ReadPolicy) -> Iterator[ReadPolicy]:
    """Make provider reads inside the block follow ``policy`` (per thread: set it in the worker)."""
    token = _current.set(policy)
    try:
        yield policy
    finally:
        _current.reset(token)


def read(call: Callable[[], T]) -> T:
    """Run one idempotent provider call under the current policy (providers call this per request)."""
    return _current.get().run(call)
