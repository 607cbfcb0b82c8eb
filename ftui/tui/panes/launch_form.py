"""The launch pane's form: fields generated from the provider's hyperparameter schema and job options.

The widget only shows the form and reports edits: every input carries the :class:`FieldRef` it
edits, and a change is posted as :class:`LaunchFormView.Edited`. Values set by the program (a
restored draft, a clone, a preset) are set under ``prevent()``, so they never come back as edits.
Labels and which fields show come from the provider's launch capabilities
(:class:`~ftui.providers.base.Provider`), never from its kind.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static

from ftui.launch.form import LaunchForm, is_remote, metadata_text
from ftui.launch.state import FieldRef
from ftui.launch.values import hint
from ftui.providers.base import Provider
from ftui.providers.launching import JobOption
from ftui.providers.profiles import Profile
from ftui.providers.records import HyperParameter
from ftui.tui.panes.datasets_browser import shorten_middle
from ftui.tui.static_updates import set_block

FIXED = ("suffix", "seed", "training", "validation", "metadata")
"""The fields every provider's form has (the seed hides where the provider takes none)."""
LABEL_WIDTH = 24
"""Cells for a field's label (the CSS gives the label column one more, as a gap)."""
MESSAGE_LIMIT = 2000
"""Characters of a field's message shown (a longer one ends in "…")."""


class FieldInput(Input):
    """An input that knows which part of the form it edits.

    Its hint (the placeholder: range and default, or what to type) is shortened in the middle when
    the input is narrower than it; the field's message line then shows it whole while the input has focus.
    """

    def __init__(
        self, ref: FieldRef, value: str = "", *, placeholder: str = "", label: str = "", **kwargs: Any
    ) -> None:
        super().__init__(value, compact=True, placeholder=placeholder, **kwargs)
        self.ref = ref
        """What it edits."""
        self.hint = placeholder
        """The whole hint (the placeholder shows as much of it as fits)."""
        self.label = label
        """The field's whole label (the label column may show it shortened)."""

    @property
    def message_key(self) -> str:
        """The key of the field's message line (``#m-`` + key): the id without its ``f-``."""
        return (self.id or "").removeprefix("f-")

    def set_hint(self, hint: str) -> None:
        """Show ``hint`` as the placeholder (shortened in the middle to the input's width)."""
        self.hint = hint
        self._fit_hint()

    def _fit_hint(self) -> None:
        width = self.content_size.width
        self.placeholder = shorten_middle(self.hint, width) if width > 0 else self.hint

    def on_resize(self) -> None:
        """The placeholder shows as much of the hint as now fits."""
        self._fit_hint()

    @property
    def cut(self) -> bool:
        """True when the placeholder or the label does not show the whole text."""
        return self.placeholder != self.hint or shorten_middle(self.label, LABEL_WIDTH) != self.label


class FileSelect(Select[str]):
    """The training or validation file choice."""

    def __init__(self, ref: FieldRef, **kwargs: Any) -> None:
        super().__init__([], compact=True, **kwargs)
        self.ref = ref
        """What it edits (``training`` or ``validation``)."""


def field_row(name: str, label: str, widget: Widget, message: str = "") -> Vertical:
    """A labelled row with a message line under it (ids ``l-``/``m-``/``field-`` + ``name``).

    A label wider than :data:`LABEL_WIDTH` is shortened in the middle; the message line shows it whole
    while the field has focus.
    """
    if isinstance(widget, FieldInput):
        widget.label = label
    row = Horizontal(Label(shorten_middle(label, LABEL_WIDTH), id=f"l-{name}"), widget, classes="field-row")
    return Vertical(row, Static(message, id=f"m-{name}", classes="field-msg"), classes="field", id=f"field-{name}")


