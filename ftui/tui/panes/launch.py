"""The launch pane: profile → base model → method, a form generated from the schema, a live preview, launch.

A thin pane: :class:`~ftui.launch.state.LaunchState` holds and checks the form and says what the
preview shows; :class:`~ftui.tui.panes.launch_form.LaunchFormView` draws the fields (generated from the
provider's hyperparameter schema and job options) and reports edits;
:class:`~ftui.tui.panes.launch_preview.LaunchPreview` draws the preview. The pane wires them to three
thread workers: listing a profile's models, checking the chosen files (the dataset engine, with
progress), and the exactly-once submit (:mod:`ftui.tui.panes.launch_submit`).

The draft is saved at most every :data:`~ftui.launch.state.DRAFT_INTERVAL` seconds while typing, and at
once when the pane is left, the app quits, or a launch starts; it is restored on start.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Select, Static

from ftui.datasets import ScanReport
from ftui.launch import LaunchForm, Preview, is_remote
from ftui.launch import store as drafts
from ftui.launch.state import (
    DRAFT_INTERVAL,
    METHODS,
    DraftSaver,
    LaunchState,
)
from ftui.launch.submit import region_warning
from ftui.providers import provider_class
from ftui.providers.base import Provider
from ftui.providers.errors import ProviderError
from ftui.providers.profiles import Profile
from ftui.providers.records import BaseModel, HyperParameter
from ftui.tui.confirm import ConfirmScreen
from ftui.tui.panes.datasets_browser import shorten_middle
from ftui.tui.panes.launch_dialogs import PresetActions
from ftui.tui.panes.launch_drafts import DraftSaving
from ftui.tui.panes.launch_files import FileChoices
from ftui.tui.panes.launch_form import LaunchFormView
from ftui.tui.panes.launch_preview import LaunchPreview
from ftui.tui.panes.launch_scan import ScanFlow
from ftui.tui.panes.launch_style import PANE_CSS
from ftui.tui.panes.launch_submit import Launched, SubmitFlow
from ftui.tui.services import services_of
from ftui.tui.static_updates import set_block

__all__ = ["METHODS", "LaunchPane"]


@dataclass
class ModelsLoaded(Message):
    """A profile's base models (or why they could not be listed)."""

    profile: str
    """The profile."""
    models: list[BaseModel]
    """Its fine-tunable models."""
    error: ProviderError | None = None
    """Why the provider could not be built or asked."""


