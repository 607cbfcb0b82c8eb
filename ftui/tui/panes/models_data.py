"""The Models pane's link to the rest of the app: the session accessor and the messages its workers post."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.message import Message

from ftui.providers.errors import ProviderError
from ftui.providers.records import FineTunedModel, Job
from ftui.tui.services import app_services

if TYPE_CHECKING:
    from ftui.session import Session


def session_of(node: Any) -> Session:
    """The session (profiles and providers) of the app ``node`` runs in.

    The one place the Models pane, the model screen and the Evaluate screen reach the providers:
    the app's typed :class:`~ftui.tui.services.Services`.
    """
    return app_services(node).session


def read_only(node: Any) -> bool:
    """Whether the app runs read-only (changing actions are hidden and refused)."""
    return app_services(node).read_only


def refuse_if_read_only(node: Any, what: str) -> bool:
    """Say so and return True when ``what`` is refused because the app is read-only."""
    refuse = getattr(node.app, "refuse_if_read_only", None)
    return bool(refuse(what)) if refuse is not None else False


@dataclass
class ModelsListed(Message):
    """One profile's fine-tuned models and checkpoints arrived."""

    profile: str
    """The profile."""
    models: list[FineTunedModel]
    """Its models, newest first."""
    unsupported: str | None = None
    """Set when the provider cannot list models: what to tell the user."""


@dataclass
class ModelsListFailed(Message):
    """Listing one profile's models failed."""

    profile: str
    """The profile."""
    error: ProviderError
    """Why, for people."""


@dataclass
class ModelDeleted(Message):
    """A fine-tuned model was deleted (``error`` None) or could not be (``error`` says why)."""

    model: FineTunedModel
    """The model."""
    error: ProviderError | None = None
    """Why the delete failed; None when it succeeded."""


@dataclass
class JobFound(Message):
    """The job of a model was read (``job`` None and ``error`` set when it could not be)."""

    job: Job | None
    """The job."""
    usage: str
    """How to use the model (the provider's words)."""
    error: ProviderError | None = None
    """Why the job could not be read."""


@dataclass
class ModelWanted(Message):
    """The user asked for something about a model or a job: the screen that shows panes opens it.

    Panes never import screens (no cycle between ``ftui.tui`` packages): they post this instead.
    """

    what: str
    """``open`` (the model's page), ``evaluate``, ``launch`` (continue training) or ``results`` (saved runs)."""
    model: FineTunedModel | None = None
    """The model (None for ``results``, or ``evaluate`` of a job)."""
    job: Job | None = None
    """The job (``evaluate`` from the jobs list)."""
