"""Small dialogs of the launch pane: name a preset, pick a preset, open an earlier launch or launch again;
and the pane's preset actions that open them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from ftui.launch.form import LaunchForm
from ftui.launch.store import apply_preset, load_presets, save_preset

_CSS = """
PresetNameScreen, PresetPickScreen, PriorLaunchScreen { align: center middle; }
#prior-box { width: 64; max-width: 95%; height: auto; border: round $warning; background: $surface; padding: 0 1; }
#prior-buttons { height: auto; align-horizontal: right; }
#prior-buttons Button { margin-left: 1; min-width: 12; }
#preset-box { width: 50; max-width: 95%; height: auto; max-height: 80%; border: round $primary;
              background: $surface; padding: 0 1; }
#preset-box OptionList { height: auto; max-height: 12; }
"""


class PresetNameScreen(ModalScreen[str | None]):
    """Asks for a preset name; Enter saves, Esc cancels."""

    DEFAULT_CSS = _CSS
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "Cancel")]

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
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, names: list[str], details: dict[str, str]) -> None:
        super().__init__()
        self._names = names
        self._details = details

    def compose(self) -> ComposeResult:
        """Title and the list."""
        with Vertical(id="preset-box"):
            yield Static("[b]Load preset[/b]  (Enter loads, Esc cancels)")
            yield OptionList(
                *(Option(f"{n}  [dim]{self._details.get(n, '')}[/dim]", id=n) for n in self._names), id="preset-list"
            )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter loads."""
        self.dismiss(event.option.id)


class PriorLaunchScreen(ModalScreen[str | None]):
    """ "This launch may already exist as ftjob-…; open it, or launch again?"

    Answers ``"open"`` (o, the focused button), ``"again"`` (l) or None (Esc: nothing happens).
    """

    DEFAULT_CSS = _CSS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "answer('open')", "Open it"),
        Binding("l", "answer('again')", "Launch again"),
        Binding("escape,q", "answer(None)", "Cancel"),
        Binding("left,h", "focus_previous", show=False),
        Binding("right", "focus_next", show=False),
    ]

    def __init__(self, job_id: str, detail: str) -> None:
        super().__init__()
        self.job_id = job_id
        """The job the earlier launch created."""
        self._detail = detail

    def compose(self) -> ComposeResult:
        """The question, what is known about the job, and the two answers."""
        with Vertical(id="prior-box"):
            yield Static(f"[b]This launch may already exist as {self.job_id}[/b]", id="prior-title")
            yield Static(self._detail, id="prior-body", markup=False)
            yield Static("Open it, or launch again? (esc: neither)", id="prior-question")
            with Horizontal(id="prior-buttons"):
                yield Button("Open it (o)", id="open", variant="primary")
                yield Button("Launch again (l)", id="again", variant="warning")

    def on_mount(self) -> None:
        """Open has the focus: a stray Enter never starts a second job."""
        self.query_one("#open", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """A button answers."""
        self.dismiss(event.button.id)

    def action_answer(self, answer: str | None) -> None:
        """A key answers."""
        self.dismiss(answer)


class PresetActions:
    """Mixed into the launch pane: ctrl+s names and saves the form as a preset, ctrl+o applies one."""

    if TYPE_CHECKING:
        app: Any

        @property
        def form(self) -> LaunchForm: ...  # noqa: D102 - a mixin's stub of what its host class provides
        def _status(self, text: str, error: bool = False) -> None: ...
        def load_form(self, form: LaunchForm, note: str = "") -> None: ...  # noqa: D102 - a mixin's stub of what its host class provides

    def action_save_preset(self) -> None:
        """Name and save the current configuration."""

        def named(name: str | None) -> None:
            if name:
                path = save_preset(name, self.form)
                self._status(f"Saved preset {name!r} to {path}.")

        suggestion = self.form.suffix or self.form.base_model.split(".")[-1]
        self.app.push_screen(PresetNameScreen(suggestion), named)

    def action_load_preset(self) -> None:
        """Pick a preset and apply it (profile and files stay)."""
        presets = load_presets()
        if not presets:
            self._status("No presets yet: ctrl+s saves the current configuration as one.")
            return

        def picked(name: str | None) -> None:
            if name and name in presets:
                self.load_form(apply_preset(self.form, presets[name]), f"Loaded preset {name!r}.")

        details = {n: f"{p.base_model} {p.method}" for n, p in presets.items()}
        self.app.push_screen(PresetPickScreen(list(presets), details), picked)
