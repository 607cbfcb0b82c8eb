"""Small dialogs of the launch pane: name a preset, pick a preset."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

_CSS = """
PresetNameScreen, PresetPickScreen { align: center middle; }
#preset-box { width: 50; max-width: 95%; height: auto; max-height: 80%; border: round $primary;
              background: $surface; padding: 0 1; }
#preset-box OptionList { height: auto; max-height: 12; }
"""


class PresetNameScreen(ModalScreen[str | None]):
    """Asks for a preset name; Enter saves, Esc cancels."""

    DEFAULT_CSS = _CSS
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, suggestion: str = "") -> None:
        super().__init__()
        self._suggestion = suggestion

    def compose(self) -> ComposeResult:
        """Title and the name field."""
        with Vertical(id="preset-box"):
            yield Static("[b]Save preset[/b]  model, method, values, name, seed, metadata")
            yield Input(self._suggestion, placeholder="preset name", id="preset-name")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter saves (an empty name cancels)."""
        self.dismiss(event.value.strip() or None)


class PresetPickScreen(ModalScreen[str | None]):
    """Lists the presets; Enter loads one, Esc cancels."""

    DEFAULT_CSS = _CSS
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, names: list[str], details: dict[str, str]) -> None:
        super().__init__()
        self._names = names
        self._details = details

    def compose(self) -> ComposeResult:
        """Title and the list."""
        with Vertical(id="preset-box"):
            yield Static("[b]Load preset[/b]  (Enter loads, Esc cancels)")
            yield OptionList(*(Option(f"{n}  [dim]{self._details.get(n, '')}[/dim]", id=n) for n in self._names),
                             id="preset-list")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter loads."""
        self.dismiss(event.option.id)
