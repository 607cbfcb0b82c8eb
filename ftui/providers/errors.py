"""The errors a provider call can raise: one root, a small tree.

Every provider translates its SDK's exceptions into these at the boundary, so
screens, panes and the CLI only ever handle :class:`ProviderError`. A job that
failed on the server is a :class:`~ftui.providers.records.JobStatus`, never one
of these.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any

from ftui.redact import redact  # one masking policy (keys, URL passwords, signed URLs, env secrets)

ERROR_TEXT_LIMIT = 300
"""Longest server error text kept in a message (HTML pages and megabyte bodies are shortened)."""


_TAG = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^>]*>", re.I | re.S)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.I | re.S)


def shorten(text: str, limit: int = ERROR_TEXT_LIMIT) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def error_text(body: Any, limit: int = ERROR_TEXT_LIMIT) -> str:
    """The human text of an error response body, whatever its shape ("" when it has none).

    Understands ``{"error": {"message": …}}``, ``{"error": "text"}``, ``{"message": …}``,
    ``{"detail": …}`` (FastAPI), plain strings and HTML pages (their title, else their text).
    """
    for _ in range(4):  # unwrap {"error": {"error": …}} a few levels, never forever
        if not isinstance(body, Mapping):
            break
        inner = next((body[k] for k in ("error", "detail", "errors") if body.get(k) not in (None, "", {}, [])), None)
        message = body.get("message") or body.get("msg")
        if isinstance(message, str) and message.strip():
            return shorten(message, limit)
        if inner is None:
            extra = {k: v for k, v in body.items() if v not in (None, "", {}, [])}
            return shorten(str(extra), limit) if extra else ""
        body = inner
    if isinstance(body, list):
        return shorten("; ".join(error_text(item, limit) for item in body[:3] if item is not None), limit)
    if isinstance(body, bytes):
        body = body.decode("utf-8", errors="replace")
    if not isinstance(body, str):
        return "" if body is None else shorten(str(body), limit)
    if "<" in body and ">" in body:
        title = _TITLE.search(body[:100_000])
        if title and title.group(1).strip():
            return shorten(html.unescape(title.group(1)), limit)
        return shorten(html.unescape(_TAG.sub(" ", body[:100_000])), limit)
    return shorten(body, limit)


class ProviderError(Exception):
    """A provider call failed. ``title`` and ``message`` are for people."""

    default_title = "Provider error"

    def __init__(self, message: str, *, title: str = "", provider: str = "", status: int | None = None) -> None:
        self.message = redact(message)
        """What happened and what to do, in a sentence or two."""
        self.title = redact(title) if title else self.default_title
        """A short heading."""
        self.provider = provider
        """The profile the call was made for."""
        self.status = status
        """The HTTP status, when there was one."""
        super().__init__(self.message)

    def __str__(self) -> str:
        return f"{self.title}: {self.message}" if self.title else self.message


class AuthError(ProviderError):
    """Missing or rejected credentials."""

    default_title = "Not signed in"


class PermissionDeniedError(ProviderError):
    """Credentials are fine but not allowed to do this."""

    default_title = "Not allowed"

    def __init__(self, message: str, *, training_not_allowed: bool = False, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.training_not_allowed = training_not_allowed
        """True when the organization may not start new fine-tuning jobs (OpenAI's wind-down)."""


class NotFoundError(ProviderError):
    """The job, file or model does not exist (or is not visible to these credentials)."""

    default_title = "Not found"


class RateLimitError(ProviderError):
    """Too many requests; try again after ``retry_after`` seconds."""

    default_title = "Rate limited"

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after
        """Seconds the provider asked us to wait, when it said."""


class UnavailableError(ProviderError):
    """The service could not be reached or failed (network, timeout, 5xx)."""

    default_title = "Service unavailable"


class InvalidRequestError(ProviderError):
    """The provider refused the request's content."""

    default_title = "Invalid request"

    def __init__(self, message: str, *, param: str | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.param = param
        """The offending parameter, when the provider names it."""


class BadResponseError(UnavailableError):
    """The server answered with something that is not a usable response (bad JSON, wrong shape).

    A subclass of :class:`UnavailableError`: a flaky proxy may do better on the next try.
    """

    default_title = "Unreadable response"


class UnreadableResultError(ProviderError):
    """A finished job's result file could not be read (missing, refused or not a metrics CSV)."""

    default_title = "Result file unreadable"


class UnsupportedError(ProviderError):
    """This provider cannot do that (e.g. pause on Bedrock)."""

    default_title = "Not supported"


class ConfigError(ProviderError):
    """A profile is missing something it needs."""

    default_title = "Configuration"
