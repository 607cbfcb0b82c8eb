"""The parallel scan: same answers as in-process, progress, cancel, JSON shape, stats."""

from __future__ import annotations

import importlib
import json
import threading

import pytest

from ftui.datasets import scan
from ftui.datasets.stats import quantile
from tests.datasets.conftest import chat, tool_example

scan_module = importlib.import_module("ftui.datasets.scan")
JSON_KEYS = ["path", "format", "examples", "valid", "problems", "tokens", "limits", "cost"]
TOKEN_KEYS = ["encoding", "exact", "total", "min", "max", "mean", "p5", "p50", "p95", "assistant_total"]


@pytest.fixture
def mixed_file(write):
    records: list = []
    for i in range(3000):
        records.append(tool_example(i) if i % 7 == 0 else chat(i % 2500))  # duplicates too
        if i % 501 == 0:
            records.append(b'{"messages": oops}')
        if i % 997 == 0:
            records.append(b"")
    return write("mixed.jsonl", records)


def test_parallel_scan_equals_in_process_scan(mixed_file, monkeypatch) -> None:
    single = scan(mixed_file, workers=1)
    monkeypatch.setattr(scan_module, "IN_PROCESS_BYTES", 0)
    monkeypatch.setattr(scan_module, "MIN_CHUNK", 64 * 1024)
    chunks: list[int] = []
    parallel = scan(mixed_file, workers=2, progress=lambda done, total: chunks.append(done))
    assert len(chunks) > 4, "the file should have been cut into several chunks"
    assert parallel.to_json() == single.to_json()
    seen, expected = set(), 0
    for i in range(3000):
        key = ("tool", i) if i % 7 == 0 else ("chat", i % 2500)
        expected += key in seen
        seen.add(key)
    assert parallel.duplicates == single.duplicates == expected > 0
    assert [p.line for p in parallel.problems if p.code == "invalid_json"] == [
        p.line for p in single.problems if p.code == "invalid_json"
    ]


def test_progress_is_monotonic_and_complete(mixed_file, monkeypatch) -> None:
    monkeypatch.setattr(scan_module, "MIN_CHUNK", 64 * 1024)
    seen: list[tuple[int, int]] = []
    scan(mixed_file, workers=1, progress=lambda d, t: seen.append((d, t)))
    done = [d for d, _ in seen]
    assert done == sorted(done) and done[-1] == seen[-1][1] == mixed_file.stat().st_size


@pytest.mark.parametrize("workers", [1, 2])
def test_cancel_stops_the_scan(mixed_file, monkeypatch, workers) -> None:
    monkeypatch.setattr(scan_module, "IN_PROCESS_BYTES", 0)
    monkeypatch.setattr(scan_module, "MIN_CHUNK", 64 * 1024)
    stop = threading.Event()
    report = scan(mixed_file, workers=workers, cancel=stop.is_set, progress=lambda d, t: stop.set())
    assert report.cancelled and not report.ok
    assert report.examples < 3000


def test_json_shape_is_exactly_the_issues(mixed_file) -> None:
    data = json.loads(scan(mixed_file).dumps())
    # the issue's keys first, then the exact totals (issue 9: counts are exact and say so)
    assert list(data)[: len(JSON_KEYS)] == JSON_KEYS
    assert {"errors", "warnings", "problem_counts", "truncated"} <= set(data)
    assert list(data["tokens"]) == TOKEN_KEYS
    assert list(data["cost"]) == ["model", "epochs", "billed_tokens", "usd"]
    assert all(list(p)[:4] == ["line", "code", "severity", "message"] for p in data["problems"])
    assert data["examples"] == 3000 + 6 and data["valid"] == 3000


def test_duplicates_point_at_the_first_occurrence(write) -> None:
    report = scan(write("d.jsonl", [chat(1), chat(2), chat(1)] + [chat(i) for i in range(3, 13)]))
    dup = [p for p in report.problems if p.code == "duplicate_example"]
    assert [(p.line, "line 1" in p.message) for p in dup] == [(3, True)]


def test_bom_crlf_and_blank_lines_are_accepted(write) -> None:
    records = [chat(i) for i in range(12)]
    records.insert(5, b"")
    report = scan(write("w.jsonl", records, crlf=True, bom=True))
    assert report.ok and report.examples == 12 and report.lines == 13


def test_quantiles_match_numpys_linear_method() -> None:
    values = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5]
    histogram: dict[int, int] = {}
    for v in values:
        histogram[v] = histogram.get(v, 0) + 1
    ordered = sorted(values)
    for q in (0.05, 0.5, 0.95):
        pos = (len(ordered) - 1) * q
        lo = int(pos)
        expected = ordered[lo] + (ordered[min(lo + 1, len(ordered) - 1)] - ordered[lo]) * (pos - lo)
        assert quantile(histogram, q) == pytest.approx(expected)


def test_unknown_model_and_missing_file_raise(write) -> None:
    with pytest.raises(ValueError, match="unknown model"):
        scan(write("a.jsonl", [chat(1)]), model="gpt-9")
    with pytest.raises(OSError):
        scan(write("a.jsonl", [chat(1)]).parent / "missing.jsonl")


def test_scan_from_a_thread_uses_worker_processes_safely(mixed_file, monkeypatch) -> None:
    """The TUI scans from a worker thread: processes must still work (forkserver)."""
    monkeypatch.setattr(scan_module, "IN_PROCESS_BYTES", 0)
    monkeypatch.setattr(scan_module, "MIN_CHUNK", 256 * 1024)
    results = []
    thread = threading.Thread(target=lambda: results.append(scan(mixed_file, workers=2)))
    thread.start()
    thread.join(timeout=60)
    assert results and results[0].to_json() == scan(mixed_file, workers=1).to_json()
