"""A lazy, read-only view of a dataset file for the UI: instant on huge files."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ftui.datasets.index import LineIndex
from ftui.datasets.lines import check_line
from ftui.datasets.problems import Problem
from ftui.datasets.sniff import Sniff, sniff


@dataclass(frozen=True, slots=True)
class Example:
    """One example (non-blank line) as the viewer shows it."""

    index: int
    """0-based example number."""
    line: int
    """1-based physical line."""
    raw: str
    """The line's text (undecodable bytes replaced)."""
    data: Any | None
    """The parsed JSON object, or None when the line does not parse."""
    problems: tuple[Problem, ...]
    """This line's own problems (file-level ones and duplicates need a full scan)."""


class Dataset:
    """A dataset file opened lazily: only what is asked for is indexed and parsed."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        """Open ``path`` (raises ``OSError`` if it cannot be read)."""
        self.path: str = os.fspath(path)
        """The file."""
        self.sniff: Sniff = sniff(self.path)
        """First impressions (format, size, binary...)."""
        self._index = LineIndex(self.path)

    @property
    def format(self) -> str:
        """The detected format."""
        return self.sniff.format

    @property
    def size(self) -> int:
        """File size in bytes."""
        return self._index.size

    @property
    def known_count(self) -> int | None:
        """Number of examples, once the index is complete; None before."""
        return self._index.indexed if self._index.complete else None

    @property
    def indexed(self) -> int:
        """Examples indexed so far (a lower bound on the count)."""
        return self._index.indexed

    def __len__(self) -> int:
        """Number of examples (indexes the whole file if needed)."""
        self.index_all()
        return self._index.indexed

    def has(self, i: int) -> bool:
        """True if example ``i`` exists (indexes up to it)."""
        return i >= 0 and self._index.ensure(i)

    def index_all(
        self, progress: Callable[[int, int], None] | None = None, cancel: Callable[[], bool] | None = None
    ) -> bool:
        """Index the whole file; False if cancelled. Safe to call from a worker thread."""
        while not self._index.complete:
            if cancel is not None and cancel():
                return False
            self._index.step(8 << 20)
            if progress is not None:
                progress(self._index.bytes_indexed, self.size)
        return True

    def raw_line(self, i: int) -> str:
        """The text of example ``i`` (raises ``IndexError``)."""
        return self._index.raw(i).decode("utf-8", "replace")

    def span(self, i: int) -> tuple[int, int]:
        """Byte range ``(start, end)`` of example ``i`` in the file, without reading it (raises ``IndexError``)."""
        return self._index.span(i)

    def line_number(self, i: int) -> int:
        """The 1-based physical line of example ``i``."""
        return self._index.line_number(i)

    def index_of_line(self, line: int) -> int | None:
        """The example on physical ``line`` (None for blank lines or out of range)."""
        return self._index.index_of_line(line)

    def example(self, i: int) -> Example:
        """Parse and check example ``i`` (raises ``IndexError``)."""
        raw = self._index.raw(i)
        line = self._index.line_number(i)
        data, problems = check_line(raw, line, self.format)
        return Example(i, line, raw.decode("utf-8", "replace"), data, tuple(problems))

    def find(
        self,
        pattern: str | re.Pattern[str],
        start: int = 0,
        backwards: bool = False,
        cancel: Callable[[], bool] | None = None,
    ) -> int | None:
        """The next example from ``start`` (inclusive) whose raw text matches ``pattern``.

        Raises:
            re.error: ``pattern`` is not a valid regular expression.
        """
        rx = re.compile(pattern) if isinstance(pattern, str) else pattern
        i = start
        while i >= 0 and self.has(i):
            if rx.search(self.raw_line(i)):
                return i
            if cancel is not None and i % 1000 == 0 and cancel():
                return None
            i += -1 if backwards else 1
        return None

    def close(self) -> None:
        """Release the file."""
        self._index.close()

    def __enter__(self) -> Dataset:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_dataset(path: str | os.PathLike[str]) -> Dataset:
    """Open ``path`` lazily; cheap even for multi-gigabyte files.

    Raises:
        OSError: the file cannot be opened.
    """
    return Dataset(path)
