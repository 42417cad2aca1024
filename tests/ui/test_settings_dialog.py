"""The settings dialog: office details and time zone, checked like the first-run setup."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QWidget
from pytestqt.qtbot import QtBot

from desktop.services.settings import Settings, SettingsService
from desktop.services.workspace import open_workspace
from desktop.ui.settings_dialog import SettingsDialog


def open_dialog(qtbot: QtBot, settings: Settings) -> SettingsDialog:
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def retype(qtbot: QtBot, dialog: SettingsDialog, name: str, text: str) -> None:
    widget = dialog.findChild(QWidget, name)
    assert widget is not None, name
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(widget, Qt.Key.Key_Delete)
    qtbot.keyClicks(widget, text)


def save(qtbot: QtBot, dialog: SettingsDialog) -> None:
    """Enter, as a clerk ends a form: Save is the dialog's default button."""
    focused = QApplication.focusWidget()
    qtbot.keyClick(focused or dialog, Qt.Key.Key_Return)


def problems(dialog: SettingsDialog) -> str:
    label = dialog.findChild(QLabel, "settingsProblems")
    assert label is not None
    return label.text() if label.isVisible() else ""


def test_the_time_zone_is_chosen_with_the_keyboard_and_stored(
    qtbot: QtBot, settings_service: SettingsService
) -> None:
    dialog = open_dialog(qtbot, settings_service.load())
    dialog.timezone.setFocus()
    qtbot.keyClick(dialog.timezone, Qt.Key.Key_Down)  # WIB -> WITA (Bali)

    save(qtbot, dialog)

    assert dialog.result() == QDialog.DialogCode.Accepted
    settings_service.save(dialog.settings())
    assert settings_service.require_configured().timezone_label == "WITA"


def test_a_bad_phone_keeps_the_dialog_open_with_the_reason_and_the_text(
    qtbot: QtBot, settings_service: SettingsService
) -> None:
    dialog = open_dialog(qtbot, settings_service.load())
    retype(qtbot, dialog, "officePhone", "kantor 022")
    retype(qtbot, dialog, "headName", "Hj. Euis Rohmawati")

    save(qtbot, dialog)

    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert "Telepon kantor hanya berisi angka" in problems(dialog)
    assert dialog.focusWidget() is dialog.office_phone  # straight to the problem
    assert dialog.head_name.text() == "Hj. Euis Rohmawati"


def test_a_configured_office_keeps_its_required_details(
    qtbot: QtBot, settings_service: SettingsService
) -> None:
    dialog = open_dialog(qtbot, settings_service.load())
    retype(qtbot, dialog, "regency", "")

    save(qtbot, dialog)

    assert dialog.isVisible()
    assert "Kabupaten/kota wajib diisi." in problems(dialog)


def test_filling_every_detail_configures_a_new_office(
    qtbot: QtBot, tmp_path: Path, gui_clock: object
) -> None:
    workspace = open_workspace(tmp_path / "baru", clock=gui_clock)  # type: ignore[arg-type]
    try:
        service = SettingsService(workspace)
        dialog = open_dialog(qtbot, service.load())
        for name, text in (
            ("officeName", "Sukamaju"),
            ("district", "Cileunyi"),
            ("regency", "Kabupaten Bandung"),
            ("officeAddress", "Jl. Raya Sukamaju No. 12"),
            ("headName", "H. Ahmad Suryana"),
            ("headTitle", "Kepala Desa"),
        ):
            retype(qtbot, dialog, name, text)

        save(qtbot, dialog)

        assert dialog.result() == QDialog.DialogCode.Accepted
        service.save(dialog.settings())
        assert service.require_configured().place == "Desa Sukamaju"
    finally:
        workspace.close()


def test_a_language_change_says_it_applies_after_a_restart(
    qtbot: QtBot, settings_service: SettingsService
) -> None:
    dialog = open_dialog(qtbot, dataclasses.replace(settings_service.load(), language="id"))
    note = dialog.findChild(QLabel, "languageNote")
    assert note is not None and note.isVisible()
    assert note.text() == "Perubahan bahasa berlaku setelah Sewaka dibuka ulang."
    assert not note.font().bold()

    dialog.language.setFocus()
    qtbot.keyClick(dialog.language, Qt.Key.Key_Down)  # English

    assert dialog.settings().language == "en"
    assert note.isVisible() and note.font().bold()
