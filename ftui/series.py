"""Metric series maths: smoothing, decimation, epoch ends, overfitting, export.

Pure Python (no Textual, no Rich) so the loss plot, the CLI and the tests share
one implementation. Series are sequences of :class:`~ftui.providers.records.MetricPoint`,
where any metric may be missing on a given step.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
from bisect import bisect_right
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import compress, groupby
from operator import attrgetter, itemgetter
from pathlib import Path

from ftui.files import write_text
from ftui.providers.metrics import finite_points  # noqa: F401 - finite_points re-exported
from ftui.providers.metrics import is_finite as _finite
from ftui.providers.records import Checkpoint, MetricPoint

EXPORT_KEYS = ("step", *MetricPoint.METRIC_KEYS)
"""The keys of an exported series, in order (the CSV header)."""

_STEP = attrgetter("step")


def ema(values: Sequence[float | None], alpha: float = 0.1, start: float | None = None) -> list[float | None]:
    """Exponential moving average of ``values``, one output per input.

    Missing values (None, NaN or infinite) stay None in the output and leave the
    average untouched; the first present value seeds it.

    Args:
        values: The raw values.
        alpha: Weight of the newest value, in (0, 1]; 1 returns the values unchanged.
        start: The average so far, to continue a series; None starts afresh.

    Raises:
        ValueError: When ``alpha`` is out of range.
    """
    if not 0.0 < alpha <= 1.0:
        raise ValueError(f"alpha must be in (0, 1], not {alpha}")
    out: list[float | None] = []
    append = out.append
    keep = 1.0 - alpha
    current = start
    for value in values:
        if value is None or not math.isfinite(value):
            append(None)
            continue
        current = value if current is None else alpha * value + keep * current
        append(current)
    return out


def decimate(xs: Sequence[float], ys: Sequence[float | None], width: int) -> tuple[list[float], list[float]]:
    """Reduce a series to about ``2 * width`` points that draw the same picture.

    The points are cut into ``width`` buckets of consecutive indices; each bucket
    keeps its lowest and highest point (in x order), so spikes survive. The last
    point is always kept. Pairs whose y is None, NaN or infinite are dropped first.

    Args:
        xs: X values, ascending.
        ys: Y values, as many as ``xs``.
        width: The number of buckets (the canvas width in cells); at least 1.

    Returns:
        The kept xs and ys, at most ``2 * width + 1`` of them, in x order.
    """
    if len(xs) != len(ys):
        raise ValueError(f"{len(xs)} xs but {len(ys)} ys")
    width = max(1, int(width))
    if None in ys or not math.isfinite(sum(ys)):  # type: ignore[arg-type]
        pairs = [(x, y) for x, y in zip(xs, ys) if y is not None and math.isfinite(y)]
        xs = [x for x, _ in pairs]
        ys = [y for _, y in pairs]
    n = len(xs)
    if n <= 2 * width:
        return list(xs), [float(y) for y in ys]  # type: ignore[arg-type]
    out_x: list[float] = []
    out_y: list[float] = []
    for b in range(width):
        lo, hi = n * b // width, n * (b + 1) // width
        chunk = ys[lo:hi]
        i_min = chunk.index(min(chunk))  # type: ignore[type-var]
        i_max = chunk.index(max(chunk))  # type: ignore[type-var]
        for i in sorted({i_min, i_max}):
            out_x.append(xs[lo + i])
            out_y.append(chunk[i])  # type: ignore[arg-type]
    if out_x[-1] != xs[-1]:
        out_x.append(xs[-1])
        out_y.append(ys[-1])  # type: ignore[arg-type]
    return out_x, out_y


def column(points: Sequence[MetricPoint], key: str, steps: Sequence[int] | None = None) -> tuple[list[int], list[float]]:
    """The steps and values of one metric, where it is present (not None, NaN or infinite).

    Written for speed (a few ms on 100,000 points). ``points`` are taken in the
    order given; ``steps``, when given, are their steps (saves a pass).
    """
    steps = [p.step for p in points] if steps is None else list(steps)
    values = list(map(attrgetter(key), points))
    if None in values:
        keep = [v is not None for v in values]
        steps = list(compress(steps, keep))
        values = list(compress(values, keep))
    if values and not math.isfinite(sum(values)):  # a NaN or an infinity (or an overflowing sum) inside
        keep = list(map(math.isfinite, values))
        steps = list(compress(steps, keep))
        values = list(compress(values, keep))
    return steps, values


class Decimator:
    """:func:`decimate` for a series that only grows: finished buckets are kept between calls.

    Buckets hold ``ceil(n / width)`` consecutive points (the last one partial), so
    while that size holds, appending points only recomputes the last bucket. Give
    it the whole series each time, ascending, with no missing values.
    """

    def __init__(self, width: int) -> None:
        self.width = max(1, int(width))
        """The number of buckets."""
        self._size = 0
        self._done = 0
        self._xs: list[float] = []
        self._ys: list[float] = []

    def __call__(self, xs: Sequence[float], ys: Sequence[float]) -> tuple[list[float], list[float]]:
        """The kept xs and ys (at most ``2 * width + 1``), in x order."""
        n = len(xs)
        if n <= 2 * self.width:
            return list(xs), list(ys)
        size = -(-n // self.width)
        if size != self._size or self._done * size > n:
            self._size, self._done, self._xs, self._ys = size, 0, [], []
        full = n // size
        for b in range(self._done, full):
            self._keep(xs, ys, b * size, (b + 1) * size, self._xs, self._ys)
        self._done = full
        out_x, out_y = list(self._xs), list(self._ys)
        if full * size < n:
            self._keep(xs, ys, full * size, n, out_x, out_y)
        if out_x[-1] != xs[-1]:
            out_x.append(xs[-1])
            out_y.append(ys[-1])
        return out_x, out_y

    @staticmethod
    def _keep(xs: Sequence[float], ys: Sequence[float], lo: int, hi: int, out_x: list[float], out_y: list[float]) -> None:
        chunk = ys[lo:hi]
        i_min = chunk.index(min(chunk))
        i_max = chunk.index(max(chunk))
        for i in sorted({i_min, i_max}):
            out_x.append(xs[lo + i])
            out_y.append(chunk[i])


def epoch_ends(points: Iterable[MetricPoint]) -> list[int]:
    """The steps that end an epoch, ascending.

    A step ends an epoch when it carries a full validation loss (computed at
    epoch ends), or when the next point with an epoch is in a later epoch.
    """
    ordered = sorted(points, key=_STEP)
    return epoch_ends_in(column(ordered, "full_valid_loss")[0], column(ordered, "epoch"))


def epoch_ends_in(full_valid_steps: Iterable[int], epochs: tuple[Sequence[int], Sequence[float]]) -> list[int]:
    """:func:`epoch_ends` from columns: the steps with a full validation loss, and (steps, epochs) ascending."""
    ends = set(full_valid_steps)
    steps, values = epochs
    groups = groupby(zip(map(math.floor, values), steps), key=itemgetter(0))
    lasts = [deque(group, maxlen=1)[0][1] for _, group in groups]
    ends.update(lasts[:-1])  # the last group's epoch may still be running
    return sorted(ends)


def validation_loss(point: MetricPoint) -> float | None:
    """The point's validation loss: the full one when present, else the batch one."""
    value = point.full_valid_loss if point.full_valid_loss is not None else point.valid_loss
    return value if _finite(value) else None


