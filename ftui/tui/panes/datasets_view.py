"""Rendering for the datasets pane: examples as conversations, problems, stats text.

Pure functions from engine records to Rich renderables, so they are easy to test.
"""

from __future__ import annotations

import json
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from ftui.datasets import Example, Problem, ScanReport, pretty_json
from ftui.datasets import formats as F
from ftui.datasets.display import safe
from ftui.datasets.lines import check_line
from ftui.datasets.problems import plural

ROLE_STYLES = {
    "system": "bold magenta",
    "developer": "bold magenta",
    "user": "bold cyan",
    "assistant": "bold green",
    "tool": "bold yellow",
    "function": "bold yellow",
    "prompt": "bold cyan",
    "completion": "bold green",
    "preferred": "bold green",
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


LABEL_CHARS = 200
"""Characters drawn for a turn's label (role, name, tool call id)."""


def _json(value: Any) -> str:
    """Compact JSON of a parsed value (never raises; a value of the wrong shape shows as is)."""
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError):
        return repr(value)


def _str(value: Any, default: str = "?") -> str:
    """A string field as it is; anything else as JSON (None: ``default``)."""
    if value is None:
        return default
    return value if isinstance(value, str) else _json(value)


def _text_of(content: Any) -> str:
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = []
        for block in content:
            if not isinstance(block, dict):
                parts.append(_json(block))
            elif isinstance(block.get("text"), str):
                parts.append(block["text"])
            elif "image_url" in block:
                image = block["image_url"]
                url = image.get("url") if isinstance(image, dict) else None
                parts.append(f"[image {url[:60]}]" if isinstance(url, str) else f"[image_url {_json(image)[:200]}]")
            elif "image" in block or "video" in block:
                parts.append(f"[{'image' if 'image' in block else 'video'}]")
            else:
                parts.append(_json(block))
        return "\n".join(parts)
    return _json(content)


def _call(fn: Any, call_id: Any = None) -> str:
    fn = {} if fn is None else fn
    if not isinstance(fn, dict):
        return f"→ {_json(fn)}"
    where = f"  [{_str(call_id, '')}]" if call_id is not None else ""
    return f"→ {_str(fn.get('name'))}({_str(fn.get('arguments'), '')}){where}"


def _calls(message: dict[str, Any]) -> list[str]:
    calls = []
    tool_calls = message.get("tool_calls")
    if isinstance(tool_calls, list):
        for call in tool_calls:
            if isinstance(call, dict):
                calls.append(_call(call.get("function"), call.get("id", "")))
            else:
                calls.append(_call(call))
    elif tool_calls is not None:
        calls.append(f"→ tool_calls: {_json(tool_calls)}")
    fn = message.get("function_call")
    if fn is not None:
        calls.append(_call(fn))
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
    extra = sum(
        len(data.get(k) or []) if isinstance(data.get(k), list) else 0
        for k in ("preferred_output", "non_preferred_output")
    )
    return (data.get("system") is not None) + len(_messages(data)) + extra


def turns(data: Any, format_name: str, limit: int | None = None) -> list[tuple[str, str, str]]:
    """``(role, label, text)`` for each turn of a parsed example, in order (at most ``limit``)."""
    if not isinstance(data, dict):
        return []
    out: list[tuple[str, str, str]] = []
    if format_name == F.PROMPT_COMPLETION or ("prompt" in data and "messages" not in data):
        return [
            ("prompt", "prompt", _text_of(data.get("prompt"))),
            ("completion", "completion", _text_of(data.get("completion"))),
        ]
    system = data.get("system")
    if system is not None:
        out.append(("system", "system", _text_of(system)))
    for m in _messages(data):
        if limit is not None and len(out) >= limit:
            return out
        if not isinstance(m, dict):
            out.append(("?", "?", _json(m)))
            continue
        role = _str(m.get("role"))
        label = role
        if "name" in m:
            label += f" ({_str(m['name'], 'null')})"
        if role == "tool":
            label += f" → {_str(m.get('tool_call_id'))}"
        weight = m.get("weight")
        if type(weight) in (int, float) and weight == 0:
            label += " · weight 0, not trained"
        text = "\n".join(filter(None, [_text_of(m.get("content"))] + _calls(m)))
        out.append((role, label, text))
    for key, role in (("preferred_output", "preferred"), ("non_preferred_output", "rejected")):
        outputs = data.get(key)
        for m in outputs if isinstance(outputs, list) else []:
            if limit is not None and len(out) >= limit:
                return out
            out.append((role, role, _text_of(m.get("content")) if isinstance(m, dict) else _json(m)))
    return out


