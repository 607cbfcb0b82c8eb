"""Where the Models pane's (and the jobs pane's) requests land: the model page, Evaluate, Launch, saved runs."""

from __future__ import annotations

from textual import on
from textual.screen import Screen

from ftui.tui.panes.models import ModelsPane
from ftui.tui.panes.models_data import ModelWanted
from ftui.tui.screens.evaluate import EvaluateScreen
from ftui.tui.screens.evaluate_open import evaluate_job, saved_screen
from ftui.tui.screens.evaluate_results import open_saved_run
from ftui.tui.screens.model_detail import ModelDetailScreen, launch_from


class ModelsNavigation(Screen[None]):
    """Mixed into the screen that shows the panes: opens what :class:`ModelWanted` asks for."""

    @on(ModelWanted)
    def _model_wanted(self, message: ModelWanted) -> None:
        message.stop()
        model = message.model
        if message.what == "results":
            open_saved_run(self, saved_screen)
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
