"""Merge chunk results in file order and apply the file-level rules."""

from __future__ import annotations

from dataclasses import dataclass, field

from ftui.datasets import formats as F
from ftui.datasets.cost import Cost, estimate_cost
from ftui.datasets.file_rules import file_rules
from ftui.datasets.limits import ModelLimits
from ftui.datasets.problems import Problem, error, plural, warning
from ftui.datasets.report import ScanReport, ValidationSummary
from ftui.datasets.rules_legacy import LegacyTally
from ftui.datasets.sniff import Sniff, changed_since
from ftui.datasets.stats import TokenStats
from ftui.datasets.worker import PROBLEMS_PER_CODE, ChunkResult


@dataclass(slots=True)
class Merged:
    """Running totals of one file's chunks, added in file order."""

    lines: int = 0
    examples: int = 0
    valid: int = 0
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    histogram: dict[int, int] = field(default_factory=dict)
    assistant_total: int = 0
    first_line: dict[int, int] = field(default_factory=dict)
    """Content key -> first line with that content."""
    duplicates: int = 0
    legacy: LegacyTally = field(default_factory=LegacyTally)
    exact: bool = True
    encoding: str = ""
    kept: dict[str, int] = field(default_factory=dict)
    errors: int = 0
    """Error-severity problems in all (kept or not)."""
    warnings: int = 0
    """Warning-severity problems in all."""
    blank: int = 0
    first_blank: int = 0
    images: int = 0
    image_tokens: int = 0
    extrapolated: int = 0

    def add(self, res: ChunkResult) -> None:
        """Add the next chunk's result (chunks must come in file order)."""
        offset = self.lines
        for p in res.problems:
            self.keep(p.shifted(offset))
        for code, n in res.counts.items():
            self.counts[code] = self.counts.get(code, 0) + n
        for value, n in res.histogram.items():
            self.histogram[value] = self.histogram.get(value, 0) + n
        seen = self.first_line
        for key, line in zip(res.keys, res.key_lines, strict=False):
            first = seen.setdefault(key, line + offset)
            if first != line + offset:
                self.duplicates += 1
                self.keep(
                    warning(
                        line + offset,
                        "duplicate_example",
                        f"same as line {first} (ignoring whitespace); duplicates weigh that example more",
                    ),
                    count=True,
                )
        self.legacy.merge(res.legacy, offset)
        self.errors += res.errors
        self.warnings += res.warnings
        if res.blank and not self.first_blank:
            self.first_blank = res.first_blank + offset
        self.blank += res.blank
        self.images += res.images
        self.image_tokens += res.image_tokens
        self.extrapolated += res.extrapolated
        self.lines += res.lines
        self.examples += res.examples
        self.valid += res.valid
        self.assistant_total += res.assistant_total
        self.exact, self.encoding = res.exact, res.encoding

    def keep(self, problem: Problem, count: bool = False) -> None:
        """Keep ``problem`` unless its code already has the maximum kept."""
        if count:
            self.counts[problem.code] = self.counts.get(problem.code, 0) + 1
            if problem.severity == "error":
                self.errors += 1
            else:
                self.warnings += 1
        kept = self.kept.get(problem.code, 0)
        if kept < PROBLEMS_PER_CODE:
            self.kept[problem.code] = kept + 1
            self.problems.append(problem)


_NOISE = ("invalid_json", "not_an_object", "invalid_utf8")


def _drop_line_noise(m: Merged) -> None:
    """Forget the per-line JSON errors of a file that is one JSON document (said once)."""
    m.problems = [p for p in m.problems if p.code not in _NOISE]
    m.examples = m.valid = 0
    for code in _NOISE:
        m.errors -= m.counts.pop(code, 0)


_LIMIT_CODES = frozenset({"too_many_tokens", "too_few_examples", "too_many_examples"})


