"""Malformed payloads over real HTTP through the real ``openai`` SDK: records survive, lists lose one item at most.

Each server answer here is one a broken or hostile OpenAI-compatible server could send.
The rule checked: a bad field becomes unknown (and is noted), a bad item is skipped
and counted, a bad answer is a clear :class:`ProviderError` — never another exception,
never a lost list, never a 10 MB string in a record.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from ftui.emulator.chaos_payloads import Reply
from ftui.providers import InvalidRequestError, JobStatus, Profile, ProviderError, UnavailableError, make_provider
from ftui.providers.base import Provider
from ftui.providers.errors import BadResponseError, UnreadableResultError
from ftui.providers.tolerant import ID_LIMIT, MESSAGE_LIMIT, TEXT_LIMIT
from tests.providers.hostile_payloads import CSV, JOBS, MB10, event, events_route, good_job, page, succeeded_job
from tests.providers.hostile_server import HostileServer, status


@pytest.fixture
def served() -> Iterator[tuple[HostileServer, Provider]]:
    """A hostile server with no routes yet, and an OpenAI provider on it without SDK retries."""
    with HostileServer() as server:
        provider = make_provider(Profile("hostile", "emulator", {"base_url": server.base_url, "max_retries": 0}))
        try:
            yield server, provider
        finally:
            provider.close()


def test_one_malformed_job_never_takes_down_the_list(served: tuple[HostileServer, Provider]) -> None:
    server, provider = served
    items = [
        good_job("ftjob-good"),
        good_job("ftjob-method-string", method="dpo", hyperparameters=[1, 2, 3]),
        good_job("ftjob-lots", trained_tokens="lots", created_at="yesterday", status=5, result_files="file-one"),
        good_job("ftjob-huge", user_provided_suffix=MB10, model=MB10, error="plain string error"),
        good_job(
            "ftjob-nulls",
            **dict.fromkeys(
                ("model", "created_at", "status", "method", "hyperparameters", "error", "result_files", "training_file")
            ),
        ),
        "not an object",
        None,
        42,
        {"object": "fine_tuning.job"},
        {"id": ""},
        good_job("x" * 5000),
    ]
    server.routes[JOBS] = page(items)
    result = provider.list_jobs_page(None, 50)
    jobs = {job.id[:20]: job for job in result.jobs}
    assert result.skipped == 5 and len(result.jobs) == 6
    assert jobs["ftjob-good"].problems == () and jobs["ftjob-good"].hyperparameters == {"n_epochs": 3}
    method = jobs["ftjob-method-string"]
    assert method.method == "dpo" and method.hyperparameters == {} and method.problems
    lots = jobs["ftjob-lots"]
    assert lots.trained_tokens is None and lots.created_at is None and lots.status is JobStatus.UNKNOWN
    assert lots.native_status == "5" and lots.result_files == ("file-one",)
    assert any("trained_tokens" in p for p in lots.problems)
    huge = jobs["ftjob-huge"]
    assert len(huge.name or "") <= TEXT_LIMIT and len(huge.base_model) <= TEXT_LIMIT and huge.name.endswith("…")
    assert huge.error is not None and huge.error.message == "plain string error"
    assert len(json.dumps(huge.raw)) < 20_000, "the raw payload kept is capped too"
    nulls = jobs["ftjob-nulls"]
    assert nulls.status is JobStatus.UNKNOWN and nulls.base_model == "" and nulls.method == ""
    long_id = next(job for job in result.jobs if job.id.startswith("xxx"))
    assert len(long_id.id) == ID_LIMIT and long_id.id.endswith("…")
    notes = provider.notes.drain()
    assert any("skipped 5 malformed jobs" in note for note in notes), notes
    assert any("ftjob-lots" in note and "trained_tokens" in note for note in notes)


@pytest.mark.parametrize(
    "answer",
    [
        page(None, has_more=True),
        page("junk"),
        {"object": "list"},
        {"data": {"id": "x"}, "has_more": True},
    ],
)
def test_a_null_or_broken_page_is_an_empty_page(served: tuple[HostileServer, Provider], answer: Any) -> None:
    server, provider = served
    server.routes[JOBS] = answer
    result = provider.list_jobs_page(None, 50)
    assert result.jobs == () and result.next_cursor is None
    assert list(provider.iter_jobs()) == []


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (Reply(200, b'{"object": "list", "data": [', "application/json"), BadResponseError),
        (Reply(200, b"[1, 2, 3]", "application/json"), BadResponseError),
        (Reply(200, b"<html>maintenance</html>", "text/html"), BadResponseError),
        (Reply(200, b"", "application/json"), BadResponseError),
    ],
)
def test_a_body_that_is_not_a_page_is_a_clear_error(
    served: tuple[HostileServer, Provider], answer: Reply, expected: type[ProviderError]
) -> None:
    server, provider = served
    server.routes[JOBS] = answer
    with pytest.raises(expected) as caught:
        provider.list_jobs_page(None, 50)
    assert "Listing jobs" in caught.value.message and isinstance(caught.value, UnavailableError)


def test_retrieve_with_every_field_wrong(served: tuple[HostileServer, Provider]) -> None:
    server, provider = served
    server.routes[f"{JOBS}/ftjob-w"] = {
        "id": "ftjob-w",
        "model": {"name": "m"},
        "created_at": [1],
        "finished_at": "soon",
        "status": ["running"],
        "training_file": 7,
        "validation_file": ["f"],
        "result_files": {"a": 1},
        "trained_tokens": -1.5,
        "fine_tuned_model": {"x": 1},
        "error": 42,
        "hyperparameters": "auto",
        "method": 7,
        "seed": "s",
        "estimated_finish": float("inf"),
        "user_provided_suffix": ["s"],
        "metadata": "m",
    }
    job = provider.get_job("ftjob-w")
    assert job.id == "ftjob-w" and job.status is JobStatus.UNKNOWN and job.base_model == ""
    assert job.created_at is job.finished_at is job.estimated_finish is None
    assert job.trained_tokens is None and job.result_files == () and job.fine_tuned_model is None
    assert job.training_file == "7" and job.validation_file is None and job.name is None
    assert len(job.problems) >= 8
    assert any("ftjob-w" in note for note in provider.notes.drain())


@pytest.mark.parametrize("body", [b'"just a string"', b"null", b"17", b'{"object": "fine_tuning.job", "id": NaN'])
def test_retrieve_of_a_non_object_is_a_clear_error(served: tuple[HostileServer, Provider], body: bytes) -> None:
    server, provider = served
    server.routes[f"{JOBS}/ftjob-s"] = Reply(200, body)
    with pytest.raises(BadResponseError):
        provider.get_job("ftjob-s")


def test_retrieve_without_an_id_uses_the_id_asked_for(served: tuple[HostileServer, Provider]) -> None:
    server, provider = served
    server.routes[f"{JOBS}/ftjob-noid"] = {"status": "succeeded", "model": "m"}
    job = provider.get_job("ftjob-noid")
    assert job.id == "ftjob-noid" and job.status is JobStatus.SUCCEEDED


def test_events_survive_nan_wrong_steps_null_data_and_junk(served: tuple[HostileServer, Provider]) -> None:
    server, provider = served
    items = [
        event(1),
        event(2, data={"step": "abc", "train_loss": 0.5}),
        event(3, data=None),
        event(4, data={"step": 4, "train_loss": float("nan"), "valid_loss": 0.9}),
        event(5, data={"step": 5, "train_loss": float("inf")}),
        "junk",
        None,
        {"message": "no id"},
        event(6, data="not-an-object", message=MB10),
        event(7, data={"step": "ten"}, type="metrics", message="Step 7/10: training loss=nan"),
        event(8, level=["warn"], created_at="noon", data={"step": [8]}, message="no step here"),
        event(9),
    ]
    server.routes[f"{JOBS}/ftjob-e/events"] = events_route(items)
    events = provider.new_events("ftjob-e")
    assert [e.id for e in events] == [f"ftevent-{i:03d}" for i in range(1, 10)], "only the id-less items are gone"
    by_id = {e.id: e for e in events}
    two = by_id["ftevent-002"]
    assert two.problems and two.metrics is not None and two.metrics.step == 2, "the message's step is used"
    assert by_id["ftevent-003"].metrics is not None, "data: null falls back to the message"
    four = by_id["ftevent-004"].metrics
    assert four is not None and four.train_loss is None and four.valid_loss == 0.9
    assert by_id["ftevent-005"].metrics is None or by_id["ftevent-005"].metrics.train_loss is None
    assert len(by_id["ftevent-006"].message) <= MESSAGE_LIMIT
    assert by_id["ftevent-007"].metrics is None, "a NaN in the message is not a point"
    eight = by_id["ftevent-008"]
    assert eight.level == "info" and eight.created_at is None and eight.metrics is None and len(eight.problems) == 3
    notes = provider.notes.drain()
    assert notes, "what was unreadable is said"
    # The cursor still works past the junk: nothing new, nothing repeated.
    assert provider.new_events("ftjob-e", since="ftevent-009") == []


def test_checkpoints_with_wrong_steps(served: tuple[HostileServer, Provider]) -> None:
    server, provider = served
    base = {"object": "fine_tuning.job.checkpoint", "fine_tuning_job_id": "ftjob-c", "created_at": 1735689600}
    server.routes[f"{JOBS}/ftjob-c/checkpoints"] = page(
        [
            {
                **base,
                "id": "ckpt-1",
                "step_number": 10,
                "fine_tuned_model_checkpoint": "ft:m:ckpt-step-10",
                "metrics": {"step": 10, "train_loss": 0.5, "valid_loss": float("nan")},
            },
            {
                **base,
                "id": "ckpt-2",
                "step_number": "ten",
                "fine_tuned_model_checkpoint": "ft:m:ckpt-step-20",
                "metrics": {"step": 20, "train_loss": 0.4},
            },
            {**base, "id": "ckpt-3", "step_number": "ten", "metrics": "fine"},
            {**base, "id": "ckpt-4", "step_number": 30, "metrics": None, "fine_tuned_model_checkpoint": MB10},
            "junk",
        ]
    )
    checkpoints = provider.checkpoints("ftjob-c")
    assert [(c.id, c.step) for c in checkpoints] == [("ckpt-1", 10), ("ckpt-2", 20), ("ckpt-4", 30)]
    assert checkpoints[0].metrics is not None and checkpoints[0].metrics.valid_loss is None
    assert len(checkpoints[2].model) <= ID_LIMIT
    assert any("skipped 2 malformed checkpoints" in note for note in provider.notes.drain())


def test_files_with_wrong_fields(served: tuple[HostileServer, Provider]) -> None:
    server, provider = served
    base = {"object": "file", "purpose": "fine-tune", "status": "processed"}
    server.routes["/v1/files"] = page(
        [
            {**base, "id": "file-1", "filename": "a.jsonl", "bytes": 10, "created_at": 1735689600},
            {**base, "id": "file-2", "filename": ["b.jsonl"], "bytes": "big", "created_at": "then"},
            {**base, "id": "file-3", "filename": MB10, "bytes": -5, "created_at": None},
            {**base, "filename": "no-id.jsonl"},
            [1, 2],
        ]
    )
    files = {f.id: f for f in provider.list_files()}
    assert set(files) == {"file-1", "file-2", "file-3"}
    assert files["file-2"].filename == "" and files["file-2"].bytes is None and files["file-2"].problems
    assert len(files["file-3"].filename) <= TEXT_LIMIT and files["file-3"].bytes is None


@pytest.mark.parametrize(
    ("code", "body", "content_type", "text"),
    [
        (400, {"error": "plain string"}, "application/json", "plain string"),
        (400, {"error": {"message": "bad after", "param": ["after"]}}, "application/json", "bad after"),
        (422, {"detail": [{"msg": "field required"}]}, "application/json", "field required"),
        (500, {"error": None}, "application/json", "HTTP 500"),
        pytest.param(
            502,
            "<html><head><title>502 Bad Gateway</title></head><body>" + "x" * 100_000 + "</body></html>",
            "text/html",
            "502 Bad Gateway",
            id="html-502",
        ),
        pytest.param(
            503, "upstream connect error " + "z" * 50_000, "text/plain", "upstream connect error", id="long-503"
        ),
    ],
)
def test_error_bodies_keep_their_text_shortened(
    served: tuple[HostileServer, Provider], code: int, body: Any, content_type: str, text: str
) -> None:
    server, provider = served
    server.routes[f"{JOBS}/ftjob-err"] = status(code, body, content_type)
    with pytest.raises(ProviderError) as caught:
        provider.get_job("ftjob-err")
    assert text in caught.value.message and len(caught.value.message) < 600
    if code == 400:
        assert isinstance(caught.value, InvalidRequestError)


@pytest.mark.parametrize(
    ("answer", "why"),
    [
        (status(404, {"error": {"message": "No such File object: file-result"}}), "No such File object"),
        (status(406, "<html><title>406 Not Acceptable</title></html>", "text/html"), "406 Not Acceptable"),
        (Reply(200, bytes(range(256)) * 8, "application/octet-stream"), "not a metrics CSV"),
        (Reply(200, b"<!DOCTYPE html><html><body>Sign in</body></html>", "text/html"), "not a metrics CSV"),
        (Reply(200, b"step,train_loss\n1,nan\n2,inf\n3,-inf\n", "text/csv"), "no readable rows"),
        (Reply(200, b"", "text/csv"), "empty"),
    ],
)
def test_an_unreadable_result_file_keeps_the_events_series(
    served: tuple[HostileServer, Provider], answer: Reply, why: str
) -> None:
    from ftui.providers.follow import JobFollower

    server, provider = served
    server.routes[f"{JOBS}/ftjob-done"] = succeeded_job("ftjob-done")
    server.routes[f"{JOBS}/ftjob-done/events"] = events_route([event(i) for i in range(1, 11)])
    server.routes["/v1/files/file-result/content"] = answer
    with pytest.raises(UnreadableResultError) as caught:
        provider.final_metrics(provider.get_job("ftjob-done"))
    assert why in caught.value.message
    series = provider.metrics("ftjob-done")
    assert [p.step for p in series] == list(range(1, 11)), "the curve from the events"
    assert any(why in note and "events" in note for note in provider.notes.drain())
    follower = JobFollower(provider, "ftjob-done")
    update = follower.poll()
    assert update.finished and follower.reconciled and update.series_changed
    assert [p.step for p in follower.series] == list(range(1, 11))
    assert follower.final_note and why in follower.final_note and update.note == follower.final_note
    assert "10 steps shown come from the job's events" in follower.final_note
    before = server.total
    again = follower.poll()
    assert not again.finished and server.total - before == 2, "no more tries at the result file"


def test_a_result_file_with_some_nan_rows_keeps_the_rest(served: tuple[HostileServer, Provider]) -> None:
    server, provider = served
    server.routes[f"{JOBS}/ftjob-done"] = succeeded_job("ftjob-done")
    server.routes[f"{JOBS}/ftjob-done/events"] = events_route([event(i) for i in range(1, 4)])
    server.routes["/v1/files/file-result/content"] = Reply(
        200, (CSV + "10,nan,\n11,Infinity,0.5\nabc,1,\n").encode(), "text/csv"
    )
    series = provider.metrics("ftjob-done")
    assert [p.step for p in series] == list(range(1, 10)) + [11]
    assert series[-1].train_loss is None and series[-1].valid_loss == 0.5
    assert all(p.train_loss is None or p.train_loss == p.train_loss for p in series)
    assert any("2 unreadable rows" in note for note in provider.notes.drain())


def test_a_flaky_result_file_is_retried_not_given_up(served: tuple[HostileServer, Provider]) -> None:
    """A 503 on the result file is a fault to retry (the poll fails), not a reason to drop the final series."""
    from ftui.providers.follow import JobFollower

    server, provider = served
    server.routes[f"{JOBS}/ftjob-done"] = succeeded_job("ftjob-done")
    server.routes[f"{JOBS}/ftjob-done/events"] = events_route([event(i) for i in range(1, 4)])
    server.routes["/v1/files/file-result/content"] = status(503, {"error": {"message": "try later"}})
    follower = JobFollower(provider, "ftjob-done")
    with pytest.raises(UnavailableError):
        follower.poll()
    assert not follower.reconciled and follower.final_note is None
    server.routes["/v1/files/file-result/content"] = Reply(200, CSV.encode(), "text/csv")
    update = follower.poll()
    assert update.finished and follower.final_note is None and len(follower.series) == 9


def test_a_result_file_that_keeps_failing_is_given_up_after_a_few_polls(served: tuple[HostileServer, Provider]) -> None:
    from ftui.providers.follow import FINAL_TRIES, JobFollower

    server, provider = served
    server.routes[f"{JOBS}/ftjob-done"] = succeeded_job("ftjob-done")
    server.routes[f"{JOBS}/ftjob-done/events"] = events_route([event(i) for i in range(1, 4)])
    server.routes["/v1/files/file-result/content"] = status(500, {"error": {"message": "disk on fire"}})
    follower = JobFollower(provider, "ftjob-done")
    for _ in range(FINAL_TRIES - 1):
        with pytest.raises(UnavailableError):
            follower.poll()
    update = follower.poll()
    assert update.finished and follower.final_note and "disk on fire" in follower.final_note
    assert [p.step for p in follower.series] == [1, 2, 3]
    assert server.requests["GET /v1/files/file-result/content"] == FINAL_TRIES
