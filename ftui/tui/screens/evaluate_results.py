"""Reopening a saved evaluation: a list of the results files, newest first."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ftui.evaluate.plan import EvalPlan
from ftui.evaluate.results import default_results_dir, load_results
from ftui.evaluate.runner import ExampleResult
from ftui.providers.records import FineTunedModel

MAX_LISTED = 200
"""Newest results files listed."""


def results_files(folder: Path) -> list[Path]:
    """The ``.jsonl`` files in ``folder``, newest first (none when it does not exist yet)."""
    try:
        files = [p for p in folder.iterdir() if p.suffix == ".jsonl" and p.is_file()]
    except OSError:
        return []
    return sorted(files, key=lambda p: p.stat().st_mtime, reverse=True)[:MAX_LISTED]


class ResultsList(OptionList):
    """The saved evaluations, with vim-style movement (``j``/``k``, ``g``/``G`` first and last)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "first", "First", show=False),
        Binding("G", "last", "Last", show=False),
    ]


class ResultsPicker(ModalScreen[Path | None]):
    """Pick a results file; Esc closes."""

    DEFAULT_CSS = """
    ResultsPicker { align: center middle; }
    ResultsPicker #results-box { width: 90%; max-width: 110; height: auto; max-height: 80%;
        border: round $primary; background: $surface; padding: 0 1; }
    ResultsPicker #results-title { height: auto; margin-bottom: 1; }
    ResultsPicker #results-list { height: auto; max-height: 20; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss_none", "Close")]

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder
        """The folder listed."""

    def compose(self) -> ComposeResult:
        """Title, the files (or why there are none)."""
        files = results_files(self.folder)
        with Vertical(id="results-box"):
            yield Static(f"[b]Saved evaluations[/b] in {self.folder}", id="results-title", markup=True)
            if files:
                options = [
                    Option(f"{datetime.fromtimestamp(p.stat().st_mtime):%Y-%m-%d %H:%M}  {p.name}", id=str(p))
                    for p in files
                ]
                yield ResultsList(*options, id="results-list")
            else:
                yield Static(
                    "No saved evaluations yet: run one (v on a model) and it is saved here.", id="results-empty"
                )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter opens the file."""
        self.dismiss(Path(event.option.id or ""))

    def action_dismiss_none(self) -> None:
        """Close without opening anything."""
        self.dismiss(None)


SavedScreen = Callable[[FineTunedModel, tuple[EvalPlan, list[ExampleResult], Path]], Screen[Any]]
"""Builds the screen that shows a saved run (the Evaluate screen, which this module does not import)."""


def open_path(app: Any, path: Path, screen: SavedScreen) -> bool:
    """Open a results file on a new screen made by ``screen``; say what is wrong when it cannot be read."""
    try:
        plan, results = load_results(path)
    except (OSError, ValueError) as error:
        app.notify(f"{error}", title=f"Cannot open {path.name}", severity="error", timeout=10)
        return False
    model = FineTunedModel(
        id=plan.model, provider=plan.provider, kind="", base_model=plan.base, job_id=None, created_at=None
    )
    app.push_screen(screen(model, (plan, results, path)))
    return True


def open_saved_run(node: Any, screen: SavedScreen, folder: Path | None = None) -> None:
    """List the saved evaluations and open the one picked on a screen made by ``screen``."""
    folder = folder or default_results_dir()
    app = node.app

    def picked(path: Path | None) -> None:
        if path is not None:
            open_path(app, path, screen)

    app.push_screen(ResultsPicker(folder), picked)
