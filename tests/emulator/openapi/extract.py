"""Regenerate ``openai-subset.json``: the part of OpenAI's OpenAPI spec the emulator serves.

The subset keeps, verbatim, every path item below (all of its methods) and every component
they reach through ``$ref`` (the transitive closure), so ``tests/emulator/spec.py`` validates
against exactly what OpenAI publishes without needing the full 3 MB spec in the repository.

Run from the repository root (the spec is MIT-licensed; its LICENSE is kept beside the subset)::

    python tests/emulator/openapi/extract.py /path/to/openai-openapi/openapi.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
OUT = HERE / "openai-subset.json"

PATHS = (
    "/files",
    "/files/{file_id}",
    "/files/{file_id}/content",
    "/fine_tuning/jobs",
    "/fine_tuning/jobs/{fine_tuning_job_id}",
    "/fine_tuning/jobs/{fine_tuning_job_id}/cancel",
    "/fine_tuning/jobs/{fine_tuning_job_id}/pause",
    "/fine_tuning/jobs/{fine_tuning_job_id}/resume",
    "/fine_tuning/jobs/{fine_tuning_job_id}/events",
    "/fine_tuning/jobs/{fine_tuning_job_id}/checkpoints",
    "/models",
    "/models/{model}",
    "/chat/completions",
)
"""The path templates the emulator serves (or is about to): the subset's roots."""

SCHEMAS = ("ErrorResponse",)
"""Schemas kept even if no path reaches them (``spec.py`` falls back to ``ErrorResponse`` for errors)."""


def _refs(node: Any) -> set[str]:
    """Every local ``$ref`` under ``node`` (``#/components/<kind>/<name>``)."""
    found: set[str] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            ref = item.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/components/"):
                found.add(ref)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def subset(spec: dict[str, Any], paths: tuple[str, ...] = PATHS, schemas: tuple[str, ...] = SCHEMAS) -> dict[str, Any]:
    """The spec cut down to ``paths`` and the closure of the components they reference."""
    missing = [p for p in paths if p not in spec["paths"]]
    if missing:
        raise SystemExit(f"the spec lacks {missing}")
    kept_paths = {p: spec["paths"][p] for p in paths}
    components: dict[str, dict[str, Any]] = {}
    todo = sorted(_refs(kept_paths) | {f"#/components/schemas/{name}" for name in schemas})
    seen: set[str] = set()
    while todo:
        ref = todo.pop()
        if ref in seen:
            continue
        seen.add(ref)
        _, _, kind, name = ref.split("/", 3)
        value = spec["components"][kind][name]
        components.setdefault(kind, {})[name] = value
        todo.extend(sorted(_refs(value) - seen))
    info = dict(spec["info"])
    info["x-ftui-subset"] = (
        "Paths the ftui emulator serves and the components they reach, "
        "cut from OpenAI's openapi.json by tests/emulator/openapi/extract.py"
    )
    return {
        "openapi": spec["openapi"],
        "info": info,
        "paths": kept_paths,
        "components": {kind: dict(sorted(items.items())) for kind, items in sorted(components.items())},
    }


def main(argv: list[str]) -> int:
    """Write the subset of the spec at ``argv[0]`` to ``openai-subset.json``."""
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    spec = json.loads(Path(argv[0]).read_text())
    out = subset(spec)
    OUT.write_text(json.dumps(out, indent=1, sort_keys=False, ensure_ascii=False) + "\n")
    counts = {kind: len(items) for kind, items in out["components"].items()}
    print(f"{OUT.name}: {len(out['paths'])} paths, components {counts}, {OUT.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
