"""The ``ftui`` command: the app by default, plus subcommands for scripts and plain terminals."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ftui import __version__

if TYPE_CHECKING:
    from ftui.config import Config

from ftui.options import add_output_flags, add_session_flags, output_flags_parent

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


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; only ``command``'s module is imported to configure its arguments.

    The shared flags (:mod:`ftui.options`) are accepted before and after any subcommand.
    """
    parser = argparse.ArgumentParser(
        prog="ftui", description="Fine-tuning jobs, datasets and loss curves in the terminal."
    )
    parser.add_argument("--version", action="version", version=f"ftui {__version__}")
    add_session_flags(parser, top_level=True)
    add_output_flags(parser, top_level=True)
    parser.add_argument("--no-mouse", action="store_true", help="do not turn on mouse reporting")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    parent = output_flags_parent()
    for name, (module_name, help_text) in _SUBCOMMANDS.items():
        if name == command:
            chosen = sub.add_parser(
                name, help=help_text, description=help_text, parents=[parent], conflict_handler="resolve"
            )
            importlib.import_module(module_name).configure_parser(chosen)
            if name == "emulator":  # its own --speed must not hide one given before it (ftui --speed 20 emulator)
                for action in chosen._actions:  # on the action, not set_defaults: that would parse "==SUPPRESS=="
                    if action.dest == "speed":
                        action.default = argparse.SUPPRESS
        else:
            sub.add_parser(name, help=help_text, add_help=False)
    config = sub.add_parser("config", help="show where the config is and what it says", parents=[parent])
    config.add_argument(
        "action",
        choices=("path", "show", "edit"),
        help="path: print the file's path; show: profiles and problems; edit: open it in $EDITOR",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``ftui`` console script."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    command = _command_of(args_list)
    args = build_parser(command).parse_args(args_list)
    if getattr(args, "speed", None) is not None and not getattr(args, "demo", False) and args.command != "emulator":
        print(SPEED_WITHOUT_DEMO, file=sys.stderr)
        return 2
    if args.command == "emulator" and args.speed is None:
        args.speed = 1.0  # the emulator's own default, suppressed above
    if args.no_color:
        import os

        os.environ["NO_COLOR"] = "1"  # Textual and Rich render in monochrome
    from ftui.files import set_read_only

    if args.read_only or (args.command != "emulator" and _load(args).read_only):
        set_read_only(True)  # only ever turned on here: nothing in a run turns it off
    if args.command in _SUBCOMMANDS:
        return int(importlib.import_module(_SUBCOMMANDS[args.command][0]).run(args))
    if args.command == "config":
        return _config(args)
    return _run_app(args)


_VALUE_FLAGS = ("--profile", "--config", "--speed")

SPEED_WITHOUT_DEMO = (
    "ftui: --speed sets the pace of the demo's jobs: use it with --demo (ftui --demo --speed 20); "
    "for a standalone emulator: ftui emulator --speed N"
)
"""What ``--speed`` without ``--demo`` prints (exit 2): real providers run at their own pace."""


def _command_of(args: list[str]) -> str | None:
    """The subcommand named on the command line (the first word that is not a flag or a flag's value)."""
    i = 0
    while i < len(args):
        word = args[i]
        if word == "--":
            return args[i + 1] if i + 1 < len(args) else None
        if not word.startswith("-"):
            return word
        i += 2 if word in _VALUE_FLAGS else 1
    return None


def _load(args: argparse.Namespace) -> Config:
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
        from ftui.files import ReadOnlyError, write_text

        try:
            write_text(path, _TEMPLATE, overwrite=False, what=f"creating {path}", make_dirs=True)
        except ReadOnlyError as error:
            print(f"ftui: {error}", file=sys.stderr)
            return 2
    editor = (
        os.environ.get("VISUAL")
        or os.environ.get("EDITOR")
        or next((e for e in ("nano", "vi") if shutil.which(e)), None)
    )
    if not editor:
        print(f"ftui: set $EDITOR to edit {path}", file=sys.stderr)
        return 2
    status = subprocess.call([*shlex.split(editor), str(path)])
    from ftui.config import load_config

    for problem in load_config(path).problems:
        print(problem, file=sys.stderr)
    return status


def _run_app(args: argparse.Namespace) -> int:
    from ftui.session import Session, resolve_session

    config = _load(args)
    for problem in config.problems:
        print(problem, file=sys.stderr)

    def start() -> Session:  # in the app's start-up thread, after the first frame (SDKs, demo emulator)
        return resolve_session(config, demo=args.demo, profile=args.profile, speed=args.speed)

    from ftui.tui.app import FtuiApp

    app = FtuiApp(start, config, read_only=args.read_only or config.read_only)
    try:
        app.run(mouse=not args.no_mouse)  # a start-up ProviderError exits with "ftui: <error>" and code 2
    finally:
        app.close_session()
    return app.return_code or 0
