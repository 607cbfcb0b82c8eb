"""What the Evaluate screen shows, without any widget: row cells, the example panel, the summary line."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import DataTable

from ftui.evaluate.runner import CANCELLED, ExampleResult, SideResult
from ftui.evaluate.summary import EvalSummary, summarize
from ftui.tui.panes.models_view import middle

SIDE_BY_SIDE = 120
"""From this many columns on, the reference and both answers stand side by side (stacked below)."""
VERDICT_MARK = {"better": ("A better", "bold green"), "same": ("same", "yellow"), "worse": ("A worse", "bold red")}
"""How each verdict is shown."""
VERDICT_KEYS = {"b": "better", "plus": "better", "s": "same", "equals_sign": "same", "w": "worse", "minus": "worse"}
"""Keys that set a verdict (A compared to B)."""
_PROMPT_LINES = 8


def side_cell(result: ExampleResult, name: str) -> Text:
    """One side's status and F1 for the table: ``✓ 0.82``, ``✗ failed``, ``… 120 ch``, ``·``."""
    side = result.side(name)
    if side.done and side.error == CANCELLED:
        return Text("- cancelled", style="dim")
    if side.done and side.error is not None:
        return Text("✗ failed", style="bold red")
    if side.done:
        f1 = result.scores.get(name, {}).get("f1")
        exact = result.scores.get(name, {}).get("exact")
        text = Text("✓ ", style="green")
        text.append("exact" if exact else (f"F1 {f1:.2f}" if isinstance(f1, (int, float)) else "answered"))
        return text
    if side.text:
        return Text(f"… {len(side.text)} ch", style="cyan")
    return Text("·", style="dim")


def verdict_cell(result: ExampleResult) -> Text:
    """The user's verdict, or a dot."""
    if result.verdict in VERDICT_MARK:
        label, style = VERDICT_MARK[result.verdict]
        return Text(label, style=style)
    return Text("·", style="dim")


def row(result: ExampleResult) -> tuple[Text, Text, Text, Text]:
    """The table row of an example: line number, A, B, verdict."""
    return (
        Text(str(result.example.index), justify="right"),
        side_cell(result, "a"),
        side_cell(result, "b"),
        verdict_cell(result),
    )


def _message_text(message: Any) -> str:
    content = message.get("content") if isinstance(message, dict) else None
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(p.get("text", "") for p in content if isinstance(p, dict) and isinstance(p.get("text"), str))
    return "" if content is None else str(content)


def prompt_text(result: ExampleResult, max_lines: int = _PROMPT_LINES) -> Text:
    """The conversation up to the last assistant turn (the last lines when it is long)."""
    lines: list[tuple[str, str]] = []
    for message in result.example.prompt:
        role = str(message.get("role", "?")) if isinstance(message, dict) else "?"
        for number, line in enumerate(_message_text(message).splitlines() or [""]):
            lines.append((f"{role}: " if number == 0 else "  ", line))
    text = Text()
    if len(lines) > max_lines:
        text.append(f"({len(lines) - max_lines} earlier lines)\n", style="dim")
        lines = lines[-max_lines:]
    for number, (label, line) in enumerate(lines):
        if number:
            text.append("\n")
        text.append(label, style="bold")
        text.append(line)
    return text


def answer_text(side: SideResult) -> Text:
    """One model's answer as it stands (streaming, failed, cancelled or done)."""
    if side.done and side.error == CANCELLED:
        return Text("(cancelled before it answered)", style="dim")
    if side.done and side.error is not None:
        return Text(f"failed: {side.error}", style="red")
    if not side.text:
        return Text("(waiting…)" if not side.done else "(empty answer)", style="dim")
    text = Text(side.text)
    if not side.done:
        text.append(" ▌", style="cyan")
    return text


def _scores(result: ExampleResult, name: str) -> str:
    scores = result.scores.get(name)
    if not scores:
        return ""
    parts = []
    if scores.get("exact") is not None:
        parts.append("exact" if scores["exact"] else "not exact")
    f1 = scores.get("f1")
    if isinstance(f1, (int, float)):
        parts.append(f"F1 {f1:.2f}")
    if scores.get("json") is not None:
        parts.append("valid JSON" if scores["json"] else "invalid JSON")
    return " · ".join(parts)


