"""Architecture gates that no linter checks for us: small modules, and provider kinds only in providers.

See ARCHITECTURE.md ("Rules CI enforces"). Both tests read the source, never import it, so they
take milliseconds.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

from ftui.providers.profiles import KINDS

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "ftui"
PROVIDERS = PACKAGE / "providers"
MAX_LINES = 400
"""No module grows past this; split it instead (GUIDE: small modules)."""

PROVIDER_KINDS = frozenset(KINDS) | {"azure", "compatible"}
"""Every spelling of a provider kind: the profile kinds, and the short names used in prose and options."""


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _names_kind(node: ast.expr) -> bool:
    """True for ``kind``, ``x.kind``, ``provider_kind``, ``self.kind`` and the like."""
    if isinstance(node, ast.Name):
        name = node.id
    elif isinstance(node, ast.Attribute):
        name = node.attr
    else:
        return False
    return name == "kind" or name.endswith("_kind")


def _kind_literals(node: ast.expr) -> set[str]:
    """The provider kinds a literal (a string, or a tuple, list or set of strings) names."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value} & PROVIDER_KINDS
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return set().union(*(_kind_literals(element) for element in node.elts))
    return set()


def _kind_branches(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """``(line, kinds)`` of each comparison of a kind against a provider kind literal."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Compare):
            continue
        operands = [node.left, *node.comparators]
        for left, right in pairwise(operands):
            for named, literal in ((left, right), (right, left)):
                kinds = _kind_literals(literal)
                if kinds and _names_kind(named):
                    yield node.lineno, ", ".join(sorted(kinds))


def test_no_module_over_400_lines() -> None:
    """Every module under ftui/ has at most 400 lines: split a module rather than grow it."""
    too_long = {
        str(path.relative_to(ROOT)): lines
        for path in _modules()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not too_long, f"modules over {MAX_LINES} lines (split them): {too_long}"


def test_no_provider_kind_branch_outside_providers() -> None:
    """Only ftui/providers/ may branch on a provider kind; elsewhere ask the Provider (a capability or method)."""
    branches = [
        f"{path.relative_to(ROOT)}:{line} compares a kind with {kinds}"
        for path in _modules()
        if PROVIDERS not in path.parents
        for line, kinds in sorted(_kind_branches(ast.parse(path.read_text(encoding="utf-8"), str(path))))
    ]
    assert not branches, "provider-kind branches outside ftui/providers/:\n" + "\n".join(branches)


def test_the_kind_detector_sees_the_shapes_it_must() -> None:
    """The detector above finds ``==``, ``!=``, ``in`` and reversed comparisons, and ignores other kinds."""
    source = "\n".join(
        [
            'a = job.kind == "bedrock"',
            'b = "openai" != self.kind',
            'c = provider_kind in ("azure-openai", "compatible")',
            'd = kind not in ["emulator"]',
            'e = kind == "cancel"',  # an emulator action kind, not a provider kind
            'f = name == "bedrock"',  # not a kind
        ]
    )
    assert [line for line, _ in _kind_branches(ast.parse(source))] == [1, 2, 3, 4]


_CITATION = re.compile(r"docs/([\w-]+\.md)(?:#([\w-]+))?")


def _slug(heading: str) -> str:
    """GitHub's anchor for a Markdown heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def test_every_docs_citation_resolves() -> None:
    """Docstrings and tests cite docs/<file>.md#<section>: the file and the section exist (and PROVIDERS.md is gone)."""
    sources = [*_modules(), *sorted((ROOT / "tests").rglob("*.py")), ROOT / "ARCHITECTURE.md", ROOT / "README.md"]
    broken = []
    for path in sources:
        text = path.read_text(encoding="utf-8")
        if "PROVIDERS.md" in text and path != Path(__file__):
            broken.append(f"{path.relative_to(ROOT)} cites PROVIDERS.md, which is not in the repository")
        for name, anchor in _CITATION.findall(text):
            doc = ROOT / "docs" / name
            if not doc.exists():
                broken.append(f"{path.relative_to(ROOT)} cites docs/{name}, which does not exist")
                continue
            headings = [line.lstrip("#") for line in doc.read_text(encoding="utf-8").splitlines() if line[:1] == "#"]
            slugs = {_slug(heading) for heading in headings}
            if anchor and anchor not in slugs:
                broken.append(f"{path.relative_to(ROOT)} cites docs/{name}#{anchor}, which has no such section")
    assert not broken, "\n".join(broken)
