"""The provider and dataset layers stay free of Textual, and SDKs load only when used."""

from __future__ import annotations

import subprocess
import sys

import pytest


def _loaded_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(' '.join(sorted(m.split('.')[0] for m in sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_providers_import_neither_textual_nor_sdks() -> None:
    loaded = _loaded_after("import ftui.providers")
    assert not loaded & {"textual", "rich", "openai", "boto3", "botocore"}


def test_making_an_openai_provider_does_not_load_boto3_or_textual() -> None:
    loaded = _loaded_after(
        "from ftui.providers import make_provider, Profile; make_provider(Profile('p', 'openai', {}))"
    )
    assert "openai" in loaded
    assert not loaded & {"textual", "boto3", "botocore"}


def test_emulator_imports_only_the_standard_library() -> None:
    loaded = _loaded_after("import ftui.emulator")
    assert not loaded & {"textual", "rich", "openai", "boto3", "botocore", "httpx2"}


@pytest.mark.parametrize("module", ["ftui.providers.openai_provider", "ftui.providers.bedrock_provider"])
def test_each_provider_module_stays_free_of_textual(module: str) -> None:
    assert not _loaded_after(f"import {module}") & {"textual", "rich"}
