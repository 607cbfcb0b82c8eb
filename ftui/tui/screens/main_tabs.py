"""The main screen's tabs: each pane, its label, the key that shows it, and what it focuses.

A new pane is one more :class:`Tab` in :data:`TABS` (the key is its position: 1, 2, 3 …).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from textual.widget import Widget

from ftui.tui.panes.datasets import DatasetsPane
from ftui.tui.panes.jobs import JobsPane
from ftui.tui.panes.launch import LaunchPane
from ftui.tui.panes.models import ModelsPane
from ftui.tui.services import Services


def dataset_dirs(services: Services) -> list[Path]:
    """The folders the datasets and launch panes browse (the config's, else the current folder)."""
    return list(services.config.dataset_dirs) or [Path.cwd()]


@dataclass(frozen=True)
class Tab:
    """A tab of the main screen: its id, label, the widget it focuses, and how its pane is built."""

    id: str
    """The ``TabPane`` id (what ``show_tab`` and the palette's ``ShowTab`` name)."""
    label: str
    """The tab's label (also "Go to <label>" in the palette)."""
    focus: str
    """Selector of the widget focused when the tab is shown (or of a container to focus into)."""
    pane: Callable[[Services], Widget]
    """Builds the pane."""


TABS: tuple[Tab, ...] = (
    Tab(
        "jobs",
        "Jobs",
        "#jobs-table",
        lambda services: JobsPane(show_profile=len(services.session.profiles) > 1, id="jobs-pane"),
    ),
    Tab("datasets-tab", "Datasets", "#datasets", lambda services: DatasetsPane(dataset_dirs(services), id="datasets")),
    Tab("launch-tab", "Launch", "#launch", lambda services: LaunchPane(dataset_dirs(services), id="launch")),
    Tab("models-tab", "Models", "#models-table", lambda services: ModelsPane(id="models")),
)
"""The main screen's tabs, in order; the keys 1, 2, 3 … show them. A new pane adds a :class:`Tab` here."""
