"""The file browser of the datasets pane: local dataset files (``.jsonl`` first), then hosted ones.

Only files the dataset engine reads are listed (``.jsonl``, ``.json``); package metadata,
caches and virtual environments are skipped. Names are shortened in the middle to the
list's width, so the end of a name (``.train-2.jsonl``) always shows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ftui.datasets.display import safe
from ftui.launch.hosted import cache_path as remote_cache_path
from ftui.providers.records import RemoteFile

REMOTE_PREFIX = "remote\x1f"
"""Option ids of remote files start with this (then profile, then the file id)."""

DATA_SUFFIXES = (".jsonl", ".json")
"""Files the dataset engine reads (gzip is not supported, so ``.jsonl.gz`` is not listed)."""
SKIP_DIRS = frozenset({"__pycache__", "node_modules", "site-packages", "venv", "env", "build", "dist"})
"""Folders that hold no datasets of the user's (hidden ones and ``*.egg-info`` are skipped too)."""
MAX_FILES = 500
MIN_LABEL = 21
"""Cells of a label in the narrowest list (24 columns less its border and padding)."""


def _size(n: int) -> str:
    for unit in ("B", "K", "M", "G"):
        if n < 1024 or unit == "G":
            return f"{n:.0f}{unit}" if unit == "B" else f"{n:.1f}{unit}"
        n /= 1024  # type: ignore[assignment]
    return str(n)


def shorten_middle(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells with ``…`` in the middle (the end, with the extension, stays)."""
    if cell_len(text) <= width:
        return text
    if width <= 1:
        return "…"[: max(0, width)]
    room = width - 1
    head_room = room // 2
    head = ""
    for char in text:
        if cell_len(head + char) > head_room:
            break
        head += char
    tail = ""
    for char in reversed(text):
        if cell_len(tail) + cell_len(char) > room - cell_len(head):
            break
        tail = char + tail
    return f"{head}…{tail}"


def label(name: str, size: int | None, width: int, style: str = "bold") -> Text:
    """``name  size`` in ``width`` cells: the size goes first when both do not fit, then the name's middle."""
    name = safe(name)  # a file name with undecodable bytes or control characters, drawn visibly
    tail = f"  {_size(size)}" if size is not None else ""
    if cell_len(name) + len(tail) > width:
        tail = ""
    text = Text(shorten_middle(name, width), style=style)
    text.append(tail, style="dim")
    return text


def is_dataset_file(path: Path) -> bool:
    """A file name the dataset engine reads (by suffix)."""
    return path.suffix.lower() in DATA_SUFFIXES


def _skip_dir(entry: Path) -> bool:
    name = entry.name
    return name.startswith(".") or name in SKIP_DIRS or name.endswith(".egg-info")


def find_files(directories: Iterable[Path], depth: int = 2) -> list[Path]:
    """Dataset files under ``directories`` (``depth`` levels), ``.jsonl`` first, then by name."""
    found: list[Path] = []
    for root in directories:
        todo = [(root, 0)]
        while todo and len(found) < MAX_FILES:
            folder, level = todo.pop(0)
            try:
                entries = sorted(folder.iterdir())
            except OSError:
                continue
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                try:
                    if entry.is_dir():
                        if level + 1 < depth and not _skip_dir(entry):
                            todo.append((entry, level + 1))
                    elif entry.is_file() and is_dataset_file(entry):
                        found.append(entry)
                except OSError:
                    continue  # a symlink loop or an unreadable entry
    return sorted(found, key=lambda p: (p.suffix.lower() != ".jsonl", str(p)))


class FileBrowser(OptionList):
    """Lists dataset files; Enter posts ``OptionList.OptionSelected`` with the path as id."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Open"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "first", "First", show=False),
        Binding("G", "last", "Last", show=False),
    ]

    def __init__(self, directories: list[Path], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.directories = directories
        """Where to look for files."""
        self.remote: dict[str, tuple[str, RemoteFile]] = {}
        """Remote files by option id: (profile, file)."""
        self.cached: dict[str, tuple[str, RemoteFile]] = {}
        """Remote files by the path of their local copy: (profile, file)."""
        self.extra: list[Path] = []
        """Files written by transforms outside the listed folders (shown too)."""
        self._remote_lists: dict[str, Sequence[RemoteFile]] = {}
        self._width = 0

    def on_mount(self) -> None:
        """Fill the list."""
        self.reload()

    def on_resize(self, event: events.Resize) -> None:
        """Shorten the names again for the new width."""
        if self._label_width() != self._width:
            self.call_after_refresh(self.reload)

    def _label_width(self) -> int:
        """Cells a label may take (0 before the first layout)."""
        width = self.scrollable_content_region.width
        padding = self.get_component_styles("option-list--option").padding.width
        return max(8, width - padding) if width else 0

    def show_file(self, path: Path) -> None:
        """List ``path`` (a file a transform wrote) even outside the folders."""
        if path not in self.extra:
            self.extra.append(path)

    def reload(self) -> None:
        """Look at the directories again (after an action wrote a new file)."""
        highlighted = self.highlighted_option.id if self.highlighted_option else None
        self._width = self._label_width()
        width = self._width or MIN_LABEL  # not laid out yet (a hidden tab): the narrowest list's width
        self.clear_options()
        files = find_files(self.directories)
        seen = {p.resolve() for p in files}
        self.extra = [p for p in self.extra if p.is_file()]
        files += [p for p in self.extra if p.resolve() not in seen]
        bases = [d.resolve() for d in self.directories]
        for path in files:
            try:
                size = path.stat().st_size
            except OSError:
                continue
            style = "bold" if path.suffix == ".jsonl" else ""
            self.add_option(Option(label(self._relative(path, bases), size, width, style), id=str(path)))
        if not files:
            where = ", ".join(map(str, self.directories))
            self.add_option(Option(Text(f"no .jsonl or .json files in {where}", style="dim"), disabled=True))
        self.remote, self.cached = {}, {}
        for profile, remote_files in self._remote_lists.items():
            if remote_files:
                heading = Text(shorten_middle(f"☁ hosted on {profile}", width), style="cyan")
                self.add_option(Option(heading, disabled=True))
            for file in remote_files:
                option_id = f"{REMOTE_PREFIX}{profile}\x1f{file.id}"
                self.remote[option_id] = (profile, file)
                self.cached[str(remote_cache_path(profile, file))] = (profile, file)
                self.add_option(Option(label(file.filename or file.id, file.bytes, width), id=option_id))
        enabled = (i for i in range(self.option_count) if not self.get_option_at_index(i).disabled)
        self.highlighted = next(enabled, None)  # the first file, never a heading: Enter opens it at once
        if highlighted is not None:
            self.highlight(highlighted)

    def highlight(self, option_id: str) -> bool:
        """Move the cursor to ``option_id`` (a path or a remote id); False when it is not listed."""
        try:
            self.highlighted = self.get_option_index(option_id)
        except Exception:  # noqa: BLE001 - the file may be gone
            return False
        return True

    def set_remote(self, profile: str, files: Sequence[RemoteFile]) -> None:
        """Show a profile's uploaded datasets (OpenAI files, S3 objects) after the local ones."""
        self._remote_lists[profile] = [f for f in files if is_dataset_file(Path(f.filename or f.id))]
        self.reload()

    @staticmethod
    def _relative(path: Path, bases: list[Path]) -> str:
        resolved = path.resolve()
        for base in bases:
            if resolved.is_relative_to(base):
                return str(resolved.relative_to(base))
        return str(path)