class LaunchFormView(VerticalScroll):
    """The form: hyperparameters, name, seed, files, metadata and the provider's job options."""

    @dataclass
    class Edited(Message):
        """The user changed a field (typed text, or a file chosen)."""

        field: FieldRef
        """Which field."""
        value: str
        """Its text now (empty for no file)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._options_for: tuple[type[Provider], str] | None = None
        self._form = LaunchForm()
        self._generation = 0
        self._messages: dict[str, tuple[str, bool]] = {}
        self._focused: FieldInput | None = None

    def compose(self) -> ComposeResult:
        """Hyperparameters first, then the fixed fields, the job options and a note."""
        yield Vertical(id="launch-params")
        suffix = FieldInput(FieldRef("suffix"), placeholder="≤ 64 characters", id="f-suffix")
        seed = FieldInput(FieldRef("seed"), placeholder="whole number (optional)", id="f-seed")
        metadata = FieldInput(FieldRef("metadata"), placeholder="key=value, …", id="f-metadata")
        yield field_row("suffix", "Suffix", suffix)
        yield field_row("seed", "Seed", seed)
        training = FileSelect(FieldRef("training"), id="f-training", prompt="training file")
        yield field_row("training", "Training", training)
        yield field_row(
            "validation", "Validation", FileSelect(FieldRef("validation"), id="f-validation", prompt="(none)")
        )
        yield field_row("metadata", "Metadata", metadata)
        yield Vertical(id="launch-options")
        yield Static("", id="launch-extras")

    # -- edits ---------------------------------------------------------------------------------
    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        if isinstance(event.input, FieldInput):
            self.post_message(self.Edited(event.input.ref, event.value))

    @on(Select.Changed)
    def _chosen(self, event: Select.Changed) -> None:
        event.stop()
        if isinstance(event.select, FileSelect):
            value = "" if event.value is Select.NULL else str(event.value)
            self.post_message(self.Edited(event.select.ref, value))

    # -- showing ---------------------------------------------------------------------------------
    def show(self, form: LaunchForm, provider: type[Provider], profile: Profile) -> None:
        """Show the form's values and the provider's labels and job options (no edits are posted)."""
        self._form = form
        with self.prevent(Input.Changed):
            self.query_one("#f-suffix", Input).value = form.suffix
            self.query_one("#f-seed", Input).value = form.seed
            self.query_one("#f-metadata", Input).value = metadata_text(form.metadata)
            for option in self.query(FieldInput):
                if option.ref.group == "option":
                    option.value = form.options.get(option.ref.name, "")
        for name, label in (("suffix", provider.job_name_label), ("metadata", provider.tags_label)):
            self.query_one(f"#l-{name}", Label).update(shorten_middle(label, LABEL_WIDTH))
            self.query_one(f"#f-{name}", FieldInput).label = label
        self.query_one("#f-suffix", FieldInput).set_hint(provider.job_name_hint)
        self.query_one("#field-seed").display = provider.supports_seed
        self._show_options(provider, profile)

    def _show_options(self, provider: type[Provider], profile: Profile) -> None:
        options = provider.job_options(profile)
        box = self.query_one("#launch-options", Vertical)
        box.display = bool(options)
        self.query_one("#launch-extras", Static).update(
            "Empty job settings take the profile's values shown in grey." if options else ""
        )
        if self._options_for == (provider, profile.name):
            return
        self._options_for = (provider, profile.name)
        removed = box.remove_children()

        async def mount_options() -> None:
            await removed
            if self._options_for != (provider, profile.name):
                return  # another profile was chosen meanwhile
            with self.prevent(Input.Changed):
                await box.mount_all([self._option_field(option, self._form) for option in options])

        self.call_later(mount_options)

    @staticmethod
    def _option_field(option: JobOption, form: LaunchForm) -> Vertical:
        name = option.param.name
        widget = FieldInput(
            FieldRef("option", name), form.options.get(name, ""), placeholder=option.placeholder, id=f"f-{name}"
        )
        return field_row(name, option.label, widget)

    def option_names(self) -> list[str]:
        """The job options shown."""
        return [i.ref.name for i in self.query(FieldInput) if i.ref.group == "option"]

    def fill_files(self, form: LaunchForm, options: Sequence[tuple[str, str]]) -> None:
        """Offer ``options`` (label, reference) in both file choices, keeping the form's choices."""
        known = {value for _, value in options}
        with self.prevent(Select.Changed):
            for select_id, current in (("#f-training", form.training), ("#f-validation", form.validation)):
                name = current if is_remote(current) else Path(current).name
                extra = [(name, current)] if current and current not in known else []
                select = self.query_one(select_id, Select)
                select.set_options([*extra, *options])
                select.value = current if current else Select.NULL

    def build_params(self, schema: Sequence[HyperParameter], values: dict[str, str], done: Callable[[], None]) -> None:
        """Replace the hyperparameter fields with one per entry of ``schema``; then call ``done``."""
        self._generation += 1
        generation = self._generation
        box = self.query_one("#launch-params", Vertical)
        removed = box.remove_children()

        async def mount_fields() -> None:
            await removed
            if generation != self._generation:
                return  # a newer rebuild follows
            with self.prevent(Input.Changed):
                fields = [
                    field_row(
                        f"hp-{p.name}",
                        p.name,
                        FieldInput(
                            FieldRef("hp", p.name), values.get(p.name, ""), placeholder=hint(p), id=f"hp-{p.name}"
                        ),
                        p.description,
                    )
                    for p in schema
                ]
                await box.mount_all(fields)
            done()

        self.call_later(mount_fields)

    def message(self, key: str, text: str, error: bool) -> None:
        """Show a field's message (its description, or what is wrong with it), wrapped."""
        self._messages[key] = (text, error)
        self._show_message(key)

    def _show_message(self, key: str) -> None:
        try:
            widget = self.query_one(f"#m-{key}", Static)
        except Exception:  # noqa: BLE001 - the field is being rebuilt
            return
        text, error = self._messages.get(key, ("", False))
        if len(text) > MESSAGE_LIMIT:
            text = text[: MESSAGE_LIMIT - 1] + "…"
        shown = Text()
        field = self._focused
        if field is not None and field.message_key == key and field.cut:
            whole = f"{field.label}: {field.hint}" if field.hint else field.label
            shown.append(whole, style="italic")
            if text:
                shown.append("\n")
        shown.append(text)
        widget.set_class(error, "-error")
        set_block(widget, shown, (shown.markup, error))

    @on(events.DescendantFocus)
    def _focused_field(self, event: events.DescendantFocus) -> None:
        previous, self._focused = self._focused, event.widget if isinstance(event.widget, FieldInput) else None
        for field in (previous, self._focused):
            if field is not None:
                self._show_message(field.message_key)

    @on(events.DescendantBlur)
    def _blurred_field(self, event: events.DescendantBlur) -> None:
        if event.widget is self._focused and self._focused is not None:
            field, self._focused = self._focused, None
            self._show_message(field.message_key)

    def show_errors(self, errors: dict[str, str]) -> None:
        """Each fixed field's and job option's problem, or nothing."""
        for name in (*FIXED, *self.option_names()):
            if name != "metadata" or name in errors:
                self.message(name, errors.get(name, ""), name in errors)

    def focus_field(self, key: str) -> None:
        """Focus the field a problem is about, if it is one of the form's."""
        for selector in (f"#f-{key}", f"#{key}"):
            found = self.query(selector)
            if found:
                found.first().focus()
                return
