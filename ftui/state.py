"""Small things ftui remembers between runs (the theme, pending launches), kept apart from the user's config."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any


def state_dir() -> Path:
    """``$XDG_STATE_HOME/ftui`` (``~/.local/state/ftui``): the draft, pending launches, the theme."""
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "ftui"


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
    """Merge ``update`` into the state file, atomically; failures are ignored (it is only a convenience)."""
    path = state_path()
    data = {**load_state(), **update}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".state.", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle)
        os.replace(tmp, path)
    except OSError:
        pass
