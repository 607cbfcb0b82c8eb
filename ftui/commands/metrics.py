"""``ftui metrics JOB``: a job's full step-metric series as a table, JSON or CSV."""

from __future__ import annotations

import argparse
import csv
import json
import sys

from ftui.commands.common import METRIC_COLUMNS, add_session_options, find_job, metric_row, print_table, run_command
from ftui.providers import MetricPoint
from ftui.session import Session

__all__ = ["configure_parser", "run"]

_SHORT = {
    "step": "STEP",
    "train_loss": "TRAIN LOSS",
    "valid_loss": "VALID LOSS",
    "full_valid_loss": "FULL VALID LOSS",
    "train_mean_token_accuracy": "TRAIN ACC",
    "valid_mean_token_accuracy": "VALID ACC",
    "full_valid_mean_token_accuracy": "FULL VALID ACC",
}


def configure_parser(parser: argparse.ArgumentParser) -> None:
    """Add the job argument and the output format to ``parser``."""
    parser.add_argument("job", metavar="JOB", help="the job id (looked up in every profile)")
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="a JSON list, one object per step")
    output.add_argument("--csv", action="store_true", help="CSV with a header row, one row per step")
    add_session_options(parser)


def run(args: argparse.Namespace) -> int:
    """Print the series; exit 0 (also when there are no points yet)."""
    return run_command(args, _metrics)


def _metrics(session: Session, args: argparse.Namespace) -> int:
    provider, job = find_job(session, args.job)
    points = sorted(provider.metrics(job.id), key=lambda point: point.step)
    if args.json:
        # One object per line: valid JSON that also reads (and greps) line by line.
        lines = ",\n".join(json.dumps(metric_row(point)) for point in points)
        print(f"[\n{lines}\n]" if points else "[]")
    elif args.csv:
        write_csv(points)
    elif not points:
        print(f"No metrics yet for {job.id} ({job.status.value}).", file=sys.stderr)
    else:
        columns = [
            key for key in METRIC_COLUMNS if key == "step" or any(getattr(point, key) is not None for point in points)
        ]
        rows = [tuple(_cell(getattr(point, key)) for key in columns) for point in points]
        print_table(tuple(_SHORT[key] for key in columns), rows, right=frozenset(range(len(columns))))
    return 0


def write_csv(points: list[MetricPoint]) -> None:
    """The series as CSV on stdout: a header of :data:`METRIC_COLUMNS`, absent values empty."""
    writer = csv.DictWriter(sys.stdout, fieldnames=METRIC_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for point in points:
        writer.writerow(metric_row(point))


def _cell(value: float | int | None) -> str:
    if value is None:
        return ""
    return str(value) if isinstance(value, int) else f"{value:.4f}"
