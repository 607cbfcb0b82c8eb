"""The launch pane's CSS (``DEFAULT_CSS``; laid out for 80×24 and up)."""

from __future__ import annotations

PANE_CSS = """
LaunchPane { height: 1fr; }
LaunchPane #launch-top { height: 1; }
LaunchPane #launch-top Select { width: 1fr; margin-right: 1; }
LaunchPane #launch-profile { max-width: 18; }
LaunchPane #launch-method { max-width: 14; }
LaunchPane #launch-body { height: 1fr; }
LaunchPane #launch-form { width: 1fr; height: 1fr; padding: 0 1 0 0; }
LaunchPane #launch-preview-box {
    width: 40%; min-width: 32; max-width: 70; height: 1fr; border-left: solid $primary-muted; padding: 0 0 0 1;
}
LaunchPane .field { height: auto; }
LaunchPane .field-row { height: 1; }
LaunchPane .field-row Label { width: 25; color: $text-muted; }
LaunchPane .field-row Input { width: 1fr; }
LaunchPane .field-row Select { width: 1fr; }
LaunchPane #field-training SelectOverlay, LaunchPane #field-validation SelectOverlay { width: 56; }
LaunchPane .field-msg { height: auto; color: $text-muted; padding-left: 2; }
LaunchPane .field-msg.-error { color: $error; }
LaunchPane #launch-params { height: auto; }
LaunchPane #launch-options { height: auto; }
LaunchPane #launch-extras { height: auto; color: $text-muted; }
LaunchPane #launch-status { height: auto; max-height: 4; background: $panel; padding: 0 1; }
"""
