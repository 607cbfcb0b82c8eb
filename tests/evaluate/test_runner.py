"""The runner against the emulator over real HTTP: streamed answers, faults, cancel, results files."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from ftui.evaluate.plan import EvalPlan, sample_examples
from ftui.evaluate.results import load_results, save_results, save_verdicts
from ftui.evaluate.runner import CANCELLED, EvalRun
from tests.evaluate.conftest import Demo, start_demo

CHAT = ("POST", "/chat/completions")


def _plan(demo: Demo, n: int = 6, workers: int = 4) -> EvalPlan:
    return EvalPlan("demo", demo.model, demo.job.base_model, demo.valid, n=n, seed=1, max_tokens=200, workers=workers)


def test_both_models_answer_streamed_and_the_fine_tuned_one_scores_higher(demo: Demo) -> None:
    plan = _plan(demo)
    updates: list[tuple[int, str]] = []
    lock = threading.Lock()

    def on_update(position: int, side: str) -> None:
        with lock:
            updates.append((position, side))

    run = EvalRun(demo.provider, plan, sample_examples(plan.file, plan.n, plan.seed), on_update)
    run.start()
    assert run.wait(60)
    assert all(r.a.answered and r.b.answered for r in run.results)
    assert len(updates) > 2 * 2 * plan.n  # pieces arrived one by one, then each side's end
    assert all(r.a.first_token is not None and r.a.output_tokens for r in run.results)
    summary = run.summary()
    assert summary.a.f1 is not None and summary.b.f1 is not None and summary.a.f1 > summary.b.f1 + 0.3
    assert run.first_token_at is not None and run.first_answer_at is not None
    assert run.requests == 2 * plan.n == demo.emulator.chaos.counts[CHAT]


def test_under_twenty_percent_faults_every_example_is_answered_or_failed(tmp_path: Path) -> None:
    demo = start_demo(tmp_path, fail_rate=0.2)
    try:
        plan = _plan(demo, n=20)
        run = EvalRun(demo.provider, plan, sample_examples(plan.file, plan.n, plan.seed))
        run.start()
        assert run.wait(120)
        sides = [s for r in run.results for s in (r.a, r.b)]
        assert all(s.done for s in sides)
        assert all(s.answered or (s.error and s.error != CANCELLED) for s in sides)
        assert sum(s.answered for s in sides) >= 30  # transient faults were retried
        assert demo.emulator.chaos.counts[CHAT] > run.requests  # … by the one retry policy
        summary = run.summary()
        assert summary.a.answered + summary.a.failed == 20 == summary.b.answered + summary.b.failed
    finally:
        demo.provider.close()
        demo.emulator.stop()


def test_one_refused_request_fails_that_side_only(demo: Demo) -> None:
    demo.emulator.inject("403")
    plan = _plan(demo, n=3, workers=1)
    run = EvalRun(demo.provider, plan, sample_examples(plan.file, plan.n, plan.seed))
    run.start()
    assert run.wait(60)
    first = run.results[0]
    assert first.a.done and first.a.error and not first.a.answered and "a" not in first.scores
    assert first.b.answered and all(r.a.answered and r.b.answered for r in run.results[1:])
    assert run.summary().a.failed == 1


def test_cancel_sends_nothing_new_and_ends_at_once(tmp_path: Path) -> None:
    demo = start_demo(tmp_path, "trickle", trickle_delay=0.5)
    try:
        plan = _plan(demo, n=10, workers=2)
        run = EvalRun(demo.provider, plan, sample_examples(plan.file, plan.n, plan.seed))
        run.start()
        deadline = time.monotonic() + 10
        while demo.emulator.chaos.counts[CHAT] < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        run.cancel()
        assert run.wait(1)  # in-flight requests are abandoned, not waited for
        assert all(s.done and s.error == CANCELLED for r in run.results for s in (r.a, r.b))
        time.sleep(0.3)
        assert demo.emulator.chaos.counts[CHAT] <= 2  # nothing was sent after the cancel
        assert run.summary().a.cancelled == 10
    finally:
        demo.provider.close()
        demo.emulator.stop()


def test_results_are_new_files_reloadable_and_verdicts_rewrite_them(demo: Demo, tmp_path: Path) -> None:
    plan = _plan(demo, n=3)
    run = EvalRun(demo.provider, plan, sample_examples(plan.file, plan.n, plan.seed))
    run.start()
    assert run.wait(60)
    out = tmp_path / "results"
    first = save_results(run, plan, out)
    second = save_results(run, plan, out)
    assert first != second and first.exists() and second.exists()  # never overwritten
    loaded_plan, loaded = load_results(first)
    assert loaded_plan == plan
    assert [r.a.text for r in loaded] == [r.a.text for r in run.results]
    assert [r.example for r in loaded] == [r.example for r in run.results]
    loaded[0].verdict, loaded[1].verdict = "better", "same"
    assert save_verdicts(first, loaded_plan, loaded) == first
    again = load_results(first)[1]
    assert [r.verdict for r in again] == ["better", "same", None]
    assert sorted(p.name for p in out.iterdir()) == sorted([first.name, second.name])  # no temp files left


def test_a_stream_that_broke_off_is_asked_again_once_from_the_start(demo: Demo) -> None:
    demo.emulator.inject("cut")
    plan = _plan(demo, n=2, workers=1)
    run = EvalRun(demo.provider, plan, sample_examples(plan.file, plan.n, plan.seed))
    run.start()
    assert run.wait(60)
    assert all(r.a.answered and r.b.answered for r in run.results)
    assert (
        run.results[0].a.text
        == demo.provider.chat(
            plan.model, run.results[0].example.prompt, max_tokens=plan.max_tokens, seed=plan.seed
        ).text
    )
    assert demo.emulator.chaos.counts[CHAT] == 2 * plan.n + 1 + 1  # one cut, asked again; plus the check above


def test_streams_that_always_break_off_fail_their_sides_after_one_more_try(tmp_path: Path) -> None:
    demo = start_demo(tmp_path, "lost-stream")
    try:
        plan = _plan(demo, n=2, workers=2)
        run = EvalRun(demo.provider, plan, sample_examples(plan.file, plan.n, plan.seed))
        run.start()
        assert run.wait(60)
        sides = [s for r in run.results for s in (r.a, r.b)]
        assert all(s.done and not s.answered and s.error for s in sides)
        assert any("broke off" in (s.error or "") for s in sides)
        assert run.requests == 2 * len(sides) == demo.emulator.chaos.counts[CHAT]
    finally:
        demo.provider.close()
        demo.emulator.stop()
