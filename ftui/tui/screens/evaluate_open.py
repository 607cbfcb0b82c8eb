"""Opening the Evaluate screen: for a job's fine-tuned model, or on a saved run.

Below the screens that offer evaluation (the job screens' base, the main screen's models
navigation), so none of them imports the Evaluate screen's module the other way round.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ftui.evaluate.plan import EvalPlan
from ftui.evaluate.runner import ExampleResult
from ftui.providers.records import FineTunedModel, Job
from ftui.tui.screens.evaluate import EvaluateScreen
from ftui.tui.screens.evaluate_data import model_of_job


def evaluate_job(node: Any, job: Job | None) -> None:
    """Open the Evaluate screen for a job's fine-tuned model (or say why there is none to evaluate)."""
    if job is None:
        return
    model = model_of_job(job)
    if model is None:
        node.notify(
            f"{job.name or job.id} has no fine-tuned model ({job.status.value}): only a job that "
            "succeeded can be evaluated.",
            severity="warning",
        )
        return
    node.app.push_screen(EvaluateScreen(model, job=job))


def saved_screen(model: FineTunedModel, saved: tuple[EvalPlan, list[ExampleResult], Path]) -> EvaluateScreen:
    """An Evaluate screen showing a saved run (for :func:`~ftui.tui.screens.evaluate_results.open_saved_run`)."""
    return EvaluateScreen(model, saved=saved)
