"""The full streaming scan: every core, bounded memory, progress and cancellation.

The file is cut into line-aligned byte ranges; worker processes validate,
count tokens and hash each range (:mod:`ftui.datasets.worker`); this module
merges the compact results in order, finds duplicates and train/validation
overlap by hash, and applies the file-level rules.
"""

from __future__ import annotations

import itertools
import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace

from ftui.datasets import formats as F
from ftui.datasets.limits import ModelLimits, default_model, resolve_model
from ftui.datasets.merge import Merged, finish_report
from ftui.datasets.pool import open_pool
from ftui.datasets.report import ScanReport
from ftui.datasets.sniff import Sniff, sniff
from ftui.datasets.worker import ChunkResult, ChunkTask, scan_chunk

Progress = Callable[[int, int], None]
"""``progress(bytes_done, bytes_total)``, called from the scanning thread."""
Cancel = Callable[[], bool]
"""Returns True when the scan should stop."""

IN_PROCESS_BYTES = 4 * 1024 * 1024
"""Files (training + validation) smaller than this are scanned without worker processes."""
MIN_CHUNK, MAX_CHUNK = 1024 * 1024, 4 * 1024 * 1024
LOST_WORKER = "a worker process stopped; the rest of the file was scanned in this process"


def plan_chunks(path: str, size: int, target: int) -> list[tuple[int, int]]:
    """Cut ``path`` into line-aligned ``(start, end)`` byte ranges of about ``target`` bytes."""
    bounds = [0]
    with open(path, "rb") as f:
        while bounds[-1] < size:
            nominal = bounds[-1] + target
            if nominal >= size:
                bounds.append(size)
                break
            f.seek(nominal)
            f.readline()
            bounds.append(min(f.tell(), size))
    return list(itertools.pairwise(bounds))


def _run(
    tasks: list[ChunkTask],
    workers: int,
    cancel: Cancel | None,
    on_done: Callable[[int, ChunkResult], None],
    method: str | None = None,
) -> tuple[bool, list[str]]:
    """Run ``tasks``; call ``on_done(index, result)`` in order.

    Returns whether every task ran (False: cancelled) and notes on how the work
    ran when it was not as asked (threads instead of processes, a worker lost).
    """

    def stopped() -> bool:
        return cancel is not None and cancel()

    if workers <= 1 or len(tasks) <= 1:
        for i, task in enumerate(tasks):
            if stopped():
                return False, []
            on_done(i, scan_chunk(task))
        return True, []
    pool = open_pool(min(workers, len(tasks)), method)
    notes = [pool.note] if pool.note else []
    futures: list[Future[ChunkResult]] = [pool.executor.submit(scan_chunk, t) for t in tasks]
    try:
        for i, future in enumerate(futures):
            while True:
                if stopped():
                    return False, notes
                try:
                    result = future.result(timeout=0.1)
                    break
                except TimeoutError:
                    continue
                except BrokenProcessPool:  # a worker died (e.g. killed): finish in-process
                    if LOST_WORKER not in notes:
                        notes.append(LOST_WORKER)
                    result = scan_chunk(tasks[i])
                    break
            on_done(i, result)
        return True, notes
    finally:
        pool.executor.shutdown(wait=False, cancel_futures=True)


def _tasks(path: str, size: int, fmt: str, model: ModelLimits, target: int) -> Iterator[ChunkTask]:
    for start, end in plan_chunks(path, size, target):
        yield ChunkTask(
            path,
            start,
            end,
            fmt,
            model.encoding,
            model.chars_per_token,
            model.max_tokens_per_example,
            model.provider == "openai",
        )


def scan(
    path: str | os.PathLike[str],
    model: str | None = None,
    validation_path: str | os.PathLike[str] | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    *,
    epochs: int | None = None,
    workers: int | None = None,
    method: str | None = None,
) -> ScanReport:
    """Validate every line, count tokens, find duplicates and estimate cost.

    Args:
        path: the training file (JSON Lines).
        model: base model id (default: the usual model for the detected format).
        validation_path: optional validation file, checked too and compared for overlap.
        progress: called with ``(bytes_done, bytes_total)`` as chunks complete.
        cancel: polled often; when it returns True the scan stops and the report
            has ``cancelled=True`` with partial figures.
        epochs: epochs for the cost estimate (default: the provider's default).
        workers: processes to use (default: every core).
        method: how workers start, one of :data:`ftui.datasets.pool.METHODS`
            (default: the fastest safe one; threads when processes cannot start,
            with a note in the report saying so).

    Raises:
        OSError: a file cannot be read.
        ValueError: ``model`` is unknown.
    """
    started = time.perf_counter()
    path = os.fspath(path)
    first = sniff(path)
    limits = resolve_model(model) if model else default_model(first.format, first.images)
    val_path = os.fspath(validation_path) if validation_path is not None else None
    val_sniff = sniff(val_path) if val_path else None
    files: list[tuple[str, Sniff]] = [(path, first)]
    if val_path and val_sniff:
        files.append((val_path, val_sniff))
    total = sum(s.size for _, s in files)
    workers = workers or os.cpu_count() or 1
    if total < IN_PROCESS_BYTES:
        workers = 1
    target = max(MIN_CHUNK, min(MAX_CHUNK, total // (workers * 8) + 1))
    tasks: list[ChunkTask] = []
    owner: list[int] = []
    for n, (p, s) in enumerate(files):
        if s.size and not s.binary:
            fmt = first.format if n == 0 or s.format == F.UNKNOWN else s.format
            for task in _tasks(p, s.size, fmt, limits, target):
                tasks.append(task)
                owner.append(n)
    merged = [Merged(), Merged()]
    done = [0]

    def on_done(i: int, result: ChunkResult) -> None:
        merged[owner[i]].add(result)
        done[0] += tasks[i].end - tasks[i].start
        if progress is not None:
            progress(done[0], total)

    finished, notes = _run(tasks, workers, cancel, on_done, method)
    report = finish_report(
        path,
        first,
        limits,
        merged[0],
        val_path,
        val_sniff,
        merged[1],
        cancelled=not finished,
        epochs=epochs,
        seconds=time.perf_counter() - started,
    )
    if notes:
        report = replace(report, notes=report.notes + tuple(notes))
    return report
