"""Which providers a run uses: the demo by default, the environment, or the config."""

from __future__ import annotations

from pathlib import Path

import pytest

from ftui.config import Config
from ftui.providers import AuthError, ConfigError, Profile, make_provider
from ftui.session import resolve_session


def test_no_profile_and_no_key_starts_the_seeded_demo() -> None:
    session = resolve_session(Config(path=Path("/nonexistent")))
    try:
        assert session.demo and session.emulator is not None
        (profile,) = session.profiles
        assert profile.kind == "emulator" and "built-in emulator" in profile.describe()
        statuses = {job.status.value for job in session.provider(profile.name).iter_jobs()}
        assert {"running", "succeeded", "failed", "cancelled"} <= statuses
    finally:
        session.close()


def test_an_openai_key_in_the_environment_means_the_real_account(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-abcdefgh")
    session = resolve_session(Config(path=Path("/nonexistent")))
    assert not session.demo and [p.kind for p in session.profiles] == ["openai"]


def test_demo_flag_wins_over_configured_profiles() -> None:
    config = Config(path=Path("/x"), profiles=(Profile("prod", "openai", {}),))
    session = resolve_session(config, demo=True)
    try:
        assert session.demo and [p.name for p in session.profiles] == ["demo"]
    finally:
        session.close()


def test_asking_for_an_unknown_profile_names_the_known_ones() -> None:
    config = Config(path=Path("/x"), profiles=(Profile("prod", "openai", {}),))
    with pytest.raises(ConfigError) as raised:
        resolve_session(config, profile="staging")
    assert "prod" in raised.value.message


def test_azure_profile_without_a_key_names_the_azure_variable() -> None:
    provider = make_provider(
        Profile("az", "azure-openai", {"endpoint": "https://res.openai.azure.com", "api_version": "2025-04-01-preview"})
    )
    with pytest.raises(AuthError) as raised:
        provider.list_jobs_page()
    assert "AZURE_OPENAI_API_KEY" in raised.value.message


def test_azure_profile_points_the_sdk_at_the_resource(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", "azure-key-123456")
    provider = make_provider(
        Profile("az", "azure-openai", {"endpoint": "https://res.openai.azure.com", "api_version": "2025-04-01-preview"})
    )
    assert str(provider.client.base_url).startswith("https://res.openai.azure.com/openai")  # type: ignore[attr-defined]
    assert provider.supports_pause
