"""The jobs pane: every job of every profile in one table, filtered and sorted in place."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import DataTable, Input, Static

from ftui import format as fmt
from ftui.providers.records import Job
from ftui.tui.clipboard import copy
from ftui.tui.panes import jobs_columns, jobs_text, jobs_view
from ftui.tui.panes.jobs_columns import Column, JobsTable, Layout
from ftui.tui.panes.jobs_view import STATUS_FILTERS, Filter
from ftui.tui.static_updates import set_block, set_line, set_text

COLUMNS = tuple((column.key, column.label) for column in jobs_columns.COLUMNS)
"""(key, header) of every column the table may show; which fit is chosen by width (:mod:`jobs_columns`)."""
_RIGHT = {column.key for column in jobs_columns.COLUMNS if column.right}
EmptyText = str | Text | Callable[[], str | Text]
"""What the pane says while it has no jobs: text, or a function asked again on each :meth:`JobsPane.refresh_empty`."""


class JobsPane(Vertical):
    """Renders the screen's jobs; the user filters, sorts and marks rows here."""

    DEFAULT_CSS = """
    JobsPane #jobs-notes {
        height: auto;
        max-height: 3;
        padding: 0 1;
        display: none;
    }
    JobsPane #jobs-empty {
        height: 1fr;
        padding: 1 2;
        display: none;
    }
    JobsPane.-empty #jobs-empty {
        display: block;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "filter", "Filter"),
        Binding("f", "cycle_status", "Status filter", show=False),
        Binding("o", "cycle_sort", "Sort"),
        Binding("O", "reverse_sort", "Reverse", show=False),
        Binding("space", "mark", "Mark", show=False),
        Binding("y", "copy_id", "Copy id", show=False),
        Binding("Y", "copy_model", "Copy model", show=False),
        Binding("v", "evaluate", "Evaluate", show=False),  # models
        Binding("escape", "clear_filter", "Clear", show=False),
    ]

    text_filter: reactive[Filter] = reactive(Filter, init=False)
    """The regex filter (``!`` inverts)."""
    status_index: reactive[int] = reactive(0, init=False)
    """Index into :data:`STATUS_FILTERS`."""
    sort_key: reactive[str] = reactive("age", init=False)
    """The column rows are sorted by."""
    sort_reverse: reactive[bool] = reactive(True, init=False)
    """Whether the sort is descending (newest first by default)."""

    class MoreWanted(Message):
        """The user reached the last row; load older pages where there are any."""

    class Opened(Message):
        """The user pressed Enter on a job."""

        def __init__(self, job: Job) -> None:
            super().__init__()
            self.job = job
            """The job to open."""

    def __init__(self, show_profile: bool = True, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002 - Textual's widget id parameter
        super().__init__(id=id, classes=classes)
        self._show_profile = show_profile
        self._all: list[Job] = []
        self._rows: dict[str, Job] = {}
        self._cells: dict[str, dict[str, str]] = {}
        self._now: datetime | None = None
        self._steps: Mapping[tuple[str, str], tuple[int, int | None]] = {}
        self._empty: EmptyText = "Loading jobs…"
        self._layout: Layout | None = None
        self._width = 0
        self._notes: dict[str, list[str]] = {}
        self.marked: set[tuple[str, str]] = set()
        """Jobs marked with space (for compare)."""

    def compose(self) -> ComposeResult:
        """Filter line, table, detail strip."""
        with Horizontal(id="jobs-toolbar"):
            yield Input(placeholder="/ to filter (regex, ! inverts)", id="jobs-filter", compact=True)
            yield Static("", id="jobs-view")
        yield JobsTable(id="jobs-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="jobs-empty")
        yield Static("", id="jobs-notes")
        yield Static("", id="job-detail")

    def on_mount(self) -> None:
        """Lay the columns out for the terminal's width."""
        self._width = self.size.width or self.app.size.width
        self._lay_out([])

    def _columns(self) -> tuple[Column, ...]:
        every = jobs_columns.COLUMNS
        return every if self._show_profile else tuple(c for c in every if c.key != "profile")

    @property
    def column_layout(self) -> Layout:
        """The columns shown now and their widths."""
        return self._layout or Layout(())

    @property
    def table(self) -> JobsTable:
        """The table widget."""
        return self.query_one(JobsTable)

    @property
    def selected(self) -> Job | None:
        """The job under the cursor."""
        table = self.table
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self._rows.get(key or "")

    @property
    def shown(self) -> list[Job]:
        """The jobs as shown, in order."""
        return list(self._rows.values())

    # -- input from the screen ---------------------------------------------------
    def show(
        self,
        jobs: Iterable[Job],
        now: datetime,
        empty_message: EmptyText = "No jobs yet.",
        steps: Mapping[tuple[str, str], tuple[int, int | None]] | None = None,
    ) -> None:
        """Render ``jobs`` with ages as of ``now``, keeping the cursor on the same job.

        ``empty_message``: what to say while there are no jobs (a function: asked again on each refresh_empty).
        """
        self._all = list(jobs)
        self._now = now
        self._steps = steps or {}
        self._empty = empty_message
        self._render_rows()

    def set_notes(self, profile: str, texts: list[str], replace: bool = True) -> None:
        """Show what ``profile``'s provider noticed in the list (``replace``: instead of what it noticed before)."""
        kept = [] if replace else self._notes.get(profile, [])
        merged = list(dict.fromkeys([*kept, *texts]))[-5:]
        if merged:
            self._notes[profile] = merged
        else:
            self._notes.pop(profile, None)
        line = self.query_one("#jobs-notes", Static)
        text = jobs_text.notes_text(self._notes)
        line.display = bool(text)
        set_text(line, text)

    @property
    def notes(self) -> dict[str, list[str]]:
        """Per profile: what its provider noticed in the jobs list (shown under the table)."""
        return {name: list(notes) for name, notes in self._notes.items()}

    # -- rendering ---------------------------------------------------------------
    def _render_rows(self) -> None:
        if self._now is None:
            return
        table = self.table
        current = self.selected
        status_name, statuses = STATUS_FILTERS[self.status_index]
        rows = jobs_view.visible(
            self._all,
            now=self._now,
            steps=self._steps,
            text_filter=self.text_filter,
            status_filter=statuses,
            sort_key=self.sort_key,
            reverse=self.sort_reverse,
        )
        keys = [jobs_view.row_key(job) for job, _ in rows]
        relaid = self._lay_out([jobs_columns.with_mark(row) if job.key in self.marked else row for job, row in rows])
        columns = self.column_layout.keys
        fitted = [self._fitted(job, row) for job, row in rows]
        if keys == list(self._rows) and not relaid:
            for (job, _), row, key in zip(rows, fitted, keys, strict=False):
                old = self._cells.get(key, {})
                for column in columns:
                    if old.get(column) != row[column]:
                        table.update_cell(key, column, self._styled(job, column, row[column]))
        else:
            table.clear()
            for (job, _), row, key in zip(rows, fitted, keys, strict=False):
                table.add_row(*(self._styled(job, c, row[c]) for c in columns), key=key)
        self._rows = {key: job for (job, _), key in zip(rows, keys, strict=False)}
        self._cells = dict(zip(keys, fitted, strict=False))
        if current is not None and jobs_view.row_key(current) in self._rows:
            table.move_cursor(row=table.get_row_index(jobs_view.row_key(current)), animate=False)
        self._render_view_line(status_name, len(rows))
        self._render_detail()
        self.refresh_empty()

    def _lay_out(self, rows: list[dict[str, str]]) -> bool:
        """Choose the columns for the width and the rows; rebuild the table's columns when that changed."""
        columns = self._columns()
        natural = jobs_columns.natural_widths(columns, rows)
        new = jobs_columns.layout(columns, natural, self._width or 80)
        if new == self._layout:
            return False
        self._layout = new
        labels = dict(COLUMNS)
        table = self.table
        table.clear(columns=True)
        for key, width in new.widths:
            label = labels[key]
            table.add_column(Text(label, justify="right") if key in _RIGHT else label, key=key, width=width)
        return True

    def _mark_column(self) -> str:
        """Where a marked job shows its mark: the id column, or the name while the id is not shown."""
        return "id" if "id" in self.column_layout.keys else "name"

    def _fitted(self, job: Job, row: Mapping[str, str]) -> dict[str, str]:
        """The row's cells shortened in the middle to their columns' widths (room kept for a mark)."""
        mark = self._mark_column() if job.key in self.marked else None
        return {
            key: jobs_columns.MARK + jobs_columns.fit(row[key], width - len(jobs_columns.MARK))
            if key == mark
            else jobs_columns.fit(row[key], width)
            for key, width in self.column_layout.widths
        }

    def _styled(self, job: Job, column: str, text: str) -> Text | str:
        if column == "status":
            return Text(text, style=fmt.STATUS_STYLE[job.status])
        if column == self._mark_column() and job.key in self.marked:
            return Text(text, style="bold yellow")  # the mark is in the text (a change the rows compare)
        if column in _RIGHT:
            return Text(text, justify="right")
        return text

    def _render_view_line(self, status_name: str, count: int) -> None:
        label = dict(COLUMNS).get(self.sort_key, self.sort_key)
        text = jobs_text.view_line(
            self.text_filter, status_name, (label, self.sort_reverse), (count, len(self._all)), len(self.marked)
        )
        set_line(self.query_one("#jobs-view", Static), text)

    def _render_detail(self) -> None:
        detail = self.query_one("#job-detail", Static)
        job = self.selected
        if job is None:
            set_line(detail, "" if not self._all else "No job matches the filter.")
            return
        width = max(20, (self._width or 80) - 4)
        try:
            text = jobs_text.detail_text(job, width)
        except Exception:  # noqa: BLE001 - a field of a type nobody expected: say so, never crash
            shown = fmt.middle(str(job.id), width)
            text = Text(f"{shown}  (some fields of this job hold values ftui cannot show)", style="yellow")
        set_block(detail, text, text.markup)  # its height follows the text: an error wraps whole

    def refresh_empty(self) -> None:
        """While there are no jobs at all, say why in the table's place; the screen calls this whenever its
        status line changes, so a retry's countdown ticks in both together."""
        empty = not self._all
        if self.has_class("-empty") != empty:
            self.set_class(empty, "-empty")
            self.table.styles.height = "auto" if empty else "1fr"  # over the app's stylesheet (#jobs-table 1fr)
        if not empty:
            return
        message = self._empty() if callable(self._empty) else self._empty
        set_text(self.query_one("#jobs-empty", Static), message)

    def on_resize(self, event: Resize) -> None:
        """Choose the columns again for the new width."""
        if event.size.width and event.size.width != self._width:
            self._width = event.size.width
            self._render_rows()

    # -- reactions -------------------------------------------------------------------
    def watch_text_filter(self) -> None:
        """Re-filter the rows."""
        self._render_rows()

    def watch_status_index(self) -> None:
        """Re-filter the rows."""
        self._render_rows()

    def watch_sort_key(self) -> None:
        """Re-sort the rows."""
        self._render_rows()

    def watch_sort_reverse(self) -> None:
        """Re-sort the rows."""
        self._render_rows()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Update the detail strip; ask for more rows at the end of the table."""
        self._render_detail()
        if event.cursor_row >= self.table.row_count - 1:
            self.post_message(self.MoreWanted())

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter opens the job."""
        job = self._rows.get(event.row_key.value or "")
        if job is not None:
            self.post_message(self.Opened(job))

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        """Clicking a header sorts by it (again: reverses)."""
        key = event.column_key.value or "age"
        if key == self.sort_key:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_key = key

    @on(Input.Changed, "#jobs-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.text_filter = Filter(event.value)

    @on(Input.Submitted, "#jobs-filter")
    def _filter_kept(self) -> None:
        self.screen.set_focus(self.table)

    # -- actions -----------------------------------------------------------------------
    def action_filter(self) -> None:
        """Move to the filter line."""
        self.screen.set_focus(self.query_one("#jobs-filter", Input))

    def action_clear_filter(self) -> None:
        """Clear the filter (nothing else)."""
        self.query_one("#jobs-filter", Input).value = ""
        self.text_filter = Filter("")
        self.screen.set_focus(self.table)

    def action_cycle_status(self) -> None:
        """Next status filter."""
        self.status_index = (self.status_index + 1) % len(STATUS_FILTERS)

    def action_cycle_sort(self) -> None:
        """Sort by the next column shown."""
        keys = self.column_layout.keys or [column.key for column in self._columns()]
        self.sort_key = keys[(keys.index(self.sort_key) + 1) % len(keys)] if self.sort_key in keys else "age"

    def action_reverse_sort(self) -> None:
        """Reverse the sort."""
        self.sort_reverse = not self.sort_reverse

    def action_copy_id(self) -> None:
        """Copy the selected job's full id."""
        if self.selected is not None:
            copy(self.app, self.selected.id, "job id")

    def action_copy_model(self) -> None:
        """Copy the selected job's fine-tuned model id."""
        job = self.selected
        if job is not None and job.fine_tuned_model:
            copy(self.app, job.fine_tuned_model, "model id")
        elif job is not None:
            self.notify(f"{job.name or job.id} has no fine-tuned model (yet).", severity="warning")

    def action_evaluate(self) -> None:  # models
        """Evaluate the selected job's fine-tuned model against its base."""
        from ftui.tui.panes.models_data import ModelWanted

        self.post_message(ModelWanted("evaluate", job=self.selected))

    def action_mark(self) -> None:
        """Mark or unmark the job under the cursor (for compare)."""
        job = self.selected
        if job is None:
            return
        self.marked.symmetric_difference_update({job.key})
        self._render_rows()
        status_name, _ = STATUS_FILTERS[self.status_index]
        self._render_view_line(status_name, len(self._rows))
