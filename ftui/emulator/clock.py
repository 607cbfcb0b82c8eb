"""Clocks for the emulator: the wall clock and a hand-driven one for tests."""

from __future__ import annotations

import threading
import time

__all__ = ["Clock", "ManualClock", "SystemClock"]


class Clock:
    """Interface of an emulator clock: ``now()`` returns unix seconds as a float."""

    def now(self) -> float:
        """Return the current time in unix seconds."""
        raise NotImplementedError


class SystemClock(Clock):
    """The real wall clock (``time.time()``); the emulator's default."""

    def now(self) -> float:
        """Return ``time.time()``."""
        return time.time()


class ManualClock(Clock):
    """A clock that only moves when told to, for deterministic tests.

    Args:
        start: The initial time in unix seconds.
    """

    def __init__(self, start: float = 1_767_225_600.0) -> None:
        self._now = float(start)
        self._lock = threading.Lock()

    def now(self) -> float:
        """Return the current manual time."""
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> float:
        """Move the clock forward by ``seconds`` and return the new time."""
        if seconds < 0:
            raise ValueError("a ManualClock cannot go backwards")
        with self._lock:
            self._now += seconds
            return self._now

    def set(self, when: float) -> None:
        """Jump to an absolute time (must not be earlier than now)."""
        with self._lock:
            if when < self._now:
                raise ValueError("a ManualClock cannot go backwards")
            self._now = float(when)
