"""Bedrock custom models (mixed into ``BedrockProvider``): list, read, delete; why ftui cannot evaluate them yet.

* :meth:`BedrockModels.list_models`: ``list_custom_models`` pages (a bounded walk), then
  ``get_custom_model`` for each (at most :data:`DETAIL_LIMIT`) for the job and final losses.
  Summaries that are not objects or have no ARN are skipped and noted.
* :meth:`BedrockModels.delete_model`: ``delete_custom_model`` by the model's name (read with
  ``get_custom_model`` from the ARN; Bedrock takes either, moto only the name).
* Evaluation: a custom model answers only through Provisioned Throughput or an on-demand
  deployment (``bedrock-runtime`` ``converse`` on that ARN). No wire-protocol server to test
  ``converse`` against exists here (moto has none), so :meth:`chat` raises UnsupportedError and
  :meth:`evaluation_blocker` says what is needed.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from ftui.providers import retry
from ftui.providers import tolerant as t
from ftui.providers.base import walk_pages
from ftui.providers.bedrock_records import aware, model_id
from ftui.providers.errors import BadResponseError, NotFoundError, ProviderError, UnsupportedError
from ftui.providers.records import ChatAnswer, FineTunedModel

if TYPE_CHECKING:
    from ftui.providers.profiles import Profile

DETAIL_LIMIT = 100
"""Custom models one listing reads in detail (``get_custom_model``) at most; the rest show their summary."""
ON_DEMAND_BASES = ("amazon.nova-micro", "amazon.nova-lite", "amazon.nova-pro", "amazon.nova-canvas")
"""Base models whose custom models AWS documents as deployable on demand.

