"""Amazon Bedrock model customization as an ftui provider.

The only module that imports boto3/botocore. Credentials come from boto3's own
chain (env, shared files, SSO, instance roles); the profile only says where
(region, bucket, prefixes, role, endpoint). Every SDK error is translated by
:func:`translate_error` at the method boundary.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import boto3
from boto3.exceptions import S3UploadFailedError
from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ProfileNotFound,
)

from ftui.providers import bedrock_storage, retry
from ftui.providers.base import Provider, write_stream_atomically
from ftui.providers.bedrock_catalog import BASE_MODELS, hyperparameter_strings, job_name, schema_for
from ftui.providers.bedrock_errors import translate_error
from ftui.providers.bedrock_launch import MODEL_NAME, BedrockLaunch
from ftui.providers.bedrock_models import BedrockModels
from ftui.providers.bedrock_records import (
    events_from_job,
    events_since,
    job_from_bedrock,
    jobs_from_bedrock,
    output_dir,
    tolerate_timestamps,
)
from ftui.providers.errors import (
    BadResponseError,
    ConfigError,
    InvalidRequestError,
    error_text,
)
from ftui.providers.profiles import Profile
from ftui.providers.records import BaseModel, HyperParameter, Job, JobEvent, JobPage, JobSpec, MetricPoint, RemoteFile

F = TypeVar("F", bound=Callable[..., Any])

_METHODS = {"supervised": "FINE_TUNING", "fine_tuning": "FINE_TUNING"}
ROLE_ARN = re.compile(r"arn:aws(-[^:]+)?:iam::([0-9]{12})?:role/.+")
"""Bedrock's pattern for roleArn."""
DEADLINE = 60.0
"""Seconds one Bedrock/S3 read may take in all (botocore's timeouts are per socket read)."""
# botocore never retries: ftui.providers.retry is the one policy.
_CONFIG = Config(retries={"total_max_attempts": 1, "mode": "standard"}, connect_timeout=5, read_timeout=20)


