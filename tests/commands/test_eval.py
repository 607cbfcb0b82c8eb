"""``ftui eval`` end to end against the emulator (real SDK over HTTP), also under a 20% fault rate."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ftui.evaluate.results import load_results
from tests.commands.conftest import KEY, Emu, run

_NOISE = re.compile(r"-{40}\nException occurred during processing of request.*?\n-{40}\n", re.DOTALL)


def _without_emulator_noise(err: str) -> str:
    """stderr without the in-process emulator's socketserver reports of a client closing a keep-alive
    connection (the sync SDK closes a stream at [DONE] without reading the chunked terminator): that
    is the emulator server's noise, reported to its owner, not ftui's output."""
    return _NOISE.sub("", err)


def _model(emu: Emu) -> str:
    return emu.emulator.store.get_job(emu.jobs["succeeded"]).fine_tuned_model


def test_eval_json_under_twenty_percent_faults_answers_or_marks_every_example(
    emu: Emu, emulator_config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    emu.emulator.faults.fail_rate = 0.2
    code, out, err = run(
        capsys,
        "eval",
        "--job",
        emu.jobs["succeeded"],
        "--json",
        "--config",
        str(emulator_config),
        "--out",
        str(tmp_path / "runs"),
        "-n",
        "20",
    )
    assert code == 0, err
    report = json.loads(out)
    summary = report["summary"]
    assert report["examples"] == 20 and report["plan"]["model"] == _model(emu)
    for side in ("a", "b"):
        assert summary[side]["answered"] + summary[side]["failed"] == 20
    assert summary["a"]["answered"] >= 15 and summary["a"]["f1"] > summary["b"]["f1"]
    assert all(f["error"] for f in report["failures"])
    assert report["cost"]["input_tokens"] > 0 and report["timing"]["first_answer_seconds"] is not None
    plan, results = load_results(Path(report["results"]))
    assert len(results) == 20 and plan.model == _model(emu)
    assert "Traceback" not in _without_emulator_noise(err) and KEY not in out + err
    assert "[20/20]" in err  # progress on stderr


def test_eval_text_output_with_a_local_file_and_the_base_from_the_model_list(
    emu: Emu, emulator_config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    held_out = tmp_path / "held_out.jsonl"
    held_out.write_text(
        "\n".join(
            json.dumps(
                {
                    "messages": [
                        {"role": "user", "content": f"Where is order #{i}?"},
                        {"role": "assistant", "content": f"Order #{i} ships tomorrow."},
                    ]
                }
            )
            for i in range(8)
        )
        + "\nnot json\n"
    )
    code, out, err = run(
        capsys,
        "eval",
        _model(emu),
        "--file",
        str(held_out),
        "-n",
        "4",
        "--seed",
        "3",
        "--config",
        str(emulator_config),
        "--out",
        str(tmp_path / "runs"),
    )
    assert code == 0, err
    assert "cost" in out and "gpt-4o-mini-2024-07-18" in out  # estimate first, the base from /models
    assert "ANSWERED" in out and "Results: " in out
    assert "skipped 1 lines (1 not valid JSON)" in err
    path = Path(out.split("Results: ")[1].strip())
    assert path.parent == tmp_path / "runs" and len(load_results(path)[1]) == 4


@pytest.mark.parametrize(
    ("args", "code", "said"),
    [
        ((), 2, "name the model"),
        (("ft:nope", "--file", "/nonexistent/f.jsonl", "--base", "b"), 2, "cannot read"),
        (("ft:nope",), 2, "--file"),
    ],
)
def test_eval_usage_errors_say_what_to_do(
    emu: Emu, emulator_config: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], code: int, said: str
) -> None:
    result, _out, err = run(capsys, "eval", *args, "--config", str(emulator_config))
    assert result == code and said in err and "Traceback" not in err


def test_a_file_without_usable_examples_is_refused_before_anything_is_sent(
    emu: Emu, emulator_config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"messages": [{"role": "user", "content": "no answer"}]}) + "\n")
    emu.emulator.chaos.reset_counts()
    code, _, err = run(capsys, "eval", _model(emu), "--file", str(bad), "--config", str(emulator_config))
    assert code == 1 and "no usable example" in err and "1 no assistant turn" in err
    assert emu.emulator.chaos.counts[("POST", "/chat/completions")] == 0


def test_read_only_refuses_an_evaluation_before_any_request(capsys: pytest.CaptureFixture[str]) -> None:
    from ftui.cli import main

    code = main(["--read-only", "--demo", "eval", "ft:any", "--file", "/nonexistent.jsonl"])
    err = capsys.readouterr().err
    assert code == 2 and "read-only: evaluation" in err
