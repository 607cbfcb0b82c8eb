"""The shared text formatters: a dash for what is missing, elapsed time for running jobs, middle shortening."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rich.cells import cell_len

from ftui import format as fmt
from ftui.providers import Job, JobStatus

NOW = datetime(2026, 11, 18, 12, 0, tzinfo=UTC)


def _job(status: JobStatus, native: str = "", **fields: object) -> Job:
    return Job(
        provider="p",
        kind="emulator",
        id="ftjob-1",
        name=None,
        base_model="",
        status=status,
        native_status=native,
        **fields,  # type: ignore[arg-type]
    )


def test_a_status_nobody_sent_is_a_dash_and_an_unknown_one_is_shown_as_sent() -> None:
    assert fmt.status_label(_job(JobStatus.UNKNOWN)) == "—"
    assert fmt.status_label(_job(JobStatus.UNKNOWN, "  weird\nstate ")) == "weird state"
    assert fmt.status_label(_job(JobStatus.RUNNING, "running")) == "running"


def test_took_is_the_time_run_so_far_and_a_dash_before_the_start() -> None:
    created = NOW - timedelta(minutes=7)
    assert fmt.job_duration(_job(JobStatus.RUNNING, created_at=created), NOW) == "7m"
    assert fmt.elapsed_seconds(_job(JobStatus.RUNNING, created_at=created), NOW) == 420
    assert fmt.job_duration(_job(JobStatus.QUEUED, created_at=created), NOW) == "—"
    assert fmt.elapsed_seconds(_job(JobStatus.PENDING, created_at=created), NOW) is None
    assert fmt.job_duration(_job(JobStatus.SUCCEEDED, created_at=created, finished_at=NOW), NOW) == "7m"
    assert fmt.job_duration(_job(JobStatus.FAILED, created_at=created), NOW) == "—"  # ended, end unknown
    assert fmt.job_duration(_job(JobStatus.RUNNING), NOW) == "—"


def test_middle_keeps_both_ends_within_the_width_on_any_text() -> None:
    assert fmt.middle("ft:gpt-4o-mini-2024-07-18:org:support:ckpt-step-90", 28) == "ft:gpt-4o-mini…:ckpt-step-90"
    assert fmt.middle("short", 10) == "short"
    wide = fmt.middle("日本語の名前です長い名前", 9)
    assert cell_len(wide) <= 9 and wide.startswith("日本") and wide.endswith("名前")
    huge = fmt.middle("a" + "x" * 10_000_000 + "z", 20)
    assert len(huge) == 20 and huge[0] == "a" and huge[-1] == "z"
    assert fmt.middle("abc", 1) == "…" and fmt.middle("abc", 0) == ""
