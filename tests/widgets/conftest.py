"""A tiny app hosting one ``LossPlot``, and a deterministic series to feed it."""

from __future__ import annotations

import math
import random

from textual.app import App, ComposeResult
from textual.widgets import Footer

from ftui.providers.records import MetricPoint
from ftui.tui.widgets import LossPlot
from ftui.tui.widgets.loss_figure import MarkerSetting


def make_series(
    steps: int = 240, total: int = 300, epochs: int = 3, seed: int = 0, overfit: bool = True
) -> list[MetricPoint]:
    """A run of ``steps`` of ``total``: noisy falling train loss, validation every 10 steps.

    The curves keep their shape whatever ``total`` (the decays are stretched to it).
    """
    rng = random.Random(seed)
    per_epoch = total // epochs
    stretch = total / 300
    points = []
    for step in range(1, steps + 1):
        train = 2.2 * math.exp(-step / (60 * stretch)) + 0.35 + rng.uniform(-0.08, 0.08)
        valid = None
        if step % 10 == 0:
            valid = 2.2 * math.exp(-step / (70 * stretch)) + 0.45
            valid += max(0.0, (step - 180 * stretch) / (400 * stretch)) if overfit else 0.0
        full = valid - 0.02 if valid is not None and step % per_epoch == 0 else None
        points.append(
            MetricPoint(
                step,
                epoch=(step - 1) // per_epoch,
                train_loss=train,
                valid_loss=valid,
                full_valid_loss=full,
                train_mean_token_accuracy=min(0.99, 0.5 + step / (700 * stretch) + rng.uniform(-0.03, 0.03)),
                valid_mean_token_accuracy=0.45 + step / 800 if valid is not None else None,
                full_valid_mean_token_accuracy=0.44 + step / 800 if full is not None else None,
                total_steps=total,
            )
        )
    return points


class PlotApp(App[None]):
    """One ``LossPlot`` (focused) above a footer."""

    def __init__(
        self, series: dict[str, list[MetricPoint]] | None = None, marker: MarkerSetting = "braille", note: str = ""
    ) -> None:
        super().__init__()
        self._series = series
        self._marker: MarkerSetting = marker
        self._note = note

    def compose(self) -> ComposeResult:
        yield LossPlot(marker=self._marker, note=self._note)
        yield Footer()

    def on_mount(self) -> None:
        plot = self.query_one(LossPlot)
        plot.focus()
        if self._series is not None:
            plot.set_series(self._series)
