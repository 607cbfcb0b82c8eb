"""Deterministic identifiers: a seeded sequence and stable hashes."""

from __future__ import annotations

import hashlib
import random
import threading

__all__ = ["IdFactory", "stable_id", "stable_token"]

_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def stable_token(*parts: object, length: int = 24) -> str:
    """Return a base62 token derived only from ``parts`` (same parts, same token)."""
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode()).digest()
    number = int.from_bytes(digest, "big")
    out = []
    for _ in range(length):
        number, rem = divmod(number, 62)
        out.append(_ALPHABET[rem])
    return "".join(out)


def stable_id(prefix: str, *parts: object, length: int = 24) -> str:
    """Return ``prefix`` followed by :func:`stable_token` of ``parts``."""
    return prefix + stable_token(*parts, length=length)


class IdFactory:
    """Hands out ids from a seeded RNG, so the same seed gives the same ids.

    Args:
        seed: The emulator seed.
    """

    def __init__(self, seed: int) -> None:
        self._rng = random.Random(f"ftui-emulator-ids:{seed}")
        self._lock = threading.Lock()

    def token(self, length: int = 24) -> str:
        """Return the next random base62 token."""
        with self._lock:
            return "".join(self._rng.choice(_ALPHABET) for _ in range(length))

    def new(self, prefix: str, length: int = 24) -> str:
        """Return ``prefix`` plus the next token, e.g. ``file-…``."""
        return prefix + self.token(length)

    def randint(self, low: int, high: int) -> int:
        """Return a seeded random integer (used for default job seeds)."""
        with self._lock:
            return self._rng.randint(low, high)
