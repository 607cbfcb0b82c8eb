"""The errors a provider call can raise: one root, a small tree.

Every provider translates its SDK's exceptions into these at the boundary, so
screens, panes and the CLI only ever handle :class:`ProviderError`. A job that
failed on the server is a :class:`~ftui.providers.records.JobStatus`, never one
of these.
"""

from __future__ import annotations

from ftui.redact import redact  # one masking policy (keys, URL passwords, signed URLs, env secrets)


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

    def __init__(self, message: str, *, training_not_allowed: bool = False, **kwargs: object) -> None:
        super().__init__(message, **kwargs)  # type: ignore[arg-type]
        self.training_not_allowed = training_not_allowed
        """True when the organization may not start new fine-tuning jobs (OpenAI's wind-down)."""


class NotFoundError(ProviderError):
    """The job, file or model does not exist (or is not visible to these credentials)."""

    default_title = "Not found"


class RateLimitError(ProviderError):
    """Too many requests; try again after ``retry_after`` seconds."""

    default_title = "Rate limited"

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: object) -> None:
        super().__init__(message, **kwargs)  # type: ignore[arg-type]
        self.retry_after = retry_after
        """Seconds the provider asked us to wait, when it said."""


class UnavailableError(ProviderError):
    """The service could not be reached or failed (network, timeout, 5xx)."""

    default_title = "Service unavailable"


class InvalidRequestError(ProviderError):
    """The provider refused the request's content."""

    default_title = "Invalid request"

    def __init__(self, message: str, *, param: str | None = None, **kwargs: object) -> None:
        super().__init__(message, **kwargs)  # type: ignore[arg-type]
        self.param = param
        """The offending parameter, when the provider names it."""


class UnsupportedError(ProviderError):
    """This provider cannot do that (e.g. pause on Bedrock)."""

    default_title = "Not supported"


class ConfigError(ProviderError):
    """A profile is missing something it needs."""

    default_title = "Configuration"
