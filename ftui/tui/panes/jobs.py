"""The jobs pane: every job of every profile in one table, with the selected job's essentials."""

from __future__ import annotations

from datetime import datetime
from typing import Iterable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Static

from ftui.providers.records import Job
from ftui.tui import format as fmt

COLUMNS = (
    ("profile", "Profile"),
    ("id", "Job"),
    ("name", "Name"),
    ("model", "Base model"),
    ("status", "Status"),
    ("tokens", "Tokens"),
    ("age", "Age"),
    ("duration", "Took"),
)


class JobsTable(DataTable[Text | str]):
    """The jobs table, with vim-style movement."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "scroll_top", "Top", show=False),
        Binding("G", "scroll_bottom", "Bottom", show=False),
    ]


class JobsPane(Vertical):
    """Renders the screen's jobs; asks for older pages when the cursor reaches the end."""

    class MoreWanted(Message):
        """The user reached the last row; load older pages where there are any."""

    def __init__(self, show_profile: bool = True, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._jobs: dict[str, Job] = {}
        self._show_profile = show_profile

    def compose(self) -> ComposeResult:
        """A table and a detail strip under it."""
        table = JobsTable(id="jobs-table", cursor_type="row", zebra_stripes=True)
        for key, label in COLUMNS[0 if self._show_profile else 1 :]:
            table.add_column(label, key=key)
        yield table
        yield Static("", id="job-detail")

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
        return self._jobs.get(key or "")

    def show(self, jobs: Iterable[Job], now: datetime, empty_message: str = "No jobs yet.") -> None:
        """Render ``jobs`` (already ordered) with ages as of ``now``, keeping the cursor on the same job."""
        table = self.table
        current = self.selected
        ordered = list(jobs)
        self._jobs = {_row_key(job): job for job in ordered}
        table.clear()
        for job in ordered:
            cells = _cells(job, now)
            table.add_row(*(cells if self._show_profile else cells[1:]), key=_row_key(job))
        if current is not None and _row_key(current) in self._jobs:
            table.move_cursor(row=table.get_row_index(_row_key(current)), animate=False)
        self._render_detail(empty_message if not ordered else None)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Update the detail strip; ask for more rows at the end of the table."""
        self._render_detail()
        if event.cursor_row >= self.table.row_count - 1:
            self.post_message(self.MoreWanted())

    def _render_detail(self, empty_message: str | None = None) -> None:
        detail = self.query_one("#job-detail", Static)
        job = self.selected
        if job is None:
            detail.update(empty_message or "")
            return
        text = Text()
        text.append(job.id, style="bold")
        text.append(f"  {job.provider} · {job.base_model} · {job.method}")
        text.append("\n")
        text.append(fmt.status_label(job), style=fmt.STATUS_STYLE[job.status])
        if job.fine_tuned_model:
            text.append(f"  → {job.fine_tuned_model}")
        if job.error is not None:
            param = f" [{job.error.param}]" if job.error.param else ""
            text.append(f"  {job.error.code or 'error'}{param}: {job.error.message}", style="red")
        elif job.hyperparameters:
            params = ", ".join(f"{k}={v}" for k, v in job.hyperparameters.items())
            text.append(f"  {params}", style="dim")
        detail.update(text)


def _row_key(job: Job) -> str:
    return f"{job.provider}\x1f{job.id}"


def _cells(job: Job, now: datetime) -> tuple[Text | str, ...]:
    return (
        job.provider,
        fmt.short_id(job.id),
        job.name or "—",
        job.base_model,
        Text(fmt.status_label(job), style=fmt.STATUS_STYLE[job.status]),
        Text(fmt.tokens(job.trained_tokens), justify="right"),
        fmt.age(job.created_at, now),
        fmt.job_duration(job, now),
    )
