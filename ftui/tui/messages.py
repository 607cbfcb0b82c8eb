"""Messages that cross panes (posted by workers, handled on the main thread) and the palette's commands."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.message import Message

from ftui.providers.errors import ProviderError
from ftui.providers.records import Job, RemoteFile


@dataclass
class JobsLoaded(Message):
    """A page of one profile's jobs arrived."""

    profile: str
    """The profile the jobs belong to."""
    jobs: tuple[Job, ...]
    """The jobs, newest first."""
    next_cursor: str | None
    """Cursor of the following page (None when there are no more)."""
    first_page: bool
    """True for a refresh of the newest page, False for an older page loaded on demand."""


@dataclass
class JobsFailed(Message):
    """Loading one profile's jobs failed; the table keeps what it had."""

    profile: str
    """The profile whose call failed."""
    error: ProviderError
    """What went wrong, for people."""
    older: bool = False
    """True when an older page (loaded on demand) failed, not the refresh."""


@dataclass
class JobsRefreshed(Message):
    """A refresh of every profile's newest page ended (after its JobsLoaded/JobsFailed messages)."""

    error: ProviderError | None
    """The first failure of this refresh, or None when every profile answered."""


@dataclass
class JobChanged(Message):
    """An action (cancel, pause, resume) returned the job as it is now."""

    job: Job
    """The job after the action."""
    action: str
    """What was done, for the notification."""


@dataclass
class RemoteFilesLoaded(Message):
    """A profile's uploaded datasets arrived."""

    profile: str
    """The profile."""
    files: list[RemoteFile]
    """Its dataset files, newest first."""


@dataclass
class RemoteFileReady(Message):
    """A remote dataset was downloaded (or found in the cache) and can be opened."""

    path: Path
    """The local copy."""


# -- commands: posted by the palette to the main screen, which carries them out ------------------------
@dataclass
class ShowTab(Message):
    """Back to the main screen, on a tab."""

    tab: str
    """The tab's id (``jobs``, ``datasets-tab``, ``launch-tab`` …)."""


@dataclass
class OpenJob(Message):
    """Open a job's screen (from the jobs tab)."""

    job: Job
    """The job."""


@dataclass
class OpenDataset(Message):
    """Open a local dataset in the datasets pane."""

    path: Path
    """The file."""


@dataclass
class RefreshJobs(Message):
    """Refresh every profile's jobs now."""


@dataclass
class RunDatasetAction(Message):
    """Show the datasets pane and run one of its transforms on the open file."""

    action: str
    """The pane's action name (``split``, ``drop_invalid``, ``convert``, ``fix_file``)."""
