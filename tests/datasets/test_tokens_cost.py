"""Token counts against the cookbook formula; cost against the guide's worked examples."""

from __future__ import annotations

import json
import math
import socket

import pytest
import tiktoken

from ftui.datasets import default_epochs, estimate_cost, resolve_model, scan
from ftui.datasets import tokens as tokens_module
from ftui.datasets.worker import reset_counters
from tests.datasets.conftest import chat, claude, tool_example


def cookbook_total(records: list[dict], encoding: str) -> tuple[int, list[int]]:
    """What Chat_finetuning_data_prep.ipynb computes (num_tokens_from_messages)."""
    enc = tiktoken.get_encoding(encoding)
    per_example = []
    for ex in records:
        n = 0
        for message in ex["messages"]:
            n += 3
            for key, value in message.items():
                n += len(enc.encode(value))
                if key == "name":
                    n += 1
        per_example.append(n + 3)
    return sum(per_example), per_example


@pytest.mark.parametrize(
    ("model", "encoding"), [("gpt-4o-mini-2024-07-18", "o200k_base"), ("gpt-3.5-turbo-0125", "cl100k_base")]
)
def test_plain_chat_totals_equal_the_cookbook(write, model, encoding) -> None:
    records = [chat(i) for i in range(40)]
    records[3]["messages"][1]["name"] = "example_user"
    expected, per_example = cookbook_total(records, encoding)
    report = scan(write("chat.jsonl", records), model=model)
    assert report.tokens.encoding == encoding and report.tokens.exact
    assert report.tokens.total == expected
    assert (report.tokens.min, report.tokens.max) == (min(per_example), max(per_example))
    enc = tiktoken.get_encoding(encoding)
    assert report.tokens.assistant_total == sum(len(enc.encode(r["messages"][2]["content"])) for r in records)


def test_tool_data_counts_structures_as_compact_json_and_weights_as_zero(write) -> None:
    ex = tool_example(1)
    enc = tiktoken.get_encoding("o200k_base")

    def n(value) -> int:
        text = value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))
        return len(enc.encode(text))

    m = ex["messages"]
    expected = (
        3
        + n("user")
        + n(m[0]["content"])
        + 3
        + n("assistant")
        + n(m[1]["tool_calls"])
        + 3
        + n("tool")
        + n(m[2]["tool_call_id"])
        + n("21.0")
        + 3
        + n("assistant")
        + n(m[3]["content"])
        + n(ex["tools"])
        + 3
    )
    report = scan(write("tools.jsonl", [ex] * 1))
    assert report.tokens.total == expected
    # weight 0: the tool-call turn is not trained on, so only the final answer counts
    assert report.tokens.assistant_total == n(m[3]["content"])


def test_bedrock_counts_are_labelled_estimates(write) -> None:
    report = scan(write("c.jsonl", [claude(i) for i in range(40)]))
    assert report.tokens.exact is False
    assert report.tokens.encoding.startswith("estimate")


def test_no_encoding_offline_gives_a_labelled_estimate_without_network(write, monkeypatch, tmp_path) -> None:
    def no_network(*args, **kwargs):
        raise AssertionError("tried to open a network connection")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path / "empty-cache"))
    reset_counters()
    try:
        path = write("chat.jsonl", [chat(i) for i in range(12)])
        counter = tokens_module.TokenCounter("o200k_base")
        report = scan(path, workers=1)
    finally:
        reset_counters()
    assert not counter.exact and counter.unavailable
    assert report.tokens.exact is False
    assert report.tokens.encoding == "estimate: chars/4"
    text = chat(0)["messages"][1]["content"]
    assert counter.count(text) == math.ceil(len(text) / 4)
    assert any("not available offline" in note for note in report.notes)


@pytest.mark.parametrize(("examples", "epochs"), [(5, 20), (1, 25), (33, 3), (34, 3), (10_000, 2), (100_000, 1)])
def test_default_epochs_heuristic(examples, epochs) -> None:
    assert default_epochs(examples) == epochs


def test_guide_example_5_examples_4306_tokens() -> None:
    # docs/dataset-formats.md#token-counts-epochs-and-cost: 5 examples -> 20 epochs; 4,306 tokens -> ~86,120 charged.
    histogram = {861: 4, 862: 1}  # 4,306 tokens over 5 examples
    cost = estimate_cost(resolve_model("gpt-4o-mini"), histogram)
    assert cost.epochs == 20 and cost.billed_tokens == 86_120
    assert cost.usd == pytest.approx(86_120 * 3.00 / 1e6)


def test_guide_price_examples() -> None:
    # 2024 guide: 100,000 tokens x 3 epochs on gpt-4o-mini ~ $0.90; gpt-3.5-turbo 300k ~ $2.40
    mini = estimate_cost(resolve_model("gpt-4o-mini-2024-07-18"), {1000: 100}, epochs=3)
    assert mini.billed_tokens == 300_000 and mini.usd == pytest.approx(0.90)
    turbo = estimate_cost(resolve_model("gpt-3.5-turbo"), {1000: 100}, epochs=3)
    assert turbo.usd == pytest.approx(2.40)


def test_examples_over_the_limit_are_billed_at_the_limit() -> None:
    cost = estimate_cost(resolve_model("gpt-3.5-turbo-0613"), {5000: 1, 100: 99}, epochs=1)
    assert cost.billed_tokens == 4096 + 9900


def test_validation_tokens_are_free(write) -> None:
    train = write("t.jsonl", [chat(i) for i in range(50)])
    alone = scan(train)
    with_val = scan(train, validation_path=write("v.jsonl", [chat(i) for i in range(100, 150)]))
    assert with_val.cost == alone.cost


def test_bedrock_has_tokens_but_no_price(write) -> None:
    report = scan(write("c.jsonl", [claude(i) for i in range(40)]))
    assert report.cost.model.startswith("anthropic.claude-3-haiku")
    assert report.cost.epochs == 2 and report.cost.usd is None and report.cost.billed_tokens > 0
