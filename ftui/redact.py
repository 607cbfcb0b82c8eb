"""Masking secrets in anything ftui shows or writes: one policy for the whole app (no Textual).

:func:`mask_url` turns ``https://user:pw@host/v1?api-key=K`` into ``https://user:***@host/v1?api-key=***``;
:func:`redact` masks URLs found inside free text, ``key=value`` pairs with secret names (``X-Amz-Signature``,
``api-key``, ``sig``, ``aws_secret_access_key`` …), bearer tokens, API keys (``sk-…``), AWS access key ids,
AWS secret access keys, and the literal value of every secret-looking environment variable
(``OPENAI_API_KEY``, ``AWS_SECRET_ACCESS_KEY``, …) wherever it appears. Profile descriptions, provider
errors, notices and CLI output all go through here.
"""

from __future__ import annotations

import os
import re
from urllib.parse import urlsplit, urlunsplit

MASK = "***"
"""What a masked secret is shown as."""

_SECRET_PARAM = re.compile(
    r"^(x-amz-(signature|credential|security-token)|x-goog-(signature|credential)|sig|signature|"
    r"api[-_]?key|key|code|token|access[-_]?token|refresh[-_]?token|id[-_]?token|auth|authorization|"
    r"password|passwd|pwd|secret|client[-_]?secret|session[-_]?token|aws[-_]?secret[-_]?access[-_]?key|"
    r"se?cret[-_]?access[-_]?key)$",
    re.I,
)
_URL = re.compile(r"\b[a-zA-Z][a-zA-Z0-9+.\-]*://[^\s'\"<>`]+")
_PAIR = re.compile(
    r"(?P<name>\b(?:x-amz-(?:signature|credential|security-token)|api[-_]?key|sig|signature|access[-_]?token|"
    r"aws[-_]?secret[-_]?access[-_]?key|aws[-_]?session[-_]?token|secret[-_]?access[-_]?key|session[-_]?token|"
    r"client[-_]?secret|password|passwd))"
    r"(?P<sep>\s*=\s*|['\"]\s*:\s*['\"]?|\s*:\s*['\"])(?P<value>[^\s'\"&,;)}\]]+)",
    re.I,
)
_BEARER = re.compile(r"\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=\-]{6,}", re.I)
_API_KEY = re.compile(r"\b(sk-[A-Za-z0-9_\-]{2})[A-Za-z0-9_\-*]{6,}|\b((?:AKIA|ASIA)[0-9A-Z]{2})[0-9A-Z]{10,}")
_AWS_SECRET = re.compile(
    r"(?<![A-Za-z0-9/+=])(?=[A-Za-z0-9/+]*[A-Z])(?=[A-Za-z0-9/+]*[a-z])"
    r"(?=[A-Za-z0-9/+]*[0-9])[A-Za-z0-9][A-Za-z0-9/+]{39}(?![A-Za-z0-9/+=])"
)
_SECRET_ENV = re.compile(r"(KEY|SECRET|TOKEN|PASSWORD|PASSWD|CREDENTIAL|SIGNATURE)", re.I)
_NOT_SECRET_ENV = re.compile(r"(_FILE|_PATH|_DIR|_ENV|_URI|_URL|_ID|_REGION|_PROFILE)$", re.I)
_MIN_ENV_SECRET = 8


_USERINFO = re.compile(
    r"^([a-zA-Z][a-zA-Z0-9+.\-]*://)(.*)@((?:[A-Za-z0-9.\-]+|\[[0-9A-Fa-f:.]+\])(?::\d+)?)(?=[/?#]|$)"
)


def mask_url(url: str) -> str:
    """``url`` with any password (or bare user token) and secret query values replaced by ``***``.

    A password with unescaped ``/``, ``@`` or ``+`` (pasted AWS secrets) is masked whole too.
    """
    match = _USERINFO.match(url)
    if match:
        user, has_password, _password = match.group(2).partition(":")
        userinfo = f"{user}:{MASK}" if has_password and "/" not in user else MASK
        url = f"{match.group(1)}{userinfo}@{match.group(3)}{url[match.end() :]}"
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    query = parts.query
    if not query:
        return url
    pieces = []
    for piece in query.split("&"):
        name, eq, _value = piece.partition("=")
        pieces.append(f"{name}={MASK}" if eq and _SECRET_PARAM.match(name) else piece)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "&".join(pieces), parts.fragment))


def _env_secrets() -> list[str]:
    values = {
        value
        for name, value in os.environ.items()
        if _SECRET_ENV.search(name) and not _NOT_SECRET_ENV.search(name) and len(value) >= _MIN_ENV_SECRET
    }
    return sorted(values, key=len, reverse=True)


def redact(text: str) -> str:
    """``text`` with every secret ftui can recognise masked (URLs, key=value pairs, keys, env secrets)."""
    if not text:
        return text
    text = str(text)
    for secret in _env_secrets():
        if secret in text:
            text = text.replace(secret, MASK)
    text = _URL.sub(lambda m: mask_url(m.group(0)), text)
    text = _PAIR.sub(lambda m: f"{m.group('name')}{m.group('sep')}{MASK}", text)
    text = _BEARER.sub(lambda m: f"{m.group(1)} {MASK}", text)
    text = _API_KEY.sub(lambda m: (m.group(1) or m.group(2)) + "…", text)
    return _AWS_SECRET.sub(MASK, text)


def describe_url(url: str) -> str:
    """A base URL for people: masked, without the scheme (``user:***@127.0.0.1:8080/v1``)."""
    masked = mask_url(url.strip()).rstrip("/")
    return re.sub(r"^[a-zA-Z][a-zA-Z0-9+.\-]*://", "", masked)
