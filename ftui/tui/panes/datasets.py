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

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, OptionList, ProgressBar, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState, get_current_worker

from ftui.datasets.display import safe
from ftui.datasets.problems import plural
from ftui.datasets import Dataset, ScanReport, open_dataset, scan
from ftui.datasets.pool import open_pool, warm_up
from ftui.providers.records import RemoteFile
from ftui.tui.panes.datasets_browser import FileBrowser, shorten_middle
from ftui.tui.panes.datasets_stats import StatsPanel
from ftui.tui.panes.datasets_style import PANE_CSS
from ftui.tui.panes.datasets_transforms import TransformActions
from ftui.tui.panes.datasets_view import (render_example, render_line, render_problem,
                                          render_problems_header, safe, showing)

SCAN_CSS = """
DatasetsPane #ds-scanrow { height: 1; display: none; }
DatasetsPane #ds-scanrow.-shown { display: block; }
DatasetsPane #ds-scanrow ProgressBar { width: auto; margin-right: 1; }
DatasetsPane #ds-scan-label { width: 1fr; height: 1; }
DatasetsPane #ds-scan-label.-error { color: $error; text-style: bold; }
DatasetsPane #ds-scan-label.-warning { color: $warning; }
DatasetsPane #ds-problems-summary { height: auto; max-height: 4; padding: 0 1; display: none; }
DatasetsPane #ds-problems { height: 1fr; }
DatasetsPane #ds-problems-summary.-shown { display: block; }
"""
WARM_AFTER = 1.5
"""Seconds after the pane appears that the scan helper processes start in the background."""
BIG_LINE = 1 << 20
"""Examples longer than this (bytes) are read and laid out in a thread worker."""


def _span(ds: Dataset, index: int) -> tuple[int, int]:
    """Byte range of example ``index`` without reading it (the line index knows it)."""
    span = getattr(getattr(ds, "_index", None), "span", None)
    if span is None:
        raw = ds.raw_line(index)  # an index without spans: measure the line itself
        return 0, len(raw.encode())
    return span(index)


def _line_bytes(ds: Dataset, index: int) -> int:
    """Bytes of example ``index``."""
    start, end = _span(ds, index)
    return end - start


def _mb(n: int) -> str:
    return f"{n / 1e6:,.1f} MB" if n >= 100_000 else f"{n / 1e3:,.0f} KB"


