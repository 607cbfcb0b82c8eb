"""Table tests for ``ftui.series``: smoothing, decimation, epoch ends, overfitting, export."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pytest

from ftui.providers.records import Checkpoint, MetricPoint
from ftui.series import (
    EXPORT_KEYS,
    Decimator,
    best_checkpoint,
    column,
    decimate,
    ema,
    epoch_ends,
    overfitting,
    series_to_csv,
    series_to_json,
    write_atomically,
)

NAN = float("nan")


@pytest.mark.parametrize(
    ("values", "alpha", "expected"),
    [
        ([], 0.1, []),
        ([1.0, 1.0, 1.0], 0.1, [1.0, 1.0, 1.0]),
        ([1.0, 3.0], 0.5, [1.0, 2.0]),
        ([None, 2.0, None, 4.0], 0.5, [None, 2.0, None, 3.0]),
        ([NAN, 2.0, 4.0], 0.5, [None, 2.0, 3.0]),
        ([1.0, 5.0, 9.0], 1.0, [1.0, 5.0, 9.0]),
    ],
)
def test_ema(values: list[float | None], alpha: float, expected: list[float | None]) -> None:
    assert ema(values, alpha) == expected


def test_ema_continues_from_a_start() -> None:
    assert ema([3.0], 0.5, start=1.0) == [2.0]


@pytest.mark.parametrize("alpha", [0.0, -0.1, 1.5])
def test_ema_rejects_bad_alpha(alpha: float) -> None:
    with pytest.raises(ValueError):
        ema([1.0], alpha)


def _noisy(n: int, seed: int = 0) -> tuple[list[int], list[float]]:
    rng = random.Random(seed)
    return list(range(n)), [1.0 / (1 + i / 500) + rng.random() * 0.05 for i in range(n)]


@pytest.mark.parametrize(("n", "width"), [(10_000, 80), (100_000, 160), (1_001, 7), (50_000, 1)])
def test_decimate_keeps_extremes_last_and_size(n: int, width: int) -> None:
    xs, ys = _noisy(n)
    ys[n // 3] = 50.0  # a spike
    ys[n // 2] = -50.0  # a dip
    dx, dy = decimate(xs, ys, width)
    assert len(dx) == len(dy) <= 2 * width + 1
    assert len(dx) >= width
    assert (dx[-1], dy[-1]) == (xs[-1], ys[-1])
    assert max(dy) == 50.0 and min(dy) == -50.0
    assert dx == sorted(dx)
    assert all(ys[x] == y for x, y in zip(dx, dy, strict=True))
    for b in range(width):  # every bucket's own min and max survive
        lo, hi = n * b // width, n * (b + 1) // width
        chunk = set(zip(xs[lo:hi], ys[lo:hi], strict=True))
        kept = {p for p in zip(dx, dy, strict=True) if p in chunk}
        assert min(ys[lo:hi]) in {y for _, y in kept} and max(ys[lo:hi]) in {y for _, y in kept}


@pytest.mark.parametrize(
    ("xs", "ys", "width", "expected"),
    [
        ([], [], 10, ([], [])),
        ([1, 2, 3], [3.0, 2.0, 1.0], 10, ([1, 2, 3], [3.0, 2.0, 1.0])),
        ([1, 2, 3, 4], [1.0, None, NAN, 4.0], 10, ([1, 4], [1.0, 4.0])),
        ([1, 2, 3, 4, 5, 6], [5.0, 1.0, 2.0, 9.0, 3.0, 4.0], 1, ([2, 4, 6], [1.0, 9.0, 4.0])),
    ],
)
def test_decimate_small_cases(
    xs: list[int], ys: list[float | None], width: int, expected: tuple[list[int], list[float]]
) -> None:
    assert decimate(xs, ys, width) == expected


def test_decimate_rejects_mismatched_lengths() -> None:
    with pytest.raises(ValueError):
        decimate([1, 2], [1.0], 5)


def test_column_drops_missing_and_nan() -> None:
    points = [
        MetricPoint(1, train_loss=1.0),
        MetricPoint(2),
        MetricPoint(3, train_loss=NAN),
        MetricPoint(4, train_loss=0.5),
    ]
    assert column(points, "train_loss") == ([1, 4], [1.0, 0.5])
    assert column(points, "valid_loss") == ([], [])


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        ([], []),
        ([MetricPoint(s, train_loss=1.0) for s in range(5)], []),
        ([MetricPoint(s, epoch=s // 10) for s in range(1, 31)], [9, 19, 29]),
        ([MetricPoint(s, full_valid_loss=0.5 if s in (10, 20) else None) for s in range(1, 25)], [10, 20]),
        ([MetricPoint(s, epoch=s / 10) for s in range(1, 25)], [9, 19]),
        (  # both signals agree on the same steps; given out of order
            [MetricPoint(s, epoch=s // 10, full_valid_loss=0.4 if s == 9 else None) for s in reversed(range(20))],
            [9],
        ),
    ],
)
def test_epoch_ends(points: list[MetricPoint], expected: list[int]) -> None:
    assert epoch_ends(points) == expected


def _run(
    valid: list[float | None], train_slope: float = -0.01, noise: float = 0.0, every: int = 10, full: bool = False
) -> list[MetricPoint]:
    """A series with a validation value every ``every`` steps."""
    rng = random.Random(7)
    points = []
    for i, value in enumerate(valid):
        for k in range(every):
            step = i * every + k + 1
            train = 2.0 + train_slope * step + (rng.uniform(-noise, noise) if noise else 0.0)
            last = k == every - 1
            points.append(
                MetricPoint(
                    step,
                    train_loss=train,
                    valid_loss=value if last and not full else None,
                    full_valid_loss=value if last and full else None,
                )
            )
    return points


@pytest.mark.parametrize(
    ("points", "patience", "fires", "best_step"),
    [
        (_run([1.0, 0.9, 0.8, 0.85, 0.9, 0.95]), 3, True, 30),
        (_run([1.0, 0.9, 0.8, 0.85, 0.9]), 3, False, None),  # two rises only
        (_run([1.0, 0.9, 0.8, 0.85, 0.9]), 2, True, 30),
        (_run([1.0, 0.9, 0.8, 0.85, 0.9, 0.95], train_slope=0.01), 3, False, None),  # training rises too
        (_run([1.0, 0.9, 0.8, 0.85, 0.9, 0.95], train_slope=0.0), 3, False, None),  # training flat
        (_run([1.0, 0.7, 0.8, 0.75, 0.9, 0.85, 0.95]), 3, False, None),  # validation bounces: noisy, not rising
        (_run([1.0, 0.9, 0.8, 0.82, 0.84, 0.86], noise=0.5), 3, True, 30),  # noisy training loss, EMA falls
        (_run([1.0, 0.9, 0.8, 0.85, 0.9, 0.95], full=True), 3, True, 30),  # full validation only
        (_run([0.5, 0.6, 0.7, 0.8]), 3, True, 10),  # rising from the start
        (_run([0.5, 0.6, 0.7]), 3, False, None),  # not enough evaluations
        (_run([None, None, None, None, None]), 3, False, None),  # no validation at all
        ([MetricPoint(s) for s in range(50)], 3, False, None),  # no metrics at all
        ([], 3, False, None),
    ],
)
def test_overfitting(points: list[MetricPoint], patience: int, fires: bool, best_step: int | None) -> None:
    signal = overfitting(points, patience=patience)
    assert (signal is not None) == fires
    if signal is not None:
        assert signal.best_step == best_step
        assert signal.rising >= patience
        assert signal.message.startswith(f"Validation loss has risen for {signal.rising} evaluations")
        assert f"lowest validation loss was at step {best_step}" in signal.message


def test_overfitting_prefers_full_validation_at_a_step() -> None:
    points = _run([1.0, 0.9, 0.8, 0.85, 0.9, 0.95])
    # a full-validation value that breaks the rise at the last evaluation
    points[-1] = MetricPoint(points[-1].step, train_loss=points[-1].train_loss, valid_loss=0.95, full_valid_loss=0.7)
    assert overfitting(points) is None


def test_overfitting_names_the_best_checkpoint() -> None:
    points = _run([1.0, 0.9, 0.8, 0.85, 0.9, 0.95])
    checkpoints = [
        Checkpoint("ckpt-a", 20, "ft:model:ckpt-step-20"),
        Checkpoint("ckpt-b", 30, "ft:model:ckpt-step-30"),
        Checkpoint("ckpt-c", 60, "ft:model:ckpt-step-60"),
    ]
    signal = overfitting(points, checkpoints=checkpoints)
    assert signal is not None and signal.checkpoint is checkpoints[1]
    assert signal.message == (
        "Validation loss has risen for 3 evaluations while training loss keeps falling"
        " — the lowest validation loss was at step 30 (checkpoint ft:model:ckpt-step-30)."
    )


@pytest.mark.parametrize(
    ("checkpoints", "expected"),
    [
        ([], None),
        ([Checkpoint("a", 5, "m-a")], None),  # no validation known at step 5
        ([Checkpoint("a", 10, "m-a"), Checkpoint("b", 30, "m-b")], "b"),
        ([Checkpoint("a", 10, "m-a", metrics=MetricPoint(10, full_valid_loss=0.1)), Checkpoint("b", 30, "m-b")], "a"),
        ([Checkpoint("a", 30, "m-a"), Checkpoint("b", 30, "m-b")], "a"),  # tie: the first
    ],
)
def test_best_checkpoint(checkpoints: list[Checkpoint], expected: str | None) -> None:
    best = best_checkpoint(checkpoints, _run([1.0, 0.9, 0.8, 0.85]))
    assert (best.id if best else None) == expected


POINTS = [
    MetricPoint(
        3,
        epoch=1.0,
        train_loss=0.5,
        valid_loss=0.6,
        full_valid_loss=0.55,
        train_mean_token_accuracy=0.8,
        valid_mean_token_accuracy=0.7,
        full_valid_mean_token_accuracy=0.75,
        total_steps=3,
    ),
    MetricPoint(1, train_loss=1.25),
    MetricPoint(2, train_loss=0.75, train_mean_token_accuracy=0.5),
]


def test_series_to_csv_exact() -> None:
    assert series_to_csv(POINTS) == (
        "step,train_loss,valid_loss,full_valid_loss,train_mean_token_accuracy,"
        "valid_mean_token_accuracy,full_valid_mean_token_accuracy\n"
        "1,1.25,,,,,\n"
        "2,0.75,,,0.5,,\n"
        "3,0.5,0.6,0.55,0.8,0.7,0.75\n"
    )


def test_series_to_csv_empty_has_header() -> None:
    assert series_to_csv([]) == ",".join(EXPORT_KEYS) + "\n"


def test_series_to_json_exact_keys_and_order() -> None:
    text = series_to_json(POINTS)
    rows = json.loads(text)
    assert [r["step"] for r in rows] == [1, 2, 3]
    assert list(rows[0]) == ["step", "train_loss"]
    assert list(rows[1]) == ["step", "train_loss", "train_mean_token_accuracy"]
    assert list(rows[2]) == list(EXPORT_KEYS)  # no epoch, no total_steps
    assert text.splitlines()[1:-1] == [json.dumps(r) + "," for r in rows[:-1]] + [json.dumps(rows[-1])]


def test_series_to_json_merges_duplicate_steps_and_nulls_nan() -> None:
    rows = json.loads(series_to_json([MetricPoint(1, train_loss=1.0), MetricPoint(1, valid_loss=NAN)]))
    assert rows == [{"step": 1, "train_loss": 1.0, "valid_loss": None}]
    assert series_to_json([]) == "[]\n"


def test_write_atomically_writes_and_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "series.csv"
    assert write_atomically(target, "a,b\n1,2\n") == target
    assert target.read_bytes() == b"a,b\n1,2\n"
    with pytest.raises(FileExistsError):
        write_atomically(target, "other")
    assert target.read_text() == "a,b\n1,2\n"
    write_atomically(target, "new\n", overwrite=True)
    assert target.read_text() == "new\n"
    assert os.listdir(tmp_path) == ["series.csv"]


def test_write_atomically_leaves_no_temp_file_on_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", broken)
    with pytest.raises(OSError, match="disk full"):
        write_atomically(tmp_path / "out.json", "[]")
    assert os.listdir(tmp_path) == []


def test_write_atomically_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        write_atomically(tmp_path / "nowhere" / "out.csv", "x")


def test_series_is_pure() -> None:
    import subprocess
    import sys

    code = "import sys, ftui.series; print(any(m.split('.')[0] in ('textual', 'rich') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


@pytest.mark.parametrize(("n", "width", "grow"), [(10_000, 80, 37), (1_000, 7, 1), (500, 300, 13), (5, 3, 2)])
def test_decimator_on_a_growing_series_matches_a_fresh_one(n: int, width: int, grow: int) -> None:
    xs, ys = _noisy(n + 200 * grow, seed=3)
    ys[n // 2] = 99.0
    growing = Decimator(width)
    for end in range(n, len(xs) + 1, grow):
        got = growing(xs[:end], ys[:end])
        assert got == Decimator(width)(xs[:end], ys[:end])
        assert len(got[0]) <= 2 * width + 1
        assert (got[0][-1], got[1][-1]) == (xs[end - 1], ys[end - 1])
        assert max(got[1]) == max(ys[:end]) and min(got[1]) == min(ys[:end])
