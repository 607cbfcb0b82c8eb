"""Hostile servers: requests and seconds per CLI command and chaos scenario; series exactness under faults.

Part 1 runs every command (jobs list, jobs show, metrics, watch, launch) against every
transport scenario of ``ftui emulator --chaos`` and prints requests sent, seconds and the
exit code. Part 2 runs ``ftui metrics --json`` N times at 0%, 20% and 40% random faults
(429 / 500 / dropped connection) and prints how many runs returned the exact series, with
seconds per run as a ratio to the fault-free reference of the same run.

Run: ``python benchmarks/bench_chaos.py [--runs 30]`` (a few minutes: the backoff waits are real).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ftui.cli import main as ftui_main
from ftui.commands import watch
from ftui.emulator import Emulator, ManualClock

DEADLINE = 2.0
"""The profile's total deadline per call (``timeout``) in part 1, so a trickle case costs seconds, not a minute."""
SCENARIOS = ("none", "endless-pages", "endless-fresh", "trickle", "retry-after-huge", "bad-json", "lost-create")
METRIC_KEYS = (
    "train_loss",
    "valid_loss",
    "full_valid_loss",
    "train_mean_token_accuracy",
    "valid_mean_token_accuracy",
    "full_valid_mean_token_accuracy",
)


def _run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = ftui_main(argv)
        except SystemExit as exit_:
            code = int(exit_.code or 0)
    return code, out.getvalue(), err.getvalue()


def _series(emu: Emulator, clock: ManualClock, job_id: str) -> list[dict[str, Any]]:
    job = emu.store.get_job(job_id)
    rows = []
    for step in range(1, job.timeline().steps_done(clock.now()) + 1):
        data = job.curves.metrics(step)
        rows.append({"step": step, **{k: data[k] for k in METRIC_KEYS if k in data}})
    return rows


def _setup(tmp: Path) -> tuple[Emulator, ManualClock, dict[str, str], Path, Path]:
    clock = ManualClock()
    emu = Emulator(seed=5, clock=clock, trickle_delay=0.5).start()
    jobs = emu.seed_demo()
    os.environ["OPENAI_API_KEY"] = "sk-bench-0123456789"
    config = tmp / "config.toml"
    config.write_text(f'[profiles.emu]\nkind = "openai"\nbase_url = "{emu.base_url}"\ntimeout = {DEADLINE}\n')
    train = tmp / "train.jsonl"
    train.write_text(
        "\n".join(
            json.dumps(
                {
                    "messages": [
                        {"role": "user", "content": f"Where is order {i}?"},
                        {"role": "assistant", "content": f"Order {i} ships tomorrow."},
                    ]
                }
            )
            for i in range(30)
        )
        + "\n"
    )
    return emu, clock, jobs, config, train


def part1(tmp: Path) -> None:
    emu, _, jobs, config, train = _setup(tmp)
    os.environ["FTUI_CONFIG"] = str(config)

    def recover(seconds: float) -> None:  # watch: the server behaves again after the first wait
        emu.chaos.clear()

    watch.time = SimpleNamespace(sleep=recover)  # type: ignore[assignment]
    commands = {
        "jobs list": ["jobs", "list", "--limit", "0"],
        "jobs show": ["jobs", "show", jobs["succeeded"]],
        "metrics": ["metrics", jobs["succeeded"], "--json"],
        "watch": ["watch", jobs["succeeded"], "--interval", "0.01"],
        "launch": ["launch", "--model", "gpt-4o-mini-2024-07-18", "--train", str(train), "--yes"],
    }
    print(f"Part 1: requests / seconds / exit code per command and scenario (deadline {DEADLINE:g} s per call)")
    print(f"{'command':<10}" + "".join(f"{s:>19}" for s in SCENARIOS))
    for name, argv in commands.items():
        cells = []
        for scenario in SCENARIOS:
            if scenario == "lost-create" and name != "launch":
                cells.append(f"{'-':>19}")
                continue
            emu.chaos.reset_counts()
            emu.chaos.set(*(() if scenario == "none" else (scenario,)))
            start = time.perf_counter()
            code, _, err = _run([*argv, "--config", str(config)])
            seconds = time.perf_counter() - start
            emu.chaos.clear()
            bad = "!TB" if "Traceback" in err else ""
            cells.append(f"{emu.chaos.total:>6} {seconds:>6.2f}s  rc={code}{bad}".rjust(19))
        print(f"{name:<10}" + "".join(cells), flush=True)
    emu.stop()


def part2(tmp: Path, runs: int) -> None:
    emu, clock, jobs, config, _ = _setup(tmp)
    expected = _series(emu, clock, jobs["succeeded"])
    print(f"\nPart 2: `ftui metrics --json` ({len(expected)} steps), {runs} runs per fault rate")
    print(f"{'faults':>7} {'exact':>8} {'exit!=0':>8} {'req/run':>8} {'s/run':>7} {'ratio':>6}")
    reference = None
    for rate in (0.0, 0.2, 0.4):
        emu.faults.fail_rate = rate
        exact = failed = 0
        seconds: list[float] = []
        requests: list[int] = []
        for _ in range(runs):
            emu.chaos.reset_counts()
            start = time.perf_counter()
            code, out, _ = _run(["metrics", jobs["succeeded"], "--json", "--config", str(config)])
            seconds.append(time.perf_counter() - start)
            requests.append(emu.chaos.total)
            failed += code != 0
            exact += code == 0 and json.loads(out) == expected
        mean = statistics.mean(seconds)
        reference = reference or mean
        print(
            f"{rate:>7.0%} {exact:>4}/{runs:<3} {failed:>8} {statistics.mean(requests):>8.1f} {mean:>7.2f} "
            f"{mean / reference:>6.1f}",
            flush=True,
        )
    emu.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--part", choices=("1", "2", "both"), default="both")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault(
            "TIKTOKEN_CACHE_DIR", str(Path(__file__).resolve().parents[2] / "shared" / "tiktoken-cache")
        )
        for name in ("XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
            os.environ[name] = str(Path(tmp) / name.lower())
        if args.part in ("1", "both"):
            part1(Path(tmp))
        if args.part in ("2", "both"):
            part2(Path(tmp), args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
