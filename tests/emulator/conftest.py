"""Fixtures for the emulator tests: a started emulator on a manual clock and
a real ``openai`` client pointed at it over HTTP."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
from openai import OpenAI

from ftui.emulator import Emulator, ManualClock


def chat_rows(count: int, tag: str = "q") -> list[dict[str, Any]]:
    """Return ``count`` valid chat SFT examples."""
    return [
        {
            "messages": [
                {"role": "system", "content": "You are terse."},
                {"role": "user", "content": f"{tag} question {i}?"},
                {"role": "assistant", "content": f"answer {i}"},
            ]
        }
        for i in range(count)
    ]


def dpo_rows(count: int) -> list[dict[str, Any]]:
    """Return ``count`` valid DPO examples."""
    return [
        {
            "input": {"messages": [{"role": "user", "content": f"hi {i}"}]},
            "preferred_output": [{"role": "assistant", "content": "Hello, happy to help!"}],
            "non_preferred_output": [{"role": "assistant", "content": "What."}],
        }
        for i in range(count)
    ]


def jsonl(rows: list[Any]) -> bytes:
    """Serialise rows (dicts, or raw strings kept as-is) as JSONL bytes."""
    return "\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows).encode() + b"\n"


def upload(client: OpenAI, rows: list[Any], name: str = "train.jsonl") -> str:
    """Upload rows as a fine-tune file and return its id."""
    return client.files.create(file=(name, io.BytesIO(jsonl(rows))), purpose="fine-tune").id


@pytest.fixture
def clock() -> ManualClock:
    """A manual clock starting at 2026-01-01T00:00:00Z."""
    return ManualClock(start=1_767_225_600.0)


@pytest.fixture
def emu(clock: ManualClock) -> Iterator[Emulator]:
    """A started emulator at speed 1 on the manual clock."""
    with Emulator(clock=clock, seed=0) as server:
        yield server


@pytest.fixture
def client(emu: Emulator) -> Iterator[OpenAI]:
    """A real OpenAI SDK client talking HTTP to ``emu`` without retries."""
    sdk = OpenAI(api_key="sk-test", base_url=emu.base_url, max_retries=0, timeout=10)
    yield sdk
    sdk.close()


def run_to(
    clock: ManualClock, client: OpenAI, job_id: str, status: str, step: float = 5.0, limit: float = 100_000.0
) -> Any:
    """Advance ``clock`` in ``step``-second hops until the job reaches ``status``."""
    spent = 0.0
    while spent <= limit:
        job = client.fine_tuning.jobs.retrieve(job_id)
        if job.status == status:
            return job
        clock.advance(step)
        spent += step
    raise AssertionError(f"{job_id} never reached {status}")
