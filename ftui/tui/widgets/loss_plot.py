"""The loss plot: training, validation and full validation loss of one job, or several overlaid.

Built on textual-plotext. The plot is rebuilt only when the data, a toggle, the
size or the theme changes; any other refresh reuses the last picture. Curves
are decimated to the canvas width first, so a redraw stays cheap on 100,000
points.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult, RenderResult
from textual.binding import Binding, BindingType
from textual.color import Color
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static
from textual_plotext import PlotextPlot

from ftui.providers.records import Checkpoint, JobStatus, MetricPoint
from ftui.tui.static_updates import set_text
from ftui.tui.widgets.loss_empty import WAITING, checkpoint_note, checkpoint_points, empty_text
from ftui.tui.widgets.loss_figure import DARK_BACKGROUND, LossFigure, MarkerSetting, pick_marker

EMPTY_MESSAGE = WAITING
"""What the plot says before the first metric arrives (for a job that has not started, or no job status)."""


class LossCanvas(PlotextPlot):
    """The plot area: draws a :class:`LossFigure` and keeps the picture until something it shows changes."""

    def __init__(self, figure: LossFigure, *, id: str | None = None) -> None:  # noqa: A002 - Textual's widget id parameter
        super().__init__(id=id)
        self._figure = figure
        self._version = 0
        self._key: tuple[object, ...] | None = None
        self._picture: RenderResult = ""
        self.redraws = 0
        """How many times the plot has been rebuilt (for tests and benchmarks)."""

    def invalidate(self) -> None:
        """The figure changed: rebuild on the next render."""
        self._version += 1
        self.refresh()

    def render(self) -> RenderResult:
        """The plot, rebuilt only when the figure, the size or the theme changed."""
        width, height = self.size
        if width <= 0 or height <= 0:
            return ""
        key = (self._version, width, height, self.app.theme, self.theme)
        if key != self._key:
            self.plt.clear_figure()
            self._figure.draw(self.plt, width, self._background())
            self._picture = super().render()
            self._key = key
            self.redraws += 1
        return self._picture

    def _background(self) -> tuple[int, int, int]:
        """The canvas colour (the theme's surface, as textual-plotext paints it), to fade raw curves into."""
        surface = self.app.theme_variables.get("surface")
        if not surface:
            return DARK_BACKGROUND
        try:
            return Color.parse(surface).rgb
        except Exception:  # noqa: BLE001 - an odd theme value: fade into the usual dark background
            return DARK_BACKGROUND


class LossPlot(Widget, can_focus=True):
    """Loss (or token accuracy) curves with a legend of the latest values and an overfitting warning.

    Give it data with :meth:`set_series`: one entry per job, labelled by suffix or id.
    One entry plots its training, validation and full validation loss with the
    epoch ends marked; several overlay their training loss (lines) and
    validation loss (dots), one colour per job.
    """

    DEFAULT_CSS = """
    LossPlot {
        height: 1fr;
        min-height: 8;
        layout: vertical;
    }
    LossPlot > LossCanvas {
        height: 1fr;
    }
    LossPlot > .loss-line {
        height: auto;
        padding: 0 1;
    }
    LossPlot > #loss-note {
        color: $text-muted;
        text-style: italic;
    }
    LossPlot > #loss-warning {
        color: $warning;
        text-style: bold;
    }
    LossPlot > #loss-empty {
        height: 1fr;
        content-align: center middle;
        text-align: center;
        padding: 0 1;
        color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "toggle_accuracy", "Accuracy", show=True),
        Binding("s", "toggle_smooth", "Smooth", show=True),
        Binding("l", "toggle_log_scale", "Log scale", show=True),
    ]

    show_accuracy: reactive[bool] = reactive(False, init=False)
    """Plot the token accuracies instead of the losses."""
    smooth: reactive[bool] = reactive(True, init=False)
    """Draw the training curve's moving average over its faint raw values (on by default, like W&B)."""
    log_scale: reactive[bool] = reactive(False, init=False)
    """Use a logarithmic y axis."""
    marker: reactive[MarkerSetting] = reactive("auto", init=False)
    """``braille``, ``dot``, ``ascii``, or ``auto`` (braille on a UTF-8 locale, ASCII on linux/vt100 or elsewhere)."""
    note: reactive[str] = reactive("", init=False)
    """A line shown above the plot, e.g. why there is no live curve for this provider."""
    status: reactive[JobStatus | None] = reactive(None, init=False)
    """The job's status, so an empty plot says the truth (None: not about one job, e.g. compare)."""
    loaded: reactive[bool] = reactive(True, init=False)
    """Whether the job's metrics have been read once (until then an ended job says "loading")."""

    def __init__(
        self,
        *,
        marker: MarkerSetting = "auto",
        note: str = "",
        status: JobStatus | None = None,
        loaded: bool = True,
        empty: str = EMPTY_MESSAGE,
        name: str | None = None,
        id: str | None = None,  # noqa: A002 - Textual's widget id parameter
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.figure = LossFigure()
        """The data and settings being drawn."""
        self.figure.marker = pick_marker(marker)
        self.set_reactive(LossPlot.marker, marker)
        self.set_reactive(LossPlot.note, note)
        self.set_reactive(LossPlot.status, status)
        self.set_reactive(LossPlot.loaded, loaded)
        self._empty = empty
        self._ready = False
        self._series: Mapping[str, Sequence[MetricPoint]] = {}
        self._given: Mapping[str, Sequence[Checkpoint]] = {}
        self._checkpoints: tuple[Checkpoint, ...] = ()
        self._from_checkpoints = 0

    def compose(self) -> ComposeResult:
        """Note, plot (or the empty message), legend and warning, top to bottom."""
        yield Static(self.note, id="loss-note", classes="loss-line", markup=False)
        yield LossCanvas(self.figure, id="loss-canvas")
        yield Static(EMPTY_MESSAGE, id="loss-empty", markup=False)
        yield Static("", id="loss-legend", classes="loss-line")
        yield Static("", id="loss-warning", classes="loss-line", markup=False)

    def on_mount(self) -> None:
        """Show the state of the (possibly empty) data."""
        self._ready = True
        self._update()

    @property
    def canvas(self) -> LossCanvas:
        """The plot area."""
        return self.query_one(LossCanvas)

    @property
    def redraws(self) -> int:
        """How many times the plot has been rebuilt."""
        return self.canvas.redraws

    def set_series(
        self,
        series: Mapping[str, Sequence[MetricPoint]],
        checkpoints: Mapping[str, Sequence[Checkpoint]] | None = None,
    ) -> None:
        """Plot ``series`` (label → points); redraws only when the data differ from what is shown.

        When no series has a point but the checkpoints carry metrics (a job that reported no
        step metrics), those are plotted instead, with a line saying so.

        Args:
            series: One entry per job, labelled by suffix or id; points in step order.
            checkpoints: Each job's checkpoints, so the overfitting warning can name the best one.
        """
        self._series, self._given = series, checkpoints or {}
        self._checkpoints = tuple(found for group in self._given.values() for found in group)
        self._from_checkpoints = 0
        if self.loaded and not any(series.values()) and checkpoints:
            saved = {label: checkpoint_points(found) for label, found in checkpoints.items()}
            if any(saved.values()):
                series = {label: points for label, points in saved.items() if points}
                self._from_checkpoints = sum(len(points) for points in series.values())
        if self.figure.set_series(series, checkpoints):
            self._update()

    def set_job(self, status: JobStatus | None, loaded: bool) -> None:
        """The job's status, and whether its metrics have been read once (both shape the empty message)."""
        was_loaded = self.loaded
        self.status = status
        self.loaded = loaded
        if loaded and not was_loaded:
            self.set_series(self._series, self._given)

    def action_toggle_accuracy(self) -> None:
        """Switch between losses and token accuracies."""
        self.show_accuracy = not self.show_accuracy

    def action_toggle_smooth(self) -> None:
        """Switch EMA smoothing on or off."""
        self.smooth = not self.smooth

    def action_toggle_log_scale(self) -> None:
        """Switch the y axis between linear and logarithmic."""
        self.log_scale = not self.log_scale

    def watch_show_accuracy(self, value: bool) -> None:
        """Show or hide token accuracy."""
        self.figure.show_accuracy = value
        self._update()

    def watch_smooth(self, value: bool) -> None:
        """Smooth the curves or not."""
        self.figure.smooth = value
        self._update()

    def watch_log_scale(self, value: bool) -> None:
        """Switch the y axis between log and linear."""
        self.figure.log_scale = value
        self._update()

    def watch_status(self, value: JobStatus | None) -> None:
        """Say the truth about an empty plot for the job's new status."""
        self._update()

    def watch_loaded(self, value: bool) -> None:
        """Stop saying "loading"."""
        self._update()

    def watch_marker(self, value: MarkerSetting) -> None:
        """Draw with another marker."""
        self.figure.marker = pick_marker(value)
        self._update()

    def watch_note(self, value: str) -> None:
        """Show the note under the plot."""
        if self._ready:
            note = self.query_one("#loss-note", Static)
            set_text(note, value)
            note.display = bool(value)

    def _update(self) -> None:
        """Bring the plot, legend, warning and empty message in line with the figure."""
        if not self._ready:
            return
        if self.figure.has_points:
            empty = self.figure.empty_message()
        else:
            empty = empty_text(self.status, self._checkpoints, self.loaded, self._empty)
        canvas = self.canvas
        canvas.display = empty is None
        placeholder = self.query_one("#loss-empty", Static)
        placeholder.display = empty is not None
        set_text(placeholder, empty or "")
        legend = self.query_one("#loss-legend", Static)
        lines = self._legend_lines() if empty is None else []
        set_text(legend, Text("\n").join(lines))
        legend.display = bool(lines)
        warnings = self.figure.warnings() if not self.figure.show_accuracy else []
        warning = self.query_one("#loss-warning", Static)
        set_text(warning, "\n".join(f"⚠ {line}" for line in warnings))
        warning.display = bool(warnings)
        self.query_one("#loss-note", Static).display = bool(self.note)
        canvas.invalidate()

    def _legend_lines(self) -> list[Text]:
        """The legend: where the points come from when not from the series, then the latest values."""
        lines = self.figure.legend()
        if lines and self._from_checkpoints:
            lines.insert(0, Text(checkpoint_note(self._from_checkpoints), style="italic"))
        return lines

    @property
    def legend_text(self) -> str:
        """The legend as plain text."""
        return "\n".join(line.plain for line in self._legend_lines())

    @property
    def warning_text(self) -> str:
        """The overfitting warning(s) as plain text, empty when there is none."""
        return "\n".join(self.figure.warnings())
