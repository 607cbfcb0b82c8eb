"""Transforms that write NEW files, atomically, never touching the source.

Every output is written through :mod:`ftui.files`: a temporary file in the destination
directory, moved into place with ``os.replace``; a failure leaves no partial file, and
read-only mode refuses the write before anything is read. An output path equal to the
source is refused. Default names never replace an earlier output (:func:`output_names`).
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ftui.datasets.convert import CONVERTIBLE, Unconvertible, convert_record
from ftui.datasets.fileinfo import require_regular_file
from ftui.datasets.lines import BOM, check_line
from ftui.datasets.sniff import sniff
from ftui.files import AtomicFile, check_writable, free_names


@dataclass(frozen=True, slots=True)
class TransformResult:
    """What a transform wrote."""

    outputs: tuple[str, ...]
    """The new files, in a fixed order (split: training then validation)."""
    written: int
    """Examples written in all."""
    skipped: int
    """Examples left out."""
    skipped_lines: tuple[int, ...] = ()
    """Source lines left out (the first 1,000)."""
    reasons: tuple[str, ...] = ()
    """Why, for the first few skipped lines."""


def check_target(source: str, out: str | os.PathLike[str]) -> Path:
    """``out`` as a path, once it is known that writing it is allowed and it is not ``source``.

    Raises:
        ReadOnlyError: read-only mode is on.
        ValueError: ``out`` is the source file.
    """
    target = Path(out)
    check_writable(target, f"writing {target}")
    src = Path(source)
    if target.resolve() == src.resolve() or (target.exists() and os.path.samefile(target, src)):
        raise ValueError(f"refusing to overwrite the source file {source}")
    return target


def output_names(source: str | os.PathLike[str], *suffixes: str) -> list[Path]:
    """Output names next to the source that do not exist yet (``.train.jsonl``, then ``.train-2.jsonl`` …).

    Earlier outputs are never replaced by a default name: deriving again keeps them. Outputs made
    together share the number (:func:`ftui.files.free_names`).
    """
    p = Path(source)
    return free_names(*(p.with_name(f"{p.stem}.{suffix}.jsonl") for suffix in suffixes))


def _default(source: str, suffix: str) -> Path:
    return output_names(source, suffix)[0]


def open_output(target: Path) -> AtomicFile:
    """The atomic output file for ``target``: UTF-8, ``\\n`` line ends, bad bytes copied as they were.

    Raises:
        ReadOnlyError: read-only mode is on.
    """
    # surrogateescape: lines that are not valid UTF-8 are copied byte for byte (split)
    return AtomicFile(target, what=f"writing {target}", errors="surrogateescape", newline="\n")


def _lines(source: str) -> Iterator[tuple[int, bytes]]:
    require_regular_file(source)  # a FIFO or /dev/zero must not hang or fill the disk
    with open(source, "rb") as f:
        for n, raw in enumerate(f, 1):
            if n == 1 and raw.startswith(BOM):
                raw = raw[3:]
            raw = raw.rstrip(b"\r\n")
            if raw.strip():
                yield n, raw


def _write(source: str, targets: list[Path], route: Callable[[int, bytes], tuple[int, str] | str]) -> TransformResult:
    """Stream ``source``; ``route`` returns ``(output index, text)`` or a skip reason."""
    files: list[AtomicFile] = []
    try:
        files.extend(open_output(t) for t in targets)
    except BaseException:
        for f in files:
            f.abort()
        raise
    written = skipped = 0
    lines: list[int] = []
    reasons: list[str] = []
    try:
        for n, raw in _lines(source):
            routed = route(n, raw)
            if isinstance(routed, str):
                skipped += 1
                if len(lines) < 1000:
                    lines.append(n)
                if len(reasons) < 20:
                    reasons.append(f"line {n}: {routed}")
                continue
            files[routed[0]].file.write(routed[1] + "\n")
            written += 1
        for f in files:
            f.commit()
    except BaseException:
        for f in files:
            f.abort()
        raise
    return TransformResult(tuple(str(t) for t in targets), written, skipped, tuple(lines), tuple(reasons))


def split(
    source: str | os.PathLike[str],
    validation_ratio: float = 0.1,
    seed: int = 0,
    train_out: str | os.PathLike[str] | None = None,
    validation_out: str | os.PathLike[str] | None = None,
) -> TransformResult:
    """Split into training and validation files: a seeded random ``validation_ratio`` share."""
    src = os.fspath(source)
    require_regular_file(src)
    if not 0 < validation_ratio < 1:
        raise ValueError("validation_ratio must be between 0 and 1")
    default_train, default_val = output_names(src, "train", "validation")
    train = check_target(src, train_out or default_train)
    val = check_target(src, validation_out or default_val)
    total = sum(1 for _ in _lines(src))
    k = max(1, round(total * validation_ratio)) if total > 1 else 0
    chosen = set(random.Random(seed).sample(range(total), k))
    position = iter(range(total))
    return _write(
        src, [train, val], lambda n, raw: (1 if next(position) in chosen else 0, raw.decode("utf-8", "surrogateescape"))
    )


def drop_invalid(source: str | os.PathLike[str], out: str | os.PathLike[str] | None = None) -> TransformResult:
    """Write only the lines without line-level errors (per the file's detected format)."""
    src = os.fspath(source)
    require_regular_file(src)
    target = check_target(src, out or _default(src, "clean"))
    fmt = sniff(src).format

    def route(n: int, raw: bytes) -> tuple[int, str] | str:
        _, problems = check_line(raw, n, fmt)
        errors = [p for p in problems if p.severity == "error"]
        return f"{errors[0].code}: {errors[0].message}" if errors else (0, raw.decode("utf-8"))

    return _write(src, [target], route)


def convert(
    source: str | os.PathLike[str], target_format: str, out: str | os.PathLike[str] | None = None
) -> TransformResult:
    """Convert between openai-chat, bedrock-claude and bedrock-nova; unconvertible lines are
    skipped and reported."""
    src = os.fspath(source)
    fmt = sniff(src).format  # names a FIFO, directory or device first
    if fmt not in CONVERTIBLE or target_format not in CONVERTIBLE:
        raise ValueError(
            f"can convert only between {', '.join(CONVERTIBLE)} (this file is {fmt}, target {target_format})"
        )
    target = check_target(src, out or _default(src, target_format))

    def route(n: int, raw: bytes) -> tuple[int, str] | str:
        obj, problems = check_line(raw, n, fmt)
        errors = [p for p in problems if p.severity == "error"]
        if obj is None or errors:
            return f"invalid: {errors[0].message}" if errors else "not an object"
        try:
            record = convert_record(obj, fmt, target_format)
        except Unconvertible as e:
            return str(e)
        return 0, json.dumps(record, ensure_ascii=False)

    return _write(src, [target], route)
