"""What the loss plot draws, without Textual: per-job columns, smoothing, decimation, legend.

Columns are pulled out of the points once per data change (and only extended
when a live series grows), smoothed and decimated per canvas width lazily and
cached, so a redraw costs a few milliseconds whatever the number of points.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from rich.text import Text

from ftui import series as ms
from ftui.providers.records import Checkpoint, MetricPoint
from ftui.tui.terminal import MarkerSetting as MarkerSetting
from ftui.tui.terminal import marker_setting as marker_setting
from ftui.tui.terminal import pick_marker as pick_marker

Colour = tuple[int, int, int]

PALETTE: tuple[Colour, ...] = (
    (95, 175, 255),
    (255, 175, 95),
    (135, 215, 135),
    (255, 135, 175),
    (175, 135, 255),
    (95, 215, 215),
    (215, 215, 95),
    (215, 135, 95),
)
"""Series colours, readable on dark and light backgrounds; jobs in compare mode cycle through them."""

EPOCH_COLOUR: Colour = (110, 110, 110)
"""The colour of the epoch-end lines."""

LOSS_KEYS = (("train", "train_loss"), ("valid", "valid_loss"), ("full", "full_valid_loss"))
"""Legend label and metric of each loss curve, in drawing order."""
ACCURACY_KEYS = (
    ("train acc", "train_mean_token_accuracy"),
    ("valid acc", "valid_mean_token_accuracy"),
    ("full acc", "full_valid_mean_token_accuracy"),
)
"""Legend label and metric of each token-accuracy curve."""

Y_AXIS_CELLS = 10
"""Cells plotext takes for the y tick labels and frame, left out of the decimation width."""


def _marker_chars(marker: str) -> tuple[str, str, str]:
    """(line marker, validation dot, epoch-end mark) for plotext."""
    if marker == "ascii":
        return "*", ".", "o"
    return marker, "•", "◆"


def fmt_value(value: float) -> str:
    """A metric value for the legend: three decimals, or three significant digits when far from 1."""
    return f"{value:.3f}" if 0.001 <= abs(value) < 1000 else f"{value:.3g}"


def _smoothed(values: Sequence[float], start: float | None = None) -> list[float]:
    """The moving average of a column's values (all present, so none is missing in the average either)."""
    return [value for value in ms.ema(values, start=start) if value is not None]


@dataclass
class _Job:
    """One job's points and what has been computed from them."""

    points: tuple[MetricPoint, ...]
    steps: list[int] = field(default_factory=list)
    columns: dict[str, tuple[list[int], list[float]]] = field(default_factory=dict)
    smoothed: dict[str, list[float]] = field(default_factory=dict)
    decimated: dict[tuple[str, bool, int], tuple[list[float], list[float]]] = field(default_factory=dict)
    decimators: dict[tuple[str, bool, int], ms.Decimator] = field(default_factory=dict)
    overfit: ms.OverfitSignal | Literal[False] | None = False  # False: not computed yet
    ends: list[int] | None = None

    def epoch_ends(self) -> list[int]:
        if self.ends is None:
            self.ends = ms.epoch_ends_in(self.column("full_valid_loss")[0], self.column("epoch"))
        return self.ends

    def column(self, key: str) -> tuple[list[int], list[float]]:
        if key not in self.columns:
            if len(self.steps) != len(self.points):
                self.steps = [p.step for p in self.points]
            self.columns[key] = ms.column(self.points, key, self.steps)
        return self.columns[key]

    def values(self, key: str, smooth: bool) -> tuple[list[int], list[float]]:
        steps, values = self.column(key)
        if not smooth:
            return steps, values
        if key not in self.smoothed:
            self.smoothed[key] = _smoothed(values)
        return steps, self.smoothed[key]

    def extend(self, new: tuple[MetricPoint, ...]) -> None:
        """Append points that all come after the current ones, extending what is cached."""
        if self.ends is not None and self.points:
            tail = self.points[-1:] + new
            self.ends = sorted(
                {*self.ends, *ms.epoch_ends_in(ms.column(new, "full_valid_loss")[0], ms.column(tail, "epoch"))}
            )
        self.points += new
        if len(self.steps) == len(self.points) - len(new):
            self.steps.extend(p.step for p in new)
        for key, (steps, values) in self.columns.items():
            more_steps, more = ms.column(new, key)
            steps.extend(more_steps)
            values.extend(more)
            if key in self.smoothed:
                done = self.smoothed[key]
                done.extend(_smoothed(more, start=done[-1] if done else None))
        self.decimated.clear()
        self.overfit = False


