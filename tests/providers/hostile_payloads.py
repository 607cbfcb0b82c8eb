"""Hand-written payloads of a hostile OpenAI-compatible server (shared by the provider and command tests)."""

from __future__ import annotations

from typing import Any

MB10 = "y" * (10 * 1024 * 1024)
"""A 10 MB string field."""
JOBS = "/v1/fine_tuning/jobs"


def good_job(job_id: str, **extra: Any) -> dict[str, Any]:
    """A valid job object."""
    job = {
        "object": "fine_tuning.job",
        "id": job_id,
        "model": "gpt-4o-mini-2024-07-18",
        "created_at": 1735689600,
        "finished_at": None,
        "status": "running",
        "training_file": "file-train",
        "validation_file": None,
        "result_files": [],
        "trained_tokens": None,
        "fine_tuned_model": None,
        "error": None,
        "seed": 1,
        "organization_id": "org-x",
        "hyperparameters": {"n_epochs": 3},
        "method": {"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": 3}}},
    }
    job.update(extra)
    return job


def page(items: Any, has_more: bool = False) -> dict[str, Any]:
    """A list page."""
    return {"object": "list", "data": items, "has_more": has_more}


def event(i: int, **extra: Any) -> dict[str, Any]:
    """A metrics event of step ``i`` (of 10)."""
    base = {
        "object": "fine_tuning.job.event",
        "id": f"ftevent-{i:03d}",
        "created_at": 1735689600 + i,
        "level": "info",
        "message": f"Step {i}/10: training loss={1 / i:.3f}",
        "type": "metrics",
        "data": {"step": i, "train_loss": 1 / i, "total_steps": 10},
    }
    base.update(extra)
    return base


def events_route(items: list[Any]) -> Any:
    """Newest-first pages of ``items`` (oldest first), honouring ``after`` and ``limit``."""
    newest = list(reversed(items))

    def answer(method: str, path: str, query: str) -> Any:
        params = dict(part.split("=", 1) for part in query.split("&") if "=" in part)
        start = 0
        if "after" in params:
            ids = [item.get("id") if isinstance(item, dict) else None for item in newest]
            start = ids.index(params["after"]) + 1 if params["after"] in ids else len(newest)
        limit = int(params.get("limit", 20))
        chunk = newest[start : start + limit]
        return page(chunk, has_more=start + limit < len(newest))

    return answer


def succeeded_job(job_id: str, result: str = "file-result") -> dict[str, Any]:
    """A succeeded job with one result file."""
    return good_job(
        job_id,
        status="succeeded",
        finished_at=1735693200,
        result_files=[result],
        fine_tuned_model="ft:gpt-4o-mini:org::abc",
        trained_tokens=1000,
    )


CSV = "step,train_loss,valid_loss\n" + "".join(f"{i},{2 / i:.4f},\n" for i in range(1, 10))
