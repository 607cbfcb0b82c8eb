"""Per-line rules for ``prompt-completion`` data and the legacy advice.

Source: docs/dataset-formats.md#legacy-promptcompletion.

Used by babbage-002/davinci-002 and by Titan, Llama 3.1 and Cohere on Bedrock.
The old OpenAI advice (a common prompt separator, completions starting with a
space, a common stop sequence) is collected per line by :class:`LegacyTally`
and reported once per file as warnings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ftui.datasets.problems import Problem, error, warning

SEPARATORS = ("\n\n###\n\n", "\n\n===>\n\n", "\n\n--->\n\n", "\n\n===\n\n", "\n\n---\n\n", " ->")
"""Prompt separators the legacy guide suggests."""
STOPS = ("\n", " END", " [END]", "###", "***", "+++", "&&&", "$$$", "@@@", "%%%", ".")
"""Stop sequences the legacy guide suggests."""
_KEYS = frozenset({"prompt", "completion"})


def check_prompt_completion(obj: dict[str, Any], line: int, out: list[Problem]) -> None:
    """Append the problems of one ``prompt-completion`` line to ``out``."""
    for key in obj:
        if key not in _KEYS:
            hint = " (keys must be lowercase)" if key.lower() in _KEYS else ""
            out.append(warning(line, "unknown_key", f"unknown key {key!r}{hint}; only prompt and completion are used"))
    for key in ("prompt", "completion"):
        value = obj.get(key)
        if value is None:
            out.append(error(line, "missing_content", f'missing "{key}"'))
        elif not isinstance(value, str):
            out.append(error(line, "content_type", f'"{key}" must be a string, not {type(value).__name__}'))
    if obj.get("completion") == "":
        out.append(error(line, "missing_content", "empty completion: nothing to learn"))


_SUFFIX_CAP = 64


def common_suffix(a: str | None, b: str) -> str:
    """The longest common suffix of ``a`` and ``b`` (``a`` None: ``b``), capped at 64 chars."""
    b = b[-_SUFFIX_CAP:]
    if a is None:
        return b
    n = 0
    for x, y in zip(reversed(a), reversed(b), strict=False):
        if x != y:
            break
        n += 1
    return a[len(a) - n :] if n else ""


def is_marker(suffix: str | None) -> bool:
    """True when a suffix shared by every line can be a separator or stop sequence: one of
    the usual ones, or one holding punctuation or a line break ("\\nEND", "###"); a shared
    "ive" of "positive"/"negative" or " it" is not one."""
    if not suffix:
        return False
    if suffix.endswith(SEPARATORS + STOPS):
        return True
    return any(not (c.isalnum() or c == " ") for c in suffix)


def _suffix(text: str, choices: tuple[str, ...]) -> str:
    for choice in choices:
        if text.endswith(choice):
            return choice
    return ""


@dataclass(slots=True)
class LegacyTally:
    """Counts that become the file-level legacy warnings; mergeable across chunks."""

    lines: int = 0
    """Prompt-completion lines seen."""
    separators: dict[str, int] = field(default_factory=dict)
    """How many prompts end with each known separator ('' = none)."""
    stops: dict[str, int] = field(default_factory=dict)
    """How many completions end with each known stop sequence ('' = none)."""
    no_space: int = 0
    """Completions that do not start with whitespace."""
    first_no_space: int = 0
    """Line of the first such completion."""
    prompt_suffix: str | None = None
    """The suffix every prompt so far shares (None: no prompt yet)."""
    completion_suffix: str | None = None
    """The suffix every completion so far shares: a consistent stop sequence if any."""

    def add(self, obj: dict[str, Any], line: int) -> None:
        """Record one line."""
        prompt, completion = obj.get("prompt"), obj.get("completion")
        if not isinstance(prompt, str) or not isinstance(completion, str):
            return
        self.lines += 1
        sep = _suffix(prompt, SEPARATORS)
        self.separators[sep] = self.separators.get(sep, 0) + 1
        stop = _suffix(completion, STOPS)
        self.stops[stop] = self.stops.get(stop, 0) + 1
        self.prompt_suffix = common_suffix(self.prompt_suffix, prompt)
        self.completion_suffix = common_suffix(self.completion_suffix, completion)
        if completion and not completion[0].isspace():
            self.no_space += 1
            self.first_no_space = self.first_no_space or line

    def merge(self, other: LegacyTally, line_offset: int) -> None:
        """Add another chunk's counts (its lines shifted by ``line_offset``)."""
        self.lines += other.lines
        for mine, theirs in ((self.separators, other.separators), (self.stops, other.stops)):
            for key, n in theirs.items():
                mine[key] = mine.get(key, 0) + n
        for name in ("prompt_suffix", "completion_suffix"):
            theirs_suffix = getattr(other, name)
            if theirs_suffix is not None:
                setattr(self, name, common_suffix(getattr(self, name), theirs_suffix))
        if other.no_space and not self.first_no_space:
            self.first_no_space = other.first_no_space + line_offset
        self.no_space += other.no_space

    def problems(self) -> list[Problem]:
        """The file-level legacy warnings (OpenAI's 2023 guide): only inconsistency is flagged;
        any separator or stop sequence that every line uses is fine."""
        if not self.lines:
            return []
        found: list[Problem] = []
        if not is_marker(self.prompt_suffix):
            found.append(
                warning(
                    0,
                    "legacy_separator",
                    "end every prompt with the same fixed "
                    'separator that appears nowhere else, e.g. "\\n\\n###\\n\\n" '
                    f"(the {self.lines:,} prompts do not share one)",
                )
            )
        if self.no_space:
            found.append(
                warning(
                    self.first_no_space,
                    "legacy_completion_space",
                    f"{self.no_space:,} of {self.lines:,} completions do not start "
                    "with a space (first at this line); start each with one",
                )
            )
        if not is_marker(self.completion_suffix):
            common = max(self.stops.items(), key=lambda kv: kv[1])
            detail = (
                f"{self.lines - common[1]:,} of {self.lines:,} do not end with {common[0]!r}"
                if common[0]
                else f"the {self.lines:,} completions do not share one"
            )
            found.append(
                warning(
                    0,
                    "legacy_stop_sequence",
                    f'end every completion with the same stop sequence, e.g. "\\n" or " END" ({detail})',
                )
            )
        return found
