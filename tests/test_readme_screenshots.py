"""README's pictures, ``screenshots/`` and ``scripts/screenshots.py`` stay in step."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _linked() -> list[str]:
    return re.findall(r"\(screenshots/([^)\s]+\.svg)\)", (REPO / "README.md").read_text(encoding="utf-8"))


def _script_shots() -> set[str]:
    spec = importlib.util.spec_from_file_location("screenshots_script", REPO / "scripts" / "screenshots.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return {f"{shot.name}.svg" for shot in module.SHOTS}


def test_every_picture_readme_links_exists() -> None:
    missing = [name for name in _linked() if not (REPO / "screenshots" / name).is_file()]
    assert not missing, f"README links pictures that screenshots/ does not hold: {missing}"


def test_readme_shows_every_screenshot_once() -> None:
    linked = _linked()
    on_disk = {path.name for path in (REPO / "screenshots").glob("*.svg")}
    assert sorted(on_disk - set(linked)) == [], "screenshots README never shows (link them or drop them)"
    assert len(linked) == len(set(linked)), (
        f"pictures linked twice: {sorted({n for n in linked if linked.count(n) > 1})}"
    )


def test_the_script_makes_exactly_the_screenshots() -> None:
    on_disk = {path.name for path in (REPO / "screenshots").glob("*.svg")}
    assert _script_shots() == on_disk, "run scripts/screenshots.py (and delete pictures it no longer makes)"
