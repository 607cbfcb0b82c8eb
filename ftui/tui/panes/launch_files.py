"""The launch pane's Training and Validation choices: local files and the profile's hosted files.

Hosted files (OpenAI files, S3 objects) are listed per profile and chosen by their id, so
they are never uploaded again. Every chosen file's format is learnt off the main thread
(a local file from its first lines, a hosted one from its cached copy) and checked against
the chosen method with the launch core's rule (:mod:`ftui.launch.methods`), so a preference
file with method ``supervised`` is refused before anything is uploaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.message import Message

from ftui.launch.form import is_remote
from ftui.launch.hosted import local_copy
from ftui.launch.methods import file_format, method_problems
from ftui.providers.errors import ProviderError
from ftui.providers.records import RemoteFile
from ftui.tui.panes.datasets_browser import find_files, is_dataset_file, shorten_middle

if TYPE_CHECKING:
    from ftui.launch import LaunchForm
    from ftui.providers.records import BaseModel


CHOICE_WIDTH = 52
"""Cells of a file choice's label (the list opens 56 wide: launch_style.py)."""


def choice_label(name: str, profile: str | None = None) -> str:
    """A file choice's label: the name shortened in the middle; hosted files marked ☁ and their profile
    after the name (a narrow field shows the name first)."""
    if profile is None:
        return shorten_middle(name, CHOICE_WIDTH)
    tail = f"  ☁ {profile}"
    return shorten_middle(name, max(12, CHOICE_WIDTH - len(tail))) + tail


@dataclass
class HostedFilesLoaded(Message):
    """A profile's hosted dataset files (or why they could not be listed)."""

    profile: str
    """The profile."""
    files: list[RemoteFile]
    """Its dataset files, newest first."""
    error: str = ""
    """Why they could not be listed."""


@dataclass
class FormatKnown(Message):
    """The format of a chosen file (training or validation) is known, or could not be learnt."""

    reference: str
    """The local path or the hosted file's id."""
    format: str | None
    """The format; None when the file could not be read."""
    error: str = ""
    """Why not."""


@dataclass
class _ChoiceState:
    hosted: dict[str, list[RemoteFile]] = field(default_factory=dict)
    formats: dict[str, str | None] = field(default_factory=dict)
    pending: set[str] = field(default_factory=set)
    listing: set[str] = field(default_factory=set)


