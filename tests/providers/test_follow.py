"""Following a job over a flaky link: no gap, no duplicate, and the final curve is the result file's."""

from __future__ import annotations

from pathlib import Path

from ftui.emulator import Emulator, ManualClock
from ftui.providers import JobSpec, JobStatus, Profile, ProviderError, make_provider
from ftui.providers.follow import JobFollower
from tests.providers.conftest import chat_examples


def _job(provider, tmp_path: Path) -> str:  # type: ignore[no-untyped-def]
    train, valid = tmp_path / "t.jsonl", tmp_path / "v.jsonl"
    train.write_text(chat_examples(40))
    valid.write_text(chat_examples(8, "refund"))
    spec = JobSpec(
        "gpt-4o-mini-2024-07-18",
        provider.upload_file(train).id,
        provider.upload_file(valid).id,
        hyperparameters={"n_epochs": 2, "batch_size": 2},
        suffix="follow",
    )
    return provider.create_job(spec).id


def test_following_through_faults_yields_exactly_the_series(tmp_path: Path) -> None:
    clock = ManualClock()
    with Emulator(seed=11, clock=clock) as emu:
        emu.start()
        provider = make_provider(Profile("e", "emulator", {"base_url": emu.base_url, "max_retries": 0}))
        job_id = _job(provider, tmp_path)
        follower = JobFollower(provider, job_id)
        emu.faults.fail_rate = 0.3  # from now on 30% of requests: 429, 500 or a dropped connection
        failures = polls = 0
        while not follower.reconciled and polls < 2000:
            polls += 1
            clock.advance(3)
            try:
                follower.poll()
            except ProviderError:
                failures += 1
        emu.faults.fail_rate = 0.0
        assert follower.job is not None and follower.job.status is JobStatus.SUCCEEDED
        assert failures > 5, "the faults really happened"
        truth = provider.new_events(job_id)
        assert [e.id for e in follower.events] == [e.id for e in truth]
        steps = [p.step for p in follower.series]
        assert steps == list(range(1, steps[-1] + 1)) and steps[-1] == follower.job.raw.get("total_steps", steps[-1])
        assert follower.series == provider.metrics(job_id)


def test_a_poll_without_news_changes_nothing(tmp_path: Path) -> None:
    clock = ManualClock()
    with Emulator(seed=2, clock=clock) as emu:
        emu.start()
        provider = make_provider(Profile("e", "emulator", {"base_url": emu.base_url, "max_retries": 0}))
        follower = JobFollower(provider, _job(provider, tmp_path))
        first = follower.poll()
        assert first.events and not first.finished
        again = follower.poll()
        assert again.events == () and not again.series_changed
