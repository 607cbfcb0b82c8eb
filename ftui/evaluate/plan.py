"""What an evaluation asks: the plan, the examples sampled from a chat JSONL file, the cost estimate.

A usable line is a JSON object with a ``messages`` list whose last assistant turn has text and
at least one turn before it. The prompt is the conversation up to that turn, the reference is its
text. Other lines are skipped and counted with the reason (never silently).
"""

from __future__ import annotations

import json
import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ftui.datasets import formats as F
from ftui.datasets.counting import count_example
from ftui.datasets.limits import resolve_model
from ftui.datasets.tokens import TokenCounter
from ftui.evaluate.prices import ModelPrice

DEFAULT_N = 20
"""Examples an evaluation asks about unless told otherwise."""
MAX_LINE = 64 << 20
"""Longest line considered (bytes); longer ones are skipped as too long."""


@dataclass(frozen=True)
class EvalExample:
    """One example to ask both models about."""

    index: int
    """Line number in the file (1-based)."""
    prompt: list[dict[str, Any]]
    """The conversation up to the last assistant turn."""
    reference: str
    """The last assistant turn's text."""


@dataclass(frozen=True)
class Sample:
    """The examples drawn from a file, and what was skipped on the way."""

    examples: list[EvalExample]
    """The sampled examples, in file order."""
    usable: int
    """Usable lines in the whole file."""
    skipped: Mapping[str, int] = field(default_factory=dict)
    """Lines that could not be used, by reason (``"no assistant turn"`` …)."""

    @property
    def skipped_total(self) -> int:
        """How many lines were skipped."""
        return sum(self.skipped.values())


