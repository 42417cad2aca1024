"""Qt's own dialog buttons speak the office's language, not English, inside Sewaka."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from desktop import i18n

Button = QDialogButtonBox.StandardButton


@pytest.fixture
def indonesian(qapp: object) -> Iterator[None]:
    i18n.install("id")
    yield
    i18n.install("id")


def texts(widget: QMessageBox | QDialogButtonBox) -> set[str]:
    return {button.text() for button in widget.buttons()}


def test_dialog_buttons_are_indonesian_in_indonesian_mode(qtbot: QtBot, indonesian: None) -> None:
    box = QDialogButtonBox(Button.Save | Button.Cancel | Button.Close)
    qtbot.addWidget(box)

    assert texts(box) == {"Simpan", "Batal", "Tutup"}


def test_message_box_buttons_are_indonesian_in_indonesian_mode(
    qtbot: QtBot, indonesian: None
) -> None:
    ask = QMessageBox(
        QMessageBox.Icon.Question,
        "Timpa berkas?",
        "Berkas sudah ada.",
        QMessageBox.StandardButton.Yes
        | QMessageBox.StandardButton.No
        | QMessageBox.StandardButton.Cancel,
    )
    qtbot.addWidget(ask)

    assert texts(ask) == {"&Ya", "&Tidak", "Batal"}
    assert "Cancel" not in texts(ask)


def test_english_mode_keeps_qts_english_buttons(qtbot: QtBot, indonesian: None) -> None:
    i18n.install("en")
    box = QDialogButtonBox(Button.Ok | Button.Cancel)
    qtbot.addWidget(box)

    assert texts(box) == {"OK", "Cancel"}
    assert i18n.current_language() == "en"


def test_the_right_click_menu_of_a_text_field_is_indonesian(qtbot: QtBot, indonesian: None) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    field = QLineEdit(holder)

    menu = field.createStandardContextMenu()

    assert menu is not None
    words = {action.text().split("\t")[0] for action in menu.actions() if action.text()}
    assert {"&Salin", "&Tempel", "Pilih Semua"} <= words
