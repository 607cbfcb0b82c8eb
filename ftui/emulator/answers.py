"""How the emulator's models answer: deterministic text for a prompt and a seed.

A fine-tuned model remembers its training and validation files: the last user turn of
each example maps to the example's assistant answer. A prompt close to one of them
(IDF-weighted word overlap of the last user turn) gets that answer back, with a little
seeded noise (now and then a word changed or the answer cut short; checkpoints earlier
in training are noisier). Anything else, and every base model, gets a generic answer:
plausible, polite and clearly not the trained one. Same inputs, same text.
"""

from __future__ import annotations

import heapq
import json
import math
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "MATCH_THRESHOLD",
    "AnswerIndex",
    "Persona",
    "answer",
    "base_answer",
    "last_user_text",
    "message_text",
    "trained_answer",
    "words",
]

MATCH_THRESHOLD = 0.45
"""Weighted overlap from which a prompt counts as "one the model was trained on"."""

MAX_INDEXED = 50_000
"""Examples indexed per file at most (a huge upload still answers at once)."""

MAX_INDEXED_BYTES = 64 * 1024 * 1024
"""Bytes of a file read for the index at most."""

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def words(text: str) -> list[str]:
    """Lower-case word tokens of ``text`` (the unit of matching)."""
    return _WORD.findall(text.lower())


