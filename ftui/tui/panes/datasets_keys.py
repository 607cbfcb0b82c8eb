"""Mixed into the datasets pane: tabs, the hideable file list and focus, and the ``/`` regex filter.

The search runs in a thread worker (a match may be millions of lines away) and posts
``DatasetsPane.Found``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from textual import events, work
from textual.message import Message
from textual.widgets import Input, TabbedContent
from textual.worker import get_current_worker

from ftui.tui.panes.datasets_browser import FileBrowser

if TYPE_CHECKING:
    from ftui.datasets import Dataset


class KeyActions:
    """Tabs, file list, focus and filtering of the datasets pane."""

    dataset: Dataset | None
    index: int
    pattern: re.Pattern[str] | None

    if TYPE_CHECKING:
        Found: Any
        screen: Any

        def query_one(self, selector: Any, expect_type: Any = None) -> Any: ...  # noqa: D102
        def notify(self, message: str, **kwargs: Any) -> None: ...  # noqa: D102
        def post_message(self, message: Message) -> bool: ...  # noqa: D102
        def call_after_refresh(self, callback: Any, *args: Any) -> bool: ...  # noqa: D102
        def _show(self) -> None: ...

    def action_tab(self, tab: str) -> None:
        """Switch tab and focus what is in it."""
        self.query_one(TabbedContent).active = tab
        target = {"ds-tab-examples": "#ds-example", "ds-tab-problems": "#ds-problems", "ds-tab-stats": "#ds-model"}[tab]
        self.query_one(target).focus()

    def action_toggle_browser(self) -> None:
        """Hide or show the file list (more room at 80 columns); focus follows what is visible."""
        browser = self.query_one(FileBrowser)
        browser.toggle_class("-hidden")
        if not browser.has_class("-hidden"):
            browser.focus()
        elif browser.has_focus or self.screen.focused is None:
            self._focus_tab()

    def _focus_tab(self) -> None:
        """Focus what the active tab shows (the example, the problems, the stats)."""
        tab = self.query_one(TabbedContent).active or "ds-tab-examples"
        self.query_one(
            {"ds-tab-examples": "#ds-example", "ds-tab-problems": "#ds-problems", "ds-tab-stats": "#ds-stats"}.get(
                tab, "#ds-example"
            )
        ).focus()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """The hidden file list never keeps the focus (a tab switch may hand it the focus)."""
        browser = self.query_one(FileBrowser)
        if event.widget is browser and browser.has_class("-hidden"):
            self.call_after_refresh(self._focus_tab)

    # filtering -------------------------------------------------------------------------

    def action_filter(self) -> None:
        """Open the regex filter."""
        box = self.query_one("#ds-filter", Input)
        box.add_class("-open")
        box.focus()

    def _filter(self, value: str) -> None:
        """Apply the filter typed in the box (an empty one clears it)."""
        box = self.query_one("#ds-filter", Input)
        box.remove_class("-open")
        if not value:
            self.action_clear_filter()
            return
        try:
            self.pattern = re.compile(value)
        except re.error as e:
            self.notify(f"bad regex: {e}", severity="error")
            return
        self.action_tab("ds-tab-examples")
        self._find(self.index, 1)

    def action_clear_filter(self) -> None:
        """Drop the filter."""
        box = self.query_one("#ds-filter", Input)
        if box.has_class("-open"):
            box.remove_class("-open")
            self.query_one("#ds-example").focus()
        if self.pattern is not None:
            self.pattern = None
            self._show()

    def action_match(self, step: int) -> None:
        """Next/previous example matching the filter."""
        if self.pattern is not None:
            self._find(self.index + step, step)

    def _find(self, start: int, step: int) -> None:
        if self.dataset is not None and self.pattern is not None and start >= 0:
            self._search(self.dataset, self.pattern, start, step < 0)

    @work(thread=True, exclusive=True, exit_on_error=False, group="dataset-find")
    def _search(self, ds: Dataset, pattern: re.Pattern[str], start: int, backwards: bool) -> None:
        worker = get_current_worker()
        self.post_message(self.Found(ds.find(pattern, start, backwards, cancel=lambda: worker.is_cancelled)))

    def on_datasets_pane_found(self, event: Any) -> None:
        """Show the match."""
        if event.index is None:
            self.notify("No (more) matches.", timeout=2)
            return
        self.index = event.index
        self._show()
