"""The Textual user interface: app, screens, panes and the one stylesheet."""
