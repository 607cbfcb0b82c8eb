"""Per-line rules for ``prompt-completion`` data and the legacy advice (PROVIDERS.md §2.4).

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
            out.append(warning(line, "unknown_key", f"unknown key {key!r}{hint}; only prompt "
                               "and completion are used"))
    for key in ("prompt", "completion"):
        value = obj.get(key)
        if value is None:
            out.append(error(line, "missing_content", f"missing \"{key}\""))
        elif not isinstance(value, str):
            out.append(error(line, "content_type", f"\"{key}\" must be a string, not "
                             f"{type(value).__name__}"))
    if obj.get("completion") == "":
        out.append(error(line, "missing_content", "empty completion: nothing to learn"))


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
        if completion and not completion[0].isspace():
            self.no_space += 1
            self.first_no_space = self.first_no_space or line

    def merge(self, other: LegacyTally, line_offset: int) -> None:
        """Add another chunk's counts (its lines shifted by ``line_offset``)."""
        self.lines += other.lines
        for mine, theirs in ((self.separators, other.separators), (self.stops, other.stops)):
            for key, n in theirs.items():
                mine[key] = mine.get(key, 0) + n
        if other.no_space and not self.first_no_space:
            self.first_no_space = other.first_no_space + line_offset
        self.no_space += other.no_space

    def problems(self) -> list[Problem]:
        """The file-level legacy warnings (OpenAI's 2023 guide)."""
        if not self.lines:
            return []
        found: list[Problem] = []
        if "" in self.separators or len(self.separators) > 1:
            found.append(warning(0, "legacy_separator", "end every prompt with the same fixed "
                                 "separator that appears nowhere else, e.g. \"\\n\\n###\\n\\n\" "
                                 f"({self.separators.get('', 0)} of {self.lines} prompts end "
                                 "with none of the usual ones)"))
        if self.no_space:
            found.append(warning(self.first_no_space, "legacy_completion_space",
                                 f"{self.no_space} of {self.lines} completions do not start "
                                 "with a space (first at this line); start each with one"))
        if "" in self.stops or len(self.stops) > 1:
            found.append(warning(0, "legacy_stop_sequence", "end every completion with the "
                                 "same stop sequence, e.g. \"\\n\" or \" END\" "
                                 f"({self.stops.get('', 0)} of {self.lines} end with none)"))
        return found

