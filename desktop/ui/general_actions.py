"""Actions every office has: the settings dialog and quitting (Berkas menu)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog

from desktop.services.printing_types import DocumentKind
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
    from desktop.ui.settings_dialog import SettingsDialog

    app = shell.app
    dialog = SettingsDialog(
        app.settings.load(), app.printing.setup(DocumentKind.RECEIPT), shell.widget()
    )
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
