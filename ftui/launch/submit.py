"""Launching a job: check the data, upload (reusing identical uploads), create — exactly once.

Every launch carries a unique launch id: OpenAI metadata ``ftui_launch=<id>``;
on Bedrock a job tag and the end of the job name. When the create call fails in
a way where the server may still have accepted it (a dropped connection, a
timeout, a 5xx), :func:`submit` looks for a job with that id before it tries
again, so a lost response never becomes a second job.
"""

from __future__ import annotations

import itertools
import re
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from ftui.datasets import ScanReport, scan
from ftui.launch.form import LAUNCH_TAG, is_remote
from ftui.providers.base import Provider
from ftui.providers.errors import (
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
    ProviderError,
    RateLimitError,
    UnavailableError,
)
from ftui.providers.records import Job, JobSpec

Progress = Callable[[str], None]
"""Called with a short line as each stage starts (from the calling thread)."""

CREATE_ATTEMPTS = 3
"""Create calls at most (each retry only after confirming no job was created)."""
RECONCILE_JOBS = 200
"""Newest jobs searched for a launch id."""


def new_launch_id() -> str:
    """A fresh launch id: 8 hex digits (unique enough among one account's recent jobs)."""
    return uuid.uuid4().hex[:8]


LaunchPlan = JobSpec
"""A checked launch request: a :class:`JobSpec` whose files may still be local paths (:func:`submit` uploads
them and sends the spec with the uploaded ids, the launch id and the provider's name for the job)."""


