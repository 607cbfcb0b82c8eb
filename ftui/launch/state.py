"""The launch pane's state without any UI: the form as typed, its checks, what the preview shows,
what a launch will send, and when the draft is saved.

The launch pane (:mod:`ftui.tui.panes.launch`) owns one :class:`LaunchState`; its widgets only render
what this computes. Everything here is plain Python, so it is tested without a terminal.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ftui.datasets import ScanReport
from ftui.launch.form import (
    LaunchForm,
    field_errors,
    is_remote,
    job_options,
    parse_metadata,
)
from ftui.launch.preview import Preview, build_preview
from ftui.launch.submit import LaunchPlan
from ftui.launch.values import ValueProblem, parse_value, validate
from ftui.providers.base import Provider
from ftui.providers.profiles import Profile
from ftui.providers.records import BaseModel, HyperParameter

METHODS = ("supervised", "dpo")
"""Methods the launch pane can launch."""
DRAFT_INTERVAL = 0.5
"""Seconds between two draft saves while typing (the last change is always saved)."""

Segment = tuple[str, str]
"""A piece of text and its Rich style (``""`` for none): how the preview is drawn, without Rich."""
ScanKey = tuple[str, str, str]
"""(training, validation, base model) a data check is for."""


class DraftSaver:
    """Coalesces draft saves: at most one per :data:`DRAFT_INTERVAL` while typing, and the last state always.

    Call :meth:`touch` on every change; when it returns True, schedule :meth:`flush` in ``interval``
    seconds (a timer). Call :meth:`flush` at once when the user leaves, quits or launches.
    """

    def __init__(self, write: Callable[[], None], interval: float = DRAFT_INTERVAL) -> None:
        self.write = write
        """Saves the draft now."""
        self.interval = interval
        """Seconds between saves while typing."""
        self.dirty = False
        """Whether something changed since the last save."""
        self.scheduled = False
        """Whether a flush is scheduled."""

    def touch(self) -> bool:
        """Note a change; True when no flush is scheduled yet (the caller schedules one)."""
        self.dirty = True
        if self.scheduled:
            return False
        self.scheduled = True
        return True

    def flush(self) -> None:
        """Save now if anything changed (a scheduled flush and an explicit one may both call this)."""
        self.scheduled = False
        if self.dirty:
            self.dirty = False
            self.write()


@dataclass(frozen=True, slots=True)
class FieldRef:
    """Which part of the form an input edits."""

    group: Literal["hp", "option", "suffix", "seed", "metadata", "training", "validation"]
    """A hyperparameter, a job option, or one of the fixed fields."""
    name: str = ""
    """The hyperparameter's or option's name."""


class LaunchState:
    """Everything the launch pane knows: the form, the models, the schema, the data check and the launch."""

    def __init__(self, form: LaunchForm | None = None) -> None:
        self.form = form or LaunchForm()
        """The form as typed (saved as the draft)."""
        self.schema: list[HyperParameter] = []
        """The hyperparameters of the chosen model and method."""
        self.models: dict[str, list[BaseModel]] = {}
        """Base models per profile, once listed."""
        self.report: ScanReport | None = None
        """The data check of the chosen files for the chosen model."""
        self.preview: Preview | None = None
        """The current preview (:meth:`refresh_preview`)."""
        self.launching = False
        """True while a submit runs."""
        self.launch: dict[str, Any] | None = None
        """The launch in progress or interrupted (``id``, ``key``, ``started``), kept with the draft."""
        self.scan_key: ScanKey | None = None
        """What the running data check is for (None: none runs)."""
        self.report_key: ScanKey | None = None
        """What :attr:`report` is for."""
        self.scan_error = ""
        """Why the last data check gave no report."""
        self.scan_done: tuple[int, int] | None = None
        """Bytes checked and bytes in all, while a check runs."""

    # -- the form --------------------------------------------------------------------------
    def edit(self, field: FieldRef, value: str) -> str | None:
        """Apply typed text to the form; the problem with it when it cannot be read (metadata), else None."""
        form = self.form
        if field.group == "hp":
            if value.strip():
                form.values[field.name] = value
            else:
                form.values.pop(field.name, None)
        elif field.group == "option":
            if value.strip():
                form.options[field.name] = value.strip()
            else:
                form.options.pop(field.name, None)
        elif field.group == "suffix":
            form.suffix = value
        elif field.group == "seed":
            form.seed = value
        elif field.group == "training":
            form.training = value
        elif field.group == "validation":
            form.validation = value
        else:
            try:
                form.metadata = parse_metadata(value)
            except ValueError as error:
                return str(error)
        return None

    def model(self) -> BaseModel | None:
        """The chosen base model, once the profile's models are listed."""
        return next((m for m in self.models.get(self.form.profile, []) if m.id == self.form.base_model), None)

    def choose_model(self) -> tuple[list[BaseModel], list[str]]:
        """Keep the form's model and method when the profile offers them, else take the first ones.

        Returns:
            The profile's models and the chosen model's launchable methods.
        """
        models = self.models.get(self.form.profile, [])
        if self.form.base_model not in [m.id for m in models]:
            self.form.base_model = models[0].id if models else ""
        model = self.model()
        methods = [m for m in model.methods if m in METHODS] if model else ["supervised"]
        if self.form.method not in methods:
            self.form.method = methods[0]
        return models, methods

    def scan_for(self) -> ScanKey:
        """What a data check of the current choices is for."""
        return self.form.training, self.form.validation, self.form.base_model

    def current_report(self) -> ScanReport | None:
        """The data check's report when it is for the current choices."""
        return self.report if self.scan_for() == self.report_key else None

    # -- checks ------------------------------------------------------------------------------
    def value_problem(self, param: HyperParameter) -> str | None:
        """What is wrong with the text typed for ``param``, or None."""
        try:
            parse_value(param, self.form.values.get(param.name, ""))
        except ValueProblem as error:
            return error.message
        return None

    def field_errors(self, provider: type[Provider], method_errors: Mapping[str, str]) -> dict[str, str]:
        """Problems with the fixed fields and job options (``method_errors``: the method against the files)."""
        errors = field_errors(self.form, provider)
        errors.update({k: v for k, v in method_errors.items() if k not in errors})
        return errors

    def problems(
        self, provider: type[Provider], profile: Profile, fields: Mapping[str, str], pending: Mapping[str, str]
    ) -> dict[str, str]:
        """Every reason the form cannot be launched now, by field (``fields``: :meth:`field_errors`;
        ``pending``: files whose format is still being learnt)."""
        _values, errors = validate(self.schema, self.form.values, self.form.base_model, self.form.method)
        out = {f"hp-{k}": v for k, v in errors.items()}
        out.update(fields)
        out.update({k: v for k, v in pending.items() if k not in out})
        if not self.form.base_model:
            out["model"] = "choose a base model"
        ready = provider.launch_problems(profile, job_options(self.form, provider), is_remote(self.form.training))
        out.update({k: v for k, v in ready.items() if k not in out})
        return out

    def plan(self, provider: type[Provider]) -> LaunchPlan:
        """What the launch sends (files still local): typed values and the options the provider takes."""
        values, _ = validate(self.schema, self.form.values)
        form = self.form
        return LaunchPlan(
            form.base_model,
            form.training,
            form.validation or None,
            form.method,
            values,
            form.suffix or None,
            int(form.seed) if form.seed.strip() else None,
            dict(form.metadata),
            job_options(form, provider),
        )

    # -- the preview ----------------------------------------------------------------------------
    def refresh_preview(self) -> Preview | None:
        """Recompute the preview from the form, the schema and the data check."""
        values, _errors = validate(self.schema, self.form.values)
        self.preview = (
            build_preview(self.form.base_model, self.form.method, self.schema, values, self.current_report())
            if self.form.base_model
            else None
        )
        return self.preview

    def preview_segments(self) -> list[Segment]:
        """What the preview box shows: resolved values, the data check, figures, errors and warnings."""
        out: list[Segment] = [("Preview\n", "bold")]
        preview, report = self.preview, self.current_report()
        if preview is None:
            return [*out, ("Choose a base model.", "dim")]
        for resolved in preview.resolved:
            value = f"{resolved.value:g}" if isinstance(resolved.value, float) else str(resolved.value)
            note = {"default": " (default)", "auto": " (auto)", "auto?": " (auto, estimated)"}.get(resolved.source, "")
            out += [
                (f"{resolved.name} = ", "dim"),
                (value, "bold" if resolved.source == "set" else ""),
                (f"{' (the provider picks)' if resolved.value == 'auto' else note}\n", "dim"),
            ]
        if self.scan_key is not None:
            out += self.checking_segments()
        elif self.scan_error:
            out.append((self.scan_error + "\n", "red"))
        elif report is not None and (report.changed or report.notes):
            out += [(f"! {note}\n", "yellow") for note in report.notes]
        if not self.form.training:
            out.append(("Choose a training file to see steps, tokens and cost.\n", "dim"))
        else:
            out.append((preview.figures().replace(" · ", "\n") + "\n", ""))
        out += [(f"✗ {error}\n", "red") for error in preview.errors]
        out += [(f"! {warning}\n", "yellow") for warning in preview.warnings]
        return out

    def checking_segments(self) -> list[Segment]:
        """ "Checking the data…" with a text progress bar and how to stop it."""
        out: list[Segment] = [("Checking the data…", "italic")]
        if self.scan_done is not None:
            done, total = self.scan_done
            share = done / total if total else 1.0
            filled = int(share * 20)
            out += [
                (f" {share:4.0%} ", "bold"),
                ("━" * filled, "green"),
                ("━" * (20 - filled), "dim"),
                (f" {done / 1e6:,.1f} of {total / 1e6:,.1f} MB", ""),
            ]
        out.append((" · ctrl+x stops\n", "dim"))
        return out

    def confirm_text(
        self, provider: type[Provider], preview: Preview, file_label: Callable[[str], str], region: str | None
    ) -> str:
        """The confirmation's body: model, data, values, figures, the name, warnings."""
        form = self.form
        data = file_label(form.training)
        if form.validation:
            data += f" + {file_label(form.validation)}"
        values = " ".join(
            f"{r.name}={r.value:g}" if isinstance(r.value, float) else f"{r.name}={r.value}" for r in preview.resolved
        )
        lines = [f"{form.base_model} · {form.method}", f"data {data}", values, preview.figures()]
        if form.suffix:
            lines.append(f"{provider.job_name_word} {form.suffix}")
        if preview.warnings:
            lines.append(f"{len(preview.warnings)} warning(s): {preview.warnings[0]}"[:120])
        if region:
            lines.append(f"! {region}")
        return "\n".join(lines)


def file_name(reference: str) -> str:
    """How a chosen file is named when it is not a listed hosted file: a local file's name, else the reference."""
    return reference if is_remote(reference) else Path(reference).name