@dataclass(frozen=True)
class EvalPlan:
    """What to evaluate: two models of one profile on ``n`` examples of a file."""

    provider: str
    """The profile name."""
    model: str
    """The fine-tuned model id ("A")."""
    base: str
    """The model to compare with ("B"); by default the fine-tuned model's base."""
    file: Path
    """The held-out chat JSONL file."""
    n: int = DEFAULT_N
    """How many examples to sample."""
    seed: int = 0
    """The sampling seed (the same seed and file give the same examples)."""
    max_tokens: int = 512
    """Longest answer asked for."""
    workers: int = 4
    """Requests in flight at once."""

    def to_dict(self) -> dict[str, Any]:
        """The plan as JSON-ready values."""
        return {
            "provider": self.provider,
            "model": self.model,
            "base": self.base,
            "file": str(self.file),
            "n": self.n,
            "seed": self.seed,
            "max_tokens": self.max_tokens,
            "workers": self.workers,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> EvalPlan:
        """The plan saved by :meth:`to_dict` (raises ValueError when a field is missing or wrong)."""
        try:
            return cls(
                provider=str(data["provider"]),
                model=str(data["model"]),
                base=str(data["base"]),
                file=Path(str(data["file"])),
                n=int(data["n"]),
                seed=int(data["seed"]),
                max_tokens=int(data.get("max_tokens", 512)),
                workers=int(data.get("workers", 4)),
            )
        except (KeyError, TypeError, ValueError) as e:
            raise ValueError(f"the plan is incomplete or wrong ({type(e).__name__}: {e})") from e


def text_of(content: Any) -> str | None:
    """A message content's text: a string, or the text parts of a list joined; None when it has none."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = [p["text"] for p in content if isinstance(p, dict) and isinstance(p.get("text"), str)]
        return "".join(parts) if parts else None
    return None


def example_from_line(index: int, line: bytes) -> EvalExample | str:
    """The example a line holds, or the reason it cannot be used."""
    if len(line) > MAX_LINE:
        return "line too long"
    if not line.strip():
        return "blank line"
    try:
        obj = json.loads(line)
    except (ValueError, RecursionError):
        return "not valid JSON"
    messages = obj.get("messages") if isinstance(obj, dict) else None
    if not isinstance(messages, list) or not all(isinstance(m, dict) for m in messages):
        return "no messages list"
    last = next((i for i in range(len(messages) - 1, -1, -1) if messages[i].get("role") == "assistant"), None)
    if last is None:
        return "no assistant turn"
    if last == 0:
        return "nothing before the assistant turn"
    reference = text_of(messages[last].get("content"))
    if reference is None:
        return "the assistant turn has no text"
    return EvalExample(index=index, prompt=[dict(m) for m in messages[:last]], reference=reference)


def sample(path: Path, n: int = DEFAULT_N, seed: int = 0) -> Sample:
    """Draw ``n`` usable examples uniformly with ``seed`` (reservoir sampling: one pass, bounded memory).

    Raises:
        OSError: the file cannot be read.
    """
    rng = random.Random(seed)
    chosen: list[EvalExample] = []
    skipped: dict[str, int] = {}
    usable = 0
    with Path(path).open("rb") as handle:
        for index, line in enumerate(handle, start=1):
            found = example_from_line(index, line)
            if isinstance(found, str):
                if found != "blank line":
                    skipped[found] = skipped.get(found, 0) + 1
                continue
            usable += 1
            if len(chosen) < n:
                chosen.append(found)
            else:
                slot = rng.randrange(usable)
                if slot < n:
                    chosen[slot] = found
    chosen.sort(key=lambda example: example.index)
    return Sample(chosen, usable, skipped)


def sample_examples(path: Path, n: int = DEFAULT_N, seed: int = 0) -> list[EvalExample]:
    """The ``n`` examples :func:`sample` draws (see it for what counts as usable)."""
    return sample(path, n, seed).examples


@dataclass(frozen=True)
class CostEstimate:
    """Tokens and dollars an evaluation will cost, before anything is sent."""

    input_tokens: int
    """Prompt tokens per model (both models get the same prompts)."""
    output_tokens: int
    """Answer tokens per model, estimated from the references' length (capped at max_tokens)."""
    dollars: Mapping[str, float | None]
    """Per model id: USD, or None when its price is unknown."""
    exact: bool = True
    """Whether token counts come from the real tokenizer (else a character estimate)."""

    @property
    def total_dollars(self) -> float | None:
        """The whole run's USD; None when any model's price is unknown."""
        values = list(self.dollars.values())
        return None if any(v is None for v in values) else sum(v for v in values if v is not None)

    def describe(self) -> str:
        """One line for people: tokens, and dollars or "unknown"."""

        def usd(value: float | None) -> str:
            return "unknown" if value is None else f"${value:,.4f}"

        per = ", ".join(f"{model}: {usd(value)}" for model, value in self.dollars.items())
        approx = "" if self.exact else " (estimated tokens)"
        return (
            f"about {self.input_tokens:,} input and {self.output_tokens:,} output tokens per model{approx}; "
            f"cost {usd(self.total_dollars)} ({per})"
        )


def estimate_cost(plan: EvalPlan, examples: list[EvalExample], prices: Mapping[str, ModelPrice]) -> CostEstimate:
    """Tokens of the prompts and expected answers (tiktoken) × each model's price where ``prices`` knows it."""
    try:
        encoding = resolve_model(plan.model).encoding
    except ValueError:
        encoding = "o200k_base"
    counter = TokenCounter(encoding or "o200k_base")
    tokens_in = tokens_out = 0
    for example in examples:
        total, _ = count_example(F.OPENAI_CHAT, {"messages": example.prompt}, counter)
        tokens_in += total + 3  # every reply is primed with <|start|>assistant<|message|>
        tokens_out += min(plan.max_tokens, counter.count(example.reference) + 1)
    dollars: dict[str, float | None] = {}
    for model in dict.fromkeys((plan.model, plan.base)):
        price = prices.get(model)
        dollars[model] = None if price is None else price.cost(tokens_in, tokens_out)
    return CostEstimate(tokens_in, tokens_out, dollars, counter.exact)
