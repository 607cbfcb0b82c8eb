"""The dataset engine imports neither Textual nor the provider layer."""

from __future__ import annotations

import subprocess
import sys

from tests.datasets.conftest import REPO


def test_engine_imports_no_textual_and_no_providers() -> None:
    code = (
        "import sys, pkgutil, importlib, ftui.datasets as d\n"
        "for m in pkgutil.iter_modules(d.__path__):\n"
        "    importlib.import_module('ftui.datasets.' + m.name)\n"
        "bad = [n for n in sys.modules if n.split('.')[0] in ('textual', 'rich') "
        "or n.startswith('ftui.providers') or n.startswith('ftui.tui')]\n"
        "print(bad)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60, check=True
    ).stdout
    assert out.strip() == "[]"
