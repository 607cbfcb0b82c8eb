"""What the terminal's locale allows (UTF-8 or not), judged from the environment the user set,
and the plot marker that follows from it."""

from __future__ import annotations

import os
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


def pick_marker(setting: MarkerSetting, encoding: str | None = None) -> Literal["braille", "dot", "ascii"]:
    """The marker to draw with: ``setting`` itself, or for ``auto`` braille on UTF-8 and ASCII elsewhere."""
    if setting != "auto":
        return setting
    if encoding is None:
        return "braille" if locale_is_utf8() else "ascii"
    return "braille" if encoding.lower().replace("-", "").replace("_", "") in ("utf8", "utf8mb4") else "ascii"
