"""Verdicts on public-style files (issue 9): format, problems and counts must be right.

The sample files in ``tests/datasets/samples/`` follow the formats the providers document
(OpenAI cookbook/guide, Azure, AWS samples); every check also asserts the file is unchanged.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
from pathlib import Path

import pytest

from ftui.datasets import cli, scan
from ftui.datasets import formats as F
from tests.datasets.conftest import chat

SAMPLES = Path(__file__).parent / "samples"
HAIKU = "anthropic.claude-3-haiku-20240307-v1:0:200k"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _lines(*records: object) -> bytes:
    return b"".join((r if isinstance(r, bytes) else json.dumps(r).encode()) + b"\n" for r in records)


def _cli(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    cli.configure_parser(parser)
    return cli.run(parser.parse_args(list(argv)))


# (file, model or None, expected format, model used)
SAMPLE_VERDICTS = [
    ("openai_chat_marv.jsonl", None, F.OPENAI_CHAT, "gpt-4o-mini-2024-07-18"),
    ("openai_tools.jsonl", None, F.OPENAI_CHAT, "gpt-4o-mini-2024-07-18"),
    ("openai_vision.jsonl", None, F.OPENAI_CHAT, "gpt-4o-2024-08-06"),
    ("openai_dpo.jsonl", None, F.OPENAI_DPO, "gpt-4o-mini-2024-07-18"),
    ("openai_rft.jsonl", None, F.RFT, "o4-mini-2025-04-16"),
    ("bedrock_rft.jsonl", "amazon.nova-2-lite-v1:0:256k", F.RFT, "amazon.nova-2-lite-v1:0:256k"),
    ("bedrock_rft.jsonl", "openai.gpt-oss-20b", F.RFT, "openai.gpt-oss-20b"),
    ("bedrock_claude_haiku.jsonl", HAIKU, F.BEDROCK_CLAUDE, HAIKU),
    ("bedrock_nova.jsonl", None, F.BEDROCK_NOVA, "amazon.nova-lite-v1:0:300k"),
    ("legacy_end_stop.jsonl", None, F.PROMPT_COMPLETION, "babbage-002"),
    ("azure_chat_crlf.jsonl", None, F.OPENAI_CHAT, "gpt-4o-mini-2024-07-18"),
]


@pytest.mark.parametrize(("name", "model", "fmt", "used"), SAMPLE_VERDICTS)
def test_public_style_samples_pass_with_the_right_format(name, model, fmt, used) -> None:
    path = SAMPLES / name
    before = _digest(path)
    report = scan(path, model=model)
    assert (report.format, report.model) == (fmt, used)
    assert report.ok, [p for p in report.problems if p.is_error]
    assert report.valid == report.examples
    assert not any(p.code in ("missing_assistant", "legacy_stop_sequence", "mixed_formats") for p in report.problems), (
        report.problems
    )
    assert _digest(path) == before


def test_rft_is_its_own_format_not_chat_with_nothing_to_train_on(write) -> None:
    rft = SAMPLES / "openai_rft.jsonl"
    assert not scan(rft, model="gpt-4o-mini-2024-07-18").ok  # an SFT model refuses RFT data
    lines = rft.read_bytes().splitlines()
    bad = [
        {"messages": [{"role": "user", "content": "2+2?"}]},  # no grader field
        {
            "messages": [{"role": "user", "content": "2+2?"}, {"role": "assistant", "content": "4"}],
            "reference_answer": "4",
        },
    ]
    report = scan(write("rft.jsonl", b"\n".join(lines) + b"\n" + _lines(*bad)))
    assert report.format == F.RFT
    found = {(p.line, p.code) for p in report.problems}
    assert (13, "missing_grader_field") in found and (14, "bad_role_order") in found
    assert "missing_assistant" not in report.problem_counts


def test_first_line_of_275_kb_is_read_whole(write) -> None:
    long_text = "All work and no play makes Jack a dull boy. " * 6_250  # ~275 KB
    first = {"messages": [{"role": "user", "content": "Repeat the line."}, {"role": "assistant", "content": long_text}]}
    assert len(json.dumps(first)) > 275_000
    report = scan(write("long.jsonl", [first] + [chat(i) for i in range(20)]))
    assert report.format == F.OPENAI_CHAT
    assert report.ok and report.valid == 21
    assert "mixed_formats" not in report.problem_counts


def test_250_kb_base64_image_on_line_1_counts_as_an_image(write) -> None:
    png = (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + (512).to_bytes(4, "big") * 2 + b"\x08\x02\x00\x00\x00" + bytes(190_000)
    )
    url = "data:image/png;base64," + base64.b64encode(png).decode()
    assert len(url) > 250_000
    first = {
        "messages": [
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "What is in this image?"},
                    {"type": "image_url", "image_url": {"url": url, "detail": "high"}},
                ],
            },
            {"role": "assistant", "content": "Nothing at all."},
        ]
    }
    report = scan(write("vision.jsonl", [first] + [chat(i) for i in range(20)]))
    assert report.format == F.OPENAI_CHAT and report.ok
    assert report.model == "gpt-4o-2024-08-06"  # the vision model, not gpt-4o-mini
    assert report.images == 1
    assert report.tokens.max < 1_000  # 85 + 170 * 4 tiles = 765 for 512x512, not ~60k of text
    assert any("per-image rule" in n and "estimate" in n for n in report.notes)
    assert _cli(str(write("vision.jsonl", [first] + [chat(i) for i in range(20)]))) == 0


def test_a_broken_first_line_does_not_decide_the_format(write) -> None:
    report = scan(write("broken.jsonl", [b'{"messages": [oops'] + [chat(i) for i in range(20)]))
    assert report.format == F.OPENAI_CHAT
    assert [(p.line, p.code) for p in report.problems if p.is_error] == [(1, "invalid_json")]


def test_a_line_beyond_the_sniff_budget_is_judged_by_its_keys(write, monkeypatch) -> None:
    from ftui.datasets import sniff as S

    monkeypatch.setattr(S, "SNIFF_BUDGET", 4096)
    big = {
        "system": "You are a clerk.",
        "messages": [{"role": "user", "content": "x" * 10_000}, {"role": "assistant", "content": "ok"}],
    }
    path = write(
        "claude.jsonl",
        [big]
        + [{"system": "s", "messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "yo"}]}]
        * 40,
    )
    assert S.sniff(str(path)).format == F.BEDROCK_CLAUDE


@pytest.mark.parametrize("marker", ["\n\nHuman:", "\nAssistant:"])
def test_claude_turn_markers_inside_a_turn_are_errors(write, marker) -> None:
    rows = [
        {
            "system": "You help.",
            "messages": [{"role": "user", "content": f"q{i}"}, {"role": "assistant", "content": f"a{i}"}],
        }
        for i in range(40)
    ]
    rows[4]["messages"][0]["content"] = f"Summarise this:{marker} hello"
    rows[6]["system"] = f"Rules{marker} be nice"
    rows[7]["messages"][1]["content"] = "Human: without a newline is fine"
    report = scan(write("haiku.jsonl", rows), model=HAIKU)
    assert {(p.line, p.code) for p in report.problems} == {(5, "reserved_keyword"), (7, "reserved_keyword")}


def test_nova_empty_text_is_an_error_and_extra_keys_a_warning(write) -> None:
    good = json.loads((SAMPLES / "bedrock_nova.jsonl").read_text().splitlines()[0])
    empty = json.loads(json.dumps(good))
    empty["messages"][1]["content"] = [{"text": ""}]
    extra = {**good, "id": "rec-7"}
    report = scan(write("nova.jsonl", [good] * 3 + [empty, extra] + [good] * 100))
    found = {(p.line, p.code, p.severity) for p in report.problems}
    assert (4, "missing_content", "error") in found
    assert (5, "unknown_key", "warning") in found
    assert report.valid == 104


def test_legacy_stop_sequences_only_inconsistency_is_flagged(write) -> None:
    rows = [{"prompt": f"Review {i} ->", "completion": f" Positive {i}\nEND"} for i in range(20)]
    assert "legacy_stop_sequence" not in scan(write("a.jsonl", rows)).problem_counts
    rows[3]["completion"] = " Positive 3"
    report = scan(write("b.jsonl", rows))
    assert "legacy_stop_sequence" in report.problem_counts
    rows = [
        {"prompt": f"Review {i} ->", "completion": " positive" if i % 2 else " negative"} for i in range(20)
    ]  # "ive" is shared, but it is no stop sequence
    assert "legacy_stop_sequence" in scan(write("c.jsonl", rows)).problem_counts


def test_invalid_lines_do_not_count_toward_the_minimum(write) -> None:
    report = scan(write("few.jsonl", [chat(i) for i in range(8)] + [b"{bad"] * 5))
    too_few = [p for p in report.problems if p.code == "too_few_examples"]
    assert too_few and too_few[0].is_error and "8 valid examples (of 13)" in too_few[0].message


def test_zero_valid_examples_bill_nothing(write, capsys) -> None:
    path = write("none.jsonl", [{"messages": [{"role": "user", "content": f"q{i}"}]} for i in range(20)])
    report = scan(path)
    assert report.valid == 0
    assert report.cost.billed_tokens == 0 and report.tokens.total == 0
    assert _cli(str(path)) == 1
    out = capsys.readouterr().out
    assert "nothing billable" in out and "line 0" not in out and "  file  " in out


def test_exact_counts_when_the_list_is_capped(write, capsys) -> None:
    path = write("many.jsonl", [chat(i) for i in range(20)] + [b"{bad"] * 6_150)
    report = scan(path)
    assert report.errors == 6_150 and report.problem_counts["invalid_json"] == 6_150
    assert sum(p.code == "invalid_json" for p in report.problems) == 1_000 and report.truncated
    assert _cli(str(path)) == 1
    out = capsys.readouterr().out
    assert "6,150 errors (first 10 listed)" in out and "FAILED: 6,150 errors" in out
    assert _cli(str(path), "--json") == 1
    data = json.loads(capsys.readouterr().out)
    assert data["truncated"] is True and data["errors"] == 6_150
    assert data["problem_counts"]["invalid_json"] == 6_150


def test_plurals(write, capsys) -> None:
    path = write("one.jsonl", [{"prompt": "Say hi ->", "completion": " hi\n"}])
    assert _cli(str(path), "--model", "cohere.command-text-v14:7:4k") == 0
    out = capsys.readouterr().out
    assert "1 example," in out and "1 epoch x" in out
    assert "1 examples" not in out and "1 epochs" not in out


def test_file_level_problems_say_file_in_json(write, capsys) -> None:
    path = write("few.jsonl", [chat(i) for i in range(3)])
    _cli(str(path), "--json")
    problem = json.loads(capsys.readouterr().out)["problems"][0]
    assert problem["code"] == "too_few_examples"
    assert problem["line"] is None and problem["where"] == "file"


def test_a_file_that_changes_during_the_scan_is_reported_as_changed(write) -> None:
    path = write("growing.jsonl", [chat(i) for i in range(20)])

    def grow(done: int, total: int) -> None:
        with open(path, "ab") as f:
            f.write(json.dumps(chat(99)).encode() + b"\n")

    report = scan(path, progress=grow)
    assert report.changed and not report.ok
    assert any("changed while it was checked" in n for n in report.notes)
    assert json.loads(report.dumps())["changed"] is True
    assert not scan(path).changed


def test_a_huge_string_is_counted_in_pieces_and_labelled(write) -> None:
    big = {"messages": [{"role": "user", "content": "x" * 3_000_000}, {"role": "assistant", "content": "ok"}]}
    report = scan(write("huge.jsonl", [big] + [chat(i) for i in range(20)]))
    over = [p for p in report.problems if p.code == "too_many_tokens"]
    assert [p.line for p in over] == [1]
    assert 370_000 < report.tokens.max < 380_000  # tiktoken: 8 "x" per token
    assert any("extrapolated" in n for n in report.notes)


@pytest.mark.parametrize(
    ("size", "detail", "tokens"),
    [((1024, 1024), "high", 765), ((2048, 4096), "high", 1105), ((4096, 4096), "low", 85), ((512, 512), "auto", 255)],
)
def test_openai_image_rule(size, detail, tokens) -> None:
    from ftui.datasets.images import image_size, image_tokens, tile_tokens

    assert (tile_tokens(*size) if detail != "low" else 85) == tokens
    png = (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
        + size[0].to_bytes(4, "big")
        + size[1].to_bytes(4, "big")
        + b"\x08\x02\x00\x00\x00"
    )
    assert image_size(png) == size
    url = "data:image/png;base64," + base64.b64encode(png + bytes(64)).decode()
    assert image_tokens(url, detail) == tokens
