"""Hostile lines: every view and transform gives a per-line problem with the line number,
never an exception (issue 9). The source file stays byte-identical."""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

import pytest

from ftui.datasets import cli, convert, drop_invalid, open_dataset, scan, split
from ftui.datasets import formats as F
from ftui.datasets.lines import check_line
from tests.datasets.conftest import chat

GOOD = [json.dumps(chat(i)).encode() for i in range(12)]
U = {"role": "user", "content": "Describe the picture"}
A = {"role": "assistant", "content": "A cat."}


def _m(*messages: object, **top: object) -> bytes:
    return json.dumps({"messages": list(messages), **top}).encode()


# (id, the hostile line, expected code on that line)
HOSTILE: list[tuple[str, bytes, str]] = [
    ("nested arrays 1,000", b"[" * 1000 + b"]" * 1000, "too_deeply_nested"),
    ("nested objects 1,000", b'{"a":' * 1000 + b"1" + b"}" * 1000, "too_deeply_nested"),
    ("nested 100,000", b"[" * 100_000 + b"]" * 100_000, "too_deeply_nested"),
    ("nested inside messages", b'{"messages": ' + b"[" * 5000 + b"]" * 5000 + b"}", "too_deeply_nested"),
    ("unclosed nesting", b"[" * 3000, "too_deeply_nested"),
    ("tool_calls is a string", _m(U, {"role": "assistant", "tool_calls": "x"}), "bad_tool_call"),
    ("tool_calls holds a string", _m(U, {"role": "assistant", "tool_calls": ["x"]}), "bad_tool_call"),
    (
        "image_url.url is a number",
        _m({"role": "user", "content": [{"type": "image_url", "image_url": {"url": 1}}]}, A),
        "content_type",
    ),
    (
        "image_url is a string",
        _m({"role": "user", "content": [{"type": "image_url", "image_url": "https://x/y.png"}]}, A),
        "content_type",
    ),
    ("content is 5", _m({"role": "user", "content": 5}, A), "content_type"),
    ("content is an object", _m({"role": "user", "content": {"text": "hi"}}, A), "content_type"),
    ("content list of numbers", _m({"role": "user", "content": [1, 2]}, A), "content_type"),
    ("messages null", b'{"messages": null}', "missing_messages"),
    ("messages a string", b'{"messages": "hi"}', "missing_messages"),
    ("messages of nulls", b'{"messages": [null, null]}', "not_an_object"),
    ("role is a list", _m({"role": ["user"], "content": "x"}, A), "unknown_role"),
    (
        "lone surrogate",
        b'{"messages": [{"role": "user", "content": "\\ud800"}, {"role": "assistant", "content": "ok"}]}',
        "invalid_unicode",
    ),
    (
        "lone low surrogate in a key",
        b'{"messages": [{"role": "user", "content": "x", "\\udc00": 1}, {"role": "assistant", "content": "ok"}]}',
        "invalid_unicode",
    ),
    ("raw surrogate bytes", b'{"messages": [{"role": "user", "content": "\xed\xa0\x80"}]}', "invalid_utf8"),
    ("latin-1 byte", b'{"messages": [{"role": "user", "content": "caf\xe9"}]}', "invalid_utf8"),
    ("NUL byte", b'{"messages": \x00}', "invalid_json"),
    ("control character in a string", b'{"messages": [{"role": "user", "content": "a\tb"}]}', "invalid_json"),
    ("a number", b"42", "not_an_object"),
    ("null", b"null", "not_an_object"),
    ("a string", b'"hello"', "not_an_object"),
    ("NaN", b'{"messages": NaN}', "missing_messages"),
    ("huge number", b'{"messages": [{"role": "assistant", "content": "x", "weight": 1e999}]}', "bad_weight"),
    ("weight true", _m(U, {**A, "weight": True}), "bad_weight"),
    ("tools a dict", _m(U, A, tools={"a": 1}), "bad_tool_call"),
    (
        "tool function arguments dict",
        _m(
            U,
            {
                "role": "assistant",
                "tool_calls": [{"id": "c", "type": "function", "function": {"name": "f", "arguments": {"a": 1}}}],
            },
            {"role": "tool", "tool_call_id": "c", "content": "1"},
            A,
        ),
        "bad_tool_call",
    ),
    ("truncated", b'{"messages": [{"role": "user"', "invalid_json"),
    ("trailing garbage", _m(U, A) + b" x", "invalid_json"),
    (
        "bad data url",
        _m(
            {"role": "user", "content": [{"type": "image_url", "image_url": {"url": "data:image/gif;base64,R0lGOD"}}]},
            A,
        ),
        "bad_image",
    ),
    (
        "eleven images",
        _m(
            {
                "role": "user",
                "content": [{"type": "image_url", "image_url": {"url": f"https://x/{i}.png"}} for i in range(11)],
            },
            A,
        ),
        "bad_image",
    ),
]


