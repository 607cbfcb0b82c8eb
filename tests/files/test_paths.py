"""ftui.paths: the XDG variables win; without them, the same Linux directories as before platformdirs."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from ftui import paths
from ftui.launch.pending import launches_path
from ftui.launch.store import draft_path, presets_path
from ftui.state import state_path


def test_the_variables_the_tests_set_are_honoured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "c"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "s"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "k"))
    monkeypatch.delenv("FTUI_CONFIG")
    assert paths.config_path() == tmp_path / "c" / "ftui" / "config.toml"
    assert presets_path() == tmp_path / "c" / "ftui" / "presets.toml"
    assert state_path() == tmp_path / "s" / "ftui" / "state.json"
    assert draft_path() == tmp_path / "s" / "ftui" / "launch-draft.json"
    assert launches_path() == tmp_path / "s" / "ftui" / "launches.json"
    assert paths.cache_dir() == tmp_path / "k" / "ftui"
    monkeypatch.setenv("FTUI_CONFIG", str(tmp_path / "elsewhere.toml"))
    assert paths.config_path() == tmp_path / "elsewhere.toml"
    assert presets_path() == tmp_path / "presets.toml"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the XDG defaults are Linux's")
def test_linux_defaults_are_the_directories_users_already_have(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "FTUI_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert paths.config_path() == tmp_path / ".config" / "ftui" / "config.toml"
    assert paths.state_dir() == tmp_path / ".local" / "state" / "ftui"
    assert paths.cache_dir() == tmp_path / ".cache" / "ftui"
