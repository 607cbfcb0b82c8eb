"""Payload mutations for ``ftui emulator --chaos`` (nulls, wrong types, NaN, huge fields …).

A stub: the scenarios themselves are written elsewhere. The contract the chaos framework
(:mod:`ftui.emulator.chaos`) relies on: :data:`SCENARIOS` names each scenario with a one-line
description, and :func:`mutate` is a pure function applied to every JSON response body while
its scenario is active. ``path`` is the request's URL path as sent (``/v1/fine_tuning/jobs/ftjob-…``,
no query string).
"""

from __future__ import annotations

SCENARIOS: dict[str, str] = {}  # name -> one-line description


def mutate(scenario: str, method: str, path: str, body: object) -> object:
    """The response body ``body`` as scenario ``scenario`` serves it (unchanged here)."""
    return body
