"""The ``ftui jobs``, ``ftui metrics`` and ``ftui watch`` commands: the provider layer for scripts and plain terminals.

Each command module exposes ``configure_parser(parser)`` and ``run(args) -> int``
(see ``ftui.cli``). None of them imports Textual.
"""
