"""Exporting a job's metric series to a new file (CSV or JSON) from the job screen."""

from __future__ import annotations

from pathlib import Path

from textual.widget import Widget

from ftui.files import ReadOnlyError, free_name, write_text
from ftui.providers.records import MetricPoint
from ftui.series import series_to_csv, series_to_json


def export_series(node: Widget, job_id: str, series: list[MetricPoint], kind: str) -> None:
    """Write ``series`` as ``kind`` (csv or json) to a new file in the current folder, and say what happened."""
    if not series:
        node.notify("No metrics to export yet.", severity="warning")
        return
    text = series_to_csv(series) if kind == "csv" else series_to_json(series)
    path = free_name(Path.cwd() / f"{job_id}-metrics.{kind}")
    try:
        write_text(path, text, overwrite=False, what=f"exporting metrics to {path.name}")
    except ReadOnlyError as error:
        node.notify(str(error), title="Not exported", severity="warning")
        return
    except OSError as error:
        node.notify(f"Could not write {path}: {error.strerror or error}", severity="error")
        return
    node.notify(f"{len(series)} steps written to {path}", title="Exported")
