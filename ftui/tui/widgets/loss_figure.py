"""What the loss plot draws, without Textual: per-job columns, smoothing, reduction, legend.

Columns are pulled out of the points once per data change (and only extended
when a live series grows), smoothed and reduced per canvas width lazily and
cached, so a redraw costs a few milliseconds whatever the number of points.
How a column becomes a faint raw band and a line is in :mod:`.loss_lines`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

from rich.text import Text

from ftui import series as ms
from ftui.providers.records import Checkpoint, MetricPoint
from ftui.tui.terminal import MarkerSetting as MarkerSetting
from ftui.tui.terminal import marker_setting as marker_setting
from ftui.tui.terminal import pick_marker as pick_marker
from ftui.tui.widgets.loss_lines import SMOOTH_MIN_POINTS, Colour, Reducer, Summary, blend, smoothing_alpha

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

EPOCH_COLOUR: Colour = (160, 160, 160)
"""The colour of the epoch-end lines, before they are faded into the background."""
EPOCH_WEIGHT = 0.3
"""How much of :data:`EPOCH_COLOUR` the epoch lines keep (the rest is background): subtle."""
FAINT_WEIGHT = 0.45
"""How much of its colour a raw curve keeps under its smoothed line."""
DARK_BACKGROUND: Colour = (30, 30, 30)
"""The background faint colours are mixed with when the canvas does not say its own."""

LOSS_KEYS = (("train", "train_loss"), ("valid", "valid_loss"), ("full", "full_valid_loss"))
"""Legend label and metric of each loss curve, in drawing order."""
ACCURACY_KEYS = (
    ("train acc", "train_mean_token_accuracy"),
    ("valid acc", "valid_mean_token_accuracy"),
    ("full acc", "full_valid_mean_token_accuracy"),
)
"""Legend label and metric of each token-accuracy curve."""
SMOOTHED_KEYS = frozenset({"train_loss", "train_mean_token_accuracy"})
"""The curves smoothing applies to: training values are noisy per step; evaluations are drawn as measured."""

SPARSE_POINTS = 12
"""A training curve with at most this many points also marks each point (e.g. plotted from checkpoints)."""
Y_AXIS_CELLS = 10
"""Cells plotext takes for the y tick labels and frame, left out of the reduction width."""


class Glyphs(NamedTuple):
    """The characters of one marker family."""

    line: str
    """The line people read (plotext marker name or character)."""
    raw: str
    """The faint raw values under it."""
    valid: str
    """The validation line."""
    dot: str
    """Each validation evaluation."""
    full: str
    """Each full validation (epoch end)."""


GLYPHS = {
    "braille": Glyphs("braille", "braille", "braille", "•", "◆"),
    "dot": Glyphs("dot", "dot", "dot", "○", "◆"),
    "ascii": Glyphs("*", ".", "+", "o", "#"),
}
"""Markers by plot marker setting: braille or block-dot lines with unicode points, or plain ASCII."""


def fmt_value(value: float) -> str:
    """A metric value for the legend: three decimals, or three significant digits when far from 1."""
    return f"{value:.3f}" if 0.001 <= abs(value) < 1000 else f"{value:.3g}"


def _smoothed(values: Sequence[float], alpha: float, start: float | None = None) -> list[float]:
    """The moving average of a column's values (all present, so none is missing in the average either)."""
    return [value for value in ms.ema(values, alpha=alpha, start=start) if value is not None]


def _total_steps(job: _Job) -> int | None:
    """The job's total steps, from its latest point that says it."""
    for point in reversed(job.points[-50:]):
        if point.total_steps is not None:
            return point.total_steps
    return None


