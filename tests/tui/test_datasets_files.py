"""The datasets pane around the data: which files are listed and how, hosted files, transforms, keys, focus.

Every test drives the whole app (the demo emulator with a real dataset folder) as a user does.
"""

from __future__ import annotations

import json
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandPalette
from textual.widgets import Button, OptionList

from ftui.config import cache_dir, load_config
from ftui.emulator import ManualClock
from ftui.session import Session
from ftui.tui.app import FtuiApp
from ftui.tui.help_keys import SECTIONS, section_rows
from ftui.tui.panes.datasets import DatasetsPane
from ftui.tui.panes.datasets_browser import FileBrowser, shorten_middle
from ftui.tui.panes.datasets_dialogs import ConvertScreen
from ftui.tui.screens.help import HelpScreen
from tests.pilot import settle
from tests.tui.conftest import make_app

LONG = "support_conversations_customer_service_2026_q3_final_v2.jsonl"


def chat(i: int) -> dict[str, Any]:
    return {
        "messages": [
            {"role": "user", "content": f"Where is order {i}?"},
            {"role": "assistant", "content": f"Order {i} ships tomorrow."},
        ]
    }


def _jsonl(path: Path, records: list[Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A project folder as found in the wild: datasets among exports, package metadata and caches."""
    root = tmp_path / "project"
    _jsonl(root / "train.jsonl", [chat(i) for i in range(40)])
    _jsonl(root / "evals" / "eval.json", [chat(i) for i in range(3)])
    (root / "metrics_export.csv").write_text("step,loss\n1,0.5\n")
    (root / "notes.txt").write_text("not data\n")
    (root / "train.jsonl.gz").write_bytes(b"\x1f\x8b\x08\x00")
    _jsonl(root / "ftui.egg-info" / "meta.json", [chat(0)])
    (root / "ftui.egg-info" / "SOURCES.txt").write_text("x\n")
    _jsonl(root / "__pycache__" / "junk.jsonl", [chat(0)])
    _jsonl(root / ".venv" / "hidden.jsonl", [chat(0)])
    return root


@pytest.fixture
def app(demo_session: Session, demo_clock: ManualClock, folder: Path) -> FtuiApp:
    return make_app(demo_session, demo_clock, replace(load_config(), dataset_dirs=(folder,)))


async def _settle(pilot: Any) -> None:
    await settle(pilot, rounds=3)


async def _datasets(pilot: Any) -> DatasetsPane:
    await _settle(pilot)
    await pilot.press("2")
    await _settle(pilot)
    return pilot.app.screen.query_one(DatasetsPane)


def _listed(browser: FileBrowser) -> list[str]:
    return [str(browser.get_option_at_index(i).prompt) for i in range(browser.option_count)]


def _ids(browser: FileBrowser) -> list[str]:
    return [browser.get_option_at_index(i).id or "" for i in range(browser.option_count)]


def _notes(app: FtuiApp) -> str:
    return "\n".join(str(n.message) for n in app._notifications)


async def _open_option(pilot: Any, pane: DatasetsPane, option_id: str) -> None:
    browser = pane.query_one(FileBrowser)
    browser.focus()
    assert browser.highlight(option_id)
    await pilot.press("enter")
    await _settle(pilot)


def test_middle_shortening_keeps_the_end() -> None:
    short = shorten_middle(LONG, 21)
    assert len(short) == 21 and "…" in short and short.endswith("_v2.jsonl") and short.startswith("support_")
    assert shorten_middle("train.jsonl", 21) == "train.jsonl"
    assert shorten_middle("データセット_訓練用_最終版.jsonl", 16).endswith(".jsonl")


async def test_only_dataset_files_are_listed(app: FtuiApp, folder: Path) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _datasets(pilot)
        local = [i for i in _ids(pane.query_one(FileBrowser)) if i.startswith(str(folder))]
        assert local == [str(folder / "train.jsonl"), str(folder / "evals" / "eval.json")]


async def test_the_list_widens_with_the_terminal_and_shortens_names_in_the_middle(app: FtuiApp, folder: Path) -> None:
    _jsonl(folder / LONG, [chat(i) for i in range(5)])
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _datasets(pilot)
        browser = pane.query_one(FileBrowser)
        narrow = browser.size.width
        label = next(p for p in _listed(browser) if p.startswith("support_co"))
        assert "…" in label and "_v2.jsonl" in label and len(label) <= browser.scrollable_content_region.width
        await pilot.resize_terminal(160, 48)
        await _settle(pilot)
        assert browser.size.width >= 40 > narrow
        wide = next(p for p in _listed(browser) if p.startswith("support_co"))
        assert len(wide) > len(label) and "2026_q3" in wide and wide.endswith("_v2.jsonl")


async def test_a_hosted_file_keeps_its_name_and_its_transforms_go_to_the_dataset_folder(
    app: FtuiApp, folder: Path
) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        pane = await _datasets(pilot)
        browser = pane.query_one(FileBrowser)
        option = next(k for k, (_p, f) in browser.remote.items() if f.filename == "support_train.jsonl")
        assert any(p.startswith("support_train.jsonl") for p in _listed(browser))
        await _open_option(pilot, pane, option)
        assert pane.dataset is not None and Path(pane.dataset.path).is_relative_to(cache_dir())
        header = str(pane.query_one("#ds-header").render())
        assert "support_train.jsonl" in header and "file-" not in header
        await pilot.press("t")
        await _settle(pilot)
        train, valid = folder / "support_train.train.jsonl", folder / "support_train.validation.jsonl"
        assert train.is_file() and valid.is_file()
        assert str(train) in _notes(pilot.app) and "file-" not in _notes(pilot.app)
        assert not [p for p in cache_dir().rglob("*.jsonl") if ".train" in p.name or ".validation" in p.name]
        assert str(train) in _ids(browser) and browser.highlighted_option.id == str(train)
        await pilot.press("3")  # the launch pane offers the new files at once
        await _settle(pilot)
        choices = [value for _label, value in pilot.app.screen.query_one("#f-training")._options]
        assert str(train) in choices and str(valid) in choices
        await pilot.press("2")
        await _settle(pilot)
        await pilot.press("d")
        await _settle(pilot)
        assert (folder / "support_train.clean.jsonl").is_file()


async def test_a_local_file_is_transformed_next_to_itself_and_the_new_file_is_listed(
    app: FtuiApp, folder: Path
) -> None:
    source = folder / "evals" / "eval.json"
    before = source.read_bytes()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _datasets(pilot)
        await _open_option(pilot, pane, str(source))
        await pilot.press("v")
        await pilot.pause()
        await pilot.press("enter")  # the first target: bedrock-claude
        await _settle(pilot)
        out = folder / "evals" / "eval.bedrock-claude.jsonl"
        assert out.is_file() and str(out) in _notes(pilot.app)
        assert str(out) in _ids(pane.query_one(FileBrowser))
    assert source.read_bytes() == before


async def test_transforms_are_exclusive(app: FtuiApp, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import ftui.tui.panes.datasets_transforms as transforms

    release = threading.Event()
    real_split = transforms.split

    def held_split(*args: Any, **kwargs: Any) -> Any:
        release.wait(10)  # a big file, still being split
        return real_split(*args, **kwargs)

    monkeypatch.setattr(transforms, "split", held_split)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _datasets(pilot)
        await _open_option(pilot, pane, str(folder / "train.jsonl"))
        await pilot.press("t")
        await pilot.press("d")
        await pilot.pause()
        assert "already running (split of train.jsonl)" in _notes(pilot.app)
        release.set()
        await _settle(pilot)
        assert (folder / "train.train.jsonl").is_file() and not (folder / "train.clean.jsonl").exists()
        await pilot.press("d")  # free again
        await _settle(pilot)
        assert (folder / "train.clean.jsonl").is_file()


async def test_enter_after_a_transform_button_does_not_run_it_again(app: FtuiApp, folder: Path) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        pane = await _datasets(pilot)
        await _open_option(pilot, pane, str(folder / "train.jsonl"))
        await pilot.press("s")
        await _settle(pilot)
        split = pane.query_one("#ds-split", Button)
        split.scroll_visible(animate=False)
        await pilot.pause()
        split.focus()
        await pilot.press("enter")
        await _settle(pilot)
        await pilot.press("enter", "enter")
        await _settle(pilot)
        assert sorted(p.name for p in folder.glob("train.*.jsonl")) == ["train.train.jsonl", "train.validation.jsonl"]
        assert pilot.app.focused is not None and not isinstance(pilot.app.focused, Button)


async def test_b_hides_and_shows_the_list_without_losing_focus(app: FtuiApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _datasets(pilot)
        browser = pane.query_one(FileBrowser)
        assert pilot.app.focused is browser
        await pilot.press("b")
        focused = pilot.app.focused
        assert focused is not None and focused is not browser and pane in focused.ancestors
        await pilot.press("1", "2")  # leave the pane and come back: never onto the hidden list
        await _settle(pilot)
        focused = pilot.app.focused
        assert focused is not None and focused is not browser and focused.display
        await pilot.press("b")
        assert pilot.app.focused is browser and browser.display


async def test_every_datasets_key_is_in_help_and_the_transforms_in_the_palette(app: FtuiApp, folder: Path) -> None:
    async with app.run_test(size=(100, 40)) as pilot:
        pane = await _datasets(pilot)
        await pilot.press("question_mark")
        assert isinstance(pilot.app.screen, HelpScreen)
        rows = section_rows(pilot.app, next(section for section in SECTIONS if section.title == "Datasets"))
        for action, words in (("split", "split"), ("drop_invalid", "drop invalid"), ("convert", "convert")):
            binding = next(b for b in DatasetsPane.BINDINGS if b.action == action)
            shown = pilot.app.get_key_display(binding)
            assert any(shown in keys.split(" / ") and words in what for keys, what in rows), (shown, rows)
        await pilot.press("escape")
        await _open_option(pilot, pane, str(folder / "train.jsonl"))
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        assert isinstance(pilot.app.screen, CommandPalette)
        await pilot.press(*"drop invalid")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await _settle(pilot)
        assert (folder / "train.clean.jsonl").is_file()


def test_the_readme_keys_table_lists_the_transform_keys() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith("| datasets | `t`"))
    assert "split" in row and "drop invalid" in row and "convert" in row


async def test_read_only_mode_writes_nothing(demo_session: Session, demo_clock: ManualClock, folder: Path) -> None:
    app = make_app(demo_session, demo_clock, replace(load_config(), dataset_dirs=(folder,), read_only=True))
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _datasets(pilot)
        await _open_option(pilot, pane, str(folder / "train.jsonl"))
        await pilot.press("t", "d")
        await _settle(pilot)
        assert not list(folder.glob("train.*.jsonl"))


async def test_the_stats_tab_actions_fit_at_80_columns_and_convert_asks_for_the_target(
    app: FtuiApp, folder: Path
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _datasets(pilot)
        await _open_option(pilot, pane, str(folder / "train.jsonl"))
        await pilot.press("s")
        await _settle(pilot)
        stats = pane.query_one("#ds-stats")
        convert = pane.query_one("#ds-convert", Button)
        convert.scroll_visible(animate=False)
        await pilot.pause()
        for button in stats.query(Button):
            assert button.region.right <= stats.content_region.right, str(button.label)
        convert.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConvertScreen)
        targets = pilot.app.screen.query_one(OptionList)
        assert [targets.get_option_at_index(i).id for i in range(targets.option_count)] == [
            "bedrock-claude",
            "bedrock-nova",
        ]  # not the file's own format
        await pilot.press("down", "enter")
        await _settle(pilot)
        assert (folder / "train.bedrock-nova.jsonl").is_file()


async def test_f_writes_a_json_array_as_json_lines_next_to_it_and_lists_it(app: FtuiApp, folder: Path) -> None:
    source = folder / "exported.json"
    source.write_text(json.dumps([chat(i) for i in range(5)], indent=2), encoding="utf-8")
    before = source.read_bytes()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _datasets(pilot)
        pane.query_one(FileBrowser).reload()
        await _settle(pilot)
        await _open_option(pilot, pane, str(source))
        await pilot.press("F")
        await _settle(pilot)
        out = folder / "exported.jsonl"
        assert out.is_file() and str(out) in _notes(pilot.app)
        assert [json.loads(line) for line in out.read_text().splitlines()] == [chat(i) for i in range(5)]
        assert str(out) in _ids(pane.query_one(FileBrowser))
    assert source.read_bytes() == before


async def test_enter_right_after_2_opens_the_first_file_even_when_the_folder_has_none(
    demo_session: Session, demo_clock: ManualClock, tmp_path: Path
) -> None:
    """The cursor starts on the first file, never on a heading ("no .jsonl files…", "☁ hosted on…")."""
    app = make_app(demo_session, demo_clock, replace(load_config(), dataset_dirs=(tmp_path,)))
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _datasets(pilot)
        browser = pane.query_one(FileBrowser)
        assert browser.get_option_at_index(0).disabled  # the folder holds no dataset: a heading comes first
        assert browser.highlighted_option is not None and not browser.highlighted_option.disabled
        await pilot.press("enter")
        await _settle(pilot)
        await pilot.app.workers.wait_for_complete()
        await _settle(pilot)
        assert pane.dataset is not None, "Enter on the file list opened nothing"
