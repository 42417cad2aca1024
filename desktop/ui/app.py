"""Starting the GUI: Qt application, language, database checks, main window.

Only what the first window needs is imported here; printing, QR decoding and
migrations load when they are first used (``tests/test_startup_imports.py``).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import i18n, messages
from desktop.services.application import Application
from desktop.services.workspace import DatabaseProblem, open_workspace
from desktop.ui.main_window import MainWindow
from desktop.ui.print_support import print_pdf_qt

log = logging.getLogger(__name__)
SMOKE_TEST_TIMEOUT_MS = 30_000
EXIT_DATABASE = 3


def run_gui(home: Path, smoke_test: bool = False) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("Sewaka")
    app.setOrganizationName("Sewaka")
    try:
        workspace = open_workspace(home)
    except DatabaseProblem as problem:
        log.error("database refused: %s", problem.kind)
        text = messages.database_problem(problem)
        print(text, file=sys.stderr)
        if not smoke_test:
            QMessageBox.critical(None, "Sewaka", text)
        return EXIT_DATABASE
    try:
        application = Application(workspace, system_printer=print_pdf_qt)
        i18n.install(application.settings.load().language)
        window = MainWindow(application)
        window.show()
        window.tabs.currentWidget().setFocus()
        if smoke_test:
            _exit_when_idle(app, window)
        return app.exec()
    finally:
        workspace.close()


def _exit_when_idle(app: QApplication, window: MainWindow) -> None:
    """Exit 0 once the window is visible and the event loop has run dry; 1 on timeout."""

    def check() -> None:
        page = window.tabs.currentWidget()
        if window.isVisible() and page is not None and page.isVisible():
            print("smoke test: main window shown", flush=True)
            app.exit(0)
        else:
            QTimer.singleShot(50, check)

    QTimer.singleShot(0, check)  # a zero timer fires when the event queue is empty
    QTimer.singleShot(SMOKE_TEST_TIMEOUT_MS, lambda: app.exit(1))
