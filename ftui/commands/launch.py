"""``ftui launch``: check the data, preview the cost, upload and create a fine-tuning job (once)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ftui.commands.common import CommandError, add_session_options, job_detail, refuse_if_read_only, run_command
from ftui.launch import (
    LaunchForm,
    LaunchPlan,
    build_preview,
    check_data,
    explain_refusal,
    field_errors,
    is_remote,
    parse_assignment,
    submit,
    validate,
)
from ftui.launch.form import parse_metadata
from ftui.launch.hosted import find_hosted, local_copy
from ftui.launch.methods import file_format, method_problems
from ftui.launch.values import ValueProblem
from ftui.providers import InvalidRequestError, PermissionDeniedError, ProviderError
from ftui.providers.base import Provider
from ftui.session import Session

__all__ = ["configure_parser", "run"]


def configure_parser(parser: argparse.ArgumentParser) -> None:
    """The launch options (see ``ftui launch --help``)."""
    parser.add_argument("--model", "-m", metavar="M", required=True, help="base model to fine-tune")
    parser.add_argument("--train", metavar="FILE", required=True,
                        help="training JSONL file (or an uploaded file id / s3:// URI)")
    parser.add_argument("--valid", metavar="FILE", help="validation JSONL file")
    parser.add_argument("--method", choices=("supervised", "dpo"), default="supervised", help="default supervised")
    parser.add_argument("--set", metavar="NAME=VALUE", action="append", default=[], dest="values",
                        help="a hyperparameter, provider-native name (repeatable), e.g. --set n_epochs=3")
    parser.add_argument("--suffix", metavar="S", default="", help="OpenAI model suffix / Bedrock job name")
    parser.add_argument("--seed", metavar="N", default="", help="OpenAI seed")
    parser.add_argument("--metadata", metavar="K=V,…", default="", help="OpenAI metadata / Bedrock job tags")
    parser.add_argument("--model-name", metavar="NAME", default="", help="Bedrock custom model name (default: the job name)")
    parser.add_argument("--role-arn", metavar="ARN", default="", help="Bedrock service role (default: the profile's)")
    parser.add_argument("--output", metavar="S3_URI", default="", dest="output_uri",
                        help="Bedrock output location (default: the profile's bucket and output_prefix)")
    parser.add_argument("--dry-run", action="store_true", help="print the preview; upload and create nothing")
    parser.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")
    parser.add_argument("--json", action="store_true", help="print the created job (or the dry-run preview) as JSON")
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
    print(line, file=sys.stderr, flush=True)


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
    options = {k: v for k, v in (("model_name", args.model_name), ("role_arn", args.role_arn),
                                 ("output_uri", args.output_uri)) if v}
    form = LaunchForm(profile.name, args.model, args.method, dict(args.raw_values), args.suffix, args.seed,
                      args.train, args.valid or "", args.metadata_pairs, options)
    problems = [*errors.values(), *field_errors(form, provider.kind).values()]
    if provider.kind == "bedrock":
        problems += [f"profile {profile.name!r} needs the option {key} ({why})" for key, why in (
            ("role_arn", "the IAM role Bedrock assumes"), ("bucket", "where data is uploaded and output written"))
            if not profile.get(key) and not (key == "role_arn" and args.role_arn)
            and not (key == "bucket" and args.output_uri and is_remote(args.train))]
    problems += _method_problems(provider, args)
    if problems:
        raise CommandError("; ".join(problems) + ". Nothing was uploaded.", code=2)
    if not args.dry_run and not args.yes and not sys.stdin.isatty():
        raise CommandError("not a terminal: pass --yes to launch without confirmation. Nothing was uploaded.", code=2)
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
    plan = LaunchPlan(args.model, args.train, args.valid or None, args.method, values, args.suffix or None,
                      int(args.seed) if args.seed else None, args.metadata_pairs,
                      options if provider.kind == "bedrock" else {})
    try:
        job = submit(provider, plan, report=report, progress=_say)
    except ProviderError as error:
        if isinstance(error, (PermissionDeniedError, InvalidRequestError)) or provider.kind == "bedrock":
            region = getattr(provider, "region", None)
            hint = next((m.description for m in provider.base_models() if m.id == args.model), "")
            raise CommandError(f"{error.title}: {explain_refusal(error, provider.kind, args.model, region, hint)}")
        raise
    if args.json:
        print(json.dumps(job_detail(job, []), indent=2))
    else:
        print(f"Created {job.id} ({job.status.value}) on {profile.name}. Follow it: ftui watch {job.id}")
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


def _confirm(where: str, args: argparse.Namespace, lines: list[str]) -> None:
    _say(f"Launch on {where}:\n  training {args.train}" + (f"\n  validation {args.valid}" if args.valid else ""))
    _say("\n".join(lines))
    try:
        answer = input("Launch this job? [y/N] ")
    except EOFError:
        answer = ""
    if answer.strip().lower() not in ("y", "yes"):
        raise CommandError("not launched.", code=1)
