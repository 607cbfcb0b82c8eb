"""Rendering for the datasets pane: examples as conversations, problems, stats text.

Pure functions from engine records to Rich renderables, so they are easy to test.
"""

from __future__ import annotations

import json
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from ftui.datasets import Example, Problem, ScanReport
from ftui.datasets.lines import check_line
from ftui.datasets import formats as F

ROLE_STYLES = {
    "system": "bold magenta", "developer": "bold magenta", "user": "bold cyan",
    "assistant": "bold green", "tool": "bold yellow", "function": "bold yellow",
    "prompt": "bold cyan", "completion": "bold green", "preferred": "bold green",
    "rejected": "bold red",
}
FOLD_LINES = 8
FOLD_CHARS = 600
MAX_TURNS = 200
"""Turns drawn for one example; the rest are counted ("showing the first N of M messages")."""
MAX_TURN_CHARS = 10_000
"""Characters drawn for one unfolded turn."""
MAX_CHARS = 40_000
"""Characters drawn for one whole conversation (later turns are counted, not drawn)."""
RAW_CHARS = 20_000
"""Characters of raw JSON drawn (longer lines are shown as is, not pretty-printed)."""
MAX_PROBLEMS = 50
"""Problems of one line listed above the example."""


def _text_of(content: Any) -> str:
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = []
        for block in content:
            if not isinstance(block, dict):
                parts.append(json.dumps(block))
            elif isinstance(block.get("text"), str):
                parts.append(block["text"])
            elif "image_url" in block:
                url = block["image_url"].get("url", "") if isinstance(block["image_url"], dict) else ""
                parts.append(f"[image {url[:60]}]")
            elif "image" in block or "video" in block:
                parts.append(f"[{'image' if 'image' in block else 'video'}]")
            else:
                parts.append(json.dumps(block, ensure_ascii=False))
        return "\n".join(parts)
    return json.dumps(content, ensure_ascii=False)


def _calls(message: dict[str, Any]) -> list[str]:
    calls = []
    for call in message.get("tool_calls") or []:
        fn = call.get("function", {}) if isinstance(call, dict) else {}
        if isinstance(fn, dict):
            calls.append(f"→ {fn.get('name', '?')}({fn.get('arguments', '')})  [{call.get('id', '')}]")
    fn = message.get("function_call")
    if isinstance(fn, dict):
        calls.append(f"→ {fn.get('name', '?')}({fn.get('arguments', '')})")
    return calls


def _messages(data: dict[str, Any]) -> list[Any]:
    messages = data.get("messages")
    if isinstance(data.get("input"), dict):
        messages = data["input"].get("messages")
    return messages if isinstance(messages, list) else []


def turn_count(data: Any, format_name: str) -> int:
    """How many turns :func:`turns` would give for ``data`` (cheap: nothing is rendered)."""
    if not isinstance(data, dict):
        return 0
    if format_name == F.PROMPT_COMPLETION or ("prompt" in data and "messages" not in data):
        return 2
    extra = sum(len(data.get(k) or []) if isinstance(data.get(k), list) else 0
                for k in ("preferred_output", "non_preferred_output"))
    return (data.get("system") is not None) + len(_messages(data)) + extra


def turns(data: Any, format_name: str, limit: int | None = None) -> list[tuple[str, str, str]]:
    """``(role, label, text)`` for each turn of a parsed example, in order (at most ``limit``)."""
    if not isinstance(data, dict):
        return []
    out: list[tuple[str, str, str]] = []
    if format_name == F.PROMPT_COMPLETION or ("prompt" in data and "messages" not in data):
        return [("prompt", "prompt", _text_of(data.get("prompt"))),
                ("completion", "completion", _text_of(data.get("completion")))]
    system = data.get("system")
    if system is not None:
        out.append(("system", "system", _text_of(system)))
    for m in _messages(data):
        if limit is not None and len(out) >= limit:
            return out
        if not isinstance(m, dict):
            out.append(("?", "?", json.dumps(m)))
            continue
        role = str(m.get("role", "?"))
        label = role
        if "name" in m:
            label += f" ({m['name']})"
        if role == "tool":
            label += f" → {m.get('tool_call_id', '?')}"
        if m.get("weight") == 0:
            label += " · weight 0, not trained"
        text = "\n".join(filter(None, [_text_of(m.get("content"))] + _calls(m)))
        out.append((role, label, text))
    for key, role in (("preferred_output", "preferred"), ("non_preferred_output", "rejected")):
        outputs = data.get(key)
        for m in outputs if isinstance(outputs, list) else []:
            if limit is not None and len(out) >= limit:
                return out
            if isinstance(m, dict):
                out.append((role, role, _text_of(m.get("content"))))
    return out


def _fold(text: str, folded: bool) -> tuple[str, int]:
    if not folded:
        return text, 0
    head = text[:FOLD_CHARS + 1]
    if head.count("\n") < FOLD_LINES and len(text) <= FOLD_CHARS:
        return text, 0
    shown = "\n".join(head.splitlines()[:FOLD_LINES])[:FOLD_CHARS]
    rest = text.count("\n", len(shown)) - text.endswith("\n")
    return shown, max(1, rest)


def showing(shown: int, total: int, what: str) -> Text:
    """The "showing the first N of M <what>" line under a bounded view."""
    return Text(f"… showing the first {shown:,} of {total:,} {what}", style="bold yellow")


