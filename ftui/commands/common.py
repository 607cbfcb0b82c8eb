"""What every command shares: session options, profile resolution, job lookup, errors and JSON shapes."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from ftui.options import add_output_flags, add_session_flags
from ftui.providers import (
    AuthError,
    Checkpoint,
    ConfigError,
    InvalidRequestError,
    Job,
    MetricPoint,
    NotFoundError,
    Provider,
    ProviderError,
    retry,
)
from ftui.session import Session

NO_PROVIDER_HINT = (
    "no provider to talk to. Set OPENAI_API_KEY (and OPENAI_BASE_URL for an OpenAI-compatible endpoint "
    "such as `ftui emulator`), configure a profile in {path}, or pass --demo to use the built-in emulator."
)
"""Shown (exit 2) when there is no configured profile and no OpenAI environment."""


class CommandError(Exception):
    """A failure to report as one line on stderr, with its exit code."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.message = message
        """The line to print (after ``ftui: ``)."""
        self.code = code
        """The process exit code."""


def add_session_options(parser: argparse.ArgumentParser) -> None:
    """Add the shared flags (``--profile``, ``--demo``, ``--config``, ``--read-only``, ``--no-color``).

    They default to ``argparse.SUPPRESS`` here: the top-level ``ftui`` parser gives the defaults,
    so ``ftui --read-only jobs cancel X`` and ``ftui jobs cancel X --read-only`` mean the same.
    """
    add_session_flags(parser)
    add_output_flags(parser)


def refuse_if_read_only(args: argparse.Namespace, what: str) -> None:
    """Raise CommandError (exit 2) when ``--read-only`` or the config's ``read_only`` is set."""
    from ftui.config import load_config

    config = load_config(Path(args.config).expanduser() if getattr(args, "config", None) else None)
    if getattr(args, "read_only", False) or config.read_only:
        raise CommandError(f"read-only: {what} is turned off (--read-only or read_only in the config).", code=2)


def open_session(args: argparse.Namespace) -> Session:
    """The profiles this command talks to (:func:`ftui.session.configured_profiles`); the demo only with ``--demo``.

    Raises:
        CommandError: no profile and no OpenAI environment (exit 2).
        ConfigError: ``--profile`` names an unknown profile.
    """
    from ftui.session import configured_profiles, start_demo

    if getattr(args, "demo", False):
        return start_demo(speed=getattr(args, "speed", None) or 1.0)  # ftui --demo --speed N
    from ftui.config import load_config

    config = load_config(Path(args.config).expanduser() if getattr(args, "config", None) else None)
    for problem in config.problems:
        print(problem, file=sys.stderr)
    profiles = configured_profiles(config, getattr(args, "profile", None))
    if not profiles:
        raise CommandError(NO_PROVIDER_HINT.format(path=config.path), code=2)
    return Session(profiles=profiles)


def run_command(
    args: argparse.Namespace,
    body: Callable[[Session, argparse.Namespace], int],
    policy: retry.ReadPolicy = retry.ONE_SHOT,
) -> int:
    """Open the session, run ``body``, close the session; errors become one line and an exit code.

    Provider reads inside follow ``policy`` (one-shot commands retry idempotent reads within
    :data:`ftui.providers.retry.READ_BUDGET`). What providers noted on the way (a listing cut
    short …) is printed as ``ftui: warning: …``. ``ProviderError`` exits 1 (2 for credentials
    and configuration), Ctrl-C exits 130, anything unexpected is one line and exit 1.
    """
    session: Session | None = None
    try:
        with retry.reads(policy):
            session = open_session(args)
            try:
                return body(session, args)
            finally:
                print_notices(session)
    except CommandError as error:
        print(f"ftui: {error.message}", file=sys.stderr)
        return error.code
    except ProviderError as error:
        print(f"ftui: {error.title}: {error.message}", file=sys.stderr)
        return 2 if isinstance(error, (AuthError, ConfigError)) else 1
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`ftui jobs list | head`): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except Exception as error:  # noqa: BLE001 - never a traceback for the user
        text = " ".join(str(error).split())[:300]
        print(
            f"ftui: unexpected error ({type(error).__name__}: {text}). Please report it; "
            "rerun with the same arguments to try again.",
            file=sys.stderr,
        )
        return 1
    finally:
        if session is not None:
            print_notices(session)
            session.close()


