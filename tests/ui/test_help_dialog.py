"""F1 lists every keyboard shortcut the clerk can use, read from the window as it is."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.services.application import Application
from desktop.ui import help_dialog
from desktop.ui.features import FEATURES
from desktop.ui.help_dialog import ShortcutHelpDialog
from desktop.ui.main_window import MainWindow


def open_window(qtbot: QtBot, app: Application) -> MainWindow:
    features = FEATURES if help_dialog.register in FEATURES else (*FEATURES, help_dialog.register)
    window = MainWindow(app, features)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    return window


def press_f1(qtbot: QtBot, window: MainWindow) -> ShortcutHelpDialog:
    focus = QApplication.focusWidget() or window
    qtbot.keyClick(focus, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: window.findChild(ShortcutHelpDialog, "shortcutHelp") is not None)
    dialog = window.findChild(ShortcutHelpDialog, "shortcutHelp")
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_f1_lists_the_shortcuts_of_the_window_and_the_intake_form(
    qtbot: QtBot, gui_app: Application
) -> None:
    window = open_window(qtbot, gui_app)

    dialog = press_f1(qtbot, window)

    keys = dialog.listed_keys()
    for key in ("F1", "F2", "F3", "F5", "Ctrl+N", "Ctrl+P", "Tab", "Enter", "Shift+Enter"):
        assert key in keys, key
    rows = {
        (dialog.table.item(r, 0).text(), dialog.table.item(r, 1).text())  # type: ignore[union-attr]
        for r in range(dialog.table.rowCount())
    }
    assert ("F1", "Pintasan keyboard") in rows
    assert all(what for _key, what in rows)  # every key says what it does


def test_a_shortcut_added_later_is_listed_when_f1_opens_again(
    qtbot: QtBot, gui_app: Application
) -> None:
    window = open_window(qtbot, gui_app)
    press_f1(qtbot, window).close()
    extra = QShortcut(QKeySequence("Ctrl+Shift+K"), window)
    extra.setWhatsThis("Panggil satgas")

    dialog = press_f1(qtbot, window)

    assert "Ctrl+Shift+K" in dialog.listed_keys()
