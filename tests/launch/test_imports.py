"""The launch core and CLI never import Textual."""

from __future__ import annotations

import subprocess
import sys


def test_launch_core_and_cli_do_not_import_textual() -> None:
    code = "import sys, ftui.launch, ftui.launch.store, ftui.commands.launch; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
