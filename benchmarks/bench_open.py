"""Time to first examples: a ~2 GB generated file vs a tiny one.

Run: ``python benchmarks/bench_open.py``. Each measurement runs in a fresh
subprocess and drops nothing from the page cache (so it measures our code, not
the disk): open the file, detect the format, and parse + check the first 20
examples, as the datasets pane does before it draws anything.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from gen import big_file, tiny_file  # noqa: E402

FIRST = r"""
import json, sys, time
t0 = time.perf_counter()
from ftui.datasets import open_dataset
ds = open_dataset(sys.argv[1])
examples = [ds.example(i) for i in range(20) if ds.has(i)]
seconds = time.perf_counter() - t0
print(json.dumps({"seconds": seconds, "format": ds.format, "shown": len(examples),
                  "indexed": ds.indexed, "size": ds.size}))
"""


def measure(path: Path, rounds: int = 5) -> dict:
    """Best of ``rounds`` fresh-process runs."""
    best = None
    for _ in range(rounds):
        out = subprocess.run(
            [sys.executable, "-c", FIRST, str(path)], capture_output=True, text=True, check=True, cwd=HERE.parent
        ).stdout
        result = json.loads(out)
        if best is None or result["seconds"] < best["seconds"]:
            best = result
    assert best is not None
    return best


def main() -> None:
    """Generate the files if needed and print the figures."""
    big, tiny = big_file(), tiny_file()
    b, t = measure(big), measure(tiny)
    print(
        f"big:  {b['size'] / 2**30:.2f} GiB  first {b['shown']} examples in "
        f"{b['seconds'] * 1000:.1f} ms  (indexed {b['indexed']} lines, format {b['format']})"
    )
    print(f"tiny: {t['size'] / 1024:.1f} KiB  first {t['shown']} examples in {t['seconds'] * 1000:.1f} ms")
    print(f"ratio big/tiny: {b['seconds'] / t['seconds']:.2f}  (target: about 1; big < 1 s: {b['seconds'] < 1})")


if __name__ == "__main__":
    main()
