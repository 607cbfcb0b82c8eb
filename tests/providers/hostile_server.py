"""A tiny hostile OpenAI-protocol server for tests: scripted answers per path, or a mutating proxy.

Stdlib only, on 127.0.0.1. Two ways to use it, combinable:

- ``routes``: ``{"/v1/fine_tuning/jobs": answer}`` where an answer is a JSON value,
  ``bytes``, a :class:`~ftui.emulator.chaos_payloads.Reply`, or a callable
  ``(method, path, query) -> answer``. Paths match without the query string.
- ``upstream`` (+ ``scenario``): every other request is forwarded to a real
  emulator and its answer passed through :func:`ftui.emulator.chaos_payloads.mutate`,
  so the hostile payloads are the emulator's real ones, broken.

Requests are counted per path and capped (``max_requests``): past the cap the server
answers 503, and :attr:`HostileServer.overflow` says so (tests assert it stays False).
"""

from __future__ import annotations

import http.client
import json
import threading
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from ftui.emulator.chaos_payloads import Reply, mutate

Answer = Any


class HostileServer:
    """Serve scripted or mutated answers on a free loopback port (use as a context manager)."""

    def __init__(
        self,
        routes: dict[str, Answer] | None = None,
        *,
        upstream: str | None = None,
        scenario: str | None = None,
        max_requests: int = 2000,
    ) -> None:
        self.routes: dict[str, Answer] = dict(routes or {})
        """Scripted answers by path (without query)."""
        self.upstream = urlsplit(upstream) if upstream else None
        self.scenario = scenario
        """The chaos scenario applied to proxied answers (None: passed through)."""
        self.max_requests = max_requests
        self.requests: Counter[str] = Counter()
        """Requests received, by ``"METHOD /path"``."""
        self.overflow = False
        """True once more than ``max_requests`` arrived."""
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    @property
    def base_url(self) -> str:
        """The ``/v1`` base URL to give the SDK."""
        return f"http://127.0.0.1:{self._server.server_port}/v1"

    @property
    def total(self) -> int:
        """All requests received."""
        return sum(self.requests.values())

    def __enter__(self) -> HostileServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)

    # -- answering -------------------------------------------------------------
    def answer(self, method: str, target: str, body: bytes, headers: dict[str, str]) -> Reply:
        """The reply to one request."""
        path, _, query = target.partition("?")
        with self._lock:
            self.requests[f"{method} {path}"] += 1
            if self.total > self.max_requests:
                self.overflow = True
                return Reply(503, b'{"error": {"message": "hostile server: request cap reached"}}')
        if path in self.routes:
            answer = self.routes[path]
            if callable(answer):
                answer = answer(method, path, query)
            return _reply(answer)
        if self.upstream is None:
            return Reply(404, json.dumps({"error": {"message": f"no route {method} {path}"}}).encode())
        status, content, content_type = self._forward(method, target, body, headers)
        if self.scenario is None or status >= 400:
            return Reply(status, content, content_type)
        decoded: Any = content
        if content_type.startswith("application/json"):
            try:
                decoded = json.loads(content)
            except ValueError:
                decoded = content
        return _reply(mutate(self.scenario, method, path, decoded), content_type)

    def _forward(self, method: str, target: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes, str]:
        assert self.upstream is not None
        connection = http.client.HTTPConnection(self.upstream.hostname, self.upstream.port, timeout=30)
        try:
            keep = {k: v for k, v in headers.items() if k.lower() in ("content-type", "authorization")}
            connection.request(method, target, body=body or None, headers=keep)
            response = connection.getresponse()
            return response.status, response.read(), response.getheader("content-type") or "application/json"
        finally:
            connection.close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _serve(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else b""
                reply = server.answer(self.command, self.path, body, dict(self.headers.items()))
                self.send_response(reply.status)
                self.send_header("content-type", reply.content_type)
                self.send_header("content-length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)

            do_GET = do_POST = do_DELETE = _serve

        return Handler


def _reply(answer: Answer, content_type: str = "application/json") -> Reply:
    if isinstance(answer, Reply):
        return answer
    if isinstance(answer, (bytes, bytearray)):
        kind = content_type if not content_type.startswith("application/json") else "application/octet-stream"
        return Reply(200, bytes(answer), kind)
    return Reply(200, json.dumps(answer, allow_nan=True).encode(), "application/json")


def status(code: int, body: Any, content_type: str = "application/json") -> Reply:
    """A scripted error (or other) answer: JSON-encodes ``body`` unless it is bytes or str."""
    if isinstance(body, str):
        body = body.encode()
    if not isinstance(body, bytes):
        body = json.dumps(body).encode()
    return Reply(code, body, content_type)


Route = Callable[[str, str, str], Answer]
