"""Files that are JSON but not JSON Lines, and files in the wrong encoding: say so, fix them.

- :func:`describe_document` tells "a JSON array of 194 objects" or "one pretty-printed
  JSON object" apart from JSON Lines;
- :func:`to_jsonl` writes such a file as JSON Lines (one compact object per line);
- :func:`strip_bom` writes a copy without the UTF-8 byte order mark (or UTF-16 as UTF-8);
- :func:`fix_file` picks whichever of the two the file needs.

All of them write a NEW file atomically and never touch the source.
"""

from __future__ import annotations

import codecs
import json
import os
from collections.abc import Iterator
from typing import Any

from ftui.datasets.fileinfo import require_regular_file
from ftui.datasets.lines import BOM
from ftui.datasets.sniff import Sniff, sniff
from ftui.datasets.transform import TransformResult, check_target, open_output, output_names

DOCUMENT_LIMIT = 256 * 1024 * 1024
"""Largest JSON document read whole to describe or convert it."""

FIX_COMMAND = "ftui validate {path} --fix"
"""The command that writes the fixed copy (told to the user in problem messages)."""


class NotADocument(ValueError):
    """The file is not one JSON document (or is already JSON Lines)."""


def _text(path: str, sn: Sniff) -> str:
    if sn.size > DOCUMENT_LIMIT:
        raise NotADocument(f"the file is over {DOCUMENT_LIMIT >> 20} MB: too large to read as one JSON document")
    with open(path, "rb") as f:
        data = f.read()
    if sn.encoding.startswith("utf-16"):
        encoding = "utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else sn.encoding
        return data.decode(encoding, "replace")
    return data.decode("utf-8-sig", "replace")


def _records(value: Any) -> tuple[list[Any], str]:
    """The records a JSON document holds, and how to say what it is."""
    if isinstance(value, list):
        objects = sum(1 for v in value if isinstance(v, dict))
        what = (
            f"a JSON array of {objects:,} object{'s' if objects != 1 else ''}"
            if objects == len(value)
            else f"a JSON array of {len(value):,} values ({objects:,} of them objects)"
        )
        return value, what
    if isinstance(value, dict):
        lists = [(k, v) for k, v in value.items() if isinstance(v, list) and v and all(isinstance(x, dict) for x in v)]
        if (
            len(value) == 1
            and len(lists) == 1
            and lists[0][0] not in ("messages", "preferred_output", "non_preferred_output")
        ):
            key, items = lists[0]
            return items, (
                f"one JSON object whose {key!r} list holds {len(items):,} object{'s' if len(items) != 1 else ''}"
            )
        return [value], "one pretty-printed JSON object spread over several lines"
    return [], f"a single JSON {type(value).__name__}"


def _parse(text: str) -> tuple[list[Any], str]:
    decoder = json.JSONDecoder()
    values: list[Any] = []
    pos, n = 0, len(text)
    try:
        while True:
            while pos < n and text[pos] in " \t\r\n":
                pos += 1
            if pos >= n:
                break
            value, pos = decoder.raw_decode(text, pos)
            values.append(value)
    except RecursionError:
        raise NotADocument("it nests too deeply to read") from None
    except ValueError as e:
        raise NotADocument(f"it is not valid JSON ({e})") from None
    if len(values) == 1:
        return _records(values[0])
    if values and all(isinstance(v, dict) for v in values):
        return values, (f"{len(values):,} pretty-printed JSON objects, each spread over several lines")
    raise NotADocument("it is not one JSON document")


def describe_document(path: str | os.PathLike[str], sn: Sniff | None = None) -> str | None:
    """``"a JSON array of 194 objects"`` when ``path`` is JSON but not JSON Lines, else None."""
    p = os.fspath(path)
    sn = sn or sniff(p)
    if not sn.document:
        return None
    try:
        records, what = _parse(_text(p, sn))
    except (NotADocument, OSError):
        return None
    return what if records else None