class LossFigure:
    """The data and settings of a loss plot, and how to draw them with plotext."""

    def __init__(self) -> None:
        self.jobs: dict[str, _Job] = {}
        """Each series' label and its points."""
        self.checkpoints: dict[str, tuple[Checkpoint, ...]] = {}
        """Each series' checkpoints, to point at the best one."""
        self.show_accuracy = False
        """Plot the token accuracies instead of the losses."""
        self.smooth = False
        """Plot the EMA of each curve."""
        self.log_scale = False
        """Logarithmic y axis."""
        self.marker: Literal["braille", "dot", "ascii"] = "braille"
        """How curves are drawn."""

    def set_series(
        self,
        series: Mapping[str, Sequence[MetricPoint]],
        checkpoints: Mapping[str, Sequence[Checkpoint]] | None = None,
    ) -> bool:
        """Take new data; return whether anything changed (appends to a series are cheap)."""
        changed = False
        jobs: dict[str, _Job] = {}
        for label, given in series.items():
            points = tuple(given)
            job = self.jobs.get(label)
            known = len(job.points) if job is not None else 0
            if job is not None and points == job.points:
                pass
            elif (
                job is not None
                and known
                and len(points) > known
                and points[:known] == job.points
                and _ascending(points[known - 1 :])
            ):
                job.extend(points[known:])
                changed = True
            else:
                if not _ascending(points):
                    points = tuple(sorted(points, key=lambda p: p.step))
                job, changed = _Job(points), True
            jobs[label] = job
        changed = changed or list(jobs) != list(self.jobs)
        self.jobs = jobs
        marks = {label: tuple(found) for label, found in (checkpoints or {}).items()}
        if marks != self.checkpoints:
            self.checkpoints = marks
            for job in jobs.values():
                job.overfit = False
            changed = True
        return changed

    @property
    def keys(self) -> tuple[tuple[str, str], ...]:
        """Legend labels and metrics of the curves shown."""
        return ACCURACY_KEYS if self.show_accuracy else LOSS_KEYS

    def empty_message(self) -> str | None:
        """Why there is nothing to plot, or None when there is something."""
        if not any(job.points for job in self.jobs.values()):
            return "No metrics yet — the curve appears when training starts."
        if not any(job.column(key)[0] for job in self.jobs.values() for _, key in self.keys):
            return "No token accuracy reported yet." if self.show_accuracy else "No losses reported yet."
        return None

    def _curve(self, job: _Job, key: str, width: int) -> tuple[list[float], list[float]]:
        smooth = self.smooth and key != "full_valid_loss" and key != "full_valid_mean_token_accuracy"
        cache_key = (key, smooth, width)
        if cache_key not in job.decimated:
            decimator = job.decimators.setdefault(cache_key, ms.Decimator(width))
            job.decimated[cache_key] = decimator(*job.values(key, smooth))
        xs, ys = job.decimated[cache_key]
        if self.log_scale and ys and min(ys) <= 0:
            kept = [(x, y) for x, y in zip(xs, ys, strict=False) if y > 0]
            return [x for x, _ in kept], [y for _, y in kept]
        return xs, ys

    def draw(self, plt: Any, width: int) -> None:
        """Add the curves to ``plt`` (a cleared plotext figure) for a canvas ``width`` cells wide."""
        buckets = max(8, width - Y_AXIS_CELLS)
        line, dot, mark = _marker_chars(self.marker)
        single = len(self.jobs) == 1
        first: float | None = None
        last: float = 0
        for index, job in enumerate(self.jobs.values()):
            colour = PALETTE[index % len(PALETTE)]
            for rank, (_, key) in enumerate(self.keys):
                xs, ys = self._curve(job, key, buckets)
                if not xs:
                    continue
                first = xs[0] if first is None else min(first, xs[0])
                last = max(last, xs[-1])
                if single:
                    colour = PALETTE[rank]
                    if rank == 2:
                        plt.scatter(xs, ys, marker=mark, color=colour)
                    else:
                        plt.plot(xs, ys, marker=line, color=colour)
                elif rank == 0:
                    plt.plot(xs, ys, marker=line, color=colour)
                elif rank == 1:
                    plt.scatter(xs, ys, marker=dot, color=colour)
            last = max(last, self._total_steps(job) or 0)
        if single:
            job = next(iter(self.jobs.values()))
            ends = job.epoch_ends()
            if len(ends) <= buckets // 4:
                for step in ends:
                    plt.vline(step, color=EPOCH_COLOUR)
        if first is not None and last > first:
            plt.xlim(first, last)
            ticks = step_ticks(first, last, max(2, buckets // 14))
            plt.xticks(ticks, [str(t) for t in ticks])
        if self.log_scale:
            plt.yscale("log")

    @staticmethod
    def _total_steps(job: _Job) -> int | None:
        """The job's total steps, from its latest point that says it."""
        for point in reversed(job.points[-50:]):
            if point.total_steps is not None:
                return point.total_steps
        return None

    def overfit(self, label: str) -> ms.OverfitSignal | None:
        """The overfitting signal of one series (computed once per data change)."""
        job = self.jobs[label]
        if job.overfit is False:
            job.overfit = ms.overfitting_in(
                ms.merge_validation(job.column("valid_loss"), job.column("full_valid_loss")),
                job.column("train_loss"),
                best=lambda: ms.best_checkpoint(self.checkpoints.get(label, ()), job.points),
            )
        return job.overfit

    def warnings(self) -> list[str]:
        """One overfitting warning per series that shows it (prefixed by its label when comparing)."""
        out = []
        for label in self.jobs:
            signal = self.overfit(label)
            if signal is not None:
                out.append(signal.message if len(self.jobs) == 1 else f"{label}: {signal.message}")
        return out

    def legend(self) -> list[Text]:
        """One line per series with its latest values, e.g. ``train 0.412  valid 0.507 @ step 240/300``."""
        lines = []
        single = len(self.jobs) == 1
        keys = self.keys if single else self.keys[:2]
        for index, (label, job) in enumerate(self.jobs.items()):
            if not job.points:
                continue
            parts: list[str | tuple[str, str]] = []
            if not single:
                parts += [(label, f"bold {_rich(PALETTE[index % len(PALETTE)])}"), "  "]
            for rank, (name, key) in enumerate(keys):
                values = job.column(key)[1]
                if values:
                    colour = PALETTE[rank] if single else PALETTE[index % len(PALETTE)]
                    parts += [(name, _rich(colour)), f" {fmt_value(values[-1])}  "]
            total = self._total_steps(job)
            if parts and isinstance(parts[-1], str):
                parts[-1] = parts[-1].rstrip() + " "
            parts.append(f"@ step {job.points[-1].step}" + (f"/{total}" if total else ""))
            lines.append(Text.assemble(*parts))
        if lines:
            flags = [name for name, on in (("EMA", self.smooth), ("log", self.log_scale)) if on]
            if flags:
                lines[-1].append("  · " + " · ".join(flags), style="dim")
        return lines


def step_ticks(first: float, last: float, count: int) -> list[int]:
    """About ``count`` round integer steps between ``first`` and ``last`` (inclusive)."""
    span = max(1.0, last - first)
    raw = span / max(1, count)
    magnitude = 10 ** max(0, len(str(int(raw))) - 1)
    size = next((m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw), 10 * magnitude)
    start = -(-int(first) // size) * size
    return list(range(start, int(last) + 1, size)) or [int(first)]


def _ascending(points: Sequence[MetricPoint]) -> bool:
    """Whether the points are in step order."""
    steps = [p.step for p in points]
    return steps == sorted(steps)


def _rich(colour: Colour) -> str:
    """A Rich colour for an RGB triple."""
    return "#{:02x}{:02x}{:02x}".format(*colour)
