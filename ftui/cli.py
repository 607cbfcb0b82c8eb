"""The ``ftui`` command: the app by default, plus subcommands for scripts and plain terminals."""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path
from typing import Sequence

from ftui import __version__

# Subcommands whose modules are imported only when used (keeps start-up fast).
_SUBCOMMANDS = {
    "emulator": ("ftui.emulator.cli", "run a local OpenAI-compatible fine-tuning server"),
    "validate": ("ftui.datasets.cli", "check a JSONL dataset: format, problems, tokens, cost"),
    "jobs": ("ftui.commands.jobs", "list, show, cancel, pause or resume fine-tuning jobs"),
    "metrics": ("ftui.commands.metrics", "a job's step metrics as a table, JSON or CSV"),
    "watch": ("ftui.commands.watch", "follow a job in a plain terminal until it ends"),
    "launch": ("ftui.commands.launch", "check data, preview cost, upload and start a fine-tuning job"),  # launch
    "eval": ("ftui.commands.eval", "compare a fine-tuned model with its base on held-out examples"),  # eval
}


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (subcommand modules are imported only for the one chosen)."""
    parser = argparse.ArgumentParser(prog="ftui", description="Fine-tuning jobs, datasets and loss curves in the terminal.")
    parser.add_argument("--version", action="version", version=f"ftui {__version__}")
    parser.add_argument("--demo", action="store_true", help="run on the built-in emulator with demo jobs")
    parser.add_argument("--profile", help="show only this configured profile")
    parser.add_argument("--config", help="config file to use (default: $FTUI_CONFIG or the XDG config dir)")
    parser.add_argument("--read-only", action="store_true",
                        help="refuse anything that changes something: cancel, pause, resume, launch, uploads, file writes")
    parser.add_argument("--no-mouse", action="store_true", help="do not turn on mouse reporting")
    parser.add_argument("--no-color", action="store_true", help="monochrome (also: NO_COLOR=1)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (_, help_text) in _SUBCOMMANDS.items():
        sub.add_parser(name, help=help_text, add_help=False)
    config = sub.add_parser("config", help="show where the config is and what it says")
    config.add_argument("action", choices=("path", "show", "edit"),
                        help="path: print the file's path; show: profiles and problems; edit: open it in $EDITOR")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``ftui`` console script."""
    args_list = _global_flags_last(list(sys.argv[1:] if argv is None else argv))
    if args_list and args_list[0] in _SUBCOMMANDS:
        return _run_subcommand(args_list[0], args_list[1:])
    args = build_parser().parse_args(args_list)
    if args.command == "config":
        return _config(args)
    return _run_app(args)


def _global_flags_last(args: list[str]) -> list[str]:
    """``ftui --demo jobs list`` means ``ftui jobs list --demo``: move global flags after a subcommand."""
    leading: list[str] = []
    i = 0
    while i < len(args) and args[i] in ("--demo", "--profile", "--config"):
        takes_value = args[i] != "--demo"
        leading += args[i : i + 1 + takes_value]
        i += 1 + takes_value
    if leading and i < len(args) and args[i] in _SUBCOMMANDS and args[i] != "emulator":
        return [args[i], *args[i + 1 :], *leading]
    return args


def _run_subcommand(name: str, argv: list[str]) -> int:
    module = importlib.import_module(_SUBCOMMANDS[name][0])
    parser = argparse.ArgumentParser(prog=f"ftui {name}", description=_SUBCOMMANDS[name][1])
    module.configure_parser(parser)
    return int(module.run(parser.parse_args(argv)))


def _load(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from pathlib import Path

    from ftui.config import load_config

    return load_config(Path(args.config).expanduser() if args.config else None)


def _config(args: argparse.Namespace) -> int:
    config = _load(args)
    if args.action == "path":
        print(config.path)
        return 0
    if args.action == "edit":
        return _edit(config.path)
    print(f"# {config.path}{'' if config.path.exists() else ' (does not exist: using defaults)'}")
    for profile in config.profiles:
        default = "  (default)" if profile.name == config.default_profile else ""
        print(f"{profile.describe()}{default}")
    print(f"refresh_interval = {config.refresh_interval:g}")
    for problem in config.problems:
        print(problem, file=sys.stderr)
    return 1 if config.problems else 0


_TEMPLATE = """# ftui configuration. ftui never stores secrets: keys come from the environment.
# refresh_interval = 5
# read_only = false
# plot_marker = "auto"          # auto, braille, dot or ascii
# dataset_dirs = ["~/data"]
#
# [profiles.openai]
# kind = "openai"               # uses OPENAI_API_KEY (and OPENAI_BASE_URL if set)
#
# [profiles.bedrock]
# kind = "bedrock"
# region = "us-west-2"
# bucket = "my-bucket"
# role_arn = "arn:aws:iam::123456789012:role/BedrockFineTuning"
"""


def _edit(path: Path) -> int:
    import os
    import shlex
    import shutil
    import subprocess

    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_TEMPLATE, encoding="utf-8")
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or next(
        (e for e in ("nano", "vi") if shutil.which(e)), None)
    if not editor:
        print(f"ftui: set $EDITOR to edit {path}", file=sys.stderr)
        return 2
    status = subprocess.call([*shlex.split(editor), str(path)])
    from ftui.config import load_config

    for problem in load_config(path).problems:
        print(problem, file=sys.stderr)
    return status


def _run_app(args: argparse.Namespace) -> int:
    from ftui.providers.errors import ProviderError
    from ftui.session import resolve_session

    config = _load(args)
    for problem in config.problems:
        print(problem, file=sys.stderr)
    try:
        session = resolve_session(config, demo=args.demo, profile=args.profile)
    except ProviderError as error:
        print(f"ftui: {error}", file=sys.stderr)
        return 2
    if args.no_color:
        import os

        os.environ["NO_COLOR"] = "1"  # Textual renders in monochrome
    from ftui.tui.app import FtuiApp

    try:
        FtuiApp(session, config, read_only=args.read_only or config.read_only).run(mouse=not args.no_mouse)
    finally:
        session.close()
    return 0
