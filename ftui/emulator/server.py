"""The HTTP layer: routing, bearer-key check, fault injection and the
``on_response`` hook, on top of ``http.server.ThreadingHTTPServer``."""

from __future__ import annotations

import json
import logging
import random
import socket
import sys
import threading
from collections import deque
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from ftui.emulator.api import Request, match_route
from ftui.emulator.chaos import Chaos
from ftui.emulator.chaos_payloads import Reply
from ftui.emulator.chat import Stream
from ftui.emulator.errors import ApiError
from ftui.emulator.ratelimit import GENEROUS_HEADERS, RateLimiter
from ftui.emulator.store import Store

__all__ = ["FAULT_KINDS", "EmulatorHTTPServer", "Faults", "mask_key"]

log = logging.getLogger(__name__)

FAULT_KINDS = ("429", "500", "drop", "403", "cut")
"""Faults :meth:`Faults.inject` understands (``cut``: a streamed answer stops half-way, a plain one is lost)."""

ResponseHook = Callable[[str, str, int, Any], None]


def mask_key(key: str) -> str:
    """Return a key as OpenAI shows it in 401 messages, never the whole key."""
    if len(key) > 12:
        return key[:5] + "*" * (len(key) - 9) + key[-4:]
    return key[:2] + "*" * max(3, len(key) - 2)


class Faults:
    """Queued and random faults, drawn deterministically from a seed.

    Args:
        seed: Seed of the fail-rate RNG.
        fail_rate: Probability per request of a random 429/500/drop.
    """

    def __init__(self, seed: int, fail_rate: float) -> None:
        if not 0.0 <= fail_rate <= 1.0:
            raise ValueError("fail_rate must be between 0 and 1")
        self.fail_rate = fail_rate
        self._rng = random.Random(f"ftui-emulator-faults:{seed}")
        self._queue: deque[str] = deque()
        self._lock = threading.Lock()

    def inject(self, kind: str, count: int = 1) -> None:
        """Make the next ``count`` requests fail with ``kind``."""
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault {kind!r}; expected one of {FAULT_KINDS}")
        with self._lock:
            self._queue.extend([kind] * count)

    def draw(self, streaming: bool = False) -> str | None:
        """Return the fault for this request, or None (a streamed request may also be ``cut``)."""
        with self._lock:
            if self._queue:
                return self._queue.popleft()
            if self.fail_rate and self._rng.random() < self.fail_rate:
                return self._rng.choice(("429", "500", "drop", "cut") if streaming else ("429", "500", "drop"))
            return None


def fault_error(kind: str) -> ApiError:
    """Return the error response for an injected HTTP fault."""
    if kind == "429":
        return ApiError(
            429,
            "Rate limit reached for requests. Please try again in 1s.",
            type="requests",
            code="rate_limit_exceeded",
            headers={"Retry-After": "1", "retry-after-ms": "1000"},
        )
    if kind == "403":
        return ApiError(
            403, "You are not allowed to perform this action.", type="invalid_request_error", code="forbidden"
        )
    return ApiError(
        500, "The server had an error while processing your request. Sorry about that!", type="server_error", code=None
    )


