"""Screens: they own state and start workers; panes render what they are given."""
