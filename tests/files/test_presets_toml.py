"""Presets are written with tomli-w: what is saved is what loads, whatever the names and values hold."""

from __future__ import annotations

import tomllib
from pathlib import Path

from ftui.launch.form import LaunchForm
from ftui.launch.store import dump_presets, load_presets, preset_of, save_preset


def test_awkward_names_and_values_round_trip(tmp_path: Path) -> None:
    awkward = LaunchForm.from_dict(
        {
            "profile": "azure",
            "training": "/data/t.jsonl",  # not part of a preset
            "base_model": "gpt-4o-mini-2024-07-18",
            "method": "dpo",
            "suffix": 'say "hi"\\ \t\u00e9\U0001f600',
            "seed": "42",
            "values": {"n_epochs": "3", "learning rate.multiplier": "0.5", "beta": ""},
            "metadata": {"team": "a]b[c", "line\nbreak": "x = 1\n[presets.evil]"},
        }
    )
    path = tmp_path / "presets.toml"
    save_preset('my "best".preset ]', awkward, path)
    save_preset("plain", LaunchForm(base_model="m"), path)
    loaded = load_presets(path)
    assert list(loaded) == ['my "best".preset ]', "plain"]
    assert loaded['my "best".preset ]'] == preset_of(awkward)
    assert loaded["plain"] == preset_of(LaunchForm(base_model="m"))
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# ftui launch presets")
    assert set(tomllib.loads(text)["presets"]) == {'my "best".preset ]', "plain"}  # no injected table


def test_empty_settings_are_left_out() -> None:
    text = dump_presets({"p": LaunchForm(base_model="m", method="")})
    assert tomllib.loads(text) == {"presets": {"p": {"base_model": "m"}}}
