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


async def test_a_bedrock_job_reads_whole_at_80x24_and_160x48_and_is_stopped_not_cancelled(
    bedrock_driver: Any, tmp_path: Path
) -> None:
    from textual.geometry import Region
    from textual.widgets import Button, Static

    from ftui.tui.confirm import ConfirmScreen
    from tests.pilot import open_job, settle, shown_text

    provider = bedrock_driver.provider
    data = tmp_path / "train.jsonl"
    data.write_text(chat_examples(40))
    name = "support-assistant-nova-micro-" + "x" * 30 + "-v2"  # Bedrock names run to 63 characters
    job = provider.create_job(bedrock_driver.spec(provider.upload_file(data), None, name))
    session = Session(profiles=(bedrock_driver.profile,), providers={bedrock_driver.profile.name: provider})
    app = make_app(session, config=load_config())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_job(pilot, job_id=job.id)
        for width, height in ((80, 24), (160, 48)):
            await pilot.resize_terminal(width, height)
            await settle(pilot)
            title = shown_text(screen.query_one("#job-title", Static))
            assert "\n" not in title and len(title) <= width, title  # one line: long values shortened …
            assert screen.job.base_model[-8:] in title and ("…" in title or width > 80), title  # … in the middle
            await pilot.press("3")
            await settle(pilot)
            details = " ".join(shown_text(screen.query_one("#details-body", Static)).split())
            for whole in (screen.job.id, screen.job.name, screen.job.base_model, screen.job.training_file):
                assert whole and whole.replace(" ", "") in details.replace(" ", ""), whole  # … and whole in details
            assert f"running ({screen.job.native_status})" in details, details
        await pilot.resize_terminal(80, 24)
        await pilot.press("x")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ConfirmScreen)
        assert Region(0, 0, 80, 24).contains_region(dialog.query_one("#confirm-box").region)
        assert shown_text(dialog.query_one("#confirm-title", Static)).startswith("Stop support-assistant")
        assert "Stop job (y)" in str(dialog.query_one("#yes", Button).label)
        assert "Bedrock cannot resume a stopped job" in shown_text(dialog.query_one("#confirm-body", Static))