class DatasetsPane(TransformActions, Widget):
    """Files on the left; examples, problems and stats of the open file on the right."""

    DEFAULT_CSS = PANE_CSS + SCAN_CSS

    BINDINGS = [
        Binding("right,l", "move(1)", "Next"),
        Binding("left,h", "move(-1)", "Prev"),
        Binding("right_square_bracket", "problem(1)", "Next problem"),
        Binding("left_square_bracket", "problem(-1)", "Prev problem"),
        Binding("slash", "filter", "Filter"),
        Binding("n", "match(1)", "Next match", show=False),
        Binding("N", "match(-1)", "Prev match", show=False),
        Binding("r", "toggle_raw", "Raw"),
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
        Binding("escape", "clear_filter", "Clear", show=False),
    ]

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

    @dataclass
    class Found(Message):
        """The regex search found (or did not find) an example."""

        index: int | None
        """The example, or None."""

    def __init__(self, directories: list[Path], *, id: str | None = "datasets",
                 classes: str | None = None) -> None:
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
        """The active ``/`` filter."""
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
            yield Static("No file open: pick one on the left and press Enter.", id="ds-header")
            with Horizontal(id="ds-scanrow"):
                yield ProgressBar(total=100, show_eta=False, id="ds-progress")
                yield Static("", id="ds-scan-label")
            with TabbedContent(id="ds-tabs"):
                with TabPane("Examples", id="ds-tab-examples"):
                    with VerticalScroll(id="ds-example"):
                        yield Static("", id="ds-example-body")
                with TabPane("Problems", id="ds-tab-problems"):
                    yield Static("", id="ds-problems-summary")
                    yield OptionList(id="ds-problems")
                with TabPane("Stats", id="ds-tab-stats"):
                    yield StatsPanel(id="ds-stats")
            yield Input(placeholder="regex over examples (Enter to search, Esc to clear)",
                        id="ds-filter")

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
        if self.dataset is not None:
            self.dataset.close()
        self.origin = self.query_one(FileBrowser).cached.get(str(path))
        self.report, self.index, self.pattern = None, 0, None
        try:
            self.dataset = open_dataset(path)
        except OSError as e:
            self.dataset = None
            where = self.source_name if self.origin else path  # a hosted file by its name, not its cache path
            self.notify(safe(f"cannot open {where}: {e.strerror or e}"), severity="error")
            return
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
        self._scan_status(f"checking {_mb(self.dataset.size)}… · c cancels")
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
            report = scan(path, model=model, progress=progress,
                          cancel=lambda: cancel.is_set() or worker.is_cancelled)
        except (OSError, ValueError) as e:
            self.post_message(self.ScanFinished(path, None, str(e), scan_id))
            return
        except Exception as e:  # noqa: BLE001 - never a silent worker: say what broke
            self.post_message(self.ScanFinished(path, None, f"{type(e).__name__}: {e}", scan_id))
            return
        self.post_message(self.ScanFinished(path, report, scan_id=scan_id))

    def on_datasets_pane_scan_progress(self, event: ScanProgress) -> None:
        """Move the progress bar."""
        self.query_one("#ds-progress", ProgressBar).update(total=max(1, event.total),
                                                           progress=event.done)
        if self.query_one("#ds-progress").has_class("-scanning"):
            self._scan_status(f"{_mb(event.done)} of {_mb(event.total)} · c cancels")

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
        problems.add_options(Option(render_problem(p), id=f"{i}")
                             for i, p in enumerate(self.report.problems))
        if not self.report.problems:
            problems.add_option(Option("No problems found.", disabled=True))
        found = self.report.errors + self.report.warnings
        if self.report.truncated:
            problems.add_option(Option(showing(len(self.report.problems), found, "problems "
                                               "(each kind is listed up to a limit)"), disabled=True))
        summary = self.query_one("#ds-problems-summary", Static)
        summary.update(render_problems_header(self.report))
        summary.set_class(bool(found or self.report.problems), "-shown")
        self.query_one(StatsPanel).show(self.report)
        report = self.report
        if report.changed:
            self._scan_status("The file changed during the scan: these figures are not final "
                              "· Enter on the file scans it again", "warning")
            self.notify("The file changed while it was scanned: figures are not final.",
                        severity="warning")
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
        self.notify(error, title=f"{worker.group.removeprefix('dataset-')} failed",
                    severity="error")

    def action_cancel_scan(self) -> None:
        """Stop the running scan."""
        self._cancel.set()

    # viewing ---------------------------------------------------------------------------

    def _show(self) -> None:
        header = self.query_one("#ds-header", Static)
        body = self.query_one("#ds-example-body", Static)
        ds = self.dataset
        if ds is None:
            return
        width = header.size.width  # 0 before the first layout: then the whole name
        name = safe(self.source_name)  # a file name may hold undecodable bytes or escapes
        name = shorten_middle(name, max(16, width * 2 // 5)) if width else name
        if not ds.has(self.index):
            header.update(f"{name} · {ds.format} · no examples")
            body.update("")
            return
        count = ds.known_count
        total = f"{count:,}" if count is not None else f"{ds.indexed:,}+"
        report = self.report
        if count is None and report is not None and not (report.cancelled or report.changed):
            total = f"{report.examples:,}"  # the full scan counted them
        status = ""
        if self.report is not None:
            status = f" · {plural(self.report.errors, 'error')}" if self.report.errors else " · no errors"
            if self.report.changed:
                status += " (file changed: not final)"
            elif self.report.cancelled:
                status += " (partial)"
        flt = f" · /{self.pattern.pattern}/" if self.pattern else ""
        header.update(f"{name} · {ds.format} · example {self.index + 1:,} of {total} · "
                      f"line {ds.line_number(self.index):,}{status}{flt}")
        key = (ds.path, self.index, self.raw, self.folded)
        self._example_key = key
        size = _line_bytes(ds, self.index)
        if size > BIG_LINE:  # parsing and laying out a huge line must not freeze the keys
            body.update(Text(f"Reading a {_mb(size)} example…", style="italic"))
            self._load_example(ds, key)
        else:
            body.update(render_example(ds.example(self.index), ds.format, raw=self.raw,
                                       folded=self.folded))
        self.query_one("#ds-example", VerticalScroll).scroll_home(animate=False)

    @work(thread=True, exclusive=True, exit_on_error=False, group="dataset-example")
    def _load_example(self, ds: Dataset, key: tuple[str, int, bool, bool]) -> None:
        """Read, parse and lay out a huge example in a worker process, so keys keep answering."""
        worker = get_current_worker()
        path, index, raw, folded = key
        pool = None
        try:
            start, end = _span(ds, index)
            line = ds.line_number(index)
            pool = open_pool(1)
            future = pool.executor.submit(render_line, path, start, end, index, line, ds.format,
                                          raw=raw, folded=folded)
            while True:
                if worker.is_cancelled:
                    return
                try:
                    view: object = future.result(timeout=0.1)
                    break
                except TimeoutError:
                    continue
        except Exception as e:  # noqa: BLE001 - shown in place of the example
            view = Text(f"This example cannot be shown: {type(e).__name__}: {e}", style="red")
        finally:
            if pool is not None:
                pool.stop(kill=True)
        self.post_message(self.ExampleReady(key, view))

    def on_datasets_pane_example_ready(self, event: ExampleReady) -> None:
        """Show a large example once it is laid out (if it is still the one wanted)."""
        if event.key == self._example_key:
            self.query_one("#ds-example-body", Static).update(event.body)  # type: ignore[arg-type]
            self.query_one("#ds-example", VerticalScroll).scroll_home(animate=False)

    def action_move(self, step: int) -> None:
        """Next/previous example (next/previous match while filtering)."""
        if self.pattern is not None:
            self.action_match(step)
            return
        if self.dataset is not None and self.dataset.has(self.index + step):
            self.index += step
            self._show()

    def action_problem(self, step: int) -> None:
        """Jump to the next/previous line with a problem."""
        if self.dataset is None or self.report is None:
            return
        here = self.dataset.line_number(self.index) if self.dataset.has(self.index) else 0
        lines = self.report.problem_lines()
        targets = [n for n in lines if (n > here if step > 0 else n < here)]
        if not targets:
            self.notify("No more problems that way.", timeout=2)
            return
        self._go_line(targets[0] if step > 0 else targets[-1])

    def _go_line(self, line: int) -> None:
        if self.dataset is None:
            return
        index = self.dataset.index_of_line(line)
        if index is not None:
            self.index = index
            if self.query_one(TabbedContent).active != "ds-tab-examples":
                self.action_tab("ds-tab-examples")
            self._show()

    @on(OptionList.OptionSelected, "#ds-problems")
    def _problem_chosen(self, event: OptionList.OptionSelected) -> None:
        if self.report is not None and event.option.id is not None:
            problem = self.report.problems[int(event.option.id)]
            if problem.line and not problem.file:
                self._go_line(problem.line)

    def action_toggle_raw(self) -> None:
        """Conversation or raw JSON."""
        self.raw = not self.raw
        self._show()

    def action_toggle_fold(self) -> None:
        """Fold or unfold long contents."""
        self.folded = not self.folded
        self._show()

    def action_tab(self, tab: str) -> None:
        """Switch tab and focus what is in it."""
        self.query_one(TabbedContent).active = tab
        target = {"ds-tab-examples": "#ds-example", "ds-tab-problems": "#ds-problems",
                  "ds-tab-stats": "#ds-model"}[tab]
        self.query_one(target).focus()

    def action_toggle_browser(self) -> None:
        """Hide or show the file list (more room at 80 columns); focus follows what is visible."""
        browser = self.query_one(FileBrowser)
        browser.toggle_class("-hidden")
        if not browser.has_class("-hidden"):
            browser.focus()
        elif browser.has_focus or self.screen.focused is None:
            self._focus_tab()

    def _focus_tab(self) -> None:
        """Focus what the active tab shows (the example, the problems, the stats)."""
        tab = self.query_one(TabbedContent).active or "ds-tab-examples"
        self.query_one({"ds-tab-examples": "#ds-example", "ds-tab-problems": "#ds-problems",
                        "ds-tab-stats": "#ds-stats"}.get(tab, "#ds-example")).focus()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """The hidden file list never keeps the focus (a tab switch may hand it the focus)."""
        browser = self.query_one(FileBrowser)
        if event.widget is browser and browser.has_class("-hidden"):
            self.call_after_refresh(self._focus_tab)

    # filtering -------------------------------------------------------------------------

    def action_filter(self) -> None:
        """Open the regex filter."""
        box = self.query_one("#ds-filter", Input)
        box.add_class("-open")
        box.focus()

    @on(Input.Submitted, "#ds-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        box = self.query_one("#ds-filter", Input)
        box.remove_class("-open")
        if not event.value:
            self.action_clear_filter()
            return
        try:
            self.pattern = re.compile(event.value)
        except re.error as e:
            self.notify(f"bad regex: {e}", severity="error")
            return
        self.action_tab("ds-tab-examples")
        self._find(self.index, 1)

    def action_clear_filter(self) -> None:
        """Drop the filter."""
        box = self.query_one("#ds-filter", Input)
        if box.has_class("-open"):
            box.remove_class("-open")
            self.query_one("#ds-example").focus()
        if self.pattern is not None:
            self.pattern = None
            self._show()

    def action_match(self, step: int) -> None:
        """Next/previous example matching the filter."""
        if self.pattern is not None:
            self._find(self.index + step, step)

    def _find(self, start: int, step: int) -> None:
        if self.dataset is not None and self.pattern is not None and start >= 0:
            self._search(self.dataset, self.pattern, start, step < 0)

    @work(thread=True, exclusive=True, exit_on_error=False, group="dataset-find")
    def _search(self, ds: Dataset, pattern: re.Pattern[str], start: int, backwards: bool) -> None:
        worker = get_current_worker()
        self.post_message(self.Found(ds.find(pattern, start, backwards,
                                             cancel=lambda: worker.is_cancelled)))

    def on_datasets_pane_found(self, event: Found) -> None:
        """Show the match."""
        if event.index is None:
            self.notify("No (more) matches.", timeout=2)
            return
        self.index = event.index
        self._show()

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
