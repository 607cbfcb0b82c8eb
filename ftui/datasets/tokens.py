"""Token counting: tiktoken encodings per model, a string cache, offline fallback.

tiktoken downloads encodings on first use. Offline that can hang or fail, so
:func:`load_encoding` only calls tiktoken when the cached BPE file is already
on disk with the right SHA-256; otherwise counting falls back to a labelled
character-based estimate. Nothing here ever raises because of a missing file.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import tempfile
from collections.abc import Callable
from functools import cache
from typing import Any

_BLOBS: dict[str, tuple[str, str]] = {
    "o200k_base": (
        "https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken",
        "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
    ),
    "cl100k_base": (
        "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken",
        "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
    ),
}


def _cache_path(encoding: str) -> str | None:
    """Where tiktoken would look for ``encoding``'s BPE file, or None if caching is off."""
    if "TIKTOKEN_CACHE_DIR" in os.environ:
        cache_dir = os.environ["TIKTOKEN_CACHE_DIR"]
    elif "DATA_GYM_CACHE_DIR" in os.environ:
        cache_dir = os.environ["DATA_GYM_CACHE_DIR"]
    else:
        cache_dir = os.path.join(tempfile.gettempdir(), "data-gym-cache")
    if not cache_dir or encoding not in _BLOBS:
        return None
    return os.path.join(cache_dir, hashlib.sha1(_BLOBS[encoding][0].encode()).hexdigest())


@cache
def load_encoding(name: str) -> Any | None:
    """Return the tiktoken ``Encoding`` for ``name`` if it is available offline, else None."""
    path = _cache_path(name)
    try:
        if path is None or not os.path.isfile(path):
            return None
        with open(path, "rb") as f:
            if hashlib.sha256(f.read()).hexdigest() != _BLOBS[name][1]:
                return None
        import tiktoken

        return tiktoken.get_encoding(name)
    except Exception:  # noqa: BLE001 - any failure means "no exact count", never a crash
        return None


def compact_json(value: Any) -> str:
    """The compact JSON text that structured values are counted as."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


LONG_TEXT = 200_000
"""Longer strings are tokenized in pieces: tiktoken slows down more than linearly on one
long run without spaces (4 MB of "x" takes seconds)."""
PIECE = 100_000
EXACT_PREFIX = 1_000_000
"""Of a longer string only this many characters are tokenized; the rest is extrapolated."""


class TokenCounter:
    """Counts tokens of strings, caching strings it has already counted."""

    def __init__(self, encoding: str | None, chars_per_token: float = 4.0, cache_chars: int = 8_000_000) -> None:
        """Use ``encoding`` when available offline, else estimate ``len/chars_per_token``."""
        enc = load_encoding(encoding) if encoding else None
        self.exact: bool = enc is not None
        """True when counts come from the real tokenizer."""
        self.encoding: str = encoding if encoding and enc is not None else f"estimate: chars/{chars_per_token:g}"
        """Encoding name, or a label such as ``"estimate: chars/4"``."""
        self.unavailable: str | None = (
            f"{encoding} is not available offline (no cached BPE file)" if encoding and enc is None else None
        )
        """Why an exact count was asked for but could not be given, if so."""
        self._encode: Callable[[str], list[int]] | None = enc.encode_ordinary if enc else None
        self._divisor = chars_per_token
        self._cache: dict[str, int] = {}
        self._cached_chars = 0
        self._cache_chars = cache_chars
        self.extrapolated = 0
        """Strings over :data:`EXACT_PREFIX` characters whose count was extrapolated."""
        self.images = 0
        """Images counted so far (by :mod:`ftui.datasets.counting`), at OpenAI's image rule."""
        self.image_tokens = 0
        """Their estimated tokens (included in the example totals)."""

    def count(self, text: str) -> int:
        """Return the number of tokens in ``text``."""
        cached = self._cache.get(text)
        if cached is not None:
            return cached
        if self._encode is not None:
            n = len(self._encode(text)) if len(text) <= LONG_TEXT else self._long(text)
        else:
            n = math.ceil(len(text) / self._divisor)
        self._cached_chars += len(text)
        if self._cached_chars > self._cache_chars:
            self._cache.clear()
            self._cached_chars = len(text)
        self._cache[text] = n
        return n

    def _long(self, text: str) -> int:
        assert self._encode is not None
        head = text[:EXACT_PREFIX]
        n = sum(len(self._encode(head[i : i + PIECE])) for i in range(0, len(head), PIECE))
        if len(text) > len(head):
            self.extrapolated += 1
            n = math.ceil(n * len(text) / len(head))
        return n

    def count_value(self, value: Any) -> int:
        """Tokens of a JSON value: strings as text, structures as compact JSON, scalars 0."""
        if isinstance(value, str):
            return self.count(value)
        if isinstance(value, (dict, list)):
            try:
                return self.count(compact_json(value))
            except (RecursionError, ValueError):  # never raise: estimate from the size
                return math.ceil(len(repr(value)[:10_000_000]) / self._divisor)
        return 0
