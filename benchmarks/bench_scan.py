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

COOKBOOK = r"""
# Chat_finetuning_data_prep.ipynb, cell by cell (format checks, warnings and token counts,
# distributions, billing), with o200k_base for gpt-4o-mini and no numpy (not installed).
import json, sys, time
from collections import defaultdict
t0 = time.perf_counter()
import tiktoken
with open(sys.argv[1], "r", encoding="utf-8") as f:
    dataset = [json.loads(line) for line in f]
format_errors = defaultdict(int)
for ex in dataset:
    if not isinstance(ex, dict):
        format_errors["data_type"] += 1
        continue
    messages = ex.get("messages", None)
    if not messages:
        format_errors["missing_messages_list"] += 1
        continue
    for message in messages:
        if "role" not in message or "content" not in message:
            format_errors["message_missing_key"] += 1
        if any(k not in ("role", "content", "name", "function_call", "weight") for k in message):
            format_errors["message_unrecognized_key"] += 1
        if message.get("role", None) not in ("system", "user", "assistant", "function"):
            format_errors["unrecognized_role"] += 1
        content = message.get("content", None)
        function_call = message.get("function_call", None)
        if (not content and not function_call) or not isinstance(content, str):
            format_errors["missing_content"] += 1
    if not any(message.get("role", None) == "assistant" for message in messages):
        format_errors["example_missing_assistant_message"] += 1
encoding = tiktoken.get_encoding("o200k_base")
def num_tokens_from_messages(messages, tokens_per_message=3, tokens_per_name=1):
    num_tokens = 0
    for message in messages:
        num_tokens += tokens_per_message
        for key, value in message.items():
            num_tokens += len(encoding.encode(value))
            if key == "name":
                num_tokens += tokens_per_name
    num_tokens += 3
    return num_tokens
def num_assistant_tokens_from_messages(messages):
    num_tokens = 0
    for message in messages:
        if message["role"] == "assistant":
            num_tokens += len(encoding.encode(message["content"]))
    return num_tokens
def quantile(values, q):
    s = sorted(values); pos = (len(s) - 1) * q; lo = int(pos)
    return s[lo] + (s[min(lo + 1, len(s) - 1)] - s[lo]) * (pos - lo)
n_missing_system = n_missing_user = 0
n_messages, convo_lens, assistant_message_lens = [], [], []
for ex in dataset:
    messages = ex["messages"]
    if not any(message["role"] == "system" for message in messages):
        n_missing_system += 1
    if not any(message["role"] == "user" for message in messages):
        n_missing_user += 1
    n_messages.append(len(messages))
    convo_lens.append(num_tokens_from_messages(messages))
    assistant_message_lens.append(num_assistant_tokens_from_messages(messages))
for values in (n_messages, convo_lens, assistant_message_lens):
    stats = (min(values), max(values), sum(values) / len(values), quantile(values, 0.5),
             quantile(values, 0.1), quantile(values, 0.9))
n_too_long = sum(l > 65536 for l in convo_lens)
n_train = len(dataset)
n_epochs = 3
n_billing = sum(min(65536, l) for l in convo_lens)
print(json.dumps({"seconds": time.perf_counter() - t0, "total": sum(convo_lens)}))
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


ROUNDS = 5


def run(code: str, path: Path, watch: bool) -> tuple[dict, TreeMemory | None, float]:
    """Run ``code`` in a fresh interpreter; return its JSON output, memory peaks, wall time.

    Memory sampling costs CPU on a 2-core machine, so timed runs do not sample.
    """
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE, cwd=HERE.parent, text=True)
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
    ref_times, our_times, book_times = [], [], []
    for _ in range(ROUNDS):  # interleaved, so all sides see the same machine state
        ref, _, ref_wall = run(REFERENCE, path, watch=False)
        ours, _, our_wall = run(SCAN, path, watch=False)
        book, _, _ = run(COOKBOOK, path, watch=False)
        ref_times.append(ref["seconds"])
        our_times.append(ours["seconds"])
        book_times.append(book["seconds"])
    _, ref_mem, _ = run(REFERENCE, path, watch=True)
    _, our_mem, _ = run(SCAN, path, watch=True)
    assert ref_mem is not None and our_mem is not None
    ref["seconds"], ours["seconds"] = min(ref_times), min(our_times)
    ratio = ours["seconds"] / ref["seconds"]
    print(
        f"rounds: {ROUNDS}; reference times {[round(t, 2) for t in ref_times]}, "
        f"scan times {[round(t, 2) for t in our_times]}, full-cookbook times "
        f"{[round(t, 2) for t in book_times]} (best of each used)"
    )
    per_round = sorted(o / r for o, r in zip(our_times, ref_times, strict=False))
    print(f"per-round ratios scan/reference: {[round(x, 3) for x in per_round]}")
    print(
        f"ratio scan / full cookbook notebook flow (checks + assistant tokens + stats): "
        f"{min(our_times) / min(book_times):.3f}; totals equal: {book['total'] == ours['total']}"
    )
    print(f"file: {path.name}  {size / 1e6:.1f} MB  {ours['examples']:,} examples")
    print(f"reference (cookbook-style): {ref['seconds']:.2f} s  peak RSS {ref_mem.peak_rss / 2**20:.0f} MiB")
    print(
        f"ftui scan:                  {ours['seconds']:.2f} s  peak RSS (sum over processes) "
        f"{our_mem.peak_rss / 2**20:.0f} MiB, PSS {our_mem.peak_pss / 2**20:.0f} MiB"
    )
    print(
        f"time ratio scan/reference: {ratio:.3f}  (target <= 0.30)  "
        f"[last round, wall incl. interpreter start: {our_wall / ref_wall:.3f}]"
    )
    print(f"scan peak memory: {our_mem.peak_rss / 2**20:.0f} MiB  (target <= 300)")
    print(
        f"token totals: reference {ref['total']:,}  scan {ours['total']:,}  "
        f"equal: {ref['total'] == ours['total']}  (exact: {ours['exact']})"
    )


if __name__ == "__main__":
    main()
