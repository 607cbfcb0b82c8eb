"""Mixed into the datasets pane: the header and the example shown, and moving between examples.

Small examples are laid out at once; one over :data:`BIG_LINE` bytes is read and laid out in a
worker process, so the keys keep answering while it is prepared.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static, TabbedContent
from textual.worker import get_current_worker

from ftui.datasets.pool import open_pool
from ftui.datasets.problems import plural
from ftui.tui.panes.datasets_browser import shorten_middle
from ftui.tui.panes.datasets_view import render_example, render_line, safe

if TYPE_CHECKING:
    import re

    from ftui.datasets import Dataset, ScanReport

BIG_LINE = 1 << 20
"""Examples longer than this (bytes) are read and laid out in a worker process."""


def megabytes(n: int) -> str:
    """``12.3 MB`` (or ``45 KB`` below 100 KB), for progress and size notes."""
    return f"{n / 1e6:,.1f} MB" if n >= 100_000 else f"{n / 1e3:,.0f} KB"


class ExampleActions:
    """The example view of the datasets pane: ``_show``, ←/→, ``[``/``]``, raw and fold."""

    dataset: Dataset | None
    report: ScanReport | None
    index: int
    raw: bool
    folded: bool
    pattern: re.Pattern[str] | None
    _example_key: tuple[str, int, bool, bool] | None

    if TYPE_CHECKING:
        ExampleReady: Any
        source_name: str

        def query_one(self, selector: Any, expect_type: Any = None) -> Any: ...  # noqa: D102
        def notify(self, message: str, **kwargs: Any) -> None: ...  # noqa: D102
        def post_message(self, message: Message) -> bool: ...  # noqa: D102
        def action_match(self, step: int) -> None: ...  # noqa: D102
        def action_tab(self, tab: str) -> None: ...  # noqa: D102

    def _show(self) -> None:
        header = self.query_one("#ds-header", Static)
        body = self.query_one("#ds-example-body", Static)
        ds = self.dataset
        if ds is None:
            return
        width = header.size.width  # 0 before the first layout: then the whole name
        name = safe(self.source_name)  # a file name may hold undecodable bytes or escapes
        name = shorten_middle(name, max(16, width * 2 // 5)) if width else name
        if not ds.has(self.index):
            header.update(f"{name} · {ds.format} · no examples")
            body.update("")
            return
        count = ds.known_count
        total = f"{count:,}" if count is not None else f"{ds.indexed:,}+"
        report = self.report
        if count is None and report is not None and not (report.cancelled or report.changed):
            total = f"{report.examples:,}"  # the full scan counted them
        status = ""
        if self.report is not None:
            status = f" · {plural(self.report.errors, 'error')}" if self.report.errors else " · no errors"
            if self.report.changed:
                status += " (file changed: not final)"
            elif self.report.cancelled:
                status += " (partial)"
        flt = f" · /{self.pattern.pattern}/" if self.pattern else ""
        header.update(
            f"{name} · {ds.format} · example {self.index + 1:,} of {total} · "
            f"line {ds.line_number(self.index):,}{status}{flt}"
        )
        key = (ds.path, self.index, self.raw, self.folded)
        self._example_key = key
        start, end = ds.span(self.index)
        if end - start > BIG_LINE:  # parsing and laying out a huge line must not freeze the keys
            body.update(Text(f"Reading a {megabytes(end - start)} example…", style="italic"))
            self._load_example(ds, key)
        else:
            body.update(render_example(ds.example(self.index), ds.format, raw=self.raw, folded=self.folded))
        self.query_one("#ds-example", VerticalScroll).scroll_home(animate=False)

    @work(thread=True, exclusive=True, exit_on_error=False, group="dataset-example")
    def _load_example(self, ds: Dataset, key: tuple[str, int, bool, bool]) -> None:
        """Read, parse and lay out a huge example in a worker process, so keys keep answering."""
        worker = get_current_worker()
        path, index, raw, folded = key
        pool = None
        try:
            start, end = ds.span(index)
            line = ds.line_number(index)
            pool = open_pool(1)
            future = pool.executor.submit(render_line, path, start, end, index, line, ds.format, raw=raw, folded=folded)
            while True:
                if worker.is_cancelled:
                    return
                try:
                    view: object = future.result(timeout=0.1)
                    break
                except TimeoutError:
                    continue
        except Exception as e:  # noqa: BLE001 - shown in place of the example
            view = Text(f"This example cannot be shown: {type(e).__name__}: {e}", style="red")
        finally:
            if pool is not None:
                pool.stop(kill=True)
        self.post_message(self.ExampleReady(key, view))

    def on_datasets_pane_example_ready(self, event: Any) -> None:
        """Show a large example once it is laid out (if it is still the one wanted)."""
        if event.key == self._example_key:
            self.query_one("#ds-example-body", Static).update(event.body)
            self.query_one("#ds-example", VerticalScroll).scroll_home(animate=False)

    def action_move(self, step: int) -> None:
        """Next/previous example (next/previous match while filtering)."""
        if self.pattern is not None:
            self.action_match(step)
            return
        if self.dataset is not None and self.dataset.has(self.index + step):
            self.index += step
            self._show()

    def action_problem(self, step: int) -> None:
        """Jump to the next/previous line with a problem."""
        if self.dataset is None or self.report is None:
            return
        here = self.dataset.line_number(self.index) if self.dataset.has(self.index) else 0
        lines = self.report.problem_lines()
        targets = [n for n in lines if (n > here if step > 0 else n < here)]
        if not targets:
            self.notify("No more problems that way.", timeout=2)
            return
        self._go_line(targets[0] if step > 0 else targets[-1])

    def _go_line(self, line: int) -> None:
        if self.dataset is None:
            return
        index = self.dataset.index_of_line(line)
        if index is not None:
            self.index = index
            if self.query_one(TabbedContent).active != "ds-tab-examples":
                self.action_tab("ds-tab-examples")
            self._show()

    def action_toggle_raw(self) -> None:
        """Conversation or raw JSON."""
        self.raw = not self.raw
        self._show()

    def action_toggle_fold(self) -> None:
        """Fold or unfold long contents."""
        self.folded = not self.folded
        self._show()
