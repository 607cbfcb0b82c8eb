"""Start a pool of scan workers reliably, from any thread, under any ``sys.stderr``.

A full-screen app (Textual) replaces ``sys.stderr`` with a capture object whose
``fileno()`` is -1. ``multiprocessing`` hands ``sys.stderr.fileno()`` to the
resource tracker it starts, so a process pool opened from such an app fails
with "bad value(s) in fds_to_keep" (or, with other start methods, stalls).
:func:`open_pool` starts the helper processes with a real descriptor, checks
that a worker answers, and falls back to threads when processes cannot be had,
saying why in :attr:`Pool.note`. Never imports Textual.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass

METHODS = ("fork", "forkserver", "spawn", "thread")
"""How workers can be started: three process start methods, or threads of this process."""
PRELOAD = ["ftui.datasets.worker", "ftui.datasets.pool", "ftui.datasets.warm"]
"""Modules the fork server imports once, so each worker starts already warm (encoding loaded)."""
START_TIMEOUT = 20.0
"""Seconds a new process pool gets to answer before the scan falls back to threads."""

_STDERR_LOCK = threading.Lock()


@dataclass
class Pool:
    """An executor and how it runs work."""

    executor: Executor
    """Where chunks are submitted."""
    method: str
    """One of :data:`METHODS`."""
    note: str = ""
    """Why the pool is not the one asked for (empty when it is)."""

    @property
    def processes(self) -> bool:
        """True when the work runs in other processes (all cores)."""
        return self.method != "thread"

    def stop(self, kill: bool = False) -> None:
        """Drop queued work and let the workers go; ``kill`` ends running work too."""
        workers = dict(getattr(self.executor, "_processes", None) or {}) if kill else {}
        self.executor.shutdown(wait=False, cancel_futures=True)
        for process in workers.values():
            with suppress(Exception):  # already gone
                process.terminate()


def _fd_ok(stream: object) -> bool:
    try:
        fileno = getattr(stream, "fileno", None)
        return fileno is not None and int(fileno()) >= 0
    except Exception:  # noqa: BLE001 - closed, detached, or a capture object
        return False


@contextmanager
def real_stderr() -> Iterator[None]:
    """Give ``sys.stderr`` a real file descriptor while helper processes start.

    ``multiprocessing`` passes ``sys.stderr.fileno()`` to the resource tracker
    (fd 2 is inherited anyway, so the original stderr, or ``/dev/null``, is an
    equivalent choice). The swap lasts only while the helpers start, and is
    undone only if nobody replaced ``sys.stderr`` meanwhile.
    """
    if _fd_ok(sys.stderr):
        yield
        return
    with _STDERR_LOCK:
        saved = sys.stderr
        devnull = None
        if _fd_ok(sys.__stderr__):
            stand_in = sys.__stderr__
        else:
            devnull = stand_in = open(os.devnull, "w")  # noqa: SIM115 - closed below
        sys.stderr = stand_in
        try:
            yield
        finally:
            if sys.stderr is stand_in:
                sys.stderr = saved
            if devnull is not None:
                devnull.close()


def ping() -> int:
    """A worker's process id (the start check)."""
    return os.getpid()


def default_method() -> str:
    """The fastest safe start method here.

    ``fork`` from a single-threaded process (the CLI); ``forkserver`` with the
    scan modules preloaded from a threaded one (an app), where forking would copy
    other threads' locks; ``spawn`` where neither exists.
    """
    available = multiprocessing.get_all_start_methods()
    if "fork" in available and threading.active_count() == 1:
        return "fork"
    return "forkserver" if "forkserver" in available else "spawn"


def _start_helpers(ctx: object, method: str) -> None:
    """Start the resource tracker (and fork server) with a real stderr descriptor."""
    from multiprocessing import resource_tracker

    with real_stderr():
        resource_tracker.ensure_running()
        if method == "forkserver":
            from multiprocessing import forkserver

            if isinstance(ctx, multiprocessing.context.ForkServerContext):
                ctx.set_forkserver_preload(PRELOAD)
            forkserver.ensure_running()


def _process_pool(method: str, workers: int) -> ProcessPoolExecutor:
    ctx = multiprocessing.get_context(method)
    _start_helpers(ctx, method)
    with real_stderr():
        return ProcessPoolExecutor(max_workers=workers, mp_context=ctx)


def warm_up() -> None:
    """Start the helper processes now (from any thread), so the first scan does not wait.

    Only where the fork server is the method that scans will use; errors are left
    for the scan to meet and report.
    """
    if default_method() != "forkserver":
        return
    with suppress(Exception):  # the scan itself reports a pool that cannot start
        _start_helpers(multiprocessing.get_context("forkserver"), "forkserver")


def open_pool(workers: int, method: str | None = None, start_timeout: float = START_TIMEOUT) -> Pool:
    """A pool of ``workers`` that has proved it runs work, or threads and a note why not.

    Args:
        workers: how many workers (processes or threads).
        method: one of :data:`METHODS` (default: :func:`default_method`).
        start_timeout: seconds the first worker gets to answer.
    """
    method = method or default_method()
    if method == "thread":
        return Pool(ThreadPoolExecutor(workers, thread_name_prefix="ftui-scan"), "thread")
    with suppress(ImportError):
        import tiktoken  # noqa: F401 - imported once here rather than in every worker
    executor: ProcessPoolExecutor | None = None
    try:
        executor = _process_pool(method, workers)
        with real_stderr():  # the first submit starts the worker processes
            probe = executor.submit(ping)
        probe.result(timeout=start_timeout)
        return Pool(executor, method)
    except Exception as e:  # noqa: BLE001 - any failure to start means: use threads, and say so
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)
        reason = str(e) or type(e).__name__
        if type(e).__name__ == "TimeoutError":
            reason = f"no worker answered within {start_timeout:g} s"
        note = (
            f"worker processes could not start ({reason}); scanned with threads "
            "in this process instead, which is slower"
        )
        return Pool(ThreadPoolExecutor(workers, thread_name_prefix="ftui-scan"), "thread", note)
