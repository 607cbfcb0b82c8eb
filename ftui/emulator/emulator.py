"""The public :class:`Emulator`: an in-process OpenAI-compatible
fine-tuning server."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any

from ftui.emulator.chaos import FLAKY_RATE, Chaos
from ftui.emulator.clock import Clock, SystemClock
from ftui.emulator.ratelimit import RateLimiter
from ftui.emulator.server import EmulatorHTTPServer, Faults
from ftui.emulator.store import Store

__all__ = ["Emulator"]


class Emulator:
    """A local server speaking the OpenAI files / fine-tuning / models API.

    Args:
        host: Interface to bind.
        port: TCP port; 0 picks a free one.
        speed: Divides every simulated duration (200 = a 30-step job in ~1 s).
        seed: Seed for ids, curves and the fail-rate RNG.
        fail_rate: Probability per request of a random 429/500/dropped connection.
        require_key: If set, requests must carry ``Authorization: Bearer <key>``.
        refuse_create: Reject job creation with OpenAI's wind-down 403.
        clock: Time source; :class:`SystemClock` by default.
        result_base64: Serve result CSVs base64-encoded, like the real API.
        chaos: Hostile scenarios to turn on (see :mod:`ftui.emulator.chaos`); ``flaky``
            without a ``fail_rate`` means 20% faults.
        trickle_delay: Seconds between body bytes under the ``trickle`` scenario.
        chat_rate: ``(requests, seconds)``: chat completions beyond this many per window get
            OpenAI's 429 with ``Retry-After``; None = unlimited.
        chat_delay: Seconds between the events of a streamed answer (0 = as fast as possible).
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        speed: float = 1.0,
        seed: int = 0,
        fail_rate: float = 0.0,
        require_key: str | None = None,
        refuse_create: bool = False,
        clock: Clock | None = None,
        result_base64: bool = True,
        chaos: Iterable[str] | str = (),
        trickle_delay: float = 2.0,
        chat_rate: tuple[int, float] | None = None,
        chat_delay: float = 0.0,
    ) -> None:
        self.clock: Clock = clock or SystemClock()
        self.store = Store(self.clock, seed=seed, speed=speed, result_base64=result_base64)
        self.chaos = Chaos(chaos.split(",") if isinstance(chaos, str) else chaos, trickle_delay=trickle_delay)
        """The hostile scenarios (switch them with ``chaos.set(...)``), request counts and request log."""
        if self.chaos.on("flaky") and not fail_rate:
            fail_rate = FLAKY_RATE
        self.faults = Faults(seed, fail_rate)
        self._server = EmulatorHTTPServer(
            (host, port),
            self.store,
            self.faults,
            require_key=require_key,
            refuse_create=refuse_create,
            chaos=self.chaos,
            chat_limiter=RateLimiter(*chat_rate) if chat_rate else None,
            chat_delay=chat_delay,
        )
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        """The bound TCP port."""
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        """The SDK ``base_url``, e.g. ``http://127.0.0.1:8765/v1``."""
        host = self._server.server_address[0]
        host = host.decode() if isinstance(host, bytes) else host
        return f"http://{host}:{self.port}/v1"

    @property
    def on_response(self) -> Callable[[str, str, int, Any], None] | None:
        """Hook called as ``(method, path_template, status, json_or_None)`` after each response."""
        return self._server.on_response

    @on_response.setter
    def on_response(self, callback: Callable[[str, str, int, Any], None] | None) -> None:
        self._server.on_response = callback

    def start(self) -> Emulator:
        """Serve in a daemon thread and return ``self``."""
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._server.serve_forever,
                kwargs={"poll_interval": 0.05},
                name=f"ftui-emulator-{self.port}",
                daemon=True,
            )
            self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve in the calling thread until :meth:`stop` or KeyboardInterrupt."""
        try:
            self._server.serve_forever(poll_interval=0.2)
        finally:
            self._server.server_close()

    def stop(self) -> None:
        """Stop serving and close the socket (trickling responses end too)."""
        self.chaos.stopped.set()
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._server.server_close()

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def inject(self, kind: str, count: int = 1) -> None:
        """Make the next ``count`` requests fail: ``"429"``, ``"500"``, ``"drop"`` or ``"403"``."""
        self.faults.inject(kind, count)

    def seed_demo(self) -> dict[str, str]:
        """Create demo files and back-dated jobs; return ``{role: job id}``."""
        from ftui.emulator.chat import warm_up
        from ftui.emulator.demo import seed_demo

        warm_up()  # the demo will be asked for answers: load the tokenizer now, not on the first one
        return seed_demo(self.store)
