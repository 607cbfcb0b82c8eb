"""Where the Models pane's (and the jobs pane's) requests land: the model page, Evaluate, Launch, saved runs."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.screen import Screen

from ftui.providers.records import Job
from ftui.tui.panes.models import ModelsPane
from ftui.tui.panes.models_data import ModelWanted
from ftui.tui.screens.evaluate_data import model_of_job


class ModelsNavigation(Screen[None]):
    """Mixed into the screen that shows the panes: opens what :class:`ModelWanted` asks for."""

    @on(ModelWanted)
    def _model_wanted(self, message: ModelWanted) -> None:
        from ftui.tui.screens.evaluate import EvaluateScreen
        from ftui.tui.screens.evaluate_results import open_saved_run
        from ftui.tui.screens.model_detail import ModelDetailScreen, launch_from

        message.stop()
        model = message.model
        if message.what == "results":
            open_saved_run(self)
        elif message.what == "evaluate" and model is None:
            evaluate_job(self, message.job)
        elif message.what == "evaluate" and model is not None:
            self.app.push_screen(EvaluateScreen(model, job=message.job))
        elif message.what == "launch" and model is not None:
            launch_from(self, model)
        elif message.what == "open" and model is not None:
            shown = model

            def closed(result: str | None) -> None:
                if result == "deleted":
                    for pane in self.query(ModelsPane):
                        pane.forget(shown)

            self.app.push_screen(ModelDetailScreen(model), closed)


def evaluate_job(node: Any, job: Job | None) -> None:
    """Open the Evaluate screen for a job's fine-tuned model (or say why there is none to evaluate)."""
    if job is None:
        return
    model = model_of_job(job)
    if model is None:
        node.notify(f"{job.name or job.id} has no fine-tuned model ({job.status.value}): only a job that "
                    "succeeded can be evaluated.", severity="warning")
        return
    from ftui.tui.screens.evaluate import EvaluateScreen

    node.app.push_screen(EvaluateScreen(model, job=job))
