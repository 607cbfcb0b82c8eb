"""Mixed into the datasets pane: ``/`` finds examples by regex, ``n``/``N`` step through the matches.

Find never hides examples: it moves to the next one that matches, highlights the matches in
the example shown and counts them ("match 2 of 7" in the header). The matches are collected
by a thread worker walking the file (a match may be millions of lines away); it posts what
it found so far, so the first match shows at once and the count grows until the end.
Stepping past the last match wraps to the first and says so; nothing is ever silent.
"""

from __future__ import annotations

import re
import time
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rich.console import Group, RenderableType
from rich.style import Style
from rich.text import Text
from textual import work
from textual.message import Message
from textual.widgets import Input
from textual.worker import get_current_worker

from ftui.datasets.display import safe

if TYPE_CHECKING:
    from ftui.datasets import Dataset

MATCH_STYLE = Style(color="black", bgcolor="yellow", bold=True, underline=True)
"""How a match is drawn in the example (bold and underlined too, for terminals without colour)."""
MAX_MATCHES = 100_000
"""Matches counted at most (then the count reads "100,000+")."""
POST_EVERY = 0.2
"""Seconds between the worker's progress messages."""


@dataclass
class MatchesFound(Message):
    """Matches the find worker found since its last message."""

    find_id: int
    """Which find this is (a newer one makes it stale)."""
    indices: list[int] = field(default_factory=list)
    """Example indices that match, ascending."""
    done: bool = False
    """The whole file was searched (or :data:`MAX_MATCHES` were found)."""
    capped: bool = False
    """The count stopped at :data:`MAX_MATCHES`."""


def highlight(body: RenderableType, pattern: re.Pattern[str]) -> int:
    """Style every match of ``pattern`` in the texts of ``body`` (a Text or a Group of them); how many."""
    if isinstance(body, Text):
        return body.highlight_regex(pattern, MATCH_STYLE)
    if isinstance(body, Group):
        return sum(highlight(part, pattern) for part in body.renderables)
    return 0


def match_line(lines: list[list[Any]]) -> int | None:
    """The first line (of rendered segments) that holds a highlighted match."""
    for y, segments in enumerate(lines):
        for segment in segments:
            style = getattr(segment, "style", None)
            if style is not None and style.bgcolor == MATCH_STYLE.bgcolor and style.underline:
                return y
    return None


