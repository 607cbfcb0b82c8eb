"""Fixtures shared by every suite: an isolated environment with no real credentials or config."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.pilot import make_app

REPO = Path(__file__).resolve().parents[1]
_SHARED_CACHE = REPO.parent / "shared" / "tiktoken-cache"
if "TIKTOKEN_CACHE_DIR" not in os.environ and _SHARED_CACHE.is_dir():
    os.environ["TIKTOKEN_CACHE_DIR"] = str(_SHARED_CACHE)  # tests never download encodings


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """No user config, no real keys, no real AWS profile, no terminal size leak into a test."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("FTUI_CONFIG", str(home / "config.toml"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setattr("ftui.files._read_only", False)  # read-only mode is process-wide: never carried over
    monkeypatch.setenv("LANG", "C.UTF-8")  # plots pick braille or ASCII from the locale: fix it
    monkeypatch.setenv("COLUMNS", "100")  # the size a pipe reports, also under xdist or in a real terminal
    monkeypatch.setenv("LINES", "30")
    for name in (
        "LC_ALL",
        "LC_CTYPE",
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "OPENAI_ORG_ID",
        "OPENAI_PROJECT_ID",
        "AZURE_OPENAI_API_KEY",
        "AZURE_OPENAI_ENDPOINT",
        "AWS_PROFILE",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def app_factory() -> Callable[..., object]:
    """``make_app(session, clock=None, config=None, **kwargs)`` from ``tests.pilot``: the app on a session."""
    return make_app
