"""Images in content parts: OpenAI's per-image token rule and the vision data rules.

An image is never counted as text: the tokens of its base64 string say nothing
about what training costs. OpenAI's rule (docs/dataset-formats.md#vision): ``detail: low``
costs 85 tokens; ``high``/``auto`` fit the image in 2048x2048, scale the short side
to 768 and cost 85 + 170 per 512-px tile. The dimensions are read from the
image header of ``data:`` URLs; for web URLs they are unknown and 1024x1024 is
assumed. Every image count is an estimate (OpenAI does not confirm that training
uses exactly the inference rule) and is labelled so.
"""

from __future__ import annotations

import base64
import binascii
import math
import re
import struct

LOW_DETAIL_TOKENS = 85
ASSUMED_SIZE = (1024, 1024)
"""Dimensions assumed when an image's size cannot be read (a web URL)."""
MAX_IMAGES_PER_EXAMPLE = 10
MAX_IMAGE_BYTES = 10 * 1024 * 1024
FORMATS = ("jpeg", "jpg", "png", "webp")
"""Image types OpenAI vision fine-tuning accepts."""

_DATA_URL = re.compile(r"data:image/([A-Za-z0-9.+-]+);base64,", re.IGNORECASE)


def tile_tokens(width: int, height: int) -> int:
    """Tokens of one ``high``/``auto`` detail image of this size (OpenAI's rule)."""
    if width <= 0 or height <= 0:
        width, height = ASSUMED_SIZE
    scale = min(1.0, 2048 / max(width, height))
    w, h = width * scale, height * scale
    scale = 768 / min(w, h)
    if scale < 1:
        w, h = w * scale, h * scale
    return LOW_DETAIL_TOKENS + 170 * math.ceil(w / 512) * math.ceil(h / 512)


def image_size(data: bytes) -> tuple[int, int] | None:
    """``(width, height)`` from a PNG, GIF, WEBP or JPEG header; None if unreadable."""
    try:
        if data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR":
            w, h = struct.unpack(">II", data[16:24])
            return w, h
        if data[:6] in (b"GIF87a", b"GIF89a"):
            w, h = struct.unpack("<HH", data[6:10])
            return w, h
        if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
            chunk = data[12:16]
            if chunk == b"VP8 ":
                w, h = struct.unpack("<HH", data[26:30])
                return w & 0x3FFF, h & 0x3FFF
            if chunk == b"VP8L":
                b = data[21:25]
                w = 1 + (((b[1] & 0x3F) << 8) | b[0])
                h = 1 + (((b[3] & 0xF) << 10) | (b[2] << 2) | ((b[1] & 0xC0) >> 6))
                return w, h
            if chunk == b"VP8X":
                w = 1 + int.from_bytes(data[24:27], "little")
                h = 1 + int.from_bytes(data[27:30], "little")
                return w, h
        if data[:2] == b"\xff\xd8":
            i = 2
            while i + 9 < len(data):
                if data[i] != 0xFF:
                    i += 1
                    continue
                marker = data[i + 1]
                if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7 or marker == 0xFF:
                    i += 1 if marker == 0xFF else 2
                    continue
                length = struct.unpack(">H", data[i + 2 : i + 4])[0]
                if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                    h, w = struct.unpack(">HH", data[i + 5 : i + 9])
                    return w, h
                i += 2 + length
    except (struct.error, IndexError):
        return None
    return None


def _decode_prefix(b64: str, chars: int = 256 * 1024) -> bytes:
    head = b64[:chars]
    head = head[: len(head) - len(head) % 4]
    try:
        return base64.b64decode(head, validate=False)
    except (binascii.Error, ValueError):
        return b""


def image_tokens(url: object, detail: object) -> int:
    """Estimated tokens of one ``image_url`` part (never the tokens of its base64 text)."""
    if detail == "low":
        return LOW_DETAIL_TOKENS
    size = None
    if isinstance(url, str):
        m = _DATA_URL.match(url)
        if m:
            size = image_size(_decode_prefix(url[m.end() :]))
    return tile_tokens(*(size or ASSUMED_SIZE))


def image_problem(url: str) -> str:
    """Why OpenAI would not take this image URL, or ``""``."""
    if url.startswith(("http://", "https://")):
        return ""
    m = _DATA_URL.match(url)
    if not m:
        if url.startswith("data:"):
            return "a data URL must look like data:image/jpeg;base64,..."
        return "the url must be a public http(s) URL or a data:image/...;base64 URL"
    kind = m.group(1).lower()
    if kind not in FORMATS:
        return f"image/{kind} is not accepted; use JPEG, PNG or WEBP"
    payload = url[m.end() :]
    if not payload:
        return "the data URL holds no image data"
    if len(payload) * 3 // 4 > MAX_IMAGE_BYTES:
        return f"the image is about {len(payload) * 3 // 4 / 1e6:.1f} MB; the limit is 10 MB"
    if _decode_prefix(payload, 4096) == b"" or not re.fullmatch(r"[A-Za-z0-9+/=\s]*", payload[:4096]):
        return "the data URL is not valid base64"
    return ""