def _lines_of(records: list[Any]) -> Iterator[str]:
    for record in records:
        text = json.dumps(record, ensure_ascii=False)
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates: keep them as escapes
            text = json.dumps(record)
        yield text


def _default_out(src: str, tag: str) -> str:
    root, ext = os.path.splitext(src)
    if ext.lower() == ".json" and not os.path.exists(root + ".jsonl"):
        return root + ".jsonl"
    return str(output_names(src, tag)[0])


def to_jsonl(source: str | os.PathLike[str], out: str | os.PathLike[str] | None = None) -> TransformResult:
    """Write a JSON array / pretty-printed JSON file as JSON Lines: one object per line.

    The new file is ``name.jsonl`` next to a ``name.json`` (or ``name.lines.jsonl``);
    values that are not objects are left out and reported.

    Raises:
        ValueError: the file is not one JSON document (e.g. it is JSON Lines already).
        OSError: it cannot be read or the new file cannot be written.
    """
    src = os.fspath(source)
    require_regular_file(src)
    sn = sniff(src)
    if not sn.document:
        raise NotADocument(f"{src} is JSON Lines already (or not JSON at all)")
    records, _ = _parse(_text(src, sn))
    target = check_target(src, out or _default_out(src, "lines"))
    f = open_output(target)
    written = skipped = 0
    reasons: list[str] = []
    try:
        for i, (record, text) in enumerate(zip(records, _lines_of(records), strict=False), 1):
            if not isinstance(record, dict):
                skipped += 1
                if len(reasons) < 20:
                    reasons.append(f"value {i}: a {type(record).__name__}, not an object")
                continue
            f.file.write(text + "\n")
            written += 1
        f.commit()
    except BaseException:
        f.abort()
        raise
    return TransformResult((str(target),), written, skipped, (), tuple(reasons))


def strip_bom(source: str | os.PathLike[str], out: str | os.PathLike[str] | None = None) -> TransformResult:
    """Write a copy without the UTF-8 byte order mark; UTF-16 text is written as UTF-8.

    Everything after the mark is copied byte for byte. The new file is
    ``name.utf8.jsonl`` next to the source.

    Raises:
        ValueError: the file has no byte order mark and is not UTF-16.
        OSError: it cannot be read or the new file cannot be written.
    """
    src = os.fspath(source)
    require_regular_file(src)
    sn = sniff(src)
    utf16 = sn.encoding.startswith("utf-16")
    if not sn.bom and not utf16:
        raise ValueError(f"{src} has no byte order mark and is UTF-8 already: nothing to fix")
    target = check_target(src, out or output_names(src, "utf8")[0])
    f = open_output(target)
    lines = 0
    try:
        with open(src, "rb") as inp:
            if utf16:
                head = inp.read(2)
                name = "utf-16" if head in (b"\xff\xfe", b"\xfe\xff") else sn.encoding
                decoder = codecs.getincrementaldecoder(name)("replace")
                chunk = head
            else:
                inp.seek(len(BOM))
                decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")
                chunk = b""
            while True:
                chunk += inp.read(1 << 20)
                if not chunk:
                    break
                text = decoder.decode(chunk)
                chunk = b""
                if utf16:
                    text = text.lstrip("\ufeff") if lines == 0 else text
                lines += text.count("\n")
                f.file.write(text)
            f.file.write(decoder.decode(b"", final=True))
        f.commit()
    except BaseException:
        f.abort()
        raise
    return TransformResult((str(target),), lines, 0)


def fix_file(source: str | os.PathLike[str], out: str | os.PathLike[str] | None = None) -> TransformResult:
    """Write a JSON Lines copy of a file that :func:`to_jsonl` or :func:`strip_bom` can fix.

    Raises:
        ValueError: there is nothing to fix (or the file cannot be fixed this way).
    """
    src = os.fspath(source)
    sn = sniff(src)
    if sn.document:
        return to_jsonl(src, out)
    if sn.bom or sn.encoding.startswith("utf-16"):
        return strip_bom(src, out)
    raise ValueError(f"{src} is neither a JSON document nor marked with a byte order mark: nothing to fix")
