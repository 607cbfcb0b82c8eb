"""Deriving twice keeps the first outputs: default names never replace an existing file."""

from __future__ import annotations

import json
from pathlib import Path

from ftui.datasets import drop_invalid, split


def _chat(path: Path, n: int) -> None:
    rows = [
        {"messages": [{"role": "user", "content": f"q{i}"}, {"role": "assistant", "content": f"a{i}"}]}
        for i in range(n)
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n{broken\n", encoding="utf-8")


def test_a_second_split_gets_new_names_and_the_first_is_untouched(tmp_path: Path) -> None:
    source = tmp_path / "data.jsonl"
    _chat(source, 20)
    first = split(source, 0.25, seed=1)
    before = {p: p.read_bytes() for p in map(Path, first.outputs)}
    second = split(source, 0.5, seed=2)
    assert [Path(p).name for p in second.outputs] == ["data.train-2.jsonl", "data.validation-2.jsonl"]
    assert {p: p.read_bytes() for p in before} == before


def test_drop_invalid_twice_keeps_both(tmp_path: Path) -> None:
    source = tmp_path / "data.jsonl"
    _chat(source, 5)
    names = [Path(drop_invalid(source).outputs[0]).name for _ in range(2)]
    assert names == ["data.clean.jsonl", "data.clean-2.jsonl"]
