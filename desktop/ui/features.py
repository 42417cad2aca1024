"""Every feature of the main window, in the order they register.

Each entry is a feature module's ``register(registry)``; the main window is
built from what they register (see ``desktop.ui.registry``). Adding a feature
is one line here, removing it is deleting that line.
"""

from __future__ import annotations

from collections.abc import Callable

from desktop.ui import (
    clock_bar,
    counter_desk,
    daily_report,
    export_dialog,
    general_actions,
    help_dialog,
    receipt_check,
    setup_wizard,
    sync_feature,
)
from desktop.ui.registry import Registry

FEATURES: tuple[Callable[[Registry], None], ...] = (
    counter_desk.register,  # pages: intake (F2), request list (F3)
    clock_bar.register,  # a red bar while the PC clock is behind the newest recorded time
    sync_feature.register,  # page: sync (F4); status bar: online, waiting; Alat: enrol, sync now
    daily_report.register,  # Berkas: daily report
    export_dialog.register,  # Berkas: export, backup
    receipt_check.register,  # Alat: check a receipt
    setup_wizard.register,  # Berkas: office data
    general_actions.register,  # Berkas: settings, quit
    help_dialog.register,  # Bantuan: keyboard shortcuts (F1)
)
