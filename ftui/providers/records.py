"""Provider-neutral records: what the UI and the CLI see of any provider.

Every record is a frozen dataclass, safe to hand from a worker thread to the
UI inside a message. Records are built in exactly one ``from_…`` place per
provider (``ftui.providers.openai_records`` and ``ftui.providers.bedrock_records``)
and keep the provider's raw payload in ``raw``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any, Literal


class JobStatus(str, Enum):
    """A job's status, normalized across providers."""

    PENDING = "pending"
    """Accepted, its files are being validated."""
    QUEUED = "queued"
    """Waiting for capacity."""
    RUNNING = "running"
    """Training."""
    PAUSING = "pausing"
    """Asked to pause; not yet paused."""
    PAUSED = "paused"
    """Paused; can be resumed."""
    SUCCEEDED = "succeeded"
    """Finished with a model."""
    FAILED = "failed"
    """Finished without a model because of an error."""
    CANCELLED = "cancelled"
    """Cancelled or stopped by a user."""
    UNKNOWN = "unknown"
    """A native status ftui does not know (shown as-is next to it)."""

    @property
    def is_terminal(self) -> bool:
        """Whether the job can no longer change."""
        return self in (JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED)

    @property
    def is_active(self) -> bool:
        """Whether the job is still moving on its own (worth polling)."""
        return self in (JobStatus.PENDING, JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.PAUSING)


@dataclass(frozen=True, slots=True)
class JobError:
    """Why a job failed on the server."""

    message: str
    """A message from the provider, for people."""
    code: str | None = None
    """The provider's error code, when it gives one."""
    param: str | None = None
    """The request parameter at fault (``training_file`` …), when given."""


@dataclass(frozen=True, slots=True)
class TimelineStage:
    """One stage of a job's progress (Bedrock's ``statusDetails``)."""

    name: str
    """``validation``, ``data processing`` or ``training``."""
    status: str
    """The provider's status for that stage (``InProgress``, ``Completed``, ``NotStarted`` …)."""
    started_at: datetime | None = None
    """When the stage started."""
    updated_at: datetime | None = None
    """When the stage last changed."""


@dataclass(frozen=True, slots=True)
class Job:
    """A fine-tuning job of any provider."""

    provider: str
    """The profile name the job belongs to (``demo``, ``openai``, ``bedrock-prod`` …)."""
    kind: str
    """The provider kind: ``openai``, ``azure-openai``, ``bedrock`` or ``emulator``."""
    id: str
    """The identifier to use with this provider's calls."""
    name: str | None
    """The user's suffix (OpenAI) or job name (Bedrock)."""
    base_model: str
    """The model the job fine-tunes."""
    status: JobStatus
    """Normalized status."""
    native_status: str
    """The provider's own status string."""
    created_at: datetime | None = None
    """Creation time (timezone-aware)."""
    finished_at: datetime | None = None
    """End time, once the job has ended."""
    estimated_finish: datetime | None = None
    """The provider's estimate of when a running job will end."""
    trained_tokens: int | None = None
    """Billable tokens trained, once known."""
    hyperparameters: Mapping[str, Any] = field(default_factory=dict)
    """Resolved hyperparameters, provider-native names."""
    method: str = "supervised"
    """``supervised``, ``dpo``, ``reinforcement`` (OpenAI) or Bedrock's customization type."""
    training_file: str | None = None
    """The training file's id or S3 URI."""
    validation_file: str | None = None
    """The validation file's id or S3 URI."""
    fine_tuned_model: str | None = None
    """The resulting model's id or ARN."""
    error: JobError | None = None
    """Why the job failed, when it did."""
    result_files: tuple[str, ...] = ()
    """Result file ids (OpenAI) or S3 URIs (Bedrock)."""
    total_steps: int | None = None
    """Total training steps, once known."""
    timeline: tuple[TimelineStage, ...] = ()
    """Stage timeline, where the provider gives one."""
    final_train_loss: float | None = None
    """The final training loss the provider reports on the job (Bedrock)."""
    final_valid_loss: float | None = None
    """The final validation loss the provider reports on the job (Bedrock)."""
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)
    """The provider's payload, as received."""
    problems: tuple[str, ...] = field(default=(), compare=False)
    """Fields the server sent that could not be read (shown as unknown), one sentence each."""

    @property
    def key(self) -> tuple[str, str]:
        """A key unique across providers: (profile, id)."""
        return (self.provider, self.id)


