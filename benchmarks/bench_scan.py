"""Full scan vs the cookbook-style reference on a ~188 MB, 100k-example chat file.

Run: ``TIKTOKEN_CACHE_DIR=... python benchmarks/bench_scan.py``. Each side runs in
its own fresh subprocess (both pay interpreter-independent costs: imports, the
encoding load, reading the file); the parent samples the memory of each
subprocess tree from /proc. Prints time ratio (target <= 0.30), the scan's peak
memory (target <= 300 MB) and whether the token totals are equal.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from gen import chat_file  # noqa: E402
from memwatch import TreeMemory  # noqa: E402

REFERENCE = r"""
import json, sys, time
t0 = time.perf_counter()
import tiktoken
encoding = tiktoken.get_encoding("o200k_base")
with open(sys.argv[1], encoding="utf-8") as f:
    dataset = [json.loads(line) for line in f]
total = 0
for ex in dataset:
    num_tokens = 0
    for message in ex["messages"]:
        num_tokens += 3
        for key, value in message.items():
            num_tokens += len(encoding.encode(value))
            if key == "name":
                num_tokens += 1
    num_tokens += 3
    total += num_tokens
print(json.dumps({"seconds": time.perf_counter() - t0, "total": total}))
"""

SCAN = r"""
import json, sys, time
t0 = time.perf_counter()
from ftui.datasets import scan
report = scan(sys.argv[1], model="gpt-4o-mini-2024-07-18")
print(json.dumps({"seconds": time.perf_counter() - t0, "total": report.tokens.total,
                  "examples": report.examples, "errors": report.errors,
                  "exact": report.tokens.exact}))
"""


ROUNDS = 3


def run(code: str, path: Path, watch: bool) -> tuple[dict, TreeMemory | None, float]:
    """Run ``code`` in a fresh interpreter; return its JSON output, memory peaks, wall time.

    Memory sampling costs CPU on a 2-core machine, so timed runs do not sample.
    """
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE,
                            cwd=HERE.parent, text=True)
    mem = TreeMemory(proc.pid, interval=0.05) if watch else None
    if mem:
        with mem:
            out, _ = proc.communicate()
    else:
        out, _ = proc.communicate()
    wall = time.perf_counter() - start
    if proc.returncode:
        raise SystemExit(f"child failed ({proc.returncode})")
    return json.loads(out), mem, wall


def main() -> None:
    """Generate the data if needed, run both sides, print the figures."""
    path = chat_file()
    size = path.stat().st_size
    ref_times, our_times = [], []
    for _ in range(ROUNDS):  # alternate, so both sides see the same machine state
        ref, _, ref_wall = run(REFERENCE, path, watch=False)
        ours, _, our_wall = run(SCAN, path, watch=False)
        ref_times.append(ref["seconds"])
        our_times.append(ours["seconds"])
    _, ref_mem, _ = run(REFERENCE, path, watch=True)
    _, our_mem, _ = run(SCAN, path, watch=True)
    assert ref_mem is not None and our_mem is not None
    ref["seconds"], ours["seconds"] = min(ref_times), min(our_times)
    ratio = ours["seconds"] / ref["seconds"]
    print(f"rounds: {ROUNDS}; reference times {[round(t, 2) for t in ref_times]}, "
          f"scan times {[round(t, 2) for t in our_times]} (best of each used)")
    print(f"file: {path.name}  {size / 1e6:.1f} MB  {ours['examples']:,} examples")
    print(f"reference (cookbook-style): {ref['seconds']:.2f} s  peak RSS "
          f"{ref_mem.peak_rss / 2**20:.0f} MiB")
    print(f"ftui scan:                  {ours['seconds']:.2f} s  peak RSS (sum over processes) "
          f"{our_mem.peak_rss / 2**20:.0f} MiB, PSS {our_mem.peak_pss / 2**20:.0f} MiB")
    print(f"time ratio scan/reference: {ratio:.3f}  (target <= 0.30)  "
          f"[last round, wall incl. interpreter start: {our_wall / ref_wall:.3f}]")
    print(f"scan peak memory: {our_mem.peak_rss / 2**20:.0f} MiB  (target <= 300)")
    print(f"token totals: reference {ref['total']:,}  scan {ours['total']:,}  "
          f"equal: {ref['total'] == ours['total']}  (exact: {ours['exact']})")


if __name__ == "__main__":
    main()
