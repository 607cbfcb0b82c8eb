"""Every problem code, produced by a real-looking file, at the right line and severity."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ftui.datasets import CODES, scan
from tests.datasets.conftest import chat, claude, dpo, nova, prompt_completion

GOOD = [chat(i) for i in range(12)]


def _lines(*records: Any) -> bytes:
    return b"".join((r if isinstance(r, bytes) else json.dumps(r).encode()) + b"\n" for r in records)


def _with(bad: Any, at: int = 3, base: list[Any] | None = None) -> bytes:
    records: list[Any] = list(base or GOOD)
    records.insert(at - 1, bad)
    return _lines(*records)


def _msg(*messages: dict[str, Any], **top: Any) -> dict[str, Any]:
    return {"messages": list(messages), **top}


U = {"role": "user", "content": "Hi"}
A = {"role": "assistant", "content": "Hello!"}
HAIKU = "anthropic.claude-3-haiku-20240307-v1:0:200k"

# (case id, file bytes, model or None, expected (line, code, severity))
CASES: list[tuple[str, bytes, str | None, tuple[int, str, str]]] = [
    ("empty file", b"", None, (0, "empty_file", "error")),
    ("only blank lines", b"\n\r\n  \n", None, (0, "empty_file", "error")),
    (
        "latin-1 byte",
        _with(b'{"messages": [{"role": "user", "content": "caf\xe9"}, {"role": "assistant", "content": "ok"}]}'),
        None,
        (3, "invalid_utf8", "error"),
    ),
    ("binary file", bytes(range(256)) * 40, None, (0, "invalid_utf8", "error")),
    (
        "utf-16 file",
        "\ufeff".encode("utf-16-le") + _lines(*GOOD).decode().encode("utf-16-le"),
        None,
        (0, "invalid_utf8", "error"),
    ),
    ("csv named .jsonl", b"prompt,completion\nhello,world\n" * 6, None, (0, "invalid_json", "error")),
    ("truncated json", _with(b'{"messages": [{"role": "user", "content": "Hi"}'), None, (3, "invalid_json", "error")),
    ("array line", _with([U, A]), None, (3, "not_an_object", "error")),
    ("message not object", _with(_msg(U, "assistant: hi")), None, (3, "not_an_object", "error")),
    ("no messages", _with({"conversation": [U, A]}), None, (3, "missing_messages", "error")),
    ("empty messages", _with({"messages": []}), None, (3, "missing_messages", "error")),
    ("unknown message key", _with(_msg(U, {**A, "reasoning": "..."})), None, (3, "unknown_key", "error")),
    ("unknown top key", _with(_msg(U, A, metadata={"id": 1})), None, (3, "unknown_key", "warning")),
    ("unknown role", _with(_msg({"role": "human", "content": "Hi"}, A)), None, (3, "unknown_role", "error")),
    ("missing role", _with(_msg({"content": "Hi"}, A)), None, (3, "missing_role", "error")),
    ("missing content", _with(_msg({"role": "user"}, A)), None, (3, "missing_content", "error")),
    ("empty content", _with(_msg({"role": "user", "content": ""}, A)), None, (3, "missing_content", "error")),
    ("content is a number", _with(_msg({"role": "user", "content": 42}, A)), None, (3, "content_type", "error")),
    (
        "image in assistant",
        _with(
            _msg(U, {"role": "assistant", "content": [{"type": "image_url", "image_url": {"url": "https://x/y.png"}}]})
        ),
        None,
        (3, "content_type", "error"),
    ),
    ("no assistant", _with(_msg({"role": "system", "content": "s"}, U)), None, (3, "missing_assistant", "error")),
    ("ends with user", _with(_msg(U, A, U)), None, (3, "bad_role_order", "warning")),
    ("weight 2", _with(_msg(U, {**A, "weight": 2})), None, (3, "bad_weight", "error")),
    ("weight as string", _with(_msg(U, {**A, "weight": "1"})), None, (3, "bad_weight", "error")),
    ("weight on user", _with(_msg({**U, "weight": 1}, A)), None, (3, "unknown_key", "error")),
    (
        "arguments not json",
        _with(
            _msg(
                U,
                {
                    "role": "assistant",
                    "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{oops"}}],
                },
                {"role": "tool", "tool_call_id": "c1", "content": "1"},
                A,
            )
        ),
        None,
        (3, "bad_tool_call", "error"),
    ),
    (
        "tool answers unknown call",
        _with(_msg(U, {"role": "tool", "tool_call_id": "nope", "content": "1"}, A)),
        None,
        (3, "bad_tool_call", "error"),
    ),
    (
        "too many tokens",
        _with(_msg(U, {"role": "assistant", "content": "word " * 5000})),
        "gpt-3.5-turbo-0613",
        (3, "too_many_tokens", "warning"),
    ),
    (
        "haiku record too long",
        _with({"messages": [U, {"role": "assistant", "content": "x" * 130_000}]}, base=[claude(i) for i in range(40)]),
        HAIKU,
        (3, "too_many_tokens", "error"),
    ),
    ("too few for openai", _lines(*GOOD[:5]), None, (0, "too_few_examples", "error")),
    ("too few for haiku", _lines(*[claude(i) for i in range(20)]), HAIKU, (0, "too_few_examples", "error")),
    ("too many for haiku", _lines(*[claude(i) for i in range(10_001)]), HAIKU, (0, "too_many_examples", "error")),
    (
        "duplicate after whitespace",
        _with(json.dumps(chat(0)).replace(" ", "  ").encode()),
        None,
        (3, "duplicate_example", "warning"),
    ),
    ("dpo line in chat file", _with(dpo(1)), None, (3, "mixed_formats", "error")),
    ("chat data for a haiku job", _lines(*GOOD * 3), HAIKU, (0, "mixed_formats", "error")),
    (
        "nova reserved keyword",
        _with(
            {
                **nova(0),
                "messages": [
                    {"role": "user", "content": [{"text": "User: hi\nBot: hello"}]},
                    {"role": "assistant", "content": [{"text": "ok"}]},
                ],
            },
            base=[nova(i) for i in range(12)],
        ),
        None,
        (3, "reserved_keyword", "error"),
    ),
    (
        "legacy: no separator",
        _with({"prompt": "Classify: meh", "completion": " neutral\n"}, base=[prompt_completion(i) for i in range(12)]),
        None,
        (0, "legacy_separator", "warning"),
    ),
    (
        "legacy: no leading space",
        _with(
            {"prompt": "Classify: meh\n\n###\n\n", "completion": "neutral\n"},
            base=[prompt_completion(i) for i in range(12)],
        ),
        None,
        (3, "legacy_completion_space", "warning"),
    ),
    (
        "legacy: no stop sequence",
        _with(
            {"prompt": "Classify: meh\n\n###\n\n", "completion": " neutral"},
            base=[prompt_completion(i) for i in range(12)],
        ),
        None,
        (0, "legacy_stop_sequence", "warning"),
    ),
]


@pytest.mark.parametrize(("data", "model", "expected"), [pytest.param(d, m, e, id=i) for i, d, m, e in CASES])
def test_code_is_reported_at_the_right_line(write, data, model, expected) -> None:
    report = scan(write("data.jsonl", data), model=model)
    found = {(p.line, p.code, p.severity) for p in report.problems}
    assert expected in found, report.problems
    assert report.ok == (expected[2] == "warning")  # warnings alone do not fail


def test_every_required_code_has_a_case() -> None:
    required = CODES[: CODES.index("mixed_formats") + 1]
    covered = {expected[1] for *_, expected in CASES}
    assert set(required) - covered == set()


def test_one_bad_line_never_stops_the_scan(write) -> None:
    data = _with(b"\xff\xfe garbage {", at=1) + _lines(_msg(U, {**A, "weight": 5}))
    report = scan(write("data.jsonl", data))
    assert report.examples == 14
    assert report.valid == 12
    assert [(p.line, p.code) for p in report.problems if p.line] == [(1, "invalid_utf8"), (14, "bad_weight")]


def test_overlap_with_validation_file(write) -> None:
    train = write("train.jsonl", [chat(i) for i in range(20)])
    val = write("val.jsonl", [chat(5), chat(100), chat(7)])
    report = scan(train, validation_path=val)
    overlaps = sorted(p.line for p in report.problems if p.code == "validation_overlap")
    assert overlaps == [6, 8]
    assert report.validation is not None and report.validation.overlap == 2
    assert report.ok  # overlap is a warning


def test_haiku_validation_limit(write) -> None:
    train = write("train.jsonl", [claude(i) for i in range(40)])
    val = write("val.jsonl", [claude(i + 1000) for i in range(1001)])
    report = scan(train, model=HAIKU, validation_path=val)
    assert any(p.code == "too_many_examples" and p.file == "validation" for p in report.problems)
    assert "validation file" in next(p.to_json() for p in report.problems if p.code == "too_many_examples")["message"]


def test_validation_file_in_another_format(write) -> None:
    train = write("train.jsonl", [chat(i) for i in range(20)])
    val = write("val.jsonl", [claude(i) for i in range(5)])
    report = scan(train, validation_path=val)
    assert any(p.code == "mixed_formats" and p.file == "validation" for p in report.problems)
    assert not report.ok


def test_limits_say_which_limits_were_hit(write) -> None:
    report = scan(write("few.jsonl", [claude(i) for i in range(3)]), model=HAIKU)
    assert report.limits["hit"] == ["too_few_examples"]
    assert report.limits["max_tokens_per_example"] == 32_000
