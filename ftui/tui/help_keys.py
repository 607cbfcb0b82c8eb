"""The help's rows, read from the bindings themselves: a key is listed only if it is bound, as it is bound.

Each section names the classes whose ``BINDINGS`` it lists (imported when the help opens, so the
first frame never waits for them). A binding's row says what :data:`NOTES` says of its action
(``"<section>/<action>"`` first, then ``"<action>"``), else the binding's own description.
Keys that are not bindings of ftui (enter on a table, tab between widgets) are the sections' ``extra`` rows.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from textual.app import App
from textual.binding import Binding

NOTES: dict[str, str] = {
    # everywhere
    "help": "this help (f1 while typing in a field)",
    "quit": "quit (ctrl+c copies instead while text is selected)",
    "diagnostics": "terminal diagnostics: TERM, colours, UTF-8, plot marker",
    "command_palette": "go to a pane, job or dataset by name; run an action",
    # lists
    "cursor_down": "down",
    "cursor_up": "up",
    "scroll_top": "first row",
    "scroll_bottom": "last row",
    "filter": "filter by regex over the columns (! in front inverts)",
    "clear_filter": "clear the filter",
    "cycle_sort": "sort by the next column",
    "reverse_sort": "reverse the sort",
    # jobs
    "cycle_status": "status filter: all, active, succeeded, failed, cancelled",
    "mark": "mark the job (C compares the marked jobs)",
    "copy_id": "copy the id (OSC 52)",
    "copy_model": "copy the fine-tuned model (OSC 52)",
    "evaluate": "evaluate the fine-tuned model against its base",
    "refresh": "refresh now",
    "cancel": "cancel (OpenAI) or stop (Bedrock) the job, after asking",
    "pause": "pause or resume the job (OpenAI)",
    "compare": "overlay the curves of the marked jobs",
    "clone": "clone the job into the launch form",
    # one job
    "app.pop_screen": "back",
    "back": "back",
    "poll": "refresh now",
    "export('csv')": "export the series as CSV (a new file)",
    "export('json')": "export the series as JSON (a new file)",
    "copy('id')": "copy the job id (OSC 52)",
    "copy('model')": "copy the fine-tuned model (OSC 52)",
    "show_tab('loss')": "loss",
    "show_tab('events')": "events",
    "show_tab('details')": "details",
    "toggle_accuracy": "token accuracy on / off",
    "toggle_smooth": "smoothing on / off",
    "toggle_log_scale": "log scale on / off",
    # datasets
    "Datasets/filter": "find examples by regex (n / N: next / previous match)",
    "move(1)": "next example",
    "move(-1)": "previous example",
    "problem(1)": "next problem",
    "problem(-1)": "previous problem",
    "match(1)": "next match",
    "match(-1)": "previous match",
    "toggle_raw": "raw JSON on / off",
    "toggle_fold": "fold long content on / off",
    "cancel_scan": "cancel a running scan",
    "tab('ds-tab-examples')": "examples",
    "tab('ds-tab-problems')": "problems",
    "tab('ds-tab-stats')": "stats",
    "toggle_browser": "show or hide the file list",
    "split": "split into training + validation files (share, seed: stats tab)",
    "drop_invalid": "drop invalid lines: the valid ones go to a new file",
    "fix_file": "a JSON array or pretty JSON as JSON Lines, or the file without its BOM (a new file)",
    "convert": "convert to another format (a new file)",
    # launch
    "launch": "check, confirm with the cost, upload and create",
    "save_preset": "save the form as a preset",
    "load_preset": "load a preset",
    "reset": "reset the values to the schema's defaults",
    "check_data": "stop or redo the data check",
    # models
    "Models/copy_id": "copy the exact id (OSC 52)",
    "Models/evaluate": "evaluate the model against its base",
    "launch_from": "continue training from it (the launch form)",
    "open_results": "saved evaluations",
    "reload": "list the models again",
    "open_job": "its job and loss curve",
    "delete": "delete the model (asks; No is the default)",
    "copy": "copy the exact id (OSC 52)",
    # evaluate
    "Evaluate/back": "back (cancels a running run first)",
    "run": "run (the cost estimate shows first)",
    "Evaluate/cancel": "cancel the run (answers so far are kept)",
    "verdict('better')": "verdict: A better than B (again: clear)",
    "verdict('same')": "verdict: A same as B (again: clear)",
    "verdict('worse')": "verdict: A worse than B (again: clear)",
    "save": "save the results with the verdicts (a new file)",
    "open_saved": "open a saved run",
    "cursor(1)": "next example",
    "cursor(-1)": "previous example",
    "scroll_example(1)": "scroll the example down",
    "scroll_example(-1)": "scroll the example up",
    # dialogs
    "answer(True)": "yes",
    "answer(False)": "no (the default)",
}
"""What an action does, for the help (``"<section title>/<action>"`` where a section means something else)."""

SKIPPED_ACTIONS = frozenset({"help_quit", "focus_previous", "focus_next"})
"""Bindings the help leaves out (Textual's own, or moving between buttons)."""


@dataclass(frozen=True)
class Section:
    """A part of the help: the classes whose bindings it lists, and keys that are not ftui bindings."""

    title: str
    """The heading."""
    owners: tuple[str, ...]
    """``"module:Class"`` of each class whose own ``BINDINGS`` are listed, in order."""
    extra: tuple[tuple[str, str], ...] = ()
    """(keys, what) rows that come from widgets' built-in keys."""
    here: tuple[str, ...] = ()
    """Screen class names or main-screen tab ids where this section is what you are looking at."""
    skip: tuple[str, ...] = ()
    """Prefixes of the owners' actions listed in another section."""


SECTIONS: tuple[Section, ...] = (
    Section(
        "Jobs",
        ("ftui.tui.panes.jobs:JobsTable", "ftui.tui.panes.jobs:JobsPane", "ftui.tui.screens.main:MainScreen"),
        extra=(("enter", "open the job: live loss, events, details"),),
        here=("jobs", "StartingScreen"),
        skip=("show_tab(",),  # the pane keys: under "Everywhere"
    ),
    Section(
        "One job",
        ("ftui.tui.screens.job:JobScreen", "ftui.tui.widgets.loss_plot:LossPlot"),
        here=("JobScreen",),
    ),
    Section("Compare", ("ftui.tui.screens.compare:CompareScreen",), here=("CompareScreen",)),
    Section(
        "Datasets",
        ("ftui.tui.panes.datasets_browser:FileBrowser", "ftui.tui.panes.datasets:DatasetsPane"),
        extra=(
            ("enter", "open the file under the cursor"),
            ("", "new files go next to the source; a hosted file's to the first dataset folder"),
        ),
        here=("datasets-tab",),
    ),
    Section(
        "Launch",
        ("ftui.tui.panes.launch:LaunchPane",),
        extra=(("tab / shift+tab", "move between fields (each validates as you type)"),),
        here=("launch-tab",),
    ),
    Section(
        "Models",
        ("ftui.tui.panes.models:ModelsTable", "ftui.tui.panes.models:ModelsPane"),
        extra=(("enter", "open the model's page"),),
        here=("models-tab",),
    ),
    Section("Model page", ("ftui.tui.screens.model_detail:ModelDetailScreen",), here=("ModelDetailScreen",)),
    Section(
        "Evaluate",
        ("ftui.tui.screens.evaluate:EvaluateScreen", "ftui.tui.screens.evaluate_view:EvalTable"),
        here=("EvaluateScreen",),
    ),
    Section("Confirm dialogs", ("ftui.tui.confirm:ConfirmScreen",), here=("ConfirmScreen",)),
)
"""The help's sections after "Everywhere" (the one for where you are comes first)."""


def _owner(spec: str) -> type | None:
    module, _, name = spec.partition(":")
    try:
        found = getattr(importlib.import_module(module), name, None)
    except ImportError:
        return None
    return found if isinstance(found, type) else None


def own_bindings(cls: type) -> Iterator[Binding]:
    """The bindings ftui's classes in ``cls``'s ancestry declare (a widget's built-in keys left out)."""
    for klass in reversed(cls.__mro__):
        if not klass.__module__.startswith("ftui."):
            continue
        yield from Binding.make_bindings(klass.__dict__.get("BINDINGS", []))


def note(section: str, binding: Binding) -> str:
    """What ``binding`` does, for the help."""
    action = binding.action
    return NOTES.get(f"{section}/{action}") or NOTES.get(action) or binding.description.lower() or action


def rows_of(
    app: App[object], section: str, bindings: Iterable[Binding], skip: Iterable[str] = ()
) -> list[tuple[str, str]]:
    """(keys, what) for ``bindings``: one row per action, its keys joined, in the order they are declared.

    ``skip``: prefixes of actions listed elsewhere.
    """
    prefixes = tuple(skip)
    keys: dict[str, list[str]] = {}
    what: dict[str, str] = {}
    for binding in bindings:
        if binding.action in SKIPPED_ACTIONS or (prefixes and binding.action.startswith(prefixes)):
            continue
        display = app.get_key_display(binding)
        if any(display in taken for action, taken in keys.items() if action != binding.action):
            continue  # the key is listed already (a screen's key over its table's): the first one acts
        shown = keys.setdefault(binding.action, [])
        if display not in shown:
            shown.append(display)
        what.setdefault(binding.action, note(section, binding))
    return [(" / ".join(shown), what[action]) for action, shown in keys.items()]


def everywhere(app: App[object], tabs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """The app's keys (as bound now), the keys of the panes ((key, label) each), and moving between widgets."""
    rows = rows_of(
        app, "Everywhere", (binding for bindings in app._bindings.key_to_bindings.values() for binding in bindings)
    )
    tabs = list(tabs)
    if tabs:
        rows.append((" / ".join(key for key, _ in tabs), " / ".join(label.lower() for _, label in tabs) + " pane"))
    rows.append(("tab / shift+tab", "next / previous widget"))
    rows.append(("esc", "back, close, clear a filter (never destroys anything)"))
    return rows


def section_rows(app: App[object], section: Section) -> list[tuple[str, str]]:
    """The rows of ``section``: its owners' bindings, then its extra rows."""
    bindings: list[Binding] = []
    for spec in section.owners:
        cls = _owner(spec)
        if cls is not None:
            bindings.extend(own_bindings(cls))
    return rows_of(app, section.title, bindings, section.skip) + list(section.extra)
