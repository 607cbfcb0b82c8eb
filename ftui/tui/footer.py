"""The footer of every ftui screen: the keys that fit, whole, and the help key pinned at the right.

Textual's footer lays every shown binding out in a row and cuts the last one that does not fit
("p Pause▏"), so at 80 columns the help key was never seen. This footer measures each key, keeps
those that fit whole in the order the screen gives them, drops the rest (they stay in the help),
and always ends with the help key: ``? Help``, or ``f1 Help`` while a text field has the focus
(there ``?`` types a question mark). The palette key is shown when there is room left for it.
"""

from __future__ import annotations

from collections.abc import Iterator

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Footer, Input, TextArea
from textual.widgets._footer import FooterKey

HELP_ACTIONS = ("help", "app.help")
"""The actions of the help key."""
HELP_KEY = "question_mark"
"""The help key outside text fields."""
HELP_KEY_IN_FIELDS = "f1"
"""The help key while a text field has the focus (there ``?`` is typed)."""


def key_width(key_display: str, description: str) -> int:
    """Columns a footer key takes (non-compact style: `` k `` then ``Description ``)."""
    return cell_len(key_display) + 2 + (cell_len(description) + 1 if description else 0)


class _Spacer(Widget):
    """Pushes the pinned keys to the right."""

    DEFAULT_CSS = "_Spacer { width: 1fr; height: 1; }"

    def render(self) -> str:
        """Nothing."""
        return ""


class HelpFooter(Footer):
    """Keys that fit whole, then ``? Help`` pinned at the right (``f1 Help`` in text fields)."""

    DEFAULT_CSS = """
    HelpFooter FooterKey.-pinned {
        border-left: vkey $foreground 20%;
    }
    """

    def __init__(self) -> None:
        super().__init__(show_command_palette=False)
        self._laid_out_width = 0

    def _width(self) -> int:
        return self.size.width or (self.screen.size.width if self.is_attached else 0) or self.app.size.width

    def _help_binding(self) -> Binding:
        focused = self.screen.focused if self.is_attached else None
        in_field = isinstance(focused, (Input, TextArea))
        return Binding(HELP_KEY_IN_FIELDS if in_field else HELP_KEY, "app.help", "Help")

    def shown(self) -> list[tuple[Binding, bool, str]]:
        """The screen's shown bindings (one per action, in order), without the help and palette keys."""
        seen: set[str] = set()
        keys: list[tuple[Binding, bool, str]] = []
        for _node, binding, enabled, tooltip in self.screen.active_bindings.values():
            if not binding.show or binding.action in seen or binding.action in HELP_ACTIONS:
                continue
            if binding.action in ("command_palette", "app.command_palette"):
                continue
            seen.add(binding.action)
            keys.append((binding, enabled, tooltip))
        return keys

    def fitting(self, width: int) -> Iterator[tuple[Binding, bool, str, str]]:
        """The keys that fit whole in ``width`` columns besides the help key, with their key display."""
        help_binding = self._help_binding()
        room = width - key_width(self.app.get_key_display(help_binding), help_binding.description) - 1
        for binding, enabled, tooltip in self.shown():
            display = self.app.get_key_display(binding)
            need = key_width(display, binding.description)
            if need > room:
                continue  # a shorter one further on may still fit
            room -= need
            yield binding, enabled, tooltip, display

    def compose(self) -> ComposeResult:
        """The keys that fit, a spacer, the palette key if it fits, and the help key."""
        if not self._bindings_ready:
            return
        width = self._width()
        self._laid_out_width = width
        keys = list(self.fitting(width))
        for binding, enabled, tooltip, display in keys:
            yield FooterKey(
                binding.key, display, binding.description, binding.action, disabled=not enabled, tooltip=tooltip
            ).data_bind(compact=Footer.compact)
        yield _Spacer()
        help_binding = self._help_binding()
        used = sum(key_width(display, binding.description) for binding, _, _, display in keys)
        used += key_width(self.app.get_key_display(help_binding), "Help") + 1
        palette = Binding("ctrl+p", "app.command_palette", "palette")
        palette_width = key_width(self.app.get_key_display(palette), palette.description) + 1
        if self.app.ENABLE_COMMAND_PALETTE and width - used >= palette_width:
            yield FooterKey(
                palette.key,
                self.app.get_key_display(palette),
                palette.description,
                palette.action,
                classes="-pinned",
                tooltip="Go to a pane, job or dataset by name; run an action",
            )
        yield FooterKey(
            help_binding.key,
            self.app.get_key_display(help_binding),
            help_binding.description,
            help_binding.action,
            classes="-pinned",
            tooltip="Every key, where you are first",
        )

    def on_resize(self, event: events.Resize) -> None:
        """Lay the keys out again for the new width."""
        if event.size.width != self._laid_out_width and self._bindings_ready:
            self.call_after_refresh(self.recompose)

    def rendered_text(self) -> str:
        """What the footer shows, as text (tests and scripts read it)."""
        parts = [f"{key.key_display} {key.description}".strip() for key in self.query(FooterKey) if key.display]
        return "  ".join(parts)
