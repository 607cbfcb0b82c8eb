"""The help screen: every key, read from the bindings (so it cannot list a key that does nothing).

The section for where you are comes first, then "Everywhere", then the rest. ``j``/``k``, ``g``/``G``,
the arrows and PageUp/PageDown scroll it; at 80×24 it scrolls rather than being cut.
"""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static, TabbedContent

from ftui.tui.help_keys import SECTIONS, Section, everywhere, section_rows


class HelpBody(VerticalScroll):
    """The scrolling body of the help: the arrows and page keys, and j/k, g/G as in every list."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll_down", "Down", show=False),
        Binding("k", "scroll_up", "Up", show=False),
        Binding("g", "scroll_home", "Top", show=False),
        Binding("G", "scroll_end", "Bottom", show=False),
    ]


def where(stack: list[Screen[object]]) -> str:
    """Where the user is: the active tab of the main screen, or the class name of the screen on top."""
    screens = [s for s in stack if not isinstance(s, HelpScreen) and type(s).__name__ != "TooSmallScreen"]
    if not screens:
        return ""
    top = screens[-1]
    if type(top).__name__ == "MainScreen":
        tabs = top.query("#tabs")
        if tabs and isinstance(tabs.first(), TabbedContent):
            return str(tabs.first(TabbedContent).active)
    return type(top).__name__


def ordered(here: str) -> list[Section]:
    """The sections, the one for ``here`` first."""
    first = [s for s in SECTIONS if here in s.here]
    return first + [s for s in SECTIONS if s not in first]


class HelpScreen(ModalScreen[None]):
    """A modal listing the keys; Esc, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close"),
    ]

    def __init__(self, underneath: Screen[object] | None = None) -> None:
        super().__init__()
        self._underneath = underneath

    def _tabs(self) -> list[tuple[str, str]]:
        try:
            from ftui.tui.screens.main_tabs import TABS
        except ImportError:  # pragma: no cover - the panes always import
            return []
        return [(str(number), tab.label) for number, tab in enumerate(TABS, 1)]

    def compose(self) -> ComposeResult:
        """The key table: where you are, everywhere, then every other part."""
        here = where(list(self.app.screen_stack))
        sections = ordered(here)
        table = Table(box=None, show_header=False, padding=(0, 1), expand=False)
        table.add_column(style="bold cyan", no_wrap=True, max_width=22)
        table.add_column()

        def add(title: str, rows: list[tuple[str, str]]) -> None:
            table.add_row(Text(title, style="bold underline"), "")
            for key, what in rows:
                table.add_row(Text(key), Text(what))  # no markup: keys like "[" are text
            table.add_row("", "")

        if sections and here in sections[0].here:
            add(f"{sections[0].title} (here)", section_rows(self.app, sections[0]))
            sections = sections[1:]
        add("Everywhere", everywhere(self.app, self._tabs()))
        for section in sections:
            add(section.title, section_rows(self.app, section))
        with HelpBody(id="help-body"):
            yield Static("[b]ftui keys[/b]  (esc closes · j/k, g/G, PgUp/PgDn scroll)\n")
            yield Static(table)

    def on_mount(self) -> None:
        """Focus the body so j/k, arrows and page keys scroll it."""
        self.query_one("#help-body").focus()

    async def action_dismiss(self, result: None = None) -> None:
        """Close the help."""
        self.dismiss(result)
