"""Look at the start of a file to tell its format without reading all of it."""

from __future__ import annotations

from dataclasses import dataclass

from ftui.datasets import formats as F
from ftui.datasets.lines import BOM, parse_line
from ftui.datasets.problems import Problem

SNIFF_BYTES = 256 * 1024
SNIFF_LINES = 200


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
    """NUL bytes near the start: not a text file."""
    utf8: bool
    """The sampled bytes decode as UTF-8."""
    parsed: int
    """Sampled lines that are JSON objects."""
    looks_like: str
    """For non-JSONL files: what they look like (``"a CSV file (...)"``)."""


def sniff(path: str) -> Sniff:
    """Read up to 256 KB of ``path`` and guess its format.

    Raises:
        OSError: the file cannot be opened or read.
    """
    with open(path, "rb") as f:
        sample = f.read(SNIFF_BYTES)
        size = f.seek(0, 2)
    bom = sample.startswith(BOM)
    if bom:
        sample = sample[3:]
    binary = b"\x00" in sample
    try:
        sample.decode("utf-8")
        utf8 = True
    except UnicodeDecodeError as e:
        utf8 = e.start >= len(sample) - 4 and size > SNIFF_BYTES  # cut mid-character
    if binary:
        return Sniff(F.UNKNOWN, size, bom, True, utf8, 0, F.describe_non_json(sample))
    rows = sample.split(b"\n")
    if size > len(sample) + (3 if bom else 0):
        rows.pop()  # possibly cut short
    shapes: list[str | None] = []
    scratch: list[Problem] = []
    for raw in rows:
        if len(shapes) >= SNIFF_LINES:
            break
        if not raw.strip():
            continue
        obj = parse_line(raw, 0, scratch)
        shapes.append(F.line_format(obj) if obj is not None else None)
    parsed = sum(1 for s in shapes if s is not None)
    fmt = F.file_format(shapes)
    looks = "" if parsed else F.describe_non_json(sample)
    return Sniff(fmt, size, bom, False, utf8, parsed, looks)
