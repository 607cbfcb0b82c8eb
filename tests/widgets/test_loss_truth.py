"""The loss plot tells the truth: legend values are the ends of the lines drawn, raw values are faint under
a smoothed line (never a barcode), empty plots say why by job status, and the marker suits the terminal."""

from __future__ import annotations

import math
import random
from itertools import pairwise
from typing import Any

import pytest

from ftui.providers.records import Checkpoint, JobStatus, MetricPoint
from ftui.tui.terminal import colours_in_use, marker_choice
from ftui.tui.widgets import LossPlot
from ftui.tui.widgets.loss_empty import LOADING, WAITING, empty_text
from ftui.tui.widgets.loss_figure import FAINT_WEIGHT, PALETTE, LossFigure
from ftui.tui.widgets.loss_lines import blend

from .conftest import PlotApp, make_series
from .test_loss_plot import _text

BACKGROUND = (30, 30, 30)


class Recorder:
    """Stands in for a plotext figure: keeps what the figure asks to draw, in order."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, list[float], list[float], dict[str, Any]]] = []

    def plot(self, xs: list[float], ys: list[float], **style: Any) -> None:
        self.calls.append(("plot", list(xs), list(ys), style))

    def scatter(self, xs: list[float], ys: list[float], **style: Any) -> None:
        self.calls.append(("scatter", list(xs), list(ys), style))

    def vline(self, x: float, **style: Any) -> None:
        self.calls.append(("vline", [x], [], style))

    def xlim(self, *_: Any) -> None: ...
    def xticks(self, *_: Any) -> None: ...
    def yscale(self, *_: Any) -> None: ...

    def lines(self, colour: tuple[int, int, int]) -> list[tuple[list[float], list[float]]]:
        """The lines (not points) drawn in ``colour``."""
        return [(xs, ys) for kind, xs, ys, style in self.calls if kind == "plot" and style["color"] == colour]


def _drawn(figure: LossFigure, width: int = 78) -> Recorder:
    recorder = Recorder()
    figure.draw(recorder, width, BACKGROUND)
    return recorder


def _long_run(n: int = 100_000) -> list[MetricPoint]:
    rng = random.Random(1)
    return [
        MetricPoint(s, train_loss=2.0 * math.exp(-s / (n / 5)) + 0.3 + rng.uniform(-0.1, 0.1), total_steps=n)
        for s in range(1, n + 1)
    ]


@pytest.mark.parametrize("smooth", [True, False])
@pytest.mark.parametrize("size", ["240 steps", "100k steps"])
def test_the_legend_value_is_where_the_drawn_line_ends(smooth: bool, size: str) -> None:
    points = make_series() if size == "240 steps" else _long_run()
    figure = LossFigure()
    figure.smooth = smooth
    figure.set_series({"job": points})
    (xs, ys), *more = _drawn(figure).lines(PALETTE[0])
    assert not more, "one training line"
    legend = figure.legend()[0].plain
    assert xs[-1] == points[-1].step
    assert legend.startswith(f"train {ys[-1]:.3f}")
    raw = f"{points[-1].train_loss:.3f}"
    if smooth:
        assert f"(smoothed; raw {raw})" in legend and f"{ys[-1]:.3f}" != raw
    else:
        assert ys[-1] == points[-1].train_loss and "smoothed" not in legend


def test_raw_values_are_faint_under_a_smooth_line_not_a_barcode() -> None:
    figure = LossFigure()
    figure.set_series({"job": _long_run()})
    recorder = _drawn(figure)
    faint = blend(PALETTE[0], BACKGROUND, FAINT_WEIGHT)
    kinds = [(kind, style["color"]) for kind, _, _, style in recorder.calls]
    assert kinds.index(("plot", faint)) < kinds.index(("plot", PALETTE[0])), "raw first, the line over it"
    (xs, ys), *_ = recorder.lines(PALETTE[0])
    assert len(xs) <= 2 * 78
    # The line people read follows the trend: a min/max zigzag (the old barcode) turns at every other point.
    turns = sum((b - a) * (c - b) < 0 for a, b, c in zip(ys, ys[1:], ys[2:], strict=False))
    assert turns < len(ys) // 3, f"{turns} turns in {len(ys)} points"
    assert all(b <= a + 0.02 for a, b in pairwise(ys)), "a falling loss draws a falling line"
    figure.smooth = False  # raw only: the means per column, still one line and the faint band of lows and highs
    recorder = _drawn(figure)
    (raw_xs, raw_ys), *_ = recorder.lines(PALETTE[0])
    assert len(raw_xs) <= 2 * 78 and raw_ys[-1] == figure.jobs["job"].points[-1].train_loss
    assert recorder.lines(faint), "the band of raw lows and highs stays faint"


def test_validation_is_its_own_colour_with_a_dot_per_evaluation_and_epochs_are_faded() -> None:
    figure = LossFigure()
    figure.set_series({"job": make_series()})
    recorder = _drawn(figure, 158)
    valid = [(kind, style["marker"]) for kind, _, _, style in recorder.calls if style.get("color") == PALETTE[1]]
    assert ("plot", "braille") in valid and ("scatter", "•") in valid
    evaluations = [xs for kind, xs, _, style in recorder.calls if kind == "scatter" and style["color"] == PALETTE[1]]
    assert evaluations[0] == [float(s) for s in range(10, 241, 10)]
    epochs = [style["color"] for kind, _, _, style in recorder.calls if kind == "vline"]
    assert len(epochs) == 2 and all(max(colour) < 90 for colour in epochs), epochs  # close to the background
    assert recorder.calls[0][0] == "vline", "epoch lines under the curves"


@pytest.mark.parametrize(
    ("status", "checkpoints", "says", "never"),
    [
        (None, 0, WAITING, ""),
        (JobStatus.QUEUED, 0, WAITING, ""),
        (JobStatus.PENDING, 0, WAITING, ""),
        (JobStatus.RUNNING, 0, "training has started", "when training starts"),
        (JobStatus.FAILED, 0, "The job failed before reporting any metrics — see Details (3)", "training starts"),
        (JobStatus.FAILED, 1, "Its 1 checkpoint is listed in Details (3).", "training starts"),
        (JobStatus.CANCELLED, 0, "The job was cancelled before reporting any metrics.", "training starts"),
        (JobStatus.CANCELLED, 2, "Its 2 checkpoints are listed in Details (3).", "training starts"),
        (JobStatus.SUCCEEDED, 0, "The job finished without reporting step metrics.", "training starts"),
        (JobStatus.PAUSED, 0, "paused", "training starts"),
    ],
)
async def test_an_empty_plot_says_why_by_status(
    status: JobStatus | None, checkpoints: int, says: str, never: str
) -> None:
    saved = [Checkpoint(f"cp-{n}", 100 * n, f"ft:m:ckpt-step-{100 * n}") for n in range(1, checkpoints + 1)]
    app = PlotApp()
    async with app.run_test(size=(80, 24)) as pilot:
        plot = app.query_one(LossPlot)
        plot.status = status
        plot.set_series({"job": []}, checkpoints={"job": saved})
        await pilot.pause()
        shown = _text(plot, "#loss-empty")
        assert says in shown and (not never or never not in shown), shown
        assert not plot.canvas.display
    waiting = status in (JobStatus.QUEUED, JobStatus.PENDING)
    assert empty_text(status, saved, loaded=False) == (WAITING if waiting else LOADING)


async def test_a_job_without_step_metrics_plots_its_checkpoint_metrics() -> None:
    saved = [
        Checkpoint(f"cp-{s}", s, f"ft:m:ckpt-step-{s}", metrics=MetricPoint(s, train_loss=loss, valid_loss=loss + 0.1))
        for s, loss in ((100, 1.2), (200, 0.8), (300, 0.6))
    ]
    app = PlotApp()
    async with app.run_test(size=(80, 24)) as pilot:
        plot = app.query_one(LossPlot)
        plot.set_job(JobStatus.CANCELLED, loaded=False)
        plot.set_series({"job": []}, checkpoints={"job": saved})
        await pilot.pause()
        assert _text(plot, "#loss-empty") == LOADING  # the step metrics may still come: no claim yet
        plot.set_job(JobStatus.CANCELLED, loaded=True)
        await pilot.pause()
        assert plot.canvas.display and not plot.query_one("#loss-empty").display
        lines = plot.legend_text.splitlines()
        assert lines[0] == "From the job's 3 checkpoints (it reported no step metrics)."
        assert lines[1] == "train 0.600  valid 0.700 @ step 300"  # three points: drawn as they are, not smoothed
        plot.set_series({"job": make_series()}, checkpoints={"job": saved})  # step metrics win when there are some
        await pilot.pause()
        assert plot.legend_text.startswith("train ") and "checkpoints" not in plot.legend_text


@pytest.mark.parametrize(
    ("env", "marker", "why"),
    [
        ({"TERM": "xterm-256color", "LANG": "en_US.UTF-8"}, "braille", "UTF-8 locale"),
        ({"TERM": "linux", "LANG": "en_US.UTF-8"}, "ascii", "TERM=linux has no braille glyphs"),
        ({"TERM": "vt100", "LANG": "en_US.UTF-8"}, "ascii", "TERM=vt100 has no braille glyphs"),
        ({"TERM": "vt220", "LC_ALL": "C.UTF-8"}, "ascii", "TERM=vt220"),
        ({"TERM": "screen.linux", "LANG": "en_US.UTF-8"}, "ascii", "TERM=screen.linux"),
        ({"TERM": "dumb", "LANG": "en_US.UTF-8"}, "ascii", "TERM=dumb"),
        ({"TERM": "tmux-256color", "LANG": "C"}, "ascii", "the locale is not UTF-8"),
        ({"TERM": "screen-256color", "LANG": "de_DE.utf8"}, "braille", "UTF-8 locale"),
    ],
)
def test_auto_marker_follows_the_terminal_type_and_the_locale(env: dict[str, str], marker: str, why: str) -> None:
    picked, reason = marker_choice("auto", env)
    assert picked == marker and why in reason


def test_a_configured_marker_wins_and_says_so() -> None:
    assert marker_choice("braille", {"TERM": "linux"}) == ("braille", "set by plot_marker = braille in the config")


@pytest.mark.parametrize(
    ("system", "no_color", "env", "expected"),
    [
        ("standard", False, {"TERM": "vt100"}, "16, from TERM=vt100\n"),
        ("256", False, {"TERM": "xterm-256color"}, "256, from TERM=xterm-256color\n"),
        ("truecolor", False, {"TERM": "xterm", "COLORTERM": "truecolor"}, "16 million (truecolor), from COLORTERM"),
        ("256", True, {"TERM": "xterm-256color"}, "monochrome"),
        (None, False, {"TERM": "dumb"}, "none: TERM=dumb"),
    ],
)
def test_colours_say_what_is_used(system: str | None, no_color: bool, env: dict[str, str], expected: str) -> None:
    assert colours_in_use(system, no_color, env).startswith(expected)


def test_compare_names_a_job_with_nothing_to_draw() -> None:
    figure = LossFigure()
    figure.set_series({"alpha": make_series(), "beta": []})
    lines = [line.plain for line in figure.legend()]
    assert lines[0].startswith("alpha  train ") and lines[1] == "beta  no metrics"
