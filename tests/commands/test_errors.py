"""How the commands find their providers and fail: no provider, bad key, server errors, --demo, unsupported."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from ftui.commands import common
from ftui.emulator import Emulator
from ftui.providers import Job, JobStatus, Profile
from ftui.providers.bedrock_provider import BedrockProvider
from ftui.session import Session
from tests.commands.conftest import Emu, run, run_json

COMMANDS = [
    ["jobs", "list"],
    ["jobs", "show", "ftjob-x"],
    ["jobs", "cancel", "ftjob-x", "--yes"],
    ["jobs", "pause", "ftjob-x"],
    ["metrics", "ftjob-x"],
    ["watch", "ftjob-x"],
]


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda argv: " ".join(argv))
def test_no_profile_and_no_key_exits_2_with_the_hint(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.startswith("ftui: no provider to talk to.")
    assert "OPENAI_API_KEY" in err and "OPENAI_BASE_URL" in err and "--demo" in err and "config.toml" in err


def test_a_base_url_without_a_key_names_the_key(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    code, _, err = run(capsys, "jobs", "list")
    assert code == 2 and "OPENAI_API_KEY" in err


@pytest.mark.parametrize(
    "argv", [["jobs", "list"], ["metrics", "ftjob-x"], ["watch", "ftjob-x"]], ids=lambda argv: argv[0]
)
def test_a_rejected_key_exits_2_without_showing_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, argv: list[str]
) -> None:
    secret = "sk-wrong-key-9876543210abcdef"
    with Emulator(require_key="sk-right-key-0000000000") as emulator:
        monkeypatch.setenv("OPENAI_BASE_URL", emulator.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", secret)
        code, out, err = run(capsys, *argv)
    assert code == 2
    assert "Not signed in" in err and "OPENAI_API_KEY" in err and len(err.strip().splitlines()) == 1
    assert secret not in out + err and "9876543210" not in out + err


def test_an_unknown_profile_exits_2(emu: Emu, emulator_config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "jobs", "list", "--config", str(emulator_config), "--profile", "prod")
    assert code == 2 and "No profile named 'prod'" in err and "emu" in err


def test_a_passing_server_error_is_retried_and_a_lasting_one_is_one_line_and_exit_1(
    emu: Emu, emulator_config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    emu.emulator.inject("500")  # one-shot reads retry within the read budget (ftui.providers.retry)
    code, out, err = run(capsys, "jobs", "show", emu.jobs["running"], "--config", str(emulator_config))
    assert code == 0 and err == "" and emu.jobs["running"] in out
    emu.emulator.chaos.set("retry-after-huge")
    code, _, err = run(capsys, "jobs", "show", emu.jobs["running"], "--config", str(emulator_config))
    assert code == 1 and err.startswith("ftui: Rate limited: ") and len(err.splitlines()) == 1
    assert "rate limited; try again in 3600 s" in err and "will retry" not in err
    code, out, err = run(capsys, "jobs", "list", "--config", str(emulator_config))
    assert code == 1 and err.startswith("ftui: Rate limited: ") and out == ""


def test_config_problems_are_reported_but_do_not_stop_the_command(
    emu: Emu, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "c.toml"
    config.write_text(f'colour = "red"\n[profiles.emu]\nkind = "emulator"\nbase_url = "{emu.emulator.base_url}"\n')
    code, out, err = run(capsys, "jobs", "list", "--json", "--config", str(config))
    assert code == 0 and len(json.loads(out)) == 5 and "config: line 1, colour: unknown setting" in err


def test_demo_runs_on_the_built_in_emulator(capsys: pytest.CaptureFixture[str]) -> None:
    jobs = run_json(capsys, "jobs", "list", "--demo", "--json")
    assert {job["profile"] for job in jobs} == {"demo"} and len(jobs) == 5
    ids = {job["name"]: job["id"] for job in jobs}
    code, out, _ = run(capsys, "metrics", ids["support-v1"], "--demo", "--csv")
    assert code == 0 and out.startswith("step,train_loss,") and len(out.splitlines()) > 100
    code, _, err = run(capsys, "watch", ids["support-v1b"], "--demo", "--interval", "0.01")
    assert code == 1 and "failed" in err


class _Bedrock:
    """Just enough of a Bedrock provider: one running job, no pause."""

    kind = "bedrock"
    name = "aws"
    supports_pause = False
    supports_live_metrics = False
    cancel_verb = BedrockProvider.cancel_verb
    cancel_consequence = BedrockProvider.cancel_consequence

    def get_job(self, job_id: str) -> Job:
        return Job(
            provider="aws",
            kind="bedrock",
            id=job_id,
            name="nova-support",
            base_model="amazon.nova-micro-v1:0",
            status=JobStatus.RUNNING,
            native_status="InProgress",
        )

    def close(self) -> None:
        pass


@pytest.fixture
def bedrock(monkeypatch: pytest.MonkeyPatch) -> None:
    def open_session(args: Any) -> Session:
        providers: dict[str, Any] = {"aws": _Bedrock()}
        return Session(profiles=(Profile("aws", "bedrock", {}),), providers=providers)

    monkeypatch.setattr(common, "open_session", open_session)


@pytest.mark.parametrize("action", ["pause", "resume"])
def test_pausing_a_bedrock_job_is_not_supported(bedrock: None, capsys: pytest.CaptureFixture[str], action: str) -> None:
    code, out, err = run(capsys, "jobs", action, "arn:aws:bedrock:job/1")
    assert (code, out) == (1, "")
    assert err.startswith("ftui: Not supported: bedrock jobs cannot be ") and len(err.splitlines()) == 1


def test_stopping_a_bedrock_job_warns_before_asking(
    bedrock: None, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stdin", Tty("n\n"))
    code, out, err = run(capsys, "jobs", "cancel", "arn:aws:bedrock:job/1")
    assert code == 1 and "Bedrock cannot resume a stopped job" in err and "leaves no custom model" in err
    assert "Stop job arn:aws:bedrock:job/1 (nova-support) on aws (running)? [y/N]" in out
