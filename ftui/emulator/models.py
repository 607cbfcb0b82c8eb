"""The ``/v1/models`` surface and which models can answer chat completions.

Listed: the fine-tunable base snapshots (``owned_by: "system"``), then every fine-tuned
model of a succeeded job and its kept checkpoints (``ft:…`` and ``ft:…:ckpt-step-N`` ids,
``owned_by`` the organization), oldest first. A deleted model disappears from the list,
from ``GET /models/{id}`` and from chat. Base models cannot be deleted (403, as the real
API answers a caller who does not own the model); unknown ids are 404 ``model_not_found``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ftui.emulator.answers import AnswerIndex, Persona
from ftui.emulator.catalog import ALIASES, BASE_MODELS, MODEL_CREATED
from ftui.emulator.errors import ApiError
from ftui.emulator.job import ORG, SimJob
from ftui.emulator.store import Store

__all__ = ["ModelEntry", "delete_model", "get_model", "list_models", "model_not_found", "models", "persona"]


@dataclass(frozen=True)
class ModelEntry:
    """One model the emulator knows: its ``Model`` object and where it came from."""

    id: str
    created: int
    owned_by: str
    job: SimJob | None = None
    """The job that produced it (None for a base model)."""
    step: int | None = None
    """The checkpoint's step (None for a final model)."""

    def to_dict(self) -> dict[str, Any]:
        """The spec's ``Model`` object."""
        return {"id": self.id, "object": "model", "created": self.created, "owned_by": self.owned_by}


def model_not_found(model: str) -> ApiError:
    """The 404 the API answers for a model that does not exist (or is not yours)."""
    return ApiError(404, f"The model `{model}` does not exist or you do not have access to it.", code="model_not_found")


def models(store: Store) -> list[ModelEntry]:
    """Every model visible now: base snapshots, then fine-tuned models and checkpoints, oldest first."""
    out = [ModelEntry(m, MODEL_CREATED[m], "system") for m in BASE_MODELS]
    tuned: list[ModelEntry] = []
    with store.lock:
        now, deleted = store.clock.now(), store.deleted_models
        for job in store.jobs.values():
            done = job.timeline().succeeded_at
            if done is None or done > now:
                continue
            if job.fine_tuned_model not in deleted:
                tuned.append(ModelEntry(job.fine_tuned_model, int(done), ORG, job))
            for ckpt in job.checkpoints(now):
                name = ckpt["fine_tuned_model_checkpoint"]
                if name not in deleted:
                    tuned.append(ModelEntry(name, int(ckpt["created_at"]), ORG, job, int(ckpt["step_number"])))
    tuned.sort(key=lambda e: (e.created, e.job.seq if e.job else 0, e.step or 1 << 30))
    return out + tuned


def _find(store: Store, model: str) -> ModelEntry | None:
    """The visible model named ``model`` (looks at one job only, however many there are)."""
    if model in BASE_MODELS:
        return ModelEntry(model, MODEL_CREATED[model], "system")
    final, _, step = model.partition(":ckpt-step-")
    with store.lock:
        if model in store.deleted_models:
            return None
        job = next((j for j in store.jobs.values() if j.fine_tuned_model == final), None)
        now = store.clock.now()
        done = job.timeline().succeeded_at if job is not None else None
        if job is None or done is None or done > now:
            return None
        if not step:
            return ModelEntry(model, int(done), ORG, job)
        for ckpt in job.checkpoints(now):
            if ckpt["fine_tuned_model_checkpoint"] == model:
                return ModelEntry(model, int(ckpt["created_at"]), ORG, job, int(ckpt["step_number"]))
    return None


def _index_for(store: Store, job: SimJob, depth: int = 0) -> AnswerIndex:
    """The answers ``job``'s model learned (its files, plus its parent model's when it continued one)."""
    cached = job.params.extra.get("answers")
    if isinstance(cached, AnswerIndex):
        return cached
    index = AnswerIndex()
    for content in reversed(job.params.extra.get("data", ())):  # validation answers first, then training
        if content:
            index.add_file(content)
    if job.params.model.startswith("ft:") and depth < 8:
        with store.lock:
            parent = next((j for j in store.jobs.values() if j.fine_tuned_model == job.params.model), None)
        if parent is not None:
            index.merge(_index_for(store, parent, depth + 1))
    job.params.extra["answers"] = index
    return index


def persona(store: Store, model: str) -> tuple[str, Persona]:
    """The model name a completion reports and the persona that answers for ``model``.

    Raises:
        ApiError: 404 ``model_not_found`` for unknown or deleted models.
    """
    if model in ALIASES:
        return ALIASES[model], Persona(ALIASES[model])
    if model in BASE_MODELS:
        return model, Persona(model)
    entry = _find(store, model) if model.startswith("ft:") else None
    if entry is None or entry.job is None:
        raise model_not_found(model)
    index = _index_for(store, entry.job)  # outside the lock: a big file takes a moment, once
    progress = 1.0 if entry.step is None else entry.step / max(1, entry.job.total_steps)
    return model, Persona(model, index, progress)


def list_models(store: Store, req: Any) -> tuple[int, Any]:
    """GET /models"""
    return 200, {"object": "list", "data": [e.to_dict() for e in models(store)]}


def get_model(store: Store, req: Any) -> tuple[int, Any]:
    """GET /models/{model}"""
    model = req.params["model"]
    entry = _find(store, model)
    if entry is None:
        raise model_not_found(model)
    return 200, entry.to_dict()


def delete_model(store: Store, req: Any) -> tuple[int, Any]:
    """DELETE /models/{model}: fine-tuned models and checkpoints of the organization only."""
    model = req.params["model"]
    with store.lock:
        if model in BASE_MODELS or model in ALIASES:
            raise ApiError(
                403, "You have insufficient permissions to delete this model.", code="insufficient_permissions"
            )
        if _find(store, model) is None:
            raise model_not_found(model)
        store.deleted_models.add(model)
    return 200, {"id": model, "object": "model", "deleted": True}
