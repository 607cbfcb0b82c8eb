"""Ask both models about every example in a bounded pool of worker threads.

* ``plan.workers`` daemon threads take (example, side) requests from a queue: at most that many
  requests are in flight, and an abandoned one never keeps the process alive.
* Each request streams: the answer's text grows as pieces arrive and ``on_update(position, side)``
  is called on each piece and when the side ends (from a worker thread: a UI posts it on).
* One failed request marks that side of that example failed (with the provider's message); the run
  goes on. Retries and rate limits follow :data:`ftui.providers.retry.ONE_SHOT` (Retry-After honoured);
  a stream that broke off after text arrived is asked again once from the start (:data:`STREAM_RETRIES`).
* :meth:`EvalRun.cancel` sends nothing new and marks every unfinished side cancelled at once; an
  in-flight stream is cut at its next piece and its late answer is ignored.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ftui.evaluate.plan import EvalExample, EvalPlan
from ftui.evaluate.scores import score
from ftui.providers import retry
from ftui.providers.errors import ProviderError

if TYPE_CHECKING:
    from ftui.evaluate.summary import EvalSummary
    from ftui.providers.base import Provider

SIDES = ("a", "b")
"""``a`` is the plan's model (the fine-tuned one), ``b`` the one it is compared with."""
STREAM_RETRIES = 1
"""Times a side whose stream broke off after text arrived is asked again from the start (its text is cleared)."""
CANCELLED = "cancelled"
"""The error text of a side that was never answered because the run was cancelled."""


@dataclass
class SideResult:
    """One model's answer to one example, as it stands."""

    text: str = ""
    """The answer so far (the whole answer once ``done`` without ``error``)."""
    done: bool = False
    """Whether this side has ended (answered, failed or cancelled)."""
    error: str | None = None
    """Why it failed (:data:`CANCELLED` when the run was cancelled first); None when answered."""
    input_tokens: int | None = None
    """Prompt tokens the server counted."""
    output_tokens: int | None = None
    """Answer tokens the server counted."""
    seconds: float | None = None
    """Seconds from sending the request to the end of the answer."""
    first_token: float | None = None
    """Seconds from sending the request to the first piece of text."""
    finish_reason: str | None = None
    """``stop``, ``length`` … as the server said."""

    @property
    def answered(self) -> bool:
        """Whether the model answered (done, no error)."""
        return self.done and self.error is None


@dataclass
class ExampleResult:
    """Both answers to one example, their scores and the user's verdict."""

    example: EvalExample
    """The example asked about."""
    a: SideResult = field(default_factory=SideResult)
    """The plan's model's answer."""
    b: SideResult = field(default_factory=SideResult)
    """The compared model's answer."""
    scores: dict[str, dict[str, float | bool | None]] = field(default_factory=dict)
    """Per answered side: ``{"exact": …, "f1": …, "json": …}`` (see :mod:`ftui.evaluate.scores`)."""
    verdict: str | None = None
    """``better`` | ``same`` | ``worse`` (A compared to B), set by the user."""

    def side(self, name: str) -> SideResult:
        """The side ``"a"`` or ``"b"``."""
        return self.a if name == "a" else self.b


class _Cancelled(Exception):
    """Raised from inside a stream to cut it when the run is cancelled."""


