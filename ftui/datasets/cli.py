"""``ftui validate FILE [--model MODEL] [--validation FILE] [--json] [--fix [--out FILE]]``.

Exit status: 0 when there are no errors, 1 when there are, 2 when a file
cannot be read or the arguments are wrong. With ``--json`` exactly one JSON
object is written to stdout; otherwise a human report. ``--fix`` writes a JSON
Lines copy of a JSON array / pretty-printed file, or a copy without the byte
order mark (UTF-16: as UTF-8); the file itself is never changed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from typing import TextIO

from ftui.datasets import formats as F
from ftui.datasets.fileinfo import DatasetPathError, describe_path
from ftui.datasets.limits import MODELS
from ftui.datasets.problems import plural
from ftui.datasets.report import ScanReport

SHOWN_PER_CODE = 10


def configure_parser(parser: argparse.ArgumentParser) -> None:
    """Add the ``validate`` arguments to ``parser``."""
    parser.add_argument("file", metavar="FILE", help="JSONL dataset to check")
    parser.add_argument(
        "--model",
        help="base model whose limits and price apply (default: the "
        "usual one for the detected format); e.g. " + ", ".join(list(MODELS)[:5]),
    )
    parser.add_argument(
        "--validation", metavar="FILE", help="validation file: checked too, and compared with FILE for overlap"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the human report")
    parser.add_argument(
        "--fix",
        action="store_true",
        help="write a fixed copy instead of "
        "checking: a JSON array or pretty-printed JSON as JSON Lines, or the "
        "file without its byte order mark (UTF-16 as UTF-8); FILE is not changed",
    )
    parser.add_argument(
        "--out",
        metavar="FILE",
        help="with --fix: where to write the copy (default: next to FILE, never over an existing file)",
    )


def _fail(message: str, as_json: bool) -> int:
    if as_json:
        print(json.dumps({"error": message}))
    print(f"ftui validate: {message}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    """Run the check (or the fix); return the exit status. Never a traceback."""
    try:
        return _run(args)
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`ftui validate big.jsonl | head`): stop quietly.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return 1


def _run(args: argparse.Namespace) -> int:
    for path in (args.file, args.validation):
        if path is not None:
            what = describe_path(path)
            if what is not None:
                return _fail(f"{path} {what}", args.json)
    if getattr(args, "fix", False):
        return _fix(args)
    from ftui.datasets.scan import scan

    try:
        report = scan(args.file, model=args.model, validation_path=args.validation)
    except DatasetPathError as e:
        return _fail(str(e), args.json)
    except ValueError as e:
        return _fail(str(e), args.json)
    except OSError as e:
        return _fail(f"cannot read {e.filename or args.file}: {e.strerror or e}", args.json)
    if args.json:
        print(report.dumps())
    else:
        print_report(report, sys.stdout)
    sys.stdout.flush()
    return 0 if report.ok else 1


def _fix(args: argparse.Namespace) -> int:
    from ftui.datasets.document import fix_file

    try:
        result = fix_file(args.file, args.out)
    except DatasetPathError as e:
        return _fail(str(e), args.json)
    except ValueError as e:
        return _fail(str(e), args.json)
    except OSError as e:
        return _fail(f"cannot write the copy: {e.strerror or e}", args.json)
    out = result.outputs[0]
    if args.json:
        print(
            json.dumps(
                {
                    "source": args.file,
                    "written": out,
                    "records": result.written,
                    "skipped": result.skipped,
                    "reasons": list(result.reasons),
                }
            )
        )
    else:
        print(
            f"wrote {out} ({plural(result.written, 'line')}"
            f"{', ' + plural(result.skipped, 'value') + ' left out' if result.skipped else ''}"
            f"); {args.file} is unchanged\nnext: ftui validate {out}"
        )
        for reason in result.reasons:
            print(f"  left out: {reason}")
    return 0


def print_report(report: ScanReport, out: TextIO) -> None:
    """Write the human-readable report: every count is exact, lists say when they are cut."""
    w = out.write
    w(f"{report.path}: {report.format}, {plural(report.examples, 'example')}, {report.valid:,} valid\n")
    if report.cancelled:
        w("(cancelled: the figures cover only part of the file)\n")
    if report.validation:
        v = report.validation
        w(f"validation {v.path}: {plural(v.examples, 'example')}, {v.valid:,} valid, {v.overlap:,} also in training\n")
    shown: Counter[str] = Counter()
    listed = Counter[str]()
    lines: list[str] = []
    for p in report.problems:
        if shown[p.code] >= SHOWN_PER_CODE:
            continue
        shown[p.code] += 1
        listed[p.severity] += 1
        lines.append(f"  {p.where:>16}  {p.severity:<7} {p.code:<20} {p.message}\n")
    errors, warnings = report.errors, report.warnings
    if errors or warnings:

        def part(n: int, word: str, sev: str) -> str:
            cut = f" (first {listed[sev]:,} listed)" if listed[sev] < n else ""
            return plural(n, word) + cut

        w(f"\nproblems: {part(errors, 'error', 'error')}, {part(warnings, 'warning', 'warning')}\n")
    for line in lines:
        w(line)
    for code, n in sorted(report.problem_counts.items()):
        more = n - shown[code]
        if more > 0:
            w(f"  {'':>16}  ... and {more:,} more {code} ({n:,} in all)\n")
    t = report.tokens
    kind = "exact" if t.exact else "estimate"
    if report.images:
        kind += " for text; images estimated"
    if report.valid == 0:
        w("\ntokens: none counted: no valid examples\n")
    else:
        w(
            f"\ntokens ({t.encoding}, {kind}) over {plural(t.examples, 'valid example')}: "
            f"total {t.total:,}, min {t.min:,}, max {t.max:,}, mean {t.mean:,.1f}, "
            f"p5 {t.p5:,.0f}, p50 {t.p50:,.0f}, p95 {t.p95:,.0f}; assistant {t.assistant_total:,}\n"
        )
    lim = report.limits
    w(
        f"limits ({lim['model']}): {_fmt(lim['max_tokens_per_example'])} tokens per example, "
        f"{lim['examples_over_token_limit']:,} over; examples min {_fmt(lim['min_examples'])}, "
        f"max {_fmt(lim['max_examples'])}\n"
    )
    if lim.get("note"):
        w(f"  note: {lim['note']}\n")
    c = report.cost
    if report.valid == 0:
        w(f"cost ({c.model}): nothing billable (no valid examples)\n")
    elif report.format == F.RFT:
        w(
            f"cost ({c.model}): reinforcement fine-tuning is not billed per training token "
            "(OpenAI: per training hour plus grader tokens): no estimate\n"
        )
    else:
        usd = f"${c.usd:,.2f}" if c.usd is not None else "price unknown"
        per_epoch = c.billed_tokens // c.epochs if c.epochs else 0
        w(
            f"cost ({c.model}): {plural(c.epochs, 'epoch')} x {per_epoch:,} tokens = "
            f"{c.billed_tokens:,} billed tokens, {usd} (validation tokens are free)\n"
        )
    for note in report.notes:
        w(f"note: {note}\n")
    if report.cancelled:
        w("CANCELLED: the check did not finish\n")
    elif report.changed:
        w("CHANGED: the file changed while it was checked; these figures are not final: check it again\n")
    else:
        w("OK: no errors\n" if report.ok else f"FAILED: {plural(errors, 'error')}\n")


def _fmt(value: int | None) -> str:
    return "-" if value is None else f"{value:,}"
