"""pytest fixtures for Bedrock tests: a real moto server, dummy AWS env, a driver.

Import the fixtures into a test module or conftest::

    from tests.providers.bedrock_fixtures import aws_env, bedrock_driver, moto_endpoint  # noqa: F401

``moto_endpoint`` is module-scoped (one ThreadedMotoServer per test module);
``bedrock_driver`` resets moto's state and recreates the bucket for each test.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from moto.server import ThreadedMotoServer

if __package__:  # imported as a package module (e.g. ``tests.providers.bedrock_fixtures``)
    from .bedrock_driver import BedrockDriver
else:  # imported with tests/providers on sys.path (pytest's default rootdir-less import)
    from bedrock_driver import BedrockDriver

_AWS_VARS = (
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_SESSION_TOKEN",
    "AWS_SECURITY_TOKEN",
    "AWS_ROLE_ARN",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_S3",
    "AWS_ENDPOINT_URL_BEDROCK",
    "AWS_REGION",
)


@pytest.fixture(scope="module")
def moto_endpoint() -> Iterator[str]:
    """A moto server on a free localhost port, for the whole module: its base URL."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


@pytest.fixture
def aws_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Dummy credentials and region in the environment; no real AWS config is read."""
    for name in _AWS_VARS:
        monkeypatch.delenv(name, raising=False)
    empty = tmp_path_factory.mktemp("aws")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(empty / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(empty / "credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")


@pytest.fixture
def bedrock_driver(moto_endpoint: str, aws_env: None) -> Iterator[BedrockDriver]:
    """A :class:`BedrockDriver` on a freshly reset moto server."""
    driver = BedrockDriver(moto_endpoint)
    driver.reset()
    try:
        yield driver
    finally:
        driver.close()