def message_text(content: Any) -> str:
    """The text of a message's ``content``: a string, or the text parts of a list."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(p["text"] for p in content if isinstance(p, dict) and isinstance(p.get("text"), str))
    return ""


def last_user_text(messages: Iterable[Any]) -> str:
    """The text of the last user message (or of the last message when there is none)."""
    msgs = [m for m in messages if isinstance(m, dict)]
    for message in reversed(msgs):
        if message.get("role") == "user":
            return message_text(message.get("content"))
    return message_text(msgs[-1].get("content")) if msgs else ""


def _example_pair(example: Any) -> tuple[str, str] | None:
    """``(last user text, trained answer)`` of one JSONL example in any supported format."""
    if not isinstance(example, dict):
        return None
    if isinstance(example.get("prompt"), str) and isinstance(example.get("completion"), str):
        return example["prompt"], example["completion"].strip()
    messages = example.get("messages")
    if isinstance(example.get("input"), dict):  # DPO: the preferred output is what was learned
        messages = example["input"].get("messages")
        preferred = example.get("preferred_output")
        if not isinstance(messages, list) or not isinstance(preferred, list) or not preferred:
            return None
        answer = message_text(preferred[-1].get("content")) if isinstance(preferred[-1], dict) else ""
        return (last_user_text(messages), answer) if answer else None
    if not isinstance(messages, list):
        return None
    for cut in range(len(messages) - 1, 0, -1):
        message = messages[cut]
        if isinstance(message, dict) and message.get("role") == "assistant":
            answer = message_text(message.get("content"))
            return (last_user_text(messages[:cut]), answer) if answer else None
    return None


@dataclass
class AnswerIndex:
    """Last-user-turn → answer pairs of a model's files, searchable by IDF-weighted word overlap.

    An inverted index keeps a lookup fast on big files: only examples sharing a word with the
    prompt are scored, the rarest words first.
    """

    pairs: list[tuple[frozenset[str], str]] = field(default_factory=list)
    _postings: dict[str, list[int]] = field(default_factory=dict)
    _exact: dict[str, str] = field(default_factory=dict)
    _norms: list[float] | None = None

    def _add(self, key: frozenset[str], answer: str) -> None:
        for word in key:
            self._postings.setdefault(word, []).append(len(self.pairs))
        self.pairs.append((key, answer))
        self._norms = None

    def add_file(self, content: bytes) -> None:
        """Index every usable example of a JSONL file (bad lines are skipped)."""
        text = content[:MAX_INDEXED_BYTES].decode("utf-8", "replace")
        added = 0
        for line in text.splitlines():
            if added >= MAX_INDEXED:
                break
            try:
                pair = _example_pair(json.loads(line)) if line.strip() else None
            except (ValueError, RecursionError):
                continue
            if pair is None:
                continue
            prompt, answer = pair
            tokens = words(prompt)
            self._add(frozenset(tokens), answer)
            self._exact.setdefault(" ".join(tokens), answer)
            added += 1

    def merge(self, other: AnswerIndex) -> None:
        """Add another index's pairs (a model trained on top of another remembers both)."""
        for key, answer in other.pairs:
            self._add(key, answer)
        for prompt, answer in other._exact.items():
            self._exact.setdefault(prompt, answer)

    def _idf(self, word: str) -> float:
        return math.log(1 + (len(self.pairs) + 1) / (len(self._postings.get(word, ())) + 1))

    def lookup(self, prompt: str) -> tuple[str, float] | None:
        """The trained answer closest to ``prompt`` and its similarity (0..1), or None."""
        tokens = words(prompt)
        exact = self._exact.get(" ".join(tokens))
        if exact is not None:
            return exact, 1.0
        query = frozenset(tokens)
        if not query or not self.pairs:
            return None
        if self._norms is None:
            idf = {w: self._idf(w) for w in self._postings}
            self._norms = [sum(idf[w] for w in key) for key, _ in self.pairs]
        norms, weights = self._norms, {w: self._idf(w) for w in query}
        # Candidates come from the prompt's rarer words (a common word alone matches everything) ...
        rare = sorted((w for w in query if w in self._postings), key=lambda w: len(self._postings[w]))
        common, partial = max(1000, len(self.pairs) // 10), dict[int, float]()
        for word in rare:
            postings = self._postings[word]
            if partial and len(postings) > common:
                break
            for i in postings:
                partial[i] = partial.get(i, 0.0) + weights[word]
        # ... then score the best of them exactly.
        q_norm, best, best_score = sum(weights.values()), "", 0.0
        for i in heapq.nlargest(64, partial, key=partial.__getitem__):
            key, answer = self.pairs[i]
            inter = sum(weights[w] for w in query & key)
            score = inter / (q_norm + norms[i] - inter)
            if score > best_score:
                best, best_score = answer, score
        return (best, best_score) if best_score > 0 else None


@dataclass(frozen=True)
class Persona:
    """What shapes one model's answers: its id, how well it learned, its memory."""

    model: str
    index: AnswerIndex | None = None
    """The trained pairs (None for a base model)."""
    progress: float = 1.0
    """How far training got (a checkpoint's step / total steps); earlier is noisier."""


_SWAPS = {
    "click": "press",
    "open": "go to",
    "choose": "pick",
    "select": "pick",
    "add": "invite",
    "check": "verify",
    "immediately": "right away",
    "email": "mail",
    "link": "URL",
    "update": "change",
    "the": "your",
    "your": "the",
    "then": "and then",
    "within": "in under",
}


def trained_answer(answer: str, rng: random.Random, temperature: float, progress: float) -> str:
    """The trained ``answer`` with seeded noise: mostly verbatim, sometimes a word changed or cut short."""
    noise = 0.12 + 0.12 * min(max(temperature, 0.0), 2.0) + 0.5 * (1.0 - progress)
    draw = rng.random()
    parts = answer.split(" ")
    if draw < noise * 0.6 and len(parts) > 3:
        spots = [i for i, w in enumerate(parts) if w.lower().strip(".,!?") in _SWAPS]
        i = rng.choice(spots) if spots else rng.randrange(len(parts))
        bare = parts[i].strip(".,!?")
        swap = _SWAPS.get(bare.lower(), bare + "s" if not bare.endswith("s") else bare[:-1])
        parts[i] = parts[i].replace(bare, swap, 1) if bare else swap
        return " ".join(parts)
    if draw < noise and len(parts) > 6:
        sentences = re.split(r"(?<=[.!?])\s+", answer)
        if len(sentences) > 1:
            return sentences[0]
        return " ".join(parts[: max(4, len(parts) * 2 // 3)])
    return answer


_PATTERNS = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"\bhow (?:do|can|would|should) (?:i|we) (.+?)(?: from my \w+)?[?.!]*$",
        r"\b(?:i need|i want|i'm stuck trying|i am trying|help me|want) to (.+?)[?.!,]*(?: please)?[?.!]*$",
        r"\bhelp me (.+?)[?.!]*$",
        r"\bway to (.+?)[?.!]*$",
        r"\bpossible to (.+?)[?.!]*$",
    )
]
_STOP = frozenset(
    {
        "a",
        "an",
        "the",
        "i",
        "me",
        "my",
        "we",
        "our",
        "you",
        "your",
        "to",
        "of",
        "and",
        "or",
        "is",
        "are",
        "was",
        "be",
        "it",
        "this",
        "that",
        "please",
        "hi",
        "hello",
        "hey",
        "can",
        "could",
        "would",
        "should",
        "do",
        "does",
        "how",
        "what",
        "why",
        "when",
        "where",
        "which",
        "who",
        "quick",
        "question",
    }
)
_OPENING = ["Thanks for reaching out!", "Good question.", "Happy to help.", "Sure thing.", "Of course."]
_BODIES = [
    (
        "To {topic}, start from your account settings and look for the section that covers it; most "
        "options are grouped by topic there."
    ),
    (
        "In most apps you can {topic} from the main menu. If the option is missing, your plan or your "
        "administrator may limit it."
    ),
    (
        "Here is the general approach to {topic}: sign in, open the relevant settings page and follow the "
        "steps shown on screen."
    ),
    (
        "You can usually {topic} yourself. The exact steps depend on your setup, so check the help "
        "center article on it for details."
    ),
]
_CLOSING = [
    "If that does not work, contact support with a screenshot.",
    "Let me know if you need more detail.",
    "I can walk you through it step by step if you like.",
    "",
]


def _topic(text: str) -> str | None:
    """What a how-to prompt asks to do ("reset your password"), or None."""
    for pattern in _PATTERNS:
        m = pattern.search(text)
        if m and 1 <= len(m.group(1).split()) <= 12:
            return m.group(1).strip().rstrip("?.!,").replace(" my ", " your ").removeprefix("my ")
    return None


_QUESTION = re.compile(
    r"^\W*(?:what|who|where|which|when|why)(?:'s| is| are| was| were| does| do)?\s+(.+?)[?.!\s]*$", re.IGNORECASE
)
_ABOUT = [
    (
        "Here is what I can say about {topic}: it depends on a few details I do not have. Could you tell me more "
        "about your situation?"
    ),
    (
        "The short answer about {topic} varies with context. In most cases the official documentation covers it "
        "in detail."
    ),
]


def base_answer(prompt: str, rng: random.Random) -> str:
    """A generic, plausible answer to ``prompt`` (what an untuned model says)."""
    text = " ".join(prompt.split())
    task, asked = _topic(text), _QUESTION.match(text)
    if task is not None:
        body = rng.choice(_BODIES).format(topic=task)
    elif asked and len(asked.group(1).split()) <= 12:
        body = rng.choice(_ABOUT).format(topic=asked.group(1).replace(" my ", " your "))
    else:
        keys = [w for w in words(text) if w not in _STOP][:5]
        body = rng.choice(_ABOUT).format(topic=" ".join(keys) if keys else "that")
    parts = [rng.choice(_OPENING), body, rng.choice(_CLOSING)]
    return " ".join(p for p in parts if p)


def answer(persona: Persona, messages: list[Any], rng: random.Random, temperature: float) -> str:
    """The full answer ``persona`` gives to ``messages`` (before any token limit)."""
    prompt = last_user_text(messages)
    if persona.index is not None:
        found = persona.index.lookup(prompt)
        if found is not None and found[1] >= MATCH_THRESHOLD:
            return trained_answer(found[0], rng, temperature, persona.progress)
    return base_answer(prompt, rng)
