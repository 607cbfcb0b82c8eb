"""Provider profiles: a name, a kind and its options (never a secret)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

KINDS = ("openai", "azure-openai", "bedrock", "emulator")
"""The provider kinds a profile may name."""

OPTIONS: Mapping[str, tuple[str, ...]] = {
    "openai": ("base_url", "organization", "project", "api_key_env", "timeout", "max_retries"),
    "azure-openai": ("endpoint", "api_version", "deployment", "api_key_env", "timeout", "max_retries"),
    "bedrock": ("region", "bucket", "prefix", "role_arn", "output_prefix", "aws_profile", "endpoint_url"),
    "emulator": ("base_url", "speed", "seed", "demo", "max_retries"),
}
"""The options each kind understands (anything else is reported as unknown)."""


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

    def describe(self) -> str:
        """One line for people: kind and where it points (no secrets)."""
        if self.kind == "emulator" and self.get("demo"):
            return f"{self.name} (built-in emulator)"
        where = (
            self.get("base_url")
            or self.get("endpoint")
            or (self.get("region") and f"region {self.get('region')}")
            or ("api.openai.com" if self.kind == "openai" else "")
        )
        return f"{self.name} ({self.kind}{', ' + str(where) if where else ''})"
