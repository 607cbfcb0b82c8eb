"""A lazy line-offset index over a memory-mapped file.

Opening costs nothing; :meth:`LineIndex.ensure` indexes just far enough to
reach the wanted example, so the first examples of a 2 GB file are available
as fast as those of a tiny one. Blank lines are skipped (they are not
examples); their line numbers are tracked only once one is seen.
"""

from __future__ import annotations

import mmap
import os
import threading
from array import array
from bisect import bisect_left

from ftui.datasets.lines import BOM

BLOCK = 1 << 20
_BLANK = frozenset({b"", b" ", b"\t", b"\r", b"\n", b"\f", b"\v"})


class LineIndex:
    """Offsets of the non-blank lines of a file, discovered on demand."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        """Open and map ``path`` (raises ``OSError`` if it cannot be read)."""
        self._file = open(path, "rb")  # noqa: SIM115 - open for the index's life, closed by close()
        self.size: int = os.fstat(self._file.fileno()).st_size
        """File size in bytes."""
        self._mm = mmap.mmap(self._file.fileno(), 0, access=mmap.ACCESS_READ) if self.size else None
        self._starts = array("q")
        self._ends = array("q")
        self._lines: array | None = None
        self._pos = 3 if self._mm is not None and self._mm[:3] == BOM else 0
        self._line = 0
        self._lock = threading.Lock()
        self.complete: bool = self.size == 0
        """True once the whole file has been indexed."""

    @property
    def indexed(self) -> int:
        """Examples indexed so far."""
        return len(self._starts)

    @property
    def bytes_indexed(self) -> int:
        """How far into the file the index reaches."""
        return self._pos

    def ensure(self, n: int) -> bool:
        """Index until example ``n`` (0-based) is known; False if the file has fewer."""
        while len(self._starts) <= n and not self.complete:
            self.step()
        return n < len(self._starts)

    def step(self, block: int = BLOCK) -> None:
        """Index about ``block`` more bytes (thread-safe)."""
        with self._lock:
            if self.complete or self._mm is None:
                return
            mm, pos, size = self._mm, self._pos, self.size
            stop = min(size, pos + block)
            starts, ends, line = self._starts, self._ends, self._line
            while pos < size:
                nl = mm.find(b"\n", pos)
                end = size if nl < 0 else nl
                line += 1
                if mm[pos : pos + 1] not in _BLANK or mm[pos:end].strip():
                    if self._lines is not None:
                        self._lines.append(line)
                    starts.append(pos)
                    ends.append(end)
                elif self._lines is None:
                    self._lines = array("q", range(1, len(starts) + 1))
                pos = end + 1
                if pos >= stop:
                    break
            self._pos, self._line = min(pos, size), line
            self.complete = pos >= size

    def span(self, i: int) -> tuple[int, int]:
        """Byte range of example ``i`` (raises ``IndexError``)."""
        if i < 0 or not self.ensure(i):
            raise IndexError(f"no example {i}")
        return self._starts[i], self._ends[i]

    def raw(self, i: int) -> bytes:
        """The bytes of example ``i`` without its line ending."""
        start, end = self.span(i)
        assert self._mm is not None
        return self._mm[start:end].rstrip(b"\r")

    def line_number(self, i: int) -> int:
        """1-based physical line of example ``i``."""
        self.span(i)
        return self._lines[i] if self._lines is not None else i + 1

    def index_of_line(self, line: int) -> int | None:
        """The example on physical ``line``, or None (blank or beyond the file)."""
        while not self.complete and self._line < line:
            self.step()
        if self._lines is None:
            return line - 1 if 0 < line <= len(self._starts) else None
        i = bisect_left(self._lines, line)
        return i if i < len(self._lines) and self._lines[i] == line else None

    def close(self) -> None:
        """Unmap and close the file."""
        if self._mm is not None:
            self._mm.close()
        self._file.close()
