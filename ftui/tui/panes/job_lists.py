"""The job screen's scrolling parts, all moved with the same keys (j/k, PageUp/PageDown, g/G).

* :class:`DetailsScroll` — the details tab: every value whole, wrapped, scrolled.
* :class:`EventLog` — events, wrapped to the width (again after a resize), newest at the bottom.
* :class:`CheckpointTable` — one row per checkpoint, the model id shortened in the middle; ``y`` copies it whole,
  in a :class:`CheckpointsView` with a line that says what the table holds (or why it is empty).
"""

from __future__ import annotations

from collections import deque
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.events import Resize
from textual.widgets import DataTable, RichLog, Static

from ftui.providers.records import Checkpoint
from ftui.tui.clipboard import copy
from ftui.tui.panes.job_details import CHECKPOINT_COLUMNS, best_checkpoint, checkpoint_row

_SCROLL_KEYS: list[BindingType] = [
    Binding("j", "scroll_down", "Down", show=False),
    Binding("k", "scroll_up", "Up", show=False),
    Binding("g", "scroll_home", "Top", show=False),
    Binding("G", "scroll_end", "Bottom", show=False),
]


class DetailsScroll(VerticalScroll):
    """The details tab's scroller: j/k, PageUp/PageDown, g/G; ``y`` copies the job id."""

    DEFAULT_CSS = "DetailsScroll { padding: 0 1; }"

    BINDINGS: ClassVar[list[BindingType]] = [
        *_SCROLL_KEYS,
        Binding("y", "screen.copy('id')", "Copy id"),
    ]


class EventLog(RichLog):
    """A log of event lines that wraps them to its width, again whenever that width changes."""

    BINDINGS: ClassVar[list[BindingType]] = list(_SCROLL_KEYS)

    def __init__(self, *, max_lines: int, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id, max_lines=max_lines, wrap=True, markup=False)
        self.texts: deque[Text] = deque(maxlen=max_lines)
        """Every line written (at most ``max_lines``), kept to wrap them again after a resize."""
        self._wrapped_at = 0
        self._height = 0

    def add(self, line: Text) -> None:
        """Append ``line``, wrapped to the width (the view follows the end unless scrolled up)."""
        self.texts.append(line)
        if self._wrapped_at:
            self.write(line, width=self._room())

    def _room(self) -> int:
        """The cells a line may take: the width less the vertical scrollbar (always reserved: no rewrap)."""
        return max(10, self.size.width - self.styles.scrollbar_size_vertical)

    def on_resize(self, event: Resize) -> None:
        """Wrap every line at the width, once it is known and again whenever it changes."""
        width, height = event.size
        if not width or width == self._wrapped_at:
            self._height = height or self._height
            return
        first = not self._wrapped_at
        lines = max(1, self.virtual_size.height - self._height)  # where the view was, as a share of the old room
        share = min(1.0, self.scroll_y / lines)
        self._wrapped_at, self._height = width, height
        self.clear()
        for line in self.texts:  # the first time, RichLog may still hold these until its own resize handler runs
            self.write(line, width=self._room(), scroll_end=first)
        if not first:
            self.scroll_to(y=round(share * max(0, self.virtual_size.height - height)), animate=False, immediate=True)


class CheckpointTable(DataTable[Text]):
    """The job's checkpoints, newest first; ``y`` copies the model id under the cursor, whole."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "scroll_top", "Top", show=False),
        Binding("G", "scroll_bottom", "Bottom", show=False),
        Binding("y", "copy_model", "Copy model id"),
    ]

    def __init__(self, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)
        self.checkpoints: list[Checkpoint] = []
        """What the rows show, in order."""
        self._model_width = 0

    def on_mount(self) -> None:
        """The columns."""
        for name in CHECKPOINT_COLUMNS:
            self.add_column(name, key=name)

    def show(self, checkpoints: list[Checkpoint]) -> None:
        """Show ``checkpoints`` (the cursor stays on the same row number)."""
        self.checkpoints = list(checkpoints)
        self._fill()

    def _room(self) -> int:
        """Cells left for the model id: the width minus the other columns and the cell padding."""
        steps = max((len(str(c.step)) for c in self.checkpoints), default=0)
        others = max(len(CHECKPOINT_COLUMNS[0]), steps) + sum(len(name) for name in CHECKPOINT_COLUMNS[1:-1])
        return max(12, self.size.width - others - 2 * len(CHECKPOINT_COLUMNS) - 1)

    def _fill(self) -> None:
        row = self.cursor_row
        self._model_width = self._room()
        self.clear()
        best = best_checkpoint(self.checkpoints)
        for index, checkpoint in enumerate(self.checkpoints):
            self.add_row(*checkpoint_row(checkpoint, checkpoint is best, self._model_width), key=str(index))
        if self.checkpoints:
            self.move_cursor(row=min(row, len(self.checkpoints) - 1))

    def on_resize(self, event: Resize) -> None:
        """Shorten the model ids to the new width."""
        if self.checkpoints and self._room() != self._model_width:
            self._fill()

    @property
    def selected(self) -> Checkpoint | None:
        """The checkpoint under the cursor."""
        if not self.checkpoints or not 0 <= self.cursor_row < len(self.checkpoints):
            return None
        return self.checkpoints[self.cursor_row]

    def action_copy_model(self) -> None:
        """Copy the model id of the checkpoint under the cursor, whole."""
        checkpoint = self.selected
        if checkpoint is None or not checkpoint.model:
            self.notify("No checkpoint to copy yet.", severity="warning")
            return
        copy(self.app, checkpoint.model, f"step {checkpoint.step} checkpoint model id")


class CheckpointsView(Vertical):
    """The checkpoints tab: a line saying what there is (or why nothing), and the table."""

    DEFAULT_CSS = """
    CheckpointsView { height: 1fr; }
    CheckpointsView #checkpoints-note { height: auto; padding: 0 1; }
    CheckpointsView CheckpointTable { height: 1fr; }
    """

    def compose(self) -> ComposeResult:
        """The note and the table."""
        yield Static("Loading checkpoints…", id="checkpoints-note")
        yield CheckpointTable(id="checkpoint-table")

    def show(self, checkpoints: list[Checkpoint], problem: str | None, ended: bool) -> None:
        """Show ``checkpoints``; ``problem`` says why they could not be loaded; ``ended``: the job is over."""
        if problem:
            note = Text(f"Checkpoints could not be loaded: {problem} They load again when the job ends.", "yellow")
        elif checkpoints:
            count = f"{len(checkpoints)} checkpoint{'s' if len(checkpoints) != 1 else ''}"
            note = Text(f"{count}, newest first · best = lowest validation loss · y copies")
        else:
            note = Text("This job has no checkpoints." if ended else "No checkpoints yet.", "dim")
        self.query_one("#checkpoints-note", Static).update(note)
        table = self.query_one(CheckpointTable)
        table.show(checkpoints)
        table.show_header = bool(checkpoints)  # shown even when empty: the tab's keys need a focused widget