@dataclass(frozen=True, slots=True)
class MetricPoint:
    """The metrics of one training step. Only ``step`` is always present."""

    step: int
    """The training step (1-based on OpenAI, 0-based on Bedrock CSVs)."""
    epoch: float | None = None
    """The epoch, where the provider says it."""
    train_loss: float | None = None
    """Training loss at this step."""
    valid_loss: float | None = None
    """Validation loss on a validation batch (evaluation steps only)."""
    full_valid_loss: float | None = None
    """Validation loss on the whole validation file (epoch ends only)."""
    train_mean_token_accuracy: float | None = None
    """Training token accuracy."""
    valid_mean_token_accuracy: float | None = None
    """Validation-batch token accuracy."""
    full_valid_mean_token_accuracy: float | None = None
    """Whole-validation-file token accuracy."""
    total_steps: int | None = None
    """Total steps of the job, when the event says it."""

    METRIC_KEYS = (
        "train_loss",
        "valid_loss",
        "full_valid_loss",
        "train_mean_token_accuracy",
        "valid_mean_token_accuracy",
        "full_valid_mean_token_accuracy",
    )

    def to_dict(self) -> dict[str, Any]:
        """The point as a dict with absent values omitted (``step`` first)."""
        out: dict[str, Any] = {"step": self.step}
        if self.epoch is not None:
            out["epoch"] = self.epoch
        for key in self.METRIC_KEYS:
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        return out

    def merged(self, other: MetricPoint) -> MetricPoint:
        """This point with ``other``'s values filling the gaps (``other`` wins on conflicts)."""
        values = {k: getattr(self, k) for k in ("epoch", "total_steps", *self.METRIC_KEYS)}
        for key in values:
            theirs = getattr(other, key)
            if theirs is not None:
                values[key] = theirs
        return MetricPoint(step=self.step, **values)


@dataclass(frozen=True, slots=True)
class JobEvent:
    """One event of a job's log."""

    id: str
    """The provider's event id (the cursor for "new events since")."""
    created_at: datetime | None
    """When it happened."""
    level: str
    """``info``, ``warn`` or ``error``."""
    message: str
    """The event text."""
    type: str = "message"
    """``message`` or ``metrics``."""
    metrics: MetricPoint | None = None
    """The step metrics a ``metrics`` event carries."""
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)
    """The provider's payload, as received."""
    problems: tuple[str, ...] = field(default=(), compare=False)
    """Fields the server sent that could not be read (shown as unknown), one sentence each."""


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """A saved, usable model from part-way through a job."""

    id: str
    """The provider's checkpoint id."""
    step: int
    """The step it was saved at."""
    model: str
    """The checkpoint's model id (usable for inference)."""
    created_at: datetime | None = None
    """When it was saved."""
    metrics: MetricPoint | None = None
    """The metrics at that step."""
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)
    """The provider's payload, as received."""
    problems: tuple[str, ...] = field(default=(), compare=False)
    """Fields the server sent that could not be read (shown as unknown), one sentence each."""


@dataclass(frozen=True, slots=True)
class RemoteFile:
    """A file held by a provider (OpenAI file or S3 object)."""

    id: str
    """The id to pass to job creation (OpenAI file id or ``s3://`` URI)."""
    filename: str
    """The file's name."""
    bytes: int | None = None
    """Size in bytes."""
    created_at: datetime | None = None
    """When it was uploaded."""
    purpose: str | None = None
    """OpenAI's purpose (``fine-tune``, ``fine-tune-results`` …)."""
    status: str | None = None
    """Processing status, where given."""
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)
    """The provider's payload, as received."""
    problems: tuple[str, ...] = field(default=(), compare=False)
    """Fields the server sent that could not be read (shown as unknown), one sentence each."""


