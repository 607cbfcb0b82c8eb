"""Imported once by the fork server: load the usual encoding so every worker starts warm.

Loading ``o200k_base`` takes a second or more; workers forked from a server that
already holds it count tokens from their first line. Failures are ignored (the
worker then loads or estimates as usual).
"""

from __future__ import annotations

from ftui.datasets.tokens import load_encoding

WARM_ENCODINGS = ("o200k_base",)
"""Encodings the fork server loads before forking workers."""

for _name in WARM_ENCODINGS:
    load_encoding(_name)
