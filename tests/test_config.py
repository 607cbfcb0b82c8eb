"""The config file: profiles, settings, and problems that name the key and line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ftui.config import load_config


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_profiles_of_every_kind_are_read_in_order(tmp_path: Path) -> None:
    config = load_config(
        _write(
            tmp_path,
            """
default_profile = "bedrock"
refresh_interval = 10

[profiles.openai]
kind = "openai"

[profiles.azure]
kind = "azure-openai"
endpoint = "https://example.openai.azure.com"
api_version = "2025-04-01-preview"

[profiles.local]
kind = "openai"
base_url = "http://127.0.0.1:8000/v1"

[profiles.bedrock]
kind = "bedrock"
region = "us-west-2"
bucket = "ft-data"
role_arn = "arn:aws:iam::123456789012:role/BedrockFT"
output_prefix = "runs"
""",
        )
    )
    assert config.problems == ()
    assert [p.name for p in config.profiles] == ["openai", "azure", "local", "bedrock"]
    assert config.profiles[3].get("role_arn") == "arn:aws:iam::123456789012:role/BedrockFT"
    assert config.default_profile == "bedrock"
    assert config.refresh_interval == 10


def test_a_secret_in_the_config_is_refused_with_its_line_and_never_kept(tmp_path: Path) -> None:
    config = load_config(_write(tmp_path, '[profiles.openai]\nkind = "openai"\napi_key = "sk-live-abcdef123456"\n'))
    (problem,) = config.problems
    assert problem.line == 3 and problem.key == "profiles.openai.api_key"
    assert "never stores secrets" in problem.message
    assert "api_key" not in config.profiles[0].options


def test_invalid_values_fall_back_to_defaults_and_say_where(tmp_path: Path) -> None:
    config = load_config(_write(tmp_path, 'refresh_interval = "soon"\n[profiles.x]\nkind = "gcp"\n'))
    assert config.refresh_interval == 5.0
    assert config.profiles == ()
    assert {(p.key, p.line) for p in config.problems} == {("refresh_interval", 1), ("profiles.x.kind", 3)}


def test_broken_toml_gives_defaults_and_the_line(tmp_path: Path) -> None:
    config = load_config(_write(tmp_path, '[profiles.a]\nkind = "openai"\nbase_url = \n'))
    (problem,) = config.problems
    assert problem.line == 3
    assert config.profiles == ()


def test_missing_file_is_not_a_problem(tmp_path: Path) -> None:
    config = load_config(tmp_path / "nope.toml")
    assert config.problems == () and config.profiles == ()


def test_ftui_config_env_overrides_the_path(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = _write(tmp_path, '[profiles.o]\nkind = "openai"\n')
    monkeypatch.setenv("FTUI_CONFIG", str(path))
    out = subprocess.run([sys.executable, "-m", "ftui", "config", "path"], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == str(path)


def test_config_edit_creates_a_commented_template_and_runs_the_editor(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "sub" / "config.toml"
    monkeypatch.setenv("FTUI_CONFIG", str(path))
    monkeypatch.setenv("EDITOR", "true")
    from ftui.cli import main

    assert main(["config", "edit"]) == 0
    assert "never stores secrets" in path.read_text()
    assert load_config(path).problems == ()
