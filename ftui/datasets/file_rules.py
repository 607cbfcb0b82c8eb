"""Rules about a whole file: emptiness, encoding, JSON-not-JSONL, example counts, models.

File-level problems have ``line`` 0 and read "file" everywhere they are shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ftui.datasets import formats as F
from ftui.datasets.limits import ModelLimits
from ftui.datasets.problems import Problem, error, plural, warning
from ftui.datasets.sniff import Sniff

if TYPE_CHECKING:
    from ftui.datasets.merge import Merged


def _fix(path: str) -> str:
    from ftui.datasets.document import FIX_COMMAND

    return FIX_COMMAND.format(path=path)


def file_rules(m: Merged, sn: Sniff, fmt: str, model: ModelLimits, which: str, path: str) -> list[Problem]:
    """The file-level problems of one scanned file (``which``: training or validation)."""
    found: list[Problem] = []
    if sn.binary and sn.encoding.startswith("utf-16"):
        found.append(
            error(
                0,
                "invalid_utf8",
                f"this is {sn.looks_like}; OpenAI and AWS read UTF-8 only: `{_fix(path)}` writes a UTF-8 copy",
            )
        )
        return found
    if sn.size == 0 or (m.examples == 0 and not sn.binary):
        found.append(error(0, "empty_file", "the file has no examples (it is empty or blank)"))
        return found
    if sn.binary:
        code = "invalid_json" if sn.utf8 else "invalid_utf8"
        found.append(
            error(
                0, code, f"this is {sn.looks_like}, not JSON Lines text; pick the JSONL file (one JSON object per line)"
            )
        )
        return found
    if sn.document:
        from ftui.datasets.document import describe_document

        what = describe_document(path, sn)
        if what:
            found.append(
                error(
                    0,
                    "not_json_lines",
                    f"this is {what}, not JSON Lines (one object per line): `{_fix(path)}` writes it as JSON Lines",
                )
            )
    if sn.bom:
        found.append(
            warning(
                0,
                "byte_order_mark",
                "the file starts with a UTF-8 byte order "
                "mark (BOM); OpenAI's and AWS's tools reject it: "
                f"`{_fix(path)}` writes a copy without it",
            )
        )
    if (
        sn.looks_like
        and not any(p.code == "not_json_lines" for p in found)
        and m.counts.get("invalid_json", 0) + m.counts.get("invalid_utf8", 0) >= m.examples * 0.5
    ):
        found.append(
            error(
                0,
                "invalid_json",
                f"this looks like {sn.looks_like}; a dataset must be JSON Lines: one JSON object per line",
            )
        )
    if m.blank:
        found.append(
            warning(
                0,
                "blank_lines",
                f"{plural(m.blank, 'blank line')} (the first at "
                f"line {m.first_blank:,}); they are skipped here, but some "
                "validators (AWS's) reject them: drop-invalid writes a copy "
                "without them",
            )
        )
    if fmt != F.UNKNOWN and fmt not in model.formats:
        found.append(
            error(
                0, "mixed_formats", f"{model.model} trains on {' or '.join(model.formats)} data, but this file is {fmt}"
            )
        )
    if m.images and model.provider == "openai" and not model.vision:
        found.append(
            error(
                0,
                "bad_image",
                f"{plural(m.images, 'image')} in the data, but "
                f"{model.model} has no vision fine-tuning; use gpt-4o-2024-08-06",
            )
        )
    n, valid = m.examples, m.valid
    if any(p.code == "not_json_lines" for p in found):
        return found  # example counts mean nothing until it is JSON Lines
    if which == "training":
        ok = f"{plural(valid, 'valid example')}" + (f" (of {n:,})" if valid != n else "")
        if model.min_examples and valid < model.min_examples:
            found.append(error(0, "too_few_examples", f"{ok}; {model.model} needs at least {model.min_examples:,}"))
        elif model.recommended_examples and valid < model.recommended_examples:
            found.append(
                warning(0, "too_few_examples", f"{ok}; at least {model.recommended_examples:,} are recommended")
            )
        if model.max_examples and n > model.max_examples:
            found.append(
                error(
                    0,
                    "too_many_examples",
                    f"{plural(n, 'example')}; {model.model} accepts at most {model.max_examples:,} training records",
                )
            )
    elif model.max_validation_examples and n > model.max_validation_examples:
        found.append(
            error(
                0,
                "too_many_examples",
                f"{plural(n, 'validation example')}; {model.model} accepts at most {model.max_validation_examples:,}",
            )
        )
    if fmt == F.PROMPT_COMPLETION and model.provider == "openai":
        found.extend(m.legacy.problems())
    return found