def render_example(example: Example, format_name: str, *, raw: bool = False,
                   folded: bool = True) -> RenderableType:
    """The example as a conversation (or raw JSON), with its own problems on top.

    The view is bounded whatever the size of the line: at most :data:`MAX_TURNS`
    turns and :data:`MAX_CHARS` characters in all, :data:`MAX_TURN_CHARS` per turn,
    and :data:`RAW_CHARS` characters of raw text, each cut saying "showing the first N of M".
    """
    parts: list[RenderableType] = [render_problem(p) for p in example.problems[:MAX_PROBLEMS]]
    if len(example.problems) > MAX_PROBLEMS:
        parts.append(showing(MAX_PROBLEMS, len(example.problems), "problems of this line"))
    if raw or example.data is None:
        if len(example.raw) <= RAW_CHARS:
            try:
                body = json.dumps(json.loads(example.raw), indent=2, ensure_ascii=False)
            except (ValueError, RecursionError):
                body = example.raw
        else:
            body = example.raw
        parts.append(Text(body[:RAW_CHARS]))
        if len(body) > RAW_CHARS:
            parts.append(showing(RAW_CHARS, len(body), "characters (the line is shown as is)"))
        return Group(*parts)
    total = turn_count(example.data, format_name)
    budget, drawn = MAX_CHARS, 0
    for role, label, text in turns(example.data, format_name, MAX_TURNS):
        if budget <= 0:
            break
        drawn += 1
        shown, hidden = _fold(text, folded)
        budget -= min(len(shown), MAX_TURN_CHARS) + len(label)
        parts.append(Text(label, style=ROLE_STYLES.get(role, "bold")))
        body = Text("  " + shown[:MAX_TURN_CHARS].replace("\n", "\n  "))
        if hidden:
            body.append(f"\n  … {hidden} more lines (z unfolds)", style="dim italic")
        parts.append(body)
        if len(shown) > MAX_TURN_CHARS:
            parts.append(showing(MAX_TURN_CHARS, len(shown), "characters of this message"))
    if total > drawn:
        parts.append(showing(drawn, total, "messages"))
    return Group(*parts)


def render_line(path: str, start: int, end: int, index: int, line: int, format_name: str, *,
                raw: bool = False, folded: bool = True) -> RenderableType:
    """Read, check and draw the example at bytes ``start:end`` of ``path`` (bounded view).

    Made to run in a worker process for huge lines: parsing a line of many
    megabytes holds the interpreter lock, so it must not happen in the app's process.
    """
    with open(path, "rb") as f:
        f.seek(start)
        data = f.read(end - start).rstrip(b"\r")
    parsed, problems = check_line(data, line, format_name)
    example = Example(index, line, data.decode("utf-8", "replace"), parsed, tuple(problems))
    return render_example(example, format_name, raw=raw, folded=folded)


def render_problem(problem: Problem) -> Text:
    """One problem as a single line: where, severity, code, message."""
    where = f"line {problem.line}" if problem.line else "file"
    if problem.file:
        where = f"{problem.file} {where}"
    style = "bold red" if problem.severity == "error" else "yellow"
    text = Text(f"{where:>10} ", style="dim")
    text.append(f"{problem.code} ", style=style)
    text.append(problem.message)
    return text


def render_summary(report: ScanReport) -> Text:
    """Counts, tokens, limits and the cost estimate as text."""
    t, lim, c = report.tokens, report.limits, report.cost
    errors = report.errors
    text = Text()
    text.append(f"{report.format}", style="bold")
    text.append(f" · {report.examples:,} examples · {report.valid:,} valid · {errors:,} errors · "
                f"{len(report.problems) - errors:,} warnings · {report.duplicates:,} duplicates\n")
    if report.cancelled:
        text.append("scan cancelled: partial figures\n", style="bold yellow")
    kind = "exact" if t.exact else "estimate"
    text.append(f"tokens ({t.encoding}, {kind}): total {t.total:,} · mean {t.mean:,.0f} · "
                f"min {t.min:,} · p5 {t.p5:,.0f} · p50 {t.p50:,.0f} · p95 {t.p95:,.0f} · "
                f"max {t.max:,} · assistant {t.assistant_total:,}\n")
    limit = lim["max_tokens_per_example"]
    text.append(f"limits ({lim['model']}): {'-' if limit is None else f'{limit:,}'} tokens per "
                f"example, {lim['examples_over_token_limit']:,} over; at least "
                f"{lim['min_examples'] or '-'} examples\n")
    usd = "price unknown" if c.usd is None else f"${c.usd:,.2f}"
    text.append(f"cost: {c.epochs} epochs · {c.billed_tokens:,} billed tokens · ", style="")
    text.append(usd, style="bold")
    for note in report.notes:
        text.append(f"\n{note}", style="yellow")
    return text


def histogram_bins(pairs: tuple[tuple[int, int], ...], bins: int = 20
                   ) -> tuple[list[str], list[int]]:
    """Group ``(tokens, count)`` pairs into at most ``bins`` bars: labels and heights."""
    if not pairs:
        return [], []
    lo, hi = pairs[0][0], pairs[-1][0]
    width = max(1, -(-(hi - lo + 1) // bins))
    heights = [0] * (-(-(hi - lo + 1) // width))
    for value, count in pairs:
        heights[(value - lo) // width] += count
    labels = [str(lo + i * width) for i in range(len(heights))]
    return labels, heights
