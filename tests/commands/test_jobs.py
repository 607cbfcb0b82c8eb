"""``ftui jobs``: list, show, cancel, pause and resume against the emulator."""

from __future__ import annotations

import io
import json
from datetime import datetime
from pathlib import Path

import pytest

from ftui.emulator import Emulator
from tests.commands.conftest import Emu, run, run_json

SUMMARY_KEYS = [
    "profile",
    "kind",
    "id",
    "name",
    "base_model",
    "status",
    "native_status",
    "created_at",
    "finished_at",
    "trained_tokens",
    "fine_tuned_model",
    "error",
    "hyperparameters",
    "method",
]


def test_list_prints_an_aligned_table_newest_first(emu: Emu, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "jobs", "list")
    assert code == 0
    header, *rows = out.splitlines()
    assert header.split() == ["PROFILE", "ID", "NAME", "MODEL", "STATUS", "TOKENS", "AGE"]
    assert len(rows) == 5
    assert [row.split()[1] for row in rows] == [
        emu.jobs[r] for r in ("validating", "running", "cancelled", "failed", "succeeded")
    ]
    assert len({row.index("gpt-4o-mini") for row in rows}) == 1, "columns are aligned"
    succeeded = rows[-1].split()
    assert succeeded[0] == "openai" and succeeded[2] == "support-v1" and succeeded[4] == "succeeded"


def test_list_json_has_the_stable_keys(emu: Emu, capsys: pytest.CaptureFixture[str]) -> None:
    jobs = run_json(capsys, "jobs", "list", "--json")
    assert [list(job) for job in jobs] == [SUMMARY_KEYS] * 5
    by_id = {job["id"]: job for job in jobs}
    failed = by_id[emu.jobs["failed"]]
    assert failed["status"] == "failed" and failed["error"]["code"] == "invalid_training_file"
    assert failed["error"]["param"] == "training_file" and failed["error"]["message"]
    done = by_id[emu.jobs["succeeded"]]
    assert done["trained_tokens"] > 0 and done["fine_tuned_model"].startswith("ft:")
    assert datetime.fromisoformat(done["created_at"]) < datetime.fromisoformat(done["finished_at"])
    assert by_id[emu.jobs["validating"]]["native_status"] == "validating_files"
    assert by_id[emu.jobs["validating"]]["status"] == "pending"


def test_status_filter_uses_ftui_names(emu: Emu, capsys: pytest.CaptureFixture[str]) -> None:
    jobs = run_json(capsys, "jobs", "list", "--json", "--status", "pending,failed")
    assert sorted(job["id"] for job in jobs) == sorted([emu.jobs["validating"], emu.jobs["failed"]])
    code, _, err = run(capsys, "jobs", "list", "--status", "validating_files")
    assert code == 2 and "unknown status" in err


def test_limit(emu: Emu, capsys: pytest.CaptureFixture[str]) -> None:
    jobs = run_json(capsys, "jobs", "list", "--json", "--limit", "2")
    assert [job["id"] for job in jobs] == [emu.jobs["validating"], emu.jobs["running"]]


def test_show_json_has_every_field_and_the_checkpoints(emu: Emu, capsys: pytest.CaptureFixture[str]) -> None:
    job = run_json(capsys, "jobs", "show", emu.jobs["succeeded"], "--json")
    assert list(job)[: len(SUMMARY_KEYS)] == SUMMARY_KEYS
    assert {
        "estimated_finish",
        "total_steps",
        "training_file",
        "validation_file",
        "result_files",
        "final_train_loss",
        "final_valid_loss",
        "timeline",
        "checkpoints",
    } <= set(job)
    assert job["training_file"].startswith("file-") and len(job["result_files"]) == 1
    assert job["hyperparameters"]["n_epochs"] >= 1
    steps = [c["step"] for c in job["checkpoints"]]
    assert steps and steps == sorted(steps, reverse=True)
    assert all(c["model"].startswith(job["fine_tuned_model"]) for c in job["checkpoints"])
    assert "train_loss" in job["checkpoints"][0]["metrics"]


def test_show_text(emu: Emu, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "jobs", "show", emu.jobs["failed"])
    assert code == 0
    assert emu.jobs["failed"] in out and "invalid_training_file" in out and "parameter training_file" in out


def test_an_unknown_job_is_a_clear_message(emu: Emu, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "jobs", "show", "ftjob-doesnotexist")
    assert code == 1 and out == ""
    assert err == "ftui: no job 'ftjob-doesnotexist' in profile openai.\n"


