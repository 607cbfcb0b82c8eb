"""The jobs pane's text lines: the job under the cursor, the view line, the providers' notes."""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text

from ftui import format as fmt
from ftui.providers.records import Job
from ftui.tui.panes.jobs_view import Filter


def detail_text(job: Job, width: int) -> Text:
    """The lines under the table for the job under the cursor: an error wraps whole (up to about three lines)."""

    def short(value: object, share: int) -> str:
        return " ".join(fmt.middle(str(value), share).split()) if value else "—"

    text = Text()
    text.append(short(job.id, width), style="bold")
    text.append(f"  {short(job.provider, 16)} · {short(job.base_model, 40)} · {short(job.method, 16)}")
    text.append("\n")
    text.append(fmt.status_label(job), style=fmt.STATUS_STYLE[job.status])
    if job.fine_tuned_model:
        text.append(f"  → {short(job.fine_tuned_model, width // 2)}")
    if job.error is not None:
        param = f" [{short(job.error.param, 40)}]" if job.error.param else ""
        code = short(job.error.code or "error", 40)
        message = " ".join(str(job.error.message or "").split())
        if len(message) > width * 3:  # the strip holds four lines under the id; the job screen has all of it
            message = fmt.middle(message, width * 3 - 40) + " (Enter: the whole error)"
        text.append(f"  {code}{param}: {message or '—'}", style="red")
    elif job.hyperparameters:
        params = ", ".join(f"{short(k, 40)}={short(v, 40)}" for k, v in list(job.hyperparameters.items())[:20])
        text.append(f"  {params}", style="dim")
    return text


def view_line(
    text_filter: Filter, status_name: str, sort: tuple[str, bool], counts: tuple[int, int], marked: int
) -> Text:
    """The line right of the filter: filter problems, status filter, sort (label, descending), shown/all, marks."""
    text = Text()
    if text_filter.text and not text_filter.valid:
        text.append("not a regex: matched literally  ", style="red")
    if status_name != "all":
        text.append(f"status: {status_name} ", style="bold")
    label, descending = sort
    text.append(f"sort: {label} {'↓' if descending else '↑'}  ", style="dim")
    text.append(f"{counts[0]}/{counts[1]} jobs", style="dim")
    if marked:
        text.append(f"  {marked} marked (C compares)", style="yellow")
    return text


def notes_text(notes: Mapping[str, list[str]]) -> Text:
    """What providers noticed in the jobs list, a line each (named by profile when there are several)."""
    text = Text()
    for name, texts in notes.items():
        for note in texts:
            if text:
                text.append("\n")
            text.append("! ", style="bold yellow")
            if len(notes) > 1:
                text.append(f"{name}: ", style="bold")
            text.append(note, style="yellow")
    return text
