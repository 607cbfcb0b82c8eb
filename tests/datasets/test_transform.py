"""Transforms write new files atomically and never touch the source."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from ftui.datasets import convert, drop_invalid, scan, split
from tests.datasets.conftest import chat, claude, nova, tool_example


def _fingerprint(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def test_split_is_seeded_disjoint_complete_and_leaves_the_source(write) -> None:
    src = write("data.jsonl", [chat(i) for i in range(100)])
    before = _fingerprint(src)
    result = split(src, validation_ratio=0.2, seed=42)
    train, val = (Path(p) for p in result.outputs)
    assert _fingerprint(src) == before
    assert (len(_records(train)), len(_records(val))) == (80, 20)
    merged = sorted(json.dumps(r) for r in _records(train) + _records(val))
    assert merged == sorted(json.dumps(r) for r in _records(src))
    again = split(
        src,
        validation_ratio=0.2,
        seed=42,
        train_out=src.with_name("t2.jsonl"),
        validation_out=src.with_name("v2.jsonl"),
    )
    assert Path(again.outputs[1]).read_bytes() == val.read_bytes()
    other = split(
        src, validation_ratio=0.2, seed=7, train_out=src.with_name("t3.jsonl"), validation_out=src.with_name("v3.jsonl")
    )
    assert Path(other.outputs[1]).read_bytes() != val.read_bytes()
    assert scan(train, validation_path=val).validation.overlap == 0


def test_refuses_to_overwrite_the_source(write) -> None:
    src = write("data.jsonl", [chat(i) for i in range(10)])
    before = _fingerprint(src)
    for call in (
        lambda: drop_invalid(src, out=src),
        lambda: split(src, train_out=src),
        lambda: convert(src, "bedrock-claude", out=src.parent / "." / src.name),
    ):
        with pytest.raises(ValueError, match="source"):
            call()
    assert _fingerprint(src) == before


def test_a_failed_write_leaves_no_output_and_no_temp_file(write, monkeypatch) -> None:
    src = write("data.jsonl", [chat(i) for i in range(10)])

    def boom(a, b):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError, match="disk full"):
        drop_invalid(src)
    assert sorted(p.name for p in src.parent.iterdir()) == ["data.jsonl"]


def test_existing_output_is_replaced_whole(write) -> None:
    src = write("data.jsonl", [chat(i) for i in range(10)])
    out = src.with_name("clean.jsonl")
    out.write_text("old content that is longer than nothing\n" * 1000)
    drop_invalid(src, out=out)
    assert _records(out) == _records(src)


def test_drop_invalid_keeps_only_valid_lines(write) -> None:
    src = write("data.jsonl", [chat(0), b"{bad", chat(1), {"messages": []}, b"", chat(2)])
    result = drop_invalid(src)
    assert result.written == 3 and result.skipped == 2 and result.skipped_lines == (2, 4)
    assert scan(result.outputs[0]).problem_counts.get("invalid_json") is None


def test_convert_round_trip_chat_claude_nova(write) -> None:
    src = write("chat.jsonl", [chat(i) for i in range(40)])
    to_claude = convert(src, "bedrock-claude")
    assert _records(Path(to_claude.outputs[0]))[0] == {
        "system": chat(0)["messages"][0]["content"],
        "messages": chat(0)["messages"][1:],
    }
    to_nova = convert(to_claude.outputs[0], "bedrock-nova")
    back = convert(to_nova.outputs[0], "openai-chat", out=src.with_name("back.jsonl"))
    assert _records(Path(back.outputs[0])) == _records(src)
    report = scan(to_nova.outputs[0])
    assert report.format == "bedrock-nova" and report.ok


def test_convert_skips_what_the_target_cannot_express(write) -> None:
    src = write("mixed.jsonl", [chat(0), tool_example(1), chat(2)])
    result = convert(src, "bedrock-nova")
    assert result.written == 2 and result.skipped_lines == (2,)
    assert "tool" in result.reasons[0]


def test_convert_from_claude_and_nova(write) -> None:
    c = convert(write("c.jsonl", [claude(i) for i in range(3)]), "openai-chat")
    assert _records(Path(c.outputs[0]))[0]["messages"][0]["role"] == "system"
    n = convert(write("n.jsonl", [nova(i) for i in range(3)]), "bedrock-claude")
    assert _records(Path(n.outputs[0]))[0]["system"] == "You are a concise assistant."


def test_split_copies_undecodable_lines_byte_for_byte(write) -> None:
    bad = b'{"messages": [{"role": "user", "content": "caf\xe9"}]}'
    src = write("data.jsonl", [chat(i) for i in range(9)] + [bad])
    result = split(src, validation_ratio=0.5, seed=3)
    written = b"".join(Path(p).read_bytes() for p in result.outputs)
    assert bad + b"\n" in written and result.written == 10
