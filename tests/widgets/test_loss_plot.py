"""Pilot tests of ``LossPlot``: what it draws, when it redraws, legend, warning, empty state."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from ftui.providers.records import Checkpoint, MetricPoint
from ftui.series import ema
from ftui.tui.widgets import LossPlot
from ftui.tui.widgets.loss_figure import pick_marker, step_ticks

from .conftest import PlotApp, make_series


def _picture(plot: LossPlot) -> str:
    return plot.canvas.render().plain  # type: ignore[union-attr]


def _text(plot: LossPlot, selector: str) -> str:
    widget = plot.query_one(selector, Static)
    return str(widget.render()) if widget.display else ""


async def test_empty_series_shows_a_calm_message() -> None:
    app = PlotApp()
    async with app.run_test(size=(80, 24)) as pilot:
        plot = app.query_one(LossPlot)
        await pilot.pause()
        assert _text(plot, "#loss-empty") == "No metrics yet — the curve appears when training starts."
        assert not plot.canvas.display and _text(plot, "#loss-legend") == ""
        plot.set_series({"job": []})
        await pilot.pause()
        assert plot.query_one("#loss-empty").display
        assert plot.redraws == 0


async def test_note_line() -> None:
    note = "Bedrock publishes loss curves only when the job ends; showing the status timeline meanwhile."
    app = PlotApp(note=note)
    async with app.run_test(size=(100, 24)) as pilot:
        plot = app.query_one(LossPlot)
        assert _text(plot, "#loss-note") == note
        plot.note = ""
        await pilot.pause()
        assert _text(plot, "#loss-note") == ""


async def test_legend_shows_the_latest_values() -> None:
    points = make_series()
    app = PlotApp({"job": points})
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        plot = app.query_one(LossPlot)
        last_valid = [p.valid_loss for p in points if p.valid_loss is not None][-1]
        last_full = [p.full_valid_loss for p in points if p.full_valid_loss is not None][-1]
        smoothed = ema([p.train_loss for p in points], alpha=2 / 11)[-1]  # 240 steps: a 10-step window
        assert smoothed is not None
        assert plot.legend_text == (
            f"train {smoothed:.3f} (smoothed; raw {points[-1].train_loss:.3f})  valid {last_valid:.3f}"
            f"  full {last_full:.3f} @ step 240/300"
        )
        assert _text(plot, "#loss-legend") == plot.legend_text
        await pilot.press("s")  # raw only: the legend says the raw value, and nothing about smoothing
        assert plot.legend_text == (
            f"train {points[-1].train_loss:.3f}  valid {last_valid:.3f}  full {last_full:.3f} @ step 240/300"
        )


async def test_overfitting_warning_names_the_best_step_and_checkpoint() -> None:
    app = PlotApp({"job": make_series()})
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        plot = app.query_one(LossPlot)
        assert "lowest validation loss was at step 200." in _text(plot, "#loss-warning")
        plot.set_series({"job": make_series()}, checkpoints={"job": [Checkpoint("cp-200", 200, "ft:m:ckpt-step-200")]})
        await pilot.pause()
        assert "at step 200 (checkpoint ft:m:ckpt-step-200)." in _text(plot, "#loss-warning")
        plot.set_series({"job": make_series(overfit=False)})
        await pilot.pause()
        assert _text(plot, "#loss-warning") == "" and plot.warning_text == ""


async def test_refresh_without_new_data_does_not_redraw() -> None:
    points = make_series()
    app = PlotApp({"job": points})
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        plot = app.query_one(LossPlot)
        drawn = plot.redraws
        assert drawn == 1
        for _ in range(5):
            plot.refresh()
            plot.canvas.refresh()
            plot.set_series({"job": list(points)})  # same data, new list
            await pilot.pause()
        assert plot.redraws == drawn
        plot.set_series({"job": points + [MetricPoint(241, train_loss=0.3)]})
        await pilot.pause()
        assert plot.redraws == drawn + 1
        assert "@ step 241/300" in plot.legend_text


@pytest.mark.parametrize(
    ("key", "attribute", "default"), [("a", "show_accuracy", False), ("s", "smooth", True), ("l", "log_scale", False)]
)
async def test_keys_toggle_and_change_the_picture(key: str, attribute: str, default: bool) -> None:
    app = PlotApp({"job": make_series()})
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        plot = app.query_one(LossPlot)
        before, drawn = _picture(plot), plot.redraws
        await pilot.press(key)
        await pilot.pause()
        assert getattr(plot, attribute) is not default
        assert plot.redraws == drawn + 1
        assert _picture(plot) != before
        await pilot.press(key)
        await pilot.pause()
        assert getattr(plot, attribute) is default and _picture(plot) == before


async def test_accuracy_mode_legend_and_no_overfit_line() -> None:
    points = make_series()
    app = PlotApp({"job": points})
    async with app.run_test(size=(80, 24)) as pilot:
        plot = app.query_one(LossPlot)
        plot.show_accuracy = True
        plot.log_scale = True
        await pilot.pause()
        raw = points[-1].train_mean_token_accuracy
        assert plot.legend_text.startswith("train acc ")
        assert f" (smoothed; raw {raw:.3f})  valid acc " in plot.legend_text
        assert plot.legend_text.endswith("@ step 240/300  · log")
        assert _text(plot, "#loss-warning") == ""


async def test_footer_shows_the_bindings() -> None:
    app = PlotApp({"job": make_series()})
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.pause()
        shown = {b.key for _, b, enabled, _ in app.active_bindings.values() if b.show}
        assert {"a", "s", "l"} <= shown


async def test_compare_overlays_jobs_with_a_legend_line_each() -> None:
    app = PlotApp({"alpha": make_series(), "beta": make_series(300, seed=3, overfit=False)})
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        plot = app.query_one(LossPlot)
        lines = plot.legend_text.splitlines()
        assert [line.split()[0] for line in lines] == ["alpha", "beta"]
        assert lines[1].endswith("@ step 300/300") and "full" not in lines[1]
        assert plot.warning_text.startswith("alpha: Validation loss has risen")
        single = make_series()
        plot.set_series({"alpha": single})
        await pilot.pause()
        assert plot.legend_text.startswith("train ")


async def test_marker_setting_changes_the_glyphs() -> None:
    app = PlotApp({"job": make_series()}, marker="ascii")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        plot = app.query_one(LossPlot)
        picture = _picture(plot)
        assert "*" in picture and not any(0x2800 <= ord(c) <= 0x28FF for c in picture)
        plot.marker = "braille"
        await pilot.pause()
        assert any(0x2800 <= ord(c) <= 0x28FF for c in _picture(plot))


async def test_a_large_series_is_decimated_to_the_canvas() -> None:
    points = [MetricPoint(s, train_loss=1.0 / s) for s in range(1, 100_001)]
    app = PlotApp({"job": points})
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        plot = app.query_one(LossPlot)
        drawn = [summary for summary in plot.figure.jobs["job"].summaries.values() if summary is not None]
        assert drawn and all(len(summary.xs) <= 2 * 80 for summary in drawn)
        assert all(summary.reduced for summary in drawn)


@pytest.mark.parametrize(
    ("setting", "encoding", "expected"),
    [
        ("auto", "UTF-8", "braille"),
        ("auto", "utf8", "braille"),
        ("auto", "ANSI_X3.4-1968", "ascii"),
        ("auto", "latin-1", "ascii"),
        ("dot", "ascii", "dot"),
        ("ascii", "UTF-8", "ascii"),
    ],
)
def test_pick_marker(setting: str, encoding: str, expected: str) -> None:
    assert pick_marker(setting, encoding) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("first", "last", "count", "expected"),
    [
        (1, 300, 4, [100, 200, 300]),
        (0, 10, 5, [0, 2, 4, 6, 8, 10]),
        (5, 5, 3, [5]),
        (1, 100_000, 5, [20000, 40000, 60000, 80000, 100000]),
    ],
)
def test_step_ticks(first: int, last: int, count: int, expected: list[int]) -> None:
    assert step_ticks(first, last, count) == expected


def test_locale_decides_braille_or_ascii() -> None:
    from ftui.tui.terminal import locale_is_utf8

    assert locale_is_utf8({"LANG": "en_US.UTF-8"})
    assert not locale_is_utf8({"LANG": "C"})
    assert not locale_is_utf8({"LANG": "C", "LC_CTYPE": "C.UTF-8"})  # Python's own coercion
    assert not locale_is_utf8({"LC_ALL": "C", "LANG": "en_US.UTF-8"})
    assert locale_is_utf8({"LC_ALL": "de_DE.utf8"})
    assert not locale_is_utf8({})
