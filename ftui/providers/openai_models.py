"""Fine-tuned models and chat completions over the ``openai`` SDK (mixed into ``OpenAIProvider``).

* :meth:`OpenAIModels.list_models`: ``GET /models`` (one page, no pagination) keeps the fine-tuned
  ones (``ft:`` ids, or any id a job of this profile produced) not owned by ``openai``/``system``;
  the jobs (a bounded walk) give each its base model, job and final losses, and every succeeded
  job's checkpoints (bounded walks) are listed too. Malformed items are skipped and noted.
* :meth:`OpenAIModels.delete_model`: ``DELETE /models/{id}``, one attempt (a repeat would 404).
* :meth:`OpenAIModels.chat`: ``POST /chat/completions``, streamed with usage when ``on_delta`` is
  given, under the current read policy (:mod:`ftui.providers.retry`); an answer that broke off
  after text was delivered is not asked again (the listener would see the text twice).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, TypeVar

from ftui.providers import retry
from ftui.providers import tolerant as t
from ftui.providers.errors import BadResponseError, InvalidRequestError, ProviderError
from ftui.providers.openai_records import as_dict, item_id, timestamp
from ftui.providers.records import ChatAnswer, Checkpoint, FineTunedModel, Job, JobStatus

if TYPE_CHECKING:
    import openai

T = TypeVar("T")

CHECKPOINT_JOBS = 50
"""Succeeded jobs whose checkpoints one listing reads at most (newest first); the rest are noted."""
ANSWER_LIMIT = 200_000
"""Longest answer text kept (characters); a longer stream is cut and its finish reason is ``length``."""
NOT_FINE_TUNED_OWNERS = frozenset({"openai", "system", "openai-internal"})
"""``owned_by`` values of models nobody fine-tuned."""
_MESSAGE_KEYS = frozenset({"role", "content", "name", "tool_calls", "tool_call_id", "function_call", "refusal"})
_STEP = re.compile(r":ckpt-step-(\d+)$")


class OpenAIModels:
    """The models-and-evaluation part of :class:`~ftui.providers.openai_provider.OpenAIProvider`."""

    if TYPE_CHECKING:  # provided by OpenAIProvider / Provider
        name: str

        @property
        def client(self) -> openai.OpenAI: ...  # noqa: D102 - a mixin's stub of what its host class provides
        @property
        def kind(self) -> str: ...  # noqa: D102 - a mixin's stub of what its host class provides
        @property
        def notes(self) -> t.Notes: ...  # noqa: D102 - a mixin's stub of what its host class provides
        def warn(self, text: str) -> None: ...  # noqa: D102 - a mixin's stub of what its host class provides
        def _calls(self, action: str) -> AbstractContextManager[None]: ...
        def _read(self, action: str, call: Callable[[], T]) -> T: ...
        def iter_jobs(self, limit: int = 50) -> Any: ...  # noqa: D102 - a mixin's stub of what its host class provides
        def checkpoints(self, job_id: str) -> list[Checkpoint]: ...  # noqa: D102 - a mixin's stub of what its host class provides

    supports_models = True

    # -- listing ----------------------------------------------------------------
    def list_models(self) -> list[FineTunedModel]:
        """Fine-tuned models and checkpoints of this profile, newest first (see the module docstring)."""
        page = self._read("Listing models", lambda: self.client.models.list())
        listed = self._fine_tuned_ids(getattr(page, "data", None))
        jobs = self._jobs()
        by_model = {job.fine_tuned_model: job for job in jobs if job.fine_tuned_model}
        found: dict[str, FineTunedModel] = {}
        finals: dict[str, FineTunedModel] = {}
        for model_id, raw in listed.items():
            if not (model_id.startswith("ft:") or model_id in by_model):
                continue
            job = by_model.get(model_id)
            model = self._model(model_id, job, raw)
            found[model_id] = model
            if job is not None and not model.is_checkpoint:
                finals[job.id] = model
        # Where /models lists checkpoints it is the authority (a deleted one is gone from it); where it
        # lists none, every checkpoint of the jobs is shown.
        lists_checkpoints = any(_STEP.search(model_id) for model_id in listed)
        succeeded = [job for job in jobs if job.status is JobStatus.SUCCEEDED]
        if len(succeeded) > CHECKPOINT_JOBS:
            self.warn(
                f"Listing models: checkpoints are shown for the newest {CHECKPOINT_JOBS} of "
                f"{len(succeeded)} succeeded jobs."
            )
        for job in succeeded[:CHECKPOINT_JOBS]:
            try:
                checkpoints = self.checkpoints(job.id)
            except ProviderError as error:
                self.warn(f"Listing models: the checkpoints of {job.id} could not be read ({error.message}).")
                continue
            for checkpoint in checkpoints:
                if checkpoint.model in listed or not lists_checkpoints:
                    found[checkpoint.model] = self._checkpoint(job, checkpoint)
            final = finals.get(job.id)
            if final is not None and not final.metrics and checkpoints:
                last = max(checkpoints, key=lambda c: c.step)
                found[final.id] = _with_metrics(final, _metric_dict(last))
        return sorted(found.values(), key=_newest_first)

    def _fine_tuned_ids(self, data: Any) -> dict[str, dict[str, Any]]:
        """The usable items of a ``/models`` page by id (``owned_by`` not openai/system); bad ones noted."""
        if data is None:
            return {}
        if not isinstance(data, (list, tuple)):
            self.warn(f"Listing models: the server sent {t.brief(data)} where a list of models was expected.")
            return {}
        out: dict[str, dict[str, Any]] = {}
        skipped = 0
        for item in data:
            raw = as_dict(item)
            model_id = item_id(raw) if raw is not None else None
            if raw is None or model_id is None:
                skipped += 1
                continue
            owner = raw.get("owned_by")
            if isinstance(owner, str) and owner in NOT_FINE_TUNED_OWNERS:
                continue
            out[model_id] = raw
        if skipped:
            self.warn(
                "Listing models: " + t.skipped_note(skipped, "model", "the /models list", "not an object or no id")
            )
        return out

    def _jobs(self) -> list[Job]:
        """This profile's jobs (a bounded walk); none, with a notice, where the server has no jobs API."""
        try:
            return list(self.iter_jobs(limit=100))
        except ProviderError as error:
            self.warn(
                f"Listing models: the jobs could not be read ({error.message}); base models and losses are unknown."
            )
            return []

    def _model(self, model_id: str, job: Job | None, raw: dict[str, Any]) -> FineTunedModel:
        step = _STEP.search(model_id)
        metrics: dict[str, float] = {}
        if job is not None:
            for key, value in (("train_loss", job.final_train_loss), ("valid_loss", job.final_valid_loss)):
                if value is not None:
                    metrics[key] = value
        created = timestamp(raw.get("created"))
        return FineTunedModel(
            id=model_id,
            provider=self.name,
            kind=self.kind,
            base_model=job.base_model if job is not None else _base_of(model_id),
            job_id=job.id if job is not None else None,
            created_at=created or (job.finished_at if job is not None else None),
            step=int(step.group(1)) if step else None,
            metrics=metrics,
        )

    def _checkpoint(self, job: Job, checkpoint: Checkpoint) -> FineTunedModel:
        return FineTunedModel(
            id=checkpoint.model,
            provider=self.name,
            kind=self.kind,
            base_model=job.base_model,
            job_id=job.id,
            created_at=checkpoint.created_at,
            step=checkpoint.step,
            metrics=_metric_dict(checkpoint),
        )

    def delete_model(self, model_id: str) -> None:
        """``DELETE /models/{id}`` (one attempt). Raises NotFoundError, PermissionDeniedError (owner only) …"""
        action = f"Deleting {model_id}"
        with self._calls(action):
            result = self.client.models.delete(model_id)
            deleted = getattr(result, "deleted", None)
        if deleted is False:
            raise ProviderError(
                f"{action}: the server answered but did not delete it (deleted: false).", provider=self.name
            )

    # -- evaluation -------------------------------------------------------------
    def evaluation_blocker(self, model: FineTunedModel) -> str | None:
        """None where fine-tuned models answer chat completions by id (OpenAI, compatible servers);
        on Azure OpenAI a model answers only through a deployment, which ftui does not create."""
        if self.kind == "azure-openai":
            return (
                f"Azure OpenAI serves {model.id} only through a deployment: deploy it (Azure AI Foundry or "
                "az cognitiveservices account deployment create), then evaluate the deployment's name with "
                "`ftui eval DEPLOYMENT --base BASE_DEPLOYMENT --file F`."
            )
        return None

    def usage_note(self, model: FineTunedModel) -> str:
        """The exact model id to send, and where it is billed."""
        if self.kind == "azure-openai":
            return (
                f"Model id {model.id}. Azure OpenAI answers through a deployment of it; send requests with "
                "the deployment's name as the model (Azure's price list has the hosting and token terms)."
            )
        what = f"checkpoint at step {model.step}" if model.is_checkpoint else "fine-tuned model"
        return (
            f"Send chat completion requests with model={model.id!r} (this {what} is served on demand, "
            "billed per token at fine-tuned inference prices; it shares the rate limits of its base model). "
            "A model that just finished may need a few minutes before it answers."
        )

    def chat(
        self,
        model: str,
        messages: list[dict[str, Any]],
        *,
        max_tokens: int | None = None,
        temperature: float = 0.0,
        seed: int | None = None,
        on_delta: Callable[[str], None] | None = None,
    ) -> ChatAnswer:
        """One chat completion (streamed with usage when ``on_delta`` is given), under the read policy."""
        action = f"Asking {model}"
        kwargs: dict[str, Any] = {"model": model, "messages": [_clean(m) for m in messages], "temperature": temperature}
        if max_tokens is not None:
            kwargs["max_completion_tokens"] = max_tokens
        if seed is not None:
            kwargs["seed"] = seed
        delivered = [False]

        def attempt() -> ChatAnswer:
            try:
                with self._calls(action):
                    if on_delta is None:
                        return self._plain(self.client.chat.completions.create(**kwargs))
                    return self._stream(kwargs, on_delta, delivered)
            except ProviderError as error:
                if delivered[0] and retry.is_transient(error):
                    raise ProviderError(
                        f"{error.message} The answer broke off part-way and was not asked again.",
                        provider=self.name,
                        status=error.status,
                    ) from error
                raise

        try:
            return retry.read(attempt)
        except InvalidRequestError as error:  # an older compatible server that knows only max_tokens
            if "max_completion_tokens" not in kwargs or "max_completion_tokens" not in f"{error.param} {error}":
                raise
            kwargs["max_tokens"] = kwargs.pop("max_completion_tokens")
            return retry.read(attempt)

    def _plain(self, completion: Any) -> ChatAnswer:
        choices = getattr(completion, "choices", None)
        if not isinstance(choices, list) or not choices:
            raise BadResponseError("the server sent a chat completion without choices", provider=self.name)
        message = getattr(choices[0], "message", None)
        content = getattr(message, "content", None)
        if not isinstance(content, str):
            refusal = getattr(message, "refusal", None)
            content = f"[refused] {refusal}" if isinstance(refusal, str) and refusal else ""
        finish = getattr(choices[0], "finish_reason", None)
        tokens_in, tokens_out = _usage(getattr(completion, "usage", None))
        return ChatAnswer(
            t.cap(content, ANSWER_LIMIT), tokens_in, tokens_out, finish if isinstance(finish, str) else None
        )

    def _stream(self, kwargs: dict[str, Any], on_delta: Callable[[str], None], delivered: list[bool]) -> ChatAnswer:
        parts: list[str] = []
        size = 0
        finish: str | None = None
        tokens_in = tokens_out = None
        stream = self.client.chat.completions.create(**kwargs, stream=True, stream_options={"include_usage": True})
        with stream:
            for chunk in stream:
                choices = getattr(chunk, "choices", None)
                for choice in choices if isinstance(choices, list) else ():
                    if getattr(choice, "index", 0) not in (0, None):
                        continue
                    piece = getattr(getattr(choice, "delta", None), "content", None)
                    if isinstance(piece, str) and piece:
                        parts.append(piece)
                        size += len(piece)
                        delivered[0] = True
                        on_delta(piece)
                    reason = getattr(choice, "finish_reason", None)
                    if isinstance(reason, str):
                        finish = reason
                usage = getattr(chunk, "usage", None)
                if usage is not None:
                    tokens_in, tokens_out = _usage(usage)
                if size > ANSWER_LIMIT:
                    finish = "length"
                    self.warn(f"An answer of {kwargs['model']} was cut at {ANSWER_LIMIT:,} characters.")
                    break
        return ChatAnswer(t.cap("".join(parts), ANSWER_LIMIT), tokens_in, tokens_out, finish)


