"""The launch pane's data check: the chosen files scanned for the chosen model in a thread worker.

The dataset engine checks every line, counts tokens and reports progress; ctrl+x stops it or checks
again. A file hosted on the profile is checked from its cached copy (downloaded once). Every failure
ends up in the preview, never in a silent worker.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.message import Message
from textual.worker import get_current_worker

from ftui.datasets import ScanReport
from ftui.launch import check_data, is_remote
from ftui.launch.form import LaunchForm
from ftui.launch.hosted import local_copy
from ftui.launch.state import LaunchState, ScanKey
from ftui.providers.errors import ProviderError
from ftui.providers.records import RemoteFile


@dataclass
class ScanDone(Message):
    """The scan of the chosen files for the chosen model finished."""

    key: ScanKey
    """(training, validation, model) the scan was for."""
    report: ScanReport | None
    """The report; None when a file could not be read."""
    error: str = ""
    """Why it could not be scanned."""


@dataclass
class ScanProgress(Message):
    """Bytes of the chosen files checked so far."""

    key: ScanKey
    """(training, validation, model) the scan is for."""
    done: int
    """Bytes checked."""
    total: int
    """Bytes in all."""


class ScanFlow:
    """Mixed into the launch pane: start, follow and stop the data check."""

    state: LaunchState
    _scan_stop: threading.Event
    if TYPE_CHECKING:
        _session: Any

        @property
        def form(self) -> LaunchForm: ...  # noqa: D102 - a mixin's stub of what its host class provides
        def _hosted_file(self, reference: str) -> RemoteFile | None: ...
        def _refresh_preview(self) -> None: ...
        def post_message(self, message: Message) -> bool: ...  # noqa: D102 - a mixin's stub of what its host class provides

    @property
    def _scan_key(self) -> ScanKey | None:
        return self.state.scan_key

    @property
    def _scan_error(self) -> str:
        return self.state.scan_error

    def _start_scan(self) -> None:
        state = self.state
        training, validation = self.form.training, self.form.validation
        key = state.scan_for()
        hosted = {ref: self._hosted_file(ref) for ref in (training, validation) if ref and is_remote(ref)}
        if not training or (is_remote(training) and hosted.get(training) is None) or not self.form.base_model:
            self._scan_stop.set()
            state.report, state.report_key, state.scan_key = None, None, None
            self._refresh_preview()
            return
        if key in (state.scan_key, state.report_key):
            self._refresh_preview()
            return
        state.scan_key = key
        state.scan_error, state.scan_done = "", None
        self._scan_stop.set()  # a scan of other files is of no more use
        self._scan_stop = threading.Event()
        self._refresh_preview()
        self.scan_files(
            key, self._scan_stop, self.form.profile, {ref: file for ref, file in hosted.items() if file is not None}
        )

    @work(thread=True, exclusive=True, group="launch-scan", exit_on_error=False)
    def scan_files(
        self,
        key: ScanKey,
        stop: threading.Event | None = None,
        profile: str = "",
        hosted: dict[str, RemoteFile] | None = None,
    ) -> None:
        """Scan the training (and validation) file for the model with progress; post the report.

        A file hosted on ``profile`` (``hosted``: reference → file) is scanned from its cached copy,
        downloaded once. ``stop`` (ctrl+x, or another file chosen) ends it early; every failure is posted.
        """
        training, validation, model = key
        try:
            training, validation = (
                str(local_copy(self._session.provider(profile), profile, hosted[ref]))
                if hosted and ref in hosted
                else ref
                for ref in (training, validation)
            )
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
            self.post_message(
                ScanDone(key, None, f"cannot read {Path(error.filename or training).name}: {error.strerror or error}")
            )
            return
        except Exception as error:  # noqa: BLE001 - never a silent worker: the preview says it
            self.post_message(ScanDone(key, None, f"the data check failed: {type(error).__name__}: {error}"))
            return
        if report.cancelled:
            self.post_message(ScanDone(key, None, "data check stopped · ctrl+x checks again"))
            return
        self.post_message(ScanDone(key, report))

    def on_scan_progress(self, message: ScanProgress) -> None:
        """Move the progress bar."""
        if message.key == self.state.scan_key:
            self.state.scan_done = (message.done, message.total)
            self._refresh_preview()

    def on_scan_done(self, message: ScanDone) -> None:
        """Show the check's figures, or why there are none."""
        state = self.state
        if message.key != state.scan_key:
            return
        state.scan_key = None
        state.report_key = message.key if message.report is not None else None
        state.report = message.report
        state.scan_error = message.error
        self._refresh_preview()

    def action_check_data(self) -> None:
        """ctrl+x: stop the running data check, or check the chosen files again."""
        if self.state.scan_key is not None:
            self._scan_stop.set()
        else:
            self.state.report_key = None
            self._start_scan()
