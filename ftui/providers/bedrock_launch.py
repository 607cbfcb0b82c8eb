"""What launching on Bedrock means for the launch form and ``ftui launch``: names, options, refusals.

Mixed into :class:`~ftui.providers.bedrock_provider.BedrockProvider`; every member overrides a
launch capability of :class:`~ftui.providers.base.Provider`, so no caller asks which kind it has.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import ClassVar

from ftui.providers.base import Provider
from ftui.providers.errors import (
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
    ProviderError,
)
from ftui.providers.launching import JobOption
from ftui.providers.profiles import ROLE_ARN, Profile
from ftui.providers.records import HyperParameter, Job

NAME_MAX = 30
"""Characters of the user's name kept in a Bedrock job name (the rest is the launch id and a timestamp)."""
MODEL_NAME = re.compile(r"([0-9a-zA-Z][_-]?){1,63}")
"""Bedrock's pattern for a custom model name."""

_STAMP = re.compile(r"-\d{8}-\d{6}-\d{3}$")
_LAUNCH_ID = re.compile(r"-[0-9a-f]{8}$")
_WHY = {"role_arn": "the IAM role Bedrock assumes", "bucket": "where data is uploaded and output written"}


def _option(name: str, description: str) -> HyperParameter:
    return HyperParameter(name=name, type="str", description=description)


class BedrockLaunch(Provider):
    """Bedrock's launch capabilities (a job name instead of a suffix, job tags, per-job role and output)."""

    job_name_label: ClassVar[str] = "Job name"
    job_name_word: ClassVar[str] = "name"
    job_name_hint: ClassVar[str] = "job & model name (letters, digits, -)"
    job_name_max: ClassVar[int] = NAME_MAX
    tags_label: ClassVar[str] = "Tags"
    tag_value_max: ClassVar[int] = 256
    supports_seed: ClassVar[bool] = False
    clone_methods: ClassVar[tuple[str, ...]] = ("supervised",)
    clone_keeps_metadata: ClassVar[bool] = False

    @classmethod
    def job_name_problem(cls, name: str) -> str | None:
        """A Bedrock name needs a letter or digit (it is cut to :data:`NAME_MAX` characters, never refused)."""
        if name and not re.search(r"[A-Za-z0-9]", name):
            return "the name needs at least one letter or digit"
        return None

    @classmethod
    def launch_name(cls, name: str | None, launch_id: str) -> str | None:
        """``<name>-<launch id>``: Bedrock names the job ``<that>-<timestamp>``, so the id survives any tag loss."""
        return f"{(name or 'ftui')[:NAME_MAX].strip('-')}-{launch_id}"

    @classmethod
    def clone_name(cls, job_name: str) -> str:
        """The name without the timestamp and launch id ftui added."""
        return _LAUNCH_ID.sub("", _STAMP.sub("", job_name))

    def job_has_launch_id(self, job: Job, launch_id: str) -> bool:
        """The launch id is in the job name (see :meth:`launch_name`)."""
        return f"-{launch_id}-" in f"{job.name or job.id}-"

    @property
    def upload_destination(self) -> str:
        """Datasets go to the profile's S3 bucket."""
        return "S3"

    @classmethod
    def job_options(cls, profile: Profile) -> list[JobOption]:
        """The custom model's name, the service role and the output location (empty: the profile's)."""
        bucket = profile.get("bucket") or "(no bucket option!)"
        output = str(profile.get("output_prefix") or "ftui/output").strip("/")
        return [
            JobOption(
                _option("model_name", "The custom model's name (default: the job name)."),
                "Model name",
                "same as the job name",
            ),
            JobOption(
                _option("role_arn", "The IAM role Bedrock assumes to read the data and write the output."),
                "Role ARN",
                profile.get("role_arn") or "arn:aws:iam::…:role/… (required)",
            ),
            JobOption(
                _option("output_uri", "Where the job writes the model artifacts and metrics."),
                "Output",
                f"s3://{bucket}/{output}/",
            ),
        ]

    @classmethod
    def job_option_problems(cls, options: Mapping[str, str]) -> dict[str, str]:
        """A model name, role ARN and s3:// URI each in Bedrock's format."""
        errors: dict[str, str] = {}
        model_name = options.get("model_name", "").strip()
        if model_name and not MODEL_NAME.fullmatch(model_name):
            errors["model_name"] = "1–63 letters and digits, with single - or _ between them"
        role = options.get("role_arn", "").strip()
        if role and not ROLE_ARN.fullmatch(role):
            errors["role_arn"] = "an IAM role ARN: arn:aws:iam::<account>:role/<name>"
        output = options.get("output_uri", "").strip()
        if output and (not output.startswith("s3://") or len(output) <= 5):
            errors["output_uri"] = "an s3:// URI"
        return errors

    @classmethod
    def launch_problems(cls, profile: Profile, options: Mapping[str, str], remote_training: bool) -> dict[str, str]:
        """A role (the form's or a valid profile ``role_arn``) and a bucket (unless nothing is uploaded or written
        there) are needed."""
        problems: dict[str, str] = {}
        for key, why in _WHY.items():
            given = options.get("role_arn") if key == "role_arn" else (options.get("output_uri") and remote_training)
            if not profile.get(key) and not given:
                problems[key] = f"profile {profile.name!r} needs the option {key} ({why})"
        role = str(profile.get("role_arn") or "").strip()
        if "role_arn" not in problems and not options.get("role_arn") and role and not ROLE_ARN.fullmatch(role):
            problems["role_arn"] = (
                f"profile {profile.name!r} option role_arn {role!r} is not an IAM role ARN "
                "(arn:aws:iam::<account>:role/<name>)"
            )
        return problems

    @classmethod
    def refusal_hint(cls, error: ProviderError, base_model: str, region: str | None, regions_hint: str) -> str | None:
        """AWS's refusals: model access, IAM permissions and the role's trust, or a region without the model."""
        where = f" in {region}" if region else ""
        if isinstance(error, PermissionDeniedError):
            return (
                f"AWS refused to start the job{where}. Check that model access to {base_model or 'the model'} "
                f"is granted in the Bedrock console{where}, that your identity may call "
                "bedrock:CreateModelCustomizationJob and iam:PassRole on the profile's role_arn, and that the "
                f"role trusts bedrock.amazonaws.com. {error.message}"
            )
        if (
            isinstance(error, (NotFoundError, InvalidRequestError))
            and region
            and regions_hint
            and region not in regions_hint
        ):
            return (
                f"{base_model} cannot be fine-tuned in {region} ({regions_hint}). Use a profile in a supported "
                f"region. {error.message}"
            )
        return None
