"""``ftui eval MODEL --file F``: ask a fine-tuned model and its base the same held-out examples, score both.

Prints the cost estimate before anything is sent, progress on stderr, then the summary and the
path of the results file (JSONL, new, never overwriting). ``--json`` prints one JSON object.
Exit 0 when the run finished (failed requests are counted and listed, the run goes on), 1 when
every request failed or the model cannot be evaluated, 2 for usage errors, 130 on Ctrl-C (the
answers so far are still saved).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from ftui.commands.common import CommandError, add_session_options, find_job, refuse_if_read_only, run_command
from ftui.evaluate.plan import DEFAULT_N, EvalPlan, estimate_cost, sample
from ftui.evaluate.prices import price_table
from ftui.evaluate.results import default_results_dir, save_results
from ftui.evaluate.runner import SIDES, EvalRun
from ftui.providers import Provider, ProviderError
from ftui.providers.records import FineTunedModel
from ftui.session import Session

__all__ = ["configure_parser", "run"]

HELP = "compare a fine-tuned model with its base on held-out examples"


def configure_parser(parser: argparse.ArgumentParser) -> None:
    """Add the model, the file and the run's options to ``parser``."""
    parser.add_argument(
        "model",
        metavar="MODEL",
        nargs="?",
        help="the fine-tuned model or checkpoint id (default with --job: the job's model)",
    )
    parser.add_argument(
        "--file", metavar="F", help="held-out chat JSONL file (default with --job: its validation file)"
    )
    parser.add_argument("--job", metavar="JOB", help="take the model, base and validation file from this job")
    parser.add_argument("--base", metavar="M", help="the model to compare with (default: the fine-tuned model's base)")
    parser.add_argument(
        "-n", type=int, default=DEFAULT_N, metavar="N", help=f"examples to sample (default {DEFAULT_N})"
    )
    parser.add_argument("--seed", type=int, default=0, metavar="S", help="sampling seed (default 0)")
    parser.add_argument("--workers", type=int, default=4, metavar="W", help="requests in flight at once (default 4)")
    parser.add_argument("--max-tokens", type=int, default=512, metavar="T", help="longest answer (default 512)")
    parser.add_argument("--out", metavar="DIR", help=f"folder for the results file (default {default_results_dir()})")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    add_session_options(parser)


def run(args: argparse.Namespace) -> int:
    """Run the evaluation and report it."""
    if args.model is None and args.job is None:
        print("ftui: name the model to evaluate (MODEL) or a job (--job JOB).", file=sys.stderr)
        return 2
    if args.n < 1 or args.workers < 1 or args.max_tokens < 1:
        print("ftui: -n, --workers and --max-tokens must be at least 1.", file=sys.stderr)
        return 2
    try:
        refuse_if_read_only(args, "evaluation (it sends paid requests and writes a results file)")
    except CommandError as error:
        print(f"ftui: {error.message}", file=sys.stderr)
        return error.code
    return run_command(args, _eval)


def _find_model(session: Session, model_id: str) -> tuple[Provider, FineTunedModel | None]:
    """The profile holding ``model_id`` (from its model list); the only profile when none lists it."""
    failure: ProviderError | None = None
    for profile in session.profiles:
        provider = session.provider(profile.name)
        if not provider.supports_models:
            continue
        try:
            listed = provider.list_models()
        except ProviderError as error:
            failure = failure or error
            continue
        found = next((m for m in listed if m.id == model_id or m.name == model_id), None)
        if found is not None:
            return provider, found
    if len(session.profiles) == 1:
        return session.provider(session.profiles[0].name), None
    if failure is not None:
        raise failure
    raise CommandError(f"no profile lists the model {model_id!r}; pick one with --profile.", code=2)


def _plan(session: Session, args: argparse.Namespace) -> tuple[Provider, EvalPlan]:
    base, file = args.base, args.file
    model_id = args.model
    if args.job:
        provider, job = find_job(session, args.job)
        model_id = model_id or job.fine_tuned_model
        if not model_id:
            raise CommandError(f"job {job.id} has no fine-tuned model ({job.status.value}).")
        base = base or job.base_model
        if file is None:
            file = str(_validation_copy(provider, job.validation_file, job.id))
        found = next((m for m in provider.list_models() if m.id == model_id), None)
    else:
        provider, found = _find_model(session, model_id)
    if file is None:
        raise CommandError(
            "name the held-out file with --file F (or use --job to take the job's validation file).", code=2
        )
    if found is not None:
        blocker = provider.evaluation_blocker(found)
        if blocker:
            raise CommandError(blocker)
        base = base or found.base_model
    if not base:
        raise CommandError(f"the base model of {model_id} is not known here; name it with --base M.", code=2)
    return provider, EvalPlan(
        provider=provider.name,
        model=model_id,
        base=base,
        file=Path(file).expanduser(),
        n=args.n,
        seed=args.seed,
        max_tokens=args.max_tokens,
        workers=args.workers,
    )


