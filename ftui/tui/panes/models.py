"""The Models pane (key 4): every fine-tuned model and checkpoint of every profile, filtered and sorted in place."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.reactive import reactive
from textual.widgets import DataTable, Input, Static, TabbedContent, TabPane

from ftui.providers.errors import ProviderError
from ftui.providers.records import FineTunedModel
from ftui.tui.clipboard import copy
from ftui.tui.panes import models_view as view
from ftui.tui.panes.jobs_view import Filter
from ftui.tui.panes.models_data import (
    ModelsListed,
    ModelsListFailed,
    ModelWanted,
    read_only,
    refuse_if_read_only,
    session_of,
)
from ftui.tui.polling import Notices, read, show_notices, take_notices
from ftui.tui.static_updates import set_line, set_text

_CHANGING = {"launch_from"}


class ModelsTable(DataTable[Text | str]):
    """The models table, with vim-style movement."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "scroll_top", "Top", show=False),
        Binding("G", "scroll_bottom", "Bottom", show=False),
    ]


class ModelsPane(Vertical):
    """Owns the models of every profile (loaded by thread workers, one per profile) and renders them."""

    DEFAULT_CSS = """
    ModelsPane { height: 1fr; }
    ModelsPane #models-toolbar { height: 1; padding: 0 1; }
    ModelsPane #models-filter { width: 1fr; min-width: 20; }
    ModelsPane #models-view { width: 30; padding-left: 2; text-align: right; }
    ModelsPane #models-table { height: 1fr; }
    ModelsPane #models-notes { height: auto; max-height: 6; padding: 0 1; display: none; }
    ModelsPane #model-strip { height: 4; padding: 0 1; border-top: solid $primary 40%; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "filter", "Filter"),
        Binding("o", "cycle_sort", "Sort"),
        Binding("O", "reverse_sort", "Reverse", show=False),
        Binding("y", "copy_id", "Copy id"),
        Binding("v", "evaluate", "Evaluate"),
        Binding("L", "launch_from", "Launch from", show=False),
        Binding("E", "open_results", "Eval results", show=False),
        Binding("r", "reload", "Reload", show=False),
        Binding("escape", "clear_filter", "Clear", show=False),
    ]

    text_filter: reactive[Filter] = reactive(Filter, init=False)
    """The regex filter (``!`` inverts)."""
    sort_key: reactive[str] = reactive("created", init=False)
    """The column rows are sorted by."""
    sort_reverse: reactive[bool] = reactive(True, init=False)
    """Whether the sort is descending (newest first by default)."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.models: dict[str, list[FineTunedModel]] = {}
        """Per profile: its models and checkpoints, as last listed."""
        self.failures: dict[str, ProviderError] = {}
        """Per profile: why listing failed, until it succeeds."""
        self.unsupported: dict[str, str] = {}
        """Per profile whose provider cannot list models: what to tell the user."""
        self.listing: set[str] = set()
        """Profiles being listed now."""
        self._rows: dict[str, FineTunedModel] = {}
        self._columns: list[view.Column] = []
        self._width = 0
        self._told: set[str] = set()
        self._asked = False

    def compose(self) -> ComposeResult:
        """Filter line, table, notes (why a profile shows nothing), detail strip."""
        with Horizontal(id="models-toolbar"):
            yield Input(placeholder="/ to filter (regex, ! inverts)", id="models-filter", compact=True)
            yield Static("", id="models-view")
        yield ModelsTable(id="models-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="models-notes")
        yield Static("", id="model-strip")

    @property
    def table(self) -> ModelsTable:
        """The table widget."""
        return self.query_one(ModelsTable)

    @property
    def selected(self) -> FineTunedModel | None:
        """The model under the cursor."""
        table = self.table
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self._rows.get(key or "")

    @property
    def shown(self) -> list[FineTunedModel]:
        """The models as shown, in order."""
        return list(self._rows.values())

    def on_mount(self) -> None:
        """Draw the (empty) table; the models are listed when the pane is first shown (no requests before)."""
        self._width = self.app.size.width
        self._render_rows()

    def on_show(self) -> None:
        """The first time the pane shows (its tab chosen), list every profile's models."""
        tabs = next((node for node in self.ancestors if isinstance(node, TabbedContent)), None)
        tab = next((node for node in self.ancestors if isinstance(node, TabPane)), None)
        if tabs is not None and tab is not None and tabs.active != tab.id:
            return  # mounted inside a hidden tab: no requests until the user looks
        if not self._asked:
            self._asked = True
            self.reload()

    def reload(self) -> None:
        """List every profile's models again (one thread worker per profile)."""
        for profile in session_of(self).profiles:
            if profile.name not in self.listing:
                self.listing.add(profile.name)
                self.list_models(profile.name)
        self._render_rows()

    def forget(self, model: FineTunedModel) -> None:
        """Drop a deleted model at once (the next listing confirms it)."""
        kept = [m for m in self.models.get(model.provider, []) if m.id != model.id]
        self.models[model.provider] = kept
        self._render_rows()

    @work(thread=True, exit_on_error=False, group="models")
    def list_models(self, profile: str) -> None:
        """List one profile's fine-tuned models and checkpoints; post the outcome."""
        session = session_of(self)
        try:

            def listing() -> tuple[list[FineTunedModel], str | None]:
                provider = session.provider(profile)  # built inside read(): a profile that cannot be built shows
                if not getattr(provider, "supports_models", False):
                    return [], (
                        f"{provider.kind} profiles cannot list fine-tuned models in ftui yet; "
                        "use the provider's console."
                    )
                return list(provider.list_models()), None

            models, unsupported = read(listing, f"Listing the models of {profile}", first=True)
        except ProviderError as error:
            self.post_message(ModelsListFailed(profile, error))
        else:
            self.post_message(ModelsListed(profile, models, unsupported))
        finally:
            self.post_message(Notices(profile, take_notices(session.providers.get(profile)), "models"))

    @on(ModelsListed)
    def _listed(self, message: ModelsListed) -> None:
        message.stop()
        self.listing.discard(message.profile)
        self.failures.pop(message.profile, None)
        if message.unsupported:
            self.unsupported[message.profile] = message.unsupported
        self.models[message.profile] = list(message.models)
        self._render_rows()

    @on(ModelsListFailed)
    def _failed(self, message: ModelsListFailed) -> None:
        message.stop()
        self.listing.discard(message.profile)
        self.failures[message.profile] = message.error
        self.notify(
            message.error.message, title=f"{message.profile}: {message.error.title}", severity="error", timeout=8
        )
        self._render_rows()

    @on(Notices)
    def _notices(self, message: Notices) -> None:
        if message.source == "models":
            message.stop()
            show_notices(self, self._told, message)

    # -- rendering -----------------------------------------------------------------
    def on_resize(self, event: Resize) -> None:
        """Choose the columns again when the width crosses :data:`models_view.WIDE`."""
        if event.size.width and event.size.width != self._width:
            self._width = event.size.width
            self._render_rows()

    def _render_rows(self) -> None:
        table = self.table
        current = self.selected
        multi = len(session_of(self).profiles) > 1
        columns = view.columns_for(self._width or 80, multi)
        if columns != self._columns:
            self._columns = columns
            table.clear(columns=True)
            rest = view.id_width(
                self._width or 80, columns
            )  # widths fixed here: never sized from a half-laid-out table
            for column in columns:
                table.add_column(column.label, key=column.key, width=column.width or rest)
        everything = [m for models in self.models.values() for m in models]
        rows = view.visible(
            everything,
            columns=columns,
            width=self._width or 80,
            text_filter=self.text_filter,
            sort_key=self.sort_key,
            reverse=self.sort_reverse,
        )
        table.clear()
        for model, row in rows:
            table.add_row(*(self._styled(model, c.key, row[c.key]) for c in columns), key=view.row_key(model))
        self._rows = {view.row_key(model): model for model, _ in rows}
        if current is not None and view.row_key(current) in self._rows:
            table.move_cursor(row=table.get_row_index(view.row_key(current)), animate=False)
        self._render_view_line(len(rows), len(everything))
        self._render_notes(bool(everything))
        self._render_strip()

    @staticmethod
    def _styled(model: FineTunedModel, column: str, text: str) -> Text | str:
        if column == "id" and model.is_checkpoint:
            return Text(text, style="dim")
        if column in ("train", "valid", "loss", "step"):
            return Text(text, justify="right")
        return text

    def _render_view_line(self, count: int, total: int) -> None:
        text = Text()
        flt = self.text_filter
        if flt.text and not flt.valid:
            text.append("not a regex: matched literally  ", style="red")
        arrow = "↓" if self.sort_reverse else "↑"
        text.append(f"sort: {view.SORT_LABELS.get(self.sort_key, self.sort_key)} {arrow}  ", style="dim")
        text.append(f"{count}/{total} models", style="dim")
        set_line(self.query_one("#models-view", Static), text)

    def _render_notes(self, any_models: bool) -> None:
        loaded = [
            p.name
            for p in session_of(self).profiles
            if p.name in self.models and p.name not in self.failures and p.name not in self.unsupported
        ]
        asked = self.listing | set(self.models) | set(self.failures) | set(self.unsupported)
        lines = view.empty_text(
            not_asked=[p.name for p in session_of(self).profiles if p.name not in asked],
            loading=self.listing,
            failures={p: e.message for p, e in self.failures.items()},
            unsupported=self.unsupported,
            loaded=loaded,
            any_models=any_models,
        )
        text = Text()
        for line in lines:
            if text:
                text.append("\n")
            failed = "could not" in line
            text.append(line, style="bold red" if failed else "yellow" if "cannot" in line else "")
        notes = self.query_one("#models-notes", Static)
        notes.display = bool(text)
        set_text(notes, text)

    def _render_strip(self) -> None:
        strip = self.query_one("#model-strip", Static)
        model = self.selected
        if model is None:
            set_line(strip, "No model matches the filter." if self._rows == {} and self.text_filter.text else "")
            return
        room = max(20, (self._width or 80) - 2)
        text = Text()
        text.append(view.middle(model.id, room), style="bold")
        facts = f"{model.provider} · base {model.base_model or '—'} · job {model.job_id or '—'}"
        text.append("\n" + view.middle(facts, room, head_share=0.5), style="dim")
        keys = "Enter opens · v evaluate · y copy id"
        if model.step is not None:
            keys = f"checkpoint at step {model.step} · {keys}"
        text.append("\n" + view.middle(keys, room, head_share=0.5), style="dim")
        set_line(strip, text)

    # -- reactions -----------------------------------------------------------------
    def watch_text_filter(self) -> None:
        """A new filter: render again."""
        self._render_rows()

    def watch_sort_key(self) -> None:
        """A new sort column: render again."""
        self._render_rows()

    def watch_sort_reverse(self) -> None:
        """The other direction: render again."""
        self._render_rows()

    def on_data_table_row_highlighted(self) -> None:
        """Update the strip under the table."""
        self._render_strip()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter opens the model."""
        event.stop()
        model = self._rows.get(event.row_key.value or "")
        if model is not None:
            self.open(model)

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        """Clicking a header sorts by it (again: reverses)."""
        event.stop()
        key = event.column_key.value or "created"
        if key == self.sort_key:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_key = key

    @on(Input.Changed, "#models-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.text_filter = Filter(event.value)

    @on(Input.Submitted, "#models-filter")
    def _filter_kept(self) -> None:
        self.screen.set_focus(self.table)

    # -- actions -----------------------------------------------------------------------
    def open(self, model: FineTunedModel) -> None:
        """Ask for the model's page (the screen opens it, and drops the model here if it is deleted there)."""
        self.post_message(ModelWanted("open", model))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """In read-only mode launching from a model is gone from the keys."""
        return not (action in _CHANGING and read_only(self))

    def action_filter(self) -> None:
        """Move to the filter line."""
        self.screen.set_focus(self.query_one("#models-filter", Input))

    def action_clear_filter(self) -> None:
        """Clear the filter."""
        self.query_one("#models-filter", Input).value = ""
        self.text_filter = Filter("")
        self.screen.set_focus(self.table)

    def action_cycle_sort(self) -> None:
        """Sort by the next column."""
        keys = [c.key for c in self._columns] or ["created"]
        self.sort_key = keys[(keys.index(self.sort_key) + 1) % len(keys)] if self.sort_key in keys else "created"

    def action_reverse_sort(self) -> None:
        """Reverse the sort."""
        self.sort_reverse = not self.sort_reverse

    def action_reload(self) -> None:
        """List the models again."""
        self.reload()
        self.notify("Listing models…", timeout=1.5)

    def action_copy_id(self) -> None:
        """Copy the selected model's exact id (shown in the notification too)."""
        if self.selected is not None:
            copy(self.app, self.selected.id, "model id")

    def action_evaluate(self) -> None:
        """Evaluate the selected model against its base."""
        if self.selected is not None:
            self.post_message(ModelWanted("evaluate", self.selected))

    def action_launch_from(self) -> None:
        """Open the Launch form with the selected model as the base model."""
        if self.selected is not None and not refuse_if_read_only(self, "launching"):
            self.post_message(ModelWanted("launch", self.selected))

    def action_open_results(self) -> None:
        """Open a saved evaluation."""
        self.post_message(ModelWanted("results"))
