"""Mixed into the datasets pane: the header and the example shown, and moving between examples.

Small examples are laid out at once; one over :data:`BIG_LINE` bytes is read and laid out in a
worker process, so the keys keep answering while it is prepared.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.text import Text
from textual import work
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static, TabbedContent
from textual.worker import get_current_worker

from ftui.datasets.pool import open_pool
from ftui.datasets.problems import plural
from ftui.tui.panes.datasets_find import highlight, match_line
from ftui.tui.panes.datasets_header import header_text
from ftui.tui.panes.datasets_view import render_example, render_line

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
        def count_text(self) -> str: ...  # noqa: D102
        def is_match(self, index: int) -> bool: ...  # noqa: D102
        def call_after_refresh(self, callback: Any, *args: Any) -> bool: ...  # noqa: D102
        def action_tab(self, tab: str) -> None: ...  # noqa: D102

    def _header(self) -> None:
        """The header line, fitted to the header's width (the name shortened in the middle)."""
        header = self.query_one("#ds-header", Static)
        ds = self.dataset
        if ds is None:
            return
        width = header.content_region.width  # 0 before the first layout: then the whole name
        if not ds.has(self.index):
            header.update(header_text(self.source_name, ds.format, ["no examples"], width))
            return
        count = ds.known_count
        total = f"{count:,}" if count is not None else f"{ds.indexed:,}+"
        report = self.report
        if count is None and report is not None and not (report.cancelled or report.changed):
            total = f"{report.examples:,}"  # the full scan counted them
        line = f"line {ds.line_number(self.index):,}"
        parts: list[Text | str] = [f"example {self.index + 1:,} of {total}", line]
        optional: list[Text | str] = [line]  # what goes first when the header is too narrow
        if report is not None:
            status = Text(plural(report.errors, "error"), style="bold red") if report.errors else Text("no errors")
            if report.changed:
                status.append(" (file changed: not final)", style="yellow")
            elif report.cancelled:
                status.append(" (partial)", style="yellow")
            elif not report.errors:
                optional.append(status)
            parts.append(status)
        find = (self.pattern.pattern, self.count_text()) if self.pattern is not None else None
        header.update(header_text(self.source_name, ds.format, parts, width, find, optional=tuple(optional)))

    def on_dataset_header_refit(self) -> None:
        """Fit the header to its new width."""
        self._header()

    def _go(self, index: int) -> None:
        """Show example ``index`` (in the examples tab)."""
        self.index = index
        if self.query_one(TabbedContent).active != "ds-tab-examples":
            self.action_tab("ds-tab-examples")
        self._show()

    def _show(self) -> None:
        body = self.query_one("#ds-example-body", Static)
        ds = self.dataset
        if ds is None:
            return
        self._header()
        if not ds.has(self.index):
            body.update("")
            return
        key = (ds.path, self.index, self.raw, self.folded)
        self._example_key = key
        start, end = ds.span(self.index)
        if end - start > BIG_LINE:  # parsing and laying out a huge line must not freeze the keys
            body.update(Text(f"Reading a {megabytes(end - start)} example…", style="italic"))
            self._load_example(ds, key)
        else:
            self._show_body(render_example(ds.example(self.index), ds.format, raw=self.raw, folded=self.folded))

    def _show_body(self, view: Any) -> None:
        """Draw the example, its find matches highlighted, scrolled to the first match (or the top)."""
        body = self.query_one("#ds-example-body", Static)
        scroll = self.query_one("#ds-example", VerticalScroll)
        if self.pattern is not None and isinstance(view, (Group, Text)):
            if not highlight(view, self.pattern) and not self.raw and self.is_match(self.index):
                note = "The match is in the line's JSON (a key or an escape), not in the text shown: r shows the line."
                view = Group(view, Text(note, style="dim italic"))
            body.update(view)
            scroll.scroll_home(animate=False)
            self.call_after_refresh(self._scroll_to_match)
            return
        body.update(view)
        scroll.scroll_home(animate=False)

    def _scroll_to_match(self) -> None:
        """Scroll the example so its first highlighted match is in view."""
        body = self.query_one("#ds-example-body", Static)
        scroll = self.query_one("#ds-example", VerticalScroll)
        region = body.size.region
        if not region.area:
            return
        y = match_line([list(strip) for strip in body.render_lines(region)])
        if y is not None and y >= scroll.size.height:
            scroll.scroll_to(y=max(0, y - 2), animate=False)

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
            self._show_body(event.body)

    def action_move(self, step: int) -> None:
        """Next/previous example (a find does not hide any: ``n``/``N`` step through its matches)."""
        if self.dataset is None:
            return
        if self.dataset.has(self.index + step):
            self.index += step
            self._show()
        elif self.dataset.has(self.index):
            self.notify("That is the last example." if step > 0 else "That is the first example.", timeout=2)

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
            self._go(index)

    def action_toggle_raw(self) -> None:
        """Conversation or raw JSON."""
        self.raw = not self.raw
        self._show()

    def action_toggle_fold(self) -> None:
        """Fold or unfold long contents."""
        self.folded = not self.folded
        self._show()
