"""The split launch pane: the draft is saved debounced (and always on leave and quit), and a provider's
launch capabilities alone decide the form's labels and fields (a third provider needs no launch code)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ftui.launch import store
from ftui.launch.form import LaunchForm
from ftui.launch.state import DraftSaver, FieldRef, LaunchState
from ftui.providers import Profile
from ftui.providers.base import Provider
from ftui.providers.launching import JobOption
from ftui.providers.records import (
    BaseModel,
    HyperParameter,
    Job,
    JobPage,
    JobSpec,
    RemoteFile,
)
from ftui.session import Session
from ftui.tui.app import FtuiApp

from .test_pane import _config, _open, _settle, data_dir, demo  # noqa: F401


def test_draft_saver_coalesces_and_keeps_the_last_change() -> None:
    writes: list[str] = []
    state = LaunchState(LaunchForm(profile="p"))
    saver = DraftSaver(lambda: writes.append(state.form.suffix))
    scheduled = 0
    for text in ("a", "ab", "abc", "abcd"):
        state.edit(FieldRef("suffix"), text)
        scheduled += saver.touch()
    assert scheduled == 1 and writes == []  # one timer for the whole burst, nothing written yet
    saver.flush()
    saver.flush()  # a leave right after the timer: nothing new, nothing written
    assert writes == ["abcd"]
    state.edit(FieldRef("suffix"), "abcde")
    assert saver.touch()  # the next burst schedules the next save
    saver.flush()
    assert writes == ["abcd", "abcde"]


@pytest.fixture
def saves(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[LaunchForm]]:
    """Every draft write the pane makes (still written, and counted)."""
    real = store.save_draft
    seen: list[LaunchForm] = []

    def counting(form: LaunchForm, launch: Any = None) -> Path:
        seen.append(LaunchForm.from_dict(form.to_dict()))
        return real(form, launch=launch)

    monkeypatch.setattr(store, "save_draft", counting)
    yield seen


async def test_typing_saves_the_draft_debounced_and_leaving_or_quitting_saves_the_rest(
    demo: FtuiApp, data_dir: Path, saves: list[LaunchForm]
) -> None:
    text = "a-long-name-typed-key-by-key-0123456789"
    async with demo.run_test(size=(80, 24)) as pilot:
        pane = await _open(pilot)
        pane.query_one("#f-training").value = str(data_dir / "train.jsonl")
        await _settle(pilot)
        before = len(saves)
        pane.query_one("#f-suffix").focus()
        started = time.monotonic()
        await pilot.press(*text)
        elapsed = time.monotonic() - started
        typed = len(saves) - before
        # At most one save per 0.5 s of typing (plus the one a timer may fire as typing ends).
        assert typed <= elapsed / 0.5 + 2, (typed, elapsed)
        assert typed < len(text) // 2, (typed, elapsed)
        tabs = pilot.app.screen.query_one("TabbedContent")
        tabs.active = "jobs"  # leave the launch tab: the last keystrokes are saved at once
        await pilot.pause()
        assert store.load_draft() is not None and store.load_draft().suffix == text
        # From now on no timer saves within the test: only leaving and quitting do.
        pane.draft.interval = 3600
        tabs.active = "launch-tab"
        await _settle(pilot)
        pane.query_one("#f-suffix").focus()
        await pilot.press("end", "!")
        tabs.active = "jobs"
        await pilot.pause()
        assert store.load_draft().suffix == text + "!"
        tabs.active = "launch-tab"
        await _settle(pilot)
        pane.query_one("#f-suffix").focus()
        await pilot.press("end", "?")
        assert store.load_draft().suffix == text + "!"  # not yet: typing waits for the timer
    # Quitting saved the last keystroke.
    assert store.load_draft() is not None and store.load_draft().suffix == text + "!?"


class ThirdProvider(Provider):
    """A backend ftui's launch code has never heard of, with capabilities of its own."""

    kind = "third"
    job_name_label = "Run title"
    job_name_hint = "anything goes"
    tags_label = "Labels"
    supports_seed = False

    @classmethod
    def job_options(cls, profile: Profile) -> list[JobOption]:
        """One option: the queue, defaulting to the profile's."""
        return [
            JobOption(
                HyperParameter("queue", "str", description="Where the run waits."),
                "Queue",
                str(profile.get("queue") or "default"),
            )
        ]

    @classmethod
    def job_option_problems(cls, options: Any) -> dict[str, str]:
        """Queues are lower case."""
        queue = options.get("queue", "")
        return {"queue": "queues are lower case"} if queue != queue.lower() else {}

    def list_jobs_page(self, cursor: str | None = None, limit: int = 50) -> JobPage:
        """No jobs."""
        return JobPage((), None)

    def get_job(self, job_id: str) -> Job:
        """Never asked."""
        raise NotImplementedError

    def create_job(self, spec: JobSpec) -> Job:
        """Never asked."""
        raise NotImplementedError

    def cancel_job(self, job_id: str) -> Job:
        """Never asked."""
        raise NotImplementedError

    def new_events(self, job_id: str, since: str | None = None) -> list[Any]:
        """None."""
        return []

    def metrics(self, job_id: str) -> list[Any]:
        """None."""
        return []

    def upload_file(self, path: Path, purpose: str = "fine-tune", progress: Any = None) -> RemoteFile:
        """Never asked."""
        raise NotImplementedError

    def list_files(self) -> list[RemoteFile]:
        """None."""
        return []

    def download_file(self, file: RemoteFile, dest: Path) -> Path:
        """Never asked."""
        raise NotImplementedError

    def base_models(self) -> list[BaseModel]:
        """One model."""
        return [BaseModel("third-small", ("supervised",), "A third backend's model")]

    def hyperparameters(self, base_model: str, method: str = "supervised") -> list[HyperParameter]:
        """One knob."""
        return [HyperParameter("steps", "int", default=100, minimum=1, maximum=1000, description="Training steps.")]


async def test_a_third_providers_capabilities_shape_the_form(data_dir: Path) -> None:
    profile = Profile("elsewhere", "third", {"queue": "gpu-a"})
    session = Session(profiles=(profile,))
    session.providers[profile.name] = ThirdProvider(profile)
    app = FtuiApp(session, _config(data_dir))
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await _open(pilot)
        assert str(pane.query_one("#l-suffix").render()) == "Run title"
        assert pane.query_one("#f-suffix").placeholder == "anything goes"
        assert str(pane.query_one("#l-metadata").render()) == "Labels"
        assert not pane.query_one("#field-seed").display
        assert pane.query_one("#f-queue").placeholder == "gpu-a"
        assert [p.name for p in pane.schema] == ["steps"] and pane.query_one("#hp-steps") is not None
        pane.query_one("#f-queue").focus()
        await pilot.press(*"GPU")
        await pilot.pause()
        assert pane.form.options == {"queue": "GPU"}
        assert "lower case" in str(pane.query_one("#m-queue").render())
        assert pane.problems().get("queue") == "queues are lower case"
