"""Look at the start of a file to tell its format without reading all of it.

Detection never depends on how long a line is: the first lines are read whole
(up to :data:`SNIFF_BUDGET` bytes in all), and a line longer than what is left
of the budget is judged from its keys (:func:`~ftui.datasets.formats.prefix_format`).
Several lines vote, so one broken first line does not decide the file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import BinaryIO

from ftui.datasets import formats as F
from ftui.datasets.fileinfo import require_regular_file
from ftui.datasets.lines import BOM, parse_line
from ftui.datasets.problems import Problem

SNIFF_BYTES = 256 * 1024
"""Bytes looked at for binary, UTF-16 and CSV checks."""
SNIFF_LINES = 200
"""Lines that vote on the format."""
SNIFF_BUDGET = 16 * 1024 * 1024
"""Bytes of whole lines parsed at most; longer lines are judged by their keys."""


@dataclass(frozen=True, slots=True)
class Sniff:
    """First impressions of a file."""

    format: str
    """The format of most of the first lines, or ``unknown``."""
    size: int
    """File size in bytes."""
    bom: bool
    """The file starts with a UTF-8 byte order mark."""
    binary: bool
    """NUL bytes near the start: not a text file (UTF-16 included)."""
    utf8: bool
    """The sampled bytes decode as UTF-8."""
    parsed: int
    """Sampled lines that are JSON objects."""
    looks_like: str
    """For non-JSONL files: what they look like (``"a CSV file (...)"``)."""
    encoding: str = "utf-8"
    """``utf-8``, or ``utf-16-le``/``utf-16-be`` for UTF-16 text."""
    images: bool = False
    """Some sampled line holds an ``image_url`` content part (OpenAI vision data)."""
    mtime_ns: int = 0
    """Modification time when sniffed: a scan compares it at the end to tell a changed file."""
    document: bool = False
    """No line is a JSON object but the text starts with ``[`` or ``{``: maybe one JSON
    document (an array, or pretty-printed) rather than JSON Lines."""


def sniff(path: str) -> Sniff:
    """Read the first lines of ``path`` (whole, within a budget) and guess its format.

    Raises:
        OSError: the file cannot be opened or read; a FIFO, directory, device or
            symlink loop raises :class:`~ftui.datasets.fileinfo.DatasetPathError`
            naming what it is (never a hang).
    """
    require_regular_file(path)
    with open(path, "rb") as f:
        st = os.fstat(f.fileno())
        size, mtime = st.st_size, st.st_mtime_ns
        sample = f.read(SNIFF_BYTES)
        bom = sample.startswith(BOM)
        if bom:
            sample = sample[3:]
        try:
            sample.decode("utf-8")
            utf8 = True
        except UnicodeDecodeError as e:
            utf8 = e.start >= len(sample) - 4 and size > SNIFF_BYTES  # cut mid-character
        nul = sample.count(b"\x00")
        # a stray NUL in UTF-8 text is one bad line, not a binary file
        binary = bool(nul) and (not utf8 or nul > len(sample) // 100 or bool(F.utf16_kind(sample)))
        if binary:
            kind = F.utf16_kind(sample)
            return Sniff(
                F.UNKNOWN, size, bom, True, utf8, 0, F.describe_non_json(sample), kind or "binary", False, mtime
            )
        f.seek(3 if bom else 0)
        shapes, images = _vote(f)
    parsed = sum(1 for s in shapes if s is not None)
    fmt = F.file_format(shapes)
    looks = "" if parsed else F.describe_non_json(sample)
    start = sample.lstrip()[:1]
    # "[" then lines that are not objects (a JSON array, maybe one element per line), or
    # "{" and no line an object (pretty-printed): confirmed later by reading it whole
    document = (start == b"[" and (not shapes or shapes[0] is None)) or (start == b"{" and not parsed)
    return Sniff(fmt, size, bom, False, utf8, parsed, looks, "utf-8", images, mtime, document)


def changed_since(path: str, sn: Sniff) -> bool:
    """True when ``path`` is no longer the file ``sn`` looked at (size or time differ, or gone)."""
    try:
        st = os.stat(path)
    except OSError:
        return True
    return st.st_size != sn.size or (sn.mtime_ns != 0 and st.st_mtime_ns != sn.mtime_ns)


def _vote(f: BinaryIO) -> tuple[list[str | None], bool]:
    """The shapes of the first non-blank lines of the open file ``f``; any images?"""
    shapes: list[str | None] = []
    images = False
    scratch: list[Problem] = []
    budget = SNIFF_BUDGET
    while len(shapes) < SNIFF_LINES and budget > 0:
        raw = f.readline(budget)
        if not raw:
            break
        budget -= len(raw)
        images = images or b'"image_url"' in raw
        if not raw.endswith(b"\n") and budget <= 0:
            # a line longer than the budget: judge it by its keys, skip the rest of it
            shapes.append(F.prefix_format(raw))
            break
        if not raw.strip():
            continue
        obj = parse_line(raw, 0, scratch)
        shapes.append(F.line_format(obj) if obj is not None else None)
        scratch.clear()
    return shapes, images
