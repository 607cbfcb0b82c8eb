"""The CLI against hostile servers: every command ends, says what happened, and never shows a traceback.

Two kinds of server, both over real HTTP with the real ``openai`` SDK: the emulator's
real payloads broken by each chaos scenario (``ftui.emulator.chaos_payloads``) through
a mutating proxy, and hand-written answers for the cases named in issue 10.
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ftui.emulator.chaos_payloads import SCENARIOS, Reply, mutate
from tests.commands.conftest import Emu, run
from tests.providers.hostile_payloads import JOBS, MB10, event, events_route, good_job, page, succeeded_job
from tests.providers.hostile_server import HostileServer, status

MAX_LINE = 5000
"""No output line may be longer than this (a 10 MB field must not reach the terminal)."""


def config_for(server: HostileServer, tmp_path: Path) -> str:
    """A config file whose only profile is the hostile server, without SDK retries."""
    path = tmp_path / "hostile.toml"
    path.write_text(f'[profiles.hostile]\nkind = "emulator"\nbase_url = "{server.base_url}"\nmax_retries = 0\n')
    return str(path)


def check_output(code: int, out: str, err: str, codes: tuple[int, ...] = (0,)) -> None:
    """The common promises: an expected exit code, no traceback, no endless line, every complaint says ftui."""
    assert code in codes, err
    assert "Traceback" not in out and "Traceback" not in err
    assert max((len(line) for line in (out + err).splitlines()), default=0) < MAX_LINE
    for line in err.splitlines():
        assert line.startswith(("ftui:", "Job ", "No ")), line


@pytest.fixture(params=sorted(SCENARIOS))
def chaos(request: pytest.FixtureRequest, emu: Emu, tmp_path: Path) -> Iterator[tuple[str, HostileServer, str]]:
    """The demo emulator behind a proxy that breaks its answers by one scenario."""
    with HostileServer(upstream=emu.emulator.base_url, scenario=request.param, max_requests=400) as server:
        yield request.param, server, config_for(server, tmp_path)
    assert not server.overflow, "requests stayed bounded"


def _upstream_job(emu: Emu, role: str) -> Any:
    with urllib.request.urlopen(f"{emu.emulator.base_url}/fine_tuning/jobs/{emu.jobs[role]}", timeout=10) as answer:
        return json.loads(answer.read())


def test_every_command_survives_every_scenario(
    chaos: tuple[str, HostileServer, str], emu: Emu, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario, _server, config = chaos
    job = emu.jobs["succeeded"]
    check_output(*run(capsys, "jobs", "list", "--config", config), codes=(0,))
    check_output(*run(capsys, "jobs", "list", "--json", "--config", config), codes=(0,))
    code, out, err = run(capsys, "jobs", "show", job, "--config", config)
    check_output(code, out, err, codes=(0, 1))
    code, out, err = run(capsys, "metrics", job, "--json", "--config", config)
    check_output(code, out, err, codes=(0,))
    rows = json.loads(out)
    assert "NaN" not in out and "Infinity" not in out and all(isinstance(row["step"], int) for row in rows)
    if scenario in ("bad-result-file", "null-pages", "bad-items", "huge-fields"):
        assert rows, "the events' series is still shown"
    if scenario == "bad-result-file":
        assert "the series shown is the one from the job's events" in err.lower()
    code, out, err = run(capsys, "metrics", emu.jobs["running"], "--json", "--config", config)
    check_output(code, out, err, codes=(0,))
    assert "NaN" not in out and "Infinity" not in out
    code, out, err = run(capsys, "metrics", emu.jobs["running"], "--config", config)
    check_output(code, out, err, codes=(0,))
    assert "nan" not in out.lower() and "inf" not in out.lower()
    seen = mutate(scenario, "GET", f"/v1/fine_tuning/jobs/{job}", _upstream_job(emu, "succeeded"))
    if isinstance(seen, dict) and seen.get("status") == "succeeded":  # watch can only end if it sees the end
        code, out, err = run(capsys, "watch", job, "--interval", "0.01", "--config", config)
        check_output(code, out, err, codes=(0,))
        assert f"Job {job} succeeded." in err


def test_a_bad_result_file_is_explained_by_watch(emu: Emu, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    routes = {
        f"{JOBS}/ftjob-done": succeeded_job("ftjob-done"),
        f"{JOBS}/ftjob-done/events": events_route([event(i) for i in range(1, 11)]),
        "/v1/files/file-result/content": status(404, {"error": {"message": "No such File object: file-result"}}),
        f"{JOBS}/ftjob-done/checkpoints": page([]),
    }
    with HostileServer(routes, max_requests=50) as server:
        config = config_for(server, tmp_path)
        code, out, err = run(capsys, "watch", "ftjob-done", "--interval", "0.01", "--config", config)
        check_output(code, out, err)
        assert "Final metrics unavailable" in err and "No such File object" in err
        assert "10 steps shown come from the job's events" in err and "Job ftjob-done succeeded." in err
        code, out, err = run(capsys, "metrics", "ftjob-done", "--json", "--config", config)
        check_output(code, out, err)
        assert [row["step"] for row in json.loads(out)] == list(range(1, 11))
        assert "No such File object" in err
        assert server.total < 20


def test_a_huge_and_malformed_job_list_prints_a_bounded_table(
    emu: Emu, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    items = [
        good_job("ftjob-a", user_provided_suffix=MB10, model=MB10),
        "junk",
        None,
        good_job("ftjob-b", trained_tokens="lots", method="dpo", hyperparameters=[1]),
        good_job("ftjob-c", created_at=float("nan"), status=None),
    ]
    with HostileServer({JOBS: page(items)}) as server:
        code, out, err = run(capsys, "jobs", "list", "--config", config_for(server, tmp_path))
    check_output(code, out, err)
    lines = out.splitlines()
    assert len(lines) == 4 and all(len(line) < 600 for line in lines), "header and three jobs, columns capped"
    assert "skipped 2 malformed jobs" in err and "trained_tokens" in err


@pytest.mark.parametrize(
    ("answer", "text"),
    [
        (status(400, {"error": "invalid job id format"}), "invalid job id format"),
        (
            status(400, {"error": {"message": "Invalid fine-tuning job ID", "code": "invalid_id"}}),
            "Invalid fine-tuning job ID",
        ),
        (
            status(502, "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>", "text/html"),
            "502 Bad Gateway",
        ),
        (Reply(200, b'{"id": "ftjob-x", "status": ', "application/json"), "cannot read"),
        (Reply(200, b'"a string"', "application/json"), "where a job object was expected"),
    ],
)
def test_jobs_show_says_what_the_server_said(
    emu: Emu, tmp_path: Path, capsys: pytest.CaptureFixture[str], answer: Reply, text: str
) -> None:
    with HostileServer({f"{JOBS}/ftjob-x": answer}) as server:
        code, out, err = run(capsys, "jobs", "show", "ftjob-x", "--config", config_for(server, tmp_path))
    check_output(code, out, err, codes=(1,))
    assert text in err and "no job" not in err


def test_jobs_show_of_a_job_with_every_field_wrong(
    emu: Emu, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    job = good_job(
        "ftjob-w",
        method="supervised",
        hyperparameters=[1, 2],
        trained_tokens="lots",
        result_files="file-r",
        error="it broke",
        model=MB10,
        status="succeeded",
    )
    checkpoints = page(
        [
            {"id": "ckpt-1", "step_number": "ten", "metrics": {"step": 10, "train_loss": "low"}},
            "junk",
            {"id": "ckpt-2", "step_number": None},
        ]
    )
    with HostileServer({f"{JOBS}/ftjob-w": job, f"{JOBS}/ftjob-w/checkpoints": checkpoints}) as server:
        config = config_for(server, tmp_path)
        code, out, err = run(capsys, "jobs", "show", "ftjob-w", "--config", config)
        check_output(code, out, err)
        assert "unreadable" in out and "trained_tokens" in out and "it broke" in out
        assert "skipped 2 malformed checkpoints" in err
        code, out, err = run(capsys, "jobs", "show", "ftjob-w", "--json", "--config", config)
        check_output(code, out, err)
        detail = json.loads(out)
        assert detail["trained_tokens"] is None and detail["checkpoints"][0]["step"] == 10