@dataclass
class _Job:
    """One job's points and what has been computed from them."""

    points: tuple[MetricPoint, ...]
    steps: list[int] = field(default_factory=list)
    columns: dict[str, tuple[list[int], list[float]]] = field(default_factory=dict)
    smoothed: dict[str, tuple[float, list[float]]] = field(default_factory=dict)
    summaries: dict[tuple[str, bool, int], Summary | None] = field(default_factory=dict)
    reducers: dict[tuple[str, bool, int], Reducer] = field(default_factory=dict)
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
        """The column, or its moving average (recomputed when the series outgrows its smoothing window)."""
        steps, values = self.column(key)
        if not smooth:
            return steps, values
        alpha = smoothing_alpha(len(values))
        done = self.smoothed.get(key)
        if done is None or done[0] != alpha:
            done = self.smoothed[key] = (alpha, [])
            for stale in [k for k in self.reducers if k[0] == key and k[1]]:
                del self.reducers[stale]
        average = done[1]
        if len(average) < len(values):
            average.extend(_smoothed(values[len(average) :], alpha, average[-1] if average else None))
        return steps, average

    def summary(self, key: str, smooth: bool, buckets: int) -> Summary | None:
        """The column (smoothed or not) reduced to ``buckets`` columns of dots, cached until the data change."""
        cache_key = (key, smooth, buckets)
        if cache_key not in self.summaries:
            reducer = self.reducers.setdefault(cache_key, Reducer(buckets))
            self.summaries[cache_key] = reducer(*self.values(key, smooth))
        return self.summaries[cache_key]

    def smooths(self, key: str, smooth: bool) -> bool:
        """Whether the line of ``key`` is drawn smoothed: only training curves, only when long enough."""
        return smooth and key in SMOOTHED_KEYS and len(self.column(key)[1]) >= SMOOTH_MIN_POINTS

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
        self.summaries.clear()
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
        self.smooth = True
        """Draw the training curve's moving average over its faint raw values."""
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

    @property
    def has_points(self) -> bool:
        """Whether any series has a point."""
        return any(job.points for job in self.jobs.values())

    def empty_message(self) -> str | None:
        """Why there is nothing to plot although there are points, or None when there is something."""
        if not any(job.column(key)[0] for job in self.jobs.values() for _, key in self.keys):
            return "No token accuracy reported yet." if self.show_accuracy else "No losses reported yet."
        return None

    def _points(self, summary: Summary | None, line: bool) -> tuple[list[float], list[float]]:
        """The summary's line (or band), without the values a log scale cannot show."""
        if summary is None:
            return [], []
        xs, ys = summary.line() if line else summary.band()
        if self.log_scale and ys and min(ys) <= 0:
            kept = [(x, y) for x, y in zip(xs, ys, strict=False) if y > 0]
            return [x for x, _ in kept], [y for _, y in kept]
        return xs, ys

    def draw(self, plt: Any, width: int, background: Colour = DARK_BACKGROUND) -> None:
        """Add the curves to ``plt`` (a cleared plotext figure) for a canvas ``width`` cells wide.

        Each training curve is its raw values, faint (a thin band where several steps share a
        column of dots), under its moving average; validation is a line in its own colour with a
        dot at each evaluation, full validation a diamond at each epoch end; epoch ends are dim
        vertical lines under everything.
        """
        glyphs = GLYPHS[self.marker]
        cells = max(8, width - Y_AXIS_CELLS)
        buckets = cells * (2 if self.marker == "braille" else 1)
        single = len(self.jobs) == 1
        span: list[float] = []
        if single:
            ends = next(iter(self.jobs.values())).epoch_ends()
            if len(ends) <= cells // 4:
                for step in ends:
                    plt.vline(step, color=blend(EPOCH_COLOUR, background, EPOCH_WEIGHT))
        faint: list[tuple[Summary, Colour]] = []  # bottom layer: raw values under their lines
        lines: list[tuple[Summary, str, Colour]] = []  # validation lines first, training lines on top
        points: list[tuple[Summary, str, Colour]] = []  # evaluations, then epoch-end validations
        (_, train), (_, valid), (_, full) = self.keys
        for index, job in enumerate(self.jobs.values()):
            colours = PALETTE[:3] if single else (PALETTE[index % len(PALETTE)],) * 3
            evaluations = job.summary(valid, False, buckets)
            if evaluations is not None:
                span += [evaluations.xs[0], evaluations.last[0]]
                if single:
                    lines.insert(0, (evaluations, glyphs.valid, colours[1]))
                if not single or len(evaluations.xs) <= cells // 2:
                    points.insert(0, (evaluations, glyphs.dot, colours[1]))
            raw = job.summary(train, False, buckets)
            if raw is not None:
                span += [raw.xs[0], raw.last[0]]
                smooth = job.smooths(train, self.smooth)
                if smooth or raw.reduced:  # the band is one column of cells wide: half the dots to draw
                    faint.append((job.summary(train, False, cells) or raw, colours[0]))
                drawn = job.summary(train, True, buckets) if smooth else raw
                lines.append((drawn or raw, glyphs.line, colours[0]))
                if len(raw.xs) <= SPARSE_POINTS:
                    points.append((raw, glyphs.dot, colours[0]))
            marks = job.summary(full, False, buckets) if single else None
            if marks is not None:
                span += [marks.xs[0], marks.last[0]]
                points.append((marks, glyphs.full, colours[2]))
            total = _total_steps(job)
            if total:
                span.append(total)
        for summary, colour in faint:
            plt.plot(*self._points(summary, False), marker=glyphs.raw, color=blend(colour, background, FAINT_WEIGHT))
        for summary, marker, colour in lines:
            plt.plot(*self._points(summary, True), marker=marker, color=colour)
        for summary, marker, colour in points:
            plt.scatter(*self._points(summary, True), marker=marker, color=colour)
        if span and max(span) > min(span):
            first, last = min(span), max(span)
            plt.xlim(first, last)
            ticks = step_ticks(first, last, max(2, cells // 14))
            plt.xticks(ticks, [str(t) for t in ticks])
        if self.log_scale:
            plt.yscale("log")

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
        """One line per series with the latest value of each line drawn.

        A smoothed curve shows its smoothed value and says so, with the raw one beside it:
        ``train 0.812 (smoothed; raw 0.531)  valid 0.507  full 0.498 @ step 240/300``.
        """
        lines = []
        single = len(self.jobs) == 1
        keys = self.keys if single else self.keys[:2]
        for index, (label, job) in enumerate(self.jobs.items()):
            if not job.points:
                if not single:  # compared: say which job has nothing to draw, rather than leave it out
                    lines.append(Text.assemble((label, f"bold {_rich(PALETTE[index % len(PALETTE)])}"), "  no metrics"))
                continue
            parts: list[str | tuple[str, str]] = []
            if not single:
                parts += [(label, f"bold {_rich(PALETTE[index % len(PALETTE)])}"), "  "]
            for rank, (name, key) in enumerate(keys):
                values = job.column(key)[1]
                if not values:
                    continue
                colour = PALETTE[rank] if single else PALETTE[index % len(PALETTE)]
                parts += [(name, _rich(colour)), " "]
                if job.smooths(key, self.smooth):
                    parts += [
                        (fmt_value(job.values(key, True)[1][-1]), "bold"),
                        (f" (smoothed; raw {fmt_value(values[-1])})", "dim"),
                        "  ",
                    ]
                else:
                    parts += [(fmt_value(values[-1]), "bold"), "  "]
            total = _total_steps(job)
            if parts and isinstance(parts[-1], str):
                parts[-1] = parts[-1].rstrip() + " "
            parts.append(f"@ step {job.points[-1].step}" + (f"/{total}" if total else ""))
            lines.append(Text.assemble(*parts))
        if lines and self.log_scale:
            lines[-1].append("  · log", style="dim")
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
