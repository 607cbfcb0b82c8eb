"""The datasets pane's header: file, format, "example 2 of 120", line, errors, find.

It fits the width it gets: the file name is shortened in the middle first (its end, with the
extension, stays), and "example 2 of 120" is never cut; when even a short name leaves no room,
the example, line, errors and find move to a second line. The full path stays reachable (``y`` copies it,
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
ONE_LINE_NAME = 32
"""Cells the name keeps at least for the header to stay on one line (else it takes two)."""
PATTERN_CELLS = 24
"""Cells a find pattern takes at most in the header (shortened in the middle)."""
MIN_PATTERN = 4
"""Cells a find pattern keeps at least."""


def find_part(pattern: str, count: str, room: int = PATTERN_CELLS, word: str = "find ") -> Text:
    """``find /regex/ match 2 of 7``, the regex shortened in the middle to ``room`` cells."""
    shown = shorten_middle(safe(pattern), max(MIN_PATTERN, min(room, PATTERN_CELLS)))
    return Text(f"{word}/{shown}/ {count}", style="bold yellow")


def _rest(parts: list[Text | str], width: int, find: tuple[str, str] | None, word: str) -> Text:
    """The parts and the find joined, the find's regex shortened to what ``width`` leaves."""
    rest = Text(SEP).join(Text(p) if isinstance(p, str) else p for p in parts)
    if find is not None:
        fixed = cell_len(f"{word}// {find[1]}") + (cell_len(SEP) if parts else 0)
        room = (width or 200) - rest.cell_len - fixed
        if rest.plain:
            rest.append(SEP)
        rest.append_text(find_part(find[0], find[1], room, word))
    return rest


def header_text(
    name: str,
    fmt: str,
    parts: list[Text | str],
    width: int,
    find: tuple[str, str] | None = None,
    optional: tuple[Text | str, ...] = (),
) -> Text:
    """``name · fmt · parts… · find`` in ``width`` cells (0: not laid out yet, the whole name).

    On one line when the name keeps at least :data:`ONE_LINE_NAME` cells; else the name and the
    format on the first line, the ``parts`` (example, line, errors) and the find on the second,
    the find's regex shortened to what is left of it; where that is still too long, the
    ``optional`` parts (the line number), the word "find" and then the regex go (the count stays).
    """
    name = safe(name)
    rest = _rest(parts, width, find, "find ")
    if not width:
        return _line(name, fmt, rest, SEP)
    one_line = width - 2 * cell_len(SEP) - cell_len(fmt) - (cell_len(SEP) + rest.cell_len if rest.plain else 0)
    if one_line >= min(ONE_LINE_NAME, cell_len(name)):
        return _line(shorten_middle(name, one_line), fmt, rest, SEP)
    if rest.cell_len > width:
        kept = [p for p in parts if p not in optional]
        rest = _rest(kept, width, find, "find ")
        if rest.cell_len > width:
            rest = _rest(kept, width, find, "")
        if rest.cell_len > width and find is not None:  # the count is what matters: the regex goes last
            rest = _rest(kept, width, None, "")
            rest.append(SEP if rest.plain else "")
            rest.append(find[1], style="bold yellow")
    first = width - cell_len(SEP) - cell_len(fmt)
    return _line(shorten_middle(name, max(MIN_NAME, first)), fmt, rest, "\n")


def _line(name: str, fmt: str, rest: Text, between: str) -> Text:
    text = Text(name, style="bold")
    text.append(f"{SEP}{fmt}")
    if rest.plain:
        text.append(between)
        text.append_text(rest)
    return text
