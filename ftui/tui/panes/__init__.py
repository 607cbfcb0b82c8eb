"""Panes: widgets that render state the screen owns."""
