"""Several jobs' curves on one plot."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Static

from ftui.providers.errors import ProviderError
from ftui.providers.records import Job, MetricPoint
from ftui.tui.footer import HelpFooter
from ftui.tui.screens.base import ServicesScreen
from ftui.tui.services import Services
from ftui.tui.terminal import marker_setting
from ftui.tui.widgets.loss_plot import LossPlot

NOTHING_TO_COMPARE = "None of these jobs has reported metrics yet."
"""What compare says when every series is read and none has a point."""


class CompareScreen(ServicesScreen):
    """Overlays the loss curves of the marked jobs; Esc goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", "Back")]

    @dataclass
    class SeriesLoaded(Message):
        """One job's series arrived."""

        label: str
        """The legend label (suffix or id); empty when the series could not be read."""
        points: list[MetricPoint]
        """Its metric series."""
        position: int = 0
        """The job's place in the compared jobs: the legend keeps that order, whichever series arrives first."""

    def __init__(self, services: Services, jobs: list[Job]) -> None:
        super().__init__(services)
        self.jobs = jobs
        """The jobs compared."""
        self.series: dict[str, list[MetricPoint]] = {}
        """Series loaded so far, by label, in the order of ``jobs``."""
        self._positions: dict[str, int] = {}
        self.pending = len(jobs)
        """Jobs whose series has not been read yet (or failed to be)."""

    def compose(self) -> ComposeResult:
        """A title, the plot and the footer."""
        names = ", ".join(job.name or job.id for job in self.jobs)
        yield Static(f"[b]Compare[/b]  {names}", id="compare-title")
        yield LossPlot(
            id="compare-plot",
            marker=marker_setting(self.services.config.plot_marker),
            loaded=False,
            empty=NOTHING_TO_COMPARE,
        )
        yield HelpFooter()

    def on_mount(self) -> None:
        """Load every job's series."""
        self.query_one(LossPlot).focus()
        for job in self.jobs:
            self.load(job)

    @work(thread=True, exit_on_error=False, group="compare")
    def load(self, job: Job) -> None:
        """Fetch one job's series."""
        try:
            points = self.services.session.provider(job.provider).metrics(job.id)
        except ProviderError as error:
            self.app.notify(error.message, title=f"{job.name or job.id}: {error.title}", severity="error")
            self.post_message(self.SeriesLoaded("", []))
            return
        label = job.name or job.id
        if any(other is not job and (other.name or other.id) == label for other in self.jobs):
            label = f"{label} ({job.id[-6:]})"
        self.post_message(self.SeriesLoaded(label, points, self.jobs.index(job)))

    @on(SeriesLoaded)
    def _loaded(self, message: SeriesLoaded) -> None:
        self.pending -= 1
        plot = self.query_one(LossPlot)
        if message.label:
            self._positions[message.label] = message.position
            self.series[message.label] = message.points
            self.series = dict(sorted(self.series.items(), key=lambda item: self._positions[item[0]]))
            plot.set_series(self.series)
        plot.loaded = self.pending <= 0
