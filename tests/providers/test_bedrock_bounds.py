"""Bedrock reads are bounded too: one attempt from botocore, a total deadline from ftui, the one read policy."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from ftui.emulator import Emulator, ManualClock
from ftui.providers import Profile, UnavailableError, make_provider, retry
from ftui.providers.bedrock_provider import BedrockProvider
from tests.providers.bedrock_fixtures import aws_env  # noqa: F401


@pytest.fixture
def hostile(aws_env: None) -> Iterator[tuple[Emulator, BedrockProvider]]:
    """A Bedrock provider whose endpoint is the chaos emulator (it answers AWS calls with JSON 404s)."""
    with Emulator(clock=ManualClock(), trickle_delay=0.2) as emu:
        endpoint = emu.base_url  # every AWS path is an unknown /v1 URL: a JSON 404
        provider = make_provider(
            Profile("b", "bedrock", {"region": "us-east-1", "endpoint_url": endpoint, "bucket": "bkt"})
        )
        assert isinstance(provider, BedrockProvider)
        provider.deadline = 1.0
        yield emu, provider
        provider.close()


def test_a_trickling_aws_endpoint_ends_at_the_deadline(hostile: tuple[Emulator, BedrockProvider]) -> None:
    emu, provider = hostile
    emu.chaos.set("trickle")
    start = time.monotonic()
    with pytest.raises(retry.DeadlineExceededError) as raised:
        provider.get_job("job-1")
    assert time.monotonic() - start < 3.0 and "within 1 s" in raised.value.message


def test_botocore_does_not_retry_underneath(hostile: tuple[Emulator, BedrockProvider]) -> None:
    emu, provider = hostile
    emu.inject("500", 5)
    with pytest.raises(UnavailableError):
        provider.list_jobs_page()  # outside a one-shot block: exactly one attempt
    assert emu.chaos.total == 1, "no hidden SDK retries"
