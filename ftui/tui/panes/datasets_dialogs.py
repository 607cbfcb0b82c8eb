"""Small dialogs of the datasets pane: pick the format to convert to."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

_CSS = """
ConvertScreen { align: center middle; }
#convert-box { width: 60; max-width: 95%; height: auto; max-height: 80%; border: round $primary;
               background: $surface; padding: 0 1; }
#convert-box OptionList { height: auto; max-height: 8; }
"""


class ConvertScreen(ModalScreen[str | None]):
    """Lists the target formats; Enter converts to one (into a new file), Esc cancels."""

    DEFAULT_CSS = _CSS
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, name: str, source_format: str, targets: list[str], folder: str) -> None:
        super().__init__()
        self._name = name
        self._format = source_format
        self._targets = targets
        self._folder = folder

    def compose(self) -> ComposeResult:
        """Title, where the new file goes, the targets."""
        with Vertical(id="convert-box"):
            yield Static(Text.assemble(("Convert ", "bold"), f"{self._name} ({self._format}) to…"))
            yield Static(Text(f"a new file in {self._folder} · Enter converts, Esc cancels", style="dim"))
            yield OptionList(*(Option(t, id=t) for t in self._targets), id="convert-targets")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter converts."""
        event.stop()
        self.dismiss(event.option.id)
