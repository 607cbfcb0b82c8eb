"""Small things ftui remembers between runs (the theme, pending launches), kept apart from the user's config."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ftui.files import write_text
from ftui.paths import state_dir

__all__ = ["load_state", "save_state", "state_dir", "state_path"]


def state_path() -> Path:
    """``$XDG_STATE_HOME/ftui/state.json`` (``~/.local/state/ftui/state.json``)."""
    return state_dir() / "state.json"


def load_state() -> dict[str, Any]:
    """What was remembered; empty when nothing was or the file is unreadable."""
    try:
        data = json.loads(state_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_state(update: dict[str, Any]) -> None:
    """Merge ``update`` into the state file, atomically.

    Failures are ignored (it is only a convenience), read-only mode's refusal included.
    """
    data = {**load_state(), **update}
    try:
        write_text(state_path(), json.dumps(data), what="remembering the theme", make_dirs=True)
    except OSError:
        pass