def validation_series(points: Sequence[MetricPoint]) -> tuple[list[int], list[float]]:
    """Steps and validation losses of the evaluations (see :func:`validation_loss`), by step."""
    return merge_validation(column(points, "valid_loss"), column(points, "full_valid_loss"))


def merge_validation(
    valid: tuple[Sequence[int], Sequence[float]], full: tuple[Sequence[int], Sequence[float]]
) -> tuple[list[int], list[float]]:
    """:func:`validation_series` from the ``valid_loss`` and ``full_valid_loss`` columns."""
    merged = dict(zip(*valid))
    merged.update(zip(*full))
    steps = sorted(merged)
    return steps, [merged[s] for s in steps]


@dataclass(frozen=True, slots=True)
class OverfitSignal:
    """Validation loss is climbing while training loss still falls."""

    rising: int
    """How many consecutive evaluations the validation loss has risen for."""
    best_step: int
    """The step with the lowest validation loss."""
    best_loss: float
    """That lowest validation loss."""
    checkpoint: Checkpoint | None
    """The checkpoint to prefer (lowest validation loss), when there are checkpoints."""
    message: str
    """A sentence for people."""


def overfitting(
    points: Sequence[MetricPoint],
    patience: int = 3,
    checkpoints: Sequence[Checkpoint] = (),
) -> OverfitSignal | None:
    """Whether the series shows overfitting now.

    It does when the validation loss (per evaluation: ``full_valid_loss`` when the
    step has one, else ``valid_loss``) rose at each of the last ``patience``
    evaluations, the latest is above the best, and the training loss, smoothed
    by :func:`ema`, is lower at the last step than at the evaluation the rise
    started from. Noise in the training loss is absorbed by the EMA; a validation
    loss that goes up and down does not count as rising.

    Args:
        points: The series, any order.
        patience: How many consecutive rises it takes; at least 1.
        checkpoints: The job's checkpoints, to name the best one in the message.

    Returns:
        The signal, or None when there is no sign of overfitting.
    """
    ordered = sorted(points, key=_STEP)
    by_step = {p.step: p for p in ordered} if checkpoints else {}
    return overfitting_in(
        validation_series(ordered),
        column(ordered, "train_loss"),
        patience,
        lambda: _best_checkpoint(checkpoints, by_step),
    )


