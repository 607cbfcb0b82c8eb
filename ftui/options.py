"""The flags every ``ftui`` command shares, accepted before or after the subcommand.

``ftui --read-only jobs list`` and ``ftui jobs list --read-only`` mean the same. The top-level
parser declares these flags with their real defaults; each subcommand parser declares them
again with ``argparse.SUPPRESS`` as the default, so a flag given after the subcommand sets the
value and one given before it is not overwritten by the subcommand's default. This module
imports nothing heavy: ``ftui/cli.py`` uses it before any subcommand module is imported.
"""

from __future__ import annotations

import argparse
import math
from typing import Any

SESSION_FLAGS = ("--profile", "--demo", "--speed", "--config")
"""Flags that choose which providers a command talks to."""

_HELP = {
    "--profile": "only this configured profile",
    "--demo": "use the built-in emulator with demo jobs (no keys needed)",
    "--speed": "with --demo: run the demo jobs N times faster (e.g. 20: a running job ends in about half a minute)",
    "--config": "config file to use (default: $FTUI_CONFIG or the platform's config dir)",
    "--read-only": "refuse anything that changes something: cancel, pause, resume, launch, uploads, file writes",
    "--no-color": "monochrome output (also: NO_COLOR=1)",
}


def demo_speed(text: str) -> float:
    """Parse ``--speed N``: a positive, finite number (argparse turns the error into a usage line, exit 2)."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"expected a positive number such as 20 (how many times faster), got {text!r}")
    return value


def add_session_flags(parser: argparse.ArgumentParser, *, top_level: bool = False) -> None:
    """Add ``--profile``, ``--demo``, ``--speed`` and ``--config`` to ``parser``.

    ``top_level`` gives them real defaults; otherwise they default to ``argparse.SUPPRESS``
    so that a value given before the subcommand survives.
    """
    default: dict[str, Any] = {} if top_level else {"default": argparse.SUPPRESS}
    parser.add_argument("--profile", metavar="P", help=_HELP["--profile"], **default)
    parser.add_argument("--demo", action="store_true", help=_HELP["--demo"], **default)
    parser.add_argument("--speed", metavar="N", type=demo_speed, help=_HELP["--speed"], **default)
    parser.add_argument("--config", metavar="PATH", help=_HELP["--config"], **default)


def add_output_flags(parser: argparse.ArgumentParser, *, top_level: bool = False) -> None:
    """Add ``--read-only`` and ``--no-color`` to ``parser`` (see :func:`add_session_flags` for ``top_level``)."""
    default: dict[str, Any] = {} if top_level else {"default": argparse.SUPPRESS}
    parser.add_argument("--read-only", action="store_true", help=_HELP["--read-only"], **default)
    parser.add_argument("--no-color", action="store_true", help=_HELP["--no-color"], **default)


def output_flags_parent() -> argparse.ArgumentParser:
    """A parent parser with the suppressed ``--read-only`` and ``--no-color`` for every subcommand."""
    parent = argparse.ArgumentParser(add_help=False)
    add_output_flags(parent)
    return parent
