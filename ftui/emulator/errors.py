"""The error type the emulator raises and serialises in OpenAI's error shape."""

from __future__ import annotations

from typing import Any

__all__ = ["ApiError", "invalid", "not_found"]


class ApiError(Exception):
    """An HTTP error rendered as ``{"error": {"message", "type", "param", "code"}}``.

    Args:
        status: HTTP status code.
        message: Human-readable message.
        type: OpenAI error type, e.g. ``invalid_request_error``.
        param: The offending request parameter, if any.
        code: A machine-readable code, if any.
        headers: Extra response headers (e.g. ``Retry-After``).
    """

    def __init__(
        self,
        status: int,
        message: str,
        *,
        type: str = "invalid_request_error",  # noqa: A002 - the field's name in OpenAI's error object
        param: str | None = None,
        code: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.type = type
        self.param = param
        self.code = code
        self.headers = dict(headers or {})

    def body(self) -> dict[str, Any]:
        """Return the JSON body for this error."""
        return {
            "error": {
                "message": self.message,
                "type": self.type,
                "param": self.param,
                "code": self.code,
            }
        }


def invalid(message: str, param: str | None = None, code: str | None = None) -> ApiError:
    """Build a 400 ``invalid_request_error``."""
    return ApiError(400, message, param=param, code=code)


def not_found(message: str, param: str | None = None) -> ApiError:
    """Build a 404 ``invalid_request_error``."""
    return ApiError(404, message, param=param, code=None)
