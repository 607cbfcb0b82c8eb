"""Provider profiles: a name, a kind and its options (never a secret)."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ftui.redact import describe_url, redact

KINDS = ("openai", "azure-openai", "bedrock", "emulator")
"""The provider kinds a profile may name."""

OPTIONS: Mapping[str, tuple[str, ...]] = {
    "openai": ("base_url", "organization", "project", "api_key_env", "timeout", "max_retries"),
    "azure-openai": ("endpoint", "api_version", "deployment", "api_key_env", "timeout", "max_retries"),
    "bedrock": (
        "region",
        "bucket",
        "prefix",
        "role_arn",
        "output_prefix",
        "aws_profile",
        "endpoint_url",
        "pt_hourly_usd",
        "pt_commitment",
    ),
    "emulator": ("base_url", "speed", "seed", "demo", "max_retries"),
}
"""The options each kind understands (anything else is reported as unknown)."""

ROLE_ARN = re.compile(r"arn:aws(-[^:]+)?:iam::([0-9]{12})?:role/.+")
"""An IAM role ARN: the profile's ``role_arn``, ``--role-arn`` and the launch form's field are checked alike."""


@dataclass(frozen=True, slots=True)
class Profile:
    """A named provider configuration from the config file (or built in)."""

    name: str
    """What the user calls it; shown in the jobs table."""
    kind: str
    """One of :data:`KINDS`."""
    options: Mapping[str, Any] = field(default_factory=dict)
    """Kind-specific options (base URL, region, bucket …). Never credentials."""

    def get(self, key: str, default: Any = None) -> Any:
        """An option's value, or ``default``."""
        return self.options.get(key, default)

    def base_url(self) -> str | None:
        """The endpoint this profile really talks to, resolved like the SDKs do.

        OpenAI and the emulator: the ``base_url`` option, else ``OPENAI_BASE_URL``, else the OpenAI API.
        Azure: the ``endpoint`` option, else ``AZURE_OPENAI_ENDPOINT``. Bedrock: the ``endpoint_url``
        option, else ``AWS_ENDPOINT_URL_BEDROCK`` / ``AWS_ENDPOINT_URL``, else None (the region's endpoint).
        """
        env = os.environ
        if self.kind in ("openai", "emulator"):
            return str(self.get("base_url") or env.get("OPENAI_BASE_URL") or "https://api.openai.com/v1")
        if self.kind == "azure-openai":
            return str(self.get("endpoint") or env.get("AZURE_OPENAI_ENDPOINT") or "") or None
        if self.kind == "bedrock":
            return (
                str(
                    self.get("endpoint_url") or env.get("AWS_ENDPOINT_URL_BEDROCK") or env.get("AWS_ENDPOINT_URL") or ""
                )
                or None
            )
        return None

    def describe(self) -> str:
        """One line for people: kind and where it really points, secrets masked (``user:***@host``)."""
        if self.kind == "emulator" and self.get("demo"):
            return f"{self.name} (built-in emulator)"
        url = self.base_url()
        parts = [self.kind]
        if self.get("region"):
            parts.append(f"region {self.get('region')}")
        if url:
            parts.append(describe_url(url))
        return redact(f"{self.name} ({', '.join(parts)})")
