"""The launch form's state (what the user has typed), its field checks, and cloning a job into it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from ftui.providers import provider_class
from ftui.providers.base import Provider
from ftui.providers.profiles import Profile
from ftui.providers.records import Job

LAUNCH_TAG = "ftui_launch"
"""Metadata key / job tag that carries a launch's unique id."""
METADATA_MAX = 15
"""User metadata pairs (OpenAI allows 16; ftui uses one for the launch id)."""


@dataclass
class LaunchForm:
    """Everything the user chose for a launch, as typed (hyperparameter values stay text)."""

    profile: str = ""
    """The profile to launch with."""
    base_model: str = ""
    """The model to fine-tune."""
    method: str = "supervised"
    """``supervised`` or ``dpo``."""
    values: dict[str, str] = field(default_factory=dict)
    """Hyperparameter text by provider-native name; empty means the provider's default."""
    suffix: str = ""
    """OpenAI suffix, or the Bedrock job/model name."""
    seed: str = ""
    """OpenAI seed (text; empty for none)."""
    training: str = ""
    """Local path of the training file, or a remote file id / ``s3://`` URI (clones)."""
    validation: str = ""
    """Local path or remote id of the validation file; empty for none."""
    metadata: dict[str, str] = field(default_factory=dict)
    """OpenAI metadata or Bedrock job tags."""
    options: dict[str, str] = field(default_factory=dict)
    """Bedrock per-job settings: ``model_name``, ``role_arn``, ``output_uri`` (empty: the profile's)."""

    @property
    def started(self) -> bool:
        """Whether the user has entered anything worth restoring (not just the default choices)."""
        return bool(
            self.training
            or self.validation
            or self.suffix
            or self.seed
            or self.metadata
            or any(v.strip() for v in self.values.values())
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LaunchForm:
        """The form from :meth:`to_dict` output; unknown keys and wrong types are dropped."""
        out = cls()
        for f in fields(cls):
            value = data.get(f.name)
            if f.name in ("values", "metadata", "options"):
                if isinstance(value, Mapping):
                    setattr(out, f.name, {str(k): str(v) for k, v in value.items() if v is not None})
            elif isinstance(value, (str, int, float)) and not isinstance(value, bool):
                setattr(out, f.name, str(value))
        return out


def is_remote(reference: str) -> bool:
    """Whether a file reference is an uploaded file (``file-…`` id or ``s3://`` URI), not a local path."""
    return reference.startswith(("s3://", "file-")) and not Path(reference).exists()


def field_errors(form: LaunchForm, provider: type[Provider] | Provider) -> dict[str, str]:
    """Problems with the non-hyperparameter fields, by field name, by ``provider``'s rules."""
    errors: dict[str, str] = {}
    name_problem = provider.job_name_problem(form.suffix.strip())
    if name_problem:
        errors["suffix"] = name_problem
    if form.seed.strip():
        try:
            seed = int(form.seed.strip())
            if seed < 0 or seed > 2**31 - 1:
                errors["seed"] = "seed must be between 0 and 2147483647"
        except ValueError:
            errors["seed"] = "seed must be a whole number"
    errors.update(provider.job_option_problems(job_options(form, provider)))
    if len(form.metadata) > METADATA_MAX:
        errors["metadata"] = f"at most {METADATA_MAX} metadata pairs"
    for key, value in form.metadata.items():
        if key == LAUNCH_TAG:
            errors["metadata"] = f"{LAUNCH_TAG} is set by ftui"
        elif not key or len(key) > 64:
            errors["metadata"] = f"metadata keys must be 1–64 characters ({key!r})"
        elif len(value) > provider.tag_value_max:
            errors["metadata"] = f"metadata value of {key!r} is too long (max {provider.tag_value_max})"
    training = form.training.strip()
    if not training:
        errors["training"] = "choose a training file"
    elif not is_remote(training) and not Path(training).expanduser().is_file():
        errors["training"] = f"{training} is not a file"
    validation = form.validation.strip()
    if validation and not is_remote(validation) and not Path(validation).expanduser().is_file():
        errors["validation"] = f"{validation} is not a file"
    return errors


def parse_metadata(text: str) -> dict[str, str]:
    """``"team=search, stage=dev"`` → ``{"team": "search", "stage": "dev"}``.

    Raises:
        ValueError: a pair without ``=``.
    """
    out: dict[str, str] = {}
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        key, sep, value = part.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"metadata wants key=value pairs separated by commas, got {part!r}")
        out[key.strip()] = value.strip()
    return out


def metadata_text(metadata: Mapping[str, str]) -> str:
    """The inverse of :func:`parse_metadata`."""
    return ", ".join(f"{k}={v}" for k, v in metadata.items())


def job_options(form: LaunchForm, provider: type[Provider] | Provider) -> dict[str, str]:
    """The form's per-job options that ``provider`` takes (:meth:`Provider.job_options`), stripped, empty
    ones left out."""
    names = {option.param.name for option in provider.job_options(Profile(form.profile, ""))}
    return {k: v.strip() for k, v in form.options.items() if k in names and v.strip()}


def clone_job(job: Job) -> LaunchForm:
    """A form that would launch ``job`` again: its profile, model, method, values, name and files."""
    provider = provider_class(job.kind)
    raw = job.raw or {}
    method = job.method.lower() if job.method else "supervised"
    if method not in provider.clone_methods:
        method = "supervised"
    values = {str(k): _text(v) for k, v in (job.hyperparameters or {}).items() if v is not None}
    metadata = raw.get("metadata") if provider.clone_keeps_metadata else None
    suffix = provider.clone_name(job.name or "")
    seed = raw.get("seed")
    return LaunchForm(
        profile=job.provider,
        base_model=job.base_model,
        method=method,
        values=values,
        suffix=suffix,
        seed="" if seed is None else str(seed),
        training=job.training_file or "",
        validation=job.validation_file or "",
        metadata={str(k): str(v) for k, v in (metadata or {}).items() if k != LAUNCH_TAG},
    )


def _text(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
