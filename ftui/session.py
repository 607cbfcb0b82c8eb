"""Which providers this run talks to: configured profiles, the environment, or the demo."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from ftui.config import Config
from ftui.providers import Provider, make_provider
from ftui.providers.profiles import Profile


@dataclass
class Session:
    """The profiles of this run, their providers, and the embedded emulator when in demo mode."""

    profiles: tuple[Profile, ...]
    """Profiles in display order."""
    demo: bool = False
    """True when running on the embedded demo emulator."""
    emulator: Any = None
    """The in-process :class:`ftui.emulator.Emulator`, when one was started."""
    providers: dict[str, Provider] = field(default_factory=dict)
    """Providers by profile name (built lazily: SDKs import on first use)."""

    def provider(self, name: str) -> Provider:
        """The provider of a profile, built on first use."""
        if name not in self.providers:
            profile = next(p for p in self.profiles if p.name == name)
            self.providers[name] = make_provider(profile)
        return self.providers[name]

    def close(self) -> None:
        """Close providers and stop the embedded emulator."""
        for provider in self.providers.values():
            provider.close()
        self.providers.clear()
        if self.emulator is not None:
            self.emulator.stop()
            self.emulator = None


def start_demo(speed: float = 1.0, seed: int = 0, clock: Any = None) -> Session:
    """Start the emulator in-process on a free loopback port, seeded with demo data.

    ``clock`` (an emulator clock) lets tests and the screenshot script fix time.
    """
    from ftui.emulator import Emulator

    emulator = Emulator(host="127.0.0.1", port=0, speed=speed, seed=seed, clock=clock).start()
    emulator.seed_demo()
    profile = Profile("demo", "emulator", {"base_url": emulator.base_url, "max_retries": 0, "demo": True})
    return Session(profiles=(profile,), demo=True, emulator=emulator)


def resolve_session(config: Config, demo: bool = False, profile: str | None = None) -> Session:
    """Pick the profiles for this run.

    ``--demo``, or no configured profile and no ``OPENAI_API_KEY``, means the demo.
    Without profiles but with ``OPENAI_API_KEY`` (and maybe ``OPENAI_BASE_URL``),
    an implicit ``openai`` profile is used.
    """
    if demo:
        return start_demo()
    profiles = config.profiles
    if not profiles and os.environ.get("OPENAI_API_KEY"):
        profiles = (Profile("openai", "openai", {}),)
    if profile is not None:
        profiles = tuple(p for p in profiles if p.name == profile)
        if not profiles:
            from ftui.providers import ConfigError

            known = ", ".join(p.name for p in config.profiles) or "none configured"
            raise ConfigError(f"No profile named {profile!r} ({known}).")
    if not profiles:
        return start_demo()
    return Session(profiles=tuple(profiles))