See docs/bedrock-customization.md#using-a-custom-model.
"""
PRICE_OPTIONS = ("pt_hourly_usd", "pt_commitment")
"""Profile options a user may set for the Provisioned Throughput terms (USD per model unit-hour, commitment)."""


class BedrockModels:
    """The models-and-evaluation part of :class:`~ftui.providers.bedrock_provider.BedrockProvider`."""

    if TYPE_CHECKING:  # provided by BedrockProvider / Provider
        name: str
        profile: Profile
        deadline: float
        _bedrock: Any

        @property
        def kind(self) -> str: ...  # noqa: D102 - a mixin's stub of what its host class provides
        def warn(self, text: str) -> None: ...  # noqa: D102 - a mixin's stub of what its host class provides

    supports_models = True

    def _aws_call(self, action: str, call: Callable[[], Any], *, idempotent: bool = True) -> Any:
        """One boto3 call, translated, bounded by the deadline, retried under the read policy when idempotent."""
        from ftui.providers.bedrock_provider import BotoCoreError, ClientError, _run_bounded, translate_error

        def attempt() -> Any:
            try:
                return _run_bounded(call, self.deadline)
            except (ClientError, BotoCoreError) as error:
                raise translate_error(error, self.profile) from error
            except TimeoutError as error:
                raise retry.DeadlineExceededError(
                    f"{action}: AWS did not answer within {self.deadline:g} s. Check the network and try again.",
                    provider=self.name,
                ) from error
            except (ValueError, TypeError, AttributeError, KeyError) as error:
                raise BadResponseError(
                    f"{action}: AWS sent an answer ftui cannot read ({type(error).__name__}).", provider=self.name
                ) from error

        return retry.read(attempt) if idempotent else attempt()

    # -- listing ----------------------------------------------------------------
    def list_models(self) -> list[FineTunedModel]:
        """Custom models of this account and region, newest first, with their job and final losses."""
        action = "Listing custom models"

        def fetch(token: str | None) -> tuple[list[Mapping[str, Any]], bool, str | None]:
            kwargs: dict[str, Any] = {"sortBy": "CreationTime", "sortOrder": "Descending", "maxResults": 100}
            if token:
                kwargs["nextToken"] = token
            response = self._aws_call(action, lambda: self._bedrock.list_custom_models(**kwargs))
            summaries = response.get("modelSummaries") if isinstance(response, Mapping) else None
            if not isinstance(summaries, list):
                summaries = []
            usable = [s for s in summaries if isinstance(s, Mapping) and t.ident(s.get("modelArn"))]
            if len(usable) < len(summaries):
                self.warn(
                    t.skipped_note(
                        len(summaries) - len(usable), "custom model", action.lower(), "not an object or no modelArn"
                    )
                )
            token_out = t.text(response.get("nextToken"), t.ID_LIMIT) if isinstance(response, Mapping) else None
            return usable, bool(token_out), token_out

        walk = walk_pages(fetch, lambda s: str(t.ident(s.get("modelArn"))), action)
        if walk.notice:
            self.warn(walk.notice)
        models = []
        for number, summary in enumerate(walk.items):
            detail: Mapping[str, Any] = {}
            if number < DETAIL_LIMIT:
                arn = str(t.ident(summary.get("modelArn")))
                try:
                    detail = self._aws_call(
                        f"Reading {arn}", functools.partial(self._bedrock.get_custom_model, modelIdentifier=arn)
                    )
                except NotFoundError:
                    continue  # deleted between the listing and now
                except ProviderError as error:
                    self.warn(f"{action}: the details of {arn} could not be read ({error.message}).")
            elif number == DETAIL_LIMIT:
                self.warn(f"{action}: details (job, losses) are shown for the newest {DETAIL_LIMIT} models only.")
            models.append(self._custom_model(summary, detail if isinstance(detail, Mapping) else {}))
        return sorted(models, key=lambda m: -(m.created_at.timestamp() if m.created_at else 0.0))

    def _custom_model(self, summary: Mapping[str, Any], detail: Mapping[str, Any]) -> FineTunedModel:
        raw = {**summary, **{k: v for k, v in detail.items() if v is not None}}
        base = t.text(raw.get("baseModelArn"), t.ID_LIMIT)
        job = t.text(raw.get("jobName"), t.ID_LIMIT) or (
            model_id(str(raw["jobArn"])) if isinstance(raw.get("jobArn"), str) else None
        )
        metrics: dict[str, float] = {}
        train = t.number(t.mapping(raw.get("trainingMetrics")).get("trainingLoss"))
        if train is not None:
            metrics["train_loss"] = train
        valid = raw.get("validationMetrics")
        losses = (
            [t.number(v.get("validationLoss")) for v in valid if isinstance(v, Mapping)]
            if isinstance(valid, list)
            else []
        )
        known = [v for v in losses if v is not None]
        if known:
            metrics["valid_loss"] = known[-1]
        return FineTunedModel(
            id=str(t.ident(raw.get("modelArn"))),
            provider=self.name,
            kind=self.kind,
            base_model=model_id(base) if base else t.text(raw.get("baseModelName")),
            job_id=job,
            created_at=aware(raw.get("creationTime")),
            metrics=metrics,
            name=t.text(raw.get("modelName"), t.ID_LIMIT),
        )

    def delete_model(self, model_id: str) -> None:
        """``delete_custom_model`` (by name: its ARN is resolved with ``get_custom_model`` first)."""
        name: str | None = model_id
        if model_id.startswith("arn:"):
            detail = self._aws_call(
                f"Reading {model_id}", lambda: self._bedrock.get_custom_model(modelIdentifier=model_id)
            )
            name = t.text(detail.get("modelName"), t.ID_LIMIT) if isinstance(detail, Mapping) else None
            if not name:
                raise BadResponseError(f"Deleting {model_id}: AWS did not say the model's name.", provider=self.name)
        self._aws_call(
            f"Deleting {model_id}", lambda: self._bedrock.delete_custom_model(modelIdentifier=name), idempotent=False
        )

    # -- evaluation -------------------------------------------------------------
    def evaluation_blocker(self, model: FineTunedModel) -> str | None:
        """Always a reason: ftui cannot call Bedrock custom models yet, and says what calling one needs."""
        return (
            f"{model.name or model.id} can only answer through a Provisioned Throughput or, where its base "
            "model offers it, an on-demand deployment (bedrock-runtime converse on that ARN). ftui cannot "
            "evaluate Bedrock custom models yet; " + self._deployment_terms(model)
        )

    def usage_note(self, model: FineTunedModel) -> str:
        """The ARN, and the Provisioned Throughput / on-demand terms (prices only from the profile's options)."""
        return f"Custom model ARN: {model.id}. " + self._deployment_terms(model)

    def _deployment_terms(self, model: FineTunedModel) -> str:
        on_demand = bool(model.base_model) and str(model.base_model).startswith(ON_DEMAND_BASES)
        hourly = t.number(self.profile.get("pt_hourly_usd"))
        commitment = t.text(self.profile.get("pt_commitment"))
        rate = (
            f"${hourly:,.2f} per model unit per hour (from your profile)"
            if hourly is not None
            else "an hourly rate per model unit that ftui does not know (set pt_hourly_usd in the profile)"
        )
        commitment_text = (
            f"{commitment} (from your profile)"
            if commitment
            else "none (then 1 model unit, at most 2 per account), one month or six months"
        )
        terms = (
            f"Provisioned Throughput: buy model units (at least 1), billed hourly while it exists at {rate}; "
            f"commitment: {commitment_text}; it takes about 20-30 minutes to create. "
        )
        if on_demand:
            terms += (
                "Its base model offers on-demand deployment (create_custom_model_deployment), billed per "
                "token, for models customized on or after 2025-07-16."
            )
        else:
            terms += "On-demand deployment is documented for Amazon Nova bases only."
        return terms

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
        """Not available: raises UnsupportedError with what is needed (see :meth:`evaluation_blocker`)."""
        raise UnsupportedError(
            "ftui cannot evaluate Bedrock custom models yet: they answer only through a Provisioned Throughput "
            "or an on-demand deployment (bedrock-runtime converse), which ftui does not call.",
            title="Evaluation not available",
            provider=self.name,
        )
