"""``ftui metrics``: the full series, sorted by step, exactly the emulator's, as JSON, CSV or a table."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from ftui.commands.common import METRIC_COLUMNS
from tests.commands.conftest import Emu, run, run_json


def emulator_series(emu: Emu, role: str) -> list[dict[str, Any]]:
    """What the emulator generated for a job so far, one row per step, in ``METRIC_COLUMNS`` order."""
    job = emu.emulator.store.get_job(emu.jobs[role])
    steps = job.timeline().steps_done(emu.clock.now())
    rows = []
    for step in range(1, steps + 1):
        data = job.curves.metrics(step)
        rows.append({key: data[key] for key in METRIC_COLUMNS if key in data})
    return rows


def test_json_is_the_emulators_series_in_order(emu: Emu, capsys: pytest.CaptureFixture[str]) -> None:
    rows = run_json(capsys, "metrics", emu.jobs["succeeded"], "--json")
    assert rows == emulator_series(emu, "succeeded")
    assert [row["step"] for row in rows] == list(range(1, len(rows) + 1)) and len(rows) > 100
    for row in rows:
        assert list(row) == [key for key in METRIC_COLUMNS if key in row], "keys in the documented order"
    assert any("full_valid_loss" in row for row in rows) and "full_valid_loss" not in rows[0]


def test_a_running_job_gives_the_steps_so_far(emu: Emu, capsys: pytest.CaptureFixture[str]) -> None:
    rows = run_json(capsys, "metrics", emu.jobs["running"], "--json")
    assert rows and rows == emulator_series(emu, "running")


def test_csv_has_the_header_and_empty_cells(emu: Emu, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "metrics", emu.jobs["succeeded"], "--csv")
    assert code == 0
    assert out.splitlines()[0] == (
        "step,train_loss,valid_loss,full_valid_loss,train_mean_token_accuracy,"
        "valid_mean_token_accuracy,full_valid_mean_token_accuracy"
    )
    rows = list(csv.DictReader(io.StringIO(out)))
    expected = emulator_series(emu, "succeeded")
    assert len(rows) == len(expected)
    assert rows[0]["valid_loss"] == "" and float(rows[0]["train_loss"]) == expected[0]["train_loss"]
    assert [int(row["step"]) for row in rows] == [row["step"] for row in expected]


def test_the_default_is_a_compact_table(emu: Emu, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "metrics", emu.jobs["succeeded"])
    header, first, *rest = out.splitlines()
    assert code == 0 and header.split()[:3] == ["STEP", "TRAIN", "LOSS"]
    assert first.split()[0] == "1" and len(rest) + 1 == len(emulator_series(emu, "succeeded"))


def test_a_job_without_metrics(emu: Emu, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_json(capsys, "metrics", emu.jobs["failed"], "--json") == []
    code, out, err = run(capsys, "metrics", emu.jobs["failed"])
    assert (code, out) == (0, "") and "No metrics yet" in err


def test_json_and_csv_exclude_each_other(emu: Emu, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "metrics", emu.jobs["succeeded"], "--json", "--csv")
    assert code == 2 and "not allowed" in err
