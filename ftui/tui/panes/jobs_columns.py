"""The jobs table: which columns fit a width and how wide each is (like k9s: narrow terminals drop columns).

Every column has a natural width (its header or its longest value, whichever is wider, capped at
the column's share), so one huge value from a server never widens a column beyond that cap. When
the natural widths do not fit, :data:`NARROWING` is applied step by step: the job id is shortened
and then dropped first (the detail strip and the job screen show it whole, ``y`` copies it), then
the base model is shortened, and so on; name, status and progress are never dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import DataTable

from ftui import format as fmt


@dataclass(frozen=True)
class Column:
    """One column of the jobs table."""

    key: str
    """The column key (also the sort key)."""
    label: str
    """The header."""
    cap: int
    """The widest it grows, however long its values."""
    right: bool = False
    """Right-aligned (numbers)."""


COLUMNS = (
    Column("profile", "Profile", 16),
    Column("id", "Job", 32),
    Column("name", "Name", 32),
    Column("model", "Base model", 30),
    Column("status", "Status", 12),
    Column("progress", "Progress", 16),
    Column("tokens", "Tokens", 13, right=True),
    Column("age", "Age", 6),
    Column("duration", "Took", 6),
)
"""Every column, in table order."""

NARROWING: tuple[tuple[str, int], ...] = (
    ("id", 14),
    ("id", 0),
    ("model", 16),
    ("profile", 10),
    ("name", 16),
    ("tokens", 0),
    ("model", 0),
    ("profile", 0),
    ("name", 10),
    ("duration", 0),
    ("age", 0),
)
"""What gives way, in order, when the columns do not fit: (column, width), 0 drops the column."""

MIN_SHORTENED = 8
"""The narrowest a text column is shown shortened (fewer cells say nothing)."""
_WHOLE = frozenset({"tokens", "age", "duration"})
"""Columns shown whole or not at all (a number cut in the middle reads wrong)."""
MARK = "● "
"""In front of a job marked for compare (in the id column, or the name's while the id is not shown)."""
PADDING = 2
"""Cells a column takes besides its text (the table's cell padding, one each side)."""
SCROLLBAR = 2
"""Cells kept free for the table's vertical scrollbar."""


@dataclass(frozen=True)
class Layout:
    """The columns shown and the width of each, in table order."""

    widths: tuple[tuple[str, int], ...]
    """(column key, width in cells) of each shown column."""

    @property
    def keys(self) -> list[str]:
        """The shown columns' keys."""
        return [key for key, _ in self.widths]

    def width(self, key: str) -> int:
        """The width of a shown column (0 when it is not shown)."""
        return dict(self.widths).get(key, 0)


def natural_widths(columns: Iterable[Column], rows: Iterable[Mapping[str, str]]) -> dict[str, int]:
    """Each column's natural width: its header or its longest value, capped at the column's share."""
    columns = list(columns)
    widths = {c.key: cell_len(c.label) for c in columns}
    for row in rows:
        for column in columns:
            text = row.get(column.key, "")
            if widths[column.key] < column.cap:  # a capped column need not measure more values
                size = cell_len(text) if len(text) <= column.cap * 2 else column.cap
                widths[column.key] = max(widths[column.key], size)
    return {c.key: min(c.cap, widths[c.key]) for c in columns}


def layout(columns: Iterable[Column], natural: Mapping[str, int], width: int) -> Layout:
    """The columns that fit ``width`` cells (the table's whole width) and their widths."""
    order = [c.key for c in columns]
    labels = {c.key: cell_len(c.label) for c in COLUMNS}
    widths = {key: natural[key] for key in order}
    room = width - SCROLLBAR

    def cost() -> int:
        return sum(w + PADDING for w in widths.values())

    narrowed: list[str] = []
    dropped: list[str] = []
    for key, target in NARROWING:
        if cost() <= room:
            break
        if key not in widths:
            continue
        if target == 0:
            del widths[key]
            dropped.append(key)
        elif widths[key] > target:
            widths[key] = max(target, labels[key] if key != "id" else 0)
            narrowed.append(key)
    # A column dropped on the way may fit again in what the last drop freed (shortened, not under its header).
    for key in reversed(dropped):
        least = natural[key] if key in _WHOLE else min(natural[key], max(labels[key], MIN_SHORTENED))
        if room - cost() - PADDING < least:
            break  # never a column back before one that went later (the id stays the first to go)
        widths[key] = least
        narrowed.append(key)
    # Give what is left back to the columns shortened last (up to their natural width).
    for key in reversed(narrowed):
        spare = room - cost()
        if spare <= 0:
            break
        if key in widths:
            widths[key] = min(natural[key], widths[key] + spare)
    return Layout(tuple((key, widths[key]) for key in order if key in widths))


def with_mark(row: Mapping[str, str]) -> dict[str, str]:
    """A marked job's cells as wide as they are shown: the mark goes in front of the id or the name."""
    return {**row, "id": MARK + row["id"], "name": MARK + row["name"]}


def fit(text: str, width: int) -> str:
    """A cell's text shortened in the middle to its column's width."""
    return fmt.middle(text, width)


class JobsTable(DataTable[Text | str]):
    """The jobs table, with vim-style movement."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "scroll_top", "Top", show=False),
        Binding("G", "scroll_bottom", "Bottom", show=False),
    ]
