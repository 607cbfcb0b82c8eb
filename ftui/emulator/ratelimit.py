"""A requests-per-window limit on chat completions, answered like OpenAI does: 429
``rate_limit_exceeded`` with ``Retry-After``/``retry-after-ms`` and the ``x-ratelimit-*``
headers on every answer. Real (monotonic) time, since clients wait in real time."""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable

from ftui.emulator.errors import ApiError

__all__ = ["GENEROUS_HEADERS", "RateLimiter"]

GENEROUS_HEADERS = {
    "x-ratelimit-limit-requests": "10000",
    "x-ratelimit-remaining-requests": "9999",
    "x-ratelimit-reset-requests": "6ms",
    "x-ratelimit-limit-tokens": "10000000",
    "x-ratelimit-remaining-tokens": "9999000",
    "x-ratelimit-reset-tokens": "6ms",
}
"""The headers of an unlimited emulator (the real API's names, generous values)."""


def _duration(seconds: float) -> str:
    """A Go-style duration as the real headers carry it: ``6ms``, ``1.5s``, ``1m0s``."""
    if seconds < 1:
        return f"{max(1, math.ceil(seconds * 1000))}ms"
    if seconds < 60:
        return f"{seconds:.3g}s"
    return f"{int(seconds // 60)}m{int(seconds % 60)}s"


class RateLimiter:
    """At most ``limit`` requests in any ``window`` seconds.

    Args:
        limit: Requests allowed per window.
        window: Window length in seconds (60 for requests per minute).
        now: Time source (monotonic seconds).
    """

    def __init__(self, limit: int, window: float = 60.0, now: Callable[[], float] = time.monotonic) -> None:
        if limit < 1 or window <= 0:
            raise ValueError("a rate limit needs limit >= 1 and a positive window")
        self.limit, self.window, self._now = limit, window, now
        self._times: deque[float] = deque()
        self._lock = threading.Lock()

    def admit(self, model: str) -> dict[str, str]:
        """Count one request for ``model``; return the headers to send, or raise the 429."""
        with self._lock:
            now = self._now()
            while self._times and self._times[0] <= now - self.window:
                self._times.popleft()
            if len(self._times) >= self.limit:
                wait = self._times[0] + self.window - now
                headers = {
                    **self._headers(0, wait),
                    "Retry-After": str(max(1, math.ceil(wait))),
                    "retry-after-ms": str(max(1, math.ceil(wait * 1000))),
                }
                per = "min (RPM)" if self.window == 60 else f"{self.window:g}s"
                raise ApiError(
                    429,
                    f"Rate limit reached for {model} in organization org-emulator on requests per "
                    f"{per}: Limit {self.limit}, Used {len(self._times)}, Requested 1. Please try "
                    f"again in {_duration(wait)}. Visit https://platform.openai.com/account/rate-limits "
                    "to learn more.",
                    type="requests",
                    code="rate_limit_exceeded",
                    headers=headers,
                )
            self._times.append(now)
            reset = self._times[0] + self.window - now
            return self._headers(self.limit - len(self._times), reset)

    def _headers(self, remaining: int, reset: float) -> dict[str, str]:
        return {
            **GENEROUS_HEADERS,
            "x-ratelimit-limit-requests": str(self.limit),
            "x-ratelimit-remaining-requests": str(remaining),
            "x-ratelimit-reset-requests": _duration(reset),
        }
