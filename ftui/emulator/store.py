"""The emulator's in-memory state: files, jobs and fine-tuned models, behind
one lock. All business rules for creating jobs live here."""

from __future__ import annotations

import base64
import threading
from dataclasses import dataclass
from typing import Any

from ftui.emulator.catalog import BASE_MODELS, data_format, resolve_model
from ftui.emulator.clock import Clock
from ftui.emulator.datafile import MIN_EXAMPLES, inspect_file
from ftui.emulator.errors import invalid, not_found
from ftui.emulator.hyperparams import parse_method
from ftui.emulator.ids import IdFactory
from ftui.emulator.job import JobParams, SimJob

__all__ = ["FILE_PURPOSES", "Store", "StoredFile"]

FILE_PURPOSES = {"assistants", "batch", "fine-tune", "vision", "user_data", "evals"}
"""Purposes accepted on upload."""


@dataclass
class StoredFile:
    """An uploaded (or generated) file."""

    id: str
    filename: str
    purpose: str
    content: bytes
    created: float
    seq: int

    def to_dict(self) -> dict[str, Any]:
        """Return the ``OpenAIFile`` JSON object."""
        return {
            "object": "file",
            "id": self.id,
            "purpose": self.purpose,
            "filename": self.filename,
            "bytes": len(self.content),
            "created_at": int(self.created),
            "status": "processed",
        }


