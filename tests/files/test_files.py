"""ftui.files: atomic writes, never-overwrite names, and the read-only guard over every writer."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest

from ftui import files
from ftui.files import ReadOnlyError, free_name, free_names, write_bytes, write_stream, write_text
from ftui.paths import cache_dir


@pytest.fixture
def read_only() -> Iterator[None]:
    files.set_read_only(True)
    yield
    files.set_read_only(False)


def _chat(n: int) -> str:
    return "".join(
        json.dumps({"messages": [{"role": "user", "content": f"q{i}"}, {"role": "assistant", "content": f"a{i}"}]})
        + "\n"
        for i in range(n)
    )


# -- atomic writes ---------------------------------------------------------------------------------
def test_write_text_replaces_whole_and_keeps_text_as_given(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    assert write_text(target, "a\r\nb\n") == target
    assert target.read_bytes() == b"a\r\nb\n"
    assert os.listdir(tmp_path) == ["out.txt"]
    assert target.stat().st_mode & 0o777 != 0o600  # a normal file's mode, not mkstemp's


def test_overwrite_false_refuses_and_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    write_text(target, "first", overwrite=False)
    with pytest.raises(FileExistsError):
        write_text(target, "second", overwrite=False)
    assert target.read_text() == "first"
    assert os.listdir(tmp_path) == ["out.csv"]


def test_a_failing_stream_leaves_the_old_file_and_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "big.jsonl"
    target.write_bytes(b"old\n")

    def chunks() -> Iterator[bytes]:
        yield b"x" * (1 << 20)
        raise ConnectionError("lost")

    with pytest.raises(ConnectionError):
        write_stream(target, chunks())
    assert target.read_bytes() == b"old\n"
    assert os.listdir(tmp_path) == ["big.jsonl"]


def test_fsync_failure_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(fd: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", broken)
    with pytest.raises(OSError, match="disk full"):
        write_bytes(tmp_path / "a.bin", b"123")
    assert os.listdir(tmp_path) == []


def test_write_stream_makes_the_directory(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "er" / "f.bin"
    assert write_stream(target, iter([b"ab", b"cd"])) == target
    assert target.read_bytes() == b"abcd"


# -- names -------------------------------------------------------------------------------------------
def test_free_name_counts_from_two_and_skips_taken_names(tmp_path: Path) -> None:
    base = tmp_path / "job-metrics.csv"
    assert free_name(base) == base
    base.write_text("")
    assert free_name(base) == tmp_path / "job-metrics-2.csv"
    (tmp_path / "job-metrics-2.csv").write_text("")
    assert free_name(base) == tmp_path / "job-metrics-3.csv"


def test_free_names_share_the_number(tmp_path: Path) -> None:
    train, valid = tmp_path / "d.train.jsonl", tmp_path / "d.validation.jsonl"
    valid.write_text("")  # only one of the pair is taken: both move on
    assert free_names(train, valid) == [tmp_path / "d.train-2.jsonl", tmp_path / "d.validation-2.jsonl"]


# -- read-only -----------------------------------------------------------------------------------------
def test_the_refusal_says_what_and_how_to_allow_it(tmp_path: Path, read_only: None) -> None:
    with pytest.raises(ReadOnlyError) as caught:
        write_text(tmp_path / "x.csv", "a", what="exporting metrics to x.csv")
    message = str(caught.value)
    assert message.startswith("read-only: exporting metrics to x.csv refused")
    assert "--read-only" in message and "read_only = true" in message
    assert isinstance(caught.value, PermissionError) and caught.value.strerror == message
    assert os.listdir(tmp_path) == []


def test_read_only_refuses_every_user_visible_writer(tmp_path: Path, read_only: None) -> None:
    from ftui.datasets.document import fix_file
    from ftui.datasets.transform import convert, drop_invalid, split
    from ftui.launch import pending
    from ftui.launch.form import LaunchForm
    from ftui.launch.store import save_draft, save_preset
    from ftui.paths import state_dir
    from ftui.providers.base import write_stream_atomically
    from ftui.series import write_atomically
    from ftui.state import save_state

    source = tmp_path / "data.jsonl"
    files.set_read_only(False)
    source.write_text(_chat(20))
    (tmp_path / "doc.json").write_text(json.dumps([{"a": 1}, {"b": 2}]))
    files.set_read_only(True)
    before = sorted(os.listdir(tmp_path))
    form = LaunchForm(base_model="gpt-4o-mini")
    refused = [
        lambda: split(source),
        lambda: drop_invalid(source),
        lambda: convert(source, "bedrock-nova"),
        lambda: fix_file(tmp_path / "doc.json"),
        lambda: write_atomically(tmp_path / "m.csv", "a"),
        lambda: save_preset("p", form, tmp_path / "presets.toml"),
        lambda: save_draft(form, tmp_path / "draft.json"),
        lambda: pending.remember("k", "launch-1", "demo", SimpleNamespace(base_model="m", training_file="t")),
        lambda: write_stream_atomically(iter([b"x"]), tmp_path / "download.jsonl"),
    ]
    for call in refused:
        with pytest.raises(ReadOnlyError):
            call()
    save_state({"theme": "nord"})  # a convenience: refused quietly
    assert sorted(os.listdir(tmp_path)) == before
    assert not state_dir().exists()


def test_read_only_still_fills_the_download_cache(read_only: None) -> None:
    from ftui.providers.base import write_stream_atomically

    target = cache_dir() / "remote" / "demo" / "file-1-train.jsonl"
    assert write_stream_atomically(iter([b"{}\n"]), target) == target
    assert target.read_bytes() == b"{}\n"
    with pytest.raises(ReadOnlyError):  # a path that only looks inside the cache
        write_stream_atomically(iter([b"{}\n"]), cache_dir() / ".." / "escaped.jsonl")


def test_the_cli_fix_under_read_only_writes_nothing_and_exits_non_zero(
    tmp_path: Path, read_only: None, capsys: pytest.CaptureFixture[str]
) -> None:
    from ftui.cli import main

    files.set_read_only(False)
    (tmp_path / "doc.json").write_text(json.dumps([{"a": 1}]))
    files.set_read_only(True)
    assert main(["validate", str(tmp_path / "doc.json"), "--fix"]) != 0
    err = capsys.readouterr().err
    assert "read-only" in err and "--read-only" in err
    assert os.listdir(tmp_path) == ["doc.json"]