def finish_report(
    path: str,
    sn: Sniff,
    model: ModelLimits,
    train: Merged,
    val_path: str | None,
    val_sniff: Sniff | None,
    val: Merged,
    *,
    cancelled: bool,
    epochs: int | None,
    seconds: float,
) -> ScanReport:
    """Apply the file-level rules and overlap check, and build the frozen report."""
    file_level = file_rules(train, sn, sn.format, model, "training", path)
    if any(p.code == "not_json_lines" for p in file_level):
        _drop_line_noise(train)  # the lines of one JSON document are not examples
    problems = file_level + train.problems
    counts = dict(train.counts)
    errors, warnings = train.errors, train.warnings
    for p in file_level:
        counts[p.code] = counts.get(p.code, 0) + 1
    extra = list(file_level)
    summary = None
    notes: list[str] = []
    if val_path is not None and val_sniff is not None:
        overlap = 0
        for key, line in val.first_line.items():
            first = train.first_line.get(key)
            if first is not None:
                overlap += 1
                if overlap <= PROBLEMS_PER_CODE:
                    problems.append(
                        warning(
                            first,
                            "validation_overlap",
                            f"also in the validation file at line {line}: it would be evaluated on data it trained on",
                        )
                    )
        counts["validation_overlap"] = overlap
        warnings += overlap
        val_problems = file_rules(val, val_sniff, val_sniff.format, model, "validation", val_path)
        if F.UNKNOWN not in (sn.format, val_sniff.format) and val_sniff.format != sn.format:
            val_problems.append(
                error(
                    0,
                    "mixed_formats",
                    f"the validation file is {val_sniff.format} but the training file is {sn.format}",
                )
            )
        for p in val_problems:
            counts[p.code] = counts.get(p.code, 0) + 1
        for code, n in val.counts.items():
            counts[code] = counts.get(code, 0) + n
        extra.extend(val_problems)
        errors += val.errors
        warnings += val.warnings
        problems.extend(p.shifted(0, "validation") for p in val_problems + val.problems)
        summary = ValidationSummary(
            val_path, val.examples, val.valid, sum(v * n for v, n in val.histogram.items()), overlap
        )
    order = {"": 0, "validation": 1}
    problems.sort(key=lambda p: (order.get(p.file, 2), p.line))
    encoding, exact = train.encoding, train.exact
    if not encoding:
        encoding = model.encoding or f"estimate: chars/{model.chars_per_token:g}"
        exact = model.encoding is not None
    if model.encoding and not exact:
        notes.append(f"{model.encoding} is not available offline: token counts are estimates")
    tokens = TokenStats.from_histogram(train.histogram, train.assistant_total, encoding, exact)
    over = train.counts.get("too_many_tokens", 0)
    errors += sum(1 for p in extra if p.severity == "error")
    warnings += sum(1 for p in extra if p.severity != "error")
    if train.images:
        each = round(train.image_tokens / train.images)
        notes.append(
            f"{plural(train.images, 'image')} counted by OpenAI's per-image rule "
            f"(an estimate, about {each:,} tokens each), not as text"
        )
    if train.extrapolated:
        notes.append(
            f"{plural(train.extrapolated, 'string')} over 1,000,000 characters "
            "counted from the start and extrapolated (an estimate)"
        )
    if train.valid == 0:
        notes.append("no valid examples: nothing would be trained or billed")
    changed = not cancelled and (
        changed_since(path, sn)
        or (val_path is not None and val_sniff is not None and changed_since(val_path, val_sniff))
    )
    if changed:
        notes.append("the file changed while it was checked: these figures are not final; check it again")
    if sn.format == F.RFT:
        notes.append(
            "reinforcement fine-tuning is not billed per training token (OpenAI: "
            "$100 per training hour plus grader tokens)"
        )
    hit = sorted({p.code for p in problems if p.code in _LIMIT_CODES})
    limits = {
        "model": model.model,
        "provider": model.provider,
        "max_tokens_per_example": model.max_tokens_per_example,
        "min_examples": model.min_examples,
        "max_examples": model.max_examples,
        "max_validation_examples": model.max_validation_examples,
        "examples_over_token_limit": over,
        "hit": hit,
        "note": model.note,
    }
    cost = estimate_cost(model, train.histogram, epochs)
    if sn.format == F.RFT:
        cost = Cost(cost.model, cost.epochs, cost.billed_tokens, None)
    return ScanReport(
        path,
        sn.format,
        model.model,
        train.examples,
        train.valid,
        train.lines,
        tuple(problems),
        counts,
        tokens,
        limits,
        cost,
        train.duplicates,
        summary,
        cancelled,
        round(seconds, 3),
        tuple(notes),
        errors,
        warnings,
        train.images,
        changed,
    )
