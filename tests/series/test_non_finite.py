"""NaN and infinities never reach a curve, a smoothing, an epoch mark or an export, and are counted when dropped."""

from __future__ import annotations

import math

from ftui.providers.records import Checkpoint, MetricPoint
from ftui.series import (
    best_checkpoint,
    column,
    decimate,
    ema,
    epoch_ends,
    finite_points,
    overfitting,
    series_to_csv,
    series_to_json,
    validation_series,
)

NAN, INF = float("nan"), float("inf")


def hostile_series() -> list[MetricPoint]:
    points = []
    for step in range(1, 201):
        bad = step % 7 == 0
        points.append(
            MetricPoint(
                step=step,
                epoch=INF if step == 50 else step / 100,
                train_loss=(NAN, INF, -INF)[step % 3] if bad else 2 / step,
                valid_loss=INF if step % 20 == 0 else (1 + step / 400 if step % 10 == 0 else None),
                full_valid_loss=NAN if step == 100 else (0.5 if step == 200 else None),
            )
        )
    return points


def test_finite_points_drops_and_counts() -> None:
    points = hostile_series()
    kept, dropped = finite_points(points)
    assert dropped == sum(
        1
        for p in points
        for key in (*MetricPoint.METRIC_KEYS, "epoch")
        if getattr(p, key) is not None and not math.isfinite(getattr(p, key))
    )
    assert dropped > 30
    for point in kept:
        assert all(
            math.isfinite(v) for key in (*MetricPoint.METRIC_KEYS, "epoch") if (v := getattr(point, key)) is not None
        )
    left = [
        p.step
        for p in points
        if any(v is not None and math.isfinite(v) for v in (getattr(p, key) for key in MetricPoint.METRIC_KEYS))
    ]
    assert [p.step for p in kept] == left and 7 not in left and 70 in left, "a step with nothing finite left goes"
    assert finite_points([MetricPoint(step=1, train_loss=NAN)]) == ([], 1)


def test_columns_smoothing_decimation_and_epochs_see_only_finite_values() -> None:
    points = hostile_series()
    steps, values = column(points, "train_loss")
    assert values and all(math.isfinite(v) for v in values) and 7 not in steps
    _xs, ys = decimate(list(range(10)), [1.0, INF, 2.0, NAN, -INF, 3.0, None, 4.0, 5.0, 6.0], 2)
    assert all(math.isfinite(y) for y in ys)
    assert ema([1.0, INF, NAN, 3.0], alpha=0.5) == [1.0, None, None, 2.0]
    assert all(math.isfinite(s) for s in epoch_ends(points))
    v_steps, v_values = validation_series(points)
    assert all(math.isfinite(v) for v in v_values) and 100 not in v_steps


def test_overfitting_and_best_checkpoint_ignore_non_finite_losses() -> None:
    points = hostile_series()
    overfitting(points)  # does not raise
    checkpoints = [
        Checkpoint(id="a", step=20, model="m-a", metrics=MetricPoint(step=20, valid_loss=INF)),
        Checkpoint(id="b", step=30, model="m-b", metrics=MetricPoint(step=30, valid_loss=NAN)),
        Checkpoint(id="c", step=40, model="m-c", metrics=MetricPoint(step=40, valid_loss=0.7)),
    ]
    assert best_checkpoint(checkpoints, points).id == "c"


def test_exports_hold_no_nan_or_infinity() -> None:
    points = hostile_series()
    text = series_to_csv(points)
    assert "nan" not in text.lower() and "inf" not in text.lower()
    assert "NaN" not in series_to_json(points) and "Infinity" not in series_to_json(points)
