"""``ftui launch``: check the data, preview the cost, upload and create a fine-tuning job (once)."""

from __future__ import annotations

import argparse
import contextlib
import json
import signal
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ftui.commands.common import (
    CommandError,
    add_session_options,
    job_detail,
    refuse_if_read_only,
    run_command,
)
from ftui.launch import (
    LaunchForm,
    LaunchPlan,
    build_preview,
    check_data,
    explain_refusal,
    field_errors,
    is_remote,
    parse_assignment,
    pending,
    submit,
    validate,
)
from ftui.launch.form import job_options, parse_metadata
from ftui.launch.hosted import find_hosted, local_copy
from ftui.launch.methods import file_format, method_problems
from ftui.launch.submit import find_prior, new_launch_id, region_warning
from ftui.launch.values import ValueProblem
from ftui.providers import (
    AuthError,
    ConfigError,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
    ProviderError,
)
from ftui.providers.base import Provider
from ftui.providers.records import Job
from ftui.redact import redact
from ftui.session import Session

__all__ = ["configure_parser", "run"]


def configure_parser(parser: argparse.ArgumentParser) -> None:
    """The launch options (see ``ftui launch --help``)."""
    parser.add_argument("--model", "-m", metavar="M", required=True, help="base model to fine-tune")
    parser.add_argument(
        "--train", metavar="FILE", required=True, help="training JSONL file (or an uploaded file id / s3:// URI)"
    )
    parser.add_argument("--valid", metavar="FILE", help="validation JSONL file")
    parser.add_argument("--method", choices=("supervised", "dpo"), default="supervised", help="default supervised")
    parser.add_argument(
        "--set",
        metavar="NAME=VALUE",
        action="append",
        default=[],
        dest="values",
        help="a hyperparameter, provider-native name (repeatable), e.g. --set n_epochs=3",
    )
    parser.add_argument("--suffix", metavar="S", default="", help="OpenAI model suffix / Bedrock job name")
    parser.add_argument("--seed", metavar="N", default="", help="OpenAI seed")
    parser.add_argument("--metadata", metavar="K=V,…", default="", help="OpenAI metadata / Bedrock job tags")
    parser.add_argument(
        "--model-name", metavar="NAME", default="", help="Bedrock custom model name (default: the job name)"
    )
    parser.add_argument("--role-arn", metavar="ARN", default="", help="Bedrock service role (default: the profile's)")
    parser.add_argument(
        "--output",
        metavar="S3_URI",
        default="",
        dest="output_uri",
        help="Bedrock output location (default: the profile's bucket and output_prefix)",
    )
    parser.add_argument("--dry-run", action="store_true", help="print the preview; upload and create nothing")
    parser.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")
    parser.add_argument("--json", action="store_true", help="print the created job (or the dry-run preview) as JSON")
    parser.add_argument(
        "--again",
        action="store_true",
        help="launch a new job even if this configuration was launched before (see below)",
    )
    parser.epilog = (
        "Exactly once: the launch id is saved (in $XDG_STATE_HOME/ftui/launches.json) before anything is sent. "
        "If the same configuration was launched before (a crash, a hang-up, a lost answer, or simply a rerun), "
        "ftui looks for that job first. On a terminal it asks: open it, or launch again. With --yes it opens it "
        '(prints it, or its JSON with "already_launched": true, exit 0) and creates nothing; pass --again to '
        "launch another job anyway. If the earlier launch created no job, it is launched now under the same id."
    )
    add_session_options(parser)


def run(args: argparse.Namespace) -> int:
    """Launch (or preview) a job; exit 2 for invalid input, 1 when the provider refuses."""
    try:
        raw = dict(parse_assignment(text) for text in args.values)
        metadata = parse_metadata(args.metadata)
    except (ValueProblem, ValueError) as error:
        print(f"ftui: {error}", file=sys.stderr)
        return 2
    args.raw_values, args.metadata_pairs = raw, metadata
    return run_command(args, _launch)


def _say(line: str) -> None:
    print(redact(line), file=sys.stderr, flush=True)


