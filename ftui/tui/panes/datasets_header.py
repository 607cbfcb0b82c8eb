"""The datasets pane's header line: file, format, "example 2 of 120", line, errors, find.

It fits the width it gets: the file name is shortened in the middle first (its end, with the
extension, stays), and "example 2 of 120" is never cut; when even a short name leaves no room,
the errors and the find move to a second line. The full path stays reachable (``y`` copies it,
the stats tab shows it wrapped).
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text

from ftui.datasets.display import safe
from ftui.tui.panes.datasets_browser import shorten_middle

SEP = " · "
MIN_NAME = 12
"""Cells a shortened file name keeps at least."""
PATTERN_CELLS = 24
"""Cells a find pattern takes at most in the header (shortened in the middle)."""


def find_part(pattern: str, count: str) -> Text:
    """``find /regex/ match 2 of 7``."""
    return Text(f"find /{shorten_middle(safe(pattern), PATTERN_CELLS)}/ {count}", style="bold yellow")


def header_text(name: str, parts: list[Text | str], tail: list[Text | str], width: int) -> Text:
    """``name · parts… · tail…`` in ``width`` cells (0: not laid out yet, the whole name).

    ``parts`` (format, example, line) stay on the first line whole; ``tail`` (errors, find)
    follows on the same line when it fits, else on a second line.
    """
    head = Text(SEP).join(Text(p) if isinstance(p, str) else p for p in parts)
    rest = Text(SEP).join(Text(p) if isinstance(p, str) else p for p in tail)
    name = safe(name)
    if not width:
        return _line(name, head, rest, " · ")
    one_line = width - cell_len(SEP) - head.cell_len - (cell_len(SEP) + rest.cell_len if tail else 0)
    if one_line >= min(MIN_NAME, cell_len(name)):
        return _line(shorten_middle(name, one_line), head, rest, SEP)
    first = width - cell_len(SEP) - head.cell_len
    return _line(shorten_middle(name, max(MIN_NAME, first)), head, rest, "\n")


def _line(name: str, head: Text, rest: Text, between: str) -> Text:
    text = Text(name, style="bold")
    text.append(SEP)
    text.append_text(head)
    if rest.plain:
        text.append(between)
        text.append_text(rest)
    return text
