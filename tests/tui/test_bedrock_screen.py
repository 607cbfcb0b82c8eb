"""The job screen on Bedrock (moto server): a timeline while it runs, the S3 curve once it ends."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ftui.config import load_config
from ftui.session import Session
from ftui.tui.screens.job import JobScreen
from ftui.tui.widgets.loss_plot import LossPlot
from tests.pilot import make_app
from tests.providers.bedrock_fixtures import aws_env, bedrock_driver, moto_endpoint  # noqa: F401
from tests.providers.conftest import chat_examples


async def test_bedrock_job_shows_why_there_is_no_curve_then_the_s3_curve(bedrock_driver: Any, tmp_path: Path) -> None:
    provider = bedrock_driver.provider
    data = tmp_path / "train.jsonl"
    data.write_text(chat_examples(40))
    job = provider.create_job(bedrock_driver.spec(provider.upload_file(data), None, "br"))
    session = Session(profiles=(bedrock_driver.profile,), providers={bedrock_driver.profile.name: provider})
    app = make_app(session, config=load_config())
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, JobScreen) and screen.job.id == job.id
        plot = screen.query_one(LossPlot)
        assert "only when a job ends" in plot.note
        bedrock_driver.finish(job.id, "succeeded")
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.follower.reconciled
        assert [p.step for p in screen.follower.series] == list(range(10))
        assert plot.note == ""
        assert "train" in plot.legend_text
