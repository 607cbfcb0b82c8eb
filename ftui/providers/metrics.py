"""Metric series helpers shared by providers: result CSVs and merging.

A result file may be anything a server sends: a CSV, base64 of one, an HTML
error page, binary junk, rows with NaN. :func:`read_metrics_csv` keeps every
readable row, drops the others (counted), and says when the file is not a
metrics CSV at all, so the caller can fall back to the event series and say why.
"""

from __future__ import annotations

import base64
import binascii
import csv
import io
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ftui.providers.records import MetricPoint

RESULT_FILE_LIMIT = 64 * 1024 * 1024
"""Largest result file read (real ones are a few MB even for 100,000 steps)."""

# Column names seen in OpenAI, Azure OpenAI and Bedrock result files, mapped to MetricPoint fields.
_COLUMNS: Mapping[str, str] = {
    "step": "step",
    "step_number": "step",
    "epoch": "epoch",
    "epoch_number": "epoch",
    "train_loss": "train_loss",
    "training_loss": "train_loss",
    "train_accuracy": "train_mean_token_accuracy",
    "train_mean_token_accuracy": "train_mean_token_accuracy",
    "valid_loss": "valid_loss",
    "validation_loss": "valid_loss",
    "valid_mean_token_accuracy": "valid_mean_token_accuracy",
    "validation_mean_token_accuracy": "valid_mean_token_accuracy",
    "full_valid_loss": "full_valid_loss",
    "full_valid_mean_token_accuracy": "full_valid_mean_token_accuracy",
}


def decode_result_file(content: bytes | str) -> str:
    """The text of a result file, decoding base64 when the content is not already a CSV."""
    raw = content.encode() if isinstance(content, str) else content
    text = raw.decode("utf-8-sig", errors="replace")
    if text.lstrip().lower().startswith("step"):
        return text
    try:
        decoded = base64.b64decode(b"".join(raw.split()), validate=True).decode("utf-8-sig")
    except (binascii.Error, UnicodeDecodeError):
        return text
    return decoded


@dataclass(frozen=True, slots=True)
class ResultMetrics:
    """What a result file held."""

    points: list[MetricPoint]
    """The readable steps, sorted by step."""
    dropped_rows: int = 0
    """Rows without a readable step."""
    dropped_values: int = 0
    """Cells that were not finite numbers (NaN, infinities, text) in metric columns."""
    problem: str | None = None
    """Why the file is not a metrics CSV at all (None when it is)."""


def read_metrics_csv(content: bytes | str) -> ResultMetrics:
    """Parse a metrics CSV by header name, tolerating extra, missing and empty columns and junk rows.

    Never raises: a file that is not a metrics CSV gives no points and a ``problem``.
    """
    if not content or not (content.strip() if isinstance(content, (bytes, str)) else True):
        return ResultMetrics([], problem="the result file is empty")
    if len(content) > RESULT_FILE_LIMIT:
        return ResultMetrics([], problem=f"the result file is too large ({len(content):,} bytes)")
    text = decode_result_file(content).replace("\x00", "")
    try:
        reader = csv.DictReader(io.StringIO(text))
        columns = {_COLUMNS.get((name or "").strip().lower()) for name in (reader.fieldnames or ())}
    except csv.Error as error:
        return ResultMetrics([], problem=f"the result file is not a CSV ({error})")
    if "step" not in columns:
        start = " ".join(text[:60].split())
        return ResultMetrics([], problem=f"the result file is not a metrics CSV (it starts {start!r})")
    points: list[MetricPoint] = []
    dropped_rows = dropped_values = 0
    try:
        for row in reader:
            values: dict[str, Any] = {}  # MetricPoint's float fields by name (and the step)
            for column, cell in row.items():
                field_name = _COLUMNS.get((column or "").strip().lower()) if isinstance(column, str) else None
                if field_name is None or not isinstance(cell, str) or not cell.strip():
                    continue
                try:
                    value = float(cell)
                except ValueError:
                    value = math.nan
                if math.isfinite(value):
                    values[field_name] = value
                else:
                    dropped_values += field_name != "step"
            step = values.pop("step", None)
            if step is None or not step.is_integer() or not values:
                dropped_rows += 1  # no step, or nothing readable left on the row (all NaN)
                continue
            points.append(MetricPoint(step=int(step), **values))
    except csv.Error as error:
        return ResultMetrics(
            merge_points(points), dropped_rows, dropped_values, problem=f"the result file breaks off ({error})"
        )
    problem = None if points else "the result file has no readable rows"
    return ResultMetrics(merge_points(points), dropped_rows, dropped_values, problem)


def parse_metrics_csv(content: bytes | str) -> list[MetricPoint]:
    """The readable points of a metrics CSV (see :func:`read_metrics_csv`); empty for junk."""
    return read_metrics_csv(content).points


def merge_points(*series: Iterable[MetricPoint]) -> list[MetricPoint]:
    """Merge series by step (later series fill and override earlier ones), sorted by step."""
    by_step: dict[int, MetricPoint] = {}
    for points in series:
        for point in points:
            known = by_step.get(point.step)
            by_step[point.step] = point if known is None else known.merged(point)
    return [by_step[step] for step in sorted(by_step)]


def is_finite(value: float | None) -> bool:
    """Whether ``value`` is a number that is neither NaN nor infinite."""
    return value is not None and math.isfinite(value)


def finite_points(points: Iterable[MetricPoint]) -> tuple[list[MetricPoint], int]:
    """The points with every NaN and infinite value removed, and how many values were removed.

    A point left with no metric at all is dropped. Providers already leave such
    values out; this guards series that come from anywhere else (files, tests, plugins).
    """
    kept: list[MetricPoint] = []
    dropped = 0
    for point in points:
        bad = [
            key
            for key in (*MetricPoint.METRIC_KEYS, "epoch")
            if (value := getattr(point, key)) is not None and not is_finite(value)
        ]
        if not bad:
            kept.append(point)
            continue
        dropped += len(bad)
        values = {key: getattr(point, key) for key in (*MetricPoint.METRIC_KEYS, "epoch") if key not in bad}
        if any(values.get(key) is not None for key in MetricPoint.METRIC_KEYS):
            kept.append(MetricPoint(step=point.step, total_steps=point.total_steps, **values))
    return kept, dropped