class LaunchPane(DraftSaving, FileChoices, ScanFlow, SubmitFlow, PresetActions, Vertical):
    """Configure and start a fine-tuning job on any profile."""

    DEFAULT_CSS = PANE_CSS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+l", "launch", "Launch"),
        Binding("ctrl+s", "save_preset", "Save preset"),
        Binding("ctrl+o", "load_preset", "Presets"),
        Binding("ctrl+r", "reset", "Defaults", show=False),
        Binding("ctrl+x", "check_data", "Stop/redo check", show=False),
    ]
    Launched = Launched

    def __init__(self, dataset_dirs: list[Path], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.dataset_dirs = dataset_dirs
        """Where training and validation files are looked for."""
        self.state = LaunchState()
        """The form, the models, the schema, the data check and the launch."""
        self.draft = DraftSaver(self._write_draft, DRAFT_INTERVAL)
        """When the draft is saved (debounced while typing)."""
        self._scan_stop = threading.Event()
        self._draft_timer: Timer | None = None
        self._provider_classes: dict[str, type[Provider]] = {}
        self._schema_key: tuple[str, str, str] | None = None
        self._label_width = 0

    # -- the state, as the pane's tests and the file choices read it ---------------------------------
    @property
    def form(self) -> LaunchForm:
        """The form as typed."""
        return self.state.form

    @property
    def schema(self) -> list[HyperParameter]:
        """The hyperparameters of the chosen model and method."""
        return self.state.schema

    @property
    def models(self) -> dict[str, list[BaseModel]]:
        """Base models per profile, once listed."""
        return self.state.models

    @property
    def report(self) -> ScanReport | None:
        """The data check of the chosen files."""
        return self.state.report

    @property
    def preview(self) -> Preview | None:
        """The current preview, or None before a model is chosen."""
        return self.state.preview

    @property
    def launching(self) -> bool:
        """True while a submit runs."""
        return self.state.launching

    # -- layout ---------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        """Selects on top, the form and the preview side by side, a status line."""
        profiles = [(shorten_middle(p.name, 14), p.name) for p in self._session.profiles]  # the choice is 18 wide
        with Horizontal(id="launch-top"):
            yield Select(profiles, id="launch-profile", allow_blank=False, compact=True)
            yield Select([], id="launch-model", prompt="base model", compact=True)
            yield Select([(m, m) for m in METHODS], id="launch-method", allow_blank=False, compact=True)
        with Horizontal(id="launch-body"):
            yield LaunchFormView(id="launch-form")
            yield LaunchPreview(id="launch-preview-box")
        yield Static("", id="launch-status")

    @property
    def _session(self) -> Any:
        return services_of(self).session

    @property
    def _view(self) -> LaunchFormView:
        return self.query_one(LaunchFormView)

    def _profile(self) -> Profile:
        return next(p for p in self._session.profiles if p.name == self.form.profile)

    def _capabilities(self) -> type[Provider]:
        """The chosen profile's provider class: its launch capabilities (labels, fields, checks)."""
        name = self.form.profile
        if name not in self._provider_classes:
            try:
                self._provider_classes[name] = type(self._provider())
            except ProviderError:  # cannot be built (no key, no region): its class still knows its capabilities
                self._provider_classes[name] = provider_class(self._profile().kind)
        return self._provider_classes[name]

    def _provider(self) -> Provider:
        provider: Provider = self._session.provider(self.form.profile)
        return provider

    def on_mount(self) -> None:
        """Restore the draft (or start on the default profile) and list its models."""
        draft = drafts.load_draft()
        names = [p.name for p in self._session.profiles]
        if draft is not None and draft.profile in names and draft.started:
            self.state.form = draft
            self.state.launch = drafts.load_draft_launch()
            if self.state.launch is not None:
                self._status(
                    f"Your last launch (launch id {self.state.launch['id']}) was interrupted before ftui "
                    "heard back: ctrl+l looks for its job first, so it is never created twice."
                )
            else:
                self._status("Restored your unfinished launch (ctrl+r resets the values to the defaults).")
        else:
            default = getattr(getattr(self.app, "config", None), "default_profile", None)
            self.state.form = LaunchForm(profile=default if isinstance(default, str) and default in names else names[0])
            self._status("Choose a model and a training file · ctrl+l launch · ctrl+s/ctrl+o presets")
        self._show_form()

    # -- showing the form -----------------------------------------------------------------------------
    def load_form(self, form: LaunchForm, note: str = "") -> None:
        """Replace the form (clone, preset) and rebuild everything from it."""
        if form.profile not in [p.name for p in self._session.profiles]:
            form.profile = self.form.profile
        self.state.form = form
        self._save_now()
        self._show_form()
        if note:
            self._status(note)

    def _show_form(self) -> None:
        with self.prevent(Select.Changed):
            self.query_one("#launch-profile", Select).value = self.form.profile
        self._view.show(self.form, self._capabilities(), self._profile())
        self._fill_files()
        if self.form.profile in self.models:
            self._fill_models()
        else:
            self.load_models(self.form.profile)

    @work(thread=True, exclusive=True, group="launch-models", exit_on_error=False)
    def load_models(self, profile: str) -> None:
        """Build the profile's provider and list its base models (network for OpenAI)."""
        try:
            models = self._session.provider(profile).base_models()
        except ProviderError as error:
            self.post_message(ModelsLoaded(profile, [], error))
            return
        self.post_message(ModelsLoaded(profile, [m for m in models if set(m.methods) & set(METHODS)]))

    def on_models_loaded(self, message: ModelsLoaded) -> None:
        """Offer the profile's models (or say why there are none)."""
        if message.error is not None:
            self._status(f"{message.profile}: {message.error.message}", error=True)
            return
        self.models[message.profile] = message.models
        if message.profile == self.form.profile:
            self._fill_models()

    def _fill_models(self) -> None:
        models, methods = self.state.choose_model()
        with self.prevent(Select.Changed):
            select = self.query_one("#launch-model", Select)
            width = self._label_width = self._model_label_width()
            select.set_options([(shorten_middle(m.id, width), m.id) for m in models])
            if self.form.base_model:
                select.value = self.form.base_model
            method = self.query_one("#launch-method", Select)
            method.set_options([(m, m) for m in methods])
            method.value = self.form.method
        self._build_params()

    def _model_label_width(self) -> int:
        """Cells for a model id in the base model choice (the arrow and padding take 4)."""
        width = self.query_one("#launch-model", Select).size.width
        return max(12, width - 4) if width else 40

    def on_resize(self) -> None:
        """Model ids are shortened (in the middle) to the new width of the base model choice."""
        width = self._model_label_width()
        if width != self._label_width and self.form.profile in self.models:
            self._fill_models()

    def _model(self) -> BaseModel | None:
        return self.state.model()

    def _build_params(self) -> None:
        key = (self.form.profile, self.form.base_model, self.form.method)
        if key == self._schema_key:
            self._refresh_preview()
            return
        self._schema_key = key
        try:
            self.state.schema = (
                self._provider().hyperparameters(self.form.base_model, self.form.method) if self.form.base_model else []
            )
        except ProviderError as error:
            self.state.schema = []
            self._status(error.message, error=True)
        self._view.build_params(self.schema, self.form.values, self._check_all)
        self._start_scan()

    def _check_all(self) -> None:
        for param in self.schema:
            self._check_param(param)
        self._refresh_preview()

    # -- checking as you type ---------------------------------------------------------------------
    def _check_param(self, param: HyperParameter) -> None:
        problem = self.state.value_problem(param)
        self._view.message(f"hp-{param.name}", problem or param.description, bool(problem))

    def _status(self, text: str, error: bool = False) -> None:
        shown = Text(text, style="bold red" if error else "")
        set_block(self.query_one("#launch-status", Static), shown, shown.markup)  # wraps: long messages stay whole

    @on(LaunchFormView.Edited)
    def _edited(self, event: LaunchFormView.Edited) -> None:
        problem = self.state.edit(event.field, event.value)
        if event.field.group == "hp":
            param = next((p for p in self.schema if p.name == event.field.name), None)
            if param is not None:
                self._check_param(param)
        elif event.field.group == "metadata":
            self._view.message("metadata", problem or "", bool(problem))
        elif event.field.group in ("training", "validation"):
            self._start_scan()
        self._check_fields()
        self._save_soon()
        self._refresh_preview()

    def _check_fields(self) -> dict[str, str]:
        errors = self.state.field_errors(self._capabilities(), self.method_errors())
        self._view.show_errors(errors)
        return errors

    @on(Select.Changed, "#launch-top Select")
    def _select_changed(self, event: Select.Changed) -> None:
        event.stop()
        value = "" if event.value is Select.NULL else str(event.value)
        which = event.select.id
        if which == "launch-profile" and value and value != self.form.profile:
            self.form.profile = value
            self._show_form()
        elif which == "launch-model" and value and value != self.form.base_model:
            self.form.base_model = value
            self._fill_models()
        elif which == "launch-method" and value and value != self.form.method:
            self.form.method = value
            self._build_params()
        self._check_fields()
        self._save_soon()

    # -- the preview ---------------------------------------------------------------------------------------
    def _refresh_preview(self) -> None:
        self.state.refresh_preview()
        self.query_one(LaunchPreview).show(self.state.preview_segments())

    # -- launching --------------------------------------------------------------------------------------
    def problems(self) -> dict[str, str]:
        """Every reason the form cannot be launched now, by field."""
        return self.state.problems(self._capabilities(), self._profile(), self._check_fields(), self.formats_pending())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Read-only mode removes launching (the header says why)."""
        return not (action in ("launch", "save_preset") and getattr(self.app, "read_only", False))

    def action_launch(self) -> None:
        """Check everything, then ask before launching."""
        self._flush_draft()
        refuse = getattr(self.app, "refuse_if_read_only", None)
        if self.launching or (refuse is not None and refuse("launching jobs")):
            return
        problems = self.problems()
        if problems:
            name, text = next(iter(problems.items()))
            self._status(f"Cannot launch: {text}", error=True)
            self._view.focus_field(name)
            return
        if not is_remote(self.form.training) and self.state.current_report() is None:
            self._status("Still checking the data; launch again in a moment.", error=True)
            return
        preview = self.state.preview
        assert preview is not None
        if not preview.ok:
            self._status(f"The data has errors: {preview.errors[0]}", error=True)
            return
        try:
            region = region_warning(self._provider(), self.form.base_model, self.models.get(self.form.profile))
        except ProviderError:
            region = None
        text = self.state.confirm_text(self._capabilities(), preview, self.file_label, region)
        self.app.push_screen(ConfirmScreen(f"Launch on {self.form.profile}?", text, yes="Launch"), self._answered)

    def _answered(self, yes: bool | None) -> None:
        if not yes:
            self._status("Not launched.")
            return
        plan = self.state.plan(self._capabilities())
        self.start_submit(self.form.profile, plan, self.state.current_report(), check=True)

    # -- reset ------------------------------------------------------------------------------------------
    def action_reset(self) -> None:
        """Clear the hyperparameter values (back to the provider's defaults)."""
        self.form.values = {}
        self._schema_key = None
        self._save_now()
        self._build_params()
        self._status("Values reset to the provider's defaults.")
