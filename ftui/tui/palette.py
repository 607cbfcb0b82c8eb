"""Command palette entries: jump to a pane, a job or a dataset, or run an action, by name.

The palette only reads what the main screen offers (:class:`PaletteHost`) and posts it
messages (:mod:`ftui.tui.messages`: ``ShowTab``, ``OpenJob`` …); the main screen carries
them out, so the palette never drives panes itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Protocol, runtime_checkable

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.message import Message

from ftui.providers.records import Job
from ftui.tui.messages import OpenDataset, OpenJob, RefreshJobs, RunDatasetAction, ShowTab

DATASET_ACTIONS = (
    ("split", "Split dataset (t)", "the open dataset → training + validation files"),
    ("drop_invalid", "Drop invalid lines (d)", "the open dataset's valid lines → a new file"),
    ("convert", "Convert dataset (v)", "the open dataset → another format, in a new file"),
    ("fix_file", "Fix dataset file (F)", "a JSON array / pretty JSON → JSON Lines, or drop the BOM, in a new file"),
)
"""The datasets pane's transforms: (action, palette label, help)."""

Entry = tuple[str, str, Callable[[], object]]
"""A palette entry: label, help, command."""


@runtime_checkable
class PaletteHost(Protocol):
    """The screen the palette's commands go to (the main screen): what it offers, and its messages."""

    def palette_tabs(self) -> list[tuple[str, str]]:
        """The tabs to go to: (tab id, label)."""

    def palette_jobs(self) -> list[Job]:
        """The jobs to open, newest first."""

    def palette_datasets(self) -> list[Path]:
        """The local dataset files to open."""

    def palette_read_only(self) -> bool:
        """Whether actions that write are off."""

    def post_message(self, message: Message) -> bool:
        """Queue a message for the screen."""


class FtuiCommands(Provider):
    """Panes, jobs (by name or id), local datasets and actions."""

    _cached: list[Entry] | None = None

    def _host(self) -> PaletteHost | None:
        return next((s for s in self.app.screen_stack if isinstance(s, PaletteHost)), None)

    def _entries(self) -> Iterator[Entry]:
        host = self._host()
        if host is not None:
            send = host.post_message
            for tab, label in host.palette_tabs():
                yield f"Go to {label}", f"show the {label.lower()} pane", partial(send, ShowTab(tab))
            for job in host.palette_jobs():
                label = f"Open job {job.name or job.id}"
                yield label, f"{job.id} · {job.base_model} · {job.status.value}", partial(send, OpenJob(job))
            for path in host.palette_datasets():
                yield f"Open dataset {path.name}", str(path), partial(send, OpenDataset(path))
            yield "Refresh jobs", "fetch every profile's jobs now", partial(send, RefreshJobs())
            if not host.palette_read_only():
                for action, label, help_text in DATASET_ACTIONS:
                    yield label, help_text, partial(send, RunDatasetAction(action))
        yield "Keys", "every key of every pane", partial(self.app.run_action, "help")
        yield "Diagnostics", "terminal, colours, UTF-8, plot marker", partial(self.app.run_action, "diagnostics")

    async def startup(self) -> None:
        """Collect the entries once per palette opening (not on every keystroke: it reads the disk)."""
        self._cached = list(self._entries())

    def _all(self) -> list[Entry]:
        return self._cached if self._cached is not None else list(self._entries())

    async def discover(self) -> Hits:
        """What the palette shows before anything is typed."""
        for label, help_text, command in self._all():
            if not label.startswith("Open"):
                yield DiscoveryHit(label, command, help=help_text)

    async def search(self, query: str) -> Hits:
        """Fuzzy-match every entry against ``query``."""
        matcher = self.matcher(query)
        for label, help_text, command in self._all():
            score = max(matcher.match(label), matcher.match(help_text) * 0.8)
            if score > 0:
                yield Hit(score, matcher.highlight(label), command, help=help_text)