def _heading(label: str, model: str, result: ExampleResult | None = None, side: str = "", room: int = 0) -> Text:
    """``label``, the model and its scores on one line of ``room`` cells: a long model id is shortened in the middle."""
    scores = _scores(result, side) if result is not None and side else ""
    text = Text(label, style="bold underline", no_wrap=True, overflow="ellipsis")
    if model:
        left = room - len(label) - 1 - (len(scores) + 2 if scores else 0)
        text.append(f" {middle(model, max(12, left)) if room else model}", style="bold cyan")
    if scores:
        text.append(f"  {scores}", style="dim")
    return text


def example_panel(result: ExampleResult, model_a: str, model_b: str, width: int) -> RenderableType:
    """The selected example: prompt, reference and both answers (side by side when wide, else stacked)."""
    head = Text(f"Example at line {result.example.index}", style="bold")
    if result.verdict in VERDICT_MARK:
        label, style = VERDICT_MARK[result.verdict]
        head.append(f"  verdict: {label}", style=style)
    prompt = Group(_heading("Prompt", ""), prompt_text(result, _PROMPT_LINES if width >= SIDE_BY_SIDE else 4))
    reference = Text(result.example.reference)
    if width >= SIDE_BY_SIDE:
        column = max(20, (width - 4) // 3 - 2)  # the panel's padding and scrollbar; each column's padding
        table = Table(box=None, expand=True, padding=(0, 1), show_edge=False)
        table.add_column(_heading("Reference", ""), ratio=1, overflow="fold")
        table.add_column(_heading("A", model_a, result, "a", column), ratio=1, overflow="fold")
        table.add_column(_heading("B", model_b, result, "b", column), ratio=1, overflow="fold")
        table.add_row(reference, answer_text(result.a), answer_text(result.b))
        return Group(head, prompt, Text(""), table)
    return Group(
        head,
        prompt,
        Text(""),
        _heading("Reference", ""),
        reference,
        Text(""),
        _heading("A", model_a, result, "a", width - 4),
        answer_text(result.a),
        Text(""),
        _heading("B", model_b, result, "b", width - 4),
        answer_text(result.b),
    )


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def summary_text(results: list[ExampleResult], summary: EvalSummary | None = None, wide: bool = True) -> Text:
    """One line: exact match, F1 and valid JSON per side, failures, verdicts and the win rate."""
    summary = summary or summarize(results)
    text = Text()
    for name, side in (("A", summary.a), ("B", summary.b)):
        text.append(f"{name} ", style="bold")
        text.append(f"exact {_pct(side.exact)} F1 {_num(side.f1)}")
        if side.json is not None:
            text.append(f" JSON {_pct(side.json)}")
        if side.failed:
            text.append(f" {side.failed} failed", style="red")
        text.append(" · " if wide else " ")
    verdicts = summary.verdicts
    text.append(f"win rate {_pct(summary.win_rate)}", style="bold")
    counts = f"{verdicts.get('better', 0)}/{verdicts.get('same', 0)}/{verdicts.get('worse', 0)}"
    text.append(f" ({counts} better/same/worse)" if wide else f" ({counts} b/s/w)", style="dim")
    return text


def progress_text(results: list[ExampleResult]) -> tuple[int, int, str]:
    """(sides ended, sides in all, words) for the progress line."""
    total = 2 * len(results)
    ended = sum(1 for r in results for side in (r.a, r.b) if side.done)
    failed = sum(1 for r in results for side in (r.a, r.b) if side.done and side.error not in (None, CANCELLED))
    words = f"{ended}/{total} answers"
    if failed:
        words += f" · {failed} failed"
    return ended, total, words


class EvalTable(DataTable[Text | str]):
    """The examples, one row each, with vim-style movement."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "scroll_top", "First", show=False),
        Binding("G", "scroll_bottom", "Last", show=False),
    ]


def drawn_state(result: ExampleResult) -> tuple[object, ...]:
    """What the example panel shows of ``result`` (it is redrawn only when this changes)."""
    a, b = result.a, result.b
    return (a.text, a.done, b.text, b.done, result.verdict, tuple(sorted(result.scores)))
