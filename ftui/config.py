"""The TOML configuration: profiles and settings. No secrets, ever.

The file lives at ``$XDG_CONFIG_HOME/ftui/config.toml`` (``~/.config/ftui/config.toml``);
``FTUI_CONFIG`` overrides the path (:mod:`ftui.paths` knows the directories). A broken file never
stops ftui: problems are reported with the key and line, and defaults are used for what could not be read.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ftui.paths import cache_dir, config_path
from ftui.providers.profiles import KINDS, OPTIONS, ROLE_ARN, Profile
from ftui.redact import redact

__all__ = ["Config", "ConfigProblem", "cache_dir", "config_path", "load_config"]

_SECRET_KEYS = re.compile(r"(api_?key|secret|password|token|access_key)$", re.IGNORECASE)
_SETTINGS = {"default_profile", "refresh_interval", "theme", "read_only", "plot_marker", "dataset_dirs", "profiles"}


@dataclass(frozen=True, slots=True)
class ConfigProblem:
    """Something wrong in the config file, located for the user."""

    key: str
    """The dotted key at fault (``profiles.azure.kind``)."""
    line: int | None
    """The 1-based line, when it can be found."""
    message: str
    """What is wrong and what to do."""

    def __str__(self) -> str:
        where = f"line {self.line}, " if self.line else ""
        return f"config: {where}{self.key}: {self.message}"


@dataclass(frozen=True, slots=True)
class Config:
    """ftui's settings."""

    path: Path
    """Where the config file is (it may not exist)."""
    profiles: tuple[Profile, ...] = ()
    """Configured provider profiles, in file order."""
    default_profile: str | None = None
    """The profile new jobs go to by default."""
    refresh_interval: float = 5.0
    """Seconds between refreshes while a job is active."""
    theme: str | None = None
    """A Textual theme name."""
    read_only: bool = False
    """Refuse actions that change anything (launch, cancel, uploads, file writes)."""
    plot_marker: str = "auto"
    """``auto``, ``braille``, ``dot`` or ``ascii``; ``auto`` is braille on a UTF-8 locale in a terminal that
    has braille glyphs, ASCII otherwise (``LANG=C``, ``TERM=linux``, ``vt100``, ``dumb``)."""
    dataset_dirs: tuple[Path, ...] = ()
    """Directories the datasets pane browses."""
    problems: tuple[ConfigProblem, ...] = field(default=(), compare=False)
    """What could not be read; the rest of the config still applies."""


def load_config(path: Path | None = None) -> Config:
    """Read the config; a missing file gives the defaults, a broken one gives defaults plus problems."""
    path = path or config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config(path=path)
    except (OSError, UnicodeDecodeError) as e:
        return Config(path=path, problems=(ConfigProblem("(file)", None, f"cannot read {path}: {e}"),))
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        line = getattr(e, "lineno", None) or _line_from_message(str(e))
        return Config(path=path, problems=(ConfigProblem("(syntax)", line, f"not valid TOML: {e}"),))
    return _parse(path, text, data)


def _parse(path: Path, text: str, data: dict[str, Any]) -> Config:
    problems: list[ConfigProblem] = []

    def problem(key: str, message: str) -> None:
        problems.append(ConfigProblem(key, _line_of(text, key), message))

    for key in data:
        if key not in _SETTINGS:
            problem(key, f"unknown setting (known: {', '.join(sorted(_SETTINGS))})")
    profiles = _profiles(data.get("profiles", {}), problem)
    names = [p.name for p in profiles]
    default = data.get("default_profile")
    if default is not None and default not in names:
        problem("default_profile", f"no profile named {default!r} (have: {', '.join(names) or 'none'})")
        default = None
    interval = data.get("refresh_interval", 5.0)
    if not isinstance(interval, (int, float)) or isinstance(interval, bool) or interval < 1:
        problem("refresh_interval", "must be a number of seconds ≥ 1; using 5")
        interval = 5.0
    read_only = data.get("read_only", False)
    if not isinstance(read_only, bool):
        problem("read_only", "must be true or false")
        read_only = False
    marker = data.get("plot_marker", "auto")
    if marker not in ("auto", "braille", "dot", "ascii"):
        problem("plot_marker", "must be auto, braille, dot or ascii")
        marker = "auto"
    dirs = data.get("dataset_dirs", [])
    if not isinstance(dirs, list) or not all(isinstance(d, str) for d in dirs):
        problem("dataset_dirs", "must be a list of paths")
        dirs = []
    theme = data.get("theme")
    return Config(
        path=path,
        profiles=tuple(profiles),
        default_profile=default,
        refresh_interval=float(interval),
        theme=theme if isinstance(theme, str) else None,
        read_only=read_only,
        plot_marker=marker,
        dataset_dirs=tuple(Path(d).expanduser() for d in dirs),
        problems=tuple(problems),
    )


def _profiles(raw: Any, problem: Any) -> list[Profile]:
    if not isinstance(raw, dict):
        problem("profiles", "must be a table of [profiles.NAME] sections")
        return []
    profiles = []
    for name, body in raw.items():
        prefix = f"profiles.{name}"
        if not isinstance(body, dict):
            problem(prefix, "must be a table")
            continue
        kind = body.get("kind")
        if kind not in KINDS:
            problem(f"{prefix}.kind", f"must be one of {', '.join(KINDS)}; profile skipped")
            continue
        options = {}
        broken = [key for key in _URL_OPTIONS if key in body and _url_problem(body[key])]
        for key in broken:
            problem(f"{prefix}.{key}", f"{_url_problem(body[key])}; profile skipped")
        if broken:
            continue
        for key, value in body.items():
            if key == "kind":
                continue
            if _SECRET_KEYS.search(key):
                problem(
                    f"{prefix}.{key}",
                    "ftui never stores secrets; remove it and use the environment "
                    "(OPENAI_API_KEY, AZURE_OPENAI_API_KEY, AWS profiles) or api_key_env",
                )
            elif key not in OPTIONS[kind]:
                problem(f"{prefix}.{key}", f"unknown option for {kind} (known: {', '.join(OPTIONS[kind])})")
            elif key == "role_arn" and not (isinstance(value, str) and ROLE_ARN.fullmatch(value.strip())):
                problem(
                    f"{prefix}.{key}",
                    f"{redact(str(value))!r} is not an IAM role ARN "
                    "(arn:aws:iam::<account>:role/<name>); launches on this profile are refused until it is",
                )
                options[key] = value
            else:
                options[key] = value
        profiles.append(Profile(name=name, kind=kind, options=options))
    return profiles


_URL_OPTIONS = ("base_url", "endpoint", "endpoint_url")


def _url_problem(value: Any) -> str | None:
    """Why a URL option cannot be used (shown masked), or None."""
    if not isinstance(value, str):
        return "must be a URL string"
    try:
        parts = urlsplit(value.strip())
        parts.port  # noqa: B018 - raises for a malformed authority
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        return (
            f"{redact(value)!r} is not a valid http(s) URL (characters such as / or @ inside a user name or "
            "password must be written %2F, %40; better, keep secrets in the environment)"
        )
    return None


def _line_of(text: str, dotted: str) -> int | None:
    """Best-effort line of a dotted key in the TOML text."""
    parts = dotted.split(".")
    key = parts[-1]
    section = ".".join(parts[:-1])
    in_section = not section
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("["):
            header = stripped.strip("[]").strip()
            in_section = header == section
            if header == dotted:
                return number
            continue
        if in_section and re.match(rf"{re.escape(key)}\s*=", stripped):
            return number
    return None


def _line_from_message(message: str) -> int | None:
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else None
