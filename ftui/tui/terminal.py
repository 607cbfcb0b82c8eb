"""What the terminal allows (a UTF-8 locale, a terminal type that has braille glyphs), judged from
the environment the user set, and the plot marker that follows from it."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Literal

MarkerSetting = Literal["auto", "braille", "dot", "ascii"]
"""How curves are drawn: braille dots (finest), block dots, plain ASCII, or picked from the locale."""


def locale_is_utf8(environ: dict[str, str] | None = None) -> bool:
    """Whether the user's locale is UTF-8 (``LC_ALL``, then ``LC_CTYPE``, then ``LANG``).

    Python itself cannot be asked: in a C locale it switches to UTF-8 (PEP 538/540) and sets
    ``LC_CTYPE=C.UTF-8`` in its own environment, which says nothing about the terminal.
    """
    env = os.environ if environ is None else environ
    lang = env.get("LANG", "")
    for name in ("LC_ALL", "LC_CTYPE", "LANG"):
        value = env.get(name, "")
        if not value:
            continue
        if name == "LC_CTYPE" and value == "C.UTF-8" and lang in ("", "C", "POSIX"):
            continue  # most likely Python's own coercion of a C locale
        return "utf-8" in value.lower() or "utf8" in value.lower()
    return False


def marker_setting(value: str) -> MarkerSetting:
    """A config value as a marker setting (``auto`` for anything else)."""
    settings: dict[str, MarkerSetting] = {"auto": "auto", "braille": "braille", "dot": "dot", "ascii": "ascii"}
    return settings.get(value, "auto")


Marker = Literal["braille", "dot", "ascii"]
"""A marker actually drawn with."""

_NO_BRAILLE = re.compile(r"(linux|vt\d+|dumb|ansi|cons\d+|pcansi|sun|wy\d+|xterm-mono)([-.+].*)?|.*[.]linux")
"""Terminal types whose fonts have no braille (the Linux console, DEC VTs and their emulations, dumb terminals)."""


def term_lacks_braille(term: str) -> bool:
    """Whether a ``TERM`` value names a terminal that cannot draw braille (e.g. ``linux``, ``vt100``)."""
    return bool(_NO_BRAILLE.fullmatch(term.strip().lower()))


def marker_choice(setting: MarkerSetting, environ: Mapping[str, str] | None = None) -> tuple[Marker, str]:
    """The marker to draw with and why, for people (shown by the diagnostics screen).

    ``auto`` picks braille only when the locale is UTF-8 and ``TERM`` is not a terminal
    without braille glyphs (the Linux console, VT100s, dumb terminals); ASCII otherwise.
    """
    env = os.environ if environ is None else environ
    if setting != "auto":
        return setting, f"set by plot_marker = {setting} in the config"
    term = env.get("TERM", "")
    if term and term_lacks_braille(term):
        return "ascii", f"TERM={term} has no braille glyphs\n(plot_marker = braille in the config overrides this)"
    if not locale_is_utf8(dict(env)):
        return "ascii", "the locale is not UTF-8 (LANG, LC_ALL or LC_CTYPE)"
    return "braille", f"UTF-8 locale and TERM={term or '(unset)'}"


def pick_marker(setting: MarkerSetting, encoding: str | None = None) -> Marker:
    """The marker to draw with: ``setting`` itself, or for ``auto`` what :func:`marker_choice` picks.

    Given an ``encoding``, ``auto`` is braille on UTF-8 and ASCII elsewhere (the terminal type aside).
    """
    if setting != "auto":
        return setting
    if encoding is None:
        return marker_choice(setting)[0]
    return "braille" if encoding.lower().replace("-", "").replace("_", "") in ("utf8", "utf8mb4") else "ascii"


def colours_in_use(color_system: str | None, no_color: bool, environ: Mapping[str, str] | None = None) -> str:
    """What colours the app draws with, and what decided it, for people (a second line says how to get more).

    Args:
        color_system: What Rich/Textual detected (``app.console.color_system``):
            ``truecolor``, ``256``, ``standard``, ``windows`` or None.
        no_color: Whether colour is turned off (``NO_COLOR`` or ``--no-color``).
        environ: The environment (default: ``os.environ``).
    """
    env = os.environ if environ is None else environ
    if no_color:
        return "monochrome (NO_COLOR or --no-color)"
    term = env.get("TERM", "") or "(unset)"
    colorterm = env.get("COLORTERM", "")
    if color_system == "truecolor":
        return f"16 million (truecolor), from COLORTERM={colorterm}" if colorterm else "16 million (truecolor)"
    if color_system == "256":
        return f"256, from TERM={term}\nmore: COLORTERM=truecolor"
    if color_system == "standard":
        return f"16, from TERM={term}\nmore: TERM=xterm-256color or COLORTERM=truecolor"
    if color_system == "windows":
        return "16 (legacy Windows console)"
    return f"none: TERM={term} is not a colour terminal"