class FileChoices:
    """Mixed into the launch pane: hosted files in the file choices and the method/format check."""

    if TYPE_CHECKING:

        @property
        def form(self) -> LaunchForm: ...  # noqa: D102 - a mixin's stub of what its host class provides

        app: Any
        _session: Any

        def _model(self) -> BaseModel | None: ...

        dataset_dirs: list[Path]
        _view: Any

        def _check_fields(self) -> dict[str, str]: ...
        def _status(self, text: str, error: bool = False) -> None: ...
        def _start_scan(self) -> None: ...
        def post_message(self, message: Message) -> bool: ...  # noqa: D102 - a mixin's stub of what its host class provides

    _choices: _ChoiceState | None = None

    @property
    def _state(self) -> _ChoiceState:
        if self._choices is None:
            self._choices = _ChoiceState()
        return self._choices

    @property
    def hosted(self) -> dict[str, list[RemoteFile]]:
        """Hosted dataset files by profile, once listed."""
        return self._state.hosted

    @property
    def formats(self) -> dict[str, str | None]:
        """Known formats of chosen files, by local path or hosted id (None: could not be read)."""
        return self._state.formats

    def _fill_files(self) -> None:
        """Offer the dataset folders' JSONL files and the profile's hosted files in both choices."""
        files = [p for p in find_files(self.dataset_dirs) if p.suffix.lower() == ".jsonl"]
        bases = [d.resolve() for d in self.dataset_dirs]
        options = [(choice_label(self._relative(p, bases)), str(p)) for p in files] + self.hosted_options()
        self._view.fill_files(self.form, options)

    @staticmethod
    def _relative(path: Path, bases: list[Path]) -> str:
        resolved = path.resolve()
        for base in bases:
            if resolved.is_relative_to(base):
                return str(resolved.relative_to(base))
        return str(path)

    def on_show(self) -> None:
        """Files written meanwhile (a split in the datasets pane) appear in the choices."""
        self._fill_files()

    def hosted_options(self) -> list[tuple[str, str]]:
        """``(label, file id)`` of the chosen profile's hosted files, listing them on first use."""
        profile = self.form.profile
        if profile not in self.hosted:
            if profile and profile not in self._state.listing:
                self._state.listing.add(profile)
                self.list_hosted(profile)
            return []
        return [(choice_label(f.filename or f.id, profile), f.id) for f in self.hosted[profile]]

    def hosted_name(self, reference: str) -> str | None:
        """A hosted file's real name for its id (None when it is not a listed hosted file)."""
        file = self._hosted_file(reference)
        return (file.filename or file.id) if file is not None else None

    def file_label(self, reference: str) -> str:
        """How to name a chosen file: a local file's name, a hosted file's real name and id."""
        hosted = self.hosted_name(reference)
        if hosted is not None:
            return f"{hosted} ({reference})"
        return reference if is_remote(reference) else Path(reference).name

    def _hosted_file(self, reference: str) -> RemoteFile | None:
        return next((f for f in self.hosted.get(self.form.profile, []) if f.id == reference), None)

    @work(thread=True, group="launch-hosted", exit_on_error=False)
    def list_hosted(self, profile: str) -> None:
        """List a profile's hosted dataset files (network)."""
        try:
            files = self._session.provider(profile).list_files()
        except ProviderError as error:
            self.post_message(HostedFilesLoaded(profile, [], error.message))
            return
        self.post_message(HostedFilesLoaded(profile, [f for f in files if is_dataset_file(Path(f.filename or f.id))]))

    def on_hosted_files_loaded(self, message: HostedFilesLoaded) -> None:
        """Offer the hosted files in the Training and Validation choices."""
        self._state.listing.discard(message.profile)
        self.hosted[message.profile] = message.files
        if message.error:
            self._status(f"{message.profile}: could not list its hosted files: {message.error}", error=True)
        if message.profile == self.form.profile:
            self._fill_files()
            self._check_fields()
            self._start_scan()  # a hosted training file chosen before the list arrived is checked now

    # -- the method/format check ------------------------------------------------------------
    def method_errors(self) -> dict[str, str]:
        """The chosen method against each chosen file's format, by field (learning unknown formats)."""
        files = {"training": self.form.training, "validation": self.form.validation}
        known: dict[str, str] = {}
        for reference in files.values():
            if not reference:
                continue
            if reference in self.formats:
                fmt = self.formats[reference]
                if fmt is not None:
                    known[reference] = fmt
            else:
                self._learn_format(reference)
        model = self._model()
        names = {r: n for r in known if (n := self.hosted_name(r))}
        return method_problems(
            self.form.method,
            {k: v for k, v in files.items() if v in known},
            model.methods if model is not None else None,
            known,
            names,
            short=True,
        )

    def formats_pending(self) -> dict[str, str]:
        """The chosen files whose format is still being learnt (a launch waits for them)."""
        pending = self._state.pending
        return {
            name: f"still checking the format of {self.hosted_name(ref) or Path(ref).name}; launch again in a moment"
            for name, ref in (("training", self.form.training), ("validation", self.form.validation))
            if ref and ref in pending
        }

    def _learn_format(self, reference: str) -> None:
        pending = self._state.pending
        if reference in pending:
            return
        file = self._hosted_file(reference)
        if file is None and not Path(reference).expanduser().is_file():
            return  # an unlisted remote reference or a missing file: nothing to learn (field checks say why)
        pending.add(reference)
        self.learn_format(reference, self.form.profile, file)

    @work(thread=True, group="launch-formats", exit_on_error=False)
    def learn_format(self, reference: str, profile: str, file: RemoteFile | None) -> None:
        """Sniff a local file, or fetch a hosted one into the cache (once) and sniff the copy."""
        path = Path(reference).expanduser()
        if file is not None:
            try:
                path = local_copy(self._session.provider(profile), profile, file)
            except (ProviderError, OSError) as error:
                why = error.message if isinstance(error, ProviderError) else str(error)
                self.post_message(FormatKnown(reference, None, why))
                return
        fmt = file_format(str(path))
        self.post_message(FormatKnown(reference, fmt, "" if fmt else f"cannot read {path.name}"))

    def on_format_known(self, message: FormatKnown) -> None:
        """Check the method against the new format (the field messages and ctrl+l use it)."""
        self._state.pending.discard(message.reference)
        self.formats[message.reference] = message.format
        if message.error and message.reference in (self.form.training, self.form.validation):
            name = self.hosted_name(message.reference) or Path(message.reference).name
            self._status(f"Could not check the format of {name}: {message.error}", error=True)
        self._check_fields()