def _fold(text: str, folded: bool) -> tuple[str, int]:
    if not folded:
        return text, 0
    head = text[: FOLD_CHARS + 1]
    if head.count("\n") < FOLD_LINES and len(text) <= FOLD_CHARS:
        return text, 0
    shown = "\n".join(head.split("\n")[:FOLD_LINES])[:FOLD_CHARS]
    rest = text.count("\n", len(shown)) - text.endswith("\n")
    return shown, max(1, rest)


def showing(shown: int, total: int, what: str) -> Text:
    """The "showing the first N of M <what>" line under a bounded view."""
    return Text(f"… showing the first {shown:,} of {total:,} {what}", style="bold yellow")


def render_example(example: Example, format_name: str, *, raw: bool = False, folded: bool = True) -> RenderableType:
    """The example as a conversation (or raw JSON), with its own problems on top.

    The view is bounded whatever the size of the line: at most :data:`MAX_TURNS`
    turns and :data:`MAX_CHARS` characters in all, :data:`MAX_TURN_CHARS` per turn,
    and :data:`RAW_CHARS` characters of raw text, each cut saying "showing the first N of M".
    Never raises, whatever the line holds: text of any shape is drawn as it is (see
    :func:`safe`), and a line that cannot be drawn as a conversation says so.
    """
    parts: list[RenderableType] = [render_problem(p) for p in example.problems[:MAX_PROBLEMS]]
    if len(example.problems) > MAX_PROBLEMS:
        parts.append(showing(MAX_PROBLEMS, len(example.problems), "problems of this line"))
    try:
        if raw or example.data is None:
            parts += _raw(example.raw)
        else:
            parts += _conversation(example.data, format_name, folded)
    except Exception as e:  # noqa: BLE001 - a view never raises: say so, show the line as is
        parts.append(
            Text(
                f"This example cannot be drawn as a conversation ({type(e).__name__}); the line as it is:",
                style="bold yellow",
            )
        )
        parts.append(Text(safe(example.raw[:RAW_CHARS])))
    return Group(*parts)


def _raw(line: str) -> list[RenderableType]:
    """The line indented when it is JSON that can be shown safely, else as is (bounded)."""
    body = pretty_json(line) if len(line) <= RAW_CHARS else line
    parts: list[RenderableType] = [Text(safe(body[:RAW_CHARS]))]
    if len(body) > RAW_CHARS:
        parts.append(showing(RAW_CHARS, len(body), "characters (the line is shown as is)"))
    return parts


def _conversation(data: Any, format_name: str, folded: bool) -> list[RenderableType]:
    """The turns of a parsed example (bounded)."""
    parts: list[RenderableType] = []
    total = turn_count(data, format_name)
    budget, drawn = MAX_CHARS, 0
    for role, label, text in turns(data, format_name, MAX_TURNS):
        if budget <= 0:
            break
        drawn += 1
        shown, hidden = _fold(text, folded)
        label = safe(label[:LABEL_CHARS])
        budget -= min(len(shown), MAX_TURN_CHARS) + len(label)
        parts.append(Text(label, style=ROLE_STYLES.get(role, "bold")))
        body = Text("  " + safe(shown[:MAX_TURN_CHARS]).replace("\n", "\n  "))
        if hidden:
            body.append(f"\n  … {hidden} more lines (z unfolds)", style="dim italic")
        parts.append(body)
        if len(shown) > MAX_TURN_CHARS:
            parts.append(showing(MAX_TURN_CHARS, len(shown), "characters of this message"))
    if total > drawn:
        parts.append(showing(drawn, total, "messages"))
    if not drawn:
        parts.append(
            Text(
                "Nothing in this line reads as a conversation (the problems above say why); r shows the line as it is.",
                style="italic",
            )
        )
    return parts


