"""A one-line header that never cuts: too long a line is shortened in the middle, with a mark (``…``).

Both ends of a header say the most (what it is; how many, how fresh), so the middle gives way:
``● my-very-long-prof…api.example.com)   5 jobs · updated 07:41:40``.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.app import RenderResult
from textual.widgets import Static

ELLIPSIS = "…"
"""The mark of a shortened text."""


def shorten_middle(text: Text, width: int) -> Text:
    """``text`` (styles kept) in at most ``width`` cells: unchanged when it fits, else its ends around ``…``."""
    if width <= 0:
        return Text()
    if cell_len(text.plain) <= width:
        return text
    if width == 1:
        return Text(ELLIPSIS)
    room = width - 1
    head_cells = (room + 1) // 2
    tail_cells = room - head_cells
    plain = text.plain
    head = 0
    while head < len(plain) and cell_len(plain[: head + 1]) <= head_cells:
        head += 1
    tail = len(plain)
    while tail > head and cell_len(plain[tail - 1 :]) <= tail_cells:
        tail -= 1
    shortened = text[:head]
    shortened.append(ELLIPSIS, style="dim")
    shortened.append_text(text[tail:])
    return shortened


class FitLine(Static):
    """A one-line ``Static`` whose text is shortened in the middle to its width (never cut at the end)."""

    def render(self) -> RenderResult:
        """The content, shortened in the middle to the width inside the padding."""
        content = self.content
        if isinstance(content, str):
            content = Text.from_markup(content) if self._render_markup else Text(content)
        if not isinstance(content, Text):
            return super().render()
        line = content.copy()
        line.no_wrap = True
        return shorten_middle(line, self.content_region.width or self.size.width)
