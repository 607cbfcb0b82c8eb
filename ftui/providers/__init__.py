"""The provider layer: one interface over OpenAI-protocol endpoints and Bedrock.

Importing this package loads neither Textual nor ``openai``/``boto3``; an SDK
is imported only when a provider of its kind is built.
"""

from __future__ import annotations

from ftui.providers.base import Provider
from ftui.providers.errors import (
    AuthError,
    ConfigError,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
    ProviderError,
    RateLimitError,
    UnavailableError,
    UnsupportedError,
)
from ftui.providers.profiles import KINDS, Profile
from ftui.providers.records import (
    BaseModel,
    Checkpoint,
    HyperParameter,
    Job,
    JobError,
    JobEvent,
    JobPage,
    JobSpec,
    JobStatus,
    MetricPoint,
    RemoteFile,
    TimelineStage,
)

__all__ = [
    "KINDS",
    "AuthError",
    "BaseModel",
    "Checkpoint",
    "ConfigError",
    "HyperParameter",
    "InvalidRequestError",
    "Job",
    "JobError",
    "JobEvent",
    "JobPage",
    "JobSpec",
    "JobStatus",
    "MetricPoint",
    "NotFoundError",
    "PermissionDeniedError",
    "Profile",
    "Provider",
    "ProviderError",
    "RateLimitError",
    "RemoteFile",
    "TimelineStage",
    "UnavailableError",
    "UnsupportedError",
    "make_provider",
    "provider_class",
]


def provider_class(kind: str) -> type[Provider]:
    """The provider class for a profile kind (its launch capabilities are class attributes), importing its
    SDK only now.

    Raises:
        ConfigError: unknown kind.
    """
    if kind in ("openai", "azure-openai", "emulator"):
        from ftui.providers.openai_provider import OpenAIProvider

        return OpenAIProvider
    if kind == "bedrock":
        from ftui.providers.bedrock_provider import BedrockProvider

        return BedrockProvider
    raise ConfigError(f"Unknown provider kind {kind!r}; use one of {', '.join(KINDS)}.")


def make_provider(profile: Profile) -> Provider:
    """Build the provider a profile describes, importing its SDK only now.

    Raises:
        ConfigError: unknown kind or missing options.
        AuthError: no credentials where the SDK needs them.
    """
    if profile.kind not in KINDS:
        raise ConfigError(
            f"Profile {profile.name!r} has unknown kind {profile.kind!r}; use one of {', '.join(KINDS)}.",
            provider=profile.name,
        )
    return provider_class(profile.kind)(profile)
