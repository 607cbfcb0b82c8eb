"""The commands stay plain: no Textual, and plotext only for ``watch``."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize("module", ["ftui.commands.jobs", "ftui.commands.metrics", "ftui.commands.watch"])
def test_commands_do_not_load_textual(module: str) -> None:
    code = f"import sys, {module}; print(' '.join(sorted(m.split('.')[0] for m in sys.modules)))"
    loaded = set(
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    )
    assert not loaded & {"textual", "rich", "textual_plotext", "boto3", "plotext"}
