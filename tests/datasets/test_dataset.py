"""The lazy view: first examples without reading the file, line numbers, search."""

from __future__ import annotations

import re

import pytest

from ftui.datasets import open_dataset
from tests.datasets.conftest import chat, nova


def test_first_examples_without_indexing_the_whole_file(write) -> None:
    path = write("big.jsonl", [chat(i) for i in range(20_000)])
    with open_dataset(path) as ds:
        assert ds.format == "openai-chat"
        first = [ds.example(i) for i in range(20)]
        assert first[0].data == chat(0) and first[19].line == 20
        assert ds.known_count is None
        assert ds.indexed < 20_000  # only a small prefix was indexed
        assert len(ds) == 20_000 and ds.known_count == 20_000


def test_bom_crlf_blank_lines_keep_physical_line_numbers(write) -> None:
    records = [chat(0), b"", chat(1), b"  ", chat(2)]
    with open_dataset(write("w.jsonl", records, crlf=True, bom=True)) as ds:
        assert len(ds) == 3
        assert [ds.example(i).line for i in range(3)] == [1, 3, 5]
        assert ds.example(2).data == chat(2) and not ds.example(2).problems
        assert ds.index_of_line(3) == 1 and ds.index_of_line(2) is None
        assert ds.raw_line(0).startswith("{") and not ds.raw_line(0).endswith("\r")


def test_example_carries_its_own_problems(write) -> None:
    with open_dataset(write("b.jsonl", [chat(0), b"{oops", nova(1)])) as ds:
        assert ds.example(1).data is None
        assert [p.code for p in ds.example(1).problems] == ["invalid_json"]
        assert [p.code for p in ds.example(2).problems] == ["mixed_formats"]
        with pytest.raises(IndexError):
            ds.example(3)


def test_regex_find_forwards_and_backwards(write) -> None:
    with open_dataset(write("f.jsonl", [chat(i) for i in range(50)])) as ds:
        assert ds.find(r"country number 4\d", start=0) == 40
        assert ds.find(r"country number 4\d", start=41) == 41
        assert ds.find(r"country number 1\d?\?", start=30, backwards=True) == 19
        assert ds.find("nothing like this") is None
        with pytest.raises(re.error):
            ds.find("(unclosed")


def test_empty_file(write) -> None:
    with open_dataset(write("e.jsonl", b"")) as ds:
        assert len(ds) == 0 and ds.format == "unknown" and not ds.has(0)
