"""Parsing ``--set`` values and form text against the provider schemas."""

from __future__ import annotations

import pytest

from ftui.launch import ValueProblem, parse_assignment, parse_value, range_text, validate
from ftui.providers.bedrock_catalog import schema_for
from ftui.providers.openai_catalog import hyperparameters

from .conftest import HAIKU, MODEL

OPENAI = {p.name: p for p in hyperparameters(MODEL, "dpo")}
HAIKU_SCHEMA = {p.name: p for p in schema_for(HAIKU)}


@pytest.mark.parametrize(
    ("schema", "name", "text", "expected"),
    [
        (OPENAI, "n_epochs", "3", 3),
        (OPENAI, "n_epochs", "AUTO", "auto"),
        (OPENAI, "n_epochs", "4.0", 4),
        (OPENAI, "batch_size", "256", 256),
        (OPENAI, "learning_rate_multiplier", "0.05", 0.05),
        (OPENAI, "beta", "2", 2.0),
        (OPENAI, "n_epochs", "", None),
        (HAIKU_SCHEMA, "epochCount", "10", 10),
        (HAIKU_SCHEMA, "learningRateMultiplier", "0.1", 0.1),
        (HAIKU_SCHEMA, "earlyStoppingThreshold", "0", 0.0),
    ],
)
def test_valid_values(schema: dict, name: str, text: str, expected: object) -> None:
    value = parse_value(schema[name], text)
    assert value == expected and type(value) is type(expected)


@pytest.mark.parametrize(
    ("schema", "name", "text", "message"),
    [
        (OPENAI, "n_epochs", "51", "n_epochs must be ≤ 50 (1–50, or auto)"),
        (OPENAI, "n_epochs", "0", "n_epochs must be ≥ 1 (1–50, or auto)"),
        (OPENAI, "n_epochs", "2.5", "n_epochs must be an integer (1–50, or auto)"),
        (OPENAI, "n_epochs", "three", "n_epochs must be an integer (1–50, or auto)"),
        (OPENAI, "batch_size", "257", "batch_size must be ≤ 256 (1–256, or auto)"),
        (OPENAI, "learning_rate_multiplier", "0", "learning_rate_multiplier must be > 0 (> 0, or auto)"),
        (OPENAI, "learning_rate_multiplier", "x", "learning_rate_multiplier must be a number (> 0, or auto)"),
        (OPENAI, "learning_rate_multiplier", "nan", "learning_rate_multiplier must be a finite number (> 0, or auto)"),
        (OPENAI, "beta", "2.5", "beta must be ≤ 2 (> 0, ≤ 2, or auto)"),
        (HAIKU_SCHEMA, "epochCount", "auto", 'epochCount does not accept "auto" (1–10)'),
        (HAIKU_SCHEMA, "batchSize", "2", "batchSize must be ≥ 4 (4–256)"),
        (HAIKU_SCHEMA, "learningRateMultiplier", "3", "learningRateMultiplier must be ≤ 2 (0.1–2)"),
    ],
)
def test_invalid_values_name_the_range(schema: dict, name: str, text: str, message: str) -> None:
    with pytest.raises(ValueProblem) as info:
        parse_value(schema[name], text)
    assert info.value.message == message and info.value.name == name


def test_validate_collects_every_problem_and_unknown_names() -> None:
    values, errors = validate(list(OPENAI.values()), {"n_epochs": "3", "beta": "9", "epochs": "2"}, MODEL, "dpo")
    assert values == {"n_epochs": 3}
    assert set(errors) == {"beta", "epochs"}
    assert "unknown hyperparameter 'epochs'" in errors["epochs"] and "n_epochs" in errors["epochs"]


def test_assignment() -> None:
    assert parse_assignment(" n_epochs = 3 ") == ("n_epochs", "3")
    for bad in ("n_epochs", "=3"):
        with pytest.raises(ValueProblem):
            parse_assignment(bad)


def test_range_texts() -> None:
    assert range_text(OPENAI["n_epochs"]) == "1–50, or auto"
    assert range_text(HAIKU_SCHEMA["earlyStoppingThreshold"]) == "0–0.1"
