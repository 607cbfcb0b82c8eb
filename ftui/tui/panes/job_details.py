"""Everything about one job, as a Rich renderable for the details tab."""

from __future__ import annotations

from datetime import datetime

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ftui import format as fmt
from ftui.providers.records import Checkpoint, Job


def _when(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S") if moment else "—"


def _status(job: Job) -> str:
    label = fmt.status_label(job)
    return (
        label
        if job.native_status in (label, f"? {job.native_status}") or label.endswith(job.native_status)
        else f"{label} ({job.native_status})"
    )


def _loss(value: float | None) -> str:
    return "—" if value is None else f"{value:.4f}"


def _facts(job: Job) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    rows: list[tuple[str, str | Text]] = [
        ("Job", job.id),
        ("Profile", f"{job.provider} ({job.kind})"),
        ("Name", job.name or "—"),
        ("Base model", job.base_model),
        ("Method", job.method),
        ("Status", Text(_status(job), style=fmt.STATUS_STYLE[job.status])),
        ("Created", _when(job.created_at)),
        ("Finished", _when(job.finished_at)),
        ("Estimated finish", _when(job.estimated_finish)),
        ("Trained tokens", fmt.tokens(job.trained_tokens)),
        ("Fine-tuned model", job.fine_tuned_model or "—"),
        ("Training file", job.training_file or "—"),
        ("Validation file", job.validation_file or "—"),
        ("Result files", ", ".join(job.result_files) or "—"),
    ]
    if job.final_train_loss is not None or job.final_valid_loss is not None:
        rows.append(("Final losses", f"train {_loss(job.final_train_loss)} · validation {_loss(job.final_valid_loss)}"))
    for label, value in rows:
        table.add_row(label, value)
    return table


def _hyperparameters(job: Job) -> Table:
    table = Table(title="Hyperparameters", title_justify="left", box=None, padding=(0, 2))
    table.add_column("name", style="cyan")
    table.add_column("value")
    for name, value in job.hyperparameters.items():
        table.add_row(name, str(value))
    return table


def _timeline(job: Job) -> Table:
    table = Table(title="Timeline", title_justify="left", box=None, padding=(0, 2))
    for column in ("stage", "status", "started", "updated"):
        table.add_column(column)
    for stage in job.timeline:
        table.add_row(stage.name, stage.status, _when(stage.started_at), _when(stage.updated_at))
    return table


def _checkpoints(checkpoints: list[Checkpoint]) -> Table:
    table = Table(title="Checkpoints", title_justify="left", box=None, padding=(0, 2))
    for column in ("step", "train loss", "valid loss", "full valid loss", "model"):
        table.add_column(column, justify="right" if column != "model" else "left")

    def validation(c: Checkpoint) -> float | None:
        m = c.metrics
        return None if m is None else (m.full_valid_loss if m.full_valid_loss is not None else m.valid_loss)

    scored = [c for c in checkpoints if validation(c) is not None]
    best = min(scored, key=lambda c: validation(c) or 0.0) if scored else None
    for c in checkpoints:
        m = c.metrics
        style = "bold green" if c is best else ""
        table.add_row(
            str(c.step),
            _loss(m.train_loss if m else None),
            _loss(m.valid_loss if m else None),
            _loss(m.full_valid_loss if m else None),
            c.model + ("  ← lowest validation loss" if c is best else ""),
            style=style,
        )
    return table


def details_text(job: Job, checkpoints: list[Checkpoint], note: str = "") -> RenderableType:
    """The details tab's content; ``note`` says what could not be loaded (e.g. the checkpoints)."""
    parts: list[RenderableType] = [_facts(job)]
    if job.error is not None:
        error = Text("\nError: ", style="bold red")
        error.append(f"{job.error.code or ''}{f' [{job.error.param}]' if job.error.param else ''}\n", style="red")
        error.append(job.error.message)
        parts.append(error)
    if job.hyperparameters:
        parts += [Text(""), _hyperparameters(job)]
    if job.timeline:
        parts += [Text(""), _timeline(job)]
    if checkpoints:
        parts += [Text(""), _checkpoints(checkpoints)]
    if note:
        parts += [Text(""), Text(note, style="yellow")]
    return Group(*parts)
