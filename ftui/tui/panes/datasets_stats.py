"""The stats tab of the datasets pane: counts, token histogram, limits, cost, actions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Input, Label, Select, Static

from ftui.datasets import MODELS, ScanReport, estimate_cost, resolve_model
from ftui.datasets.display import safe
from ftui.datasets.problems import plural
from ftui.tui.panes.datasets_histogram import TokenHistogram
from ftui.tui.panes.datasets_view import render_summary


class StatsPanel(VerticalScroll):
    """Summary of the last scan, the token distribution, cost controls and actions (``j``/``k`` scroll)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll_down", "Scroll down", show=False),
        Binding("k", "scroll_up", "Scroll up", show=False),
    ]

    @dataclass
    class ModelChosen(Message):
        """The user picked another base model (the pane rescans with it)."""

        model: str
        """The model id."""

    @dataclass
    class ActionRequested(Message):
        """The user asked for a transform that writes new files."""

        action: str
        """``split``, ``drop_invalid``, ``convert`` or ``fix_file``."""
        ratio: float = 0.1
        """Validation share for ``split``."""
        seed: int = 0
        """Random seed for ``split``."""
        target: str = ""
        """Target format for ``convert`` (empty: ask the user)."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.report: ScanReport | None = None
        """The report shown."""

    def compose(self) -> ComposeResult:
        """Summary, histogram, model/epochs, cost, actions."""
        yield Static("Open a file to see its statistics.", id="ds-summary")
        yield TokenHistogram(id="ds-hist")
        with Horizontal(classes="ds-row"):
            yield Select([(m, m) for m in MODELS], prompt="base model", id="ds-model", allow_blank=True, compact=True)
            yield Input(placeholder="epochs (default)", id="ds-epochs", type="integer", compact=True)
        yield Static("", id="ds-cost")
        with Horizontal(classes="ds-row"):
            yield Label("validation share")
            yield Input("0.1", id="ds-ratio", type="number", compact=True)
            yield Label("seed")
            yield Input("0", id="ds-seed", type="integer", compact=True)
            yield Button("Split (t)", id="ds-split", compact=True)
        with Horizontal(classes="ds-row"):
            yield Button("Drop invalid (d)", id="ds-drop", compact=True)
            yield Button("Convert… (v)", id="ds-convert", compact=True)

    def show(self, report: ScanReport, where: str = "") -> None:
        """Show a finished (or cancelled) scan of the file at ``where`` (its full path, wrapped)."""
        self.report = report
        summary = Text.assemble(("file ", "dim"), safe(where), "\n") if where else Text()
        summary.append_text(render_summary(report))
        self.query_one("#ds-summary", Static).update(summary)
        select = self.query_one("#ds-model", Select)
        with select.prevent(Select.Changed):
            select.value = report.model
        self._replot()
        self._update_cost()

    def _replot(self) -> None:
        pairs = self.report.tokens.histogram if self.report is not None else ()
        self.query_one(TokenHistogram).show(tuple(pairs))

    def _update_cost(self) -> None:
        if self.report is None:
            return
        raw = self.query_one("#ds-epochs", Input).value.strip()
        epochs = int(raw) if raw.isdigit() and int(raw) > 0 else None
        cost = estimate_cost(resolve_model(self.report.model), dict(self.report.tokens.histogram), epochs)
        usd = "price unknown" if cost.usd is None else f"${cost.usd:,.2f}"
        self.query_one("#ds-cost", Static).update(
            f"{cost.model}: {plural(cost.epochs, 'epoch')} × tokens = {cost.billed_tokens:,} billed → {usd}"
        )

    @on(Input.Changed, "#ds-epochs")
    def _epochs_changed(self) -> None:
        self._update_cost()

    @on(Select.Changed, "#ds-model")
    def _model_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and (self.report is None or event.value != self.report.model):
            self.post_message(self.ModelChosen(event.value))

    @on(Button.Pressed)
    def _action(self, event: Button.Pressed) -> None:
        event.stop()
        button = event.button.id or ""
        if button == "ds-split":
            try:
                ratio = float(self.query_one("#ds-ratio", Input).value)
                seed = int(self.query_one("#ds-seed", Input).value or 0)
            except ValueError:
                self.notify("validation share and seed must be numbers", severity="error")
                return
            self.post_message(self.ActionRequested("split", ratio=ratio, seed=seed))
        elif button == "ds-drop":
            self.post_message(self.ActionRequested("drop_invalid"))
        elif button == "ds-convert":
            self.post_message(self.ActionRequested("convert"))  # no target: the pane asks which
