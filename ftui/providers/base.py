"""The provider interface every backend implements.

Providers are synchronous and never import Textual: the UI calls them from
thread workers, the CLI calls them directly, the tests call them plainly.
"""

from __future__ import annotations

import hashlib
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Generic, TypeVar

from ftui.files import write_stream
from ftui.providers.errors import UnsupportedError
from ftui.providers.launching import LaunchCapabilities
from ftui.providers.profiles import Profile
from ftui.providers.records import (
    BaseModel,
    ChatAnswer,
    Checkpoint,
    FineTunedModel,
    HyperParameter,
    Job,
    JobEvent,
    JobPage,
    JobSpec,
    MetricPoint,
    RemoteFile,
)
from ftui.providers.tolerant import Notes

T = TypeVar("T")

MAX_PAGES = 200
"""Most pages one walk over a listing reads (jobs, events, checkpoints, files, S3 objects).

A server that answers ``has_more: true`` forever is cut off here; a repeated cursor or a
page of ids already seen stops a walk sooner."""


class Provider(LaunchCapabilities, ABC):
    """A fine-tuning backend (OpenAI-protocol endpoint or Bedrock).

    What launching means on it (names, options, refusals) is in :class:`~ftui.providers.launching.LaunchCapabilities`.
    """

    kind: ClassVar[str]
    """The provider kind (see :data:`ftui.providers.profiles.KINDS`)."""
    supports_pause: ClassVar[bool] = False
    """Whether jobs can be paused and resumed."""
    supports_live_metrics: ClassVar[bool] = True
    """Whether step metrics arrive while a job runs (Bedrock: only at the end)."""
    supports_create: ClassVar[bool] = True
    """Whether this provider can start jobs at all."""
    cancel_verb: ClassVar[str] = "cancel"
    """The word the provider uses for ending a job early ("stop" on Bedrock), lower case."""
    cancel_consequence: ClassVar[str] = "The job stops now and cannot be restarted; tokens trained so far are billed."
    """What ending a job early means for the user, shown before they confirm."""
    late_metrics_note: ClassVar[str] = "This provider publishes loss curves only when a job ends."
    """Where a running job's curve would be, for providers without live metrics: when the curve comes."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        """The profile this provider was built from."""

    def warn(self, text: str) -> None:
        """Record something the user should hear about (a walk cut short, …); see :meth:`take_notices`."""
        self.notes.add(text)

    def take_notices(self, mine: bool = False) -> list[str]:
        """The notices recorded since the last call, oldest first (the CLI prints them, the TUI shows them).

        ``mine``: only those recorded by the calling thread (a TUI worker reports its own calls' notes).
        """
        return self.notes.drain(mine)

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
        """All jobs, newest first, fetching pages lazily as the iterator is consumed.

        Bounded: a repeated cursor, a page of jobs already listed or :data:`MAX_PAGES` pages end
        the walk, with a notice (:meth:`take_notices`).
        """
        guard = PageGuard("Listing jobs")
        cursor: str | None = None
        while True:
            page = self.list_jobs_page(cursor, limit)
            yield from guard.fresh(page.jobs, lambda job: job.id)
            stop = guard.stop(page.next_cursor, bool(page.next_cursor))
            if stop is not None:
                if stop:
                    self.warn(stop)
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

    def prepare(self) -> None:
        """Do the slow one-time set-up now (import the SDK, build its client), not on the first call.

        The app calls it in its start-up thread so that the first refresh does not pay for it.
        Never raises for a profile problem: the first real call reports that.
        """

    def close(self) -> None:
        """Release connections. Safe to call twice."""

    # -- models and evaluation ------------------------------------------------
    supports_models: ClassVar[bool] = True
    """Whether this provider can list and delete fine-tuned models."""

    def list_models(self) -> list[FineTunedModel]:
        """Fine-tuned models and checkpoints of this profile, newest first.

        Bounded walks, tolerant of malformed items (noted, see :attr:`notes`), like :meth:`iter_jobs`.
        """
        raise UnsupportedError(f"{self.kind} cannot list fine-tuned models.", provider=self.name)

    def delete_model(self, model_id: str) -> None:
        """Delete a fine-tuned model (OpenAI ``DELETE /models/{id}``, Bedrock ``delete_custom_model``)."""
        raise UnsupportedError(f"{self.kind} cannot delete fine-tuned models.", provider=self.name)

    def evaluation_blocker(self, model: FineTunedModel) -> str | None:
        """None when :meth:`chat` can call ``model``; else plain words of what is needed first."""
        return None

    def usage_note(self, model: FineTunedModel) -> str:
        """How to use ``model``: the exact id to name in requests, and any deployment terms."""
        return f"Use the model id {model.id} in chat completion requests."

    def chat(
        self,
        model: str,
        messages: list[dict[str, Any]],
        *,
        max_tokens: int | None = None,
        temperature: float = 0.0,
        seed: int | None = None,
        on_delta: Callable[[str], None] | None = None,
    ) -> ChatAnswer:
        """One chat completion; streamed when ``on_delta`` is given (called with each text piece).

        The read/retry policy of :mod:`ftui.providers.retry` applies (429 with Retry-After honoured).

        Raises:
            ProviderError: the call failed (UnsupportedError where the provider cannot chat).
        """
        raise UnsupportedError(f"{self.kind} models cannot be evaluated by ftui yet.", provider=self.name)


def file_sha256(path: Path) -> str:
    """The hex SHA-256 of a file, read in 1 MiB blocks (identifies "the same bytes" for uploads)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_stream_atomically(chunks: Iterable[bytes], dest: Path) -> Path:
    """Write ``chunks`` to ``dest`` through a temp file in the same folder; nothing is left on error.

    One writer for every provider's download (:func:`ftui.files.write_stream`): in read-only mode
    only ftui's cache of hosted datasets may be written.
    """
    return write_stream(dest, chunks, what=f"downloading to {dest}")


class PageGuard:
    """Keeps one walk over cursor pages finite: repeated cursors, repeated ids, a page cap.

    Args:
        what: What is being walked, for the notice (``"Reading events of ftjob-1"``).
        max_pages: Pages at most (:data:`MAX_PAGES`).
    """

    def __init__(self, what: str, max_pages: int | None = None) -> None:
        self.what, self.max_pages = what, MAX_PAGES if max_pages is None else max_pages
        self.pages = 0
        self.items = 0
        self._cursors: set[str] = set()
        self._ids: set[str] = set()
        self._fresh_on_page = 0

    def fresh(self, items: Iterable[T], id_of: Callable[[T], str]) -> list[T]:
        """The items of one page not seen earlier in this walk (a repeated id is dropped)."""
        self.pages += 1
        out = []
        for item in items:
            key = id_of(item)
            if key in self._ids:
                continue
            self._ids.add(key)
            out.append(item)
        self._fresh_on_page = len(out)
        self.items += len(out)
        return out

    def stop(self, next_cursor: str | None, has_more: bool) -> str | None:
        """None to go on; ``""`` when the listing ended; else the notice saying why the walk was cut."""
        if not has_more or not next_cursor:
            return ""
        told = f"{self.what}: the server kept answering has_more"
        if next_cursor in self._cursors:
            return f"{told} with a cursor it had sent before; stopped after {self.pages} pages ({self.items} items)."
        if self._fresh_on_page == 0:
            return f"{told} but sent only items already listed; stopped after {self.pages} pages ({self.items} items)."
        if self.pages >= self.max_pages:
            return f"{told}; stopped after {self.pages} pages ({self.items} items). The list may be incomplete."
        self._cursors.add(next_cursor)
        return None


@dataclass
class Walk(Generic[T]):
    """What a bounded walk over cursor pages collected."""

    items: list[T] = field(default_factory=list)
    """The items, in the order the walk defines."""
    notice: str = ""
    """Why the walk was cut short (empty when the listing really ended)."""


def walk_pages(
    fetch_page: Callable[[str | None], tuple[Sequence[T], bool, str | None]],
    id_of: Callable[[T], str],
    what: str,
    *,
    stop_at: str | None = None,
    max_pages: int | None = None,
) -> Walk[T]:
    """Read cursor pages until the end, the item ``stop_at``, or a :class:`PageGuard` stop.

    ``fetch_page(cursor)`` returns ``(items, has_more, next_cursor)``; None is the first page.
    """
    guard = PageGuard(what, max_pages)
    walk: Walk[T] = Walk()
    cursor: str | None = None
    while True:
        items, has_more, next_cursor = fetch_page(cursor)
        for item in guard.fresh(items, id_of):
            if stop_at is not None and id_of(item) == stop_at:
                return walk
            walk.items.append(item)
        stop = guard.stop(next_cursor, has_more and bool(items))
        if stop is not None:
            walk.notice = stop
            return walk
        cursor = next_cursor


def walk_newest_first(
    fetch_page: Callable[[str | None], tuple[Sequence[T], bool]],
    since: str | None,
    id_of: Callable[[T], str],
    what: str = "Reading events",
) -> Walk[T]:
    """Collect the items newer than ``since`` from newest-first cursor pages, oldest first.

    ``fetch_page(after)`` returns ``(items, has_more)`` for the page after the
    item id ``after`` (None for the newest page). Walking stops at ``since``, and is
    bounded like :func:`walk_pages`.
    """

    def fetch(after: str | None) -> tuple[Sequence[T], bool, str | None]:
        items, has_more = fetch_page(after)
        return items, has_more, id_of(items[-1]) if items else None

    walk = walk_pages(fetch, id_of, what, stop_at=since)
    walk.items.reverse()
    return walk
