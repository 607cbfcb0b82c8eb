"""OpenAI, Azure OpenAI and any OpenAI-compatible endpoint, over the ``openai`` SDK."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar, cast

import openai
from openai.types import FilePurpose

from ftui.providers import deadline, openai_catalog, retry
from ftui.providers.base import (
    Provider,
    file_sha256,
    walk_newest_first,
    walk_pages,
    write_stream_atomically,
)
from ftui.providers.errors import (
    BadResponseError,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
    ProviderError,
    UnavailableError,
    UnreadableResultError,
    UnsupportedError,
    error_text,
)
from ftui.providers.hyperparams import check_values
from ftui.providers.metrics import RESULT_FILE_LIMIT, merge_points, read_metrics_csv
from ftui.providers.openai_client import build_client
from ftui.providers.openai_errors import status_error
from ftui.providers.openai_models import OpenAIModels
from ftui.providers.openai_records import (
    checkpoint_from_openai,
    event_from_openai,
    file_from_openai,
    from_items,
    item_id,
    job_from_openai,
    jobs_from_items,
)
from ftui.providers.profiles import Profile
from ftui.providers.records import (
    BaseModel,
    Checkpoint,
    HyperParameter,
    Job,
    JobEvent,
    JobPage,
    JobSpec,
    JobStatus,
    MetricPoint,
    RemoteFile,
)

T = TypeVar("T")

UPLOAD_LIMIT = 512 * 1024 * 1024
"""Largest file the Files API takes in one request; larger ones go through the Uploads API."""


class OpenAIProvider(OpenAIModels, Provider):
    """Fine-tuning over OpenAI's REST API (also Azure OpenAI and compatible base URLs)."""

    kind = "openai"
    supports_pause = True

    def __init__(self, profile: Profile) -> None:
        super().__init__(profile)
        self.kind = profile.kind  # type: ignore[misc]  # openai, azure-openai or emulator
        self._client: openai.OpenAI | None = None
        self._client_lock = threading.Lock()
        self.deadline = deadline.from_option(profile.options.get("timeout"))
        """Seconds one call may take in all (the profile's ``timeout``)."""

    # -- plumbing -----------------------------------------------------------
    @property
    def client(self) -> openai.OpenAI:
        """The SDK client, built once (on first use or by :meth:`prepare`) from the profile and the environment."""
        if self._client is None:
            with self._client_lock:  # workers that start together build one client, not one each
                if self._client is None:
                    self._client = self._build_client()
        return self._client

    def prepare(self) -> None:
        """Build the SDK client now (it imports most of the SDK)."""
        with contextlib.suppress(ProviderError):
            _ = self.client

    def _build_client(self) -> openai.OpenAI:
        return build_client(self.profile, self.deadline)

    @property
    def where(self) -> str:
        """Where this provider points, for messages (never a key)."""
        if self._client is not None:
            return str(self._client.base_url).rstrip("/")
        return str(self.profile.get("base_url") or self.profile.get("endpoint") or "the OpenAI API")

    @contextmanager
    def _calls(self, action: str) -> Iterator[None]:
        """Translate SDK exceptions raised inside into :class:`ProviderError`s."""
        try:
            yield
        except ProviderError:
            raise
        except openai.APIStatusError as e:
            raise status_error(e, action, self.name, self.where) from e
        except openai.APITimeoutError as e:
            raise retry.DeadlineExceededError(
                f"{action}: {self.where} did not answer within {self.deadline:g} s (a silent or very slow "
                "server). Try again later, or raise the profile's timeout option.",
                provider=self.name,
            ) from e
        except openai.APIConnectionError as e:
            cause = e.__cause__ or e.__context__
            reason = type(cause).__name__ if cause else "connection error"
            unreachable = type(cause).__name__ in ("ConnectError", "ConnectTimeout")
            raise (retry.UnreachableError if unreachable else UnavailableError)(
                f"{action}: could not reach {self.where} ({reason}). Check the network or the base URL.",
                provider=self.name,
            ) from e
        except openai.OpenAIError as e:
            raise ProviderError(f"{action}: {e}", provider=self.name) from e
        except (ValueError, TypeError, AttributeError, KeyError) as e:  # bad JSON, a list where an object goes …
            raise BadResponseError(
                f"{action}: {self.where} answered with a body ftui cannot read ({type(e).__name__}: "
                f"{error_text(str(e), 120)}). Try again later; if it persists, the server or a proxy is at fault.",
                provider=self.name,
            ) from e

    def _read(self, action: str, call: Callable[[], T]) -> T:
        """One idempotent request, translated, retried under the current read policy (:mod:`retry`)."""

        def attempt() -> T:
            with self._calls(action):
                return call()

        return retry.read(attempt)

    # -- jobs ---------------------------------------------------------------
    def _job(self, obj: Any) -> Job:
        return job_from_openai(self.name, self.profile.kind, obj)

    def list_jobs_page(self, cursor: str | None = None, limit: int = 50) -> JobPage:
        """One page of jobs, newest first (``cursor`` is the last job id of the previous page)."""
        after: dict[str, Any] = {"after": cursor} if cursor else {}
        page = self._read("Listing jobs", lambda: self.client.fine_tuning.jobs.list(limit=limit, **after))
        with self._calls("Listing jobs"):
            found, notes = jobs_from_items(self.name, self.profile.kind, getattr(page, "data", None))
            jobs = tuple(found)
            more = getattr(page, "has_more", False) is True and bool(jobs)
        self.notes.extend(notes)
        data = getattr(page, "data", None)
        skipped = len(data) - len(jobs) if isinstance(data, list) else 0
        return JobPage(jobs, jobs[-1].id if more else None, skipped=skipped)

    def get_job(self, job_id: str) -> Job:
        """The job as it is now."""
        raw = self._read(f"Reading job {job_id}", lambda: self.client.fine_tuning.jobs.retrieve(job_id))
        with self._calls(f"Reading job {job_id}"):
            job = job_from_openai(self.name, self.profile.kind, raw, job_id)
        if job.problems:
            self.notes.add(f"job {job.id}: {'; '.join(job.problems[:3])}")
        return job

    def create_job(self, spec: JobSpec) -> Job:
        """Create a supervised or DPO job from uploaded files."""
        if spec.method not in openai_catalog.CREATABLE_METHODS:
            raise UnsupportedError(
                f"ftui cannot create {spec.method} jobs yet (they need a grader); use supervised or dpo.",
                provider=self.name,
            )
        params = check_values(
            self.hyperparameters(spec.base_model, spec.method),
            spec.hyperparameters,
            spec.base_model,
            spec.method,
            provider=self.name,
        )
        kwargs: dict[str, Any] = {
            "model": spec.base_model,
            "training_file": spec.training_file,
            "method": {"type": spec.method, spec.method: {"hyperparameters": params}},
        }
        for key, value in (("validation_file", spec.validation_file), ("suffix", spec.suffix), ("seed", spec.seed)):
            if value is not None:
                kwargs[key] = value
        if spec.metadata:
            kwargs["metadata"] = dict(spec.metadata)
        with self._calls("Creating the job"):
            # No silent SDK retry: a create whose response was lost may have succeeded, and the caller
            # reconciles (ftui.launch) before trying again. A blind retry could start a second, billed job.
            return self._job(self.client.with_options(max_retries=0).fine_tuning.jobs.create(**kwargs))

    def cancel_job(self, job_id: str) -> Job:
        """Cancel a job; a finished job raises InvalidRequestError with the server's reason."""
        with self._calls(f"Cancelling {job_id}"):
            return self._job(self.client.fine_tuning.jobs.cancel(job_id))

    def pause_job(self, job_id: str) -> Job:
        """Pause a running job."""
        with self._calls(f"Pausing {job_id}"):
            return self._job(self.client.fine_tuning.jobs.pause(job_id))

    def resume_job(self, job_id: str) -> Job:
        """Resume a paused job."""
        with self._calls(f"Resuming {job_id}"):
            return self._job(self.client.fine_tuning.jobs.resume(job_id))

    # -- progress -----------------------------------------------------------
    def new_events(self, job_id: str, since: str | None = None) -> list[JobEvent]:
        """Events newer than ``since``, oldest first, walking newest-first pages only as far as needed."""
        limit = 50 if since else 100

        action = f"Reading events of {job_id}"

        def fetch(after: str | None) -> tuple[list[Any], bool]:
            extra: dict[str, Any] = {"after": after} if after else {}
            page = self._read(action, lambda: self.client.fine_tuning.jobs.list_events(job_id, limit=limit, **extra))
            data = getattr(page, "data", None)
            items = data if isinstance(data, list) else []
            return [item for item in items if item_id(item) is not None], getattr(page, "has_more", False) is True

        walk = walk_newest_first(fetch, since, lambda event: item_id(event) or "", action)
        if walk.notice:
            self.warn(walk.notice)
        events, notes = from_items(walk.items, event_from_openai, "event")
        self.notes.extend(notes)
        return events

    def metrics(self, job_id: str) -> list[MetricPoint]:
        """Step metrics from the events, reconciled with the result file once the job succeeded."""
        job = self.get_job(job_id)
        points = merge_points(e.metrics for e in self.new_events(job_id) if e.metrics)
        if job.status is JobStatus.SUCCEEDED and job.result_files:
            try:
                points = merge_points(points, self.final_metrics(job))
            except (UnreadableResultError, NotFoundError, InvalidRequestError, PermissionDeniedError) as error:
                self.notes.add(f"{error.message} The series shown is the one from the job's events.")
        return points

    def final_metrics(self, job: Job) -> list[MetricPoint]:
        """The metrics in the job's result file (base64 or plain CSV); empty when it has none.

        Raises:
            UnreadableResultError: the file is refused (404, 406 …) or is not a metrics CSV (junk, all NaN).
            UnavailableError: a transient failure (network, 5xx): try again later.
        """
        if not job.result_files:
            return []
        action = f"Reading the result file of {job.id}"

        def download() -> bytes:
            content = bytearray()
            with self.client.with_streaming_response.files.content(job.result_files[0]) as response:
                for chunk in response.iter_bytes(1 << 20):
                    content += chunk
                    if len(content) > RESULT_FILE_LIMIT:
                        break
            return bytes(content)

        try:
            content = self._read(action, download)
        except (NotFoundError, InvalidRequestError, PermissionDeniedError) as error:
            raise UnreadableResultError(
                f"{action}: the server refused it (HTTP {error.status}: {error.message.removeprefix(action + ': ')}).",
                provider=self.name,
                status=error.status,
            ) from error
        result = read_metrics_csv(content)
        if result.problem:
            raise UnreadableResultError(f"{action}: {result.problem}.", provider=self.name)
        if result.dropped_rows or result.dropped_values:
            self.notes.add(
                f"the result file of {job.id} had {result.dropped_rows} unreadable rows and "
                f"{result.dropped_values} values that were not finite numbers; they were left out."
            )
        return result.points

    def checkpoints(self, job_id: str) -> list[Checkpoint]:
        """Saved checkpoints, newest first (a bounded walk over every page)."""
        items = self._walk(
            f"Reading checkpoints of {job_id}",
            lambda extra: self.client.fine_tuning.jobs.checkpoints.list(job_id, limit=100, **extra),
        )
        checkpoints, notes = from_items(items, checkpoint_from_openai, "checkpoint")
        self.notes.extend(notes)
        return checkpoints

    def _walk(self, action: str, request: Callable[[dict[str, Any]], Any]) -> list[Any]:
        """Every raw item of a cursor-paged listing, oldest page first, bounded by :func:`walk_pages`
        (a walk cut short is noted). ``request(extra)`` sends one page's request with ``after`` in ``extra``."""

        def fetch(after: str | None) -> tuple[list[Any], bool, str | None]:
            page = self._read(action, lambda: request({"after": after} if after else {}))
            data = getattr(page, "data", None)
            items = list(data) if isinstance(data, list) else []
            last = next((i for i in map(item_id, reversed(items)) if i), None)
            return items, getattr(page, "has_more", False) is True, last

        walk = walk_pages(fetch, lambda item: item_id(item) or f"#{id(item)}", action)  # id-less: counted later
        if walk.notice:
            self.warn(walk.notice)
        return walk.items

    # -- files and models ---------------------------------------------------
    def upload_file(
        self, path: Path, purpose: str = "fine-tune", progress: Callable[[int, int], None] | None = None
    ) -> RemoteFile:
        """Upload ``path``; an identical file uploaded before (same bytes) is reused (no byte progress here)."""
        path = Path(path)
        try:
            size = path.stat().st_size
            digest = file_sha256(path)
        except OSError as e:
            raise InvalidRequestError(f"Cannot read {path}: {e.strerror}.", param="file") from e
        remote_name = f"{path.stem}.{digest[:12]}{path.suffix or '.jsonl'}"
        for known in self.list_files():
            if known.filename == remote_name and known.bytes == size and known.status != "error":
                return known
        with self._calls(f"Uploading {path.name}"), deadline.unbounded():
            if size > UPLOAD_LIMIT:
                # The SDK's implementation takes a filename with a path (the remote name carries the digest
                # that finds the file again), though its typed overloads only list it for in-memory bytes.
                chunked: Callable[..., Any] = self.client.uploads.upload_file_chunked
                created = chunked(
                    file=path, filename=remote_name, bytes=size, mime_type="application/jsonl", purpose=purpose
                )
                return file_from_openai(getattr(created, "file", created))
            with path.open("rb") as handle:
                return file_from_openai(
                    self.client.files.create(file=(remote_name, handle), purpose=cast(FilePurpose, purpose))
                )

    def list_files(self) -> list[RemoteFile]:
        """Fine-tuning files, newest first."""
        items = self._walk(
            "Listing files", lambda extra: self.client.files.list(purpose="fine-tune", limit=1000, **extra)
        )
        files, notes = from_items(items, file_from_openai, "file")
        self.notes.extend(notes)
        return sorted(files, key=lambda f: f.created_at.timestamp() if f.created_at else 0, reverse=True)

    def download_file(self, file: RemoteFile, dest: Path) -> Path:
        """Download a file's content to ``dest`` (atomically)."""
        with self._calls(f"Downloading {file.filename or file.id}"), deadline.unbounded():
            response = self.client.files.content(file.id)
            return write_stream_atomically(response.iter_bytes(1 << 20), Path(dest))

    def base_models(self) -> list[BaseModel]:
        """The documented fine-tunable models, plus your ``ft:`` models (continued fine-tuning)."""
        models = list(openai_catalog.BASE_MODELS)
        try:
            listed = self._read("Listing models", lambda: list(self.client.models.list().data or ()))
            with self._calls("Listing models"):
                for model in listed:
                    if model.id.startswith("ft:") and ":ckpt-" not in model.id:
                        entry = openai_catalog.model_entry(model.id)
                        methods = entry.methods if entry else ("supervised",)
                        models.append(BaseModel(model.id, methods, "Your fine-tuned model"))
        except ProviderError:
            pass  # the catalog alone is still useful
        return models

    def hyperparameters(self, base_model: str, method: str = "supervised") -> list[HyperParameter]:
        """OpenAI's hyperparameter schema for a model and method."""
        return openai_catalog.hyperparameters(base_model, method)

    def close(self) -> None:
        """Close the HTTP client."""
        if self._client is not None:
            self._client.close()
            self._client = None