class _Handler(BaseHTTPRequestHandler):
    server: EmulatorHTTPServer
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in separate writes; without NODELAY, Nagle plus
        # delayed ACKs add ~40 ms to every keep-alive response.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        log.debug("%s " + format, self.address_string(), *args)

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_DELETE(self) -> None:
        self._dispatch("DELETE")

    def _dispatch(self, method: str) -> None:
        srv = self.server
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        url = urlsplit(self.path)
        path = url.path.rstrip("/") or "/"
        template = path
        chaos = srv.chaos
        extra: dict[str, str] = {}
        query = parse_qs(url.query, keep_blank_values=True)
        try:
            if not (path == "/v1" or path.startswith("/v1/")):
                raise ApiError(404, f"Invalid URL ({method} {path})")
            rel = path[3:] or "/"
            missing: ApiError | None = None
            try:
                template, handler, params = match_route(method, rel)
            except ApiError as err:
                missing, template = err, rel
            chaos.record(method, path, template, query, self.headers.get("Content-Type", ""), body)
            # A flaky link or a throttling proxy does not care whether the URL exists.
            chat = _chat_body(body) if template == "/chat/completions" else None
            fault = srv.faults.draw(streaming=chat is not None and chat.get("stream") is True)
            if fault == "drop":
                self.close_connection = True
                return
            if fault and fault != "cut":
                raise fault_error(fault)
            if chaos.rate_limited():
                raise ApiError(
                    429,
                    "Rate limit reached for requests. Please try again in 1 hour.",
                    type="requests",
                    code="rate_limit_exceeded",
                    headers={"Retry-After": "3600"},
                )
            if missing is not None:
                raise missing
            srv.check_auth(self.headers.get("Authorization"), method, template)
            if chat is not None:
                limiter = srv.chat_limiter
                extra = limiter.admit(str(chat.get("model"))) if limiter is not None else dict(GENEROUS_HEADERS)
            req = Request(params, chaos.query(method, template, query), body, self.headers.get("Content-Type", ""))
            status, payload = handler(srv.store, req)
            if isinstance(payload, Stream):
                payload.cut = fault == "cut" or chaos.cuts_streams()
                payload.delay = srv.chat_delay
            elif fault == "cut" or chaos.lose_response(method, template):
                self.close_connection = True  # the job exists; its creator never hears of it
                return
            payload = chaos.payload(method, path, template, payload)  # file bytes too (bad-result-file)
            if isinstance(payload, Reply):  # a scenario replaced the whole answer
                status = payload.status
        except ApiError as err:
            self._send(method, template, err.status, err.body(), err.headers)
            return
        except Exception as exc:  # pragma: no cover - a bug in the emulator
            log.exception("emulator handler crashed")
            crash = ApiError(500, f"Emulator error: {exc}", type="server_error")
            self._send(method, template, 500, crash.body(), {})
            return
        self._send(method, template, status, payload, extra)

    def _send(self, method: str, template: str, status: int, payload: Any, headers: dict[str, str]) -> None:
        chaos = self.server.chaos
        if isinstance(payload, Stream):
            self._stream(method, template, payload, headers)
            return
        if isinstance(payload, Reply):
            data, ctype, hooked = payload.body, payload.content_type, None
        elif isinstance(payload, bytes):
            data, ctype, hooked = payload, "application/octet-stream", None
        else:
            data, ctype, hooked = json.dumps(payload).encode(), "application/json", payload
            data = chaos.body(data, is_json=True)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("x-request-id", f"req_emulator_{threading.get_ident() % 100000:05d}")
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if chaos.trickling():
            self.wfile.flush()
            try:
                chaos.write_slowly(self.wfile.write, data)
            except OSError:  # the client gave up (as it should)
                self.close_connection = True
                return
        else:
            self.wfile.write(data)
        hook = self.server.on_response
        if hook is not None:
            try:
                hook(method, template, status, hooked)
            except Exception:  # pragma: no cover - user callback
                log.exception("on_response callback failed")

    def _stream(self, method: str, template: str, stream: Stream, headers: dict[str, str]) -> None:
        """Send ``stream`` as chunked ``text/event-stream``; chaos may trickle it, cut it or break its JSON."""
        chaos = self.server.chaos
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("x-request-id", f"req_emulator_{threading.get_ident() % 100000:05d}")
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        events = stream.events
        half = len(events) // 2
        if stream.cut:  # half the events, then half an event, then the connection drops
            events = [*events[:half], events[half][: len(events[half]) // 2]]
        elif chaos.on("bad-json"):  # a well-framed stream whose middle event is broken JSON, no [DONE]
            events = [*events[:half], events[half][: len(events[half]) // 2] + b"\n\n"]
        try:
            for n, data in enumerate(events):
                if n and stream.delay and chaos.stopped.wait(stream.delay):
                    stream.cut = True  # the emulator is stopping
                    break
                if chaos.trickling():
                    self.wfile.write(b"%x\r\n" % len(data))
                    chaos.write_slowly(self.wfile.write, data)
                    self.wfile.write(b"\r\n")
                else:  # one write per event (no waiting on delayed ACKs); [DONE] goes with the body's end,
                    # so a client that stops reading at [DONE] leaves nothing unread (no reset on close)
                    end = b"0\r\n\r\n" if n == len(events) - 1 and not stream.cut else b""
                    self.wfile.write(b"%x\r\n%s\r\n%s" % (len(data), data, end))
            if stream.cut:
                self.close_connection = True  # cut off: no [DONE], no end of the chunked body
                return
            if chaos.trickling():
                self.wfile.write(b"0\r\n\r\n")
        except OSError:  # the client gave up
            self.close_connection = True
            return
        hook = self.server.on_response
        if hook is not None:
            try:
                hook(method, template, 200, None)
            except Exception:  # pragma: no cover - user callback
                log.exception("on_response callback failed")


def _chat_body(body: bytes) -> dict[str, Any]:
    """A chat request's JSON body (a first look, for faults and rate limits; the handler checks it)."""
    try:
        data = json.loads(body or b"{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


class EmulatorHTTPServer(ThreadingHTTPServer):
    """A threading HTTP server bound to one :class:`Store`.

    Args:
        address: ``(host, port)``; port 0 picks a free port.
        store: The emulator state.
        faults: Fault source.
        require_key: If set, the only bearer key accepted.
        refuse_create: Answer job creation with OpenAI's wind-down 403.
    """

    daemon_threads = True
    allow_reuse_address = True

    def __init__(
        self,
        address: tuple[str, int],
        store: Store,
        faults: Faults,
        require_key: str | None = None,
        refuse_create: bool = False,
        chaos: Chaos | None = None,
        chat_limiter: RateLimiter | None = None,
        chat_delay: float = 0.0,
    ) -> None:
        super().__init__(address, _Handler)
        self.chat_limiter, self.chat_delay = chat_limiter, chat_delay
        self.store, self.faults = store, faults
        self.chaos = chaos if chaos is not None else Chaos()
        self.require_key, self.refuse_create = require_key, refuse_create
        self.on_response: ResponseHook | None = None

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Log a failed connection instead of printing a traceback (a TUI may own the terminal)."""
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):
            log.debug("connection from %s ended: %s", client_address, error)
        else:  # pragma: no cover - a bug in the emulator
            log.debug("emulator connection from %s failed: %r", client_address, error)

    def check_auth(self, header: str | None, method: str, template: str) -> None:
        """Raise 401 for a wrong key and 403 for refused job creation."""
        if self.require_key is not None:
            key = (header or "").removeprefix("Bearer ").strip()
            if not key:
                raise ApiError(
                    401,
                    "You didn't provide an API key. You need to provide your API key in an "
                    "Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
                    code=None,
                )
            if key != self.require_key:
                raise ApiError(
                    401,
                    f"Incorrect API key provided: {mask_key(key)}. You can find your API "
                    "key at https://platform.openai.com/account/api-keys.",
                    code="invalid_api_key",
                )
        if self.refuse_create and method == "POST" and template == "/fine_tuning/jobs":
            raise ApiError(
                403,
                "This organization is not allowed to create new fine-tuning jobs. OpenAI is "
                "winding down self-serve fine-tuning; existing jobs and models remain available.",
                code="fine_tuning_not_allowed",
            )