def overfitting_in(
    validation: tuple[Sequence[int], Sequence[float]],
    train: tuple[Sequence[int], Sequence[float]],
    patience: int = 3,
    best: Callable[[], Checkpoint | None] = lambda: None,
) -> OverfitSignal | None:
    """:func:`overfitting` on columns already extracted (steps ascending, no missing values).

    Args:
        validation: Steps and validation losses of the evaluations (:func:`validation_series`).
        train: Steps and training losses (:func:`column` of ``train_loss``).
        patience: How many consecutive rises it takes; at least 1.
        best: Gives the checkpoint to name in the message, asked only when the signal fires.
    """
    patience = max(1, patience)
    evals = list(zip(*validation))
    if len(evals) <= patience:
        return None
    rising = 0
    for (_, before), (_, after) in zip(reversed(evals[:-1]), reversed(evals)):
        if after <= before:
            break
        rising += 1
    if rising < patience:
        return None
    best_step, best_loss = min(evals, key=lambda e: (e[1], e[0]))
    if evals[-1][1] <= best_loss:
        return None
    start_step = evals[-1 - rising][0]
    train_steps, train_values = train
    smoothed = ema(train_values)
    started = bisect_right(train_steps, start_step) - 1
    if started < 0 or not smoothed[-1] < smoothed[started]:  # type: ignore[operator]
        return None
    checkpoint = best()
    where = f"step {best_step}" + (f" (checkpoint {checkpoint.model or checkpoint.id})" if checkpoint else "")
    message = (
        f"Validation loss has risen for {rising} evaluations while training loss keeps falling"
        f" — the lowest validation loss was at {where}."
    )
    return OverfitSignal(rising, best_step, best_loss, checkpoint, message)


def best_checkpoint(checkpoints: Sequence[Checkpoint], points: Sequence[MetricPoint] = ()) -> Checkpoint | None:
    """The checkpoint with the lowest validation loss (the earliest on a tie).

    A checkpoint's own metrics are used when they hold a validation loss;
    otherwise the series' point at the checkpoint's step. Returns None when no
    checkpoint has a validation loss to compare.
    """
    return _best_checkpoint(checkpoints, {p.step: p for p in points} if checkpoints else {})


def _best_checkpoint(checkpoints: Sequence[Checkpoint], by_step: Mapping[int, MetricPoint]) -> Checkpoint | None:
    scored: list[tuple[float, int, Checkpoint]] = []
    for checkpoint in checkpoints:
        value = validation_loss(checkpoint.metrics) if checkpoint.metrics is not None else None
        if value is None and checkpoint.step in by_step:
            value = validation_loss(by_step[checkpoint.step])
        if value is not None:
            scored.append((value, checkpoint.step, checkpoint))
    if not scored:
        return None
    return min(scored, key=lambda s: (s[0], s[1]))[2]


def _rows(points: Iterable[MetricPoint]) -> list[MetricPoint]:
    """The points sorted by step, with points of the same step merged."""
    merged: dict[int, MetricPoint] = {}
    for point in points:
        seen = merged.get(point.step)
        merged[point.step] = point if seen is None else seen.merged(point)
    return [merged[step] for step in sorted(merged)]


def series_to_csv(points: Iterable[MetricPoint]) -> str:
    """The series as CSV with the :data:`EXPORT_KEYS` header; missing and non-finite values are empty cells."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(EXPORT_KEYS)
    for point in _rows(points):
        writer.writerow(["" if (v := getattr(point, key)) is None or not math.isfinite(v) else v
                         for key in EXPORT_KEYS])
    return buffer.getvalue()


def series_to_json(points: Iterable[MetricPoint]) -> str:
    """The series as a JSON array, one object per step (one per line), keys in :data:`EXPORT_KEYS` order.

    Missing values are omitted; NaN and infinities, which JSON cannot hold, become null.
    """
    lines = []
    for point in _rows(points):
        row: dict[str, object] = {}
        for key in EXPORT_KEYS:
            value = getattr(point, key)
            if value is not None:
                row[key] = value if not isinstance(value, float) or math.isfinite(value) else None
        lines.append(json.dumps(row, allow_nan=False))
    return "[\n" + ",\n".join(lines) + "\n]\n" if lines else "[]\n"


def write_atomically(path: str | os.PathLike[str], text: str, *, overwrite: bool = False) -> Path:
    """Write ``text`` (UTF-8) to ``path`` so that readers see the old file or the whole new one (:mod:`ftui.files`).

    The text goes to a temporary file in the same directory, which then replaces
    (or, without ``overwrite``, is linked to) ``path``. On any error the
    temporary file is removed.

    Args:
        path: Where to write.
        text: What to write, written as-is (no newline translation).
        overwrite: Whether an existing file may be replaced.

    Returns:
        The path written.

    Raises:
        ReadOnlyError: read-only mode is on (see :mod:`ftui.files`).
        FileExistsError: When ``path`` exists and ``overwrite`` is false.
        OSError: When the directory is missing or not writable.
    """
    return write_text(path, text, overwrite=overwrite, what=f"exporting metrics to {path}")
