"""Bedrock launch checks on moto (server mode): the profile's role_arn, catalogue regions, a bogus region."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from ftui.cli import main
from ftui.config import load_config
from ftui.providers import ConfigError, make_provider
from ftui.session import Session
from ftui.tui.app import FtuiApp
from ftui.tui.panes.launch import LaunchPane
from tests.providers.bedrock_driver import BUCKET

from .conftest import HAIKU, Writer, claude

NOVA = "amazon.nova-micro-v1:0:128k"


def _config(driver: Any, data: Path | None = None, **options: str) -> None:
    merged = {**driver.profile.options, **options}
    body = "".join(f'{k} = "{v}"\n' for k, v in merged.items())
    dirs = f'dataset_dirs = ["{data}"]\n' if data else ""
    Path(os.environ["FTUI_CONFIG"]).write_text(f'{dirs}[profiles.br]\nkind = "bedrock"\n{body}')


def _uploads(driver: Any) -> list[str]:
    return [o["Key"] for o in driver.s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def test_profile_role_arn_is_checked_like_the_flag(
    bedrock_driver: Any, write: Writer, capsys: pytest.CaptureFixture[str]
) -> None:
    _config(bedrock_driver, role_arn="admin")
    config = load_config()
    assert any(
        p.key == "profiles.br.role_arn" and p.line and "not an IAM role ARN" in p.message for p in config.problems
    )
    train = write("c.jsonl", 40, claude)
    code = main(["launch", "--model", NOVA, "--train", str(train), "--yes"])
    err = capsys.readouterr().err
    assert code == 2 and "option role_arn 'admin' is not an IAM role ARN" in err and "Nothing was uploaded" in err
    flag = main(["launch", "--model", NOVA, "--train", str(train), "--yes", "--role-arn", "admin"])
    assert flag == 2 and "IAM role ARN" in capsys.readouterr().err  # the flag, for comparison
    assert _uploads(bedrock_driver) == []


async def test_launch_pane_refuses_a_bad_profile_role_arn(bedrock_driver: Any, write: Writer, tmp_path: Path) -> None:
    _config(bedrock_driver, tmp_path, role_arn="arn:aws:iam::bad")
    write("claude.jsonl", 40, claude)
    config = load_config()
    profile = config.profiles[0]
    app = FtuiApp(Session(profiles=(profile,)), config)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("3")
        await app.workers.wait_for_complete()
        await pilot.pause()
        pane = app.screen.query_one(LaunchPane)
        pane.query_one("#launch-model").value = NOVA
        await app.workers.wait_for_complete()
        await pilot.pause()
        pane.query_one("#f-training").value = str(tmp_path / "claude.jsonl")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "role_arn" in pane.problems()
        await pilot.press("ctrl+l")
        await pilot.pause()
        status = str(pane.query_one("#launch-status").render())
        assert "Cannot launch" in status and "is not an IAM role ARN" in status
    app.session.close()
    assert _uploads(bedrock_driver) == []


def test_model_outside_its_catalogue_regions_warns_before_upload(
    bedrock_driver: Any, write: Writer, capsys: pytest.CaptureFixture[str]
) -> None:
    _config(bedrock_driver)  # us-east-1; Claude 3 Haiku is fine-tuned in us-west-2 only
    main(["launch", "--model", HAIKU, "--train", str(write("c.jsonl", 40, claude)), "--yes"])
    err = capsys.readouterr().err
    warning = err.find("is fine-tuned only in us-west-2")
    assert warning >= 0 and "this profile uses us-east-1" in err
    assert warning < err.find("Uploading"), err
    main(["launch", "--model", NOVA, "--train", str(write("n.jsonl", 40, claude)), "--yes"])
    assert "fine-tuned only in" not in capsys.readouterr().err  # Nova Micro is a us-east-1 model


def test_bogus_region_says_unknown_region(
    bedrock_driver: Any, write: Writer, capsys: pytest.CaptureFixture[str]
) -> None:
    _config(bedrock_driver, region="us-moon-1")
    for argv in (["jobs", "list"], ["launch", "--model", NOVA, "--train", str(write("c.jsonl", 40, claude)), "--yes"]):
        code = main(argv)
        err = capsys.readouterr().err
        assert code == 2 and "Unknown region 'us-moon-1'" in err, err
        assert "unavailable" not in err.lower() and "Traceback" not in err
    with pytest.raises(ConfigError, match="Unknown region 'us-moon-1'"):
        make_provider(load_config().profiles[0])


async def test_launch_pane_confirmation_warns_about_the_region(
    bedrock_driver: Any, write: Writer, tmp_path: Path
) -> None:
    _config(bedrock_driver, tmp_path)  # us-east-1
    write("claude.jsonl", 40, claude)
    config = load_config()
    app = FtuiApp(Session(profiles=config.profiles), config)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await app.workers.wait_for_complete()
        await pilot.pause()
        pane = app.screen.query_one(LaunchPane)
        pane.query_one("#launch-model").value = HAIKU
        await app.workers.wait_for_complete()
        await pilot.pause()
        pane.query_one("#f-training").value = str(tmp_path / "claude.jsonl")
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        await pilot.press("ctrl+l")
        await pilot.pause()
        body = str(app.screen.query_one("#confirm-body").render())
        assert "fine-tuned only in us-west-2" in body and "us-east-1" in body
        await pilot.press("n")
    app.session.close()
    assert _uploads(bedrock_driver) == []