def _launch(session: Session, args: argparse.Namespace) -> int:
    if len(session.profiles) > 1:
        names = ", ".join(p.name for p in session.profiles)
        raise CommandError(f"several profiles are configured ({names}); choose one with --profile.", code=2)
    profile = session.profiles[0]
    if not args.dry_run:
        refuse_if_read_only(args, "launching jobs")
    provider = session.provider(profile.name)
    try:
        schema = provider.hyperparameters(args.model, args.method)
    except InvalidRequestError as error:
        raise CommandError(error.message, code=2) from error
    values, errors = validate(schema, args.raw_values, args.model, args.method)
    options = {
        k: v
        for k, v in (("model_name", args.model_name), ("role_arn", args.role_arn), ("output_uri", args.output_uri))
        if v
    }
    form = LaunchForm(
        profile.name,
        args.model,
        args.method,
        dict(args.raw_values),
        args.suffix,
        args.seed,
        args.train,
        args.valid or "",
        args.metadata_pairs,
        options,
    )
    options = job_options(form, provider)
    problems = [
        *errors.values(),
        *field_errors(form, provider).values(),
        *provider.launch_problems(profile, options, is_remote(args.train)).values(),
    ]
    problems += _method_problems(provider, args)
    if problems:
        raise CommandError("; ".join(problems) + ". Nothing was uploaded.", code=2)
    if not args.dry_run and not args.yes and not sys.stdin.isatty():
        raise CommandError("not a terminal: pass --yes to launch without confirmation. Nothing was uploaded.", code=2)
    plan = LaunchPlan(
        args.model,
        args.train,
        args.valid or None,
        args.method,
        values,
        args.suffix or None,
        int(args.seed) if args.seed else None,
        args.metadata_pairs,
        options,
    )
    key = pending.launch_key(profile, plan)
    launch_id = None
    if not args.dry_run and not args.again:
        launch_id = _reconcile_earlier(provider, profile.name, key, args)
        if launch_id == "":
            return 0  # the earlier job was opened; nothing new created
    warning = region_warning(provider, args.model)
    if warning:
        _say(f"warning: {warning}")
    report = None
    if not is_remote(args.train):
        _say(f"Checking {Path(args.train).name} for {args.model}…")
        report = check_data(args.train, args.model, args.valid or None)
    preview = build_preview(args.model, args.method, schema, values, report)
    if args.dry_run:
        if args.json:
            print(json.dumps({"profile": profile.name, **preview.to_json()}, indent=2))
        else:
            print(f"Dry run on {profile.describe()}: nothing uploaded or created.")
            print("\n".join(preview.lines()))
        return 0 if preview.ok else 1
    if not preview.ok:
        _say("\n".join(preview.lines()))
        raise CommandError("the data has errors (above); fix them before launching. Nothing was uploaded.")
    if not args.yes:
        _confirm(profile.describe(), args, preview.lines())
    launch_id = launch_id or new_launch_id()
    problem = pending.quietly(pending.remember, key, launch_id, profile.name, plan)
    if problem:
        _say(f"warning: {problem}; if this launch is interrupted, ftui cannot recognise it next time.")
    try:
        with _hangup_ends_the_launch():
            job = submit(provider, plan, report=report, launch_id=launch_id, progress=_say)
    except _HangUp:
        _interrupted(launch_id, "hang-up (SIGHUP)")
        return 129
    except KeyboardInterrupt:
        _interrupted(launch_id, "Ctrl-C")
        return 130
    except ProviderError as error:
        if isinstance(error, (InvalidRequestError, PermissionDeniedError, AuthError, ConfigError, NotFoundError)):
            pending.quietly(pending.forget, key, launch_id)  # refused: no job can exist
        region = getattr(provider, "region", None)
        hint = next((m.description for m in provider.base_models() if m.id == args.model), "")
        explained = explain_refusal(error, provider, args.model, region, hint)
        if isinstance(error, (PermissionDeniedError, InvalidRequestError)) or explained != error.message:
            raise CommandError(f"{error.title}: {explained}") from error
        raise
    pending.quietly(pending.confirm, key, launch_id, job.id)
    _print_job(job, profile.name, launch_id, args, created=True)
    return 0


def _method_problems(provider: Provider, args: argparse.Namespace) -> list[str]:
    """The method checked against the files' formats (hosted ones from a cached copy); the provider's
    declared methods suggest the fix."""
    files = {"training": args.train, "validation": args.valid or ""}
    formats: dict[str, str] = {}
    names: dict[str, str] = {}
    for reference in filter(is_remote, files.values()):
        try:
            hosted = find_hosted(provider, reference)
            fmt = file_format(str(local_copy(provider, provider.name, hosted))) if hosted else None
        except ProviderError as error:
            _say(f"Could not check the format of {reference}: {error.message}")
            continue
        if hosted is not None and fmt is not None:
            formats[reference], names[reference] = fmt, hosted.filename or reference
    if not method_problems(args.method, files, formats=formats):
        return []
    offered = next((m.methods for m in provider.base_models() if m.id == args.model), None)
    return list(method_problems(args.method, files, offered, formats, names).values())


