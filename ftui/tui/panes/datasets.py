"""The datasets pane: browse local JSONL files, read examples, see problems, stats, cost.

Opening a file is instant (the engine indexes lazily); the full scan runs in a
thread worker with a progress bar and can be cancelled with ``c``.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, OptionList, ProgressBar, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState, get_current_worker

from ftui.datasets import Dataset, ScanReport, open_dataset, scan
from ftui.datasets.display import safe
from ftui.datasets.pool import warm_up
from ftui.providers.records import RemoteFile
from ftui.tui.clipboard import copy
from ftui.tui.panes.datasets_browser import FileBrowser
from ftui.tui.panes.datasets_example import BIG_LINE, ExampleActions, megabytes
from ftui.tui.panes.datasets_find import FindActions
from ftui.tui.panes.datasets_keys import DatasetHeader, ExampleScroll, KeyActions, ProblemList
from ftui.tui.panes.datasets_stats import StatsPanel
from ftui.tui.panes.datasets_style import PANE_CSS
from ftui.tui.panes.datasets_transforms import TransformActions
from ftui.tui.panes.datasets_view import render_problem, render_problems_header, showing

SCAN_CSS = """
DatasetsPane #ds-scanrow { height: 1; display: none; }
DatasetsPane #ds-scanrow.-shown { display: block; }
DatasetsPane #ds-scanrow ProgressBar { width: auto; margin-right: 1; }
DatasetsPane #ds-scan-label { width: 1fr; height: 1; }
DatasetsPane #ds-scan-label.-error { color: $error; text-style: bold; }
DatasetsPane #ds-scan-label.-warning { color: $warning; }
DatasetsPane #ds-problems-summary { height: auto; max-height: 4; padding: 0 1; display: none; }
DatasetsPane #ds-problems { height: 1fr; text-wrap: nowrap; text-overflow: ellipsis; }
DatasetsPane #ds-problems-summary.-shown { display: block; }
"""
WARM_AFTER = 1.5
"""Seconds after the pane appears that the scan helper processes start in the background."""
__all__ = ["BIG_LINE", "WARM_AFTER", "DatasetsPane"]


class DatasetsPane(ExampleActions, FindActions, KeyActions, TransformActions, Widget):
    """Files on the left; examples, problems and stats of the open file on the right."""

    DEFAULT_CSS = PANE_CSS + SCAN_CSS

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right,l", "move(1)", "Example", key_display="←→"),
        Binding("left,h", "move(-1)", "Previous example", show=False),
        Binding("right_square_bracket", "problem(1)", "Problem", key_display="]"),
        Binding("left_square_bracket", "problem(-1)", "Prev problem", show=False),
        Binding("slash", "find", "Find"),
        Binding("n", "match(1)", "Next match", show=False),
        Binding("N", "match(-1)", "Prev match", show=False),
        Binding("g", "first_example", "First example", show=False),
        Binding("G", "last_example", "Last example", show=False),
        Binding("r", "toggle_raw", "Raw"),
        Binding("y", "copy_path", "Copy path", show=False),
        Binding("z", "toggle_fold", "Fold", show=False),
        Binding("c", "cancel_scan", "Cancel scan", show=False),
        Binding("e", "tab('ds-tab-examples')", "Examples", show=False),
        Binding("p", "tab('ds-tab-problems')", "Problems", show=False),
        Binding("s", "tab('ds-tab-stats')", "Stats", show=False),
        Binding("b", "toggle_browser", "Files", show=False),
        Binding("t", "split", "Split", show=False),
        Binding("d", "drop_invalid", "Drop invalid", show=False),
        Binding("F", "fix_file", "Fix file", show=False),
        Binding("v", "convert", "Convert", show=False),
        Binding("escape", "clear_find", "End find", show=False),
    ]

    NEEDS_FILE: ClassVar[frozenset[str]] = frozenset(
        {"move", "problem", "find", "match", "toggle_raw", "toggle_fold", "first_example", "last_example"}
    )
    """Actions about the open file: left out of the footer while none is open (the header says what to do)."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The example keys only with a file open; the transforms not when read-only."""
        if action in self.NEEDS_FILE and self.dataset is None:
            return False
        return super().check_action(action, parameters)

    @dataclass
    class ScanProgress(Message):
        """Bytes scanned so far."""

        done: int
        """Bytes done."""
        total: int
        """Bytes in all."""

    @dataclass
    class ScanFinished(Message):
        """A scan ended (possibly cancelled) or failed."""

        path: str
        """The scanned file."""
        report: ScanReport | None
        """The report, or None when the file could not be read."""
        error: str = ""
        """Why it failed."""
        scan_id: int = 0
        """Which scan of the pane this was (a newer one makes it stale)."""

    @dataclass
    class ExampleReady(Message):
        """A large example was read and laid out off the main thread."""

        key: tuple[str, int, bool, bool]
        """(path, index, raw, folded) it was made for."""
        body: object
        """The renderable (or an error text)."""

    def __init__(self, directories: list[Path], *, id: str | None = "datasets", classes: str | None = None) -> None:  # noqa: A002 - Textual's widget id parameter
        super().__init__(id=id, classes=classes)
        self.directories = [Path(d) for d in directories]
        """Directories the browser lists."""
        self.dataset: Dataset | None = None
        """The open file."""
        self.report: ScanReport | None = None
        """The last scan of the open file."""
        self.index = 0
        """The example shown."""
        self.raw = False
        """Raw JSON instead of the conversation."""
        self.folded = True
        """Long contents folded."""
        self.pattern: re.Pattern[str] | None = None
        """What ``/`` finds (None: no find)."""
        self.matches: list[int] = []
        """Examples that match :attr:`pattern`, found so far (ascending)."""
        self.matches_done = False
        """Whether :attr:`matches` covers the whole file."""
        self.matches_capped = False
        """Whether the count stopped at its limit."""
        self._find_id = 0
        self._jump_from: int | None = None
        self.model: str | None = None
        """Base model chosen in the stats tab (None: the format's default)."""
        self.origin: tuple[str, RemoteFile] | None = None
        """For a hosted file's local copy: (profile, file); None for a local file."""
        self.transforming = ""
        """What the running transform is doing ("" when none runs): one at a time."""
        self._cancel = threading.Event()
        self._scan_id = 0
        self._example_key: tuple[str, int, bool, bool] | None = None

    def compose(self) -> ComposeResult:
        """Browser | header, progress, tabs (examples, problems, stats), filter input."""
        yield FileBrowser(self.directories, id="ds-files")
        with Vertical(id="ds-main"):
            yield DatasetHeader("No file open: pick one on the left and press Enter.", id="ds-header")
            with Horizontal(id="ds-scanrow"):
                yield ProgressBar(total=100, show_eta=False, id="ds-progress")
                yield Static("", id="ds-scan-label")
            with TabbedContent(id="ds-tabs"):
                with TabPane("Examples", id="ds-tab-examples"), ExampleScroll(id="ds-example"):
                    yield Static("", id="ds-example-body")
                with TabPane("Problems", id="ds-tab-problems"):
                    yield Static("", id="ds-problems-summary")
                    yield ProblemList(id="ds-problems")
                with TabPane("Stats", id="ds-tab-stats"):
                    yield StatsPanel(id="ds-stats")
            yield Input(placeholder="find: a regex (Enter finds, n/N next/previous match, Esc ends)", id="ds-find")

    # opening and scanning -------------------------------------------------------------

    class RemoteChosen(Message):
        """The user chose an uploaded dataset; the screen downloads it and calls :meth:`open`."""

        def __init__(self, profile: str, file: RemoteFile) -> None:
            super().__init__()
            self.profile = profile
            """The profile holding the file."""
            self.file = file
            """The remote file."""

    @on(OptionList.OptionSelected, "#ds-files")
    def _file_chosen(self, event: OptionList.OptionSelected) -> None:
        browser = self.query_one(FileBrowser)
        if event.option.id in browser.remote:
            self.post_message(self.RemoteChosen(*browser.remote[event.option.id]))
        elif event.option.id:
            self.open(Path(event.option.id))

    def open(self, path: Path) -> None:
        """Open ``path`` (instant) and start a full scan in the background."""
        self.reset_find()  # first: a find walking the old file stops instead of failing
        if self.dataset is not None:
            self.dataset.close()
        self.origin = self.query_one(FileBrowser).cached.get(str(path))
        self.report, self.index = None, 0
        try:
            self.dataset = open_dataset(path)
        except OSError as e:
            self.dataset = None
            where = self.source_name if self.origin else path  # a hosted file by its name, not its cache path
            self.notify(safe(f"cannot open {where}: {e.strerror or e}"), severity="error")
            self.refresh_bindings()
            return
        self.refresh_bindings()
        self.query_one("#ds-problems", OptionList).clear_options()
        self.query_one("#ds-problems-summary", Static).remove_class("-shown")
        self._show()
        self.query_one("#ds-progress", ProgressBar).add_class("-scanning")
        self.call_after_refresh(self._start_scan)  # the first example is drawn before the scan starts

    def on_mount(self) -> None:
        """Start the scan helper processes soon (once the app has drawn), so scans start at once."""
        self.set_timer(WARM_AFTER, self._warm)

    @work(thread=True, exit_on_error=False, group="dataset-warm")
    def _warm(self) -> None:
        warm_up()

    def _where(self) -> str:
        """The open file's full path, for the stats tab (a hosted file: its name and where it is)."""
        if self.dataset is None:
            return ""
        if self.origin is not None:
            profile, file = self.origin
            return f"{file.filename or file.id} (hosted on {profile}) · local copy {self.dataset.path}"
        return self.dataset.path

    def _scan_status(self, text: str, kind: str = "") -> None:
        """Show (or, with no text and no scan running, hide) the line under the header."""
        label = self.query_one("#ds-scan-label", Static)
        label.update(text)
        label.set_class(kind == "error", "-error")
        label.set_class(kind == "warning", "-warning")
        scanning = self.query_one("#ds-progress", ProgressBar).has_class("-scanning")
        self.query_one("#ds-scanrow").set_class(bool(text) or scanning, "-shown")

    def _start_scan(self) -> None:
        if self.dataset is None:
            return
        self._cancel = threading.Event()
        bar = self.query_one("#ds-progress", ProgressBar)
        bar.update(total=max(1, self.dataset.size), progress=0)
        bar.add_class("-scanning")
        self._scan_id += 1
        self._scan_status(f"checking {megabytes(self.dataset.size)}… · c cancels")
        self._scan(self.dataset.path, self.model, self._cancel, self._scan_id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="dataset-scan")
    def _scan(self, path: str, model: str | None, cancel: threading.Event, scan_id: int = 0) -> None:
        worker = get_current_worker()
        last = [0.0]

        def progress(done: int, total: int) -> None:
            now = time.monotonic()
            if now - last[0] > 0.1 or done >= total:
                last[0] = now
                self.post_message(self.ScanProgress(done, total))

        try:
            report = scan(path, model=model, progress=progress, cancel=lambda: cancel.is_set() or worker.is_cancelled)
        except (OSError, ValueError) as e:
            self.post_message(self.ScanFinished(path, None, str(e), scan_id))
            return
        except Exception as e:  # noqa: BLE001 - never a silent worker: say what broke
            self.post_message(self.ScanFinished(path, None, f"{type(e).__name__}: {e}", scan_id))
            return
        self.post_message(self.ScanFinished(path, report, scan_id=scan_id))

    def on_datasets_pane_scan_progress(self, event: ScanProgress) -> None:
        """Move the progress bar."""
        self.query_one("#ds-progress", ProgressBar).update(total=max(1, event.total), progress=event.done)
        if self.query_one("#ds-progress").has_class("-scanning"):
            self._scan_status(f"{megabytes(event.done)} of {megabytes(event.total)} · c cancels")

    def on_datasets_pane_scan_finished(self, event: ScanFinished) -> None:
        """Show the report: problems list, stats, header; or say on screen why there is none."""
        if event.scan_id and event.scan_id != self._scan_id:
            return  # a scan replaced by a newer one
        self.query_one("#ds-progress", ProgressBar).remove_class("-scanning")
        if self.dataset is None or event.path != self.dataset.path:
            self._scan_status("")
            return
        if event.report is None:
            self._scan_status(f"Scan failed: {event.error} · Enter on the file retries", "error")
            self.query_one("#ds-summary", Static).update(f"Scan failed: {event.error}")
            self.notify(event.error, title="Scan failed", severity="error")
            return
        self.report = event.report
        problems = self.query_one("#ds-problems", OptionList)
        problems.clear_options()
        problems.add_options(Option(render_problem(p), id=f"{i}") for i, p in enumerate(self.report.problems))
        if not self.report.problems:
            problems.add_option(Option("No problems found.", disabled=True))
        else:
            problems.highlighted = 0  # Enter goes to the first problem's line at once
        found = self.report.errors + self.report.warnings
        if self.report.truncated:
            problems.add_option(
                Option(
                    showing(len(self.report.problems), found, "problems (each kind is listed up to a limit)"),
                    disabled=True,
                )
            )
        summary = self.query_one("#ds-problems-summary", Static)
        summary.update(render_problems_header(self.report))
        summary.set_class(bool(found or self.report.problems), "-shown")
        self.query_one(StatsPanel).show(self.report, self._where())
        report = self.report
        if report.changed:
            self._scan_status(
                "The file changed during the scan: these figures are not final · Enter on the file scans it again",
                "warning",
            )
            self.notify("The file changed while it was scanned: figures are not final.", severity="warning")
        elif report.cancelled:
            self._scan_status("Scan cancelled: the figures cover part of the file", "warning")
            self.notify("Scan cancelled: figures cover part of the file.", severity="warning")
        elif any("worker process" in n for n in report.notes):
            note = next(n for n in report.notes if "worker process" in n)
            self._scan_status(note[0].upper() + note[1:], "warning")
        else:
            self._scan_status("")
        self._show()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker of this pane that died with an error says so on screen."""
        worker = event.worker
        if event.state != WorkerState.ERROR or not worker.group.startswith("dataset-"):
            return
        if worker.group == "dataset-warm":
            return  # the scan itself reports a pool that cannot start
        error = f"{type(worker.error).__name__}: {worker.error}"
        if worker.group == "dataset-scan":
            self.query_one("#ds-progress", ProgressBar).remove_class("-scanning")
            self._scan_status(f"Scan failed: {error}", "error")
        self.notify(error, title=f"{worker.group.removeprefix('dataset-')} failed", severity="error")

    def action_copy_path(self) -> None:
        """Copy the open file's full path (a hosted file: its local copy's), and show it."""
        if self.dataset is None:
            self.notify("Open a dataset first (Enter on a file in the list).", severity="warning")
            return
        copy(self.app, self.dataset.path, "path of the local copy" if self.origin else "path")

    def action_cancel_scan(self) -> None:
        """Stop the running scan."""
        self._cancel.set()

    @on(OptionList.OptionSelected, "#ds-problems")
    def _problem_chosen(self, event: OptionList.OptionSelected) -> None:
        if self.report is not None and event.option.id is not None:
            problem = self.report.problems[int(event.option.id)]
            if problem.line and not problem.file:
                self._go_line(problem.line)
            elif problem.file:
                self.notify(f"This problem is in {safe(problem.file)}, not in this file's lines.", timeout=4)
            else:
                self.notify("This problem is about the whole file: it has no line to show.", timeout=4)

    @on(Input.Submitted, "#ds-find")
    def _find_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._find(event.value)

    # actions ---------------------------------------------------------------------------

    @on(StatsPanel.ModelChosen)
    def _model_chosen(self, event: StatsPanel.ModelChosen) -> None:
        self.model = event.model
        self._start_scan()

    def on_unmount(self) -> None:
        """Stop scanning and release the file."""
        self._cancel.set()
        if self.dataset is not None:
            self.dataset.close()
