"""``ftui jobs``: list, show, cancel, pause and resume fine-tuning jobs."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime

from ftui.commands.common import (
    CommandError,
    add_session_options,
    find_job,
    iso,
    job_detail,
    job_summary,
    print_table,
    refuse_if_read_only,
    run_command,
)
from ftui.format import age, ended, job_duration, status_label, tokens
from ftui.providers import AuthError, ConfigError, Job, JobStatus, Provider, ProviderError, UnsupportedError
from ftui.session import Session

__all__ = ["configure_parser", "run"]

_STATUSES = tuple(status.value for status in JobStatus)


def configure_parser(parser: argparse.ArgumentParser) -> None:
    """Add the ``list``, ``show``, ``cancel``, ``pause`` and ``resume`` actions to ``parser``."""
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="jobs of every profile, newest first")
    listing.add_argument(
        "--status", metavar="S", type=_statuses, help=f"only these statuses, comma-separated ({', '.join(_STATUSES)})"
    )
    listing.add_argument("--limit", metavar="N", type=int, default=50, help="at most N jobs (default 50; 0 = all)")
    listing.add_argument("--json", action="store_true", help="a JSON list instead of a table")
    add_session_options(listing)
    show = actions.add_parser("show", help="every detail of one job: hyperparameters, checkpoints, timeline")
    show.add_argument("job", metavar="JOB", help="the job id (looked up in every profile)")
    show.add_argument("--json", action="store_true", help="a JSON object instead of text")
    add_session_options(show)
    cancel = actions.add_parser("cancel", help="cancel a job (Bedrock: stop it); asks first")
    cancel.add_argument("job", metavar="JOB", help="the job id")
    cancel.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")
    add_session_options(cancel)
    for name, text in (("pause", "pause a running job (OpenAI)"), ("resume", "resume a paused job (OpenAI)")):
        action = actions.add_parser(name, help=text)
        action.add_argument("job", metavar="JOB", help="the job id")
        add_session_options(action)


def run(args: argparse.Namespace) -> int:
    """Run the chosen action; the exit code is 0 on success."""
    body = {"list": _list, "show": _show, "cancel": _act, "pause": _act, "resume": _act}[args.action]
    return run_command(args, body)


def _statuses(text: str) -> frozenset[JobStatus]:
    names = [name.strip().lower() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in _STATUSES]
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"unknown status {', '.join(unknown) or text!r}; use {', '.join(_STATUSES)}")
    return frozenset(JobStatus(name) for name in names)


# -- list ------------------------------------------------------------------
def _list(session: Session, args: argparse.Namespace) -> int:
    limit = max(0, args.limit)
    jobs: list[Job] = []
    code = 0
    for profile in session.profiles:
        try:
            jobs.extend(_profile_jobs(session, profile.name, args.status, limit))
        except ProviderError as error:
            if len(session.profiles) == 1:
                raise
            # One broken profile does not hide the others.
            print(f"ftui: {profile.name}: {error.title}: {error.message}", file=sys.stderr)
            code = max(code, 2 if isinstance(error, (AuthError, ConfigError)) else 1)
    oldest = datetime.min.replace(tzinfo=UTC)
    jobs.sort(key=lambda job: job.created_at or oldest, reverse=True)
    if limit:
        jobs = jobs[:limit]
    if args.json:
        print(json.dumps([job_summary(job) for job in jobs], indent=2, default=str))
        return code
    if not jobs:
        if code == 0:
            print("No jobs.", file=sys.stderr)
        return code
    now = datetime.now(UTC)
    rows = [
        (
            job.provider,
            job.id,
            job.name or "—",
            job.base_model,
            status_label(job),
            tokens(job.trained_tokens),
            age(job.created_at, now),
        )
        for job in jobs
    ]
    print_table(("PROFILE", "ID", "NAME", "MODEL", "STATUS", "TOKENS", "AGE"), rows, right=frozenset({5, 6}))
    return code


def _profile_jobs(session: Session, name: str, statuses: frozenset[JobStatus] | None, limit: int) -> list[Job]:
    """Up to ``limit`` jobs of one profile with a wanted status, reading pages only as far as needed."""
    page = min(limit, 100) if limit and not statuses else 100
    found: list[Job] = []
    for job in session.provider(name).iter_jobs(limit=page):
        if statuses and job.status not in statuses:
            continue
        found.append(job)
        if limit and len(found) >= limit:
            break
    return found


# -- show ------------------------------------------------------------------
def _show(session: Session, args: argparse.Namespace) -> int:
    provider, job = find_job(session, args.job)
    checkpoints = provider.checkpoints(job.id)
    detail = job_detail(job, checkpoints)
    if args.json:
        print(json.dumps(detail, indent=2, default=str))
        return 0
    now = datetime.now(UTC)
    fields = [
        ("profile", _profile_line(session, job.provider)),
        (
            "status",
            status_label(job)
            + (f" ({job.native_status})" if job.native_status not in (job.status.value, status_label(job), "") else ""),
        ),
        ("base model", job.base_model or "—"),
        ("method", job.method or "—"),
        ("hyperparameters", ", ".join(f"{k}={v}" for k, v in job.hyperparameters.items()) or "—"),
        ("created", f"{iso(job.created_at) or '—'} ({age(job.created_at, now)} ago)"),
        ("finished", iso(job.finished_at) or "—"),
        ("estimated finish", iso(job.estimated_finish) or "—"),
        ("duration", job_duration(job, now)),
        ("trained tokens", tokens(job.trained_tokens)),
        ("total steps", "—" if job.total_steps is None else str(job.total_steps)),
        ("training file", job.training_file or "—"),
        ("validation file", job.validation_file or "—"),
        ("fine-tuned model", job.fine_tuned_model or "—"),
        ("result files", ", ".join(job.result_files) or "—"),
        ("error", _error_line(job)),
    ]
    if job.problems:
        fields.append(("unreadable", "; ".join(job.problems)))
    if job.final_train_loss is not None or job.final_valid_loss is not None:
        fields.append(("final loss", f"train {_num(job.final_train_loss)}, validation {_num(job.final_valid_loss)}"))
    print(f"{job.id}" + (f"  {job.name}" if job.name else ""))
    width = max(len(label) for label, _ in fields)
    for label, value in fields:
        print(f"  {label.ljust(width)}  {value}")
    if job.timeline:
        print("\nTimeline")
        print_table(
            ("  STAGE", "STATUS", "STARTED", "UPDATED"),
            [(f"  {s.name}", s.status, iso(s.started_at) or "—", iso(s.updated_at) or "—") for s in job.timeline],
        )
    if checkpoints:
        print("\nCheckpoints")
        print_table(
            ("  STEP", "TRAIN LOSS", "VALID LOSS", "FULL VALID LOSS", "MODEL"),
            [
                (
                    f"  {c.step}",
                    *(_num(getattr(c.metrics, key, None)) for key in ("train_loss", "valid_loss", "full_valid_loss")),
                    c.model,
                )
                for c in checkpoints
            ],
            right=frozenset({0, 1, 2, 3}),
        )
    return 0


def _profile_line(session: Session, name: str) -> str:
    return next((p.describe() for p in session.profiles if p.name == name), name)


def _error_line(job: Job) -> str:
    error = job.error
    if error is None:
        return "—"
    return (
        f"{error.code + ': ' if error.code else ''}{error.message}"
        f"{f' (parameter {error.param})' if error.param else ''}"
    )


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:.4f}"


# -- cancel, pause, resume ---------------------------------------------------
_VERBS = {
    "cancel": ("cancelled", "nothing to cancel"),
    "pause": ("paused", "it cannot be paused"),
    "resume": ("resumed", "it cannot be resumed"),
}


_DONE = {
    "cancel": {JobStatus.CANCELLED},
    "pause": {JobStatus.PAUSING, JobStatus.PAUSED},
    "resume": {JobStatus.PENDING, JobStatus.QUEUED, JobStatus.RUNNING},
}
"""The statuses after which an action has been done (anything else is reported as the server's answer)."""


def _act(session: Session, args: argparse.Namespace) -> int:
    action = args.action
    refuse_if_read_only(args, f"{action} of jobs")
    if action == "cancel" and not args.yes and not _interactive():
        raise CommandError(
            f"not cancelling {args.job}: there is no terminal to ask for confirmation; "
            "pass --yes to cancel without asking.",
            code=2,
        )
    provider, job = find_job(session, args.job)
    if action != "cancel" and not provider.supports_pause:
        raise UnsupportedError(
            f"{job.kind} jobs cannot be {_VERBS[action][0]}; only OpenAI-protocol jobs can be paused and resumed.",
            provider=job.provider,
        )
    past, refusal = _VERBS[action]
    if job.status.is_terminal:
        raise CommandError(f"job {job.id} {ended(job)}; {refusal}.")
    label = f"{job.id}" + (f" ({job.name})" if job.name else "")
    if action == "cancel" and not args.yes and not _confirm(provider, job, label):
        print("Not cancelled.", file=sys.stderr)
        return 1
    done = {"cancel": provider.cancel_job, "pause": provider.pause_job, "resume": provider.resume_job}[action](job.id)
    if done.status in _DONE[action]:
        print(f"{past.capitalize()} {label} on {job.provider}: status is now {status_label(done)}.")
    else:  # the server took the request but has not (yet) done it: say what it answered, claim nothing
        print(f"Asked to {action} {label} on {job.provider}; the server says its status is now {status_label(done)}.")
    return 0


def _interactive() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def _confirm(provider: Provider, job: Job, label: str) -> bool:
    print(provider.cancel_consequence, file=sys.stderr)
    try:
        answer = input(
            f"{provider.cancel_verb.capitalize()} job {label} on {job.provider} ({status_label(job)})? [y/N] "
        )
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes")
