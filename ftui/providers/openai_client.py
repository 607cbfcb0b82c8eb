"""Building the ``openai`` SDK client for a profile (split from :mod:`ftui.providers.openai_provider`)."""

from __future__ import annotations

import os
from typing import Any

import openai

from ftui.providers import deadline
from ftui.providers.errors import AuthError
from ftui.providers.profiles import Profile


def build_client(profile: Profile, seconds: float) -> openai.OpenAI:
    """The SDK client for a profile: OpenAI, Azure OpenAI, a compatible base URL or the emulator.

    The SDK never retries (:mod:`ftui.providers.retry` is the one policy) and every call has a total
    deadline of ``seconds`` (:mod:`ftui.providers.deadline`).

    Raises:
        AuthError: no key where one is needed (the message names the variable to set).
    """
    options = profile.options
    key_env = options.get("api_key_env")
    api_key = os.environ.get(key_env) if key_env else None
    # The SDK never retries: ftui.providers.retry is the one policy (max_retries is ignored).
    http = deadline.http_client(seconds)
    common: dict[str, Any] = {"timeout": http.timeout, "max_retries": 0, "http_client": http}
    try:
        if profile.kind == "azure-openai":
            endpoint: dict[str, Any] = {"azure_endpoint": options.get("endpoint") or None}  # None: the SDK's env
            return openai.AzureOpenAI(
                **endpoint,
                api_version=options.get("api_version") or None,
                api_key=api_key,
                **common,
            )
        if profile.kind == "emulator":
            return openai.OpenAI(api_key=api_key or "emulator", base_url=options.get("base_url"), **common)
        return openai.OpenAI(
            api_key=api_key,
            base_url=options.get("base_url") or None,
            organization=options.get("organization") or None,
            project=options.get("project") or None,
            **common,
        )
    except openai.OpenAIError as e:
        env = key_env or ("AZURE_OPENAI_API_KEY" if profile.kind == "azure-openai" else "OPENAI_API_KEY")
        detail = str(e).split(".")[0]
        raise AuthError(
            f"{detail}. Set {env} in the environment (ftui never stores keys).",
            provider=profile.name,
        ) from e
