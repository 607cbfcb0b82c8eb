"""HTTP behaviour: faults, auth, refusal, URL forms, files and models."""

from __future__ import annotations

import io
import json
import urllib.error
import urllib.request
from typing import Any

import openai
import pytest
from openai import OpenAI

from ftui.emulator import Emulator, ManualClock
from tests.emulator.conftest import chat_rows, upload


def _get(url: str, key: str = "sk-test") -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(url, headers={"Authorization": f"Bearer {key}"})
    try:
        with urllib.request.urlopen(req, timeout=5) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def test_injected_429_has_retry_after_headers(emu: Emulator) -> None:
    emu.inject("429")
    status, headers, body = _get(emu.base_url + "/fine_tuning/jobs")
    assert status == 429
    assert headers["Retry-After"] == "1" and headers["retry-after-ms"] == "1000"
    error = json.loads(body)["error"]
    assert error["type"] == "requests" and error["code"] == "rate_limit_exceeded"
    assert _get(emu.base_url + "/fine_tuning/jobs")[0] == 200


def test_injected_faults_apply_to_the_next_n_requests(emu: Emulator, client: OpenAI) -> None:
    emu.inject("500", count=2)
    for _ in range(2):
        with pytest.raises(openai.InternalServerError):
            client.models.list()
    emu.inject("403")
    with pytest.raises(openai.PermissionDeniedError):
        client.models.list()
    assert client.models.list().data


def test_drop_closes_the_connection_without_a_response(emu: Emulator, client: OpenAI) -> None:
    emu.inject("drop")
    with pytest.raises((urllib.error.URLError, ConnectionError)):
        _get(emu.base_url + "/models")
    emu.inject("drop")
    with pytest.raises(openai.APIConnectionError):
        client.models.list()
    assert client.models.list().data


def _outcomes(seed: int) -> list[Any]:
    with Emulator(clock=ManualClock(), seed=seed, fail_rate=0.5) as emu:
        out: list[Any] = []
        for _ in range(30):
            try:
                out.append(_get(emu.base_url + "/models")[0])
            except (urllib.error.URLError, ConnectionError):
                out.append("drop")
        return out


def test_fail_rate_is_deterministic_per_seed() -> None:
    first = _outcomes(5)
    assert first == _outcomes(5)
    assert {200, 429, 500, "drop"} <= set(first)
    assert first != _outcomes(6)


def test_require_key_gives_401_without_echoing_the_key(clock: ManualClock) -> None:
    secret = "sk-proj-abcdefghijklmnop123456"
    wrong = "sk-proj-zyxwvutsrqponmlk654321"
    with Emulator(clock=clock, require_key=secret) as emu:
        with pytest.raises(openai.AuthenticationError) as info:
            OpenAI(api_key=wrong, base_url=emu.base_url, max_retries=0).fine_tuning.jobs.list()
        message = info.value.message
        assert "Incorrect API key provided: sk-pr" in message and "4321" in message
        assert wrong not in message and secret not in message
        assert info.value.code == "invalid_api_key"
        status, _, body = _get(emu.base_url + "/models", key="")
        assert status == 401 and "didn't provide an API key" in json.loads(body)["error"]["message"]
        assert OpenAI(api_key=secret, base_url=emu.base_url, max_retries=0).models.list().data


def test_any_key_is_accepted_without_require_key(emu: Emulator) -> None:
    assert _get(emu.base_url + "/models", key="whatever")[0] == 200


def test_refuse_create_gives_the_wind_down_403(clock: ManualClock) -> None:
    with Emulator(clock=clock, refuse_create=True) as emu:
        client = OpenAI(api_key="sk-test", base_url=emu.base_url, max_retries=0)
        file_id = upload(client, chat_rows(10))
        with pytest.raises(openai.PermissionDeniedError) as info:
            client.fine_tuning.jobs.create(model="gpt-4o-mini", training_file=file_id)
        assert info.value.code == "fine_tuning_not_allowed"
        assert "winding down self-serve fine-tuning" in info.value.message
        assert client.fine_tuning.jobs.list().data == []


def test_trailing_slashes_query_strings_and_unknown_urls(emu: Emulator) -> None:
    assert _get(emu.base_url + "/models/")[0] == 200
    assert _get(emu.base_url + "/fine_tuning/jobs/?limit=3&after=")[0] == 200
    assert _get(emu.base_url + "/models/gpt-4o-mini-2024-07-18/?x=1")[0] == 200
    status, _, body = _get(emu.base_url + "/nothing/here")
    assert status == 404 and json.loads(body)["error"]["message"] == "Invalid URL (GET /v1/nothing/here)"
    assert _get(emu.base_url.removesuffix("/v1") + "/models")[0] == 404


def test_bad_requests_name_their_param(client: OpenAI) -> None:
    file_id = upload(client, chat_rows(10))
    cases: list[tuple[dict[str, Any], str]] = [
        ({"model": "gpt-nope"}, "model"),
        (
            {"method": {"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": 0}}}},
            "method.supervised.hyperparameters.n_epochs",
        ),
        (
            {"method": {"type": "supervised", "supervised": {"hyperparameters": {"batch_size": 300}}}},
            "method.supervised.hyperparameters.batch_size",
        ),
        (
            {"method": {"type": "supervised", "supervised": {"hyperparameters": {"learning_rate_multiplier": 0}}}},
            "method.supervised.hyperparameters.learning_rate_multiplier",
        ),
        ({"method": {"type": "dpo", "dpo": {"hyperparameters": {"beta": 2.5}}}}, "method.dpo.hyperparameters.beta"),
        ({"hyperparameters": {"n_epochs": 51}}, "hyperparameters.n_epochs"),
        ({"training_file": "file-missing"}, "training_file"),
        ({"suffix": "x" * 65}, "suffix"),
        ({"model": "o4-mini-2025-04-16"}, "method.type"),
    ]
    for override, param in cases:
        body = {"model": "gpt-4o-mini", "training_file": file_id, **override}
        with pytest.raises(openai.BadRequestError) as info:
            client.fine_tuning.jobs.create(**body)
        assert info.value.param == param, override
        assert info.value.type == "invalid_request_error"
    with pytest.raises(openai.NotFoundError):
        client.fine_tuning.jobs.retrieve("ftjob-nope")


def test_files_round_trip(client: OpenAI) -> None:
    payload = b'{"messages": []}\n'
    created = client.files.create(file=("data.jsonl", io.BytesIO(payload)), purpose="fine-tune")
    assert (created.filename, created.bytes, created.purpose) == ("data.jsonl", len(payload), "fine-tune")
    assert client.files.content(created.id).read() == payload
    other = client.files.create(file=("b.jsonl", io.BytesIO(b"{}")), purpose="batch")
    assert [f.id for f in client.files.list(purpose="batch")] == [other.id]
    assert [f.id for f in client.files.list(order="asc")] == [created.id, other.id]
    page = client.files.list(limit=1)
    assert [f.id for f in page.data] == [other.id] and page.has_more
    assert client.files.delete(created.id).deleted
    with pytest.raises(openai.NotFoundError):
        client.files.retrieve(created.id)


def test_models_list_base_and_fine_tuned(client: OpenAI) -> None:
    ids = [m.id for m in client.models.list()]
    assert "gpt-4o-mini-2024-07-18" in ids and "gpt-4.1-nano-2025-04-14" in ids and "o4-mini-2025-04-16" in ids
    assert not any(i.startswith("ft:") for i in ids)
    with pytest.raises(openai.NotFoundError):
        client.models.retrieve("gpt-nope")
