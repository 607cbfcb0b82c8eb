"""Split, drop-invalid and convert for the datasets pane: one at a time, into visible new files.

A local file's outputs go next to it; a hosted file's (OpenAI file, S3 object, opened from
its cached copy) go to the first dataset folder or the current one, never to the hidden
cache. Messages name the hosted file by its real name and give the outputs' full paths.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from textual import work
from textual.message import Message
from textual.widgets import Button

from ftui.datasets import convert, drop_invalid, fix_file, split
from ftui.datasets.convert import CONVERTIBLE
from ftui.datasets.transform import output_names as free_names  # the one naming rule for derived files
from ftui.tui.panes.datasets_browser import FileBrowser
from ftui.tui.panes.datasets_dialogs import ConvertScreen
from ftui.tui.panes.datasets_stats import StatsPanel
from ftui.tui.services import services_of

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from ftui.datasets import Dataset, ScanReport
    from ftui.providers.records import RemoteFile

TRANSFORMS = ("split", "drop_invalid", "convert", "fix_file")
"""The pane's actions that write files."""


@dataclass
class TransformDone(Message):
    """A transform wrote its files (or failed)."""

    summary: str
    """What happened, for the notification."""
    ok: bool
    """False when it failed."""
    outputs: tuple[str, ...] = ()
    """The new files (full paths)."""


class TransformActions:
    """Mixed into the datasets pane: the ``t``/``d``/``v`` keys, the stats tab's buttons, the worker."""

    dataset: Dataset | None
    report: ScanReport | None
    directories: list[Path]
    origin: tuple[str, RemoteFile] | None
    transforming: str
    """What the running transform is doing ("" when none runs): one at a time."""

    if TYPE_CHECKING:
        app: Any
        screen: Any

        def query_one(self, selector: Any, expect_type: Any = None) -> Any: ...  # noqa: D102
        def notify(self, message: str, **kwargs: Any) -> None: ...  # noqa: D102
        def post_message(self, message: Message) -> bool: ...  # noqa: D102

    @property
    def source_name(self) -> str:
        """The open file's own name (a hosted file's real name, never its cache name)."""
        if self.origin is not None:
            _profile, file = self.origin
            return Path(file.filename).name or file.id
        return Path(self.dataset.path).name if self.dataset is not None else ""

    def output_folder(self) -> Path | None:
        """Where transforms write: None means next to the source (a local file); a hosted file's
        outputs go to the first dataset folder (or the current one), never to the hidden cache."""
        if self.origin is None:
            return None
        return self.directories[0] if self.directories else Path.cwd()

    def _read_only(self) -> bool:
        """Whether ftui runs read-only (from the screen's services; an app without them writes)."""
        try:
            return services_of(cast("DOMNode", self)).read_only
        except LookupError:
            return False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Read-only mode removes the transforms (they write files)."""
        return not (action in TRANSFORMS and self._read_only())

    def _stats_button(self, button_id: str) -> None:
        if self.dataset is None:
            self.notify("Open a dataset first (Enter on a file in the list).", severity="warning")
            return
        self.query_one(f"#{button_id}", Button).press()

    def action_split(self) -> None:
        """Split the open file into training and validation files (share and seed from the stats tab)."""
        self._stats_button("ds-split")

    def action_drop_invalid(self) -> None:
        """Write the open file's valid lines to a new file."""
        self._stats_button("ds-drop")

    def action_fix_file(self) -> None:
        """Write a JSON Lines copy of a JSON array / pretty-printed JSON file, or the file without its BOM."""
        if self.dataset is None:
            self.notify("Open a dataset first (Enter on a file in the list).", severity="warning")
            return
        self.on_stats_panel_action_requested(StatsPanel.ActionRequested("fix_file"))

    def action_convert(self) -> None:
        """Ask for a target format, then convert the open file into a new file."""
        if self.dataset is None:
            self.notify("Open a dataset first (Enter on a file in the list).", severity="warning")
            return
        source = self.report.format if self.report is not None else self.dataset.format
        if source not in CONVERTIBLE:
            self.notify(
                f"{self.source_name} is {source}; ftui converts only between {', '.join(CONVERTIBLE)}.",
                severity="warning",
            )
            return
        folder = self.output_folder() or Path(self.dataset.path).parent

        def chosen(target: str | None) -> None:
            if target:
                self.query_one(StatsPanel).post_message(StatsPanel.ActionRequested("convert", target=target))

        self.app.push_screen(
            ConvertScreen(self.source_name, source, [t for t in CONVERTIBLE if t != source], str(folder)), chosen
        )

    def on_stats_panel_action_requested(self, event: StatsPanel.ActionRequested) -> None:
        """Start a transform unless one is running (Enter on its button cannot start it twice)."""
        stats = self.query_one(StatsPanel)
        focused = self.screen.focused
        if isinstance(focused, Button) and stats in focused.ancestors:
            stats.focus()  # so Enter again does not run the transform again
        if self._read_only():
            services_of(cast("DOMNode", self)).refuse_if_read_only("writing files")
            return
        if self.dataset is None:
            return
        if event.action == "convert" and not event.target:
            self.action_convert()  # the Convert… button: ask for the target first
            return
        if self.transforming:
            self.notify(
                f"A transform is already running ({self.transforming}); wait for it to finish.", severity="warning"
            )
            return
        what = {"split": "split", "drop_invalid": "drop invalid", "fix_file": "fix"}.get(
            event.action, f"convert to {event.target}"
        )
        self.transforming = f"{what} of {self.source_name}"
        self.notify(f"Running {self.transforming}…", timeout=3)
        self._transform(self.dataset.path, event, self.output_folder(), self.source_name)

    @work(thread=True, exit_on_error=False, group="dataset-transform")
    def _transform(self, path: str, request: StatsPanel.ActionRequested, folder: Path | None, name: str) -> None:
        def outputs(*suffixes: str) -> list[Path] | list[None]:
            return [None] * len(suffixes) if folder is None else free_names(str(folder / name), *suffixes)

        try:
            if request.action == "split":
                train, valid = outputs("train", "validation")
                result = split(
                    path, validation_ratio=request.ratio, seed=request.seed, train_out=train, validation_out=valid
                )
            elif request.action == "drop_invalid":
                result = drop_invalid(path, outputs("clean")[0])
            elif request.action == "fix_file":  # a JSON document or a BOM: a JSON Lines / UTF-8 copy
                result = fix_file(path, None if folder is None else free_names(str(folder / name), "jsonl")[0])
            else:
                result = convert(path, request.target, outputs(request.target)[0])
        except Exception as e:  # noqa: BLE001 - every failure reaches the screen and frees the next transform
            self.post_message(TransformDone(f"{self.transforming or name}: {e}", False))
            return
        examples = f"{result.written:,} example{'s' if result.written != 1 else ''}"
        summary = f"Wrote {examples} to {' and '.join(result.outputs)}"
        if result.skipped:
            first = f" (first: {result.reasons[0]})" if result.reasons else ""
            summary += f"; left out {result.skipped:,}{first}"
        self.post_message(TransformDone(summary, True, result.outputs))

    def on_transform_done(self, event: TransformDone) -> None:
        """Report with full paths, and list (and point at) the new files."""
        self.transforming = ""
        self.notify(
            event.summary,
            severity="information" if event.ok else "error",
            title="Done" if event.ok else "Transform failed",
            timeout=12,
        )
        if event.ok:
            browser = self.query_one(FileBrowser)
            for output in event.outputs:
                browser.show_file(Path(output))
            browser.reload()
            if event.outputs:
                browser.highlight(event.outputs[0])
