"""The launch capabilities, one contract over every provider (OpenAI on the emulator, Bedrock on moto).

The launch core (:mod:`ftui.launch`), the launch pane and ``ftui launch`` never ask which kind a provider
is; they ask these capabilities. Each test here fails when a provider's capability disagrees with what
the provider really does with a job.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from ftui.launch import (
    LaunchForm,
    LaunchPlan,
    clone_job,
    explain_refusal,
    field_errors,
    find_launched,
    submit,
)
from ftui.launch.values import validate
from ftui.providers import (
    InvalidRequestError,
    PermissionDeniedError,
    Profile,
    provider_class,
)
from ftui.providers.base import Provider


def _no_sleep(_seconds: float) -> None:
    return None


def _option_values(provider: Provider) -> dict[str, str]:
    """A valid value for each job option the provider declares (checked by its own rules first)."""
    samples = {
        "model_name": "contract-model",
        "role_arn": str(provider.profile.get("role_arn") or ""),
        "output_uri": f"s3://{provider.profile.get('bucket')}/contract-out/",
    }
    return {o.param.name: samples.get(o.param.name, "x") for o in provider.job_options(provider.profile)}


def test_a_launch_is_named_tagged_found_and_cloned_back(driver: Any, datasets: tuple[Path, Path]) -> None:
    provider: Provider = driver.provider
    train, valid = datasets
    spec = driver.spec(provider.upload_file(train), None, "ignored")
    options = _option_values(provider)
    assert provider.job_option_problems(options) == {}
    assert provider.job_name_problem("support-bot") is None
    plan = LaunchPlan(
        spec.base_model,
        spec.training_file,
        str(valid),
        spec.method,
        spec.hyperparameters,
        "support-bot",
        7,
        {"team": "cx"},
        {**options, "not_an_option": "dropped"},
    )
    lines: list[str] = []
    job = submit(provider, plan, launch_id="c0ffee00", progress=lines.append, sleep=_no_sleep)

    # Uploads say where they go; the launch id is found again however the provider carries it.
    assert any(f"to {provider.upload_destination} " in line for line in lines), lines
    found = find_launched(provider, "c0ffee00")
    assert found is not None and found.id == job.id
    assert find_launched(provider, "0badf00d") is None
    # A clone gives back what the user typed, as far as the provider keeps it.
    form = clone_job(provider.get_job(job.id))
    assert form.suffix == "support-bot"
    assert form.method in provider.clone_methods
    assert form.metadata == ({"team": "cx"} if provider.clone_keeps_metadata else {})
    assert form.seed == ("7" if provider.supports_seed else "")


def test_bad_hyperparameters_are_refused_in_the_launch_forms_words(driver: Any, datasets: tuple[Path, Path]) -> None:
    provider: Provider = driver.provider
    spec = driver.spec(provider.upload_file(datasets[0]), None, "bad")
    schema = provider.hyperparameters(spec.base_model, spec.method)
    first = schema[0]
    too_big = (first.maximum or 0) + 1000
    _values, errors = validate(schema, {first.name: str(too_big)})
    for values, param in (({first.name: too_big}, first.name), ({"no_such_knob": 1}, "no_such_knob")):
        with pytest.raises(InvalidRequestError) as caught:
            provider.create_job(replace(spec, hyperparameters=values))
        assert caught.value.param == param
    with pytest.raises(InvalidRequestError) as caught:
        provider.create_job(replace(spec, hyperparameters={first.name: too_big}))
    assert caught.value.message == errors[first.name] + "."  # the same words as the launch form's field


def test_launch_problems_block_only_incomplete_profiles(driver: Any) -> None:
    provider: Provider = driver.provider
    assert provider.launch_problems(provider.profile, {}, remote_training=False) == {}
    bare = Profile("bare", provider.profile.kind, {"region": provider.profile.get("region")})
    problems = provider.launch_problems(bare, {}, remote_training=False)
    named = {o.param.name for o in provider.job_options(bare)} | {"bucket"}
    assert set(problems) <= named
    assert all("bare" in text for text in problems.values())
    # Every problem a form-supplied option can fix goes away when the form supplies it.
    fixed = provider.launch_problems(
        bare, {k: v for k, v in _option_values(provider).items() if k in problems}, remote_training=True
    )
    assert set(fixed) <= set(problems) - set(_option_values(provider))


def test_refusals_keep_the_providers_message(driver: Any) -> None:
    provider: Provider = driver.provider
    error = PermissionDeniedError("not authorized to do that")
    text = explain_refusal(error, provider, "some-model", getattr(provider, "region", None))
    assert "not authorized to do that" in text


def test_the_form_checks_names_and_options_by_the_providers_rules(driver: Any, tmp_path: Path) -> None:
    provider: Provider = driver.provider
    train = tmp_path / "t.jsonl"
    train.write_text("{}\n")
    form = LaunchForm(
        profile=provider.name, training=str(train), suffix="support-bot", options=_option_values(provider)
    )
    assert field_errors(form, type(provider)) == {}
    assert provider_class(provider.profile.kind) is type(provider)
    tag = "x" * (provider.tag_value_max + 1)
    assert "metadata" in field_errors(
        LaunchForm(profile=provider.name, training=str(train), metadata={"k": tag}), provider
    )