class Store:
    """Thread-safe state of one emulator.

    Args:
        clock: Time source.
        seed: Seed for ids and default job seeds.
        speed: Divides every simulated duration.
        result_base64: Serve result files base64-encoded (the real quirk).
    """

    def __init__(self, clock: Clock, seed: int = 0, speed: float = 1.0, result_base64: bool = True) -> None:
        if speed <= 0:
            raise ValueError("speed must be positive")
        self.clock, self.seed, self.speed, self.result_base64 = clock, seed, speed, result_base64
        self.lock = threading.RLock()
        self.ids = IdFactory(seed)
        self.files: dict[str, StoredFile] = {}
        self.jobs: dict[str, SimJob] = {}
        self._seq = 0
        self.deleted_models: set[str] = set()
        """Fine-tuned models and checkpoints deleted through ``DELETE /models/{id}``."""
        self._deleted_files: set[str] = set()

    def _next_seq(self) -> int:
        self._seq += 1
        return self._seq

    # -- files -------------------------------------------------------------
    def add_file(self, filename: str, purpose: str, content: bytes, *, created: float | None = None) -> StoredFile:
        """Store an upload and return it (400 for an unknown purpose)."""
        if purpose not in FILE_PURPOSES:
            raise invalid(
                f"Invalid value for 'purpose': {purpose!r}. Expected one of {', '.join(sorted(FILE_PURPOSES))}.",
                param="purpose",
            )
        with self.lock:
            stored = StoredFile(
                self.ids.new("file-", 22),
                filename,
                purpose,
                content,
                self.clock.now() if created is None else created,
                self._next_seq(),
            )
            self.files[stored.id] = stored
            return stored

    def get_file(self, file_id: str) -> StoredFile:
        """Return a file or raise 404."""
        with self.lock:
            self.refresh()
            if file_id not in self.files:
                raise not_found(f"No such File object: {file_id}", param="id")
            return self.files[file_id]

    def delete_file(self, file_id: str) -> None:
        """Delete a file or raise 404."""
        with self.lock:
            self.get_file(file_id)
            del self.files[file_id]
            self._deleted_files.add(file_id)

    def refresh(self) -> None:
        """Materialise result files of jobs that have succeeded by now."""
        with self.lock:
            now = self.clock.now()
            for job in self.jobs.values():
                done = job.timeline().succeeded_at
                rid = job.result_file_id
                if done is None or done > now or rid in self.files or rid in self._deleted_files:
                    continue
                csv = job.result_csv().encode()
                body = base64.b64encode(csv) if self.result_base64 else csv
                self.files[job.result_file_id] = StoredFile(
                    job.result_file_id, "step_metrics.csv", "fine-tune-results", body, done, self._next_seq()
                )

    # -- models ------------------------------------------------------------
    def fine_tuned_models(self) -> dict[str, tuple[str, int]]:
        """Return visible ``ft:`` models as ``{id: (base_snapshot, created)}``."""
        now, out = self.clock.now(), {}
        for job in self.jobs.values():
            done = job.timeline().succeeded_at
            if done is not None and done <= now and job.fine_tuned_model not in self.deleted_models:
                out[job.fine_tuned_model] = (job.params.extra["base"], int(done))
        return out

    # -- jobs --------------------------------------------------------------
    def get_job(self, job_id: str) -> SimJob:
        """Return a job or raise 404."""
        with self.lock:
            if job_id not in self.jobs:
                raise not_found(f"Could not find fine-tune: {job_id}", param="fine_tuning_job_id")
            return self.jobs[job_id]

    def _training_source(self, body: dict[str, Any], key: str) -> StoredFile | None:
        file_id = body.get(key)
        if file_id is None and key == "validation_file":
            return None
        if not isinstance(file_id, str) or not file_id:
            raise invalid(f"Missing required parameter: '{key}'.", param=key, code="missing_required_parameter")
        stored = self.files.get(file_id)
        if stored is None:
            raise invalid(f"Invalid file ID: {file_id}. No such file.", param=key, code="invalid_file_id")
        if stored.purpose != "fine-tune":
            raise invalid(
                f"File {file_id} has purpose '{stored.purpose}', but must have purpose 'fine-tune'.",
                param=key,
                code="invalid_file_purpose",
            )
        return stored

    def create_job(self, body: dict[str, Any], *, started_ago: float = 0.0) -> SimJob:
        """Validate a create request and add the job.

        Args:
            body: The JSON request body.
            started_ago: Back-date the job's creation by this many clock
                seconds, so it is already part-way through its life.

        Raises:
            ApiError: 400 with ``param`` for invalid requests.
        """
        with self.lock:
            if not isinstance(body, dict):
                raise invalid("The request body must be a JSON object.")
            model_name = body.get("model")
            if not isinstance(model_name, str) or not model_name:
                raise invalid("Missing required parameter: 'model'.", param="model", code="missing_required_parameter")
            bases = {m: base for m, (base, _) in self.fine_tuned_models().items()}
            found = resolve_model(model_name, bases)
            if found is None:
                raise invalid(
                    f"Model {model_name} is not available for fine-tuning or does not exist.",
                    param="model",
                    code="model_not_available",
                )
            model, base = found
            method, requested, grader = parse_method(body)
            if method not in BASE_MODELS[base]:
                raise invalid(
                    f"Model {model} does not support the '{method}' fine-tuning method.",
                    param="method.type",
                    code="unsupported_method",
                )
            training = self._training_source(body, "training_file")
            validation = self._training_source(body, "validation_file")
            suffix = body.get("suffix")
            if suffix is not None and (not isinstance(suffix, str) or not 1 <= len(suffix) <= 64):
                raise invalid("'suffix' must be a string of 1 to 64 characters.", param="suffix")
            metadata = body.get("metadata")
            if metadata is not None and (
                not isinstance(metadata, dict)
                or len(metadata) > 16
                or any(not isinstance(v, str) or len(k) > 64 or len(v) > 512 for k, v in metadata.items())
            ):
                raise invalid(
                    "'metadata' must map at most 16 keys (<=64 chars) to strings (<=512 chars).", param="metadata"
                )
            integrations = body.get("integrations")
            if integrations is not None and (
                not isinstance(integrations, list)
                or len(integrations) > 5
                or any(
                    not isinstance(i, dict)
                    or i.get("type") != "wandb"
                    or not isinstance(i.get("wandb"), dict)
                    or "project" not in i["wandb"]
                    for i in integrations
                )
            ):
                raise invalid(
                    "'integrations' must be a list of at most 5 wandb integrations with a project.",
                    param="integrations",
                )
            seed = body.get("seed")
            if seed is None:
                seed = self.ids.randint(0, 2_147_483_647)
            elif isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= 2_147_483_647:
                raise invalid("'seed' must be an integer between 0 and 2147483647.", param="seed")
            fmt = data_format(base, method)
            assert training is not None
            report = inspect_file(training.content, fmt, role="training", minimum=MIN_EXAMPLES)
            failure = None
            if report.error:
                failure = {
                    "code": "invalid_training_file",
                    "param": "training_file",
                    "message": f"The job failed due to an invalid training file. {report.error}",
                }
            elif validation is not None:
                vreport = inspect_file(validation.content, fmt, role="validation", minimum=1)
                if vreport.error:
                    failure = {
                        "code": "invalid_validation_file",
                        "param": "validation_file",
                        "message": f"The job failed due to an invalid validation file. {vreport.error}",
                    }
            params = JobParams(
                id=self.ids.new("ftjob-"),
                model=model,
                method=method,
                requested=requested,
                training_file=training.id,
                validation_file=validation.id if validation else None,
                suffix=suffix,
                seed=seed,
                metadata=metadata,
                integrations=integrations,
                grader=grader,
                created=self.clock.now() - started_ago,
                examples=report.examples,
                tokens=report.tokens,
                failure=failure,
                emulator_seed=self.seed,
                speed=self.speed,
                extra={"base": base, "data": (training.content, validation.content if validation else b"")},
            )
            job = SimJob(params)
            job.seq = self._next_seq()
            self.jobs[params.id] = job
            return job

    def act(self, job_id: str, kind: str, *, at: float | None = None) -> SimJob:
        """Pause, resume or cancel a job now (or at an earlier clock time ``at``)."""
        with self.lock:
            job = self.get_job(job_id)
            job.act(kind, self.clock.now() if at is None else at)
            return job
