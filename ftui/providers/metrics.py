"""Metric series helpers shared by providers: result CSVs and merging."""

from __future__ import annotations

import base64
import binascii
import csv
import io
from typing import Iterable, Mapping

from ftui.providers.records import MetricPoint

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


def parse_metrics_csv(content: bytes | str) -> list[MetricPoint]:
    """Parse a metrics CSV by header name, tolerating extra, missing and empty columns."""
    reader = csv.DictReader(io.StringIO(decode_result_file(content)))
    points: list[MetricPoint] = []
    for row in reader:
        values: dict[str, float] = {}
        for column, cell in row.items():
            field_name = _COLUMNS.get((column or "").strip().lower())
            if field_name is None or cell is None or not cell.strip():
                continue
            try:
                values[field_name] = float(cell)
            except ValueError:
                continue
        if "step" not in values:
            continue
        step = int(values.pop("step"))
        points.append(MetricPoint(step=step, **values))
    return merge_points(points)


def merge_points(*series: Iterable[MetricPoint]) -> list[MetricPoint]:
    """Merge series by step (later series fill and override earlier ones), sorted by step."""
    by_step: dict[int, MetricPoint] = {}
    for points in series:
        for point in points:
            known = by_step.get(point.step)
            by_step[point.step] = point if known is None else known.merged(point)
    return [by_step[step] for step in sorted(by_step)]
