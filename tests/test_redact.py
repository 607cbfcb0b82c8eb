"""Secrets inside URLs never show: not in `config show`, CLI output and errors, the TUI header or notices.

Every output is grepped for the secret itself; the masked form (``user:***@host``) must show instead.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ftui.cli import main
from ftui.config import load_config
from ftui.emulator import Emulator, ManualClock
from ftui.providers import Profile, make_provider
from ftui.providers.errors import ProviderError, UnavailableError
from ftui.redact import mask_url, redact
from ftui.session import Session
from ftui.tui.app import FtuiApp
from tests.providers.bedrock_fixtures import aws_env  # noqa: F401

SECRET = "S3cretPassw0rd"
TOKEN = "tok3nVALUE42"
AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"  # 40 characters, like a real one


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (f"https://bob:{SECRET}@host:8443/v1", "https://bob:***@host:8443/v1"),
        (f"http://{SECRET}@host/v1", "http://***@host/v1"),
        (f"https://x.openai.azure.com/openai?api-key={SECRET}&api-version=1", "api-key=***&api-version=1"),
        (
            f"https://b.s3.amazonaws.com/k?X-Amz-Credential=AKIA%2F1&X-Amz-Signature={SECRET}&X-Amz-Expires=60",
            "X-Amz-Credential=***&X-Amz-Signature=***&X-Amz-Expires=60",
        ),
        (f"https://acct.blob.core.windows.net/c/f?sv=2022&sig={SECRET}", "sv=2022&sig=***"),
    ],
)
def test_urls_are_masked(text: str, shown: str) -> None:
    assert SECRET not in mask_url(text) and shown in mask_url(text)
    assert SECRET not in redact(f"could not reach {text}: refused") and shown in redact(f"reach {text}.")


@pytest.mark.parametrize(
    "text",
    [
        f'Could not connect to the endpoint URL: "http://AKIAIOSFODNN7EXAMPLE:{AWS_SECRET}@127.0.0.1:1/"',
        f"aws_secret_access_key = {AWS_SECRET}",
        f"{{'SecretAccessKey': '{AWS_SECRET}', 'SessionToken': 'x'}}",
        f"Authorization: Bearer {AWS_SECRET}",
        f"the secret is {AWS_SECRET} here",
    ],
)
def test_aws_secrets_in_provider_messages_are_scrubbed(text: str) -> None:
    assert AWS_SECRET not in redact(text)
    assert AWS_SECRET not in UnavailableError(text, title=text).message
    assert AWS_SECRET not in str(ProviderError(text, title="x"))


def test_secret_environment_values_are_scrubbed_wherever_they_appear(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MY_SERVICE_TOKEN", TOKEN)
    assert TOKEN not in redact(f"upstream said: bad value {TOKEN}!")


def test_plain_text_is_left_alone() -> None:
    for text in (
        "ftui never stores secrets; remove it",
        "file-abc123 has 3 error(s)",
        "sha1 3f786850e387550fdab836ed7e6dc881de23001b",
        "https://api.openai.com/v1/fine_tuning/jobs",
        "n_epochs=3 batch_size=8",
        "/tmp/pytest-of-root/pytest-1/test_Launch0/train.jsonl",
    ):
        assert redact(text) == text


# -- the base URL a profile really uses ---------------------------------------------------------------
def test_a_profile_is_described_by_the_base_url_the_sdk_uses(monkeypatch: pytest.MonkeyPatch) -> None:
    assert "api.openai.com" in Profile("o", "openai", {}).describe()
    monkeypatch.setenv("OPENAI_BASE_URL", f"http://bob:{SECRET}@127.0.0.1:8765/v1")
    shown = Profile("o", "openai", {}).describe()
    assert "bob:***@127.0.0.1:8765" in shown and "api.openai.com" not in shown and SECRET not in shown
    explicit = Profile("o", "openai", {"base_url": "http://127.0.0.1:9/v1"}).describe()
    assert "127.0.0.1:9" in explicit and "8765" not in explicit  # the option wins over the environment
    monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", "https://res.openai.azure.com/")
    assert "res.openai.azure.com" in Profile("a", "azure-openai", {}).describe()


# -- CLI -----------------------------------------------------------------------------------------------
def _dead_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    emu = Emulator(seed=1, clock=ManualClock()).start()
    try:
        yield emu
    finally:
        emu.stop()


def _secret_url(base_url: str) -> str:
    return base_url.replace("http://", f"http://bob:{SECRET}@") + f"?api-key={TOKEN}"


def _write_config(text: str) -> None:
    Path(os.environ["FTUI_CONFIG"]).write_text(text)


def _all_output(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    return captured.out + captured.err


def test_cli_outputs_never_show_a_url_secret(
    emulator: Emulator, write_train: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dead = f"http://127.0.0.1:{_dead_port()}/v1"
    _write_config(
        f'[profiles.emu]\nkind = "emulator"\nbase_url = "{_secret_url(emulator.base_url)}"\n'
        f'max_retries = 0\n[profiles.dead]\nkind = "emulator"\nbase_url = "{_secret_url(dead)}"\n'
        "max_retries = 0\n"
    )
    outputs = []
    assert main(["config", "show"]) == 0
    outputs.append(_all_output(capsys))
    assert "bob:***@127.0.0.1" in outputs[-1] and "api-key=***" in outputs[-1]
    assert (
        main(
            [
                "launch",
                "--profile",
                "emu",
                "--model",
                "gpt-4o-mini-2024-07-18",
                "--train",
                str(write_train),
                "--dry-run",
            ]
        )
        == 0
    )
    outputs.append(_all_output(capsys))
    assert "Dry run on emu" in outputs[-1]
    assert main(["jobs", "list", "--profile", "dead"]) != 0
    outputs.append(_all_output(capsys))
    assert "bob:***@" in outputs[-1]
    assert main(["jobs", "show", "ftjob-nope", "--profile", "dead"]) != 0
    outputs.append(_all_output(capsys))
    assert (
        main(["launch", "--profile", "dead", "--model", "gpt-4o-mini-2024-07-18", "--train", str(write_train), "--yes"])
        != 0
    )
    outputs.append(_all_output(capsys))
    for text in outputs:
        assert SECRET not in text and TOKEN not in text, text


@pytest.fixture
def write_train(tmp_path: Path) -> Path:
    import json

    path = tmp_path / "train.jsonl"
    rows = [
        {"messages": [{"role": "user", "content": f"q{i}"}, {"role": "assistant", "content": f"a{i}"}]}
        for i in range(12)
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_bedrock_errors_never_show_the_endpoint_password_or_the_aws_secret(
    aws_env: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", AWS_SECRET)
    encoded = AWS_SECRET.replace("/", "%2F")
    endpoint = f"http://AKIAIOSFODNN7EXAMPLE:{encoded}@127.0.0.1:{_dead_port()}"
    _write_config(f'[profiles.br]\nkind = "bedrock"\nregion = "us-east-1"\nbucket = "b"\nendpoint_url = "{endpoint}"\n')
    assert main(["config", "show"]) == 0
    shown = _all_output(capsys)
    assert main(["jobs", "list"]) != 0
    shown += _all_output(capsys)
    assert ":***@127.0.0.1" in shown
    provider = make_provider(load_config().profiles[0])
    with pytest.raises(ProviderError) as info:
        provider.get_job("arn:aws:bedrock:us-east-1:123456789012:model-customization-job/abc")
    shown += str(info.value)
    for secret in (AWS_SECRET, encoded, "AKIAIOSFODNN7EXAMPLE"):
        assert secret not in shown, shown


def test_a_pasted_secret_that_breaks_the_url_is_a_config_problem_shown_masked(
    aws_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    endpoint = f"http://AKIAIOSFODNN7EXAMPLE:{AWS_SECRET}@127.0.0.1:{_dead_port()}"  # raw "/" in the password
    _write_config(f'[profiles.br]\nkind = "bedrock"\nregion = "us-east-1"\nendpoint_url = "{endpoint}"\n')
    assert main(["config", "show"]) == 1
    shown = _all_output(capsys)
    assert "profiles.br.endpoint_url" in shown and "not a valid http(s) URL" in shown
    assert main(["jobs", "list"]) != 0
    shown += _all_output(capsys)
    assert AWS_SECRET not in shown and "Traceback" not in shown


# -- TUI -----------------------------------------------------------------------------------------------
async def test_tui_header_and_notices_never_show_a_url_secret(emulator: Emulator, tmp_path: Path) -> None:
    dead = f"http://127.0.0.1:{_dead_port()}/v1"
    profiles = (
        Profile("emu", "emulator", {"base_url": _secret_url(emulator.base_url), "max_retries": 0}),
        Profile("dead", "emulator", {"base_url": _secret_url(dead), "max_retries": 0}),
    )
    _write_config(f'dataset_dirs = ["{tmp_path}"]\n')
    app = FtuiApp(Session(profiles=profiles), load_config())
    screens: list[str] = []
    async with app.run_test(size=(200, 50)) as pilot:
        for key in ("1", "2", "3", "4"):
            for _ in range(3):
                await app.workers.wait_for_complete()
                await pilot.pause()
            await pilot.press(key)
            await pilot.pause()
            screens.append(_screen_text(app))
        notices = " ".join(str(n.message) + str(n.title) for n in app._notifications)
    app.session.close()
    text = " ".join(screens) + notices
    assert SECRET not in text and TOKEN not in text
    assert "bob:***@127.0.0.1" in text


def _screen_text(app: Any) -> str:
    from html import unescape

    return unescape(app.export_screenshot()).replace("\xa0", " ")
