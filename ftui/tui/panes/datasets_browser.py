"""The file browser of the datasets pane: local directories, ``.jsonl`` files first."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Sequence

from rich.text import Text
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ftui.providers.records import RemoteFile

REMOTE_PREFIX = "remote\x1f"
"""Option ids of remote files start with this (then profile, then the file id)."""

DATA_SUFFIXES = (".jsonl", ".json", ".csv", ".txt")
MAX_FILES = 500


def _size(n: int) -> str:
    for unit in ("B", "K", "M", "G"):
        if n < 1024 or unit == "G":
            return f"{n:.0f}{unit}" if unit == "B" else f"{n:.1f}{unit}"
        n /= 1024  # type: ignore[assignment]
    return str(n)


def find_files(directories: Iterable[Path], depth: int = 2) -> list[Path]:
    """Data files under ``directories`` (``depth`` levels), ``.jsonl`` first, then by name."""
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
                if entry.is_dir() and level + 1 < depth:
                    todo.append((entry, level + 1))
                elif entry.is_file() and entry.suffix.lower() in DATA_SUFFIXES:
                    found.append(entry)
    return sorted(found, key=lambda p: (p.suffix.lower() != ".jsonl", str(p)))


class FileBrowser(OptionList):
    """Lists dataset files; Enter posts ``OptionList.OptionSelected`` with the path as id."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def __init__(self, directories: list[Path], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.directories = directories
        """Where to look for files."""
        self.remote: dict[str, tuple[str, RemoteFile]] = {}
        """Remote files by option id: (profile, file)."""
        self._remote_lists: dict[str, Sequence[RemoteFile]] = {}

    def on_mount(self) -> None:
        """Fill the list."""
        self.reload()

    def reload(self) -> None:
        """Look at the directories again (after an action wrote a new file)."""
        highlighted = self.highlighted_option.id if self.highlighted_option else None
        self.clear_options()
        files = find_files(self.directories)
        bases = [d.resolve() for d in self.directories]
        for path in files:
            label = Text(self._relative(path, bases), style="bold" if path.suffix == ".jsonl" else "dim")
            try:
                label.append(f"  {_size(path.stat().st_size)}", style="dim")
            except OSError:
                continue
            self.add_option(Option(label, id=str(path)))
        if not files:
            self.add_option(Option(Text("no .jsonl files in " + ", ".join(map(str, self.directories)),
                                        style="dim"), disabled=True))
        self.remote = {}
        for profile, remote_files in self._remote_lists.items():
            for file in remote_files:
                option_id = f"{REMOTE_PREFIX}{profile}\x1f{file.id}"
                label = Text(file.filename or file.id, style="bold")
                if file.bytes is not None:
                    label.append(f"  {_size(file.bytes)}", style="dim")
                label.append(f"  ☁ {profile}", style="cyan")
                self.remote[option_id] = (profile, file)
                self.add_option(Option(label, id=option_id))
        self.highlighted = 0
        if highlighted is not None:
            try:
                self.highlighted = self.get_option_index(highlighted)
            except Exception:  # noqa: BLE001 - the file may be gone
                pass

    def set_remote(self, profile: str, files: Sequence[RemoteFile]) -> None:
        """Show a profile's uploaded datasets (OpenAI files, S3 objects) after the local ones."""
        self._remote_lists[profile] = [f for f in files if (f.filename or f.id).endswith((".jsonl", ".json"))]
        self.reload()

    @staticmethod
    def _relative(path: Path, bases: list[Path]) -> str:
        resolved = path.resolve()
        for base in bases:
            if resolved.is_relative_to(base):
                return str(resolved.relative_to(base))
        return str(path)
