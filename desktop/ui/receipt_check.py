"""The receipt check feature: Alat > Periksa struk (scan, paste, or open a photo/PDF)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.ui.registry import ActionSpec, Menu, Registry, Shell


def register(registry: Registry) -> None:
    registry.add_action(
        ActionSpec(
            "verifyReceipt",
            Menu.TOOLS,
            QCoreApplication.translate("MainWindow", "Periksa &struk…"),
            open_verify_dialog,
            None,
            10,
        )
    )


def open_verify_dialog(shell: Shell) -> None:
    from desktop.ui.verify_dialog import VerifyReceiptDialog

    dialog = VerifyReceiptDialog(shell.app.receipts, shell.widget())
    dialog.show()
