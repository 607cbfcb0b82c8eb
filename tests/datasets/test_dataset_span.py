"""Dataset.span: the byte range of an example, which the pane uses to decide how to draw it."""

from __future__ import annotations

from pathlib import Path

import pytest

from ftui.datasets import open_dataset


def test_span_is_the_line_without_its_ending_and_skips_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_bytes(b'{"a": 1}\r\n\n{"b": 22}\n')
    with open_dataset(path) as ds:
        data = path.read_bytes()
        first, second = ds.span(0), ds.span(1)
        assert data[first[0] : first[1]].rstrip(b"\r") == b'{"a": 1}'
        assert data[second[0] : second[1]] == b'{"b": 22}'
        with pytest.raises(IndexError):
            ds.span(2)
