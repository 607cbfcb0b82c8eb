"""The launch pane's draft saving: at most every few seconds while typing, at once on leave, quit or launch."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from ftui.launch import store as drafts
from ftui.launch.state import DraftSaver, LaunchState

if TYPE_CHECKING:
    from textual.timer import Timer

    from ftui.launch import LaunchForm


class DraftSaving:
    """Mixed into the launch pane: when the form's draft is written."""

    state: LaunchState
    draft: DraftSaver
    _draft_timer: Timer | None
    if TYPE_CHECKING:

        @property
        def form(self) -> LaunchForm: ...  # noqa: D102 - a mixin's stub of what its host class provides
        @property
        def launching(self) -> bool: ...  # noqa: D102 - a mixin's stub of what its host class provides

    def on_hide(self) -> None:
        """Leaving the pane saves the draft now."""
        self._flush_draft()

    def on_unmount(self) -> None:
        """Quitting saves the draft now."""
        self._flush_draft()

    def _save_soon(self) -> None:
        """Save the draft within :data:`DRAFT_INTERVAL` seconds (once, however many changes come meanwhile)."""
        if self.draft.touch():
            self._draft_timer = cast(Any, self).set_timer(self.draft.interval, self.draft.flush)

    def _flush_draft(self) -> None:
        """Save the draft now (leave, quit, launch); the pending timer has nothing left to do."""
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        self.draft.flush()

    def _save_now(self) -> None:
        self.draft.touch()
        self._flush_draft()

    def _write_draft(self) -> None:
        if not self.form.started:
            return  # nothing typed yet: no draft to restore next time
        launch = self.state.launch
        if launch is None and self.launching:
            launch = drafts.load_draft_launch()  # the submit worker saved it a moment ago: keep it
        try:
            drafts.save_draft(self.form, launch=launch)
        except OSError:
            pass  # a read-only state dir must not break the form
