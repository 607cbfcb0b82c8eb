"""Schema fidelity of the evaluation endpoints: chat completions (plain, every streamed chunk,
errors), the model list, a model and a deleted model validate against the schemas OpenAI's
OpenAPI spec names; the SDK's chat requests pass the Prism-style request check."""

from __future__ import annotations

import http.client
import json
from typing import Any

import openai
import pytest
from openai import OpenAI

from ftui.emulator import Emulator
from tests.emulator.spec import load_spec, request_violations, spec_path, violations

pytestmark = pytest.mark.skipif(
    not spec_path().is_file(), reason=f"OpenAI spec not found at {spec_path()} (set FTUI_SHARED_DIR)"
)

HI = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "How do I reset my password?"}]


def _sse_chunks(emu: Emulator, body: dict[str, Any]) -> list[Any]:
    """POST a streamed request over plain HTTP and return the decoded ``data:`` payloads."""
    conn = http.client.HTTPConnection("127.0.0.1", emu.port, timeout=10)
    try:
        conn.request(
            "POST",
            "/v1/chat/completions",
            body=json.dumps(body),
            headers={"Content-Type": "application/json", "Authorization": "Bearer sk-test"},
        )
        resp = conn.getresponse()
        assert resp.status == 200 and resp.getheader("Content-Type", "").startswith("text/event-stream")
        text = resp.read().decode()
    finally:
        conn.close()
    events = [block.removeprefix("data: ") for block in text.split("\n\n") if block.strip()]
    assert events[-1] == "[DONE]"
    return [json.loads(e) for e in events[:-1]]


def _nullable(node: Any) -> Any:
    """OpenAPI 3.0's ``nullable: true`` as JSON Schema: the node *or* null (also next to an ``enum`` or a
    ``$ref``, which spec.py's type-only translation misses: finish_reason and usage are null mid-stream)."""
    if isinstance(node, list):
        return [_nullable(x) for x in node]
    if not isinstance(node, dict):
        return node
    out = {k: _nullable(v) for k, v in node.items()}
    if out.pop("nullable", None) is True:
        return {"anyOf": [out, {"type": "null"}]}
    return out


def _chunk_problems(chunks: list[Any]) -> list[str]:
    from jsonschema import Draft202012Validator

    components = _nullable(load_spec()["components"])
    validator = Draft202012Validator(
        {"$ref": "#/components/schemas/CreateChatCompletionStreamResponse", "components": components}
    )
    return [
        f"chunk {i} at /{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}"
        for i, chunk in enumerate(chunks)
        for e in validator.iter_errors(chunk)
    ]


def test_chat_and_models_responses_match_the_spec() -> None:
    records: list[tuple[str, str, int, Any]] = []
    with Emulator(seed=0) as emu:
        jobs = emu.seed_demo()
        emu.on_response = lambda *record: records.append(record)
        client = OpenAI(api_key="sk-test", base_url=emu.base_url, max_retries=0, timeout=10)
        model = client.fine_tuning.jobs.retrieve(jobs["succeeded"]).fine_tuned_model
        assert model
        client.chat.completions.create(model=model, messages=HI, seed=1)
        client.chat.completions.create(model="gpt-4o-mini", messages=HI, seed=1, n=2, max_completion_tokens=4)
        client.chat.completions.create(model="o4-mini", messages=HI, max_completion_tokens=5, temperature=1)
        list(
            client.chat.completions.create(
                model=model, messages=HI, stream=True, stream_options={"include_usage": True}
            )
        )
        client.models.list()
        client.models.retrieve(model)
        client.models.retrieve("gpt-4o-mini-2024-07-18")
        checkpoint = next(m.id for m in client.models.list() if ":ckpt-step-" in m.id)
        client.models.delete(checkpoint)
        client.models.delete(model)
        for call in (
            lambda: client.models.retrieve(model),
            lambda: client.models.delete("gpt-4o-mini"),
            lambda: client.chat.completions.create(model=model, messages=HI),
            lambda: client.chat.completions.create(model="gpt-4o-mini", messages=[]),
        ):
            with pytest.raises(openai.APIStatusError):
                call()
        emu.inject("429")
        with pytest.raises(openai.RateLimitError):
            client.chat.completions.create(model="gpt-4o-mini", messages=HI)
        plain_chunks = _sse_chunks(emu, {"model": "gpt-4o-mini", "messages": HI, "stream": True, "n": 2})
        usage_chunks = _sse_chunks(
            emu,
            {
                "model": "gpt-4o-mini",
                "messages": HI,
                "stream": True,
                "stream_options": {"include_usage": True, "include_obfuscation": False},
            },
        )
        sdk_requests = [
            r
            for r in emu.chaos.log  # all but the deliberately empty conversation
            if r.template == "/chat/completions" and json.loads(r.body)["messages"]
        ]

    templates = {(m, t, s) for m, t, s, _ in records}
    assert {
        ("POST", "/chat/completions", 200),
        ("GET", "/models", 200),
        ("GET", "/models/{model}", 200),
        ("DELETE", "/models/{model}", 200),
        ("GET", "/models/{model}", 404),
        ("DELETE", "/models/{model}", 403),
        ("POST", "/chat/completions", 404),
        ("POST", "/chat/completions", 400),
        ("POST", "/chat/completions", 429),
    } <= templates
    problems, checked = violations(records)
    assert problems == [], "\n".join(problems)
    assert checked >= 14
    assert _chunk_problems(plain_chunks + usage_chunks) == []
    assert {c["choices"][0]["index"] for c in plain_chunks} == {0, 1}
    assert usage_chunks[-1]["choices"] == [] and usage_chunks[-1]["usage"]["total_tokens"] > 0
    assert all("obfuscation" not in c for c in usage_chunks) and "obfuscation" in plain_chunks[0]
    req_problems, req_checked = request_violations(sdk_requests)
    assert req_problems == [] and req_checked == len(sdk_requests) >= 6


def test_the_chunk_check_is_not_vacuous() -> None:
    good = {
        "id": "chatcmpl-x",
        "object": "chat.completion.chunk",
        "created": 1,
        "model": "m",
        "choices": [{"index": 0, "delta": {"content": "hi"}, "finish_reason": None}],
    }
    assert _chunk_problems([good]) == []
    assert _chunk_problems([{**good, "choices": [{"index": 0, "delta": {}, "finish_reason": "done"}]}])
    assert _chunk_problems([{k: v for k, v in good.items() if k != "model"}])
    assert violations([("POST", "/chat/completions", 200, {"id": "x", "object": "chat.completion"})])[0]
    assert violations([("GET", "/models", 200, {"object": "list", "data": [{"id": "m"}]})])[0]
