"""Cost of following a running job: requests per poll and bytes per poll, early vs late in its history.

Prints ratios against the first polls of the same run: bytes fetched should grow with
new events, not with history. Run: ``python benchmarks/bench_polling.py``.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ftui.emulator import Emulator, ManualClock
from ftui.providers import JobSpec, Profile, make_provider
from ftui.providers.follow import JobFollower

INTERVAL = 5.0  # seconds of simulated time between polls (the app's default refresh interval)


def main() -> int:
    """Follow one 600-step job to its end and report per-poll costs."""
    clock = ManualClock()
    log: list[tuple[str, int]] = []
    with Emulator(seed=5, clock=clock) as emu:
        emu.start()
        provider = make_provider(Profile("bench", "emulator", {"base_url": emu.base_url, "max_retries": 0}))
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp) / "train.jsonl"
            rows = [
                {"messages": [{"role": "user", "content": f"q{i}"}, {"role": "assistant", "content": f"a{i}"}]}
                for i in range(300)
            ]
            data.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
            remote = provider.upload_file(data)
            job = provider.create_job(
                JobSpec("gpt-4o-mini-2024-07-18", remote.id, hyperparameters={"n_epochs": 2, "batch_size": 1})
            )
        emu.on_response = lambda method, path, status, body: log.append((path, len(json.dumps(body or {}))))
        follower = JobFollower(provider, job.id)
        polls: list[tuple[int, int, int]] = []  # (requests, bytes, new events)
        while not follower.reconciled:
            clock.advance(INTERVAL)
            start = len(log)
            update = follower.poll()
            chunk = log[start:]
            polls.append((len(chunk), sum(size for _, size in chunk), len(update.events)))
    running = [p for p in polls[3:-2] if p[2]]
    early, late = running[: len(running) // 5], running[-len(running) // 5 :]

    def per_event(rows: list[tuple[int, int, int]]) -> float:
        return sum(b for _, b, _ in rows) / max(1, sum(e for _, _, e in rows))

    print(f"polls: {len(polls)}  events seen: {len(follower.events)}  steps: {len(follower.series)}")
    print(
        f"requests per poll while running: max {max(r for r, _, _ in running)}, "
        f"mean {sum(r for r, _, _ in running) / len(running):.2f} (1 job + 1 events page)"
    )
    print(
        f"bytes per new event: early {per_event(early):.0f} B, late {per_event(late):.0f} B, "
        f"late/early = {per_event(late) / per_event(early):.2f}x "
        f"(while the history grew to {len(follower.events)} events)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
