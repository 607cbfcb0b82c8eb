"""A total deadline for every HTTP call, not just for each read.

The SDKs' timeouts apply to each socket read: a server that sends one byte every
two seconds never times out. :class:`DeadlineTransport` wraps the real httpx
transport of the ``openai`` client (passed in as the client's ``http_client``):

* every per-operation timeout (connect, read, write, pool) is capped at the time left;
* a watchdog shuts the socket down when the deadline passes while the body is still
  arriving, and the read then fails as a timeout (``openai.APITimeoutError``).

Uploads and downloads of whole files run inside ``with unbounded():`` (their size, not
the server, sets how long they take); their reads are still bounded one by one.
(Bedrock's boto3 calls get their total bound from a watchdog thread in ``bedrock_provider``.)
"""

from __future__ import annotations

import math
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import httpx2

__all__ = ["DEFAULT_DEADLINE", "DeadlineTransport", "from_option", "http_client", "unbounded"]

DEFAULT_DEADLINE = 60.0
"""Seconds one call may take in all, unless the profile's ``timeout`` says otherwise."""
READ_TIMEOUT = 30.0
"""The longest single read or connect wait."""

_unbounded: ContextVar[bool] = ContextVar("ftui_unbounded", default=False)


@contextmanager
def unbounded() -> Iterator[None]:
    """Calls inside have no total deadline (whole-file transfers); single reads stay bounded."""
    token = _unbounded.set(True)
    try:
        yield
    finally:
        _unbounded.reset(token)


class _Watchdog:
    """Shuts a socket down at a moment, unless cancelled first."""

    def __init__(self, sock: socket.socket | None, seconds: float) -> None:
        self.fired = False
        self._sock = sock
        self._timer = threading.Timer(max(0.0, seconds), self._fire) if sock is not None else None
        if self._timer is not None:
            self._timer.daemon = True
            self._timer.start()

    def _fire(self) -> None:
        self.fired = True
        try:
            assert self._sock is not None
            self._sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()


class _DeadlineStream(httpx2.SyncByteStream):
    """The response body, aborted when the call's deadline passes."""

    def __init__(self, inner: Any, end: float | None, total: float, sock: socket.socket | None) -> None:
        self._inner, self._end, self._total, self._sock = inner, end, total, sock

    def _expired(self) -> httpx2.ReadTimeout:
        return httpx2.ReadTimeout(f"the response did not finish within {self._total:g} s")

    def __iter__(self) -> Iterator[bytes]:
        if self._end is None:
            yield from self._inner
            return
        dog = _Watchdog(self._sock, self._end - time.monotonic())
        try:
            for chunk in self._inner:
                if dog.fired or time.monotonic() > self._end:
                    raise self._expired()
                yield chunk
        except httpx2.TransportError:
            if dog.fired:
                raise self._expired() from None
            raise
        finally:
            dog.cancel()

    def close(self) -> None:
        close = getattr(self._inner, "close", None)
        if close is not None:
            close()


class DeadlineTransport(httpx2.BaseTransport):
    """Wraps a transport so that each request ends within ``deadline`` seconds.

    Args:
        inner: The real transport (``httpx2.HTTPTransport``).
        deadline: Total seconds per call.
    """

    def __init__(self, inner: httpx2.BaseTransport, deadline: float) -> None:
        self._inner, self.deadline = inner, deadline

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        """Send with every timeout capped at the time left; bound the body by a watchdog."""
        total = None if _unbounded.get() else self.deadline
        end = None if total is None else time.monotonic() + total
        if total is not None:
            timeouts = dict(request.extensions.get("timeout") or {})
            for key in ("connect", "read", "write", "pool"):
                value = timeouts.get(key)
                timeouts[key] = total if value is None else min(value, total)
            request.extensions["timeout"] = timeouts
        response = self._inner.handle_request(request)
        sock = None
        stream = response.extensions.get("network_stream")
        if stream is not None and end is not None:
            try:
                sock = stream.get_extra_info("socket")
            except Exception:  # noqa: BLE001 - a transport without sockets: chunk checks only
                sock = None
        return httpx2.Response(
            status_code=response.status_code,
            headers=response.headers,
            stream=_DeadlineStream(response.stream, end, total or 0.0, sock),
            extensions=response.extensions,
        )

    def close(self) -> None:
        """Close the wrapped transport."""
        self._inner.close()


def from_option(option: Any) -> float:
    """A profile's ``timeout`` option (total seconds per call), else :data:`DEFAULT_DEADLINE`."""
    try:
        value = float(option) if option is not None else DEFAULT_DEADLINE
    except (TypeError, ValueError):
        return DEFAULT_DEADLINE
    return value if math.isfinite(value) and value > 0 else DEFAULT_DEADLINE


class _DeadlineClient(httpx2.Client):
    """An httpx client whose every transport (direct or through a proxy from the environment) has a deadline."""

    def __init__(self, deadline: float, **kwargs: Any) -> None:
        self._ftui_deadline = deadline
        super().__init__(**kwargs)

    def _init_transport(self, *args: Any, **kwargs: Any) -> httpx2.BaseTransport:
        return DeadlineTransport(super()._init_transport(*args, **kwargs), self._ftui_deadline)

    def _init_proxy_transport(self, *args: Any, **kwargs: Any) -> httpx2.BaseTransport:
        return DeadlineTransport(super()._init_proxy_transport(*args, **kwargs), self._ftui_deadline)


def http_client(deadline: float = DEFAULT_DEADLINE) -> httpx2.Client:
    """An httpx client for the ``openai`` SDK whose calls each end within ``deadline`` seconds.

    Built like the SDK's own (environment proxies and certificates honoured), with the
    transports wrapped in :class:`DeadlineTransport`.
    """
    per_read = min(READ_TIMEOUT, deadline)
    return _DeadlineClient(
        deadline,
        timeout=httpx2.Timeout(per_read, connect=min(10.0, per_read)),
        limits=httpx2.Limits(max_connections=1000, max_keepalive_connections=100),
        follow_redirects=True,
    )
