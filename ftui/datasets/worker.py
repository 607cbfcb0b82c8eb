"""Scan one byte range of a file: the unit of work of the parallel scan.

Runs in worker processes (or in-process for small files). It returns compact,
picklable results with chunk-local line numbers; ``scan.py`` merges them.
"""

from __future__ import annotations

import hashlib
from array import array
from dataclasses import dataclass, field

from ftui.datasets import formats as F
from ftui.datasets.counting import count_example
from ftui.datasets.lines import BOM, SURROGATE, check_object, parse_line, screen
from ftui.datasets.problems import Problem, error, warning
from ftui.datasets.rules_legacy import LegacyTally
from ftui.datasets.tokens import TokenCounter, load_encoding

PROBLEMS_PER_CODE = 1000
"""At most this many problems of one code are kept (all are counted)."""


@dataclass(frozen=True, slots=True)
class ChunkTask:
    """What to scan: a line-aligned byte range and how to judge it."""

    path: str
    start: int
    end: int
    file_format: str
    encoding: str | None
    chars_per_token: float
    max_tokens: int | None
    truncates: bool
    """True: over-long examples are truncated (warning); False: rejected (error)."""


@dataclass(slots=True)
class ChunkResult:
    """Everything the scan needs from one chunk (line numbers are chunk-local, 1-based)."""

    lines: int = 0
    examples: int = 0
    valid: int = 0
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    histogram: dict[int, int] = field(default_factory=dict)
    assistant_total: int = 0
    keys: array = field(default_factory=lambda: array("q"))
    key_lines: array = field(default_factory=lambda: array("q"))
    legacy: LegacyTally = field(default_factory=LegacyTally)
    exact: bool = True
    encoding: str = ""
    errors: int = 0
    """Error-severity problems found (all of them, kept or not)."""
    warnings: int = 0
    """Warning-severity problems found."""
    blank: int = 0
    """Blank lines (not examples)."""
    first_blank: int = 0
    """Chunk-local line of the first blank line (0: none)."""
    images: int = 0
    """Images in content parts, counted by OpenAI's per-image rule (an estimate)."""
    image_tokens: int = 0
    """Their estimated tokens."""
    extrapolated: int = 0
    """Strings too long to tokenize whole: counted from their start and extrapolated."""


_COUNTERS: dict[tuple[str | None, float], TokenCounter] = {}


def reset_counters() -> None:
    """Forget this process's counters and loaded encodings (e.g. after the cache changed)."""
    _COUNTERS.clear()
    load_encoding.cache_clear()


def counter_for(encoding: str | None, chars_per_token: float) -> TokenCounter:
    """Return this process's cached :class:`TokenCounter` for the encoding."""
    key = (encoding, chars_per_token)
    if key not in _COUNTERS:
        _COUNTERS[key] = TokenCounter(encoding, chars_per_token)
    return _COUNTERS[key]


_WHITESPACE = b" \t\r\n\f\v"


def content_key(raw: bytes) -> int:
    """A 64-bit hash of a JSON line with all whitespace removed (also escaped \\n, \\r, \\t).

    Two examples that differ only in whitespace, inside or between strings, get
    the same key. This works on the raw bytes so that it costs almost nothing.
    """
    text = raw.translate(None, _WHITESPACE)
    if b"\\" not in text:
        return int.from_bytes(hashlib.sha1(text).digest()[:8], "little", signed=True)
    h = hashlib.sha1()
    for piece in text.split(b"\\n"):
        if b"\\" in piece:
            piece = piece.replace(b"\\r", b"").replace(b"\\t", b"")
        h.update(piece)
    return int.from_bytes(h.digest()[:8], "little", signed=True)


_BLANK_START = frozenset({b"", b" ", b"\t", b"\r", b"\f", b"\v"})
_PLAIN_ROLES = frozenset({"system", "user", "assistant"})