@dataclass(frozen=True, slots=True)
class HyperParameter:
    """One hyperparameter of a (base model, method), as the provider spells it."""

    name: str
    """Provider-native name (``n_epochs``, ``epochCount`` …)."""
    type: Literal["int", "float", "str", "bool"]
    """Value type."""
    default: Any = None
    """Default value (``"auto"`` where the provider resolves it)."""
    minimum: float | None = None
    """Lower bound."""
    maximum: float | None = None
    """Upper bound."""
    exclusive_minimum: bool = False
    """Whether the lower bound itself is excluded."""
    exclusive_maximum: bool = False
    """Whether the upper bound itself is excluded."""
    choices: tuple[str, ...] = ()
    """Allowed values for a choice parameter."""
    auto: bool = False
    """Whether ``"auto"`` is accepted (the provider picks)."""
    description: str = ""
    """What it does, in one or two sentences."""
    required: bool = False
    """Whether a value must be given."""

    def check(self, value: Any) -> str | None:
        """Return why ``value`` is not acceptable, or None when it is."""
        if value == "auto":
            return None if self.auto else f'{self.name} does not accept "auto"'
        if self.choices:
            return None if str(value) in self.choices else f"{self.name} must be one of {', '.join(self.choices)}"
        try:
            number = {"int": int, "float": float}[self.type](value) if self.type in ("int", "float") else None
        except (TypeError, ValueError):
            return f"{self.name} must be a{'n integer' if self.type == 'int' else ' number'}"
        if number is None:
            return None
        if self.type == "int" and isinstance(value, float) and not value.is_integer():
            return f"{self.name} must be an integer"
        if self.minimum is not None and (number < self.minimum or (self.exclusive_minimum and number == self.minimum)):
            return f"{self.name} must be {'>' if self.exclusive_minimum else '≥'} {self.minimum:g}"
        if self.maximum is not None and (number > self.maximum or (self.exclusive_maximum and number == self.maximum)):
            return f"{self.name} must be {'<' if self.exclusive_maximum else '≤'} {self.maximum:g}"
        return None


@dataclass(frozen=True, slots=True)
class BaseModel:
    """A model that can be fine-tuned with a provider."""

    id: str
    """The id to pass as the base model."""
    methods: tuple[str, ...] = ("supervised",)
    """The methods it supports."""
    description: str = ""
    """A short human description."""


@dataclass(frozen=True, slots=True)
class JobSpec:
    """What a user asks for when creating a job."""

    base_model: str
    """The model to fine-tune."""
    training_file: str
    """Remote training file id or S3 URI (upload first)."""
    validation_file: str | None = None
    """Remote validation file id or S3 URI."""
    method: str = "supervised"
    """``supervised``, ``dpo`` (OpenAI) or ``reinforcement``."""
    hyperparameters: Mapping[str, Any] = field(default_factory=dict)
    """Provider-native names; omitted ones take the provider's default."""
    suffix: str | None = None
    """OpenAI suffix, or the Bedrock job/model name."""
    seed: int | None = None
    """OpenAI's seed."""
    metadata: Mapping[str, str] = field(default_factory=dict)
    """OpenAI metadata or Bedrock job tags."""
    options: Mapping[str, str] = field(default_factory=dict)
    """Per-job provider settings overriding the profile: Bedrock ``model_name``, ``role_arn``, ``output_uri``."""


@dataclass(frozen=True, slots=True)
class JobPage:
    """One page of a job listing."""

    jobs: tuple[Job, ...]
    """The jobs on this page, newest first."""
    next_cursor: str | None
    """Pass to get the next page; None on the last page."""
    skipped: int = 0
    """Items on this page too malformed to show (counted, and noted on the provider)."""


@dataclass(frozen=True)
class FineTunedModel:
    """A fine-tuned model or checkpoint a provider holds (Models pane, evaluation)."""

    id: str
    """Exactly what a request names: ``ft:gpt-4o-mini-2024-07-18:org::abc123``, a checkpoint
    ``ft:...:ckpt-step-300``, or a Bedrock custom model ARN."""
    provider: str
    """The profile name (like :attr:`Job.provider`)."""
    kind: str
    """The provider kind, for display only (never branch on it outside ``ftui/providers``)."""
    base_model: str | None
    """The model it was fine-tuned from, when known."""
    job_id: str | None
    """The job that produced it, when known."""
    created_at: datetime | None
    """When it was created."""
    step: int | None = None
    """The training step of a checkpoint; None for a final model."""
    metrics: Mapping[str, float] = field(default_factory=dict)
    """Final metrics: ``train_loss``, ``valid_loss``, ``full_valid_loss``, … (absent ones omitted)."""
    name: str | None = None
    """Bedrock's model name; None where the id is the name."""

    @property
    def is_checkpoint(self) -> bool:
        """Whether this is an intermediate checkpoint rather than a job's final model."""
        return self.step is not None


@dataclass(frozen=True)
class ChatAnswer:
    """One chat completion's answer."""

    text: str
    """The assistant's text (empty when the model said nothing)."""
    input_tokens: int | None
    """Prompt tokens the server counted, when it said."""
    output_tokens: int | None
    """Completion tokens the server counted, when it said."""
    finish_reason: str | None
    """``stop``, ``length``, … as the server said."""
