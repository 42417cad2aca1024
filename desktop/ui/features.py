"""Every feature of the main window, in the order they register.

Each entry is a feature module's ``register(registry)``; the main window is
built from what they register (see ``desktop.ui.registry``). Adding a feature
is one line here, removing it is deleting that line.
"""

from __future__ import annotations

from collections.abc import Callable

from desktop.ui import counter_desk, daily_report, general_actions, receipt_check
from desktop.ui.registry import Registry

FEATURES: tuple[Callable[[Registry], None], ...] = (
    counter_desk.register,
    daily_report.register,
    receipt_check.register,
    general_actions.register,
)
