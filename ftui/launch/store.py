"""Presets (named launch configurations, TOML in the config dir) and the draft (the unfinished form).

Presets live in ``presets.toml`` next to ``config.toml`` (``$XDG_CONFIG_HOME/ftui``),
one ``[presets.NAME]`` table each; the draft in ``$XDG_STATE_HOME/ftui/launch-draft.json``.
Both are written atomically through :mod:`ftui.files` (refused in read-only mode); unreadable files read as
empty.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import tomli_w

from ftui.files import write_text
from ftui.launch.form import LaunchForm
from ftui.paths import config_path, state_dir

PRESET_KEYS = ("base_model", "method", "suffix", "seed", "values", "metadata")
"""What a preset keeps: the configuration, not the profile or the files."""


def presets_path() -> Path:
    """``presets.toml`` in the config directory."""
    return config_path().parent / "presets.toml"


def draft_path() -> Path:
    """``$XDG_STATE_HOME/ftui/launch-draft.json`` (``~/.local/state/ftui/…``)."""
    return state_dir() / "launch-draft.json"


# -- presets -------------------------------------------------------------------
_HEADER = "# ftui launch presets: [presets.NAME] tables (written by ftui; edits are kept)\n"


def _toml_value(value: Any) -> bool | int | float | str:
    return value if isinstance(value, (bool, int, float)) else str(value)


def dump_presets(presets: Mapping[str, LaunchForm]) -> str:
    """The TOML text of ``presets`` (written with ``tomli-w``): empty settings are left out."""
    tables: dict[str, Any] = {}
    for name, form in presets.items():
        data = form.to_dict()
        table: dict[str, Any] = {
            key: _toml_value(data[key]) for key in ("base_model", "method", "suffix", "seed") if data[key]
        }
        for sub in ("values", "metadata"):
            if data[sub]:
                table[sub] = {str(k): _toml_value(v) for k, v in data[sub].items()}
        tables[str(name)] = table
    return _HEADER + "\n" + tomli_w.dumps({"presets": tables})


def load_presets(path: Path | None = None) -> dict[str, LaunchForm]:
    """Presets by name; a missing or broken file gives none."""
    try:
        data = tomllib.loads((path or presets_path()).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}
    tables = data.get("presets")
    if not isinstance(tables, dict):
        return {}
    return {
        str(name): LaunchForm.from_dict({k: v for k, v in body.items() if k in PRESET_KEYS})
        for name, body in tables.items()
        if isinstance(body, dict)
    }


def save_preset(name: str, form: LaunchForm, path: Path | None = None) -> Path:
    """Add or replace preset ``name`` with ``form``'s configuration; returns the file."""
    path = path or presets_path()
    presets = load_presets(path)
    presets[name] = preset_of(form)
    write_text(path, dump_presets(presets), what=f"saving preset {name!r}", make_dirs=True)
    return path


def preset_of(form: LaunchForm) -> LaunchForm:
    """Only the preset part of a form (no profile, no files)."""
    return LaunchForm.from_dict({k: v for k, v in form.to_dict().items() if k in PRESET_KEYS})


def apply_preset(form: LaunchForm, preset: LaunchForm) -> LaunchForm:
    """``form`` with the preset's configuration (profile and files kept)."""
    data = form.to_dict()
    data.update({k: v for k, v in preset.to_dict().items() if k in PRESET_KEYS and (v or k in ("values",))})
    return LaunchForm.from_dict(data)


# -- draft ---------------------------------------------------------------------
def save_draft(form: LaunchForm, path: Path | None = None, launch: Mapping[str, Any] | None = None) -> None:
    """Keep the unfinished form (called on every change), with the launch in progress if there is one.

    ``launch`` (``{"id": launch id, "key": configuration key, "started": epoch seconds}``) is written
    before a launch sends anything, so a crash or hang-up mid-launch leaves the id with the draft.
    """
    data = form.to_dict()
    if launch:
        data["launch"] = dict(launch)
    write_text(
        path or draft_path(),
        json.dumps(data, ensure_ascii=False, indent=1),
        what="saving the launch draft",
        make_dirs=True,
    )


def _draft_data(path: Path | None) -> dict[str, Any] | None:
    try:
        data = json.loads((path or draft_path()).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def load_draft(path: Path | None = None) -> LaunchForm | None:
    """The saved unfinished form, or None."""
    data = _draft_data(path)
    return LaunchForm.from_dict(data) if data is not None else None


def load_draft_launch(path: Path | None = None) -> dict[str, Any] | None:
    """The launch that was in progress when the draft was saved (``id``, ``key``, ``started``), or None."""
    data = _draft_data(path)
    launch = data.get("launch") if data is not None else None
    if isinstance(launch, dict) and isinstance(launch.get("id"), str) and isinstance(launch.get("key"), str):
        return launch
    return None


def clear_draft(path: Path | None = None) -> None:
    """Forget the draft (after a successful launch)."""
    (path or draft_path()).unlink(missing_ok=True)
