"""Every way an OpenAI-protocol call can fail becomes the right ProviderError, in words a person can act on."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from ftui.emulator import Emulator
from ftui.providers import (
    AuthError,
    InvalidRequestError,
    JobSpec,
    NotFoundError,
    PermissionDeniedError,
    Profile,
    RateLimitError,
    UnavailableError,
    make_provider,
)
from tests.providers.conftest import chat_examples

KEY = "sk-proj-SECRETSECRETSECRET1234567890"


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    with Emulator(seed=3) as emu:
        emu.start()
        yield emu


def _provider(base_url: str, monkeypatch: pytest.MonkeyPatch, key: str = KEY):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("OPENAI_API_KEY", key)
    return make_provider(Profile("acct", "openai", {"base_url": base_url, "max_retries": 0}))


def test_rejected_key_is_an_auth_error_that_never_shows_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    with Emulator(require_key="sk-the-right-one") as emu:
        emu.start()
        with pytest.raises(AuthError) as raised:
            _provider(emu.base_url, monkeypatch).list_jobs_page()
    assert "OPENAI_API_KEY" in raised.value.message
    assert KEY not in str(raised.value) and "SECRETSECRET" not in str(raised.value)


def test_missing_key_says_which_variable_to_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    provider = make_provider(Profile("acct", "openai", {"base_url": "http://127.0.0.1:9/v1"}))
    with pytest.raises(AuthError) as raised:
        provider.list_jobs_page()
    assert "OPENAI_API_KEY" in raised.value.message


def test_training_not_allowed_is_a_permission_error_naming_the_wind_down(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Emulator(refuse_create=True) as emu:
        emu.start()
        provider = _provider(emu.base_url, monkeypatch)
        data = tmp_path / "train.jsonl"
        data.write_text(chat_examples(12))
        remote = provider.upload_file(data)
        with pytest.raises(PermissionDeniedError) as raised:
            provider.create_job(JobSpec("gpt-4o-mini-2024-07-18", remote.id))
        assert raised.value.training_not_allowed
        assert "winding down" in raised.value.message
        assert provider.list_jobs_page().jobs == ()  # reading still works


def test_unknown_job_is_not_found(emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(NotFoundError) as raised:
        _provider(emulator.base_url, monkeypatch).get_job("ftjob-nope")
    assert raised.value.status == 404


def test_429_carries_retry_after(emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    emulator.inject("429")
    with pytest.raises(RateLimitError) as raised:
        _provider(emulator.base_url, monkeypatch).list_jobs_page()
    assert raised.value.retry_after is not None and raised.value.retry_after > 0


def test_500_is_unavailable_and_the_next_call_works(emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    provider = _provider(emulator.base_url, monkeypatch)
    emulator.inject("500")
    with pytest.raises(UnavailableError) as raised:
        provider.list_jobs_page()
    assert raised.value.status == 500 and "retry" in raised.value.message
    assert provider.list_jobs_page().jobs == ()


def test_dropped_connection_is_unavailable(emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    emulator.inject("drop")
    with pytest.raises(UnavailableError):
        _provider(emulator.base_url, monkeypatch).list_jobs_page()


def test_connection_refused_names_where_it_tried(monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(UnavailableError) as raised:
        _provider(f"http://127.0.0.1:{port}/v1", monkeypatch).list_jobs_page()
    assert f"127.0.0.1:{port}" in raised.value.message
    assert "base URL" in raised.value.message


def test_bad_request_names_the_parameter(emulator: Emulator, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    provider = _provider(emulator.base_url, monkeypatch)
    data = tmp_path / "train.jsonl"
    data.write_text(chat_examples(12))
    remote = provider.upload_file(data)
    with pytest.raises(InvalidRequestError) as raised:
        provider.create_job(JobSpec("gpt-nonexistent-model", remote.id))
    assert raised.value.param == "model"
