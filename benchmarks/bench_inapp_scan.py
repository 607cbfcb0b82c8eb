"""The in-app scan against ``ftui validate`` on a ~188 MB, 100k-example chat file.

Run: ``TIKTOKEN_CACHE_DIR=... python benchmarks/bench_inapp_scan.py [--rounds N]``.
Each round runs, in fresh interpreters and interleaved so both see the same machine:

* the CLI, ``ftui validate FILE`` (wall time of the whole command);
* the app, headless (``App.run_test``) on the demo: the Datasets pane opens the file
  with Enter and the clock runs until its stats appear (the app's own start is not
  counted; the scan helpers start as they do for a user). It also times the first
  example on screen.

Prints the ratio in-app/CLI (target <= 1.5) and the time to the first example
(target <= 1 s), with the pool the app used.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from gen import chat_file  # noqa: E402

IN_APP = r"""
import asyncio, importlib, json, sys, time
from datetime import datetime, timezone
from pathlib import Path

from ftui.config import load_config
from ftui.emulator import ManualClock
from ftui.session import start_demo
from ftui.tui.app import FtuiApp
from ftui.tui.panes.datasets import DatasetsPane

scan_module = importlib.import_module("ftui.datasets.scan")
pools = []
real_open_pool = scan_module.open_pool
def observed(*args, **kwargs):
    pools.append(real_open_pool(*args, **kwargs))
    return pools[-1]
scan_module.open_pool = observed


async def main():
    clock = ManualClock(start=1_795_000_000.0)
    session = start_demo(clock=clock)
    app = FtuiApp(session, load_config(), now=lambda: datetime.fromtimestamp(clock.now(), tz=timezone.utc))
    out = {}
    try:
        async with app.run_test(size=(160, 48)) as pilot:
            await pilot.pause()
            await pilot.press("2")
            await pilot.pause()
            pane = app.screen.query_one(DatasetsPane)
            pane.query_one("#ds-files").focus()
            header = pane.query_one("#ds-header")
            async def first_example():
                while "example 1 of" not in str(header.content):
                    await asyncio.sleep(0.002)
                return time.perf_counter() - t0
            watcher = asyncio.create_task(first_example())
            t0 = time.perf_counter()
            await pilot.press("enter")
            out["first_example"] = await watcher
            while pane.report is None:
                await asyncio.sleep(0.02)
                if time.perf_counter() - t0 > 900:
                    raise SystemExit("no stats after 900 s: " + str(pane.query_one("#ds-scan-label").content))
            out["seconds"] = time.perf_counter() - t0
            out["examples"] = pane.report.examples
            out["total"] = pane.report.tokens.total
            out["notes"] = list(pane.report.notes)
            out["pool"] = [p.method for p in pools]
    finally:
        session.close()
    print(json.dumps(out))


asyncio.run(main())
"""


def _env(data_dir: Path, home: Path) -> dict[str, str]:
    env = dict(os.environ)
    config = home / "config.toml"
    config.write_text(f'dataset_dirs = ["{data_dir}"]\n')
    env.update(
        FTUI_CONFIG=str(config),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CACHE_HOME=str(home / "cache"),
    )
    return env


def run_cli(path: Path, env: dict[str, str]) -> tuple[float, dict]:
    """Wall time of ``ftui validate --json FILE`` in a fresh interpreter, and its JSON."""
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "ftui", "validate", "--json", str(path)],
        capture_output=True,
        text=True,
        env=env,
        cwd=HERE.parent,
    )
    wall = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"ftui validate failed: {proc.stderr[-500:]}")
    return wall, json.loads(proc.stdout)


def run_app(env: dict[str, str]) -> dict:
    """The headless app's figures (see ``IN_APP``)."""
    proc = subprocess.run([sys.executable, "-c", IN_APP], capture_output=True, text=True, env=env, cwd=HERE.parent)
    if proc.returncode:
        raise SystemExit(f"in-app run failed: {proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    """Generate the data if needed, run both sides, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    path = chat_file()
    with tempfile.TemporaryDirectory(prefix="ftui-bench-") as tmp:
        data_dir = Path(tmp) / "data"
        data_dir.mkdir()
        (data_dir / path.name).symlink_to(path)
        env = _env(data_dir, Path(tmp))
        cli_times, app_times, firsts, ratios = [], [], [], []
        for _ in range(args.rounds):
            cli_wall, cli_json = run_cli(data_dir / path.name, env)
            app = run_app(env)
            cli_times.append(cli_wall)
            app_times.append(app["seconds"])
            firsts.append(app["first_example"])
            ratios.append(app["seconds"] / cli_wall)
            assert app["examples"] == cli_json["examples"], (app["examples"], cli_json["examples"])
            assert app["total"] == cli_json["tokens"]["total"]
            print(
                f"  round: cli {cli_wall:.2f} s · in-app {app['seconds']:.2f} s · ratio "
                f"{ratios[-1]:.2f} · first example {app['first_example'] * 1000:.0f} ms · "
                f"pool {app['pool']} {app['notes'] or ''}",
                flush=True,
            )
    size = path.stat().st_size
    print(
        f"file: {path.name}  {size / 1e6:.1f} MB  {app['examples']:,} examples; "
        f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}"
    )
    print(f"ftui validate (CLI, wall):      best {min(cli_times):.2f} s, median {statistics.median(cli_times):.2f} s")
    print(f"in-app scan (Enter -> stats):   best {min(app_times):.2f} s, median {statistics.median(app_times):.2f} s")
    print(
        f"ratio in-app / CLI:             best-to-best {min(app_times) / min(cli_times):.2f}, "
        f"median of rounds {statistics.median(ratios):.2f}  (target <= 1.5)"
    )
    print(f"first example on screen:        max {max(firsts) * 1000:.0f} ms  (target <= 1000 ms)")


if __name__ == "__main__":
    main()
