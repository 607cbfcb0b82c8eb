"""Automatic scores of one answer against the reference answer.

Normalisation follows SQuAD's evaluation script: lower case, punctuation and the
articles a/an/the dropped, whitespace collapsed.
"""

from __future__ import annotations

import json
import re
import string
from collections import Counter

_ARTICLES = re.compile(r"\b(a|an|the)\b", re.UNICODE)
_PUNCT = {ord(ch): " " for ch in string.punctuation}


def normalize(text: str) -> str:
    """``text`` lower-cased, without punctuation or articles, whitespace collapsed."""
    text = text.lower().translate(_PUNCT)
    return " ".join(_ARTICLES.sub(" ", text).split())


def exact_match(answer: str, reference: str) -> bool:
    """Whether the answer equals the reference after :func:`normalize`."""
    return normalize(answer) == normalize(reference)


def token_f1(answer: str, reference: str) -> float:
    """Token-level F1 (SQuAD): harmonic mean of precision and recall of shared normalised tokens.

    Two empty texts score 1.0; one empty text scores 0.0.
    """
    mine, theirs = normalize(answer).split(), normalize(reference).split()
    if not mine or not theirs:
        return float(mine == theirs)
    common = sum((Counter(mine) & Counter(theirs)).values())
    if common == 0:
        return 0.0
    precision, recall = common / len(mine), common / len(theirs)
    return 2 * precision * recall / (precision + recall)


def is_json(text: str) -> bool:
    """Whether ``text`` (stripped, an optional ```json fence removed) is a JSON object or array."""
    body = _unfence(text.strip())
    if not body or body[0] not in "[{":
        return False
    try:
        json.loads(body)
    except ValueError:
        return False
    return True


def valid_json(answer: str, reference: str | None = None) -> bool | None:
    """Whether the answer is valid JSON; None when the reference is given and is not JSON itself."""
    if reference is not None and not is_json(reference):
        return None
    return is_json(answer)


def score(answer: str, reference: str) -> dict[str, float | bool | None]:
    """All automatic scores of one answer: ``{"exact": bool, "f1": float, "json": bool | None}``."""
    return {
        "exact": exact_match(answer, reference),
        "f1": token_f1(answer, reference),
        "json": valid_json(answer, reference),
    }


def _unfence(text: str) -> str:
    if text.startswith("```") and text.endswith("```") and len(text) >= 6:
        inner = text[3:-3]
        first, _, rest = inner.partition("\n")
        return (rest if first.strip().isalpha() or not first.strip() else inner).strip()
    return text
