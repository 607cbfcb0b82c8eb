"""What launching a job means on a provider: its names, per-job options, profile needs and refusal hints.

:class:`~ftui.providers.base.Provider` inherits these defaults (OpenAI's behaviour); a provider whose
launches differ overrides them (Bedrock: :mod:`ftui.providers.bedrock_launch`). The launch core
(:mod:`ftui.launch`), the launch pane and ``ftui launch`` ask these capabilities and never which kind
a provider is, so a new backend needs no launch code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from ftui.providers.errors import ProviderError
from ftui.providers.profiles import Profile
from ftui.providers.records import HyperParameter, Job


@dataclass(frozen=True, slots=True)
class JobOption:
    """A per-job setting beyond the hyperparameters (:meth:`Provider.job_options`)."""

    param: HyperParameter
    """Its name (the key in :attr:`JobSpec.options`), type and what it does."""
    label: str
    """The launch form's label."""
    placeholder: str
    """What an empty field means (the profile's value, or what is required)."""


class LaunchCapabilities:
    """The launch capabilities every provider has (these defaults are OpenAI's)."""

    if TYPE_CHECKING:

        @property
        def name(self) -> str:  # noqa: D102 - the profile name (Provider.name)
            ...

    job_name_label: ClassVar[str] = "Suffix"
    """The launch form's label for the user's name of a job (OpenAI's model suffix; Bedrock's job name)."""
    job_name_word: ClassVar[str] = "suffix"
    """The same name in running text, lower case ("suffix pilot" on OpenAI, "name pilot" on Bedrock)."""
    job_name_hint: ClassVar[str] = "≤ 64 characters"
    """The name field's placeholder: what a good name looks like here."""
    job_name_max: ClassVar[int] = 64
    """Characters of the name the provider takes (OpenAI's suffix: 1–64)."""
    tags_label: ClassVar[str] = "Metadata"
    """The launch form's label for the key=value pairs sent with a job (OpenAI metadata, Bedrock job tags)."""
    tag_value_max: ClassVar[int] = 512
    """Characters one metadata value / job tag value may have."""
    supports_seed: ClassVar[bool] = True
    """Whether a job takes a random seed (the form hides the field where it does not)."""
    clone_methods: ClassVar[tuple[str, ...]] = ("supervised", "dpo")
    """Methods a cloned job keeps (any other clones as ``supervised``)."""
    clone_keeps_metadata: ClassVar[bool] = True
    """Whether a cloned job's metadata (without ftui's launch tag) is copied into the form."""

    @classmethod
    def job_name_problem(cls, name: str) -> str | None:
        """Why ``name`` (the user's suffix / job name, stripped) cannot be used; None when it can."""
        if len(name) > cls.job_name_max:
            return f"{cls.job_name_word} must be at most {cls.job_name_max} characters (it has {len(name)})"
        return None

    @classmethod
    def launch_name(cls, name: str | None, launch_id: str) -> str | None:
        """The name sent with a launch (:attr:`JobSpec.suffix`); where jobs have no tags to carry the
        launch id reliably, it goes into the name."""
        return name or None

    @classmethod
    def clone_name(cls, job_name: str) -> str:
        """The user's name back from a job's name, for a clone (what :meth:`launch_name` added removed)."""
        return job_name

    def job_has_launch_id(self, job: Job, launch_id: str) -> bool:
        """Whether ``job`` carries ``launch_id`` anywhere besides its metadata (its name, …)."""
        return False

    @property
    def upload_destination(self) -> str:
        """Where :meth:`upload_file` puts a dataset, for the progress line ("S3", the profile name)."""
        return self.name

    @classmethod
    def job_options(cls, profile: Profile) -> list[JobOption]:
        """Per-job settings beyond the hyperparameters (Bedrock's role, output …); empty means none.

        The launch form shows one field for each, the CLI has a flag for each, and only these names
        are sent in :attr:`JobSpec.options`.
        """
        return []

    @classmethod
    def job_option_problems(cls, options: Mapping[str, str]) -> dict[str, str]:
        """Why given job options (by name, stripped, empty ones left out) cannot be used."""
        return {}

    @classmethod
    def launch_problems(cls, profile: Profile, options: Mapping[str, str], remote_training: bool) -> dict[str, str]:
        """What the profile lacks for a launch with these job options (by option name); empty when ready.

        ``remote_training`` is True when the training file is already hosted (nothing to upload).
        """
        return {}

    @classmethod
    def refusal_hint(cls, error: ProviderError, base_model: str, region: str | None, regions_hint: str) -> str | None:
        """What a refused launch means here and what to do, or None for the error's own message.

        ``regions_hint`` is the catalogue's description of the model (naming its regions).
        """
        return None
