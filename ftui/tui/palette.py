"""Command palette entries: jump to a pane, a job or a dataset, or run an action, by name."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Callable, Iterator

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from ftui.tui.app import FtuiApp
    from ftui.tui.screens.main import MainScreen


DATASET_ACTIONS = (
    ("split", "Split dataset (t)", "the open dataset → training + validation files"),
    ("drop_invalid", "Drop invalid lines (d)", "the open dataset's valid lines → a new file"),
    ("convert", "Convert dataset (v)", "the open dataset → another format, in a new file"),
    ("fix_file", "Fix dataset file (F)", "a JSON array / pretty JSON → JSON Lines, or drop the BOM, in a new file"),
)
"""The datasets pane's transforms: (action, palette label, help)."""


def _dataset_action(app: FtuiApp, main: MainScreen, action: str) -> None:
    """Show the datasets pane and run one of its transforms on the open file."""
    from ftui.tui.panes.datasets import DatasetsPane

    app.goto_tab("datasets-tab")
    getattr(main.query_one(DatasetsPane), f"action_{action}")()


class FtuiCommands(Provider):
    """Panes, jobs (by name or id), local datasets and actions."""

    @property
    def ftui(self) -> FtuiApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    def _entries(self) -> Iterator[tuple[str, str, Callable[[], object]]]:
        from ftui.tui.screens.main import MainScreen

        app = self.ftui
        main = next((s for s in app.screen_stack if isinstance(s, MainScreen)), None)
        if main is None:
            return
        tabs = (("jobs", "Jobs"), ("datasets-tab", "Datasets"), ("launch-tab", "Launch"), ("models-tab", "Models"))
        for tab, label in tabs:
            if main.query(f"#{tab}"):
                yield f"Go to {label}", f"show the {label.lower()} pane", partial(app.goto_tab, tab)
        for job in sorted(main.jobs.values(), key=lambda j: j.created_at.timestamp() if j.created_at else 0,
                          reverse=True):
            label = f"Open job {job.name or job.id}"
            yield label, f"{job.id} · {job.base_model} · {job.status.value}", partial(app.open_job, job)
        for path in app.dataset_files():
            yield f"Open dataset {path.name}", str(path), partial(app.open_dataset, path)
        yield "Refresh jobs", "fetch every profile's jobs now", main.action_refresh
        if not app.read_only:
            for action, label, help_text in DATASET_ACTIONS:
                yield label, help_text, partial(_dataset_action, app, main, action)
        yield "Keys", "every key of every pane", app.action_help
        yield "Diagnostics", "terminal, colours, UTF-8, plot marker", app.action_diagnostics

    async def startup(self) -> None:
        """Collect the entries once per palette opening (not on every keystroke: it reads the disk)."""
        self._cached = list(self._entries())

    def _all(self) -> list[tuple[str, str, Callable[[], object]]]:
        cached = getattr(self, "_cached", None)
        return cached if cached is not None else list(self._entries())

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
