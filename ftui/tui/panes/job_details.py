"""Everything about one job, as Rich renderables: the details tab, the checkpoint rows and the screen's title.

A value the server did not send is "—" (never "?", "None" or a default ftui made up). The details tab
shows every value whole (long ones wrap); the title and the checkpoint rows shorten them in the middle.
"""

from __future__ import annotations

from datetime import datetime

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ftui import format as fmt
from ftui.format import middle
from ftui.providers.records import Checkpoint, Job, JobStatus

MISSING = "—"
"""What a value the server did not send reads as."""


def _when(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S") if moment else MISSING


def status_word(job: Job) -> str:
    """The status in one word: normalized, the server's own when ftui does not know it, "—" when none was sent."""
    if job.status is JobStatus.UNKNOWN:
        return job.native_status or MISSING
    return job.status.value


def _status(job: Job) -> Text:
    """The status row: normalized, with the server's spelling when it differs, and what is unknown said so."""
    word = status_word(job)
    text = Text(word, style=fmt.STATUS_STYLE[job.status])
    if job.status is JobStatus.UNKNOWN:
        text.append(" (not a status ftui knows)" if job.native_status else " (the server sent none)", style="dim")
    elif job.native_status and job.native_status != word:
        text.append(f" ({job.native_status})", style="dim")
    return text


def _loss(value: float | None) -> str:
    return MISSING if value is None else f"{value:.4f}"


def _error(job: Job) -> Text | None:
    if job.error is None:
        return None
    error = Text("Error", style="bold red")
    where = " ".join(part for part in (job.error.code or "", f"[{job.error.param}]" if job.error.param else "") if part)
    if where:
        error.append(f"  {where}", style="red")
    error.append("\n")
    error.append(job.error.message or MISSING)
    error.append("\n")
    return error


def _facts(job: Job) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")  # long ids and URIs wrap whole: this is where the full value is read
    rows: list[tuple[str, str | Text]] = [
        ("Job", job.id),
        ("Name", job.name or MISSING),
        ("Status", _status(job)),
        ("Base model", job.base_model or MISSING),
        ("Method", job.method or MISSING),
        ("Profile", f"{job.provider} ({job.kind})"),
        ("Created", _when(job.created_at)),
        ("Finished", _when(job.finished_at)),
        ("Estimated finish", _when(job.estimated_finish)),
        ("Trained tokens", fmt.tokens(job.trained_tokens)),
        ("Fine-tuned model", job.fine_tuned_model or MISSING),
        ("Training file", job.training_file or MISSING),
        ("Validation file", job.validation_file or MISSING),
        ("Result files", ", ".join(job.result_files) or MISSING),
    ]
    if job.final_train_loss is not None or job.final_valid_loss is not None:
        rows.append(("Final losses", f"train {_loss(job.final_train_loss)} · validation {_loss(job.final_valid_loss)}"))
    for label, value in rows:
        table.add_row(label, value)
    return table


def _hyperparameters(job: Job) -> Table:
    table = Table(title="Hyperparameters", title_justify="left", box=None, padding=(0, 2))
    table.add_column("name", style="cyan", overflow="fold")
    table.add_column("value", overflow="fold")
    for name, value in job.hyperparameters.items():
        table.add_row(name, MISSING if value is None else str(value))
    return table


def _timeline(job: Job) -> Table:
    table = Table(title="Timeline", title_justify="left", box=None, padding=(0, 2))
    for column in ("stage", "status", "started", "updated"):
        table.add_column(column, overflow="fold")
    for stage in job.timeline:
        table.add_row(stage.name or MISSING, stage.status or MISSING, _when(stage.started_at), _when(stage.updated_at))
    return table


def best_checkpoint(checkpoints: list[Checkpoint]) -> Checkpoint | None:
    """The checkpoint with the lowest validation loss (the whole file's when known), if any has one."""

    def validation(c: Checkpoint) -> float | None:
        m = c.metrics
        return None if m is None else (m.full_valid_loss if m.full_valid_loss is not None else m.valid_loss)

    scored = [(value, c) for c in checkpoints if (value := validation(c)) is not None]
    return min(scored, key=lambda pair: pair[0])[1] if scored else None


CHECKPOINT_COLUMNS = ("step", "train loss", "valid loss", "full valid", "model")
"""The checkpoint table's columns; the last (the model id) takes the room left and is shortened in the middle."""


def checkpoint_row(checkpoint: Checkpoint, best: bool, model_width: int) -> tuple[Text, ...]:
    """One row of the checkpoint table, the model id shortened in the middle to ``model_width`` cells."""
    m = checkpoint.metrics
    style = "bold green" if best else ""
    mark = " best" if best else ""  # words, not a glyph a Linux console may lack
    cells = (
        str(checkpoint.step),
        _loss(m.train_loss if m else None),
        _loss(m.valid_loss if m else None),
        _loss(m.full_valid_loss if m else None),
    )
    model = middle(checkpoint.model or MISSING, max(8, model_width - cell_len(mark))) + mark
    return (*(Text(cell, style=style, justify="right") for cell in cells), Text(model, style=style))


def details_text(job: Job, checkpoints: list[Checkpoint], note: str = "") -> RenderableType:
    """The details tab's content: the error first, then every fact, hyperparameters, timeline, checkpoints.

    ``note`` says what could not be loaded (e.g. the checkpoints).
    """
    parts: list[RenderableType] = []
    error = _error(job)
    if error is not None:
        parts.append(error)
    parts.append(_facts(job))
    if job.problems:
        parts += [Text(""), Text("Unreadable fields: " + "; ".join(job.problems), style="yellow")]
    if job.hyperparameters:
        parts += [Text(""), _hyperparameters(job)]
    if job.timeline:
        parts += [Text(""), _timeline(job)]
    if checkpoints:
        best = best_checkpoint(checkpoints)
        table = Table(title="Checkpoints", title_justify="left", box=None, padding=(0, 2))
        table.add_column("step", justify="right")
        table.add_column("model", overflow="fold")
        for c in checkpoints:
            table.add_row(str(c.step), c.model + ("  best: lowest validation loss" if c is best else ""))
        parts += [Text(""), table]
    if note:
        parts += [Text(""), Text(note, style="yellow")]
    return Group(*parts)


def title_text(job: Job, step: str, width: int) -> Text:
    """The job screen's title line in ``width`` cells: name, status, base model · profile, step.

    Name and base model are shortened in the middle when the line would not fit (the details show them whole).
    """
    status = status_word(job)
    model = job.base_model or MISSING
    fixed = cell_len(status) + cell_len(job.provider) + cell_len(step) + 9  # the separators and margins
    room = max(16, width - fixed)
    label = job.name or job.id
    name_room = max(8, min(cell_len(label), room // 2 if cell_len(model) > room - cell_len(label) else room))
    name = middle(label, name_room)
    model = middle(model, max(8, room - cell_len(name)))
    text = Text()
    text.append(name, style="bold")
    text.append("  ")
    text.append(status, style=fmt.STATUS_STYLE[job.status])
    text.append(f"  {model} · {job.provider}", style="dim")
    if step:
        text.append(f"  {step}", style="bold")
    return text
