"""Hostile modes of the emulator: ``ftui emulator --chaos SCENARIO[,SCENARIO]``.

Each scenario makes the server misbehave the way real servers and links do, so that
tests (and people) can check that ftui ends in bounded time and requests, says what
happened and never shows a traceback. Transport scenarios live here; payload mutations
(nulls, wrong types, NaN, huge fields …) come from :mod:`ftui.emulator.chaos_payloads`
and are applied to every JSON response body while active.

:class:`Chaos` also counts every request by route and keeps a log of the requests it
saw (method, path, query, content type, body), for the tests' request-count bounds and
for checking requests against OpenAI's spec.
"""

from __future__ import annotations

import itertools
import threading
from collections import Counter, deque
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ftui.emulator import chaos_payloads

__all__ = ["LIST_ROUTES", "SCENARIOS", "Chaos", "RecordedRequest", "all_scenarios", "parse_scenarios"]

SCENARIOS: dict[str, str] = {
    "endless-pages": "every list (jobs, events, checkpoints, files) answers has_more: true, repeating its page",
    "endless-fresh": "every list answers has_more: true with fresh ids and cursors on every page",
    "trickle": "response bodies arrive one byte at a time (--trickle-delay seconds apart)",
    "retry-after-huge": "every request is answered 429 with Retry-After: 3600",
    "bad-json": "every JSON body is cut off half-way (200, application/json)",
    "lost-create": "job creation succeeds on the server, then the connection drops before the response",
    "lost-stream": "streamed chat completions stop half-way: the connection closes without data: [DONE]",
    "flaky": "a random 429, 500 or dropped connection on a share of requests (--fail-rate, default 0.2)",
}
"""Transport scenarios: name -> what the server does."""

LIST_ROUTES = frozenset(
    {
        ("GET", "/files"),
        ("GET", "/fine_tuning/jobs"),
        ("GET", "/fine_tuning/jobs/{fine_tuning_job_id}/events"),
        ("GET", "/fine_tuning/jobs/{fine_tuning_job_id}/checkpoints"),
    }
)
"""The cursor-paged list endpoints (method, path template)."""

FLAKY_RATE = 0.2
"""The fault rate of ``flaky`` when no ``--fail-rate`` is given."""


def all_scenarios() -> dict[str, str]:
    """Every scenario, transport and payload, with its description."""
    return {**SCENARIOS, **chaos_payloads.SCENARIOS}


def parse_scenarios(text: str | Iterable[str]) -> tuple[str, ...]:
    """``"a,b"`` (or names) → a tuple of known scenario names; ValueError naming an unknown one."""
    names = [n.strip() for n in (text.split(",") if isinstance(text, str) else text) if n.strip()]
    known = all_scenarios()
    unknown = [n for n in names if n not in known]
    if unknown:
        raise ValueError(f"unknown chaos scenario {', '.join(unknown)}; known: {', '.join(known)}")
    return tuple(dict.fromkeys(names))


@dataclass(frozen=True, slots=True)
class RecordedRequest:
    """One request as the emulator received it."""

    method: str
    path: str
    """URL path as sent, e.g. ``/v1/fine_tuning/jobs``."""
    template: str
    """The route's path template relative to ``/v1`` (the path when no route matched)."""
    query: dict[str, list[str]]
    content_type: str
    body: bytes


