"""Sampling, scoring, the cost estimate and the summary: the pure parts of an evaluation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ftui.evaluate.plan import EvalPlan, estimate_cost, sample, sample_examples
from ftui.evaluate.prices import ModelPrice, price_table
from ftui.evaluate.runner import CANCELLED, ExampleResult, SideResult
from ftui.evaluate.scores import exact_match, token_f1, valid_json
from ftui.evaluate.summary import summarize

FT = "ft:gpt-4o-mini-2024-07-18:org:support:abc123"
BASE = "gpt-4o-mini-2024-07-18"


def _chat(i: int, answer: str | None = None) -> str:
    messages = [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": f"Question {i}?"},
        {"role": "assistant", "content": answer if answer is not None else f"Answer {i}."},
    ]
    return json.dumps({"messages": messages})


def test_prompt_is_the_conversation_up_to_the_last_assistant_turn(tmp_path: Path) -> None:
    line = {
        "messages": [
            {"role": "user", "content": "hi"},
            {"role": "assistant", "content": "hello", "weight": 0},
            {"role": "user", "content": "and then?"},
            {"role": "assistant", "content": [{"type": "text", "text": "then"}, {"type": "text", "text": " this"}]},
            {"role": "user", "content": "a trailing user turn is not part of the prompt"},
        ]
    }
    path = tmp_path / "f.jsonl"
    path.write_text(json.dumps(line) + "\n")
    [example] = sample_examples(path, 5)
    assert example.index == 1
    assert [m["content"] for m in example.prompt] == ["hi", "hello", "and then?"]
    assert example.reference == "then this"


def test_bad_lines_are_skipped_and_counted_by_reason(tmp_path: Path) -> None:
    lines = [
        _chat(1),
        "{not json",
        json.dumps({"messages": [{"role": "user", "content": "no answer"}]}),
        json.dumps([1, 2]),
        json.dumps({"messages": [{"role": "assistant", "content": "alone"}]}),
        json.dumps({"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "tool_calls": []}]}),
        "",
        _chat(2),
    ]
    path = tmp_path / "f.jsonl"
    path.write_text("\n".join(lines) + "\n")
    drawn = sample(path, 10)
    assert [e.index for e in drawn.examples] == [1, 8]
    assert drawn.usable == 2
    assert drawn.skipped == {
        "not valid JSON": 1,
        "no assistant turn": 1,
        "no messages list": 1,
        "nothing before the assistant turn": 1,
        "the assistant turn has no text": 1,
    }


def test_sampling_is_seeded_uniform_and_in_file_order(tmp_path: Path) -> None:
    path = tmp_path / "f.jsonl"
    path.write_text("\n".join(_chat(i) for i in range(500)) + "\n")
    first = [e.index for e in sample_examples(path, 20, seed=7)]
    assert first == [e.index for e in sample_examples(path, 20, seed=7)]
    assert first != [e.index for e in sample_examples(path, 20, seed=8)]
    assert first == sorted(first) and len(set(first)) == 20
    assert max(first) > 250  # a reservoir, not the first 20 lines
    assert len(sample_examples(path, 1000)) == 500


@pytest.mark.parametrize(
    ("answer", "reference", "exact", "f1"),
    [
        ("The answer is 42.", "answer is 42", True, 1.0),
        ("  PARIS ", "Paris", True, 1.0),
        ("cat sat", "the cat sat down", False, 0.8),
        ("", "something", False, 0.0),
        ("", "", True, 1.0),
        ("totally different", "nothing shared", False, 0.0),
    ],
)
def test_exact_match_and_token_f1_follow_squad(answer: str, reference: str, exact: bool, f1: float) -> None:
    assert exact_match(answer, reference) is exact
    assert token_f1(answer, reference) == pytest.approx(f1)


def test_valid_json_only_where_the_reference_is_json() -> None:
    assert valid_json('{"a": 1}', '{"b": 2}') is True
    assert valid_json('```json\n{"a": 1}\n```', "[1]") is True
    assert valid_json('{"a": 1', '{"b": 2}') is False
    assert valid_json('{"a": 1}', "plain words") is None


def test_cost_uses_known_prices_and_says_unknown_otherwise(tmp_path: Path) -> None:
    path = tmp_path / "f.jsonl"
    path.write_text("\n".join(_chat(i, "word " * 50) for i in range(10)) + "\n")
    examples = sample_examples(path, 10)
    plan = EvalPlan("p", FT, BASE, path, 10)
    cost = estimate_cost(plan, examples, price_table((FT, BASE)))
    assert cost.exact  # tiktoken, offline cache
    assert 10 * 15 < cost.input_tokens < 10 * 40 and 10 * 45 < cost.output_tokens < 10 * 60
    assert cost.dollars[FT] == pytest.approx((cost.input_tokens * 0.30 + cost.output_tokens * 1.20) / 1e6)
    assert cost.dollars[BASE] is None and cost.total_dollars is None
    assert "unknown" in cost.describe()
    configured = price_table((FT, BASE), {BASE: ModelPrice(0.15, 0.60)})
    assert estimate_cost(plan, examples, configured).total_dollars is not None
    capped = estimate_cost(EvalPlan("p", FT, BASE, path, 10, max_tokens=5), examples, {})
    assert capped.output_tokens == 50


def test_summary_counts_sides_and_win_rate_excludes_ties(tmp_path: Path) -> None:
    path = tmp_path / "f.jsonl"
    path.write_text("\n".join(_chat(i) for i in range(5)) + "\n")
    examples = sample_examples(path, 5)
    ok = SideResult("x", True)
    results = [ExampleResult(e, SideResult("x", True), SideResult("y", True)) for e in examples]
    results[0].b = SideResult("", True, error="HTTP 500")
    results[1].a = SideResult("", True, error=CANCELLED)
    for result, verdict in zip(results, ["better", "better", "worse", "same", None], strict=True):
        result.verdict = verdict
        for name in ("a", "b"):
            if result.side(name).answered:
                result.scores[name] = {"exact": name == "a", "f1": 1.0 if name == "a" else 0.5, "json": None}
    summary = summarize(results)
    assert (summary.a.answered, summary.a.failed, summary.a.cancelled) == (4, 0, 1)
    assert (summary.b.answered, summary.b.failed) == (4, 1)
    assert summary.a.exact == 1.0 and summary.b.f1 == 0.5 and summary.a.json is None
    assert summary.win_rate == pytest.approx(2 / 3) and summary.ties == 1
    assert ok.answered
