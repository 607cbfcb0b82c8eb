"""A loopback HTTP proxy in front of the emulator that turns hostile on demand.

The app talks to it with the real ``openai`` SDK over real HTTP; every request is
forwarded to the emulator unless a rule for its path says otherwise (answer with a
given status and body, or hold the request until released). It counts requests and
how many were in flight at once, so tests can check that polls never pile up.
"""

from __future__ import annotations

import http.client
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


@dataclass
class Rule:
    """What to do with requests whose path matches ``pattern``."""

    pattern: re.Pattern[str]
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    hold: threading.Event | None = None
    """When set, the request waits for this event, then is forwarded."""


class Hostile:
    """The proxy. ``base_url`` is what a profile points at."""

    def __init__(self, upstream: str) -> None:
        parts = urlsplit(upstream)
        self._upstream = (parts.hostname or "127.0.0.1", parts.port or 80)
        self._lock = threading.Lock()
        self.rules: list[Rule] = []
        self.requests: list[tuple[str, str]] = []
        """Every request seen, as (method, path)."""
        self.in_flight = 0
        self.max_in_flight = 0
        """The most requests that were being answered at the same time."""
        self._held: list[threading.Event] = []
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

            def do_GET(self) -> None:
                proxy._handle(self, "GET")

            def do_POST(self) -> None:
                proxy._handle(self, "POST")

        class Server(ThreadingHTTPServer):
            def handle_error(self, request: object, client_address: object) -> None:
                pass  # a client that hung up (timeout, app closed) is part of the game

        self._server = Server(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    @property
    def base_url(self) -> str:
        """The SDK base URL of the proxy."""
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def count(self, pattern: str = "") -> int:
        """Requests seen so far whose path matches ``pattern``."""
        with self._lock:
            return sum(1 for _, path in self.requests if re.search(pattern, urlsplit(path).path))

    def answer(self, pattern: str, status: int, body: bytes | str, headers: dict[str, str] | None = None) -> None:
        """Answer requests matching ``pattern`` with ``status`` and ``body`` (JSON content type)."""
        data = body.encode() if isinstance(body, str) else body
        with self._lock:
            self.rules.append(Rule(re.compile(pattern), status, data, headers or {}))

    def hold(self, pattern: str) -> threading.Event:
        """Hold requests matching ``pattern`` until the returned event is set."""
        event = threading.Event()
        with self._lock:
            self.rules.append(Rule(re.compile(pattern), hold=event))
            self._held.append(event)
        return event

    def heal(self) -> None:
        """Forget every rule (and release held requests): the server is healthy again."""
        with self._lock:
            self.rules.clear()
            for event in self._held:
                event.set()

    def close(self) -> None:
        """Release everything and stop."""
        self.heal()
        self._server.shutdown()
        self._server.server_close()

    def _handle(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        path = handler.path
        with self._lock:
            self.requests.append((method, path))
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            rule = next((r for r in self.rules if r.pattern.search(urlsplit(path).path)), None)
        try:
            if rule is not None and rule.hold is not None:
                rule.hold.wait(30)
                rule = None
            if rule is not None:
                status, headers, data = rule.status, {"Content-Type": "application/json", **rule.headers}, rule.body
            else:
                status, headers, data = self._forward(method, path, body, handler)
            handler.send_response(status)
            for name, value in headers.items():
                handler.send_header(name, value)
            handler.send_header("Content-Length", str(len(data)))
            handler.end_headers()
            handler.wfile.write(data)
        except OSError:
            handler.close_connection = True  # the client gave up (timeout): nothing to answer
        finally:
            with self._lock:
                self.in_flight -= 1

    def _forward(
        self, method: str, path: str, body: bytes, handler: BaseHTTPRequestHandler
    ) -> tuple[int, dict[str, str], bytes]:
        connection = http.client.HTTPConnection(*self._upstream, timeout=10)
        try:
            headers = {k: v for k, v in handler.headers.items() if k.lower() in ("authorization", "content-type")}
            connection.request(method, path, body=body or None, headers=headers)
            response = connection.getresponse()
            data = response.read()
            keep = {k: v for k, v in response.getheaders() if k.lower() in ("content-type", "retry-after")}
            return response.status, keep, data
        except OSError:
            return 502, {"Content-Type": "application/json"}, b'{"error": {"message": "bad gateway"}}'
        finally:
            connection.close()
