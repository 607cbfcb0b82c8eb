"""Bedrock per-job settings in the launch form: checked as typed, passed to the job."""

from __future__ import annotations

import pytest

from ftui.launch import LaunchForm
from ftui.launch.form import field_errors
from ftui.providers.bedrock_provider import BedrockProvider
from ftui.providers.openai_provider import OpenAIProvider


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"model_name": "has spaces"}, "model_name"),
        ({"model_name": "a" * 64}, "model_name"),
        ({"role_arn": "admin"}, "role_arn"),
        ({"output_uri": "bucket/prefix"}, "output_uri"),
    ],
)
def test_bad_bedrock_settings_are_named(options: dict[str, str], field: str) -> None:
    assert field in field_errors(LaunchForm(profile="b", options=options), BedrockProvider)


def test_good_bedrock_settings_pass_and_openai_ignores_them(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "t.jsonl").write_text("{}\n")
    good = {
        "model_name": "support-v3",
        "role_arn": "arn:aws:iam::123456789012:role/ft",
        "output_uri": "s3://bucket/out/",
    }
    assert field_errors(LaunchForm(profile="b", training="t.jsonl", options=good), BedrockProvider) == {}
    openai_form = LaunchForm(profile="o", training="t.jsonl", options={"model_name": "x y"})
    assert field_errors(openai_form, OpenAIProvider) == {}
