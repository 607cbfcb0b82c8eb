"""Which training method fits which dataset format: one rule for the launch pane and ``ftui launch``.

A method trains on data of a given shape: supervised fine-tuning on conversations or
prompt/completion pairs, DPO on preference pairs, reinforcement fine-tuning on prompts with
grader fields. The methods a base model offers are the ones its provider declares
(:attr:`ftui.providers.records.BaseModel.methods`); this module only says which data each
method reads, so a new format or method is one entry in :data:`METHOD_FORMATS`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ftui.datasets import formats as F
from ftui.datasets.sniff import sniff
from ftui.launch.form import is_remote


def _rft_formats() -> frozenset[str]:
    """Reinforcement fine-tuning formats the dataset engine knows (named ``*rft*``)."""
    return frozenset(f for f in F.FORMATS if "rft" in f.lower() or "reinforcement" in f.lower())


METHOD_FORMATS: dict[str, frozenset[str]] = {
    "supervised": frozenset({F.OPENAI_CHAT, F.PROMPT_COMPLETION, F.BEDROCK_CLAUDE, F.BEDROCK_NOVA}),
    "dpo": frozenset({F.OPENAI_DPO}),
    "reinforcement": _rft_formats(),
}
"""The dataset formats each method trains on (method names as providers declare them)."""

DATA_KINDS: dict[str, str] = {
    "supervised": "conversations or prompt/completion pairs",
    "dpo": "preference pairs",
    "reinforcement": "prompts with grader fields",
}
"""What each method's data looks like, for messages."""


def methods_for(file_format: str) -> tuple[str, ...]:
    """The methods that train on ``file_format`` (empty for a format no method reads)."""
    return tuple(method for method, formats in METHOD_FORMATS.items() if file_format in formats)


def method_problem(
    method: str,
    file_format: str,
    offered: Sequence[str] | None = None,
    *,
    name: str = "the training file",
    short: bool = False,
) -> str | None:
    """Why ``method`` cannot train on a file of ``file_format``, or None when it can.

    Args:
        method: the chosen method (``supervised``, ``dpo`` …).
        file_format: the file's detected format; ``unknown`` is not judged here (the scan reports it).
        offered: the methods the provider declares for the chosen base model (None: not known).
        name: how to call the file in the message.
        short: a one-line message for a form field ("openai-dpo data needs method dpo").
    """
    if file_format == F.UNKNOWN or method not in METHOD_FORMATS:
        return None
    fits = methods_for(file_format)
    if method in fits or not fits:
        return None
    usable = [m for m in fits if offered is None or m in offered]
    if short:
        if usable:
            return f"{file_format} data needs method {' or '.join(usable)}"
        return f"{file_format} data needs {' or '.join(fits)}: not offered by this model"
    holds = DATA_KINDS.get(fits[0], "other data")
    message = (
        f"{name} holds {holds} ({file_format}), but method {method} trains on {DATA_KINDS.get(method, 'other data')}"
    )
    if usable:
        return f"{message}: choose method {' or '.join(usable)}, or another file"
    return (
        f"{message}; {file_format} data needs method {' or '.join(fits)}, which this base model "
        f"does not offer: choose another model or file"
    )


def file_format(path: str) -> str | None:
    """The format of a local file from its first lines (cheap), or None when it cannot be read."""
    try:
        return sniff(path).format
    except (OSError, ValueError):
        return None  # the file checks report unreadable files


def method_problems(
    method: str,
    files: dict[str, str],
    offered: Sequence[str] | None = None,
    formats: dict[str, str] | None = None,
    names: dict[str, str] | None = None,
    short: bool = False,
) -> dict[str, str]:
    """Problems of ``method`` with each file, by field (``training``, ``validation``).

    Args:
        method: the chosen method.
        files: field name → local path (remote references and empty fields are skipped).
        offered: the methods the provider declares for the base model.
        formats: formats already known by path (for example a hosted file's local copy); others are sniffed.
        names: how to call a file in messages, by path (default: its file name).
        short: one-line messages for form fields.
    """
    out: dict[str, str] = {}
    for field, path in files.items():
        known = (formats or {}).get(path)
        if not path or (known is None and is_remote(path)):
            continue
        fmt = known if known is not None else file_format(path)
        name = (names or {}).get(path) or Path(path).name
        problem = method_problem(method, fmt, offered, name=f"the {field} file {name}", short=short) if fmt else None
        if problem:
            out[field] = problem
    return out
