"""The provider interface every backend implements.

Providers are synchronous and never import Textual: the UI calls them from
thread workers, the CLI calls them directly, the tests call them plainly.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Callable, ClassVar, Iterable, Iterator, Sequence, TypeVar

from ftui.providers.errors import UnsupportedError
from ftui.providers.profiles import Profile
from ftui.providers.tolerant import Notes
from ftui.providers.records import (
    BaseModel,
    Checkpoint,
    HyperParameter,
    Job,
    JobEvent,
    JobPage,
    JobSpec,
    MetricPoint,
    RemoteFile,
)

T = TypeVar("T")


class Provider(ABC):
    """A fine-tuning backend (OpenAI-protocol endpoint or Bedrock)."""

    kind: ClassVar[str]
    """The provider kind (see :data:`ftui.providers.profiles.KINDS`)."""
    supports_pause: ClassVar[bool] = False
    """Whether jobs can be paused and resumed."""
    supports_live_metrics: ClassVar[bool] = True
    """Whether step metrics arrive while a job runs (Bedrock: only at the end)."""
    supports_create: ClassVar[bool] = True
    """Whether this provider can start jobs at all."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        """The profile this provider was built from."""

    @property
    def notes(self) -> Notes:
        """What this provider skipped or could not read in the server's answers, for the UI and CLI to show."""
        notes = self.__dict__.get("_notes")
        if notes is None:
            notes = self.__dict__.setdefault("_notes", Notes())
        return notes

    @property
    def name(self) -> str:
        """The profile name, used as ``Job.provider``."""
        return self.profile.name

    # -- jobs ---------------------------------------------------------------
    @abstractmethod
    def list_jobs_page(self, cursor: str | None = None, limit: int = 50) -> JobPage:
        """One page of jobs, newest first.

        Args:
            cursor: ``next_cursor`` of the previous page; None for the first.
            limit: the page size to ask for.

        Raises:
            ProviderError: the call failed.
        """

    def iter_jobs(self, limit: int = 50) -> Iterator[Job]:
        """All jobs, newest first, fetching pages lazily as the iterator is consumed."""
        cursor: str | None = None
        while True:
            page = self.list_jobs_page(cursor, limit)
            yield from page.jobs
            if not page.next_cursor:
                return
            cursor = page.next_cursor

    @abstractmethod
    def get_job(self, job_id: str) -> Job:
        """The job as it is now. Raises NotFoundError when it does not exist."""

    @abstractmethod
    def create_job(self, spec: JobSpec) -> Job:
        """Start a job. Raises InvalidRequestError or PermissionDeniedError when refused."""

    @abstractmethod
    def cancel_job(self, job_id: str) -> Job:
        """Cancel (OpenAI) or stop (Bedrock) a job and return it as it is then."""

    def pause_job(self, job_id: str) -> Job:
        """Pause a running job (where :attr:`supports_pause`)."""
        raise UnsupportedError(f"{self.kind} jobs cannot be paused.", provider=self.name)

    def resume_job(self, job_id: str) -> Job:
        """Resume a paused job (where :attr:`supports_pause`)."""
        raise UnsupportedError(f"{self.kind} jobs cannot be resumed.", provider=self.name)

    # -- progress -----------------------------------------------------------
    @abstractmethod
    def new_events(self, job_id: str, since: str | None = None) -> list[JobEvent]:
        """Events newer than the event id ``since`` (all when None), oldest first.

        Reads the newest page and walks on only until ``since``; history already
        seen is never fetched again. If a call fails part-way it raises and the
        caller keeps its cursor, so a retry neither skips nor repeats events.
        """

    @abstractmethod
    def metrics(self, job_id: str) -> list[MetricPoint]:
        """The job's full step-metric series, sorted by step (the result file's, once it exists)."""

    def final_metrics(self, job: Job) -> list[MetricPoint]:
        """The authoritative series of an ended job (its result file), to reconcile a live curve with."""
        return self.metrics(job.id)

    def checkpoints(self, job_id: str) -> list[Checkpoint]:
        """Saved checkpoints, newest first (empty where the provider has none)."""
        return []

    # -- files and models ---------------------------------------------------
    @abstractmethod
    def upload_file(
        self, path: Path, purpose: str = "fine-tune", progress: Callable[[int, int], None] | None = None
    ) -> RemoteFile:
        """Upload a dataset, reusing an identical one already uploaded (same bytes, same file).

        ``progress(sent, total)`` is called as bytes go out, where the SDK reports them (S3).
        """

    @abstractmethod
    def list_files(self) -> list[RemoteFile]:
        """Dataset files held by the provider, newest first."""

    @abstractmethod
    def download_file(self, file: RemoteFile, dest: Path) -> Path:
        """Write a remote file's content to ``dest`` atomically (temp file, then rename)."""

    @abstractmethod
    def base_models(self) -> list[BaseModel]:
        """Models this provider can fine-tune."""

    @abstractmethod
    def hyperparameters(self, base_model: str, method: str = "supervised") -> list[HyperParameter]:
        """The hyperparameter schema for a base model and method."""

    def close(self) -> None:
        """Release connections. Safe to call twice."""


def file_sha256(path: Path) -> str:
    """The hex SHA-256 of a file, read in 1 MiB blocks (identifies "the same bytes" for uploads)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_stream_atomically(chunks: Iterable[bytes], dest: Path) -> Path:
    """Write ``chunks`` to ``dest`` through a temp file in the same folder; nothing is left on error."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return dest


def walk_newest_first(
    fetch_page: Callable[[str | None], tuple[Sequence[T], bool]],
    since: str | None,
    id_of: Callable[[T], str],
) -> list[T]:
    """Collect the items newer than ``since`` from newest-first cursor pages, oldest first.

    ``fetch_page(after)`` returns ``(items, has_more)`` for the page after the
    item id ``after`` (None for the newest page). Walking stops at ``since``.
    """
    collected: list[T] = []
    after: str | None = None
    while True:
        items, has_more = fetch_page(after)
        for item in items:
            if since is not None and id_of(item) == since:
                collected.reverse()
                return collected
            collected.append(item)
        if not has_more or not items:
            collected.reverse()
            return collected
        after = id_of(items[-1])