def test_cancel_with_yes_then_again(emu: Emu, capsys: pytest.CaptureFixture[str]) -> None:
    job = emu.jobs["running"]
    code, out, _ = run(capsys, "jobs", "cancel", job, "--yes")
    assert code == 0 and out.startswith(f"Cancelled {job} (support-v2)") and "cancelled" in out
    assert emu.status("running") == "cancelled"
    code, out, err = run(capsys, "jobs", "cancel", job, "--yes")
    assert code == 1 and out == ""
    assert err == f"ftui: job {job} is already cancelled; nothing to cancel.\n"


def test_cancel_without_a_terminal_or_yes_is_refused(emu: Emu, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "jobs", "cancel", emu.jobs["running"])
    assert code == 2 and out == "" and "--yes" in err and "Traceback" not in err
    assert emu.status("running") == "running"


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("answer", "cancelled"), [("y\n", True), ("\n", False), ("no\n", False)])
def test_cancel_asks_on_a_terminal(
    emu: Emu, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, answer: str, cancelled: bool
) -> None:
    monkeypatch.setattr("sys.stdin", _Tty(answer))
    code, out, err = run(capsys, "jobs", "cancel", emu.jobs["running"])
    assert f"Cancel job {emu.jobs['running']} (support-v2) on openai (running)? [y/N]" in out
    assert (code, emu.status("running")) == ((0, "cancelled") if cancelled else (1, "running"))
    assert cancelled or "Not cancelled." in err


def test_pause_then_resume(emu: Emu, capsys: pytest.CaptureFixture[str]) -> None:
    job = emu.jobs["running"]
    code, out, _ = run(capsys, "jobs", "pause", job)
    assert code == 0 and out.startswith(f"Paused {job}") and out.rstrip().endswith("pausing.")
    code, _, err = run(capsys, "jobs", "resume", job)
    assert code == 1 and "only a paused job can be resumed" in err and "Traceback" not in err
    emu.clock.advance(60)
    assert emu.status("running") == "paused"
    code, out, _ = run(capsys, "jobs", "resume", job)
    assert code == 0 and out.startswith(f"Resumed {job}")


def test_pausing_a_finished_job_is_one_line(emu: Emu, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "jobs", "pause", emu.jobs["failed"])
    assert (code, out) == (1, "")
    assert err == f"ftui: job {emu.jobs['failed']} has already failed; it cannot be paused.\n"


def test_a_job_is_found_in_any_profile(emu: Emu, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Emulator(seed=9) as other:
        other_jobs = other.seed_demo()
        config = tmp_path / "two.toml"
        config.write_text(
            f'[profiles.first]\nkind = "emulator"\nbase_url = "{emu.emulator.base_url}"\n'
            f'[profiles.second]\nkind = "emulator"\nbase_url = "{other.base_url}"\n'
        )
        job = run_json(capsys, "jobs", "show", other_jobs["failed"], "--json", "--config", str(config))
        assert job["profile"] == "second" and job["id"] == other_jobs["failed"]
        jobs = run_json(capsys, "jobs", "list", "--json", "--config", str(config), "--limit", "0")
        assert len(jobs) == 10 and {j["profile"] for j in jobs} == {"first", "second"}
        only = run_json(capsys, "jobs", "list", "--json", "--config", str(config), "--profile", "first")
        assert {j["profile"] for j in only} == {"first"}


def test_an_unreachable_profile_does_not_hide_the_others(
    emu: Emu, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "mixed.toml"
    config.write_text(
        '[profiles.dead]\nkind = "emulator"\nbase_url = "http://127.0.0.1:9/v1"\nmax_retries = 0\n'
        f'[profiles.live]\nkind = "emulator"\nbase_url = "{emu.emulator.base_url}"\n'
    )
    code, out, err = run(capsys, "jobs", "list", "--json", "--config", str(config))
    assert code == 1 and len(json.loads(out)) == 5
    assert err.startswith("ftui: dead: Service unavailable: ") and len(err.splitlines()) == 1
    job = run_json(capsys, "jobs", "show", emu.jobs["running"], "--json", "--config", str(config))
    assert job["profile"] == "live"
    code, _, err = run(capsys, "jobs", "show", "ftjob-nowhere", "--config", str(config))
    assert code == 1 and err.startswith("ftui: Service unavailable: "), "the failure, not a misleading 'no job'"
