"""Prism-style check: every request ftui's CLI sends validates against OpenAI's OpenAPI spec."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.commands.conftest import ClockDriver, Emu, run
from tests.emulator.spec import request_violations
from tests.providers.conftest import chat_examples


def test_no_request_of_any_command_violates_the_spec(
    emu: Emu, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "c.toml"
    config.write_text(f'[profiles.emu]\nkind = "openai"\nbase_url = "{emu.emulator.base_url}"\n')
    train, valid = tmp_path / "train.jsonl", tmp_path / "valid.jsonl"
    train.write_text(chat_examples(24), encoding="utf-8")
    valid.write_text(chat_examples(6, "refund"), encoding="utf-8")
    c = ["--config", str(config)]
    emu.emulator.chaos.reset_counts()
    code, out, err = run(
        capsys,
        "launch",
        "--model",
        "gpt-4o-mini-2024-07-18",
        "--train",
        str(train),
        "--valid",
        str(valid),
        "--set",
        "n_epochs=2",
        "--suffix",
        "fid",
        "--seed",
        "7",
        "--metadata",
        "a=b",
        "--yes",
        "--json",
        *c,
    )
    assert code == 0, err
    created = json.loads(out)["id"]
    argvs = [
        ["jobs", "list"],
        ["jobs", "list", "--limit", "0", "--json"],
        ["jobs", "list", "--status", "running,failed"],
        ["jobs", "show", emu.jobs["succeeded"]],
        ["jobs", "show", created, "--json"],
        ["metrics", emu.jobs["succeeded"], "--csv"],
        ["metrics", emu.jobs["running"]],
        ["watch", emu.jobs["failed"], "--interval", "0.01"],
        ["jobs", "pause", emu.jobs["running"]],
        ["jobs", "resume", emu.jobs["running"]],
        ["jobs", "cancel", created, "--yes"],
    ]
    for argv in argvs:
        code, _, err = run(capsys, *argv, *c)
        assert "Traceback" not in err and code in (0, 1), (argv, err)
    with ClockDriver(emu.clock, step=20):
        code, _, err = run(capsys, "watch", emu.jobs["validating"], "--interval", "0.005", *c)
    requests = list(emu.emulator.chaos.log)
    problems, checked = request_violations(requests)
    assert problems == []
    templates = {(r.method, r.template) for r in requests}
    assert checked == len(requests) > 20
    assert {
        ("POST", "/files"),
        ("POST", "/fine_tuning/jobs"),
        ("GET", "/fine_tuning/jobs"),
        ("GET", "/fine_tuning/jobs/{fine_tuning_job_id}/events"),
        ("GET", "/fine_tuning/jobs/{fine_tuning_job_id}/checkpoints"),
        ("GET", "/files"),
        ("GET", "/files/{file_id}/content"),
        ("POST", "/fine_tuning/jobs/{fine_tuning_job_id}/cancel"),
        ("POST", "/fine_tuning/jobs/{fine_tuning_job_id}/pause"),
    } <= templates


def test_the_checker_catches_a_request_outside_the_spec(emu: Emu) -> None:
    """The check is not vacuous: an unknown parameter, a wrong type and a bad body are all reported."""
    import urllib.request

    base = emu.emulator.base_url
    emu.emulator.chaos.reset_counts()
    for url in (f"{base}/fine_tuning/jobs?limit=many", f"{base}/fine_tuning/jobs?page=2"):
        try:
            urllib.request.urlopen(url, timeout=5).read()
        except OSError:
            pass
    post = urllib.request.Request(
        f"{base}/fine_tuning/jobs", data=b'{"model": 3}', method="POST", headers={"Content-Type": "application/json"}
    )
    try:
        urllib.request.urlopen(post, timeout=5).read()
    except OSError:
        pass
    problems, _ = request_violations(list(emu.emulator.chaos.log))
    text = "\n".join(problems)
    assert "?limit" in text and "'page' is not in the spec" in text and "body" in text
