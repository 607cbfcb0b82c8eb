"""Read untrusted payload values without ever raising: the coercions every record builder uses.

A server may send any JSON (or, through an SDK, any Python value) in any field:
nulls, wrong types, NaN and infinities, megabyte strings. Each helper here turns
one value into what a record needs, or None ("unknown"), and can note the
problem in a list the record keeps (``problems``). Strings are capped at parse
time so no table column or log line is ever blown up by one field.

:class:`Notes` collects what a provider had to skip or could not read, so a
command or a screen can say so (never silent).
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable, Mapping
from typing import Any

ID_LIMIT = 256
"""Longest id kept whole (real ids are far shorter); longer ones are cut with an ellipsis."""
TEXT_LIMIT = 120
"""Longest short text kept (names, models, statuses, file names)."""
MESSAGE_LIMIT = 2000
"""Longest long text kept (event messages, error messages)."""
ELLIPSIS = "…"


def cap(text: str, limit: int = TEXT_LIMIT) -> str:
    """``text`` cut to at most ``limit`` characters, ending in an ellipsis when it was cut."""
    if len(text) <= limit:
        return text
    return text[: max(0, limit - 1)] + ELLIPSIS


def brief(value: Any, limit: int = 40) -> str:
    """A short printable form of any value, for problem notes."""
    try:
        text = repr(value) if not isinstance(value, str) else repr(cap(value, limit))
    except Exception:  # noqa: BLE001 - a hostile __repr__ can raise anything
        text = f"<{type(value).__name__}>"
    return cap(text, limit)


def _note(problems: list[str] | None, name: str, value: Any, expected: str) -> None:
    if problems is not None and value is not None:
        problems.append(f"{name} is not {expected} ({brief(value)})")


def text(value: Any, limit: int = TEXT_LIMIT, problems: list[str] | None = None, name: str = "") -> str | None:
    """A string field: strings capped, numbers as text, anything else (null, objects) None."""
    if value is None:
        return None
    if isinstance(value, str):
        return cap(value, limit)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return cap(str(value), limit)
    _note(problems, name, value, "text")
    return None


def ident(value: Any, problems: list[str] | None = None, name: str = "id") -> str | None:
    """An id: a non-empty string (or integer) capped at :data:`ID_LIMIT`; None when unusable."""
    if isinstance(value, bool):
        _note(problems, name, value, "an id")
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and value.strip():
        if len(value) > ID_LIMIT and problems is not None:
            problems.append(f"{name} is {len(value):,} characters long; shown shortened")
        return cap(value, ID_LIMIT)
    _note(problems, name, value, "an id")
    return None


def integer(value: Any, problems: list[str] | None = None, name: str = "") -> int | None:
    """A whole number: ints, integral finite floats and digit strings; anything else None."""
    if value is None or isinstance(value, bool):
        _note(problems, name, value, "a whole number")
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    if isinstance(value, str) and len(value) <= 30:
        try:
            number = float(value.strip())
        except ValueError:
            pass
        else:
            if math.isfinite(number) and number.is_integer():
                return int(number)
    _note(problems, name, value, "a whole number")
    return None


def number(value: Any, problems: list[str] | None = None, name: str = "") -> float | None:
    """A finite float: numbers and numeric strings; NaN, infinities and anything else None."""
    if type(value) is float:  # the common case, first
        if math.isfinite(value):
            return value
        _note(problems, name, value, "a finite number")
        return None
    if value is None or isinstance(value, bool):
        _note(problems, name, value, "a number")
        return None
    if isinstance(value, (int, float)):
        try:
            result = float(value)
        except OverflowError:  # a huge int
            result = math.inf
    elif isinstance(value, str) and len(value) <= 40:
        try:
            result = float(value.strip())
        except ValueError:
            _note(problems, name, value, "a number")
            return None
    else:
        _note(problems, name, value, "a number")
        return None
    if not math.isfinite(result):
        _note(problems, name, value, "a finite number")
        return None
    return result


def mapping(value: Any, problems: list[str] | None = None, name: str = "") -> dict[str, Any]:
    """An object field as a dict (null and wrong types give an empty one)."""
    if isinstance(value, (dict, Mapping)):
        return dict(value)
    _note(problems, name, value, "an object")
    return {}


def texts(value: Any, limit: int = ID_LIMIT, problems: list[str] | None = None, name: str = "") -> tuple[str, ...]:
    """A list of strings (non-strings in it are dropped, a lone string is a list of one)."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (cap(value, limit),) if value else ()
    if not isinstance(value, (list, tuple)):
        _note(problems, name, value, "a list")
        return ()
    kept = tuple(cap(item, limit) for item in value if isinstance(item, str) and item)
    if len(kept) != len(value):
        _note(problems, name, value, "a list of strings")
    return kept


def plain(value: Any, depth: int = 0) -> Any:
    """A JSON-safe copy of ``value``: long strings capped, deep nesting cut, NaN and infinities None.

    Used for ``raw`` and params.
    """
    kind = type(value)
    if kind is str:
        return value if len(value) <= MESSAGE_LIMIT else cap(value, MESSAGE_LIMIT)
    if value is None or kind is int or kind is bool:
        return value
    if kind is float:
        return value if math.isfinite(value) else None  # JSON cannot hold it, and no table should show it
    if depth > 8:
        return ELLIPSIS
    if kind is list or kind is tuple:
        return [plain(v, depth + 1) for v in value[:200]]
    if isinstance(value, (dict, Mapping)):
        items = value.items() if len(value) <= 200 else list(value.items())[:200]
        return {
            (k if type(k) is str and len(k) <= TEXT_LIMIT else cap(str(k), TEXT_LIMIT)): plain(v, depth + 1)
            for k, v in items
        }
    if isinstance(value, (list, tuple)):
        return [plain(v, depth + 1) for v in value[:200]]
    if isinstance(value, (int, float)):  # subclasses (IntEnum …)
        return plain(float(value) if isinstance(value, float) else int(value), depth)
    return cap(str(value), TEXT_LIMIT)


class Notes:
    """What a provider skipped or could not read, for the UI and the CLI to show (thread-safe, bounded).

    Each note remembers the thread that recorded it, so a worker can take only the notes of its
    own calls (``drain(mine=True)``): a jobs refresh never reports what a concurrent files listing
    skipped. The CLI takes them all.
    """

    LIMIT = 50
    """Most notes kept per thread until they are taken."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._notes: dict[int, dict[str, None]] = {}

    def add(self, note: str) -> None:
        """Record a note once (repeats of the same text from the same thread are dropped)."""
        text = cap(note, MESSAGE_LIMIT)
        with self._lock:
            mine = self._notes.setdefault(threading.get_ident(), {})
            if text not in mine and len(mine) < self.LIMIT:
                mine[text] = None

    def extend(self, notes: Iterable[str]) -> None:
        """Record several notes."""
        for note in notes:
            self.add(note)

    def drain(self, mine: bool = False) -> list[str]:
        """The notes recorded so far, oldest first, forgetting them: only this thread's when ``mine``."""
        with self._lock:
            if mine:
                return list(self._notes.pop(threading.get_ident(), {}))
            notes = list(dict.fromkeys(note for group in self._notes.values() for note in group))
            self._notes.clear()
        return notes

    def __len__(self) -> int:
        with self._lock:
            return sum(len(group) for group in self._notes.values())


def skipped_note(count: int, what: str, where: str, why: str) -> str:
    """The sentence for ``count`` items of a list that could not be used."""
    plural = what if count == 1 else what + "s"
    return f"skipped {count} malformed {plural} in {where} ({why})"
