"""An in-process, stdlib-only emulator of OpenAI's fine-tuning API.

Example::

    from ftui.emulator import Emulator
    with Emulator(speed=200) as emu:
        client = OpenAI(api_key="sk-test", base_url=emu.base_url)
"""

from __future__ import annotations

from ftui.emulator.clock import ManualClock, SystemClock
from ftui.emulator.emulator import Emulator

__all__ = ["Emulator", "ManualClock", "SystemClock"]
