"""Loss plot redraw with 100,000 points: ftui's reduced drawing against plotext on the raw data.

ftui draws the training loss as a faint band (each column's lowest and highest value) under a
smoothed line through the column means, validation as a line with its evaluations.

Run: ``.venv/bin/python benchmarks/bench_plot.py [--points N] [--repeat R]``

Times, in the same run and on the same data (train loss every step, validation
every 10 steps, full validation at epoch ends, epoch ends marked):

* plotext alone: the three curves plotted raw, then ``build()``;
* ftui, cold: a new series (columns pulled from the points, decimated) then the build;
* ftui, toggle: the redraw after switching the log scale (columns, smoothing and reductions cached);
* ftui, live append: one more point arrives (columns extended, not rebuilt), then the redraw;
* ftui in Textual: ``LossCanvas.render()`` in a headless app (the redraw plus Text conversion).

Each figure is the best of ``--repeat`` runs, in milliseconds.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import random
import time
from collections.abc import Callable

from textual.app import App, ComposeResult
from textual_plotext.plot import Plot

from ftui.providers.records import MetricPoint
from ftui.series import column
from ftui.tui.widgets.loss_figure import LossFigure
from ftui.tui.widgets.loss_plot import LossPlot

SIZES = ((78, 19), (158, 42))
"""Canvas sizes (cells): the plot inside an 80×24 and a 160×48 terminal."""


def make_points(n: int, seed: int = 0) -> list[MetricPoint]:
    """A deterministic 3-epoch run of ``n`` steps."""
    rng = random.Random(seed)
    per_epoch = max(1, n // 3)
    points = []
    for step in range(1, n + 1):
        train = 2.0 * math.exp(-step / (n / 5)) + 0.3 + rng.uniform(-0.1, 0.1)
        valid = 2.0 * math.exp(-step / (n / 4)) + 0.4 + rng.uniform(-0.03, 0.03) if step % 10 == 0 else None
        full = valid if valid is not None and step % per_epoch == 0 else None
        points.append(
            MetricPoint(
                step,
                epoch=(step - 1) // per_epoch,
                train_loss=train,
                valid_loss=valid,
                full_valid_loss=full,
                total_steps=n,
            )
        )
    return points


def best_ms(run: Callable[[], object], repeat: int, setup: Callable[[], object] = lambda: None) -> float:
    """The fastest of ``repeat`` runs, in ms (``setup`` runs untimed before each)."""
    best = math.inf
    for _ in range(repeat):
        setup()
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best * 1000


def plotext_direct(points: list[MetricPoint], width: int, height: int) -> None:
    """What a plot without decimation does: every point to plotext."""
    plt = Plot()
    plt.plotsize(width, height)
    plt._set_size(width, height)
    for key in ("train_loss", "valid_loss"):
        plt.plot(*column(points, key), marker="braille")
    plt.scatter(*column(points, "full_valid_loss"), marker="◆")
    for step in column(points, "full_valid_loss")[0]:
        plt.vline(step)
    plt.build()


def ftui_redraw(figure: LossFigure, width: int, height: int) -> None:
    """What ``LossCanvas.render`` does, without Textual."""
    plt = Plot()
    plt.plotsize(width, height)
    plt._set_size(width, height)
    figure.draw(plt, width)
    plt.build()


class _Bench(App[None]):
    def compose(self) -> ComposeResult:
        yield LossPlot(marker="braille")


async def in_textual(points: list[MetricPoint], size: tuple[int, int], repeat: int) -> float:
    """``LossCanvas.render()`` after a toggle, inside a headless app of terminal ``size``."""
    app = _Bench()
    async with app.run_test(size=size) as pilot:
        plot = app.query_one(LossPlot)
        plot.set_series({"job": points})
        await pilot.pause()
        canvas = plot.canvas

        def toggle() -> None:
            plot.smooth = not plot.smooth
            canvas.render()  # the first render after a toggle fills the smoothing cache once

        toggle()
        toggle()
        return best_ms(canvas.render, repeat, setup=canvas.invalidate)


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    points = make_points(args.points)
    print(f"{args.points:,} points (train every step, validation every 10, 3 epochs); best of {args.repeat}, ms")
    for width, height in SIZES:
        direct = best_ms(lambda: plotext_direct(points, width, height), max(1, args.repeat // 2))  # noqa: B023 - called within this iteration

        figure = LossFigure()
        cold = best_ms(lambda: ftui_redraw(figure, width, height), args.repeat, setup=lambda: _fresh(figure, points))  # noqa: B023 - called within this iteration

        def toggled() -> None:
            figure.log_scale = not figure.log_scale  # noqa: B023 - called within this iteration
            ftui_redraw(figure, width, height)  # noqa: B023 - called within this iteration

        toggle = best_ms(toggled, args.repeat)
        grown = list(points)

        def append() -> None:
            grown.append(MetricPoint(grown[-1].step + 1, train_loss=0.3, total_steps=args.points))  # noqa: B023 - called within this iteration
            figure.set_series({"job": grown})  # noqa: B023 - called within this iteration
            ftui_redraw(figure, width, height)  # noqa: B023 - called within this iteration

        live = best_ms(append, args.repeat)
        textual = asyncio.run(in_textual(points, (width + 2, height + 5), args.repeat))
        print(
            f"canvas {width}×{height}: plotext alone {direct:8.1f}   ftui cold {cold:6.1f}   toggle {toggle:5.1f}"
            f"   live append {live:5.1f}   in Textual {textual:5.1f}   speed-up ×{direct / toggle:.0f} (toggle),"
            f" ×{direct / cold:.0f} (cold)"
        )


def _fresh(figure: LossFigure, points: list[MetricPoint]) -> None:
    figure.set_series({})
    figure.set_series({"job": points})


if __name__ == "__main__":
    main()