def check_data(
    training: str,
    base_model: str,
    validation: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> ScanReport:
    """Scan the training (and validation) file with the base model's rules and limits.

    A model the dataset engine does not know is scanned with the default model for the format.

    Raises:
        OSError: a file cannot be read.
    """
    try:
        return scan(training, model=base_model, validation_path=validation, progress=progress, cancel=cancel)
    except ValueError:
        return scan(training, validation_path=validation, progress=progress, cancel=cancel)


def launch_tag(job: Job) -> str | None:
    """The launch id a job was created with, if it was created by ftui."""
    metadata = (job.raw or {}).get("metadata")
    if isinstance(metadata, Mapping) and metadata.get(LAUNCH_TAG):
        return str(metadata[LAUNCH_TAG])
    return None


def _has_tag(provider: Provider, job: Job, launch_id: str) -> bool:
    return launch_tag(job) == launch_id or provider.job_has_launch_id(job, launch_id)


def find_launched(provider: Provider, launch_id: str) -> Job | None:
    """The job created by launch ``launch_id`` among the newest jobs, or None.

    Raises:
        ProviderError: the jobs could not be listed.
    """
    for job in itertools.islice(provider.iter_jobs(limit=50), RECONCILE_JOBS):
        if _has_tag(provider, job, launch_id):
            return job
    return None


def find_prior(provider: Provider, launch_id: str, job_id: str | None = None) -> Job | None:
    """The job an earlier launch created: ``job_id`` when it is known, else the job tagged ``launch_id``.

    None means no such job exists (a known job that is gone counts as none).

    Raises:
        ProviderError: the provider could not be asked, so whether the job exists is unknown.
    """
    if job_id:
        try:
            return provider.get_job(job_id)
        except NotFoundError:
            return None
    return find_launched(provider, launch_id)


_REGION = re.compile(r"\b[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d\b")


def region_warning(provider: Provider, base_model: str, models: list[Any] | None = None) -> str | None:
    """A warning when the provider's region is not one its catalogue lists for ``base_model``, else None.

    Catalogue regions are the ones named in the model's description (e.g. ``Anthropic Claude 3 Haiku
    (us-west-2)``); providers without regions, or models without listed regions, never warn.
    """
    region = getattr(provider, "region", None)
    if not region:
        return None
    try:
        listed = models if models is not None else provider.base_models()
    except ProviderError:
        return None
    model = next((m for m in listed if getattr(m, "id", None) == base_model), None)
    regions = _REGION.findall(getattr(model, "description", "") or "") if model is not None else []
    if not regions or region in regions:
        return None
    return (
        f"{base_model} is fine-tuned only in {', '.join(regions)} (ftui's catalogue); this profile uses "
        f"{region}, so the job will probably be refused. Use a profile in {regions[0]}."
    )


def job_spec(
    provider: Provider, plan: LaunchPlan, training_id: str, validation_id: str | None, launch_id: str
) -> JobSpec:
    """The provider request for a plan: the uploaded files, tagged with the launch id, named the provider's way,
    with only the job options the provider takes."""
    names = {option.param.name for option in provider.job_options(provider.profile)}
    return replace(
        plan,
        training_file=training_id,
        validation_file=validation_id,
        hyperparameters=dict(plan.hyperparameters),
        suffix=provider.launch_name(plan.suffix.strip() if plan.suffix else None, launch_id),
        metadata={**plan.metadata, LAUNCH_TAG: launch_id},
        options={k: v.strip() for k, v in plan.options.items() if k in names and v and v.strip()},
    )


def _upload(provider: Provider, reference: str, label: str, say: Progress) -> str:
    if is_remote(reference):
        return reference
    path = Path(reference).expanduser()
    say(f"Uploading the {label} file {path.name} to {provider.upload_destination} (an identical upload is reused)…")
    shown = [-1]

    def bytes_sent(sent: int, total: int) -> None:
        percent = 100 * sent // max(1, total)
        if percent // 10 > shown[0]:  # a line every 10%, not every chunk
            shown[0] = percent // 10
            say(f"Uploading {path.name}: {percent}% of {total / 1e6:,.1f} MB")

    return provider.upload_file(path, progress=bytes_sent).id


def submit(
    provider: Provider,
    plan: LaunchPlan,
    *,
    report: ScanReport | None = None,
    launch_id: str | None = None,
    progress: Progress | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Job:
    """Check the data, upload it, create the job once, and return the job.

    Args:
        provider: where to launch.
        plan: what to launch.
        report: a scan of the training file for this base model (scanned here when None).
        launch_id: the launch's unique id (a new one when None).
        progress: told what is happening, stage by stage.
        sleep: waits between retries (tests pass a no-op).

    Raises:
        InvalidRequestError: the data has errors (nothing uploaded), or the provider refused a value.
        PermissionDeniedError: the provider refused to create jobs (see :func:`explain_refusal`).
        UnavailableError: the provider stayed unreachable; the message says whether a job may exist.
    """
    say = progress or (lambda _line: None)
    launch_id = launch_id or new_launch_id()
    if not is_remote(plan.training_file):
        if report is None:
            say("Checking the data…")
            report = check_data(plan.training_file, plan.base_model, plan.validation_file)
        if not report.ok:
            first = next((p for p in report.problems if p.is_error), None)
            detail = f" First: line {first.line}: {first.message}." if first else ""
            raise InvalidRequestError(
                f"{Path(plan.training_file).name} has {report.errors:,} error(s); nothing was uploaded.{detail} "
                f"Fix them (ftui validate {plan.training_file}) and launch again.",
                title="Data not ready",
                param="training_file",
                provider=provider.name,
            )
    training_id = _upload(provider, plan.training_file, "training", say)
    validation_id = _upload(provider, plan.validation_file, "validation", say) if plan.validation_file else None
    spec = job_spec(provider, plan, training_id, validation_id, launch_id)
    return create_once(provider, spec, launch_id, say, sleep)


def create_once(
    provider: Provider, spec: JobSpec, launch_id: str, say: Progress, sleep: Callable[[float], None] = time.sleep
) -> Job:
    """Create the job; after a failure where it may exist anyway, find it before any retry."""
    last: ProviderError | None = None
    for attempt in range(CREATE_ATTEMPTS):
        if attempt:
            say(f"Creating the job again (attempt {attempt + 1} of {CREATE_ATTEMPTS})…")
        else:
            say(f"Creating the {spec.method} job on {spec.base_model}…")
        try:
            return provider.create_job(spec)
        except RateLimitError as error:  # refused before processing: nothing was created
            last = error
            sleep(error.retry_after or 2.0 * (attempt + 1))
            continue
        except UnavailableError as error:
            last = error
        say("The create call failed without an answer; checking whether the job was created anyway…")
        sleep(2.0 * (attempt + 1))  # first give a slow server time to finish what it may have accepted
        found = _reconcile(provider, launch_id, sleep)
        if found is not None:
            return found
    assert last is not None
    raise UnavailableError(
        f"Could not create the job after {CREATE_ATTEMPTS} attempts, and no job with launch id {launch_id} "
        f"exists. {last.message}",
        title="Job not created",
        provider=provider.name,
    )


def _reconcile(provider: Provider, launch_id: str, sleep: Callable[[float], None]) -> Job | None:
    """The job of this launch, if the server made it; raises when that cannot be known."""
    for attempt in range(3):
        try:
            return find_launched(provider, launch_id)
        except (UnavailableError, RateLimitError):
            sleep(1.0 * (attempt + 1))
    raise UnavailableError(
        f"The create call failed and the job list could not be read, so ftui cannot tell whether the job "
        f"was created. Check the jobs list (look for launch id {launch_id}) before launching again.",
        title="Job may exist",
        provider=provider.name,
    )


def explain_refusal(
    error: ProviderError,
    provider: type[Provider] | Provider,
    base_model: str = "",
    region: str | None = None,
    regions_hint: str = "",
) -> str:
    """What a refused launch means and what the user can do, in their words (``provider`` adds its own hints:
    :meth:`Provider.refusal_hint`)."""
    if isinstance(error, PermissionDeniedError) and error.training_not_allowed:
        return (
            "OpenAI no longer lets this organization start fine-tuning jobs (self-serve fine-tuning is "
            "winding down). Jobs and models you already have keep working. Launch on another profile, "
            "e.g. Bedrock, or ask OpenAI about access."
        )
    return provider.refusal_hint(error, base_model, region, regions_hint) or error.message
