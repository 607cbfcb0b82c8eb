"""The ``ftui emulator`` command and the package's import hygiene."""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import urllib.request

from ftui.emulator.cli import configure_parser

SCRIPT = (
    "import argparse, sys\n"
    "from ftui.emulator.cli import configure_parser, run\n"
    "p = argparse.ArgumentParser(); configure_parser(p)\n"
    "raise SystemExit(run(p.parse_args(sys.argv[1:])))\n"
)


def test_parser_accepts_every_flag() -> None:
    parser = argparse.ArgumentParser()
    configure_parser(parser)
    args = parser.parse_args(
        [
            "--port",
            "9999",
            "--host",
            "0.0.0.0",
            "--speed",
            "20",
            "--seed",
            "3",
            "--fail-rate",
            "0.1",
            "--require-key",
            "k",
            "--refuse-create",
            "--demo",
            "--plain-results",
        ]
    )
    assert (args.port, args.host, args.speed, args.seed, args.fail_rate) == (9999, "0.0.0.0", 20.0, 3, 0.1)
    assert args.require_key == "k" and args.refuse_create and args.demo and args.plain_results
    defaults = parser.parse_args([])
    assert (defaults.port, defaults.host, defaults.speed, defaults.require_key) == (0, "127.0.0.1", 1.0, None)


def test_cli_serves_until_ctrl_c() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", SCRIPT, "--port", "0", "--demo", "--speed", "5"],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        assert proc.stdout is not None
        lines = [proc.stdout.readline() for _ in range(3)]
        assert lines[0].startswith("Demo jobs: succeeded=ftjob-")
        url = lines[1].split()[-1]
        assert lines[2].strip() == f"export OPENAI_BASE_URL={url} OPENAI_API_KEY=sk-emulator"
        with urllib.request.urlopen(url + "/fine_tuning/jobs", timeout=5) as resp:
            assert len(json.load(resp)["data"]) == 5
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_import_is_stdlib_only() -> None:
    code = (
        "import sys, ftui.emulator, ftui.emulator.cli, ftui.emulator.demo\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'openai', 'textual', 'httpx2', 'httpx', 'pydantic', 'rich', 'boto3'})\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