def _clean(message: dict[str, Any]) -> dict[str, Any]:
    """A prompt message with only the keys chat completions take (training files add ``weight`` …)."""
    return {key: value for key, value in message.items() if key in _MESSAGE_KEYS}


def _usage(usage: Any) -> tuple[int | None, int | None]:
    return t.integer(getattr(usage, "prompt_tokens", None)), t.integer(getattr(usage, "completion_tokens", None))


def _base_of(model_id: str) -> str | None:
    """The base model named inside an ``ft:BASE:org:suffix:id`` model id."""
    if not model_id.startswith("ft:"):
        return None
    return t.text(model_id[3:].split(":", 1)[0]) or None


def _metric_dict(checkpoint: Checkpoint) -> dict[str, float]:
    if checkpoint.metrics is None:
        return {}
    return {k: v for k, v in checkpoint.metrics.to_dict().items() if k not in ("step", "epoch")}


def _with_metrics(model: FineTunedModel, metrics: dict[str, float]) -> FineTunedModel:
    from dataclasses import replace

    return replace(model, metrics=metrics)


def _newest_first(model: FineTunedModel) -> tuple[float, int, str]:
    created = model.created_at.timestamp() if model.created_at else 0.0
    return (-created, -(model.step if model.step is not None else 1 << 40), model.id)
