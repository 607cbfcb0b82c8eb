"""Mixed into the datasets pane: tabs, the hideable file list and focus; the lists' keys (j/k, g/G)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, work
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import OptionList, Static, TabbedContent
from textual.worker import get_current_worker

from ftui.tui.panes.datasets_browser import FileBrowser

if TYPE_CHECKING:
    from ftui.datasets import Dataset


@dataclass
class LastKnown(Message):
    """The open file was indexed to its end (``G`` asked for its last example)."""

    path: str
    """The file."""


class ProblemList(OptionList):
    """The problems of the open file; Enter goes to the line's example."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Go to line"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "first", "First", show=False),
        Binding("G", "last", "Last", show=False),
    ]


class DatasetHeader(Static):
    """The header over the example; fitted again (by the pane) whenever its width changes."""

    class Refit(Message):
        """The header's width changed: the pane fits its text again."""

    def on_resize(self) -> None:
        """Ask the pane to fit the text to the new width."""
        self.post_message(self.Refit())


class ExampleScroll(VerticalScroll):
    """The example shown; ``j``/``k`` scroll it (``g``/``G`` go to the first/last example)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll_down", "Scroll down", show=False),
        Binding("k", "scroll_up", "Scroll up", show=False),
    ]


class KeyActions:
    """Tabs, file list and focus of the datasets pane; first and last example."""

    dataset: Dataset | None
    index: int

    if TYPE_CHECKING:
        screen: Any

        def query_one(self, selector: Any, expect_type: Any = None) -> Any: ...  # noqa: D102
        def notify(self, message: str, **kwargs: Any) -> None: ...  # noqa: D102
        def post_message(self, message: Message) -> bool: ...  # noqa: D102
        def call_after_refresh(self, callback: Any, *args: Any) -> bool: ...  # noqa: D102
        def _show(self) -> None: ...
        def _go(self, index: int) -> None: ...

    def action_tab(self, tab: str) -> None:
        """Switch tab and focus what is in it."""
        self.query_one(TabbedContent).active = tab
        target = {"ds-tab-examples": "#ds-example", "ds-tab-problems": "#ds-problems", "ds-tab-stats": "#ds-stats"}[tab]
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

    # first and last example --------------------------------------------------------------

    def action_first_example(self) -> None:
        """Go to the first example."""
        if self.dataset is not None and self.dataset.has(0):
            self._go(0)

    def action_last_example(self) -> None:
        """Go to the last example (a file not indexed to its end is indexed first, in a worker)."""
        ds = self.dataset
        if ds is None:
            return
        if ds.known_count is not None:
            if ds.known_count:
                self._go(ds.known_count - 1)
            return
        self.notify("Finding the last example (indexing the file)…", timeout=3)
        self._index_to_end(ds)

    @work(thread=True, exclusive=True, exit_on_error=False, group="dataset-last")
    def _index_to_end(self, ds: Dataset) -> None:
        """Index the whole file off the main thread, then say so."""
        worker = get_current_worker()
        if ds.index_all(cancel=lambda: worker.is_cancelled):
            self.post_message(LastKnown(ds.path))

    def on_last_known(self, event: LastKnown) -> None:
        """The file is indexed to its end: show its last example."""
        ds = self.dataset
        if ds is not None and ds.path == event.path and ds.known_count:
            self._go(ds.known_count - 1)