def _validation_copy(provider: Provider, reference: str | None, job_id: str) -> Path:
    from ftui.launch.hosted import find_hosted, local_copy

    if not reference:
        raise CommandError(f"job {job_id} has no validation file; name a held-out file with --file F.", code=2)
    remote = find_hosted(provider, reference)
    if remote is None:
        raise CommandError(f"the validation file {reference} of {job_id} is not listed any more; use --file F.")
    return local_copy(provider, provider.name, remote)


def _progress(run: EvalRun, quiet: bool) -> Any:
    """An ``on_update`` that prints one stderr line per finished example."""
    told: set[int] = set()

    def on_update(position: int, side: str) -> None:
        result = run.results[position]
        if position in told or not (result.a.done and result.b.done):
            return
        told.add(position)
        marks = " ".join(f"{name.upper()} {'ok' if result.side(name).answered else 'FAILED'}" for name in SIDES)
        print(
            f"ftui: [{len(told)}/{len(run.results)}] line {result.example.index}: {marks}", file=sys.stderr, flush=True
        )

    return None if quiet else on_update


def _eval(session: Session, args: argparse.Namespace) -> int:
    provider, plan = _plan(session, args)
    try:
        drawn = sample(plan.file, plan.n, plan.seed)
    except OSError as error:
        raise CommandError(f"cannot read {plan.file}: {error.strerror or error}.", code=2) from error
    skipped = ", ".join(f"{count} {why}" for why, count in drawn.skipped.items())
    if skipped:
        print(f"ftui: warning: {plan.file}: skipped {drawn.skipped_total} lines ({skipped}).", file=sys.stderr)
    if not drawn.examples:
        raise CommandError(f"{plan.file} has no usable example (a conversation ending in an assistant turn).")
    cost = estimate_cost(plan, drawn.examples, price_table((plan.model, plan.base)))
    print(
        f"ftui: {len(drawn.examples)} of {drawn.usable} examples, {plan.model} vs {plan.base}: {cost.describe()}",
        file=sys.stderr if args.json else sys.stdout,
        flush=True,
    )
    run = EvalRun(provider, plan, drawn.examples)
    run.on_update = _progress(run, quiet=False)
    run.start()
    interrupted = False
    try:
        while not run.wait(0.2):
            pass
    except KeyboardInterrupt:
        interrupted = True
        run.cancel()
    path = save_results(run, plan, Path(args.out).expanduser() if args.out else None)
    summary = run.summary()
    seconds = run.finished_at or (time.monotonic() - (run.started_at or time.monotonic()))
    failures = [
        {"index": r.example.index, "side": name, "error": r.side(name).error}
        for r in run.results
        for name in SIDES
        if r.side(name).done and r.side(name).error
    ]
    if args.json:
        print(
            json.dumps(
                {
                    "plan": plan.to_dict(),
                    "examples": len(drawn.examples),
                    "usable": drawn.usable,
                    "skipped": dict(drawn.skipped),
                    "cost": {
                        "input_tokens": cost.input_tokens,
                        "output_tokens": cost.output_tokens,
                        "dollars": dict(cost.dollars),
                        "total_dollars": cost.total_dollars,
                        "exact_tokens": cost.exact,
                    },
                    "summary": summary.to_dict(),
                    "failures": failures,
                    "requests": run.requests,
                    "timing": {
                        "seconds": seconds,
                        "first_token_seconds": run.first_token_at,
                        "first_answer_seconds": run.first_answer_at,
                        "examples_per_second": len(drawn.examples) / seconds if seconds else None,
                    },
                    "cancelled": interrupted,
                    "results": str(path),
                }
            )
        )
    else:
        _print_summary(plan, summary, failures, seconds)
        print(f"Results: {path}")
    if interrupted:
        return 130
    answered = summary.a.answered + summary.b.answered
    return 0 if answered else 1


def _print_summary(plan: EvalPlan, summary: Any, failures: list[dict[str, Any]], seconds: float) -> None:
    def pct(value: float | None) -> str:
        return "-" if value is None else f"{100 * value:.0f}%"

    def f1(value: float | None) -> str:
        return "-" if value is None else f"{value:.3f}"

    print(f"{'':4}{'MODEL':<60} {'ANSWERED':>8} {'FAILED':>6} {'EXACT':>6} {'F1':>6} {'JSON':>5}")
    for name, model, side in (("A", plan.model, summary.a), ("B", plan.base, summary.b)):
        print(
            f"{name:<4}{model[-60:]:<60} {side.answered:>8} {side.failed:>6} {pct(side.exact):>6} "
            f"{f1(side.f1):>6} {pct(side.json):>5}"
        )
    print(
        f"{summary.examples} examples in {seconds:.1f} s; win rate {pct(summary.win_rate)} "
        f"(judge examples in the TUI's Evaluate screen)"
    )
    for failure in failures[:10]:
        print(f"ftui: line {failure['index']} {failure['side'].upper()} failed: {failure['error']}", file=sys.stderr)
    if len(failures) > 10:
        print(f"ftui: … and {len(failures) - 10} more failures (all are in the results file).", file=sys.stderr)
