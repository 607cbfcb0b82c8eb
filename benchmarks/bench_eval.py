"""Evaluation speed against the emulator: time to first answer, examples per second, requests per example.

Runs the demo's succeeded model against its base on N validation examples (default 20), with
the default pool (4 workers) and, as the reference of the same run, one worker (sequential).
Then the default pool again under a 20% fault rate (429 with Retry-After 1 s, 500, dropped
connections, cut streams). Prints, per run: seconds to the first streamed piece and to the first
complete answer, examples per second, chat requests per example (the emulator's request counts:
2.0 means no retries) and answered/failed sides; and the pool's throughput as a ratio to the
sequential reference. Each server answers both models once before the timing starts.

The in-process emulator shares the GIL with the client, so the pool's gain is capped there;
``--separate`` adds two rows with the emulator in its own process (``ftui emulator --demo``),
where request counts cannot be read (shown as -).

Run: ``TIKTOKEN_CACHE_DIR=/work/shared/tiktoken-cache python benchmarks/bench_eval.py [-n 20] [--repeat 3]``
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ftui.emulator import Emulator
from ftui.evaluate.plan import EvalPlan, sample_examples
from ftui.evaluate.runner import EvalRun
from ftui.providers import Profile, make_provider, retry

CHAT = ("POST", "/chat/completions")


def _setup(folder: Path, fail_rate: float) -> tuple[Emulator, Any, str, str, Path]:
    emulator = Emulator(seed=21).start()
    jobs = emulator.seed_demo()
    provider = make_provider(Profile("bench", "emulator", {"base_url": emulator.base_url}))
    with retry.reads(retry.ONE_SHOT):
        job = provider.get_job(jobs["succeeded"])
        remote = next(f for f in provider.list_files() if f.id == job.validation_file)
        valid = provider.download_file(remote, folder / "valid.jsonl")
    _warm(provider, str(job.fine_tuned_model), job.base_model)
    emulator.faults.fail_rate = fail_rate
    return emulator, provider, str(job.fine_tuned_model), job.base_model, valid


def _warm(provider: Any, *models: str) -> None:
    """One answer from each model first: the server's tokenizer and answer index load outside the timing."""
    with retry.reads(retry.ONE_SHOT):
        for model in models:
            provider.chat(model, [{"role": "user", "content": "hello"}], max_tokens=5)


def _separate(folder: Path) -> tuple[subprocess.Popen[str], Any, str, str, Path]:
    server = subprocess.Popen(
        [sys.executable, "-m", "ftui", "emulator", "--demo", "--port", "0", "--seed", "21"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.stdout is not None
    job_id = url = ""
    for line in server.stdout:
        job_id = job_id or (re.search(r"succeeded=(\S+?),", line) or [None, ""])[1] or ""
        found = re.search(r"listening on (\S+)", line)
        if found:
            url = found.group(1)
            break
    provider = make_provider(Profile("bench", "emulator", {"base_url": url}))
    with retry.reads(retry.ONE_SHOT):
        job = provider.get_job(job_id)
        remote = next(f for f in provider.list_files() if f.id == job.validation_file)
        valid = provider.download_file(remote, folder / "valid.jsonl")
    _warm(provider, str(job.fine_tuned_model), job.base_model)
    return server, provider, str(job.fine_tuned_model), job.base_model, valid


def _once(n: int, workers: int, fail_rate: float, separate: bool = False) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        if separate:
            server, provider, model, base, valid = _separate(Path(tmp))
            try:
                return _measure(provider, model, base, valid, n, workers, None)
            finally:
                provider.close()
                server.terminate()
                server.wait(10)
        emulator, provider, model, base, valid = _setup(Path(tmp), fail_rate)
        try:
            return _measure(provider, model, base, valid, n, workers, emulator)
        finally:
            provider.close()
            emulator.stop()


def _measure(
    provider: Any, model: str, base: str, valid: Path, n: int, workers: int, emulator: Emulator | None
) -> dict[str, float]:
    plan = EvalPlan("bench", model, base, valid, n=n, seed=0, workers=workers)
    examples = sample_examples(valid, n, 0)
    if emulator is not None:
        emulator.chaos.reset_counts()
    run = EvalRun(provider, plan, examples)
    run.start()
    if not run.wait(300):
        run.cancel()
        raise SystemExit("the run did not finish in 300 s")
    sides = [s for r in run.results for s in (r.a, r.b)]
    seconds = run.finished_at or float("nan")
    return {
        "first_token": run.first_token_at or float("nan"),
        "first_answer": run.first_answer_at or float("nan"),
        "seconds": seconds,
        "eps": len(examples) / seconds,
        "rpe": emulator.chaos.counts[CHAT] / len(examples) if emulator else float("nan"),
        "answered": sum(s.answered for s in sides),
        "failed": sum(not s.answered for s in sides),
    }


def _median(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(r[key] for r in runs) for key in runs[0]}


def main() -> None:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=20, help="examples per run (default 20)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per row; medians are printed (default 3)")
    parser.add_argument("--separate", action="store_true", help="also run with the emulator in its own process")
    args = parser.parse_args()
    rows = [
        ("sequential (1 worker), reference", 1, 0.0, False),
        ("default pool (4 workers)", 4, 0.0, False),
        ("default pool, 20% faults", 4, 0.2, False),
    ]
    if args.separate:
        rows += [("own-process emulator, 1 worker", 1, 0.0, True), ("own-process emulator, 4 workers", 4, 0.0, True)]
    results = {
        label: _median([_once(args.n, workers, rate, separate) for _ in range(args.repeat)])
        for label, workers, rate, separate in rows
    }
    print(f"ftui eval against the emulator: {args.n} examples x 2 models, medians of {args.repeat} runs")
    print(
        f"{'run':<34} {'1st token s':>11} {'1st answer s':>12} {'total s':>8} {'ex/s':>7} {'req/ex':>7} "
        f"{'answered':>8} {'failed':>6}"
    )
    for label, *_ in rows:
        r = results[label]
        print(
            f"{label:<34} {r['first_token']:>11.3f} {r['first_answer']:>12.3f} {r['seconds']:>8.2f} "
            f"{r['eps']:>7.1f} {r['rpe']:>7.2f} {r['answered']:>8.0f} {r['failed']:>6.0f}"
        )
    reference = results[rows[0][0]]["eps"]
    for label, _workers, _, separate in rows[1:]:
        base = results["own-process emulator, 1 worker"]["eps"] if separate else reference
        print(f"throughput ratio, {label} / its 1-worker reference: {results[label]['eps'] / base:.2f}x")


if __name__ == "__main__":
    main()
