"""Actions every office has: the settings dialog and quitting (Berkas menu)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog

from desktop.services.printing_types import DocumentKind, PrinterSetup
from desktop.services.settings_types import Settings
from desktop.ui import operations
from desktop.ui.registry import ActionSpec, Menu, Registry, Shell


def register(registry: Registry) -> None:
    registry.add_action(
        ActionSpec(
            "editSettings",
            Menu.FILE,
            QCoreApplication.translate("MainWindow", "&Pengaturan…"),
            edit_settings,
            None,
            800,
        )
    )
    registry.add_action(
        ActionSpec(
            "quit",
            Menu.FILE,
            QCoreApplication.translate("MainWindow", "&Keluar"),
            quit_window,
            "Ctrl+Q",
            900,
        )
    )


def edit_settings(shell: Shell) -> None:
    """Read the settings and the receipt printer off the UI thread, then open the dialog."""
    app = shell.app

    def load() -> tuple[Settings, PrinterSetup]:
        return app.settings.load(), app.printing.setup(DocumentKind.RECEIPT)

    def unreadable(error: Exception) -> None:
        shell.show_message(
            QCoreApplication.translate(
                "MainWindow", "Pengaturan belum dapat dibaca. Coba lagi sebentar lagi."
            ),
            10000,
        )

    operations.load_then(
        shell.widget(), "editSettings", load, lambda loaded: _edit(shell, *loaded), unreadable
    )


def _edit(shell: Shell, current: Settings, printer_setup: PrinterSetup) -> None:
    from desktop.ui.settings_dialog import SettingsDialog

    app = shell.app
    dialog = SettingsDialog(current, printer_setup, shell.widget())
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    settings, printer = dialog.settings(), dialog.receipt_printer()

    def save() -> None:
        app.settings.save(settings)
        app.printing.save_setup(DocumentKind.RECEIPT, printer)

    def failed(error: Exception) -> None:
        shell.show_message(
            QCoreApplication.translate("MainWindow", "Pengaturan tidak dapat disimpan."), 10000
        )

    operations.run(shell.widget(), save, lambda _none: shell.settings_changed(), failed)


def quit_window(shell: Shell) -> None:
    shell.widget().close()
