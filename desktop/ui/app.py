"""Starting the GUI: Qt application, language, database checks, main window."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import i18n, messages
from desktop.services.printing import PrintService
from desktop.services.requests import RequestService
from desktop.services.settings import SettingsService
from desktop.services.workspace import DatabaseProblem, open_workspace
from desktop.ui.main_window import MainWindow

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
        settings = SettingsService(workspace)
        i18n.install(settings.load().language)
        window = MainWindow(RequestService(workspace), settings, PrintService(workspace))
        window.show()
        window.show_intake()
        if smoke_test:
            _exit_when_idle(app, window)
        return app.exec()
    finally:
        workspace.close()


def _exit_when_idle(app: QApplication, window: MainWindow) -> None:
    """Exit 0 once the window is visible and the event loop has run dry; 1 on timeout."""

    def check() -> None:
        if window.isVisible() and window.intake.isVisible():
            print("smoke test: main window shown", flush=True)
            app.exit(0)
        else:
            QTimer.singleShot(50, check)

    QTimer.singleShot(0, check)  # a zero timer fires when the event queue is empty
    QTimer.singleShot(SMOKE_TEST_TIMEOUT_MS, lambda: app.exit(1))