class EvalRun:
    """One evaluation: every example asked of both models, in a bounded pool.

    Args:
        provider: The profile's provider (its :meth:`~ftui.providers.base.Provider.chat` is called).
        plan: Models, sizes and the pool size.
        examples: What to ask (from :func:`ftui.evaluate.plan.sample_examples`).
        on_update: Called with (example position, ``"a"``|``"b"``) on each piece and each end.
    """

    def __init__(
        self,
        provider: Provider,
        plan: EvalPlan,
        examples: list[EvalExample],
        on_update: Callable[[int, str], None] | None = None,
    ) -> None:
        self.provider, self.plan, self.on_update = provider, plan, on_update
        self.results: list[ExampleResult] = [ExampleResult(example) for example in examples]
        """One result per example, in the examples' order; filled in as answers arrive."""
        self.requests = 0
        """Chat calls made so far (the provider may retry inside one)."""
        self.started_at: float | None = None
        """``time.monotonic()`` at :meth:`start`."""
        self.first_token_at: float | None = None
        """Seconds from :meth:`start` to the first piece of any answer."""
        self.first_answer_at: float | None = None
        """Seconds from :meth:`start` to the first complete answer."""
        self.finished_at: float | None = None
        """Seconds from :meth:`start` until every side had ended."""
        self.listener_errors = 0
        """Times ``on_update`` raised (the run went on)."""
        self._lock = threading.Lock()
        self._cancel = threading.Event()
        self._done = threading.Event()
        self._left = 2 * len(self.results)
        self._queue: queue.Queue[tuple[int, str] | None] = queue.Queue()
        if not self.results:
            self._done.set()

    @property
    def cancelled(self) -> bool:
        """Whether :meth:`cancel` was called."""
        return self._cancel.is_set()

    @property
    def finished(self) -> bool:
        """Whether every side has ended."""
        return self._done.is_set()

    def start(self) -> None:
        """Start the pool and return at once (call once)."""
        if self.started_at is not None:
            raise RuntimeError("this evaluation has already started")
        self.started_at = time.monotonic()
        for position in range(len(self.results)):
            for side in SIDES:
                self._queue.put((position, side))
        workers = max(1, min(self.plan.workers, 2 * len(self.results)))
        for number in range(workers):
            self._queue.put(None)
            threading.Thread(target=self._work, name=f"ftui-eval-{number}", daemon=True).start()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until every side has ended (or ``timeout`` seconds); True when finished."""
        return self._done.wait(timeout)

    def cancel(self) -> None:
        """Send no new request, cut streams in flight, and mark every unfinished side cancelled now."""
        self._cancel.set()
        for position in range(len(self.results)):
            for name in SIDES:
                self._finish(position, name, error=CANCELLED)

    def summary(self) -> EvalSummary:
        """Counts, mean scores per side and the win rate, as things stand."""
        from ftui.evaluate.summary import summarize

        return summarize(self.results)

    # -- workers ----------------------------------------------------------------
    def _work(self) -> None:
        with retry.reads(retry.ONE_SHOT):
            while True:
                task = self._queue.get()
                if task is None:
                    return
                if self._cancel.is_set():
                    continue
                try:
                    self._ask(*task)
                except Exception as error:  # noqa: BLE001 - a worker never dies quietly: the side is marked
                    self._finish(*task, error=f"{type(error).__name__}: {error}")

    def _ask(self, position: int, name: str) -> None:
        example = self.results[position].example
        side = self.results[position].side(name)
        model = self.plan.model if name == "a" else self.plan.base
        sent = time.monotonic()

        def on_delta(piece: str) -> None:
            if self._cancel.is_set() or side.done:
                raise _Cancelled()
            with self._lock:
                if side.first_token is None:
                    side.first_token = time.monotonic() - sent
                    if self.first_token_at is None and self.started_at is not None:
                        self.first_token_at = time.monotonic() - self.started_at
                side.text += piece
            self._notify(position, name)

        for attempt in range(1 + STREAM_RETRIES):
            with self._lock:
                self.requests += 1
            try:
                answer = self.provider.chat(
                    model,
                    [dict(m) for m in example.prompt],
                    max_tokens=self.plan.max_tokens,
                    temperature=0.0,
                    seed=self.plan.seed,
                    on_delta=on_delta,
                )
            except _Cancelled:
                self._finish(position, name, error=CANCELLED)
                return
            except ProviderError as error:
                broke_off = side.first_token is not None  # text had arrived: the provider does not ask again
                if broke_off and attempt < STREAM_RETRIES and not self._cancel.is_set():
                    with self._lock:
                        side.text, side.first_token = "", None  # start this side over
                    self._notify(position, name)
                    sent = time.monotonic()
                    continue
                self._finish(position, name, error=error.message or str(error))
                return
            self._finish(
                position,
                name,
                text=answer.text,
                seconds=time.monotonic() - sent,
                input_tokens=answer.input_tokens,
                output_tokens=answer.output_tokens,
                finish_reason=answer.finish_reason,
            )
            return

    def _finish(
        self,
        position: int,
        name: str,
        *,
        error: str | None = None,
        text: str | None = None,
        seconds: float | None = None,
        input_tokens: int | None = None,
        output_tokens: int | None = None,
        finish_reason: str | None = None,
    ) -> None:
        result = self.results[position]
        side = result.side(name)
        with self._lock:
            if side.done:
                return  # already cancelled: a late answer is ignored
            side.done, side.error, side.seconds = True, error, seconds
            if error is None:
                side.text = text if text is not None else side.text
                side.input_tokens, side.output_tokens, side.finish_reason = input_tokens, output_tokens, finish_reason
                result.scores[name] = score(side.text, result.example.reference)
                if self.first_answer_at is None and self.started_at is not None:
                    self.first_answer_at = time.monotonic() - self.started_at
            self._left -= 1
            last = self._left == 0
            if last and self.started_at is not None:
                self.finished_at = time.monotonic() - self.started_at
        self._notify(position, name)
        if last:
            self._done.set()

    def _notify(self, position: int, name: str) -> None:
        if self.on_update is not None:
            try:
                self.on_update(position, name)
            except Exception:  # noqa: BLE001 - a broken listener must not fail the request
                self.listener_errors += 1
