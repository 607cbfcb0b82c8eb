"""What the terminal's locale allows (UTF-8 or not), judged from the environment the user set."""

from __future__ import annotations

import os


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