@pytest.fixture
def hostile_file(write):
    def make(line: bytes) -> Path:
        return write("hostile.jsonl", b"\n".join(GOOD[:3] + [line] + GOOD[3:]) + b"\n")

    return make


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(("line", "code"), [pytest.param(r, c, id=i) for i, r, c in HOSTILE])
def test_every_view_reports_the_line(hostile_file, tmp_path, line, code) -> None:
    path = hostile_file(line)
    before = _digest(path)
    # the line check itself
    _, problems = check_line(line, 4, F.OPENAI_CHAT)
    assert code in {p.code for p in problems}, problems
    assert all(p.line == 4 for p in problems)
    # the scan
    report = scan(path)
    assert report.format == F.OPENAI_CHAT
    assert (4, code) in {(p.line, p.code) for p in report.problems}, report.problems
    assert report.valid == 12 and not report.ok
    json.loads(report.dumps())
    # the lazy view
    with open_dataset(path) as ds:
        ex = ds.example(3)
        assert ex.line == 4 and code in {p.code for p in ex.problems}
        assert isinstance(ex.raw, str)
    # the transforms
    dropped = drop_invalid(path, tmp_path / "clean.jsonl")
    assert dropped.written == 12 and dropped.skipped_lines == (4,)
    assert 4 in convert(path, F.BEDROCK_CLAUDE, tmp_path / "claude.jsonl").skipped_lines
    parts = split(path, 0.25, train_out=tmp_path / "t.jsonl", validation_out=tmp_path / "v.jsonl")
    assert parts.written == 13
    assert _digest(path) == before


@pytest.mark.parametrize(("line", "code"), [pytest.param(r, c, id=i) for i, r, c in HOSTILE[:6]])
def test_cli_reports_the_line_without_a_traceback(hostile_file, capsys, line, code) -> None:
    path = hostile_file(line)
    parser = argparse.ArgumentParser()
    cli.configure_parser(parser)
    assert cli.run(parser.parse_args([str(path)])) == 1
    out = capsys.readouterr().out
    assert "line 4" in out and code in out and "Traceback" not in out
    assert cli.run(parser.parse_args([str(path), "--json"])) == 1
    data = json.loads(capsys.readouterr().out)
    assert any(p["line"] == 4 and p["code"] == code for p in data["problems"])


def test_no_doubled_at_in_json_errors() -> None:
    for raw in (b'{"a": "x\ty"}', b'{"a": "abc', b'{"a": 1,}'):
        _, problems = check_line(raw, 1, F.OPENAI_CHAT)
        assert problems and " at at " not in problems[0].message, problems
        assert "column" in problems[0].message


def test_escaped_backslash_u_is_not_a_surrogate_and_pairs_are_fine() -> None:
    for text in ('"\\\\ud800 is how you write it"', '"smile \\ud83d\\ude00"'):
        raw = (
            b'{"messages": [{"role": "user", "content": '
            + text.encode()
            + b'}, {"role": "assistant", "content": "ok"}]}'
        )
        _, problems = check_line(raw, 1, F.OPENAI_CHAT)
        assert problems == [], problems


@pytest.mark.parametrize(("line", "code"), [pytest.param(r, c, id=i) for i, r, c in HOSTILE])
def test_pretty_json_never_raises_and_is_encodable(line, code) -> None:
    from ftui.datasets.display import pretty_json

    text = pretty_json(line.decode("utf-8", "replace"))
    text.encode("utf-8")  # a terminal can show it
    assert text
