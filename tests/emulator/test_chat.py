"""Chat completions on the emulator through the real ``openai`` client over HTTP: plain and
streamed answers, tiktoken usage, token limits, request checks, seeded determinism, and
the difference between a fine-tuned model and its base on the demo's validation file."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

import openai
import pytest
from openai import OpenAI

from ftui.emulator import Emulator, ManualClock
from ftui.emulator.chat import TokenCount

BASE = "gpt-4o-mini-2024-07-18"


@pytest.fixture(scope="module")
def demo() -> Iterator[tuple[Emulator, OpenAI]]:
    """One demo emulator (jobs seeded, the succeeded one done) and a client, shared by this module."""
    with Emulator(clock=ManualClock(start=1_767_225_600.0), seed=0) as emu:
        emu.seed_demo()
        sdk = OpenAI(api_key="sk-test", base_url=emu.base_url, max_retries=0, timeout=10)
        yield emu, sdk
        sdk.close()


def _fine_tuned(client: OpenAI) -> str:
    return next(m.id for m in client.models.list() if m.id.startswith("ft:") and ":ckpt-step-" not in m.id)


def _validation(client: OpenAI, job_id: str) -> list[list[dict[str, Any]]]:
    """The demo succeeded job's validation file, as message lists (prompt + reference)."""
    job = client.fine_tuning.jobs.retrieve(job_id)
    assert job.validation_file
    text = client.files.content(job.validation_file).text
    return [json.loads(line)["messages"] for line in text.splitlines() if line.strip()]


def _succeeded(client: OpenAI) -> Any:
    return next(j for j in client.fine_tuning.jobs.list() if j.status == "succeeded")


def _f1(answer: str, reference: str) -> float:
    a, b = re.findall(r"\w+", answer.lower()), re.findall(r"\w+", reference.lower())
    common = sum((Counter(a) & Counter(b)).values())
    return 0.0 if not common else 2 * common / (len(a) + len(b))


def test_plain_completion_counts_tokens_with_tiktoken(demo: tuple[Emulator, OpenAI]) -> None:
    _, client = demo
    messages = [
        {"role": "system", "content": "You are terse."},
        {"role": "user", "content": "How do I reset my password?"},
    ]
    reply = client.chat.completions.create(model=BASE, messages=messages, seed=3)
    import tiktoken

    enc = tiktoken.get_encoding("o200k_base")
    text = reply.choices[0].message.content or ""
    assert text and reply.object == "chat.completion" and reply.model == BASE
    assert reply.choices[0].finish_reason == "stop" and reply.choices[0].message.role == "assistant"
    assert reply.usage is not None
    assert reply.usage.completion_tokens == len(enc.encode(text))
    expected_prompt = 3 + sum(3 + len(enc.encode(m["role"])) + len(enc.encode(m["content"])) for m in messages)
    assert reply.usage.prompt_tokens == expected_prompt
    assert reply.usage.total_tokens == reply.usage.prompt_tokens + reply.usage.completion_tokens
    alias = client.chat.completions.create(model="gpt-4o-mini", messages=messages, seed=3)
    assert alias.model == BASE  # an alias answers as its dated snapshot


def test_stream_delivers_the_same_answer_and_usage_last(demo: tuple[Emulator, OpenAI]) -> None:
    _, client = demo
    model = _fine_tuned(client)
    messages = [{"role": "user", "content": "Hi, how do I cancel my subscription?"}]
    plain = client.chat.completions.create(model=model, messages=messages, seed=11)
    chunks = list(
        client.chat.completions.create(
            model=model, messages=messages, seed=11, stream=True, stream_options={"include_usage": True}
        )
    )
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == plain.choices[0].message.content
    assert len(chunks) > 5  # really streamed, piece by piece
    assert {c.id for c in chunks} == {chunks[0].id} and all(c.object == "chat.completion.chunk" for c in chunks)
    assert chunks[-1].choices == [] and chunks[-1].usage == plain.usage
    assert all(c.usage is None for c in chunks[:-1])
    assert chunks[-2].choices[0].finish_reason == "stop"
    assert all(c.choices[0].finish_reason is None for c in chunks[:-2])
    no_usage = list(client.chat.completions.create(model=model, messages=messages, seed=11, stream=True))
    assert no_usage[-1].choices and no_usage[-1].choices[0].finish_reason == "stop"


def test_token_limits_end_with_length(demo: tuple[Emulator, OpenAI]) -> None:
    _, client = demo
    messages = [{"role": "user", "content": "How do I share a folder with my team?"}]
    for limit in ({"max_completion_tokens": 3}, {"max_tokens": 3}):
        reply = client.chat.completions.create(model=BASE, messages=messages, seed=1, **limit)
        assert reply.choices[0].finish_reason == "length"
        assert reply.usage is not None and reply.usage.completion_tokens == 3
    chunks = list(
        client.chat.completions.create(model=BASE, messages=messages, seed=1, max_completion_tokens=2, stream=True)
    )
    assert [c.choices[0].finish_reason for c in chunks][-1] == "length"
    stop = client.chat.completions.create(model=BASE, messages=messages, seed=1, stop=["."])
    assert "." not in (stop.choices[0].message.content or "x.") and stop.choices[0].finish_reason == "stop"