def render_line(
    path: str, start: int, end: int, index: int, line: int, format_name: str, *, raw: bool = False, folded: bool = True
) -> RenderableType:
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
    text = Text(f"{safe(where):>10} ", style="dim")
    text.append(f"{problem.code} ", style=style)
    text.append(safe(problem.message))
    return text


def render_problems_header(report: ScanReport, kinds: int = 3) -> Text:
    """Exact totals over the problems list; when the scan kept only part of the list
    (``report.truncated``), how many are listed and, per cut code, how many were found."""
    errors, warnings, listed = report.errors, report.warnings, len(report.problems)
    total = errors + warnings
    text = Text(f"{plural(total, 'problem')}: {plural(errors, 'error')}, {plural(warnings, 'warning')}", style="bold")
    if not report.truncated:
        return text
    text.append(f" (first {listed:,} listed)", style="bold yellow")
    kept: dict[str, int] = {}
    for p in report.problems:
        kept[p.code] = kept.get(p.code, 0) + 1
    cut = sorted(((n, code) for code, n in report.problem_counts.items() if n > kept.get(code, 0)), reverse=True)
    shown = " · ".join(f"{code}: {n:,} ({kept.get(code, 0):,} listed)" for n, code in cut[:kinds])
    more = f" · {len(cut) - kinds} more kinds" if len(cut) > kinds else ""
    text.append(f"\n{shown}{more}", style="dim")
    return text


def render_summary(report: ScanReport) -> Text:
    """Counts, tokens, limits and the cost estimate as text."""
    t, lim, c = report.tokens, report.limits, report.cost
    errors = report.errors
    text = Text()
    text.append(f"{report.format}", style="bold")
    text.append(
        f" · {plural(report.examples, 'example')} · {report.valid:,} valid · {plural(errors, 'error')} · "
        f"{plural(report.warnings, 'warning')} · {plural(report.duplicates, 'duplicate')}\n"
    )
    if report.cancelled:
        text.append("scan cancelled: partial figures\n", style="bold yellow")
    kind = "exact" if t.exact else "estimate"
    text.append(
        f"tokens ({t.encoding}, {kind}): total {t.total:,} · mean {t.mean:,.0f} · "
        f"min {t.min:,} · p5 {t.p5:,.0f} · p50 {t.p50:,.0f} · p95 {t.p95:,.0f} · "
        f"max {t.max:,} · assistant {t.assistant_total:,}\n"
    )
    limit = lim["max_tokens_per_example"]
    text.append(
        f"limits ({lim['model']}): {'-' if limit is None else f'{limit:,}'} tokens per "
        f"example, {lim['examples_over_token_limit']:,} over; at least "
        f"{lim['min_examples'] or '-'} examples\n"
    )
    usd = "price unknown" if c.usd is None else f"${c.usd:,.2f}"
    text.append(f"cost: {plural(c.epochs, 'epoch')} · {c.billed_tokens:,} billed tokens · ", style="")
    text.append(usd, style="bold")
    for note in report.notes:
        text.append(f"\n{safe(note)}", style="yellow")
    return text


def histogram_bins(pairs: tuple[tuple[int, int], ...], bins: int = 12) -> list[tuple[int, int, int]]:
    """Group ``(tokens, count)`` pairs into at most ``bins`` bars of equal width: ``(low, high, count)``."""
    if not pairs:
        return []
    lo, hi = pairs[0][0], pairs[-1][0]
    width = max(1, -(-(hi - lo + 1) // bins))
    heights = [0] * (-(-(hi - lo + 1) // width))
    for value, count in pairs:
        heights[(value - lo) // width] += count
    return [(lo + i * width, lo + (i + 1) * width - 1, n) for i, n in enumerate(heights)]
