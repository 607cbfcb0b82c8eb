"""Table tests for the coercions every record builder uses: never raise, never keep junk."""

from __future__ import annotations

import json

import pytest

from ftui.providers import tolerant as t

NAN, INF = float("nan"), float("inf")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (3, 3),
        (3.0, 3),
        ("12", 12),
        (" 7 ", 7),
        ("1e3", 1000),
        (True, None),
        (None, None),
        ("ten", None),
        (3.5, None),
        (NAN, None),
        (INF, None),
        ("1" * 400, None),
        ([1], None),
        ({"n": 1}, None),
    ],
)
def test_integer(value: object, expected: int | None) -> None:
    assert t.integer(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0.5, 0.5),
        (2, 2.0),
        ("0.25", 0.25),
        (NAN, None),
        (INF, None),
        (-INF, None),
        ("nan", None),
        ("inf", None),
        (10**400, None),
        (False, None),
        ("low", None),
        ([0.5], None),
        ("9" * 100, None),
    ],
)
def test_number(value: object, expected: float | None) -> None:
    assert t.number(value) == expected


def test_text_ident_and_caps() -> None:
    assert t.text("x" * 1000) == "x" * (t.TEXT_LIMIT - 1) + "…"
    assert t.text(5) == "5" and t.text({"a": 1}) is None and t.text(None) is None
    problems: list[str] = []
    assert t.ident("a" * 10_000_000, problems) == "a" * (t.ID_LIMIT - 1) + "…" and problems
    assert t.ident("") is None and t.ident(True) is None and t.ident(42) == "42" and t.ident(["id"]) is None
    assert t.texts("file-1") == ("file-1",) and t.texts([1, "a", None]) == ("a",) and t.texts({"a": 1}) == ()


def test_plain_is_json_safe_and_bounded() -> None:
    deep: object = "bottom"
    for _ in range(50):
        deep = {"d": deep}
    value = {
        "nan": NAN,
        "inf": [INF, 1.5],
        "long": "z" * 100_000,
        "deep": deep,
        "many": list(range(10_000)),
        "obj": object(),
    }
    text = json.dumps(t.plain(value), allow_nan=False)
    assert len(text) < 20_000


def test_notes_are_deduplicated_and_bounded() -> None:
    notes = t.Notes()
    for i in range(200):
        notes.add(f"note {i % 70}")
    drained = notes.drain()
    assert len(drained) == t.Notes.LIMIT and drained[0] == "note 0" and notes.drain() == []
