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
    speed: float = 1.0
    """How many times faster than real pace the demo's jobs run (``--speed``); 1 outside the demo."""
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

    ``speed`` divides every simulated duration (``ftui --demo --speed 20``: the running job ends
    in about half a minute instead of ten); ``clock`` (an emulator clock) lets tests and the
    screenshot script fix time.
    """
    from ftui.emulator import Emulator

    emulator = Emulator(host="127.0.0.1", port=0, speed=speed, seed=seed, clock=clock).start()
    emulator.seed_demo()
    profile = Profile("demo", "emulator", {"base_url": emulator.base_url, "max_retries": 0, "demo": True})
    return Session(profiles=(profile,), demo=True, speed=speed, emulator=emulator)


def configured_profiles(config: Config, profile: str | None = None) -> tuple[Profile, ...]:
    """The profiles a run talks to when it is not the demo: the one rule for the app and every command.

    The config's profiles; without any, an implicit ``openai`` profile when ``OPENAI_API_KEY``
    or ``OPENAI_BASE_URL`` is set (the SDK reads both itself); then only ``profile`` if one is
    named. An empty tuple means there is nothing to talk to.

    Raises:
        ConfigError: ``profile`` names a profile that is not there (the message lists the known ones).
    """
    profiles = config.profiles
    if not profiles and (os.environ.get("OPENAI_API_KEY") or os.environ.get("OPENAI_BASE_URL")):
        profiles = (Profile("openai", "openai", {}),)
    if profile is None:
        return tuple(profiles)
    chosen = tuple(p for p in profiles if p.name == profile)
    if not chosen:
        from ftui.providers import ConfigError

        known = ", ".join(p.name for p in profiles) or "none configured"
        raise ConfigError(f"No profile named {profile!r} (known: {known}).")
    return chosen


def resolve_session(
    config: Config, demo: bool = False, profile: str | None = None, speed: float | None = None
) -> Session:
    """Pick the profiles for the app: :func:`configured_profiles`, or the demo (at ``speed``, default 1).

    ``--demo``, or nothing configured and no OpenAI environment, means the demo (the app
    always has something to show; commands instead say what to configure).
    """
    if demo:
        return start_demo(speed=speed or 1.0)
    profiles = configured_profiles(config, profile)
    if not profiles:
        return start_demo(speed=speed or 1.0)
    return Session(profiles=profiles)
