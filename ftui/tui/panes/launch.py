"""The launch pane: profile → base model → method, a form generated from the schema, a live preview, launch.

The form is built from the provider's :class:`HyperParameter` list; each field
checks its value as it is typed. The training file is scanned in a thread worker
(the dataset engine), and the preview (auto values, steps, tokens, dollars,
warnings) is recomputed from that scan on every change. Launching asks first,
then runs :func:`ftui.launch.submit` in a thread worker. The form is saved as a
draft on every change and restored on start.

Exactly once: before anything is sent, the launch id is written with the draft and
in ``launches.json`` (:mod:`ftui.launch.pending`). Launching a configuration that was
launched before (after a crash, a hang-up, a lost answer, or simply again) first looks
for that job and asks "open it, or launch again?" (:class:`PriorLaunchScreen`). The
create call runs in a daemon thread, so quitting (or SIGHUP) mid-create ends at once;
the launch id stays with the draft.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.worker import get_current_worker
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Input, Label, Select, Static

from ftui.datasets import ScanReport
from ftui.launch import (
    LaunchForm,
    LaunchPlan,
    Preview,
    build_preview,
    check_data,
    explain_refusal,
    field_errors,
    is_remote,
    submit,
    validate,
)
from ftui.launch import pending
from ftui.launch.form import metadata_text, parse_metadata
from ftui.launch.hosted import local_copy
from ftui.launch.store import (
    apply_preset,
    clear_draft,
    load_draft,
    load_draft_launch,
    load_presets,
    save_draft,
    save_preset,
)
from ftui.launch.submit import find_prior, new_launch_id, profile_role_problem, region_warning
from ftui.launch.values import ValueProblem, hint, parse_value
from ftui.providers.errors import (
    AuthError,
    ConfigError,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
    ProviderError,
)
from ftui.providers.records import BaseModel, HyperParameter, Job, RemoteFile
from ftui.tui.static_updates import set_block, set_line
from ftui.tui.panes.datasets_browser import find_files
from ftui.tui.panes.launch_dialogs import PresetNameScreen, PresetPickScreen, PriorLaunchScreen
from ftui.tui.panes.launch_files import FileChoices, choice_label
from ftui.tui.panes.launch_style import PANE_CSS
from ftui.tui.screens.confirm import ConfirmScreen

if TYPE_CHECKING:
    from ftui.providers.base import Provider

METHODS = ("supervised", "dpo")
"""Methods the pane can launch."""


_BEDROCK_FIELDS = (("model_name", "Model name"), ("role_arn", "Role ARN"), ("output_uri", "Output"))
"""Bedrock per-job settings shown under the form (empty: the profile's)."""


@dataclass
class ModelsLoaded(Message):
    """A profile's base models (or why they could not be listed)."""

    profile: str
    """The profile."""
    models: list[BaseModel]
    """Its fine-tunable models."""
    error: ProviderError | None = None
    """Why the provider could not be built or asked."""


@dataclass
class ScanDone(Message):
    """The scan of the chosen files for the chosen model finished."""

    key: tuple[str, str, str]
    """(training, validation, model) the scan was for."""
    report: ScanReport | None
    """The report; None when a file could not be read."""
    error: str = ""
    """Why it could not be scanned."""


@dataclass
class ScanProgress(Message):
    """Bytes of the chosen files checked so far."""

    key: tuple[str, str, str]
    """(training, validation, model) the scan is for."""
    done: int
    """Bytes checked."""
    total: int
    """Bytes in all."""


@dataclass
class LaunchProgress(Message):
    """A stage of a running launch."""

    line: str
    """What is happening."""


@dataclass
class LaunchFailed(Message):
    """A launch was refused or failed; ``text`` says what to do."""

    title: str
    """A heading."""
    text: str
    """The explanation."""
    refused: bool = False
    """True when the provider refused it (no job can exist: the launch id is dropped)."""


@dataclass
class PriorLaunchFound(Message):
    """The same configuration was launched before and its job exists: ask "open it, or launch again?"."""

    job: Job
    """The earlier launch's job."""
    record: pending.LaunchRecord
    """The earlier launch."""
    profile: str
    """The profile."""
    plan: LaunchPlan
    """What the user wants to launch now."""
    report: ScanReport | None
    """The scan for that plan."""


@dataclass
class LaunchStarted(Message):
    """The launch id is saved; the upload and create are under way."""

    launch: dict[str, Any]
    """``id``, ``key`` and ``started`` of the launch (kept with the draft)."""


class LaunchPane(FileChoices, Vertical):
    """Configure and start a fine-tuning job on any profile."""

    DEFAULT_CSS = PANE_CSS
    BINDINGS = [
        Binding("ctrl+l", "launch", "Launch"),
        Binding("ctrl+s", "save_preset", "Save preset"),
        Binding("ctrl+o", "load_preset", "Presets"),
        Binding("ctrl+r", "reset", "Defaults", show=False),
        Binding("ctrl+x", "check_data", "Stop/redo check", show=False),
    ]

    @dataclass
    class Launched(Message):
        """A job was created; the main screen shows it in the jobs tab."""

        job: Job
        """The new job."""
        existing: bool = False
        """True when the job was launched earlier and the user chose to open it (nothing new created)."""

    def __init__(self, dataset_dirs: list[Path], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.dataset_dirs = dataset_dirs
        """Where training and validation files are looked for."""
        self.form = LaunchForm()
        """The form as typed (saved as the draft)."""
        self.schema: list[HyperParameter] = []
        """The hyperparameters of the chosen model and method."""
        self.models: dict[str, list[BaseModel]] = {}
        """Base models per profile, once listed."""
        self.report: ScanReport | None = None
        """The scan of the chosen training file for the chosen model."""
        self.preview: Preview | None = None
        """The current preview."""
        self.launching = False
        """True while a submit runs."""
        self.launch: dict[str, Any] | None = None
        """The launch in progress or interrupted (``id``, ``key``, ``started``), kept with the draft."""
        self._scan_key: tuple[str, str, str] | None = None
        self._report_key: tuple[str, str, str] | None = None
        self._scan_error = ""
        self._scan_done_bytes: tuple[int, int] | None = None
        self._scan_stop = threading.Event()
        self._quiet = 0
        self._schema_key: tuple[str, str, str] | None = None
        self._generation = 0

    # -- layout ---------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        """Selects on top, the form and the preview side by side, a status line."""
        profiles = [(p.name, p.name) for p in self._session.profiles]
        with Horizontal(id="launch-top"):
            yield Select(profiles, id="launch-profile", allow_blank=False, compact=True)
            yield Select([], id="launch-model", prompt="base model", compact=True)
            yield Select([(m, m) for m in METHODS], id="launch-method", allow_blank=False, compact=True)
        with Horizontal(id="launch-body"):
            with VerticalScroll(id="launch-form"):
                yield Vertical(id="launch-params")
                yield self._field("suffix", "Suffix", Input(placeholder="≤ 64 characters", id="f-suffix",
                                                          compact=True))
                yield self._field("seed", "Seed", Input(placeholder="whole number (optional)", id="f-seed",
                                                      compact=True))
                yield self._field("training", "Training", Select([], id="f-training", prompt="training file",
                                                               compact=True))
                yield self._field("validation", "Validation", Select([], id="f-validation", prompt="(none)",
                                                                   compact=True))
                yield self._field("metadata", "Metadata", Input(placeholder="key=value, …", id="f-metadata",
                                                              compact=True))
                with Vertical(id="launch-bedrock"):
                    for name, label in _BEDROCK_FIELDS:
                        yield self._field(name, label, Input(id=f"f-{name}", compact=True))
                yield Static("", id="launch-extras")
            with VerticalScroll(id="launch-preview-box"):
                yield Static("", id="launch-preview")
        yield Static("", id="launch-status")

    @staticmethod
    def _field(name: str, label: str, widget: Any, message: str = "") -> Vertical:
        row = Horizontal(Label(label, id=f"l-{name}"), widget, classes="field-row")
        return Vertical(row, Static(message, id=f"m-{name}", classes="field-msg"), classes="field", id=f"field-{name}")

    @property
    def _session(self) -> Any:
        return self.app.session  # type: ignore[attr-defined]

    @property
    def kind(self) -> str:
        """The chosen profile's kind."""
        profile = next((p for p in self._session.profiles if p.name == self.form.profile), None)
        return profile.kind if profile is not None else ""

    def on_mount(self) -> None:
        """Restore the draft (or start on the default profile) and list its models."""
        draft = load_draft()
        names = [p.name for p in self._session.profiles]
        if draft is not None and draft.profile in names and draft.started:
            self.form = draft
            self.launch = load_draft_launch()
            if self.launch is not None:
                self._status(f"Your last launch (launch id {self.launch['id']}) was interrupted before ftui heard "
                             "back: ctrl+l looks for its job first, so it is never created twice.")
            else:
                self._status("Restored your unfinished launch (ctrl+r resets the values to the defaults).")
        else:
            default = getattr(self.app, "config", None)
            default = getattr(default, "default_profile", None)
            self.form = LaunchForm(profile=default if default in names else names[0])
            self._status("Choose a model and a training file · ctrl+l launch · ctrl+s/ctrl+o presets")
        self._show_form()

    # -- showing the form ---------------------------------------------------------------
    def load_form(self, form: LaunchForm, note: str = "") -> None:
        """Replace the form (clone, preset) and rebuild everything from it."""
        names = [p.name for p in self._session.profiles]
        if form.profile not in names:
            form.profile = self.form.profile
        self.form = form
        self._save()
        self._show_form()
        if note:
            self._status(note)

    def _show_form(self) -> None:
        self._quiet += 1
        try:
            self.query_one("#launch-profile", Select).value = self.form.profile
            self.query_one("#f-suffix", Input).value = self.form.suffix
            self.query_one("#f-seed", Input).value = self.form.seed
            self.query_one("#f-metadata", Input).value = metadata_text(self.form.metadata)
            for name, _ in _BEDROCK_FIELDS:
                self.query_one(f"#f-{name}", Input).value = self.form.options.get(name, "")
            self._fill_files()
        finally:
            self._quiet -= 1
        self._labels()
        if self.form.profile in self.models:
            self._fill_models()
        else:
            self.load_models(self.form.profile)

    def _labels(self) -> None:
        bedrock = self.kind == "bedrock"
        self.query_one("#l-suffix", Label).update("Job name" if bedrock else "Suffix")
        self.query_one("#l-metadata", Label).update("Tags" if bedrock else "Metadata")
        self.query_one("#f-suffix", Input).placeholder = (
            "job & model name (letters, digits, -)" if bedrock else "≤ 64 characters")
        self.query_one("#field-seed").display = not bedrock
        extras = self.query_one("#launch-extras", Static)
        self.query_one("#launch-bedrock").display = bedrock
        if bedrock:
            profile = next(p for p in self._session.profiles if p.name == self.form.profile)
            bucket = profile.get("bucket") or "(no bucket option!)"
            output = str(profile.get("output_prefix") or "ftui/output").strip("/")
            self.query_one("#f-model_name", Input).placeholder = "same as the job name"
            self.query_one("#f-role_arn", Input).placeholder = profile.get("role_arn") or "arn:aws:iam::…:role/… (required)"
            self.query_one("#f-output_uri", Input).placeholder = f"s3://{bucket}/{output}/"
            extras.update("Empty Bedrock fields take the profile's values shown in grey.")
        else:
            extras.update("")

    def _fill_files(self) -> None:
        files = [p for p in find_files(self.dataset_dirs) if p.suffix.lower() == ".jsonl"]
        bases = [d.resolve() for d in self.dataset_dirs]
        options = [(choice_label(self._relative(p, bases)), str(p)) for p in files] + self.hosted_options()
        for select_id, current in (("#f-training", self.form.training), ("#f-validation", self.form.validation)):
            extra = [(f"{Path(current).name if not is_remote(current) else current}", current)] if (
                current and current not in {v for _, v in options}) else []
            select = self.query_one(select_id, Select)
            select.set_options(extra + options)
            select.value = current if current else Select.NULL

    @staticmethod
    def _relative(path: Path, bases: list[Path]) -> str:
        resolved = path.resolve()
        for base in bases:
            if resolved.is_relative_to(base):
                return str(resolved.relative_to(base))
        return str(path)

    @work(thread=True, exclusive=True, group="launch-models", exit_on_error=False)
    def load_models(self, profile: str) -> None:
        """Build the profile's provider and list its base models (network for OpenAI)."""
        try:
            models = self._session.provider(profile).base_models()
        except ProviderError as error:
            self.post_message(ModelsLoaded(profile, [], error))
            return
        usable = [m for m in models if set(m.methods) & set(METHODS)]
        self.post_message(ModelsLoaded(profile, usable))

    @on(ModelsLoaded)
    def _models_loaded(self, message: ModelsLoaded) -> None:
        if message.error is not None:
            self._status(f"{message.profile}: {message.error.message}", error=True)
            return
        self.models[message.profile] = message.models
        if message.profile == self.form.profile:
            self._fill_models()

    def _fill_models(self) -> None:
        models = self.models.get(self.form.profile, [])
        ids = [m.id for m in models]
        if self.form.base_model not in ids:
            self.form.base_model = ids[0] if ids else ""
        self._quiet += 1
        try:
            select = self.query_one("#launch-model", Select)
            select.set_options([(m.id, m.id) for m in models])
            if self.form.base_model:
                select.value = self.form.base_model
            methods = [m for m in self._model().methods if m in METHODS] if self._model() else ["supervised"]
            if self.form.method not in methods:
                self.form.method = methods[0]
            method = self.query_one("#launch-method", Select)
            method.set_options([(m, m) for m in methods])
            method.value = self.form.method
        finally:
            self._quiet -= 1
        self._build_params()

    def _model(self) -> BaseModel | None:
        return next((m for m in self.models.get(self.form.profile, []) if m.id == self.form.base_model), None)

    def _provider(self) -> Provider:
        return self._session.provider(self.form.profile)  # type: ignore[no-any-return]

    def _build_params(self) -> None:
        key = (self.form.profile, self.form.base_model, self.form.method)
        if key == self._schema_key:
            self._refresh_preview()
            return
        self._schema_key = key
        try:
            self.schema = self._provider().hyperparameters(self.form.base_model, self.form.method) \
                if self.form.base_model else []
        except ProviderError as error:
            self.schema = []
            self._status(error.message, error=True)
        self._generation += 1
        generation = self._generation
        box = self.query_one("#launch-params", Vertical)
        removed = box.remove_children()

        async def mount_fields() -> None:
            await removed
            if generation != self._generation:
                return  # a newer rebuild follows
            fields = []
            for param in self.schema:
                value = self.form.values.get(param.name, "")
                field = Input(value, placeholder=hint(param), id=f"hp-{param.name}", compact=True)
                fields.append(self._field(f"hp-{param.name}", param.name, field, param.description))
            self._quiet += 1
            try:
                await box.mount_all(fields)
            finally:
                self._quiet -= 1
            self._check_all()

        self.call_later(mount_fields)
        self._start_scan()

    def _check_all(self) -> None:
        for param in self.schema:
            self._check_param(param)
        self._refresh_preview()

    # -- checking as you type -------------------------------------------------------------
    def _check_param(self, param: HyperParameter) -> str | None:
        text = self.form.values.get(param.name, "")
        try:
            parse_value(param, text)
            problem = None
        except ValueProblem as error:
            problem = error.message
        self._message(f"hp-{param.name}", problem or param.description, bool(problem))
        return problem

    def _message(self, name: str, text: str, error: bool) -> None:
        try:
            widget = self.query_one(f"#m-{name}", Static)
        except Exception:  # noqa: BLE001 - the field is being rebuilt
            return
        widget.set_class(error, "-error")
        set_line(widget, Text(text[:200]))

    def _status(self, text: str, error: bool = False) -> None:
        widget = self.query_one("#launch-status", Static)
        set_line(widget, Text(text, style="bold red" if error else ""))

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._quiet or event.input.id is None:
            return
        name = event.input.id
        if name.startswith("hp-"):
            param_name = name[3:]
            if event.value.strip():
                self.form.values[param_name] = event.value
            else:
                self.form.values.pop(param_name, None)
            param = next((p for p in self.schema if p.name == param_name), None)
            if param is not None:
                self._check_param(param)
        elif name == "f-suffix":
            self.form.suffix = event.value
        elif name is not None and name[2:] in dict(_BEDROCK_FIELDS):
            if event.value.strip():
                self.form.options[name[2:]] = event.value.strip()
            else:
                self.form.options.pop(name[2:], None)
        elif name == "f-seed":
            self.form.seed = event.value
        elif name == "f-metadata":
            try:
                self.form.metadata = parse_metadata(event.value)
                self._message("metadata", "", False)
            except ValueError as error:
                self._message("metadata", str(error), True)
        self._check_fields()
        self._save()
        self._refresh_preview()

    def _check_fields(self) -> dict[str, str]:
        errors = field_errors(self.form, self.kind)
        errors.update({k: v for k, v in self.method_errors().items() if k not in errors})
        for name in ("suffix", "seed", "training", "validation", *(n for n, _ in _BEDROCK_FIELDS)):
            self._message(name, errors.get(name, ""), name in errors)
        if "metadata" in errors:
            self._message("metadata", errors["metadata"], True)
        return errors

    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if self._quiet:
            return
        value = "" if event.value is Select.NULL else str(event.value)
        which = event.select.id
        if which == "launch-profile" and value and value != self.form.profile:
            self.form.profile = value
            self._labels()
            self._show_form()
        elif which == "launch-model" and value and value != self.form.base_model:
            self.form.base_model = value
            self._fill_models()
        elif which == "launch-method" and value and value != self.form.method:
            self.form.method = value
            self._build_params()
        elif which == "f-training":
            self.form.training = value
            self._start_scan()
        elif which == "f-validation":
            self.form.validation = value
            self._start_scan()
        self._check_fields()
        self._save()

    def _save(self) -> None:
        if not self.form.started:
            return  # nothing typed yet: no draft to restore next time
        launch = self.launch
        if launch is None and self.launching:
            launch = load_draft_launch()  # the submit worker saved it a moment ago: keep it
        try:
            save_draft(self.form, launch=launch)
        except OSError:
            pass  # a read-only state dir must not break the form

    # -- preview ------------------------------------------------------------------------
    def _start_scan(self) -> None:
        training, validation = self.form.training, self.form.validation
        key = (training, validation, self.form.base_model)
        hosted = {ref: self._hosted_file(ref) for ref in (training, validation) if ref and is_remote(ref)}
        if not training or (is_remote(training) and hosted.get(training) is None) or not self.form.base_model:
            self._scan_stop.set()
            self.report, self._report_key, self._scan_key = None, None, None
            self._refresh_preview()
            return
        if key in (self._scan_key, self._report_key):
            self._refresh_preview()
            return
        self._scan_key = key
        self._scan_error, self._scan_done_bytes = "", None
        self._scan_stop.set()  # a scan of other files is of no more use
        self._scan_stop = threading.Event()
        self._refresh_preview()
        self.scan_files(key, self._scan_stop, self.form.profile,
                        {ref: file for ref, file in hosted.items() if file is not None})

    @work(thread=True, exclusive=True, group="launch-scan", exit_on_error=False)
    def scan_files(self, key: tuple[str, str, str], stop: threading.Event | None = None, profile: str = "",
                   hosted: dict[str, RemoteFile] | None = None) -> None:
        """Scan the training (and validation) file for the model with progress; post the report.

        A file hosted on ``profile`` (``hosted``: reference → file) is scanned from its cached copy,
        downloaded once. ``stop`` (ctrl+x, or another file chosen) ends it early; every failure is posted.
        """
        training, validation, model = key
        try:
            training, validation = (str(local_copy(self._session.provider(profile), profile, hosted[ref]))
                                    if hosted and ref in hosted else ref for ref in (training, validation))
        except (ProviderError, OSError) as error:
            why = error.message if isinstance(error, ProviderError) else str(error)
            self.post_message(ScanDone(key, None, f"cannot download the hosted file to check it: {why}"))
            return
        worker = get_current_worker()
        last = [0.0]

        def progress(done: int, total: int) -> None:
            now = time.monotonic()
            if now - last[0] > 0.2 or done >= total:
                last[0] = now
                self.post_message(ScanProgress(key, done, total))

        def cancelled() -> bool:
            return worker.is_cancelled or (stop is not None and stop.is_set())

        try:
            report = check_data(training, model, validation or None, progress=progress, cancel=cancelled)
        except OSError as error:
            self.post_message(ScanDone(key, None, f"cannot read {Path(error.filename or training).name}: "
                                                  f"{error.strerror or error}"))
            return
        except Exception as error:  # noqa: BLE001 - never a silent worker: the preview says it
            self.post_message(ScanDone(key, None, f"the data check failed: {type(error).__name__}: {error}"))
            return
        if report.cancelled:
            self.post_message(ScanDone(key, None, "data check stopped · ctrl+x checks again"))
            return
        self.post_message(ScanDone(key, report))

    @on(ScanProgress)
    def _scan_progress(self, message: ScanProgress) -> None:
        if message.key == self._scan_key:
            self._scan_done_bytes = (message.done, message.total)
            self._refresh_preview()

    @on(ScanDone)
    def _scan_done(self, message: ScanDone) -> None:
        if message.key != self._scan_key:
            return
        self._scan_key = None
        self._report_key = message.key if message.report is not None else None
        self.report = message.report
        self._scan_error = message.error
        self._refresh_preview()

    def action_check_data(self) -> None:
        """ctrl+x: stop the running data check, or check the chosen files again."""
        if self._scan_key is not None:
            self._scan_stop.set()
        else:
            self._report_key = None
            self._start_scan()

    def _checking_line(self) -> Text:
        """"Checking the data…" with a text progress bar and how to stop it."""
        line = Text("Checking the data…", style="italic")
        if self._scan_done_bytes is not None:
            done, total = self._scan_done_bytes
            share = done / total if total else 1.0
            filled = int(share * 20)
            line.append(f" {share:4.0%} ", style="bold")
            line.append("━" * filled, style="green")
            line.append("━" * (20 - filled), style="dim")
            line.append(f" {done / 1e6:,.1f} of {total / 1e6:,.1f} MB")
        line.append(" · ctrl+x stops\n", style="dim")
        return line

    def _current_report(self) -> ScanReport | None:
        key = (self.form.training, self.form.validation, self.form.base_model)
        return self.report if key == self._report_key else None

    def _refresh_preview(self) -> None:
        values, _errors = validate(self.schema, self.form.values)
        report = self._current_report()
        self.preview = build_preview(self.form.base_model, self.form.method, self.schema, values, report) \
            if self.form.base_model else None
        text = Text()
        text.append("Preview\n", style="bold")
        if self.preview is None:
            text.append("Choose a base model.", style="dim")
        else:
            for resolved in self.preview.resolved:
                value = f"{resolved.value:g}" if isinstance(resolved.value, float) else str(resolved.value)
                text.append(f"{resolved.name} = ", style="dim")
                text.append(value, style="bold" if resolved.source == "set" else "")
                note = {"default": " (default)", "auto": " (auto)", "auto?": " (auto, estimated)"}.get(
                    resolved.source, "")
                text.append(f"{' (the provider picks)' if resolved.value == 'auto' else note}\n", style="dim")
            if self._scan_key is not None:
                text.append_text(self._checking_line())
            elif self._scan_error:
                text.append(self._scan_error + "\n", style="red")
            elif report is not None and (report.changed or report.notes):
                for note in report.notes:
                    text.append(f"! {note}\n", style="yellow")
            if not self.form.training:
                text.append("Choose a training file to see steps, tokens and cost.\n", style="dim")
            else:
                text.append(self.preview.figures().replace(" · ", "\n") + "\n")
            for error in self.preview.errors:
                text.append(f"✗ {error}\n", style="red")
            for warning in self.preview.warnings:
                text.append(f"! {warning}\n", style="yellow")
        set_block(self.query_one("#launch-preview", Static), text, text.markup)

    # -- launching --------------------------------------------------------------------------
    def problems(self) -> dict[str, str]:
        """Every reason the form cannot be launched now, by field."""
        _values, errors = validate(self.schema, self.form.values, self.form.base_model, self.form.method)
        out = {f"hp-{k}": v for k, v in errors.items()}
        out.update(self._check_fields())
        out.update({k: v for k, v in self.formats_pending().items() if k not in out})
        if not self.form.base_model:
            out["model"] = "choose a base model"
        if self.kind == "bedrock":
            profile = next(p for p in self._session.profiles if p.name == self.form.profile)
            for option in ("role_arn", "bucket"):
                if not profile.get(option) and not self.form.options.get(option):
                    out[option] = f"profile {profile.name!r} needs the option {option} in the config"
            role = profile_role_problem(profile) if not self.form.options.get("role_arn") else None
            if role and "role_arn" not in out:
                out["role_arn"] = role
        return out

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Read-only mode removes launching (the header says why)."""
        if action in ("launch", "save_preset") and getattr(self.app, "read_only", False):
            return False
        return True

    def action_launch(self) -> None:
        """Check everything, then ask before launching."""
        refuse = getattr(self.app, "refuse_if_read_only", None)
        if self.launching or (refuse is not None and refuse("launching jobs")):
            return
        problems = self.problems()
        if problems:
            name, text = next(iter(problems.items()))
            self._status(f"Cannot launch: {text}", error=True)
            target = {"training": "#f-training", "validation": "#f-validation", "suffix": "#f-suffix",
                      "seed": "#f-seed", "metadata": "#f-metadata"}.get(name, f"#{name}")
            try:
                self.query_one(target).focus()
            except Exception:  # noqa: BLE001 - not a field
                pass
            return
        report = self._current_report()
        if not is_remote(self.form.training) and report is None:
            self._status("Still checking the data; launch again in a moment.", error=True)
            return
        preview = self.preview
        assert preview is not None
        if not preview.ok:
            self._status(f"The data has errors: {preview.errors[0]}", error=True)
            return
        self.app.push_screen(ConfirmScreen(f"Launch on {self.form.profile}?", self._confirm_text(preview),
                                           yes="Launch"), self._answered)

    def _confirm_text(self, preview: Preview) -> str:
        form = self.form
        data = self.file_label(form.training)
        if form.validation:
            data += f" + {self.file_label(form.validation)}"
        values = " ".join(f"{r.name}={r.value:g}" if isinstance(r.value, float) else f"{r.name}={r.value}"
                          for r in preview.resolved)
        lines = [f"{form.base_model} · {form.method}", f"data {data}", values, preview.figures()]
        if form.suffix:
            lines.append(f"{'name' if self.kind == 'bedrock' else 'suffix'} {form.suffix}")
        if preview.warnings:
            lines.append(f"{len(preview.warnings)} warning(s): {preview.warnings[0]}"[:120])
        try:
            region = region_warning(self._provider(), form.base_model, self.models.get(form.profile))
        except ProviderError:
            region = None
        if region:
            lines.append(f"! {region}")
        return "\n".join(lines)

    def _answered(self, yes: bool | None) -> None:
        if not yes:
            self._status("Not launched.")
            return
        values, _ = validate(self.schema, self.form.values)
        form = self.form
        plan = LaunchPlan(form.base_model, form.training, form.validation or None, form.method, values,
                          form.suffix or None, int(form.seed) if form.seed.strip() else None, dict(form.metadata),
                          dict(form.options) if self.kind == "bedrock" else {})
        self._start_submit(form.profile, plan, self._current_report(), check=True)

    def _start_submit(self, profile: str, plan: LaunchPlan, report: ScanReport | None, check: bool) -> None:
        self.launching = True
        self._status("Launching…")
        snapshot = LaunchForm.from_dict(self.form.to_dict())
        self.run_submit(profile, plan, report, snapshot, self.launch if check else None, check)

    @work(thread=True, exclusive=True, group="launch-submit", exit_on_error=False)
    def run_submit(self, profile: str, plan: LaunchPlan, report: ScanReport | None, form: LaunchForm,
                   interrupted: dict[str, Any] | None = None, check: bool = True) -> None:
        """Look for an earlier launch of this configuration, save the launch id, then upload and create once.

        The create call runs in a daemon thread this worker waits on: when the app quits (or the SSH
        session drops) mid-create, the worker is cancelled and ftui exits at once; the launch id stays
        in the draft and in ``launches.json`` for the next launch to reconcile.
        """
        provider = self._session.provider(profile)
        key = pending.launch_key(next(p for p in self._session.profiles if p.name == profile), plan)
        launch_id = None
        if check:
            record = pending.recorded(key)
            if record is None and interrupted is not None and interrupted.get("key") == key:
                record = pending.LaunchRecord(key, str(interrupted["id"]), profile, plan.base_model,
                                              str(plan.training), float(interrupted.get("started") or 0))
            if record is not None:
                self.post_message(LaunchProgress(f"This configuration was launched {pending.age_text(record)} "
                                                 f"(launch id {record.launch_id}); looking for its job…"))
                try:
                    job = find_prior(provider, record.launch_id, record.job_id)
                except ProviderError as error:
                    self.post_message(LaunchFailed(
                        "Job may exist", f"An earlier launch of this configuration (launch id {record.launch_id}) "
                        f"may have created a job, and ftui cannot check now: {error.message} Nothing was sent; "
                        "ctrl+l tries again."))
                    return
                if job is not None:
                    pending.quietly(pending.confirm, key, record.launch_id, job.id)
                    self.post_message(PriorLaunchFound(job, record, profile, plan, report))
                    return
                launch_id = None if record.job_id else record.launch_id
        launch_id = launch_id or new_launch_id()
        launch = {"id": launch_id, "key": key, "started": time.time()}
        problem = pending.quietly(pending.remember, key, launch_id, profile, plan)
        try:
            save_draft(form, launch=launch)
        except OSError as error:
            problem = problem or f"could not save the draft: {error.strerror or error}"
        self.post_message(LaunchStarted(launch))
        if problem:
            self.post_message(LaunchProgress(f"Warning: {problem}; an interrupted launch could not be recognised."))
        outcome: dict[str, Any] = {}

        def create() -> None:
            try:
                outcome["job"] = submit(provider, plan, report=report, launch_id=launch_id,
                                        progress=lambda line: self.post_message(LaunchProgress(line)))
            except BaseException as error:  # noqa: BLE001 - handed to the worker below
                outcome["error"] = error

        thread = threading.Thread(target=create, name=f"ftui-launch-{launch_id}", daemon=True)
        thread.start()
        worker = get_current_worker()
        while thread.is_alive():
            thread.join(0.1)
            if worker.is_cancelled:
                return  # quitting: the launch id is saved with the draft and in launches.json
        error = outcome.get("error")
        if isinstance(error, ProviderError):
            region = getattr(provider, "region", None)
            hint_text = next((m.description for m in self.models.get(profile, []) if m.id == plan.base_model), "")
            refused = isinstance(error, (InvalidRequestError, PermissionDeniedError, AuthError, ConfigError,
                                         NotFoundError))
            if refused:
                pending.quietly(pending.forget, key, launch_id)
            self.post_message(LaunchFailed(error.title, explain_refusal(error, provider.kind, plan.base_model,
                                                                        region, hint_text), refused=refused))
            return
        if error is not None:
            self.post_message(LaunchFailed("Launch failed", f"{type(error).__name__}: {error}. Launch id "
                                           f"{launch_id} is saved: ctrl+l looks for its job before launching."))
            return
        job = outcome["job"]
        pending.quietly(pending.confirm, key, launch_id, job.id)
        self.post_message(self.Launched(job))

    @on(LaunchStarted)
    def _started(self, message: LaunchStarted) -> None:
        self.launch = message.launch

    @on(PriorLaunchFound)
    def _prior_found(self, message: PriorLaunchFound) -> None:
        self.launching = False
        job, record = message.job, message.record
        created = f", created {job.created_at:%Y-%m-%d %H:%M}" if getattr(job, "created_at", None) else ""
        detail = (f"{job.name or job.id} · {job.status.value}{created}\n"
                  f"launch id {record.launch_id} · {record.base_model} on {message.profile} · "
                  f"launched {pending.age_text(record)}")
        self._status(f"This launch may already exist as {job.id}: open it, or launch again?")

        def answered(choice: str | None) -> None:
            if choice == "open":
                self.post_message(self.Launched(job, existing=True))
            elif choice == "again":
                self._start_submit(message.profile, message.plan, message.report, check=False)
            else:
                self._status(f"Not launched (the earlier job is {job.id}).")

        self.app.push_screen(PriorLaunchScreen(job.id, detail), answered)

    @on(LaunchProgress)
    def _progress(self, message: LaunchProgress) -> None:
        self._status(message.line)

    @on(LaunchFailed)
    def _failed(self, message: LaunchFailed) -> None:
        self.launching = False
        if message.refused:
            self.launch = None
            self._save()
        self._status(f"{message.title}: {message.text}", error=True)
        self.notify(message.text, title=message.title, severity="error", timeout=15)

    @on(Launched)
    def _launched(self, message: Launched) -> None:
        self.launching = False
        self.launch = None
        clear_draft()
        if message.existing:
            self._status(f"Opened {message.job.id} ({message.job.status.value}), launched earlier: nothing new "
                         "was created.")
        else:
            self._status(f"Launched {message.job.id} ({message.job.status.value}).")

    # -- presets, reset -----------------------------------------------------------------------
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

    def action_reset(self) -> None:
        """Clear the hyperparameter values (back to the provider's defaults)."""
        self.form.values = {}
        self._schema_key = None
        self._save()
        self._build_params()
        self._status("Values reset to the provider's defaults.")

