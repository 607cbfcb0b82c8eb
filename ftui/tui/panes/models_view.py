"""What the models table shows: columns chosen by width, cell text, filtering and sorting, without any widget."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from ftui import format as fmt
from ftui.providers.records import FineTunedModel
from ftui.tui.panes.jobs_view import Filter

WIDE = 120
"""From this many columns on, the table shows every column (job, step, both losses)."""


@dataclass(frozen=True)
class Column:
    """One column of the models table."""

    key: str
    """The column key (also the sort key)."""
    label: str
    """The header."""
    width: int | None = None
    """A fixed width, or None for the rest of the line."""


def columns_for(width: int, multi_profile: bool) -> list[Column]:
    """The columns that fit ``width`` cells: at 80 the id (shortened in the middle), base, created and loss."""
    if width >= WIDE:
        cols = [Column("profile", "Profile", 12)] if multi_profile else []
        cols += [
            Column("id", "Model"),
            Column("base", "Base model", 24),
            Column("job", "Job", 16),
            Column("created", "Created", 16),
            Column("step", "Step", 6),
            Column("train", "Train loss", 10),
            Column("valid", "Valid loss", 10),
        ]
        return cols
    return [
        Column("id", "Model"),
        Column("base", "Base model", 18),
        Column("created", "Created", 11),
        Column("loss", "Loss tr/val", 11),
    ]


def id_width(width: int, columns: list[Column]) -> int:
    """The cells left for the id column once the fixed columns (and the table's padding) are taken."""
    fixed = sum((c.width or 0) + 2 for c in columns if c.width is not None)
    return max(16, width - fixed - 4)  # its own padding (2) and room for the scrollbar (2)


def middle(text: str, width: int, head_share: float = 0.25) -> str:
    """``text`` shortened in the middle to ``width`` characters, ``…`` marking the cut.

    By default the end keeps three quarters (``head_share`` is the start's): what tells fine-tuned
    models and checkpoints apart is at the end (``…:support-v1:T1012wuI:ckpt-step-90``); the start
    (``ft:gpt-4o-mini-…``) names the base model, which has its own column.
    """
    if len(text) <= width:
        return text
    if width < 5:
        return text[: max(0, width - 1)] + "…" if width > 0 else ""
    head = int((width - 1) * head_share)
    tail = width - 1 - head
    return f"{text[:head]}…{text[-tail:]}"


def _loss(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _metric(model: FineTunedModel, *names: str) -> float | None:
    for name in names:
        value = model.metrics.get(name)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
    return None


def train_loss(model: FineTunedModel) -> float | None:
    """The model's final training loss, when the provider reported one."""
    return _metric(model, "train_loss")


def valid_loss(model: FineTunedModel) -> float | None:
    """The model's final validation loss (full validation preferred), when reported."""
    return _metric(model, "full_valid_loss", "valid_loss")


def created(model: FineTunedModel, wide: bool) -> str:
    """When the model was created, local time (date and time when wide, month-day time otherwise)."""
    if model.created_at is None:
        return "—"
    moment = model.created_at.astimezone()
    return moment.strftime("%Y-%m-%d %H:%M" if wide else "%m-%d %H:%M")


def _safe(make: Callable[[], str]) -> str:
    try:
        return str(make())[:300]
    except Exception:  # noqa: BLE001 - one odd field must not take the table down
        return "—"


def cells(model: FineTunedModel, columns: list[Column], width: int) -> dict[str, str]:
    """The plain text of every column for a model."""
    wide = width >= WIDE
    shown_id = model.name or model.id
    values: dict[str, Callable[[], str]] = {
        "profile": lambda: middle(model.provider, 12),
        "id": lambda: (
            ("↳ " if model.is_checkpoint else "")
            + middle(shown_id, id_width(width, columns) - (2 if model.is_checkpoint else 0))
        ),
        "base": lambda: middle(
            model.base_model or "—", next((c.width or 24) for c in columns if c.key == "base"), head_share=0.5
        ),
        "job": lambda: fmt.short_id(model.job_id or "—", 16),
        "created": lambda: created(model, wide),
        "step": lambda: "—" if model.step is None else str(model.step),
        "train": lambda: _loss(train_loss(model)),
        "valid": lambda: _loss(valid_loss(model)),
        "loss": lambda: f"{_loss(train_loss(model))}/{_loss(valid_loss(model))}",
    }
    return {c.key: _safe(values[c.key]) for c in columns}


def _created_key(model: FineTunedModel) -> object:
    return model.created_at.timestamp() if model.created_at else 0.0


SORT_KEYS: Mapping[str, Callable[[FineTunedModel], object]] = {
    "profile": lambda m: m.provider,
    "id": lambda m: m.id,
    "base": lambda m: m.base_model or "",
    "job": lambda m: m.job_id or "",
    "created": _created_key,
    "step": lambda m: m.step if m.step is not None else -1,
    "train": lambda m: train_loss(m) if train_loss(m) is not None else float("inf"),
    "valid": lambda m: valid_loss(m) if valid_loss(m) is not None else float("inf"),
    "loss": lambda m: valid_loss(m) if valid_loss(m) is not None else float("inf"),
}
"""How each column sorts."""

SORT_LABELS = {
    "profile": "profile",
    "id": "id",
    "base": "base",
    "job": "job",
    "created": "created",
    "step": "step",
    "train": "train loss",
    "valid": "valid loss",
    "loss": "valid loss",
}
"""The sort key as the view line names it."""


def _sortable(key: Callable[[FineTunedModel], object], model: FineTunedModel) -> tuple[int, float | str]:
    try:
        value = key(model)
    except Exception:  # noqa: BLE001 - a field of the wrong type
        return (0, 0.0)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (1, float(value))
    return (2, str(value))


def visible(
    models: Iterable[FineTunedModel],
    *,
    columns: list[Column],
    width: int,
    text_filter: Filter,
    sort_key: str,
    reverse: bool,
) -> list[tuple[FineTunedModel, dict[str, str]]]:
    """The models to show with their cells, filtered (over every field, not only what fits) and sorted."""
    rows = []
    for model in models:
        row = cells(model, columns, width)
        haystack = " ".join(
            (model.provider, model.id, model.name or "", model.base_model or "", model.job_id or "", *row.values())
        )
        if text_filter.keeps(haystack):
            rows.append((model, row))
    key = SORT_KEYS.get(sort_key, SORT_KEYS["created"])
    rows.sort(key=lambda pair: _sortable(key, pair[0]), reverse=reverse)
    return rows


def row_key(model: FineTunedModel) -> str:
    """The table row key of a model (unique across profiles)."""
    return f"{model.provider}\x1f{model.id}"


def empty_text(
    *,
    loading: set[str],
    failures: Mapping[str, str],
    unsupported: Mapping[str, str],
    loaded: Iterable[str],
    any_models: bool,
    not_asked: Iterable[str] = (),
) -> list[str]:
    """One line per profile that has nothing to show, saying why and what to do (the truth, never blank)."""
    lines = [f"{profile}: models not listed yet (r lists them)." for profile in not_asked]
    for profile in sorted(loading):
        lines.append(f"{profile}: loading fine-tuned models…")
    for profile, error in failures.items():
        lines.append(f"{profile}: could not list models: {error} (r retries)")
    for profile, why in unsupported.items():
        lines.append(f"{profile}: {why}")
    if not any_models:
        for profile in loaded:
            lines.append(f"{profile}: no fine-tuned models yet. A job that succeeds creates one (1: jobs, 3: launch).")
    return lines


def describe_time(moment: datetime | None) -> str:
    """A full local timestamp, or a dash."""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S") if moment else "—"
