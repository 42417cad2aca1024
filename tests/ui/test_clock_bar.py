"""The red bar that says the PC clock is behind, and confirming the clock from it."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QMessageBox
from pytestqt.qtbot import QtBot
from support import FakeClock as Clock
from support import fetch_all, valid_form

from desktop.services.application import Application
from desktop.services.requests import RequestService
from desktop.services.workspace import Workspace
from desktop.ui import operations
from desktop.ui.main_window import MainWindow


def clock_bar(window: MainWindow) -> QFrame:
    bar = window.findChild(QFrame, "clockBar")
    assert bar is not None
    return bar


def bar_text(window: MainWindow) -> str:
    label = window.findChild(QLabel, "clockBarText")
    assert label is not None
    return label.text()


def question(qtbot: QtBot) -> QMessageBox:
    qtbot.waitUntil(
        lambda: (
            (w := QApplication.activeModalWidget()) is not None
            and w.objectName() == "clockConfirmDialog"
        ),
        timeout=5000,
    )
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, QMessageBox)
    with qtbot.waitActive(dialog):  # the keyboard goes to the question, as on a real screen
        dialog.activateWindow()
    return dialog


def press_alt_u(qtbot: QtBot, window: MainWindow) -> None:
    """Alt+U in the window, as the clerk presses it (the bar's button mnemonic)."""
    with qtbot.waitActive(window):
        window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)


def test_no_bar_while_the_clock_is_right(
    qtbot: QtBot, main_window: MainWindow, requests_service: RequestService
) -> None:
    requests_service.register(valid_form())
    main_window.show()
    qtbot.wait(50)  # the first check runs once the window is up
    operations.wait_for_all()
    qtbot.wait(50)
    assert not clock_bar(main_window).isVisible()


def test_a_clock_set_back_shows_a_red_bar_on_every_page_until_confirmed(
    qtbot: QtBot,
    gui_app: Application,
    gui_clock: Clock,
    gui_workspace: Workspace,
    requests_service: RequestService,
) -> None:
    requests_service.register(valid_form())  # a day's work recorded at 09:00
    gui_clock.now -= dt.timedelta(days=1)  # the PC clock set back a day

    window = MainWindow(gui_app)
    qtbot.addWidget(window)
    window.show()
    bar = clock_bar(window)
    qtbot.waitUntil(bar.isVisible, timeout=5000)

    assert "tertinggal 1 hari" in bar_text(window)
    assert "23-11-2026" in bar_text(window)  # numbers stay in the newest office day
    for key in ("intake", "requests"):
        window.show_page(key)
        assert bar.isVisible()  # above the tabs: seen on every page

    # Alt+U presses "Jam PC sudah benar"; Enter in the question keeps the default, No.
    press_alt_u(qtbot, window)
    qtbot.keyClick(question(qtbot), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=5000)
    qtbot.wait(100)
    assert bar.isVisible()

    press_alt_u(qtbot, window)
    dialog = question(qtbot)
    assert "22-11-2026" in dialog.text()  # the PC clock's reading, for the clerk to judge
    yes = dialog.button(QMessageBox.StandardButton.Yes)
    for _ in range(3):  # Tab from the default (No) to Yes, then Space presses it
        if dialog.focusWidget() is yes:
            break
        qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is yes
    qtbot.keyClick(yes, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not bar.isVisible(), timeout=5000)

    actions = [row["action"] for row in fetch_all(gui_workspace, "SELECT action FROM audit_log")]
    assert actions.count("clock.confirmed") == 1
    assert requests_service.today() == dt.date(2026, 11, 22)
