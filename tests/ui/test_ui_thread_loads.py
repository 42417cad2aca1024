"""Menu actions right after start-up: the window never freezes while the database opens.

Sewaka shows its window before the database is open. A clerk who at once opens the
settings, the office data, the daily report's print dialog, the export or the backup, or
picks the receipt printer, sees a busy cursor while what the dialog needs is read off the
UI thread; the window keeps painting, and the dialog opens (once, however often the clerk
pressed) as soon as the data is there. A database that cannot be opened is said in the
status bar, and no dialog opens.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot

from desktop.services.application import Application
from desktop.services.startup import read_snapshot
from desktop.services.workspace import Workspace
from desktop.ui import daily_report, operations, receipt_actions
from desktop.ui.export_dialog import BackupDialog, ExportDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.settings_dialog import SettingsDialog
from desktop.ui.setup_wizard import SetupWizard
from ui.conftest import Clock, FakeSystemPrinter, GatedOpener

Opened = Callable[[MainWindow], int]


SHOWN: list[str] = []  # the modal dialogs shown, by class name (they are cancelled at once)


class FakePrintDialog:
    """Stands in for the system print dialog (modal, and it would list real printers)."""

    def __init__(self, printer: object, parent: QWidget | None = None) -> None:
        pass

    def exec(self) -> int:
        SHOWN.append("QPrintDialog")
        return 0  # the clerk cancels


@dataclass(frozen=True)
class Case:
    """One action a clerk may press right after start-up, and how to count its dialogs."""

    name: str  # a QAction's objectName, or a QPushButton's
    opened: Opened
    unreadable: str  # what the status bar says when the data cannot be opened


def _visible(kind: type[QWidget]) -> Opened:
    return lambda window: sum(d.isVisible() for d in window.findChildren(kind))


def _shown(window: MainWindow) -> int:
    return len(SHOWN)


CASES = [
    Case(
        "editSettings",
        _shown,
        "Pengaturan belum dapat dibaca. Coba lagi sebentar lagi.",
    ),
    Case(
        "officeData",
        _shown,
        "Data kantor belum dapat dibaca. Coba lagi sebentar lagi.",
    ),
    Case(
        "printDailyReport",
        _shown,
        "Printer laporan belum dapat dibaca. Coba lagi sebentar lagi.",
    ),
    Case("exportRequests", _visible(ExportDialog), "Pengaturan kantor tidak dapat dibaca."),
    Case("backupData", _visible(BackupDialog), "Pengaturan kantor tidak dapat dibaca."),
    Case("choosePrinter", _shown, ""),
]


@pytest.fixture
def modal_dialogs(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Modal dialogs are recorded in SHOWN and cancelled at once."""

    def record(dialog: QWidget) -> int:
        SHOWN.append(type(dialog).__name__)
        return 0

    monkeypatch.setattr(SettingsDialog, "exec", record)
    monkeypatch.setattr(SetupWizard, "exec", record)
    monkeypatch.setattr(daily_report, "QPrintDialog", FakePrintDialog)
    monkeypatch.setattr(receipt_actions, "QPrintDialog", FakePrintDialog)
    SHOWN.clear()
    yield
    SHOWN.clear()


def press(window: MainWindow, name: str) -> None:
    action = window.findChild(QAction, name)
    if action is not None:
        action.trigger()
        return
    button = window.findChild(QPushButton, name)
    assert button is not None, name
    button.click()


def ticks_during(qtbot: QtBot, msecs: int) -> int:
    """How often a 20 ms timer fired while the test waited: the event loop kept running."""
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(20)
    qtbot.wait(msecs)
    timer.stop()
    return len(ticks)


def shown_window(qtbot: QtBot, app: Application) -> MainWindow:
    window = MainWindow(app)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_an_action_pressed_before_the_database_is_open_does_not_freeze_the_window(
    qtbot: QtBot,
    starting_app: Application,
    gated_opener: GatedOpener,
    modal_dialogs: None,
    case: Case,
) -> None:
    window = shown_window(qtbot, starting_app)
    # Should the UI thread wait for the workspace after all, it is let go after 3 s, so that
    # the test fails on the timings below instead of hanging.
    safety = threading.Timer(3.0, gated_opener.release.set)
    safety.start()
    try:
        started = time.monotonic()
        press(window, case.name)
        press(window, case.name)  # an impatient second press while it loads
        pressed_for = time.monotonic() - started

        ticks = ticks_during(qtbot, 300)

        assert pressed_for < 0.5
        assert ticks >= 5  # the window kept painting
        assert threading.main_thread().name not in gated_opener.threads
        assert case.opened(window) == 0  # nothing to show yet: the data is not open
        gated_opener.release.set()  # the database is open now

        qtbot.waitUntil(lambda: case.opened(window) >= 1, timeout=5000)
        operations.wait_for_all()
        qtbot.wait(100)
        assert case.opened(window) == 1  # two presses, one dialog
        assert threading.main_thread().name not in gated_opener.threads
    finally:
        safety.cancel()
        for dialog in window.findChildren(ExportDialog) + window.findChildren(BackupDialog):
            dialog.close()


@pytest.fixture
def locked_app(
    gui_workspace: Workspace, gui_clock: Clock, system_printer: FakeSystemPrinter
) -> Application:
    """The application on a database another program keeps locked: it never opens."""

    def opener(home: Path) -> Workspace:
        raise sqlite3.OperationalError("database is locked")

    snapshot = read_snapshot(gui_workspace.home, clock=gui_clock)
    return Application.starting(
        gui_workspace.home, snapshot, system_printer=system_printer, opener=opener
    )


@pytest.mark.parametrize(
    "case", [c for c in CASES if c.unreadable], ids=[c.name for c in CASES if c.unreadable]
)
def test_data_that_cannot_be_opened_is_said_in_the_status_bar_and_opens_no_dialog(
    qtbot: QtBot, locked_app: Application, modal_dialogs: None, case: Case
) -> None:
    window = shown_window(qtbot, locked_app)

    press(window, case.name)

    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == case.unreadable)
    assert case.opened(window) == 0
    press(window, case.name)  # the clerk may try again: it is not stuck "loading"
    qtbot.waitUntil(lambda: not operations.is_loading(window, case.name))
    operations.wait_for_all()


def test_a_receipt_printer_that_cannot_be_read_is_said_next_to_the_buttons(
    qtbot: QtBot, locked_app: Application, modal_dialogs: None
) -> None:
    window = shown_window(qtbot, locked_app)
    button = window.findChild(QPushButton, "choosePrinter")
    assert button is not None
    actions = button.parent()
    assert isinstance(actions, receipt_actions.ReceiptActions)

    button.click()

    qtbot.waitUntil(
        lambda: (
            actions.status.text() == "Printer struk belum dapat dibaca. Coba lagi sebentar lagi."
        )
    )
    assert SHOWN == []
    operations.wait_for_all()


def test_the_title_is_reread_off_the_ui_thread_after_a_change(
    qtbot: QtBot, starting_app: Application, gated_opener: GatedOpener
) -> None:
    window = shown_window(qtbot, starting_app)
    safety = threading.Timer(3.0, gated_opener.release.set)
    safety.start()
    try:
        started = time.monotonic()
        window.settings_changed()  # e.g. after the office data was saved elsewhere

        assert time.monotonic() - started < 0.5
        assert ticks_during(qtbot, 200) >= 4
        assert threading.main_thread().name not in gated_opener.threads
        gated_opener.release.set()
        operations.wait_for_all()
        qtbot.wait(50)
        assert window.windowTitle() == "Sewaka — Desa Sukamaju"
    finally:
        safety.cancel()
