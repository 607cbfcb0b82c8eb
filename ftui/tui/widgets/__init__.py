"""Reusable widgets of the ftui app (self-contained, with their own ``DEFAULT_CSS``)."""

from __future__ import annotations

from ftui.tui.widgets.loss_plot import LossPlot

__all__ = ["LossPlot"]