def _print_job(job: Job, profile: str, launch_id: str, args: argparse.Namespace, created: bool) -> None:
    if args.json:
        print(json.dumps({**job_detail(job, []), "launch_id": launch_id, "already_launched": not created}, indent=2))
    elif created:
        print(f"Created {job.id} ({job.status.value}) on {profile}. Follow it: ftui watch {job.id}")
    else:
        print(
            f"Already launched: {job.id} ({job.status.value}) on {profile}, launch id {launch_id}; nothing new "
            f"was created. Follow it: ftui watch {job.id} (--again launches another job)."
        )


def _reconcile_earlier(provider: Any, profile: str, key: str, args: argparse.Namespace) -> str | None:
    """Look for the job of an earlier launch of this configuration.

    Returns the launch id to reuse (the earlier launch created no job), None for a fresh launch,
    or "" when the earlier job was opened and nothing is to be launched.
    """
    record = pending.recorded(key)
    if record is None:
        return None
    _say(
        f"This configuration was launched {pending.age_text(record)} (launch id {record.launch_id}); "
        "looking for its job…"
    )
    try:
        job = find_prior(provider, record.launch_id, record.job_id)
    except ProviderError as error:
        raise CommandError(
            f"an earlier launch of this configuration (launch id {record.launch_id}) may have created a job, and "
            f"ftui cannot check now ({error.message}). Look for it with `ftui jobs list`, or pass --again to "
            "launch anyway. Nothing was uploaded."
        ) from error
    if job is None:
        if record.job_id:
            return None  # the job it made is gone: a fresh launch
        _say(f"The earlier launch (launch id {record.launch_id}) created no job; launching it now under the same id.")
        return record.launch_id
    pending.quietly(pending.confirm, key, record.launch_id, job.id)
    question = (
        f"This launch may already exist as {job.id} ({job.status.value}, launch id {record.launch_id}). "
        "Open it, or launch again? [o]pen / [l]aunch again / [q]uit: "
    )
    if args.yes:
        _say(question.split(" Open it")[0] + " Opening it (pass --again to launch another job).")
        answer = "o"
    else:
        try:
            answer = input(question).strip().lower()[:1]
        except EOFError:
            answer = "q"
    if answer == "o":
        _print_job(job, profile, record.launch_id, args, created=False)
        return ""
    if answer == "l":
        return None
    raise CommandError("not launched.", code=1)


class _HangUp(BaseException):
    """The terminal went away (SIGHUP) while launching (a BaseException: no ``except Exception`` swallows it)."""


@contextlib.contextmanager
def _hangup_ends_the_launch() -> Iterator[None]:
    """While it runs, SIGHUP interrupts the blocking create call at once (not after the HTTP timeout)."""

    def hang_up(_signum: int, _frame: Any) -> None:
        raise _HangUp()

    previous = None
    try:
        if (
            threading.current_thread() is threading.main_thread()
            and hasattr(signal, "SIGHUP")
            and signal.getsignal(signal.SIGHUP) is not signal.SIG_IGN
        ):  # respect nohup
            previous = signal.signal(signal.SIGHUP, hang_up)
    except (ValueError, OSError):
        previous = None
    try:
        yield
    finally:
        if previous is not None:
            signal.signal(signal.SIGHUP, previous)


def _interrupted(launch_id: str, how: str) -> None:
    try:
        _say(
            f"ftui: interrupted by {how} while launching. Launch id {launch_id} is saved: run the same command "
            "again and ftui finds the job if it was created, or launches it once if not."
        )
    except OSError:
        pass  # the terminal is gone


def _confirm(where: str, args: argparse.Namespace, lines: list[str]) -> None:
    _say(f"Launch on {where}:\n  training {args.train}" + (f"\n  validation {args.valid}" if args.valid else ""))
    _say("\n".join(lines))
    try:
        answer = input("Launch this job? [y/N] ")
    except EOFError:
        answer = ""
    if answer.strip().lower() not in ("y", "yes"):
        raise CommandError("not launched.", code=1)