def test_same_seed_same_answer_other_seeds_add_noise(demo: tuple[Emulator, OpenAI]) -> None:
    _, client = demo
    model = _fine_tuned(client)
    rows = _validation(client, _succeeded(client).id)[:10]
    answers: dict[int, list[str]] = {}
    for seed in (1, 2, 3, 4):
        answers[seed] = [
            client.chat.completions.create(model=model, messages=r[:-1], seed=seed, temperature=0.7)
            .choices[0]
            .message.content
            or ""
            for r in rows
        ]
    again = [
        client.chat.completions.create(model=model, messages=r[:-1], seed=1, temperature=0.7).choices[0].message.content
        for r in rows
    ]
    assert again == answers[1]
    assert len({tuple(a) for a in answers.values()}) > 1  # seeded noise: some seed changes some answer
    with Emulator(clock=ManualClock(start=1_767_225_600.0), seed=0) as twin:  # a fresh server agrees
        twin.seed_demo()
        other = OpenAI(api_key="sk-test", base_url=twin.base_url, max_retries=0, timeout=10)
        assert [
            other.chat.completions.create(model=model, messages=r[:-1], seed=1, temperature=0.7)
            .choices[0]
            .message.content
            for r in rows
        ] == again


def test_fine_tuned_model_answers_like_its_data_and_the_base_does_not(demo: tuple[Emulator, OpenAI]) -> None:
    _, client = demo
    job = _succeeded(client)
    rows = _validation(client, job.id)
    assert len(rows) >= 20 and job.fine_tuned_model
    scores: dict[str, tuple[int, float]] = {}
    for model in (job.fine_tuned_model, job.model):
        exact, f1 = 0, 0.0
        for row in rows:
            reference = row[-1]["content"]
            text = (
                client.chat.completions.create(model=model, messages=row[:-1], seed=0, temperature=0)
                .choices[0]
                .message.content
                or ""
            )
            exact += text.strip() == reference.strip()
            f1 += _f1(text, reference) / len(rows)
        scores[model] = (exact, f1)
    tuned, base = scores[job.fine_tuned_model], scores[job.model]
    assert tuned[0] >= len(rows) // 2 and tuned[1] >= 0.85, tuned
    assert base[0] == 0 and base[1] <= 0.4, base
    # A prompt near (not equal to) the training data still gets the trained answer's gist.
    near = client.chat.completions.create(
        model=job.fine_tuned_model,
        seed=0,
        temperature=0,
        messages=[{"role": "user", "content": "hello, how can I reset my password please"}],
    )
    assert "Security" in (near.choices[0].message.content or "")


def test_requests_are_checked_like_the_real_api(demo: tuple[Emulator, OpenAI]) -> None:
    _, client = demo
    hi = [{"role": "user", "content": "hi"}]
    with pytest.raises(openai.NotFoundError) as nope:
        client.chat.completions.create(model="gpt-nope", messages=hi)
    assert nope.value.code == "model_not_found"
    bad: list[tuple[dict[str, Any], str | None]] = [
        ({"model": BASE}, "messages"),
        ({"model": BASE, "messages": []}, "messages"),
        ({"model": BASE, "messages": [{"role": "robot", "content": "x"}]}, "messages[0].role"),
        ({"model": BASE, "messages": [{"role": "user"}]}, "messages[0].content"),
        ({"model": BASE, "messages": hi, "temperature": 3}, "temperature"),
        ({"model": BASE, "messages": hi, "max_completion_tokens": 0}, "max_completion_tokens"),
        ({"model": BASE, "messages": hi, "stream_options": {"include_usage": True}}, "stream_options"),
        ({"model": BASE, "messages": hi, "frobnicate": 1}, None),
        ({"model": BASE, "messages": [{"role": "user", "content": "x", "weight": 1}]}, None),  # training-only key
        ({"model": "o4-mini", "messages": hi, "max_tokens": 5}, "max_tokens"),
        ({"messages": hi}, None),
    ]
    for body, param in bad:
        with pytest.raises(openai.BadRequestError) as err:
            client.post("/chat/completions", body=body, cast_to=dict)
        assert err.value.param == param, (body, err.value.message)
    ok = client.chat.completions.create(model="o4-mini", messages=hi, max_completion_tokens=5)
    assert ok.choices[0].finish_reason in ("stop", "length")


def test_token_counts_fall_back_to_a_labelled_estimate(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    from ftui.datasets.tokens import load_encoding

    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path))
    load_encoding.cache_clear()
    try:
        counter = TokenCount()
        assert not counter.exact and counter.label == "estimate: chars/4"
        assert counter.count("x" * 40) == 10 and counter.truncate("y" * 100, 5) == ("y" * 20, True)
    finally:
        load_encoding.cache_clear()
