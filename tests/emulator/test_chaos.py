"""The emulator's hostile modes (``--chaos``), seen from a plain HTTP client."""

from __future__ import annotations

import http.client
import json
import time
from typing import Any

import pytest

from ftui.emulator import Emulator, ManualClock, chaos_payloads
from ftui.emulator.chaos import SCENARIOS, parse_scenarios
from ftui.emulator.cli import configure_parser, run


def _get(emu: Emulator, path: str, method: str = "GET", body: bytes | None = None) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", emu.port, timeout=10)
    try:
        conn.request(method, "/v1" + path, body=body, headers={"Content-Type": "application/json"} if body else {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


@pytest.fixture
def demo() -> Any:
    with Emulator(seed=2, clock=ManualClock(), trickle_delay=0.02) as emu:
        yield emu, emu.seed_demo()


@pytest.mark.parametrize(
    "path",
    [
        "/fine_tuning/jobs?limit=2",
        "/files?limit=2",
        "/fine_tuning/jobs/{job}/events?limit=2",
        "/fine_tuning/jobs/{job}/checkpoints?limit=1",
    ],
)
def test_endless_lists_never_end(demo: Any, path: str) -> None:
    emu, jobs = demo
    path = path.format(job=jobs["succeeded"])
    emu.chaos.set("endless-pages")
    first = json.loads(_get(emu, path)[2])
    again = json.loads(_get(emu, path + f"&after={first['data'][-1]['id']}")[2])
    assert first["has_more"] and again == first, "the same page, the same cursor, forever"
    emu.chaos.set("endless-fresh")
    one = json.loads(_get(emu, path)[2])
    two = json.loads(_get(emu, path + f"&after={one['data'][-1]['id']}")[2])
    assert one["has_more"] and two["has_more"]
    assert not {d["id"] for d in one["data"]} & {d["id"] for d in two["data"]}, "fresh ids on every page"


def test_retry_after_huge_bad_json_and_trickle(demo: Any) -> None:
    emu, jobs = demo
    emu.chaos.set("retry-after-huge")
    status, headers, _ = _get(emu, "/fine_tuning/jobs")
    assert status == 429 and headers["Retry-After"] == "3600"
    emu.chaos.set("bad-json")
    status, _, body = _get(emu, f"/fine_tuning/jobs/{jobs['running']}")
    assert status == 200
    with pytest.raises(ValueError):
        json.loads(body)
    emu.chaos.set("trickle")
    start = time.monotonic()
    status, _, body = _get(emu, "/models/gpt-4o-mini-2024-07-18")
    assert status == 200 and json.loads(body)["id"] == "gpt-4o-mini-2024-07-18"
    assert time.monotonic() - start >= 0.02 * (len(body) - 1) * 0.9, "one byte per delay"


def test_lost_create_makes_the_job_but_drops_the_answer(demo: Any) -> None:
    emu, _ = demo
    train = next(f for f in emu.store.files.values() if f.filename == "support_train.jsonl")
    before = len(emu.store.jobs)
    emu.chaos.set("lost-create")
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        _get(
            emu,
            "/fine_tuning/jobs",
            "POST",
            json.dumps({"model": "gpt-4o-mini-2024-07-18", "training_file": train.id}).encode(),
        )
    assert len(emu.store.jobs) == before + 1


def test_flaky_uses_the_fault_injection_and_requests_are_counted(demo: Any) -> None:
    with Emulator(seed=4, clock=ManualClock(), chaos="flaky") as emu:
        assert emu.faults.fail_rate == pytest.approx(0.2)
        statuses = []
        for _ in range(40):
            try:
                statuses.append(_get(emu, "/fine_tuning/jobs")[0])
            except (http.client.RemoteDisconnected, ConnectionError):
                statuses.append(0)
        assert 2 <= sum(s != 200 for s in statuses) <= 20
        assert emu.chaos.counts[("GET", "/fine_tuning/jobs")] == 40 == emu.chaos.total


def test_payload_scenarios_are_applied_to_json_bodies_and_listed_in_help(
    demo: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    emu, jobs = demo
    seen: list[tuple[str, str, str]] = []

    def mutate(scenario: str, method: str, path: str, body: object) -> object:
        seen.append((scenario, method, path))
        return {**body, "status": None} if isinstance(body, dict) and "status" in body else body

    monkeypatch.setitem(chaos_payloads.SCENARIOS, "nulls", "fields become null")
    monkeypatch.setattr(chaos_payloads, "mutate", mutate)
    emu.chaos.set("nulls")
    body = json.loads(_get(emu, f"/fine_tuning/jobs/{jobs['running']}")[2])
    assert body["status"] is None and seen == [("nulls", "GET", f"/v1/fine_tuning/jobs/{jobs['running']}")]
    import argparse

    parser = argparse.ArgumentParser(prog="ftui emulator")
    configure_parser(parser)
    text = parser.format_help()
    assert all(name in text for name in SCENARIOS) and "nulls" in text and "fields become null" in text
    assert parse_scenarios("nulls,trickle") == ("nulls", "trickle")


def test_an_unknown_scenario_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    import argparse

    parser = argparse.ArgumentParser()
    configure_parser(parser)
    assert run(parser.parse_args(["--chaos", "endless-pages,typo"])) == 2
    assert "unknown chaos scenario typo" in capsys.readouterr().out
