"""Preview figures: auto epochs, steps, billed tokens and dollars, and the dataset warnings."""

from __future__ import annotations

import math

import tiktoken

from ftui.launch import build_preview, check_data
from ftui.providers.bedrock_catalog import schema_for
from ftui.providers.openai_catalog import hyperparameters

from .conftest import HAIKU, MODEL, Writer, chat, claude


def _tokens(example: dict) -> int:
    """The cookbook's count (docs/dataset-formats.md#token-counts-epochs-and-cost), by hand: 3 a message, values, 3."""
    enc = tiktoken.get_encoding("o200k_base")
    return sum(3 + sum(len(enc.encode(v)) for v in m.values()) for m in example["messages"]) + 3


def test_small_set_auto_epochs_steps_tokens_and_cost(write: Writer) -> None:
    path = write("small.jsonl", 20)
    report = check_data(str(path), MODEL)
    preview = build_preview(MODEL, "supervised", hyperparameters(MODEL, "supervised"), {"batch_size": 4}, report)
    assert preview.examples == 20
    assert preview.epochs == 5  # 20 × 3 < 100 → 100 // 20
    assert preview.steps == math.ceil(20 * 5 / 4) == 25 and not preview.steps_estimated
    per_epoch = sum(_tokens(chat(i)) for i in range(20))
    assert preview.billed_tokens == 5 * per_epoch
    assert preview.usd == round(5 * per_epoch * 3.00 / 1_000_000, 6)
    assert {r.name: r.source for r in preview.resolved} == {
        "n_epochs": "auto",
        "batch_size": "set",
        "learning_rate_multiplier": "auto",
    }
    assert preview.ok


def test_large_set_auto_epochs_and_estimated_batch(write: Writer) -> None:
    path = write("large.jsonl", 10_000)
    report = check_data(str(path), MODEL)
    preview = build_preview(MODEL, "supervised", hyperparameters(MODEL, "supervised"), {}, report)
    assert preview.epochs == 2  # 10,000 × 3 > 25,000 → 25,000 // 10,000
    assert preview.batch_size == 20 and preview.steps_estimated
    assert preview.steps == 1_000
    assert preview.billed_tokens == 2 * report.tokens.total


def test_explicit_epochs_change_cost(write: Writer) -> None:
    report = check_data(str(write("t.jsonl", 50)), MODEL)
    auto = build_preview(MODEL, "supervised", hyperparameters(MODEL, "supervised"), {}, report)
    four = build_preview(MODEL, "supervised", hyperparameters(MODEL, "supervised"), {"n_epochs": 4}, report)
    assert auto.epochs == 3 and four.epochs == 4
    assert four.billed_tokens * 3 == auto.billed_tokens * 4


def test_warnings_too_few_and_wrong_format(write: Writer) -> None:
    few = check_data(str(write("few.jsonl", 5)), MODEL)
    preview = build_preview(MODEL, "supervised", hyperparameters(MODEL, "supervised"), {}, few)
    assert any("needs at least 10" in e for e in preview.errors)
    chat_for_babbage = check_data(str(write("chat.jsonl", 20)), "babbage-002")
    preview = build_preview(
        "babbage-002", "supervised", hyperparameters("babbage-002", "supervised"), {}, chat_for_babbage
    )
    assert any("babbage-002 trains on prompt-completion" in e for e in preview.errors)
    chat_for_claude = check_data(str(write("chat2.jsonl", 40)), HAIKU)
    preview = build_preview(HAIKU, "supervised", schema_for(HAIKU), {}, chat_for_claude)
    assert any("bedrock-claude" in e for e in preview.errors), preview.errors


def test_bedrock_defaults_steps_and_record_limit(write: Writer) -> None:
    report = check_data(str(write("claude.jsonl", 64, claude)), HAIKU)
    preview = build_preview(HAIKU, "supervised", schema_for(HAIKU), {"batchSize": 8}, report)
    assert preview.epochs == 2 and preview.batch_size == 8
    assert preview.steps == 16
    assert preview.usd is None and preview.billed_tokens == 2 * report.tokens.total
    assert preview.ok and "price unknown" in preview.figures()
    small = check_data(str(write("claude-small.jsonl", 10, claude)), HAIKU)
    preview = build_preview(HAIKU, "supervised", schema_for(HAIKU), {}, small)
    assert any("needs at least 32" in e for e in preview.errors)


def test_no_report_still_resolves_values() -> None:
    preview = build_preview(MODEL, "dpo", hyperparameters(MODEL, "dpo"), {"beta": 0.5}, None)
    assert preview.examples is None and preview.steps is None
    assert "once a local training file is chosen" in preview.figures()
    assert any(r.name == "beta" and r.value == 0.5 for r in preview.resolved)