class Chaos:
    """The active hostile scenarios of one emulator, its request counts and its request log.

    Args:
        scenarios: Scenario names (see :func:`all_scenarios`).
        trickle_delay: Seconds between body bytes under ``trickle``.
        record: Keep the last 10 000 requests in :attr:`log`.
    """

    def __init__(self, scenarios: Iterable[str] = (), trickle_delay: float = 2.0, record: bool = True) -> None:
        self.trickle_delay = trickle_delay
        self._lock = threading.Lock()
        self._active: tuple[str, ...] = parse_scenarios(scenarios)
        self.counts: Counter[tuple[str, str]] = Counter()
        """Requests received, by (method, path template)."""
        self.log: deque[RecordedRequest] = deque(maxlen=10_000 if record else 0)
        """The requests received, oldest first."""
        self._fresh = itertools.count(1)
        self.stopped = threading.Event()
        """Set when the emulator stops: trickling responses end."""

    # -- control -------------------------------------------------------------
    @property
    def active(self) -> tuple[str, ...]:
        """The scenarios on now."""
        return self._active

    def set(self, *scenarios: str) -> None:
        """Turn on exactly these scenarios (none: behave)."""
        self._active = parse_scenarios(scenarios)

    def clear(self) -> None:
        """Behave again."""
        self._active = ()

    def on(self, name: str) -> bool:
        """Whether scenario ``name`` is active."""
        return name in self._active

    @property
    def total(self) -> int:
        """Requests received so far."""
        with self._lock:
            return sum(self.counts.values())

    def reset_counts(self) -> None:
        """Forget the counts and the log."""
        with self._lock:
            self.counts.clear()
            self.log.clear()

    # -- hooks the HTTP layer calls -------------------------------------------
    def record(
        self, method: str, path: str, template: str, query: dict[str, list[str]], content_type: str, body: bytes
    ) -> None:
        """Count (and log) one request."""
        with self._lock:
            self.counts[(method, template)] += 1
            self.log.append(
                RecordedRequest(method, path, template, {k: list(v) for k, v in query.items()}, content_type, body)
            )

    def rate_limited(self) -> bool:
        """Whether this request is refused with a 429 and Retry-After: 3600."""
        return self.on("retry-after-huge")

    def query(self, method: str, template: str, query: dict[str, list[str]]) -> dict[str, list[str]]:
        """The query the handler sees: endless lists ignore the cursor (every page is 'the next')."""
        if (method, template) in LIST_ROUTES and (self.on("endless-pages") or self.on("endless-fresh")):
            return {k: v for k, v in query.items() if k != "after"}
        return query

    def payload(self, method: str, path: str, template: str, payload: Any) -> Any:
        """The JSON body after the active scenarios have had their way with it."""
        if (method, template) in LIST_ROUTES and isinstance(payload, dict) and isinstance(payload.get("data"), list):
            if self.on("endless-fresh"):
                batch = next(self._fresh)
                data = [
                    dict(item, id=f"{item.get('id')}x{batch}") if isinstance(item, dict) else item
                    for item in payload["data"]
                ]
                payload = dict(payload, data=data, has_more=True)
                if data and "last_id" in payload:
                    payload.update(first_id=data[0].get("id"), last_id=data[-1].get("id"))
            elif self.on("endless-pages"):
                payload = dict(payload, has_more=True)
        for name in self._active:
            if name in chaos_payloads.SCENARIOS:
                payload = chaos_payloads.mutate(name, method, path, payload)
        return payload

    def lose_response(self, method: str, template: str) -> bool:
        """Whether to drop the connection instead of answering (after the handler ran)."""
        return self.on("lost-create") and method == "POST" and template == "/fine_tuning/jobs"

    def cuts_streams(self) -> bool:
        """Whether streamed answers are cut off half-way (``lost-stream``)."""
        return self.on("lost-stream")

    def body(self, data: bytes, is_json: bool) -> bytes:
        """The bytes sent: cut half-way under ``bad-json``."""
        if is_json and self.on("bad-json"):
            return data[: max(1, len(data) // 2)]
        return data

    def trickling(self) -> bool:
        """Whether bodies go out one byte at a time."""
        return self.on("trickle")

    def write_slowly(self, write: Any, data: bytes) -> None:
        """Write ``data`` one byte per :attr:`trickle_delay` seconds (stops when the peer or emulator goes)."""
        for i in range(len(data)):
            if self.stopped.wait(self.trickle_delay if i else 0.0):
                return
            write(data[i : i + 1])
