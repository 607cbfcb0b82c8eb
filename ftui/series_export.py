"""Metric series export: CSV and JSON text of a series, and the atomic write that saves it.

Split from :mod:`ftui.series` (which re-exports every public name here), pure Python like it.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
from collections.abc import Iterable
from pathlib import Path

from ftui.files import write_text
from ftui.providers.records import MetricPoint

__all__ = ["EXPORT_KEYS", "series_to_csv", "series_to_json", "write_atomically"]

EXPORT_KEYS = ("step", *MetricPoint.METRIC_KEYS)
"""The keys of an exported series, in order (the CSV header)."""


def _rows(points: Iterable[MetricPoint]) -> list[MetricPoint]:
    """The points sorted by step, with points of the same step merged."""
    merged: dict[int, MetricPoint] = {}
    for point in points:
        seen = merged.get(point.step)
        merged[point.step] = point if seen is None else seen.merged(point)
    return [merged[step] for step in sorted(merged)]


def series_to_csv(points: Iterable[MetricPoint]) -> str:
    """The series as CSV with the :data:`EXPORT_KEYS` header.

    Missing and non-finite values are empty cells.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(EXPORT_KEYS)
    for point in _rows(points):
        writer.writerow(
            ["" if (v := getattr(point, key)) is None or not math.isfinite(v) else v for key in EXPORT_KEYS]
        )
    return buffer.getvalue()


def series_to_json(points: Iterable[MetricPoint]) -> str:
    """The series as a JSON array, one object per step (one per line), keys in :data:`EXPORT_KEYS` order.

    Missing values are omitted; NaN and infinities, which JSON cannot hold, become null.
    """
    lines = []
    for point in _rows(points):
        row: dict[str, object] = {}
        for key in EXPORT_KEYS:
            value = getattr(point, key)
            if value is not None:
                row[key] = value if not isinstance(value, float) or math.isfinite(value) else None
        lines.append(json.dumps(row, allow_nan=False))
    return "[\n" + ",\n".join(lines) + "\n]\n" if lines else "[]\n"


def write_atomically(path: str | os.PathLike[str], text: str, *, overwrite: bool = False) -> Path:
    """Write ``text`` (UTF-8) to ``path`` so that readers see the old file or the whole new one.

    The text goes to a temporary file in the same directory, which then replaces
    (or, without ``overwrite``, is linked to) ``path``. On any error the
    temporary file is removed.

    Args:
        path: Where to write.
        text: What to write, written as-is (no newline translation).
        overwrite: Whether an existing file may be replaced.

    Returns:
        The path written.

    Raises:
        ReadOnlyError: read-only mode is on (see :mod:`ftui.files`).
        FileExistsError: When ``path`` exists and ``overwrite`` is false.
        OSError: When the directory is missing or not writable.
    """
    return write_text(path, text, overwrite=overwrite, what=f"exporting metrics to {path}")
