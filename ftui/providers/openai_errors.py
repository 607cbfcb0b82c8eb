"""HTTP errors of an OpenAI-protocol server, translated into :class:`ProviderError`s people can act on."""

from __future__ import annotations

import re
from typing import Any

import openai

from ftui.providers import retry
from ftui.providers.errors import (
    AuthError,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
    ProviderError,
    RateLimitError,
    UnavailableError,
    error_text,
)

_WIND_DOWN = re.compile(
    r"fine[- ]?tun\w*.*(not allowed|no longer|winding down|may not|not permitted|access)", re.IGNORECASE | re.DOTALL
)


def status_error(e: openai.APIStatusError, action: str, provider: str, where: str) -> ProviderError:
    """The error for an HTTP error answer to ``action`` (``provider`` is the profile, ``where`` its URL)."""
    body = e.body if isinstance(e.body, dict) else {}
    body = body.get("error", body) if isinstance(body.get("error"), dict) else body
    status = e.status_code
    message = error_text(e.body) or f"HTTP {status} with no explanation"
    common: dict[str, Any] = {"provider": provider, "status": status}
    if status == 401:
        return AuthError(f"{action}: the API key was rejected ({message}). Check OPENAI_API_KEY.", **common)
    if status == 403:
        code = str(body.get("code") or "")
        if code == "fine_tuning_not_allowed" or _WIND_DOWN.search(message):
            return PermissionDeniedError(
                "This organization may not start new fine-tuning jobs: OpenAI is winding down "
                f"self-serve fine-tuning. Existing jobs and models stay readable. ({message})",
                title="Fine-tuning not available",
                training_not_allowed=True,
                **common,
            )
        return PermissionDeniedError(f"{action}: {message}", **common)
    if status == 404:
        return NotFoundError(f"{action}: {message}", **common)
    if status == 429:
        after = retry.parse_retry_after(e.response.headers)
        wait = retry.try_again_in(RateLimitError("", retry_after=after))
        return RateLimitError(
            f"{action}: rate limited; {wait}. ({where}: {short(message)})", retry_after=after, **common
        )
    if status >= 500:
        return UnavailableError(f"{action}: {where} failed ({status}); retry later. {short(message)}", **common)
    param = body.get("param")
    return InvalidRequestError(
        f"{message}", param=param if isinstance(param, str) else None, title=f"{action} refused", **common
    )


def short(text: str, limit: int = 300) -> str:
    """A server message cut to one readable line."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
