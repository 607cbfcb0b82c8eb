"""The chaos payload contract the emulator's ``--chaos`` framework relies on: pure, deterministic, hostile."""

from __future__ import annotations

import copy
import json

import pytest

from ftui.emulator.chaos_payloads import HUGE_FIELD, SCENARIOS, Reply, mutate

JOB = {
    "object": "fine_tuning.job",
    "id": "ftjob-1",
    "model": "gpt-4o-mini",
    "status": "succeeded",
    "created_at": 1735689600,
    "trained_tokens": 1000,
    "result_files": ["file-r"],
    "user_provided_suffix": "s",
    "hyperparameters": {"n_epochs": 3},
    "method": {"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": 3}}},
}
EVENTS = {
    "object": "list",
    "has_more": True,
    "data": [
        {
            "object": "fine_tuning.job.event",
            "id": f"ev-{i}",
            "created_at": 1735689600 + i,
            "level": "info",
            "message": f"Step {i}",
            "type": "metrics",
            "data": {"step": i, "train_loss": 1.0 / i, "total_steps": 30},
        }
        for i in range(1, 31)
    ],
}
CSV = b"step,train_loss,valid_loss\n1,2.0,\n2,1.5,1.7\n"
PATHS = [
    ("/v1/fine_tuning/jobs/ftjob-1", JOB),
    ("/v1/fine_tuning/jobs/ftjob-1/events?limit=100", EVENTS),
    ("/v1/fine_tuning/jobs", {"object": "list", "data": [JOB, JOB], "has_more": False}),
]


def test_scenarios_are_named_and_described() -> None:
    assert {"nulls", "wrong-types", "nan", "huge-fields", "bad-result-file", "null-pages"} <= set(SCENARIOS)
    assert all(isinstance(text, str) and text and "\n" not in text for text in SCENARIOS.values())


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_mutate_is_pure_and_deterministic(scenario: str) -> None:
    for path, body in PATHS:
        before = copy.deepcopy(body)
        first = mutate(scenario, "GET", path, body)
        assert body == before, "the input is never modified"
        second = mutate(scenario, "GET", path, copy.deepcopy(body))
        assert json.dumps(first, allow_nan=True, sort_keys=True, default=repr) == json.dumps(
            second, allow_nan=True, sort_keys=True, default=repr
        )


@pytest.mark.parametrize("scenario", sorted(set(SCENARIOS) - {"bad-result-file"}))
def test_each_scenario_breaks_something_and_leaves_writes_alone(scenario: str) -> None:
    changed = [mutate(scenario, "GET", path, body) != body for path, body in PATHS]
    assert any(changed), f"{scenario} changes at least one of the emulator's answers"
    assert mutate(scenario, "POST", "/v1/fine_tuning/jobs", JOB) is JOB
    assert mutate("no-such-scenario", "GET", PATHS[0][0], JOB) is JOB


def test_named_breakages() -> None:
    wrong = [mutate("wrong-types", "GET", f"/v1/fine_tuning/jobs/ftjob-{i}", JOB) for i in range(40)]
    assert any(isinstance(job.get("method"), str) for job in wrong)
    assert any(isinstance(job.get("hyperparameters"), list) for job in wrong)
    assert any(job.get("trained_tokens") == "lots" for job in wrong)
    huge = mutate("huge-fields", "GET", "/v1/fine_tuning/jobs/ftjob-1", JOB)
    assert max(len(v) for v in huge.values() if isinstance(v, str)) >= HUGE_FIELD - 10
    nulls = mutate("null-pages", "GET", "/v1/fine_tuning/jobs", PATHS[2][1])
    assert nulls["data"] is None
    nan = json.dumps(mutate("nan", "GET", PATHS[1][0], EVENTS), allow_nan=True)
    assert "NaN" in nan or "Infinity" in nan


def test_bad_result_file_breaks_only_metrics_files() -> None:
    replies = [mutate("bad-result-file", "GET", f"/v1/files/file-{i}/content", CSV) for i in range(40)]
    assert all(isinstance(reply, Reply) for reply in replies)
    assert {reply.status for reply in replies} >= {200, 404, 406}
    assert mutate("bad-result-file", "GET", "/v1/files/file-1/content", b'{"messages": []}\n') == b'{"messages": []}\n'
    assert mutate("bad-result-file", "GET", "/v1/fine_tuning/jobs/ftjob-1", JOB) is JOB
