"""``ftui validate FILE [--model MODEL] [--validation FILE] [--json]``.

Exit status: 0 when there are no errors, 1 when there are, 2 when a file
cannot be read or the arguments are wrong. With ``--json`` exactly one JSON
object is written to stdout; otherwise a human report.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from typing import TextIO

from ftui.datasets.limits import MODELS
from ftui.datasets.report import ScanReport
from ftui.datasets.scan import scan

SHOWN_PER_CODE = 10


def configure_parser(parser: argparse.ArgumentParser) -> None:
    """Add the ``validate`` arguments to ``parser``."""
    parser.add_argument("file", metavar="FILE", help="JSONL dataset to check")
    parser.add_argument("--model", help="base model whose limits and price apply (default: the "
                        "usual one for the detected format); e.g. " + ", ".join(list(MODELS)[:5]))
    parser.add_argument("--validation", metavar="FILE", help="validation file: checked too, "
                        "and compared with FILE for overlap")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of "
                        "the human report")


def _fail(message: str, as_json: bool) -> int:
    if as_json:
        print(json.dumps({"error": message}))
    print(f"ftui validate: {message}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    """Run the check; return the exit status."""
    for path in (args.file, args.validation):
        if path is not None and not os.path.isfile(path):
            what = "is a directory" if os.path.isdir(path) else "does not exist"
            return _fail(f"{path} {what}", args.json)
    try:
        report = scan(args.file, model=args.model, validation_path=args.validation)
    except ValueError as e:
        return _fail(str(e), args.json)
    except OSError as e:
        return _fail(f"cannot read {e.filename or args.file}: {e.strerror or e}", args.json)
    if args.json:
        print(report.dumps())
    else:
        print_report(report, sys.stdout)
    return 0 if report.ok else 1


def print_report(report: ScanReport, out: TextIO) -> None:
    """Write the human-readable report."""
    w = out.write
    w(f"{report.path}: {report.format}, {report.examples:,} examples, {report.valid:,} valid\n")
    if report.validation:
        v = report.validation
        w(f"validation {v.path}: {v.examples:,} examples, {v.valid:,} valid, "
          f"{v.overlap:,} also in training\n")
    shown: Counter[str] = Counter()
    hidden: Counter[str] = Counter()
    errors = sum(1 for p in report.problems if p.severity == "error")
    if report.problems:
        w(f"\nproblems ({errors:,} error(s), {len(report.problems) - errors:,} warning(s)):\n")
    for p in report.problems:
        if shown[p.code] >= SHOWN_PER_CODE:
            hidden[p.code] += 1
            continue
        shown[p.code] += 1
        where = f"{p.file} line {p.line}" if p.file else (f"line {p.line}" if p.line else "file")
        w(f"  {where:>14}  {p.severity:<7} {p.code:<20} {p.message}\n")
    for code, n in sorted(report.problem_counts.items()):
        more = n - shown[code]
        if more > 0:
            w(f"  {'':>14}  ... and {more:,} more {code}\n")
    t = report.tokens
    kind = "exact" if t.exact else "estimate"
    w(f"\ntokens ({t.encoding}, {kind}): total {t.total:,}, min {t.min:,}, max {t.max:,}, "
      f"mean {t.mean:,.1f}, p5 {t.p5:,.0f}, p50 {t.p50:,.0f}, p95 {t.p95:,.0f}; "
      f"assistant {t.assistant_total:,}\n")
    lim = report.limits
    w(f"limits ({lim['model']}): {_fmt(lim['max_tokens_per_example'])} tokens per example, "
      f"{lim['examples_over_token_limit']:,} over; examples min {_fmt(lim['min_examples'])}, "
      f"max {_fmt(lim['max_examples'])}\n")
    if lim.get("note"):
        w(f"  note: {lim['note']}\n")
    c = report.cost
    usd = f"${c.usd:,.2f}" if c.usd is not None else "price unknown"
    per_epoch = c.billed_tokens // c.epochs if c.epochs else 0
    w(f"cost ({c.model}): {c.epochs} epochs x {per_epoch:,} tokens = {c.billed_tokens:,} "
      f"billed tokens, {usd} (validation tokens are free)\n")
    for note in report.notes:
        w(f"note: {note}\n")
    if report.changed:
        w("NOT FINAL: the file changed during the scan; scan it again\n")
    else:
        w("OK: no errors\n" if report.ok else f"FAILED: {errors:,} errors\n")


def _fmt(value: int | None) -> str:
    return "-" if value is None else f"{value:,}"
