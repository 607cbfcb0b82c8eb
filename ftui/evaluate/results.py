"""The results file: JSONL, a header line with the plan, then one line per example.

``save_results`` always makes a new file (never overwriting one: the name is taken with a hard
link, so even a race cannot replace a file). :func:`save_verdicts` writes ftui's own results file
again atomically after the user judged more examples. :func:`load_results` reopens a run.

The never-overwrite write lives in :func:`write_new` here until ``ftui/files.py`` (the one
file-writing policy) lands; then this module calls it instead.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ftui.evaluate.plan import EvalExample, EvalPlan
from ftui.evaluate.runner import SIDES, EvalRun, ExampleResult, SideResult
from ftui.evaluate.summary import VERDICTS, summarize
from ftui.files import free_name, write_text
from ftui.paths import data_dir

FORMAT = "ftui-eval/1"
"""The header's ``format`` value."""


def default_results_dir() -> Path:
    """Where results go unless told otherwise: ``evaluations`` in :func:`ftui.paths.data_dir` (a visible path)."""
    return data_dir() / "evaluations"


def _slug(model: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", model).strip("-.")[-60:] or "model"


def _lines(plan: EvalPlan, results: list[ExampleResult]) -> list[str]:
    header = {
        "format": FORMAT,
        "saved_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "plan": plan.to_dict(),
        "summary": summarize(results).to_dict(),
    }
    lines = [json.dumps(header, ensure_ascii=False)]
    for result in results:
        row: dict[str, Any] = {
            "index": result.example.index,
            "prompt": result.example.prompt,
            "reference": result.example.reference,
        }
        for name in SIDES:
            side = result.side(name)
            row[name] = {
                "text": side.text,
                "done": side.done,
                "error": side.error,
                "input_tokens": side.input_tokens,
                "output_tokens": side.output_tokens,
                "seconds": side.seconds,
                "first_token": side.first_token,
                "finish_reason": side.finish_reason,
            }
        row["scores"] = result.scores
        row["verdict"] = result.verdict
        lines.append(json.dumps(row, ensure_ascii=False))
    return lines


def write_new(dest_dir: Path, stem: str, lines: list[str]) -> Path:
    """Write ``lines`` to a new file ``stem.jsonl`` (``stem-2.jsonl`` … when taken) in ``dest_dir``, atomically.

    Written through :mod:`ftui.files`: the complete file is linked to a free name, which fails
    rather than replaces when the name exists, so an existing file is never overwritten, even by
    a concurrent writer; read-only mode refuses it.
    """
    text = "".join(line + "\n" for line in lines)
    for _ in range(10_000):
        dest = free_name(dest_dir / f"{stem}.jsonl")
        try:
            return write_text(dest, text, overwrite=False, make_dirs=True, what=f"saving evaluation results to {dest}")
        except FileExistsError:
            continue  # taken between the look and the link: take the next name
    raise FileExistsError(f"no free results file name for {stem} in {dest_dir}")


def save_results(run_or_results: EvalRun | list[ExampleResult], plan: EvalPlan, dest_dir: Path | None = None) -> Path:
    """Save a run (or its results) as a new JSONL file; returns its path.

    Raises:
        OSError: the folder cannot be created or written.
    """
    results = run_or_results.results if isinstance(run_or_results, EvalRun) else list(run_or_results)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return write_new(
        Path(dest_dir or default_results_dir()), f"eval-{_slug(plan.model)}-{stamp}", _lines(plan, results)
    )


def save_verdicts(path: Path, plan: EvalPlan, results: list[ExampleResult]) -> Path:
    """Write ftui's own results file ``path`` again (verdicts changed), atomically (:mod:`ftui.files`)."""
    text = "".join(line + "\n" for line in _lines(plan, results))
    return write_text(Path(path), text, what=f"saving verdicts to {path}")


def _side(data: Any) -> SideResult:
    if not isinstance(data, dict):
        return SideResult(done=True, error="missing in the results file")

    def number(key: str) -> Any:
        value = data.get(key)
        return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None

    error = data.get("error")
    return SideResult(
        text=str(data.get("text") or ""),
        done=bool(data.get("done", True)),
        error=str(error) if error is not None else None,
        input_tokens=number("input_tokens"),
        output_tokens=number("output_tokens"),
        seconds=number("seconds"),
        first_token=number("first_token"),
        finish_reason=data.get("finish_reason") if isinstance(data.get("finish_reason"), str) else None,
    )


def load_results(path: Path) -> tuple[EvalPlan, list[ExampleResult]]:
    """Reopen a results file: its plan and one result per example line.

    Raises:
        OSError: the file cannot be read.
        ValueError: it is not an ftui results file, or a line is broken (the message names the line).
    """
    results: list[ExampleResult] = []
    with Path(path).open(encoding="utf-8") as handle:
        first = handle.readline()
        try:
            header = json.loads(first)
        except ValueError:
            header = None
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            raise ValueError(f"{path} is not an ftui evaluation results file (line 1 is not its header)")
        plan = EvalPlan.from_dict(header.get("plan") or {})
        for number, line in enumerate(handle, start=2):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                example = EvalExample(int(row["index"]), list(row["prompt"]), str(row["reference"]))
            except (ValueError, KeyError, TypeError) as e:
                raise ValueError(f"{path}, line {number}: not a results line ({type(e).__name__}: {e})") from e
            scores = row.get("scores") if isinstance(row.get("scores"), dict) else {}
            verdict = row.get("verdict") if row.get("verdict") in VERDICTS else None
            results.append(
                ExampleResult(
                    example,
                    _side(row.get("a")),
                    _side(row.get("b")),
                    {k: v for k, v in scores.items() if isinstance(v, dict)},
                    verdict,
                )
            )
    return plan, results