class FindActions:
    """``/`` opens the find box, Enter finds, ``n``/``N`` step, Esc ends the find."""

    dataset: Dataset | None
    index: int
    pattern: re.Pattern[str] | None
    matches: list[int]
    matches_done: bool
    matches_capped: bool
    _find_id: int
    _jump_from: int | None
    """Go to the first match at or after this example once it is known (None: no jump wanted)."""

    if TYPE_CHECKING:

        def query_one(self, selector: Any, expect_type: Any = None) -> Any: ...  # noqa: D102
        def notify(self, message: str, **kwargs: Any) -> None: ...  # noqa: D102
        def post_message(self, message: Message) -> bool: ...  # noqa: D102
        def action_tab(self, tab: str) -> None: ...  # noqa: D102
        def _show(self) -> None: ...
        def _header(self) -> None: ...
        def _go(self, index: int) -> None: ...

    def reset_find(self) -> None:
        """Forget the find (a new file, or Esc): a find still walking the file stops."""
        self.pattern = None
        self.matches, self.matches_done, self.matches_capped = [], False, False
        self._find_id = getattr(self, "_find_id", 0) + 1
        self._jump_from = None

    def action_find(self) -> None:
        """Open the find box."""
        box = self.query_one("#ds-find", Input)
        box.add_class("-open")
        box.focus()

    def _find(self, value: str) -> None:
        """Find what was typed in the box (an empty box ends the find)."""
        box = self.query_one("#ds-find", Input)
        box.remove_class("-open")
        if not value:
            self.action_clear_find()
            return
        try:
            pattern = re.compile(value)
        except re.error as e:
            self.notify(f"bad regex: {e}", severity="error")
            return
        self.reset_find()
        self.pattern = pattern
        self.action_tab("ds-tab-examples")
        if self.dataset is None:
            return
        self._jump_from = self.index
        self._show()
        self._collect(self.dataset, pattern, self._find_id)

    def action_clear_find(self) -> None:
        """Close the find box, or end the find."""
        box = self.query_one("#ds-find", Input)
        if box.has_class("-open"):
            box.remove_class("-open")
            self.query_one("#ds-example").focus()
            return
        if self.pattern is not None:
            self.reset_find()
            self._show()

    @work(thread=True, exclusive=True, exit_on_error=False, group="dataset-find")
    def _collect(self, ds: Dataset, pattern: re.Pattern[str], find_id: int) -> None:
        """Walk the file, posting the matching examples as they are found."""
        worker = get_current_worker()
        try:
            self._walk(ds, pattern, find_id, lambda: worker.is_cancelled or find_id != self._find_id)
        except (OSError, ValueError):
            if find_id == self._find_id:
                raise  # the file went away under the find: the pane says so
            # else the file was closed for another one: this find is over anyway

    def _walk(self, ds: Dataset, pattern: re.Pattern[str], find_id: int, stale: Callable[[], bool]) -> None:
        batch: list[int] = []
        found, last, i = 0, time.monotonic(), 0
        while ds.has(i):
            if pattern.search(ds.raw_line(i)):
                batch.append(i)
                found += 1
                full = found >= MAX_MATCHES
                if found == 1 or full:  # the first match shows at once
                    self.post_message(MatchesFound(find_id, batch, done=full, capped=full))
                    batch = []
                    if full:
                        return
            i += 1
            if i % 256 == 0:
                if stale():
                    return
                if batch and time.monotonic() - last > POST_EVERY:
                    self.post_message(MatchesFound(find_id, batch))
                    batch, last = [], time.monotonic()
        self.post_message(MatchesFound(find_id, batch, done=True))

    def on_matches_found(self, event: MatchesFound) -> None:
        """Count the new matches; make a pending jump once its match is known."""
        if event.find_id != self._find_id or self.pattern is None:
            return
        self.matches.extend(event.indices)
        self.matches_done, self.matches_capped = event.done, event.capped
        if self._jump_from is not None:
            k = bisect_left(self.matches, self._jump_from)
            if k < len(self.matches):
                self._jump_from = None
                self._go(self.matches[k])
                return
            if self.matches_done:
                self._jump_from = None
                if not self.matches:
                    self.notify(f"No example matches /{safe(self.pattern.pattern)}/.", severity="warning")
                    self.reset_find()
                    self._show()
                    return
                n = len(self.matches)
                self.notify(f"No match from here to the end: wrapped to the first of {n:,} match{'es' * (n != 1)}.")
                self._go(self.matches[0])
                return
        self._header()  # the count

    def is_match(self, index: int) -> bool:
        """Whether example ``index`` is a known match."""
        k = bisect_left(self.matches, index)
        return k < len(self.matches) and self.matches[k] == index

    def count_text(self) -> str:
        """``match 2 of 7`` (``7+`` while counting); ``7 matches`` when the example shown is not one."""
        total = f"{len(self.matches):,}" + ("" if self.matches_done and not self.matches_capped else "+")
        k = bisect_left(self.matches, self.index)
        if k < len(self.matches) and self.matches[k] == self.index:
            return f"match {k + 1:,} of {total}"
        if not self.matches:
            return "searching…" if not self.matches_done else "no matches"
        return f"{total} match{'es' * (total != '1')}"

    def action_match(self, step: int) -> None:
        """Next (``step`` 1) or previous (-1) match; past the last it wraps and says so."""
        if self.pattern is None:
            self.notify("No find running: / finds examples by regex.", timeout=3)
            return
        if step > 0:
            k = bisect_right(self.matches, self.index)
            if k < len(self.matches):
                self._go(self.matches[k])
            elif not self.matches_done:
                self._jump_from = self.index + 1
                self.notify(f"Still searching ({len(self.matches):,} matches so far): goes there when found.")
            elif self.matches:
                n = f"{len(self.matches):,}" + ("+" if self.matches_capped else "")
                if n == "1":
                    self.notify("The only match (1 of 1): no more matches.")
                else:
                    self.notify(f"Last match ({n} of {n}): no more matches, wrapped to the first.")
                self._go(self.matches[0])
            else:
                self.notify(f"No example matches /{safe(self.pattern.pattern)}/.", severity="warning")
            return
        k = bisect_left(self.matches, self.index) - 1
        if k >= 0:
            self._go(self.matches[k])
        elif not self.matches_done:
            self.notify("First match: the last is not known yet (still searching).")
        elif self.matches:
            self.notify(f"First match (1 of {len(self.matches):,}): wrapped to the last.")
            self._go(self.matches[-1])
        else:
            self.notify(f"No example matches /{safe(self.pattern.pattern)}/.", severity="warning")