def _plain_chat(obj: dict, counter: TokenCounter, role_tokens: dict[str, int]) -> tuple[int, int] | None:
    """Tokens of a plain chat line (only role/content string turns, ending with the
    assistant) that has no problems at all; None when the line needs the full rules.

    Such a line nests 3 deep and its strings hold no lone surrogate, so it needs no
    :func:`~ftui.datasets.lines.screen`."""
    messages = obj.get("messages")
    if len(obj) != 1 or type(messages) is not list or not messages:
        return None
    cache, count = counter._cache, counter.count
    total, assistant, role = 3, 0, None
    for m in messages:
        if type(m) is not dict or len(m) != 2:
            return None
        role = m.get("role")
        content = m.get("content")
        if (
            type(role) is not str
            or type(content) is not str
            or not content
            or (not content.isascii() and SURROGATE.search(content))
        ):
            return None
        rn = role_tokens.get(role)
        if rn is None:
            return None
        n = cache.get(content)
        if n is None:
            n = count(content)
        total += 3 + rn + n
        if role == "assistant":
            assistant += n
    return (total, assistant) if role == "assistant" else None


def _too_long(task: ChunkTask, exact: bool, line: int, total: int) -> Problem:
    about = "" if exact else "about "
    if task.truncates:
        return warning(
            line,
            "too_many_tokens",
            f"{about}{total:,} tokens; the limit is {task.max_tokens:,}, so it will be truncated to that",
        )
    return error(
        line,
        "too_many_tokens",
        f"{about}{total:,} tokens; the limit is {task.max_tokens:,} per record: shorten or split it",
    )


def scan_chunk(task: ChunkTask) -> ChunkResult:
    """Validate, count and hash every line of ``task``'s byte range."""
    with open(task.path, "rb") as f:
        f.seek(task.start)
        data = f.read(task.end - task.start)
    if task.start == 0 and data.startswith(BOM):
        data = data[3:]
    rows = data.split(b"\n")
    del data
    if rows and not rows[-1]:
        rows.pop()
    counter = counter_for(task.encoding, task.chars_per_token)
    images, image_tokens, long = counter.images, counter.image_tokens, counter.extrapolated
    res = ChunkResult(lines=len(rows), exact=counter.exact, encoding=counter.encoding)
    fmt, limit = task.file_format, task.max_tokens
    legacy = fmt == F.PROMPT_COMPLETION
    hist, keys, key_lines = res.histogram, res.keys, res.key_lines
    role_tokens = {role: counter.count(role) for role in _PLAIN_ROLES}
    out: list[Problem] = []
    counts, kept = res.counts, res.problems
    for line, raw in enumerate(rows, 1):
        if raw[:1] in _BLANK_START and not raw.strip():
            res.blank += 1
            res.first_blank = res.first_blank or line
            continue
        res.examples += 1
        obj = parse_line(raw, line, out)
        total = -1
        if obj is None:
            pass
        elif fmt == F.OPENAI_CHAT and (plain := _plain_chat(obj, counter, role_tokens)) is not None:
            total, assistant = plain
            if limit is not None and total > limit:
                out.append(_too_long(task, counter.exact, line, total))
            keys.append(content_key(raw))
            key_lines.append(line)
        elif not screen(raw, obj, line, out):
            pass
        elif check_object(obj, line, fmt, out):
            total, assistant = count_example(fmt, obj, counter)
            if limit is not None and total > limit:
                out.append(_too_long(task, counter.exact, line, total))
            keys.append(content_key(raw))
            key_lines.append(line)
            if legacy:
                res.legacy.add(obj, line)
        if not out:
            res.valid += 1
            if total >= 0:  # tokens and cost cover the valid examples: what would train
                hist[total] = hist.get(total, 0) + 1
                res.assistant_total += assistant
            continue
        if not any(p.severity == "error" for p in out):
            res.valid += 1
            if total >= 0:
                hist[total] = hist.get(total, 0) + 1
                res.assistant_total += assistant
        for problem in out:
            if problem.severity == "error":
                res.errors += 1
            else:
                res.warnings += 1
            n = counts.get(problem.code, 0)
            counts[problem.code] = n + 1
            if n < PROBLEMS_PER_CODE:
                kept.append(problem)
        out.clear()
    res.images = counter.images - images
    res.image_tokens = counter.image_tokens - image_tokens
    res.extrapolated = counter.extrapolated - long
    return res
