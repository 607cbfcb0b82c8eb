"""Where ftui keeps its files: the one place that knows the directories.

Three directories, from :mod:`platformdirs` (on Linux the XDG locations):

- config: ``$XDG_CONFIG_HOME/ftui`` (``~/.config/ftui``): ``config.toml``, ``presets.toml``;
  ``FTUI_CONFIG`` names the config file itself (presets then live beside it);
- state: ``$XDG_STATE_HOME/ftui`` (``~/.local/state/ftui``): the launch draft, pending
  launches, the remembered theme;
- cache: ``$XDG_CACHE_HOME/ftui`` (``~/.cache/ftui``): local copies of hosted datasets.

An ``XDG_*`` variable that is set wins on every platform (tests and users point ftui at other
directories with them); otherwise :mod:`platformdirs` picks the platform's place.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "ftui"
"""The directory name under each base directory."""


def _base(variable: str, default: str) -> Path:
    value = os.environ.get(variable)
    return Path(value).expanduser() / APP if value else Path(default)


def config_dir() -> Path:
    """``$XDG_CONFIG_HOME/ftui`` (``~/.config/ftui`` on Linux)."""
    return _base("XDG_CONFIG_HOME", platformdirs.user_config_dir(APP, appauthor=False))


def config_path() -> Path:
    """The config file: ``FTUI_CONFIG`` when set, else ``config.toml`` in :func:`config_dir`."""
    override = os.environ.get("FTUI_CONFIG")
    if override:
        return Path(override).expanduser()
    return config_dir() / "config.toml"


def state_dir() -> Path:
    """``$XDG_STATE_HOME/ftui`` (``~/.local/state/ftui`` on Linux)."""
    return _base("XDG_STATE_HOME", platformdirs.user_state_dir(APP, appauthor=False))


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/ftui`` (``~/.cache/ftui`` on Linux): copies of hosted datasets."""
    return _base("XDG_CACHE_HOME", platformdirs.user_cache_dir(APP, appauthor=False))


def data_dir() -> Path:
    """``$XDG_DATA_HOME/ftui`` (``~/.local/share/ftui`` on Linux): what the user made with ftui (evaluations)."""
    return _base("XDG_DATA_HOME", platformdirs.user_data_dir(APP, appauthor=False))
