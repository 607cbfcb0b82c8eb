"""The datasets pane's CSS (kept as ``DEFAULT_CSS`` until it moves into the app's .tcss)."""

from __future__ import annotations

PANE_CSS = """
DatasetsPane { layout: horizontal; height: 1fr; }
DatasetsPane FileBrowser { width: 30%; min-width: 24; max-width: 64; height: 1fr; border: none;
                           border-right: solid $primary-muted; }
DatasetsPane FileBrowser:focus { border: none; border-right: solid $accent; }
DatasetsPane FileBrowser.-hidden { display: none; }
DatasetsPane #ds-main { width: 1fr; height: 1fr; }
DatasetsPane #ds-header { height: auto; max-height: 2; padding: 0 1; background: $panel; }
DatasetsPane #ds-progress { height: 1; display: none; }
DatasetsPane #ds-progress.-scanning { display: block; }
DatasetsPane #ds-tabs { height: 1fr; }
DatasetsPane #ds-example { height: 1fr; padding: 0 1; }
DatasetsPane #ds-find { display: none; dock: bottom; }
DatasetsPane #ds-find.-open { display: block; }
DatasetsPane #ds-summary, DatasetsPane #ds-hist, DatasetsPane #ds-cost { padding: 0 1; }
DatasetsPane #ds-hist { height: auto; margin-top: 1; }
DatasetsPane .ds-row { height: 1; margin-top: 1; }
DatasetsPane .ds-row Label { padding: 0 1; }
DatasetsPane .ds-row Input { width: 8; }
DatasetsPane .ds-row Select { width: 1fr; }
DatasetsPane .ds-row Button { margin-right: 1; }
"""
"""Layout of the pane at 80x24 and up: a file list (24 columns at 80, widening with the terminal) and the main area."""
