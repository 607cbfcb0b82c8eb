"""Drive an :class:`OpenAIProvider` against the emulator over real HTTP (for the contract suite)."""

from __future__ import annotations

from pathlib import Path

from ftui.emulator import Emulator, ManualClock
from ftui.providers.openai_provider import OpenAIProvider
from ftui.providers.profiles import Profile
from ftui.providers.records import JobSpec, RemoteFile

BASE_MODEL = "gpt-4o-mini-2024-07-18"


class OpenAIDriver:
    """The OpenAI provider on an emulator whose clock the test moves."""

    def __init__(self) -> None:
        self.clock = ManualClock()
        """The emulator's clock."""
        self.emulator = Emulator(seed=7, clock=self.clock).start()
        """The emulator, serving on a free loopback port."""
        self.profile = Profile("emulator-test", "emulator", {"base_url": self.emulator.base_url, "max_retries": 0})
        """The profile the provider was built from."""
        self.provider = OpenAIProvider(self.profile)
        """The provider under test."""

    def spec(self, training: RemoteFile, validation: RemoteFile | None, suffix: str) -> JobSpec:
        """A valid supervised spec for the uploaded files."""
        return JobSpec(
            base_model=BASE_MODEL,
            training_file=training.id,
            validation_file=validation.id if validation else None,
            hyperparameters={"n_epochs": 2},
            suffix=suffix,
            metadata={"purpose": "ftui-tests"},
        )

    def run_for(self, seconds: float) -> None:
        """Let simulated time pass."""
        self.clock.advance(seconds)

    def finish(self, job_id: str, outcome: str) -> None:
        """Let a job run to its end (the emulator decides success from the data)."""
        assert outcome == "succeeded", "emulator jobs fail only from bad data; see failed_job()"
        self.clock.advance(10**6)

    def failed_job(self, tmp_path: Path) -> str:
        """A job that has failed on the server (malformed training file)."""
        bad = tmp_path / "broken.jsonl"
        bad.write_text('{"messages": [}\n' * 12, encoding="utf-8")
        remote = self.provider.upload_file(bad)
        job = self.provider.create_job(JobSpec(BASE_MODEL, remote.id, suffix="broken"))
        self.clock.advance(10**4)
        return job.id

    def close(self) -> None:
        """Close the provider and stop the emulator."""
        self.provider.close()
        self.emulator.stop()
