"""The Evaluate screen: a fine-tuned model against another (its base by default) on held-out examples.

The screen owns the state (the form's values, the run, the verdicts); the widgets render it.
Provider calls happen in thread workers (setup, estimate, sampling) and in the run's own bounded
pool (:class:`ftui.evaluate.runner.EvalRun`); the pool's callback only marks examples dirty and a
timer redraws them ten times a second at most.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Input, Label, ProgressBar, Static

from ftui.evaluate.plan import EvalPlan
from ftui.evaluate.results import save_results
from ftui.evaluate.runner import EvalRun, ExampleResult
from ftui.providers.records import FineTunedModel, Job
from ftui.tui.footer import HelpFooter
from ftui.tui.panes.models_data import read_only, refuse_if_read_only, session_of
from ftui.tui.panes.models_view import middle
from ftui.tui.screens import evaluate_data as ed
from ftui.tui.screens import evaluate_view as ev
from ftui.tui.screens.evaluate_results import open_saved_run
from ftui.tui.screens.evaluate_view import EvalTable
from ftui.tui.static_updates import set_block, set_line

_RUN_ONLY = {"verdict", "save", "cursor", "scroll_example"}


class EvaluateScreen(Screen[None]):
    """Set up, run, judge and save one evaluation (or reopen a saved one)."""

    CSS_PATH = Path(__file__).with_name("evaluate.tcss")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),  # while a run goes, esc cancels it first (action_back)
        Binding("ctrl+r", "run", "Run"),
        Binding("c", "cancel", "Cancel run"),
        Binding("b,plus", "verdict('better')", "A better"),
        Binding("s,equals_sign", "verdict('same')", "Same"),
        Binding("w,minus", "verdict('worse')", "A worse"),
        Binding("e", "save", "Save"),
        Binding("ctrl+o", "open_saved", "Open saved", show=False),
        Binding("j", "cursor(1)", "Next", show=False),
        Binding("k", "cursor(-1)", "Previous", show=False),
        Binding("g", "cursor(-1_000_000)", "First", show=False),  # the cursor stops at the first row
        Binding("G", "cursor(1_000_000)", "Last", show=False),
        Binding("J,ctrl+d", "scroll_example(1)", "Scroll down", show=False),
        Binding("K,ctrl+u", "scroll_example(-1)", "Scroll up", show=False),
    ]

    def __init__(
        self,
        model: FineTunedModel,
        job: Job | None = None,
        *,
        saved: tuple[EvalPlan, list[ExampleResult], Path] | None = None,
    ) -> None:
        super().__init__()
        self.model = model
        """Model A: the fine-tuned model (or checkpoint) evaluated."""
        self.job = job
        """Its job, when known (the default held-out file is its validation file)."""
        self.phase = "setup"
        """``setup`` (the form), ``running``, or ``done`` (finished, cancelled, or reopened)."""
        self.blocker: str | None = None
        """Why this provider cannot evaluate the model (shown instead of the form)."""
        self.plan: EvalPlan | None = None
        """The plan being run (or reopened)."""
        self.run: EvalRun | None = None
        """The run, once started."""
        self.results: list[ExampleResult] = []
        """One result per example (the run's, or a reopened file's)."""
        self.saved_path: Path | None = None
        """The results file last written (or reopened)."""
        self.unsaved = False
        """Whether verdicts changed since the last save."""
        self._dirty: set[int] = set()
        self._lock = threading.Lock()
        self._estimate_key: tuple[object, ...] = ()
        self._leave_warned = False
        if saved is not None:
            (self.plan, self.results, self.saved_path), self.phase = saved, "done"

    # -- layout ------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        """Title, the setup form (or the blocker), the run view, footer."""
        yield Static("", id="eval-title")
        with Vertical(id="eval-setup"):
            yield Static("", id="eval-blocker")
            with Vertical(id="eval-form"):
                for name, label in ed.FIELDS:
                    with Horizontal(classes="eval-field"):
                        yield Label(label, classes="eval-label")
                        yield Input(id=f"eval-{name}", compact=True, placeholder=ed.PLACEHOLDERS.get(name, ""))
                yield Static("", id="eval-file-note")
                yield Static("", id="eval-cost")
                yield Static("Enter or ctrl+r runs · ctrl+o opens a saved run · esc back", id="eval-hint")
        with Vertical(id="eval-run"):
            with Horizontal(id="eval-progress-line"):
                yield ProgressBar(id="eval-progress", show_eta=False, show_percentage=False)
                yield Static("", id="eval-progress-text")
            yield EvalTable(id="eval-table", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="eval-example-scroll"):
                yield Static("", id="eval-example")
            yield Static("", id="eval-summary")
            yield Static("", id="eval-saved")
        yield HelpFooter()

    def on_mount(self) -> None:
        """Fill the form with the defaults and read the provider's view of the model."""
        model = self.model
        values = {"file": "", "n": "20", "seed": "0", "a": model.id, "b": model.base_model or ""}
        for name, value in values.items():
            self.query_one(f"#eval-{name}", Input).value = value
        table = self.query_one(EvalTable)
        for key, label in (("line", "Line"), ("a", "A"), ("b", "B"), ("verdict", "Verdict")):
            table.add_column(label, key=key)
        self._render_title()
        if self.phase == "done":
            self._show_results()
            return
        self.query_one("#eval-file-note", Static).update(Text("Reading the job's validation file…", style="dim"))
        self._show_phase()
        self.query_one("#eval-file", Input).focus()
        self.read_setup()
        self.set_interval(0.1, self._flush, name="eval-redraw")

    def _render_title(self) -> None:
        plan = self.plan
        a = plan.model if plan else self.model.id
        b = plan.base if plan else (self.model.base_model or "—")
        room = max(16, (self.app.size.width - 16) // 2)
        title = Text("Evaluate ", style="bold")
        title.append(middle(a, room), style="bold cyan")
        title.append(" vs ")
        title.append(middle(b, room), style="cyan")
        set_line(self.query_one("#eval-title", Static), title)

    def _show_phase(self) -> None:
        setup = self.phase == "setup"
        self.query_one("#eval-setup").display = setup
        self.query_one("#eval-run").display = not setup
        self.query_one("#eval-form").display = setup and self.blocker is None
        blocker = self.query_one("#eval-blocker", Static)
        blocker.display = setup and self.blocker is not None
        if self.blocker:
            blocker.update(Text(f"ftui cannot evaluate this model here.\n\n{self.blocker}", style="yellow"))
        self.refresh_bindings()

    # -- setup: provider view, default file, estimate ------------------------------------
    @work(thread=True, exclusive=True, group="eval-setup", exit_on_error=False)
    def read_setup(self) -> None:
        """Ask whether the provider can evaluate the model; fetch the job's validation file into the cache."""
        self.post_message(ed.setup_read(session_of(self), self.model, self.job))

    @on(ed.SetupRead)
    def _setup_read(self, message: ed.SetupRead) -> None:
        self.blocker = message.blocker
        self.job = message.job or self.job
        file_input = self.query_one("#eval-file", Input)
        if message.file is not None and not file_input.value:
            file_input.value = str(message.file)
        style = "dim" if message.file is not None else "yellow"
        self.query_one("#eval-file-note", Static).update(Text(message.note, style=style))
        self._show_phase()
        self._schedule_estimate()

    def _form_plan(self) -> EvalPlan | str:
        """The plan the form describes, or what is wrong with it."""
        values = {name: self.query_one(f"#eval-{name}", Input).value for name, _ in ed.FIELDS}
        return ed.form_plan(values, self.model.provider)

    @on(Input.Changed)
    def _form_changed(self) -> None:
        self._schedule_estimate()

    @on(Input.Submitted)
    def _form_submitted(self) -> None:
        self.action_run()

    def _schedule_estimate(self) -> None:
        plan = self._form_plan()
        if isinstance(plan, str):
            self.query_one("#eval-cost", Static).update(Text(plan, style="yellow"))
            return
        key = (plan.file, plan.n, plan.seed, plan.model, plan.base)
        if key == self._estimate_key:
            return
        self._estimate_key = key
        self.query_one("#eval-cost", Static).update(Text("Estimating the cost…", style="dim"))
        self.estimate(plan, key)

    @work(thread=True, exclusive=True, group="eval-estimate", exit_on_error=False)
    def estimate(self, plan: EvalPlan, key: tuple[object, ...]) -> None:
        """Sample the examples and estimate tokens and dollars (nothing is sent)."""
        self.post_message(ed.estimated(plan, key))

    @on(ed.CostEstimated)
    def _estimated(self, message: ed.CostEstimated) -> None:
        if message.key == self._estimate_key:
            style = "yellow" if message.error else ""
            self.query_one("#eval-cost", Static).update(Text(message.text, style=style))

    # -- running -------------------------------------------------------------------------
    def action_run(self) -> None:
        """Sample the examples and start the run."""
        if self.phase != "setup" or self.blocker is not None:
            return
        plan = self._form_plan()
        if isinstance(plan, str):
            self.notify(plan, severity="warning")
            return
        self.plan = plan
        self._render_title()
        self.prepare(plan)

    @work(thread=True, exclusive=True, group="eval-prepare", exit_on_error=False)
    def prepare(self, plan: EvalPlan) -> None:
        """Sample the examples and build the provider; post what the run needs."""
        self.post_message(ed.prepared(session_of(self), plan))

    @on(ed.PrepareFailed)
    def _prepare_failed(self, message: ed.PrepareFailed) -> None:
        self.notify(message.text, title="Cannot run the evaluation", severity="error", timeout=10)

    @on(ed.Prepared)
    def _prepared(self, message: ed.Prepared) -> None:
        if self.plan is None or self.phase != "setup":
            return
        self.run = EvalRun(message.provider, self.plan, message.examples, on_update=self._run_update)
        self.results = self.run.results
        self.phase = "running"
        self._show_results()
        self.run.start()

    def _run_update(self, position: int, side: str) -> None:
        """From the run's pool threads: mark the example for the next redraw (never touches widgets)."""
        with self._lock:
            self._dirty.add(position)

    def _flush(self) -> None:
        """The redraw timer: repaint the examples that changed, the progress and the summary."""
        with self._lock:
            dirty, self._dirty = self._dirty, set()
        if dirty:
            self._render_rows(dirty)
        if self.phase == "running" and self.run is not None and self.run.finished:
            self._finished()

    def _finished(self) -> None:
        self.phase = "done"
        self._render_rows(set(range(len(self.results))))
        self.refresh_bindings()
        cancelled = self.run is not None and self.run.cancelled
        if read_only(self):
            self._saved_line(Text("Read-only: the results are not saved.", style="yellow"))
            return
        self._save(note="cancelled: what was answered is saved" if cancelled else "")

    def _show_results(self) -> None:
        self._show_phase()
        table = self.query_one(EvalTable)
        table.clear()
        for position, result in enumerate(self.results):
            table.add_row(*ev.row(result), key=str(position))
        self._render_rows(set())
        if self.saved_path is not None:
            self._saved_line(Text(f"Opened {self.saved_path}", style="dim"))
        table.focus()

    def _render_rows(self, positions: set[int]) -> None:
        table = self.query_one(EvalTable)
        for position in sorted(positions):
            if position < len(self.results):
                for key, cell in zip(("line", "a", "b", "verdict"), ev.row(self.results[position]), strict=True):
                    table.update_cell(str(position), key, cell, update_width=True)
        ended, total, words = ev.progress_text(self.results)
        self.query_one("#eval-progress", ProgressBar).update(total=max(total, 1), progress=ended)
        state = {"running": "running", "done": "cancelled" if self.run and self.run.cancelled else "done"}
        set_line(
            self.query_one("#eval-progress-text", Static),
            f" {words} · {state.get(self.phase, '')} · J/K scroll the example",
        )
        set_line(
            self.query_one("#eval-summary", Static), ev.summary_text(self.results, wide=self.app.size.width >= 120)
        )
        if self.selected_position in positions or not positions:
            self._render_example()

    @property
    def selected_position(self) -> int:
        """The example under the cursor."""
        return self.query_one(EvalTable).cursor_row

    def _render_example(self) -> None:
        if not self.results or self.plan is None:
            return
        position = min(self.selected_position, len(self.results) - 1)
        result = self.results[position]
        width = self.app.size.width
        panel = ev.example_panel(result, self.plan.model, self.plan.base, width)
        set_block(self.query_one("#eval-example", Static), panel, (position, width, *ev.drawn_state(result)))

    @on(DataTable.RowHighlighted, "#eval-table")
    def _row_moved(self) -> None:
        self._render_example()

    # -- judging and saving ----------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys exist only where they mean something (run in setup, verdicts once examples show)."""
        if action in _RUN_ONLY:
            return self.phase != "setup" and bool(self.results)
        if action == "run":
            return self.phase == "setup" and self.blocker is None
        if action == "cancel":
            return self.phase == "running"
        return True

    def action_cursor(self, step: int) -> None:
        """Move to the next or previous example."""
        table = self.query_one(EvalTable)
        table.move_cursor(row=max(0, min(len(self.results) - 1, table.cursor_row + step)))

    def action_scroll_example(self, direction: int) -> None:
        """Scroll the example panel by most of its height (long prompts and answers)."""
        scroll = self.query_one("#eval-example-scroll", VerticalScroll)
        scroll.scroll_relative(y=direction * max(1, scroll.size.height - 2), animate=False)

    def action_verdict(self, verdict: str) -> None:
        """Judge the selected example: A compared to B (pressing the same verdict again clears it)."""
        if not self.results:
            return
        result = self.results[self.selected_position]
        result.verdict = None if result.verdict == verdict else verdict
        self.unsaved = True
        self._render_rows({self.selected_position})
        if self.saved_path is not None:
            self._saved_line(Text(f"{self.saved_path} · verdicts changed: e saves a new file", style="yellow"))

    def action_save(self) -> None:
        """Save the results (with the verdicts) to a new file; show its path."""
        if self.phase == "running":
            self.notify("The run is still going: save when it ends (c cancels it).", severity="warning")
            return
        if refuse_if_read_only(self, "saving evaluation results"):
            return
        self._save()

    def _save(self, note: str = "") -> None:
        if self.plan is None:
            return
        try:
            path = save_results(self.results, self.plan)
        except OSError as error:
            why = f"{error.strerror or error}. Nothing was written; free space or fix permissions, then e."
            self.notify(why, title="Could not save the results", severity="error", timeout=12)
            return
        self.saved_path, self.unsaved = path, False
        self._saved_line(Text(f"Saved {path}" + (f" ({note})" if note else ""), style="green"))
        self.notify(str(path), title="Evaluation saved")

    def _saved_line(self, text: Text) -> None:
        self.query_one("#eval-saved", Static).update(text)  # may wrap: the whole path stays visible

    # -- leaving -------------------------------------------------------------------------------
    def action_cancel(self) -> None:
        """Cancel the run: nothing new is sent, what was answered stays."""
        if self.run is not None and self.phase == "running":
            self.run.cancel()
            self.notify("Cancelled: nothing more is sent.", timeout=3)

    def action_back(self) -> None:
        """Cancel a running evaluation, else go back (warning once about unsaved verdicts)."""
        if self.phase == "running":
            self.action_cancel()
            return
        if self.unsaved and not self._leave_warned:
            self._leave_warned = True
            self.notify("Verdicts are not saved: e saves them, esc again leaves without.", severity="warning")
            return
        self.dismiss(None)

    def action_open_saved(self) -> None:
        """Reopen a saved evaluation."""
        open_saved_run(self, lambda model, saved: EvaluateScreen(model, saved=saved))

    def on_unmount(self) -> None:
        """Leaving stops the run: nothing more is sent."""
        if self.run is not None and not self.run.finished:
            self.run.cancel()
