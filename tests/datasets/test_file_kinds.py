"""Odd files get a clear verdict: FIFOs, directories, loops, devices, encodings, JSON that is
not JSON Lines. Fixes write a new file atomically and leave the source byte-identical."""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from ftui.datasets import cli, drop_invalid, open_dataset, scan, split
from ftui.datasets.document import fix_file, strip_bom, to_jsonl
from ftui.datasets.fileinfo import DatasetPathError
from tests.datasets.conftest import REPO, chat


def _cli(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    cli.configure_parser(parser)
    return cli.run(parser.parse_args(list(argv)))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _jsonl(records: list) -> bytes:
    return b"".join(json.dumps(r).encode() + b"\n" for r in records)


def _special(kind: str, tmp_path: Path) -> tuple[str, str]:
    if kind == "fifo":
        path = tmp_path / "pipe.jsonl"
        os.mkfifo(path)
        return str(path), "named pipe (FIFO)"
    if kind == "directory":
        return str(tmp_path), "is a directory"
    if kind == "loop":
        path = tmp_path / "loop.jsonl"
        os.symlink(path, path)
        return str(path), "symbolic link loop"
    if kind == "broken link":
        path = tmp_path / "gone.jsonl"
        os.symlink(tmp_path / "nowhere", path)
        return str(path), "broken symbolic link"
    return "/dev/zero", "character device"


KINDS = ["fifo", "directory", "loop", "broken link", "dev zero"]


def _within(seconds: float, fn):  # type: ignore[no-untyped-def]
    """Run ``fn`` in a thread; fail (instead of hanging the suite) if it does not return."""
    box: dict = {}

    def target() -> None:
        try:
            box["value"] = fn()
        except BaseException as e:  # noqa: BLE001 - handed back to the test
            box["error"] = e

    t = threading.Thread(target=target, daemon=True)
    t.start()
    t.join(seconds)
    assert not t.is_alive(), "hung"
    return box


@pytest.mark.parametrize("kind", KINDS)
def test_special_paths_are_named_never_a_hang(tmp_path, capsys, kind) -> None:
    path, words = _special(kind, tmp_path)
    box = _within(10, lambda: _cli(path))
    assert box.get("value") == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err
    for call in (lambda: scan(path), lambda: open_dataset(path), lambda: drop_invalid(path), lambda: split(path)):
        box = _within(10, call)
        assert isinstance(box.get("error"), DatasetPathError), box
        assert words in str(box["error"])


def test_utf16_files_are_named_and_fixed(write, tmp_path, capsys) -> None:
    text = _jsonl([chat(i) for i in range(12)]).decode()
    for name, data in (
        ("le.jsonl", text.encode("utf-16-le")),
        ("be-bom.jsonl", "\ufeff".encode("utf-16-be") + text.encode("utf-16-be")),
    ):
        path = write(name, data)
        before = _digest(path)
        report = scan(path)
        assert [(p.line, p.code) for p in report.problems] == [(0, "invalid_utf8")]
        assert "UTF-16" in report.problems[0].message and "--fix" in report.problems[0].message
        result = fix_file(path)
        assert Path(result.outputs[0]).read_text(encoding="utf-8") == text
        assert scan(result.outputs[0]).ok
        assert _digest(path) == before


def test_utf8_bom_is_a_warning_with_a_fix(write, capsys) -> None:
    body = _jsonl([chat(i) for i in range(12)]).replace(b"\n", b"\r\n")
    path = write("bom.jsonl", b"\xef\xbb\xbf" + body)
    before = _digest(path)
    report = scan(path)
    assert report.ok and report.valid == 12
    bom = [p for p in report.problems if p.code == "byte_order_mark"]
    assert bom and bom[0].severity == "warning" and "--fix" in bom[0].message
    result = strip_bom(path)
    assert Path(result.outputs[0]).read_bytes() == body  # the rest byte for byte
    assert _digest(path) == before
    with pytest.raises(ValueError):
        strip_bom(result.outputs[0])  # nothing left to fix


def test_latin1_crlf_blank_lines_and_no_final_newline(write) -> None:
    rows = [json.dumps(chat(i)).encode() for i in range(12)]
    latin = b'{"messages": [{"role": "user", "content": "caf\xe9"}, {"role": "assistant", "content": "ok"}]}'
    data = b"\r\n".join(rows[:5] + [b"", latin, b"   "] + rows[5:])  # no final newline
    report = scan(write("odd.jsonl", data))
    assert report.examples == 13 and report.valid == 12 and report.lines == 15
    found = {(p.line, p.code) for p in report.problems}
    assert (7, "invalid_utf8") in found and (0, "blank_lines") in found
    latin_problem = next(p for p in report.problems if p.code == "invalid_utf8")
    assert "Latin-1" in latin_problem.message
    blank = next(p for p in report.problems if p.code == "blank_lines")
    assert blank.severity == "warning" and "2 blank lines (the first at line 6)" in blank.message


def test_json_array_says_so_and_converts(write, capsys) -> None:
    records = [chat(i) for i in range(194)]
    path = write("data.json", json.dumps(records, indent=2).encode())
    before = _digest(path)
    report = scan(path)
    assert [(p.code, p.severity) for p in report.problems] == [("not_json_lines", "error")]
    assert "this is a JSON array of 194 objects, not JSON Lines" in report.problems[0].message
    assert report.examples == 0 and report.lines > 194  # its lines are not examples
    assert _cli(str(path)) == 1
    out = capsys.readouterr().out
    assert f"ftui validate {path} --fix" in out
    assert _cli(str(path), "--fix") == 0
    out_path = path.with_suffix(".jsonl")
    assert f"wrote {out_path}" in capsys.readouterr().out
    assert [json.loads(line) for line in out_path.read_text().splitlines()] == records
    assert scan(out_path).ok and _digest(path) == before
    assert to_jsonl(path).outputs[0] != str(out_path)  # never over an earlier output


@pytest.mark.parametrize(
    ("data", "words", "count"),
    [
        (json.dumps(chat(1), indent=2), "one pretty-printed JSON object", 1),
        ("\n".join(json.dumps(chat(i), indent=2) for i in range(5)), "5 pretty-printed JSON objects", 5),
        (json.dumps({"data": [chat(i) for i in range(7)]}, indent=1), "'data' list holds 7 objects", 7),
        (json.dumps([chat(i) for i in range(3)]), "a JSON array of 3 objects", 3),
        (
            "[\n" + ",\n".join(json.dumps(chat(i)) for i in range(4)) + "\n]\n",
            "a JSON array of 4 objects",
            4,
        ),  # one element per line: the last one parses alone
    ],
)
def test_pretty_printed_json_says_so(write, data, words, count) -> None:
    path = write("pretty.json", data.encode())
    report = scan(path)
    assert report.problems[0].code == "not_json_lines" and words in report.problems[0].message
    assert report.errors == 1 and report.examples == 0
    assert to_jsonl(path).written == count


def test_validate_piped_into_head_prints_no_traceback(write) -> None:
    path = write("many.jsonl", [chat(i) for i in range(50)] + [b"{bad"] * 3000)
    # --json lists 1,000 problems: far more than a pipe buffer, so the write really breaks
    proc = subprocess.run(
        f"{sys.executable} -m ftui validate {path} --json | head -c 200",
        shell=True,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr, proc.stderr
    assert proc.stdout.startswith('{"path": ')
