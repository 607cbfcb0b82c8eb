"""A loopback HTTP proxy in front of the emulator that loses or holds the answer to job creation.

Every request is forwarded unchanged over real HTTP; only ``POST /v1/fine_tuning/jobs`` is
treated according to :attr:`HostileProxy.create_mode`:

- ``"pass"``: forwarded and answered normally;
- ``"hold"``: forwarded (the server creates the job) and the answer is held until :meth:`release`
  or :meth:`stop` (a create "in flight" that a SIGKILL or SIGHUP interrupts);
- ``"hold_before"``: held before forwarding (the server never sees it unless released);
- ``"lose"``: forwarded, then the connection is closed without an answer (a lost response).

``modes`` may list the modes of successive creates (then ``create_mode`` for the rest).
"""

from __future__ import annotations

import http.client
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

CREATE = "/v1/fine_tuning/jobs"
HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "host"}


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        return

    def do_GET(self) -> None:
        self._relay("GET")

    def do_POST(self) -> None:
        self._relay("POST")

    def do_DELETE(self) -> None:
        self._relay("DELETE")

    def _relay(self, method: str) -> None:
        proxy = self.server.proxy
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        mode = "pass"
        if method == "POST" and urlsplit(self.path).path.rstrip("/") == CREATE:
            mode = proxy.next_mode()
            proxy.create_arrived.set()
        if mode == "hold_before" and (not proxy.released.wait(60) or proxy.stopping):
            self.close_connection = True  # never released: the server never sees it
            return
        status, headers, data = proxy.forward(method, self.path, body, dict(self.headers))
        if mode != "pass":
            proxy.create_forwarded.set()
        if mode == "hold":
            proxy.released.wait(60)
        if mode == "lose" or proxy.stopping:
            self.close_connection = True
            return
        self.send_response(status)
        for name, value in headers:
            if name.lower() not in HOP:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    proxy: HostileProxy


class HostileProxy:
    """Forward to ``upstream`` (``http://127.0.0.1:PORT``), mistreating job creation as told."""

    def __init__(self, upstream: str, create_mode: str = "pass", modes: list[str] | None = None) -> None:
        parts = urlsplit(upstream)
        self._upstream = (parts.hostname or "127.0.0.1", parts.port or 80)
        self.create_mode = create_mode
        self.modes = list(modes or [])
        self.creates = 0
        """Create requests seen."""
        self.create_arrived = threading.Event()
        self.create_forwarded = threading.Event()
        self.released = threading.Event()
        self.stopping = False
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.proxy = self
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def base_url(self) -> str:
        """The ``base_url`` for the SDK."""
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def next_mode(self) -> str:
        """The mode of the next create request."""
        with self._lock:
            self.creates += 1
            return self.modes.pop(0) if self.modes else self.create_mode

    def forward(self, method: str, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, list, bytes]:
        """One request to the upstream server: (status, headers, body)."""
        connection = http.client.HTTPConnection(*self._upstream, timeout=30)
        try:
            sent = {k: v for k, v in headers.items() if k.lower() not in HOP}
            connection.request(method, path, body=body or None, headers=sent)
            response = connection.getresponse()
            return response.status, response.getheaders(), response.read()
        finally:
            connection.close()

    def release(self) -> None:
        """Let held creates go on."""
        self.released.set()

    def start(self) -> HostileProxy:
        """Serve in a daemon thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving; held requests are closed without an answer."""
        self.stopping = True
        self.released.set()
        self._server.shutdown()
        self._server.server_close()
