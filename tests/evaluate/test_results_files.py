"""Results files without a server: never overwritten, reopened faithfully, broken ones named clearly."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from ftui.evaluate.plan import EvalExample, EvalPlan
from ftui.evaluate.results import load_results, save_results, write_new
from ftui.evaluate.runner import ExampleResult, SideResult


def _results() -> tuple[EvalPlan, list[ExampleResult]]:
    plan = EvalPlan("p", "ft:m:org::x", "m", Path("/data/held out.jsonl"), n=2, seed=5)
    examples = [EvalExample(3, [{"role": "user", "content": "q ✓"}], "a\nb"), EvalExample(9, [], "{}")]
    results = [
        ExampleResult(e, SideResult("x", True, None, 3, 4, 0.5, 0.1, "stop"), SideResult("", True, "HTTP 500: boom"))
        for e in examples
    ]
    results[0].scores["a"] = {"exact": False, "f1": 0.5, "json": None}
    results[1].verdict = "worse"
    return plan, results


def test_round_trip_keeps_everything_the_screen_shows(tmp_path: Path) -> None:
    plan, results = _results()
    path = save_results(results, plan, tmp_path)
    header = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
    assert header["plan"]["model"] == "ft:m:org::x" and header["summary"]["b"]["failed"] == 2
    loaded_plan, loaded = load_results(path)
    assert loaded_plan == plan
    assert [(r.example, r.a, r.b, r.scores, r.verdict) for r in loaded] == [
        (r.example, r.a, r.b, r.scores, r.verdict) for r in results
    ]


def test_concurrent_writers_never_replace_each_other(tmp_path: Path) -> None:
    paths: list[Path] = []
    lock = threading.Lock()

    def write(i: int) -> None:
        path = write_new(tmp_path, "eval-same-second", [json.dumps({"writer": i})])
        with lock:
            paths.append(path)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert len(set(paths)) == 8
    assert sorted(json.loads(p.read_text())["writer"] for p in paths) == list(range(8))
    assert len(list(tmp_path.iterdir())) == 8  # no temp files left behind


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('{"messages": []}\n', "not an ftui evaluation results file"),
        ("", "not an ftui evaluation results file"),
        ('{"format": "ftui-eval/1", "plan": {"model": "x"}}\n', "plan is incomplete"),
    ],
)
def test_a_file_that_is_not_a_results_file_is_refused_clearly(tmp_path: Path, text: str, said: str) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text(text)
    with pytest.raises(ValueError, match=said):
        load_results(path)


def test_a_broken_line_is_named(tmp_path: Path) -> None:
    plan, results = _results()
    path = save_results(results, plan, tmp_path)
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines[:2], '{"index": "three"', lines[2]]) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 3"):
        load_results(path)