def print_notices(session: Session) -> None:
    """Print what the session's providers noted (walks cut short, items skipped, files unreadable …)
    as warnings on stderr, once each."""
    for name, provider in list(session.providers.items()):
        take = getattr(provider, "take_notices", None)  # test doubles may have none
        for notice in take() if callable(take) else ():
            print(f"ftui: warning: {name}: {notice}", file=sys.stderr, flush=True)


def find_job(session: Session, job_id: str) -> tuple[Provider, Job]:
    """The job with this id in the first profile that has it (``get_job`` on each in turn).

    Raises:
        CommandError: no profile knows the job.
        ProviderError: a profile could not be asked and no other had the job.
    """
    failure: ProviderError | None = None
    refusals: list[str] = []
    for profile in session.profiles:
        try:
            provider = session.provider(profile.name)
            return provider, provider.get_job(job_id)
        except NotFoundError:
            continue
        except InvalidRequestError as error:
            if len(session.profiles) == 1:
                raise  # the only profile refused the request: its reason, not "no job"
            refusals.append(f"{profile.name} refused the id: {error.message}")
            continue  # maybe not this profile's job (Bedrock refuses ids of the wrong shape)
        except ProviderError as error:
            failure = failure or error
    if failure is not None:
        raise failure
    where = ", ".join(p.name for p in session.profiles)
    why = f" ({'; '.join(refusals)})" if refusals else ""
    raise CommandError(f"no job {job_id!r} in {'profile' if len(session.profiles) == 1 else 'profiles'} {where}{why}.")


def iso(moment: datetime | None) -> str | None:
    """An ISO 8601 timestamp, or None."""
    return moment.isoformat() if moment is not None else None


def job_summary(job: Job) -> dict[str, Any]:
    """The stable JSON object of ``ftui jobs list``."""
    return {
        "profile": job.provider,
        "kind": job.kind,
        "id": job.id,
        "name": job.name,
        "base_model": job.base_model,
        "status": job.status.value,
        "native_status": job.native_status,
        "created_at": iso(job.created_at),
        "finished_at": iso(job.finished_at),
        "trained_tokens": job.trained_tokens,
        "fine_tuned_model": job.fine_tuned_model,
        "error": (
            None
            if job.error is None
            else {"code": job.error.code, "message": job.error.message, "param": job.error.param}
        ),
        "hyperparameters": dict(job.hyperparameters),
        "method": job.method,
    }


def job_detail(job: Job, checkpoints: list[Checkpoint]) -> dict[str, Any]:
    """The JSON object of ``ftui jobs show``: the summary plus every other field, checkpoints and timeline."""
    return {
        **job_summary(job),
        "estimated_finish": iso(job.estimated_finish),
        "total_steps": job.total_steps,
        "training_file": job.training_file,
        "validation_file": job.validation_file,
        "result_files": list(job.result_files),
        "final_train_loss": job.final_train_loss,
        "final_valid_loss": job.final_valid_loss,
        "timeline": [
            {"name": s.name, "status": s.status, "started_at": iso(s.started_at), "updated_at": iso(s.updated_at)}
            for s in job.timeline
        ],
        "checkpoints": [
            {
                "id": c.id,
                "step": c.step,
                "model": c.model,
                "created_at": iso(c.created_at),
                "metrics": metric_row(c.metrics) if c.metrics else None,
            }
            for c in checkpoints
        ],
    }


METRIC_COLUMNS = ("step", *MetricPoint.METRIC_KEYS)
"""The keys of a metric row, in order."""


def metric_row(point: MetricPoint) -> dict[str, Any]:
    """One step as an ordered dict of :data:`METRIC_COLUMNS`, absent values omitted."""
    row: dict[str, Any] = {"step": point.step}
    for key in MetricPoint.METRIC_KEYS:
        value = getattr(point, key)
        if value is not None:
            row[key] = value
    return row


def print_table(headers: tuple[str, ...], rows: Sequence[tuple[str, ...]], right: frozenset[int] = frozenset()) -> None:
    """Print rows as plain columns aligned on the widest cell (columns in ``right`` are right-aligned)."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=False)]
    for row in (headers, *rows):
        pairs = enumerate(zip(row, widths, strict=False))
        cells = [cell.rjust(w) if i in right else cell.ljust(w) for i, (cell, w) in pairs]
        print("  ".join(cells).rstrip())
