"""``ftui validate``: exit codes, one JSON object with --json, a readable report."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

import pytest

from ftui.datasets import cli
from tests.datasets.conftest import REPO, chat


def _run(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    cli.configure_parser(parser)
    return cli.run(parser.parse_args(list(argv)))


def test_clean_file_exits_0_with_one_json_object(write, capsys) -> None:
    path = write("ok.jsonl", [chat(i) for i in range(60)])
    assert _run(str(path), "--json") == 0
    out = capsys.readouterr().out
    data = json.loads(out)
    assert out.count("\n") == 1
    assert data["examples"] == 60 and data["valid"] == 60 and data["problems"] == []


def test_errors_exit_1_and_the_report_names_line_and_code(write, capsys) -> None:
    path = write("bad.jsonl", [chat(i) for i in range(12)] + [b"{nope"])
    assert _run(str(path)) == 1
    out = capsys.readouterr().out
    assert "line 13" in out and "invalid_json" in out and "FAILED" in out
    assert "tokens (o200k_base, exact)" in out and "$" in out


@pytest.mark.parametrize(
    "argv", [["missing.jsonl"], ["{ok}", "--model", "gpt-9"], ["{ok}", "--validation", "missing.jsonl"], ["{dir}"]]
)
def test_unreadable_file_or_bad_arguments_exit_2(write, capsys, argv) -> None:
    ok = write("ok.jsonl", [chat(i) for i in range(12)])
    argv = [a.format(ok=ok, dir=ok.parent) for a in argv]
    assert _run(*argv, "--json") == 2
    captured = capsys.readouterr()
    assert "error" in json.loads(captured.out) and captured.err


def test_real_process_stdout_is_only_json(write) -> None:
    path = write("ok.jsonl", [chat(i) for i in range(12)] + [b"[]"])
    code = (
        "import argparse,sys; from ftui.datasets import cli; p=argparse.ArgumentParser(); "
        "cli.configure_parser(p); sys.exit(cli.run(p.parse_args(sys.argv[1:])))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(path), "--json"], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 1
    assert json.loads(proc.stdout)["problems"][-1]["code"] == "not_an_object"
