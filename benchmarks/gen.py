"""Generate benchmark data files into ``benchmarks/data/`` (git-ignored).

Run ``python benchmarks/gen.py`` or import :func:`chat_file` / :func:`big_file`.
The data is deterministic (seeded) so figures are comparable between runs.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"

_WORDS = [
    "the",
    "model",
    "should",
    "answer",
    "questions",
    "about",
    "orders",
    "shipping",
    "returns",
    "refunds",
    "and",
    "account",
    "settings",
    "politely",
    "and",
    "briefly",
    "while",
    "citing",
    "the",
    "policy",
    "section",
    "when",
    "relevant",
    "customer",
    "support",
    "agent",
    "please",
    "never",
    "invent",
    "tracking",
    "numbers",
    "escalate",
    "billing",
    "disputes",
    "to",
    "a",
    "human",
    "summarize",
    "the",
    "conversation",
    "in",
    "one",
    "sentence",
    "use",
    "metric",
    "units",
    "format",
    "dates",
    "as",
    "ISO",
    "8601",
    "apologize",
    "once",
    "thank",
    "the",
    "customer",
    "for",
    "waiting",
    "check",
    "the",
    "warehouse",
    "status",
    "before",
    "promising",
    "delivery",
    "windows",
    "parcel",
    "courier",
    "invoice",
    "subscription",
    "renewal",
    "password",
    "reset",
    "two-factor",
    "authentication",
    "email",
    "address",
    "phone",
    "number",
    "delayed",
    "damaged",
    "missing",
    "item",
    "replacement",
    "exchange",
    "voucher",
    "discount",
    "code",
    "loyalty",
    "points",
    "store",
    "credit",
    "warranty",
    "repair",
    "technician",
]


def _text(rng: random.Random, n_words: int) -> str:
    """Return pseudo-English text of ``n_words`` words with punctuation."""
    words = [rng.choice(_WORDS) for _ in range(n_words)]
    for i in range(12, n_words, rng.randint(9, 16)):
        words[i] += rng.choice([".", ",", ".", "?", ":"])
    return " ".join(words).capitalize() + "."


def _system_prompts(rng: random.Random, count: int = 12) -> list[str]:
    """Long, repeated system prompts, as real fine-tuning sets have."""
    return [f"You are Acme assistant v{i}. " + _text(rng, 135) + "\nRules:\n- " + _text(rng, 20) for i in range(count)]


def chat_file(path: Path | None = None, examples: int = 100_000, seed: int = 7) -> Path:
    """Write a plain chat file (~188 MB for 100k examples) with repeated system prompts."""
    path = path or DATA / f"chat_{examples}.jsonl"
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    systems = _system_prompts(rng)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        for _ in range(examples):
            messages = [{"role": "system", "content": rng.choice(systems)}]
            for _turn in range(rng.choice([1, 1, 1, 2])):
                messages.append({"role": "user", "content": _text(rng, rng.randint(12, 40))})
                messages.append({"role": "assistant", "content": _text(rng, rng.randint(25, 60))})
            f.write(json.dumps({"messages": messages}) + "\n")
    tmp.replace(path)
    return path


def big_file(path: Path | None = None, target_bytes: int = 2 * 1024**3) -> Path:
    """Write a ~2 GB chat file by repeating a block of generated lines."""
    path = path or DATA / "big_2g.jsonl"
    if path.exists() and path.stat().st_size >= target_bytes * 0.99:
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    small = chat_file(DATA / "chat_5000.jsonl", examples=5000, seed=11)
    block = small.read_bytes()
    tmp = path.with_suffix(".tmp")
    with open(tmp, "wb") as f:
        written = 0
        while written < target_bytes:
            f.write(block)
            written += len(block)
    tmp.replace(path)
    return path


def tiny_file(path: Path | None = None) -> Path:
    """Write a 20-example chat file."""
    return chat_file(path or DATA / "chat_20.jsonl", examples=20, seed=3)


if __name__ == "__main__":
    for p in (chat_file(), big_file(), tiny_file()):
        print(p, p.stat().st_size)