def _aws(method: F) -> F:
    """Translate SDK exceptions raised by a provider method (``raise … from e``)."""

    @functools.wraps(method)
    def wrapper(self: BedrockProvider, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except (ClientError, BotoCoreError, S3UploadFailedError) as error:
            raise translate_error(error, self.profile) from error
        except (ValueError, TypeError, AttributeError, KeyError) as error:  # botocore could not parse the answer
            raise BadResponseError(
                f"AWS sent an answer ftui cannot read ({type(error).__name__}: {error_text(str(error), 120)}).",
                provider=self.profile.name,
            ) from error

    return wrapper  # type: ignore[return-value]


def _aws_read(method: F) -> F:
    """Like :func:`_aws` for an idempotent read: a total deadline per attempt, retried under the read policy."""

    @functools.wraps(method)
    def wrapper(self: BedrockProvider, *args: Any, **kwargs: Any) -> Any:
        def attempt() -> Any:
            try:
                return _run_bounded(lambda: method(self, *args, **kwargs), self.deadline)
            except (ClientError, BotoCoreError, S3UploadFailedError) as error:
                raise translate_error(error, self.profile) from error
            except TimeoutError as error:
                raise retry.DeadlineExceededError(
                    f"AWS did not finish {method.__name__.replace('_', ' ')} within {self.deadline:g} s. Check the "
                    "network and the endpoint_url option, and try again.",
                    provider=self.name,
                ) from error
            except (ValueError, TypeError, AttributeError, KeyError) as error:  # botocore could not parse the answer
                raise BadResponseError(
                    f"AWS sent an answer ftui cannot read ({type(error).__name__}: {error_text(str(error), 120)}).",
                    provider=self.profile.name,
                ) from error

        return retry.read(attempt)

    return wrapper  # type: ignore[return-value]


def _run_bounded(call: Callable[[], Any], seconds: float) -> Any:
    """``call()`` in a watchdog thread; TimeoutError if it has not returned in ``seconds`` (the call is abandoned)."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = call()
        except BaseException as error:  # noqa: BLE001 - handed to the caller
            box["error"] = error

    thread = threading.Thread(target=target, name="ftui-aws-call", daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        raise TimeoutError(seconds)
    if "error" in box:
        raise box["error"]
    return box.get("value")


@functools.lru_cache(maxsize=1)
def _known_regions() -> frozenset[str]:
    """Every region of every AWS partition botocore's endpoint data lists (empty if it cannot be read)."""
    from botocore.loaders import create_loader

    try:
        partitions = create_loader().load_data("endpoints")["partitions"]
        return frozenset(region for p in partitions for region in p.get("regions", {}))
    except Exception:  # noqa: BLE001 - no data: refuse nothing
        return frozenset()


def _is_known_region(session: Any, region: str) -> bool:
    """Whether botocore knows ``region`` (issue 10: a bogus region is named, not "service unavailable")."""
    known = _known_regions()
    return not known or region in known or region in session.get_available_regions("bedrock")


class BedrockProvider(BedrockModels, BedrockLaunch, Provider):
    """Bedrock model customization jobs, datasets in S3, metrics from the job's S3 output."""

    kind = "bedrock"
    supports_pause = False
    supports_live_metrics = False
    cancel_verb = "stop"
    cancel_consequence = (
        "Bedrock cannot resume a stopped job. You are billed for the training it has done so far, "
        "and a stopped job leaves no custom model."
    )
    late_metrics_note = "Bedrock publishes loss curves only when a job ends."

    def __init__(self, profile: Profile) -> None:
        super().__init__(profile)
        try:
            session = boto3.session.Session(
                profile_name=profile.get("aws_profile") or None, region_name=profile.get("region") or None
            )
        except ProfileNotFound as error:
            raise ConfigError(
                f"AWS profile {profile.get('aws_profile')!r} (option aws_profile) does not exist in your AWS config.",
                provider=profile.name,
            ) from error
        if not session.region_name:
            raise ConfigError(
                f"Profile {profile.name!r} needs the option region (e.g. us-east-1).", provider=profile.name
            )
        self.region: str = session.region_name
        self.deadline = DEADLINE
        """Seconds one read may take in all."""
        """The AWS region the clients talk to."""
        if not _is_known_region(session, self.region):  # issue 10: "us-moon-1" is not "service unavailable"
            raise ConfigError(
                f"Unknown region {self.region!r} (profile {profile.name!r}): AWS has no such region "
                "that this botocore knows, e.g. us-east-1 or us-west-2. Fix the region option (or "
                "AWS_DEFAULT_REGION / your AWS config); upgrade botocore if the region is new.",
                title="Unknown region",
                provider=profile.name,
            )
        endpoint = profile.get("endpoint_url") or None
        tolerate_timestamps(session)
        self._bedrock = session.client("bedrock", endpoint_url=endpoint, config=_CONFIG)
        self._s3 = session.client("s3", endpoint_url=endpoint, config=_CONFIG)

    def _option(self, key: str, why: str) -> str:
        """A required profile option, or ConfigError naming it."""
        value = self.profile.get(key)
        if not value:
            raise ConfigError(f"Profile {self.name!r} needs the option {key}: {why}.", provider=self.name)
        return str(value)

    # -- jobs ---------------------------------------------------------------
    @_aws_read
    def list_jobs_page(self, cursor: str | None = None, limit: int = 50) -> JobPage:
        """One page of jobs, newest first; ``cursor`` is Bedrock's ``nextToken``."""
        kwargs: dict[str, Any] = {
            "sortBy": "CreationTime",
            "sortOrder": "Descending",
            "maxResults": max(1, min(int(limit), 1000)),
        }
        if cursor:
            kwargs["nextToken"] = cursor
        response = self._bedrock.list_model_customization_jobs(**kwargs)
        summaries = response.get("modelCustomizationJobSummaries")
        jobs, notes = jobs_from_bedrock(self.name, summaries)
        self.notes.extend(notes)
        skipped = len(summaries) - len(jobs) if isinstance(summaries, list) else 0
        return JobPage(jobs=tuple(jobs), next_cursor=response.get("nextToken") or None, skipped=skipped)

    @_aws_read
    def get_job(self, job_id: str) -> Job:
        """The job by name (``Job.id``). Raises NotFoundError when it does not exist."""
        return job_from_bedrock(self.name, self._bedrock.get_model_customization_job(jobIdentifier=job_id))

    @_aws
    def create_job(self, spec: JobSpec) -> Job:
        """Start a fine-tuning job; hyperparameters are checked here first and sent as strings."""
        customization = _METHODS.get(spec.method)
        if customization is None:
            raise InvalidRequestError(
                f"Bedrock jobs support the methods {', '.join(_METHODS)}, not {spec.method!r}.",
                param="method",
                provider=self.name,
            )
        hyperparameters = hyperparameter_strings(spec.base_model, spec.hyperparameters)
        for param, uri in (("training_file", spec.training_file), ("validation_file", spec.validation_file)):
            if uri is not None and not uri.startswith("s3://"):
                raise InvalidRequestError(
                    f"{param} must be an s3:// URI (upload the file first), not {uri!r}.",
                    param=param,
                    provider=self.name,
                )
        name = job_name(spec.suffix)
        model_name = spec.options.get("model_name") or name
        if not MODEL_NAME.fullmatch(model_name):
            raise InvalidRequestError(
                f"Custom model name {model_name!r}: use 1–63 letters and digits, single - or _ between them.",
                param="model_name",
                provider=self.name,
            )
        request: dict[str, Any] = {
            "jobName": name,
            "customModelName": model_name,
            "roleArn": self._role(spec),
            "baseModelIdentifier": spec.base_model,
            "customizationType": customization,
            "hyperParameters": hyperparameters,
            "trainingDataConfig": {"s3Uri": spec.training_file},
            "outputDataConfig": {"s3Uri": self.output_uri(spec)},
        }
        if spec.validation_file:
            request["validationDataConfig"] = {"validators": [{"s3Uri": spec.validation_file}]}
        if spec.metadata:
            request["jobTags"] = [{"key": str(k), "value": str(v)} for k, v in spec.metadata.items()]
        self._bedrock.create_model_customization_job(**request)
        return self.get_job(name)

    def _role(self, spec: JobSpec) -> str:
        role = spec.options.get("role_arn")
        if role and not ROLE_ARN.fullmatch(role):
            raise InvalidRequestError(
                f"{role!r} is not an IAM role ARN (arn:aws:iam::<account>:role/<name>).",
                param="role_arn",
                provider=self.name,
            )
        return role or self._option("role_arn", "the IAM role Bedrock assumes to read the data and write the output")

    def output_uri(self, spec: JobSpec | None = None) -> str:
        """Where the job writes its model artifacts and metric CSVs (the job's own or the profile's)."""
        uri = spec.options.get("output_uri") if spec is not None else None
        if uri:
            if not uri.startswith("s3://") or len(uri) <= 5:
                raise InvalidRequestError(
                    f"The output location must be an s3:// URI, not {uri!r}.", param="output_uri", provider=self.name
                )
            return uri if uri.endswith("/") else uri + "/"
        bucket = self._option("bucket", "the S3 bucket for datasets and job output")
        output = str(self.profile.get("output_prefix") or "ftui/output").strip("/")
        return f"s3://{bucket}/{output}/" if output else f"s3://{bucket}/"

    @_aws
    def cancel_job(self, job_id: str) -> Job:
        """Stop a job. Raises InvalidRequestError when it has already ended or is stopping."""
        job = self.get_job(job_id)
        if job.status.is_terminal or job.native_status == "Stopping":
            done = (
                "is already stopping" if job.native_status == "Stopping" else f"has already {job.native_status.lower()}"
            )
            raise InvalidRequestError(f"Job {job_id} {done}; nothing to stop.", provider=self.name)
        self._bedrock.stop_model_customization_job(jobIdentifier=job_id)
        return self.get_job(job_id)

    # -- progress -----------------------------------------------------------
    def new_events(self, job_id: str, since: str | None = None) -> list[JobEvent]:
        """Synthesized events (creation, stages, end) newer than ``since``, oldest first."""
        return events_since(events_from_job(self.get_job(job_id)), since)

    def metrics(self, job_id: str) -> list[MetricPoint]:
        """Step metrics from the job's S3 CSVs; empty until Bedrock writes them (at the end)."""
        folder = output_dir(self.get_job(job_id).raw)
        return self._read_metrics(folder) if folder else []

    @_aws_read
    def _read_metrics(self, folder: str) -> list[MetricPoint]:
        return bedrock_storage.read_metrics(self._s3, folder, self.warn)

    # -- files and models ---------------------------------------------------
    def _datasets(self) -> tuple[str, str]:
        """(bucket, datasets prefix) from the profile."""
        bucket = self._option("bucket", "the S3 bucket for datasets and job output")
        return bucket, str(self.profile.get("prefix") or "ftui/datasets")

    @_aws
    def upload_file(
        self, path: Path, purpose: str = "fine-tune", progress: Callable[[int, int], None] | None = None
    ) -> RemoteFile:
        """Upload to ``s3://bucket/<prefix>/<sha256[:16]>/<name>``, reusing an identical upload."""
        path = Path(path)
        if not path.is_file():
            raise InvalidRequestError(f"{path} is not a file.", provider=self.name)
        return bedrock_storage.upload_dataset(self._s3, *self._datasets(), path, progress)

    @_aws_read
    def list_files(self) -> list[RemoteFile]:
        """The ``.jsonl`` datasets under the prefix, newest first."""
        return bedrock_storage.list_datasets(self._s3, *self._datasets(), self.warn)

    @_aws
    def download_file(self, file: RemoteFile, dest: Path) -> Path:
        """Download an S3 dataset to ``dest`` (atomically)."""
        bucket, key = bedrock_storage.split_s3_uri(file.id)
        body = self._s3.get_object(Bucket=bucket, Key=key)["Body"]
        return write_stream_atomically(body.iter_chunks(1 << 20), Path(dest))

    def base_models(self) -> list[BaseModel]:
        """The fine-tunable base models from the catalog (region support varies)."""
        return list(BASE_MODELS)

    def hyperparameters(self, base_model: str, method: str = "supervised") -> list[HyperParameter]:
        """The model family's hyperparameter schema."""
        if method not in _METHODS:
            raise InvalidRequestError(
                f"Bedrock jobs support the methods {', '.join(_METHODS)}, not {method!r}.",
                param="method",
                provider=self.name,
            )
        return schema_for(base_model)

    def close(self) -> None:
        """Close both clients' connections. Safe to call twice."""
        self._bedrock.close()
        self._s3.close()
