"""An emulator with the demo's succeeded job, its fine-tuned model and its validation file on disk."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ftui.emulator import Emulator
from ftui.providers import Profile, make_provider, retry
from ftui.providers.base import Provider
from ftui.providers.records import Job


@dataclass
class Demo:
    """The running emulator, a provider on it, the succeeded job and its validation file."""

    emulator: Emulator
    provider: Provider
    job: Job
    valid: Path

    @property
    def model(self) -> str:
        """The succeeded job's fine-tuned model."""
        assert self.job.fine_tuned_model
        return self.job.fine_tuned_model


def start_demo(tmp_path: Path, *chaos: str, **options: object) -> Demo:
    """The demo on a fresh emulator (``options`` go to :class:`Emulator`: fail_rate, trickle_delay …);
    the ``chaos`` scenarios are turned on once the demo's job and file have been read."""
    emulator = Emulator(seed=11, **options).start()  # type: ignore[arg-type]
    jobs = emulator.seed_demo()
    provider = make_provider(Profile("demo", "emulator", {"base_url": emulator.base_url}))
    with retry.reads(retry.ONE_SHOT):
        job = provider.get_job(jobs["succeeded"])
        remote = next(f for f in provider.list_files() if f.id == job.validation_file)
        valid = provider.download_file(remote, tmp_path / "valid.jsonl")
    emulator.chaos.set(*chaos)
    emulator.chaos.reset_counts()
    return Demo(emulator, provider, job, valid)


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Demo]:
    """The demo on a well-behaved emulator."""
    started = start_demo(tmp_path)
    try:
        yield started
    finally:
        started.provider.close()
        started.emulator.stop()
