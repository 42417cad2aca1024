"""Starting the GUI: Qt application, language, first window, then the database in full.

The first window is built from a start-up snapshot read with sqlite3
(``desktop.services.startup``): SQLAlchemy is not imported before the window is
shown. Right after, the workspace opens on a background thread
(:meth:`Application.preload`); service calls from the UI run on pool threads
(``desktop.ui.operations``) and simply wait for it there, so the clerk can type
at once. A new data folder or a due migration opens the workspace first (rare).

A folder whose office is not configured yet shows the first-run setup wizard
before the main window (no nested event loop: the window is shown when the
wizard finishes, either way).

Printing, QR decoding, migrations and SQLAlchemy load when first used
(``tests/test_startup_imports.py``).
"""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop import i18n, messages
from desktop.domain.clock import Clock, business_day, system_clock
from desktop.services.application import Application, Opener
from desktop.services.printing_types import SystemPrinter
from desktop.services.startup import DatabaseProblem, Snapshot, read_snapshot
from desktop.ui import operations
from desktop.ui.collector import UiThreadCollector
from desktop.ui.print_support import print_pdf_qt

if TYPE_CHECKING:
    from desktop.services.settings_types import Settings
    from desktop.services.workspace import Workspace
    from desktop.ui.main_window import MainWindow

log = logging.getLogger(__name__)
SMOKE_TEST_TIMEOUT_MS = 30_000
EXIT_DATABASE = 3
RETRY_OPEN_MS = 5_000  # after the workspace failed to open in the background
WINDOW_SHOWN = "smoke test: main window shown"
WIZARD_SHOWN = "smoke test: setup wizard shown"
STDERR_MARKER = "sewaka: first window shown"  # tests split `-X importtime` output here


def run_gui(home: Path, smoke_test: bool = False) -> int:
    started = time.perf_counter()
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("Sewaka")
    app.setOrganizationName("Sewaka")
    collector = UiThreadCollector(app)  # collections on this thread only
    try:
        application, snapshot = prepare(home, system_printer=print_pdf_qt)
    except DatabaseProblem as problem:
        log.error("database refused: %s", problem.kind)
        text = messages.database_problem(problem)
        print(text, file=sys.stderr)
        if not smoke_test:
            QMessageBox.critical(None, "Sewaka", text)
        return EXIT_DATABASE
    i18n.install(snapshot.settings.language)
    try:
        start = Startup(app, application, snapshot, smoke_test=smoke_test, started=started)
        start.begin()
        return app.exec()
    finally:
        operations.wait_for_all()  # nothing being saved is dropped
        application.close()
        collector.stop()


def prepare(
    home: Path,
    *,
    clock: Clock = system_clock,
    system_printer: SystemPrinter | None = None,
    opener: Opener | None = None,
) -> tuple[Application, Snapshot]:
    """The application and what the first window shows, without SQLAlchemy when possible.

    A new folder or a due migration opens the workspace here (synchronously, rare).
    Raises :class:`DatabaseProblem`; then nothing is left open.
    """
    snapshot = read_snapshot(home, clock=clock)
    application = Application.starting(home, snapshot, system_printer=system_printer, opener=opener)
    if snapshot is None:  # a new folder or a migration: make the database ready first
        try:
            application.open()
            snapshot = application.snapshot
        except BaseException:
            application.close()
            raise
    return application, snapshot


class Startup(QObject):
    """Shows the setup wizard (when needed) and the main window, then opens the workspace.

    The smoke test ends (exit 0) once the first window is shown, the event loop has run
    dry and the workspace has opened; it exits 3 if the workspace cannot be opened.
    """

    def __init__(
        self,
        qapp: QApplication,
        application: Application,
        snapshot: Snapshot,
        *,
        smoke_test: bool = False,
        started: float | None = None,
        clock: Clock = system_clock,
    ) -> None:
        super().__init__()
        self._clock = clock
        self._qapp = qapp
        self.application = application
        self.snapshot = snapshot
        self.smoke_test = smoke_test
        self._started = started if started is not None else time.perf_counter()
        self.window: MainWindow | None = None
        self.wizard: QWidget | None = None
        self._opened: bool | None = None  # None while the workspace is opening
        self._waiting = False
        self._smoke_shown = False

    def begin(self) -> None:
        if self.snapshot.settings.configured or self.snapshot.settings.training:
            self.show_window()
        else:
            self.show_wizard()
        if self.smoke_test:
            QTimer.singleShot(SMOKE_TEST_TIMEOUT_MS, lambda: self._qapp.exit(1))

    # -- first run ---------------------------------------------------------------------------

    def show_wizard(self) -> None:
        from desktop.ui.setup_wizard import SetupWizard

        self.application.preload()
        wizard = SetupWizard(self.snapshot.settings, self.application.settings)
        self.wizard = wizard
        wizard.finished.connect(self._wizard_finished)
        wizard.show()
        wizard.activateWindow()
        self._mark_shown()
        self._wait_for_workspace(wizard)
        if self.smoke_test:
            self._watch(wizard, WIZARD_SHOWN)

    def _wizard_finished(self, result: int) -> None:
        wizard, self.wizard = self.wizard, None
        saved: Settings | None = getattr(wizard, "saved", None)
        if saved is not None:  # the office's time zone may have changed the office day
            today = business_day(self._clock(), saved.timezone)
            self.snapshot = Snapshot(saved, self.snapshot.services, today)
        if wizard is not None:
            wizard.deleteLater()
        self.show_window()

    # -- the main window ---------------------------------------------------------------------

    def show_window(self) -> None:
        from desktop.ui.main_window import MainWindow

        self.application.use_snapshot(self.snapshot)
        window = MainWindow(self.application)
        self.window = window
        window.show()
        window.activateWindow()
        window.tabs.currentWidget().setFocus()
        self._mark_shown()
        self.application.preload()  # SQLAlchemy and the workspace load from here on
        if self._opened is True:
            window.workspace_ready()
        elif self._opened is False:
            self._opened = None
            self._waiting = False  # the wizard's attempt failed: try again for the window
        self._wait_for_workspace(window)
        if self.smoke_test:
            self._watch(window, WINDOW_SHOWN)

    def _wait_for_workspace(self, parent: QObject) -> None:
        if self._waiting or self._opened:
            return
        self._waiting = True
        operations.run(parent, self.application.open, self._workspace_opened, self._open_failed)

    def _workspace_opened(self, workspace: Workspace) -> None:
        self._waiting = False
        self._opened = True
        if self.window is not None:
            self.window.workspace_ready()
        self._smoke_done()

    def _open_failed(self, error: Exception) -> None:
        self._waiting = False
        self._opened = False
        log.error("the workspace could not be opened: %s", type(error).__name__)
        if self.window is not None:
            self.window.workspace_failed(error)
        if self.smoke_test:
            if isinstance(error, DatabaseProblem):
                print(messages.database_problem(error), file=sys.stderr)
            self._qapp.exit(EXIT_DATABASE)
        elif not isinstance(error, DatabaseProblem) or error.passing:
            # Locked by another program, say: try again, and clear the banner once it opens.
            # (A damaged file does not mend itself; every service call still retries.)
            QTimer.singleShot(RETRY_OPEN_MS, self._retry_open)

    def _retry_open(self) -> None:
        parent = self.window if self.window is not None else self.wizard
        if parent is not None and not self._opened:
            self._wait_for_workspace(parent)

    def _mark_shown(self) -> None:
        log.info("first window shown after %.3f s", time.perf_counter() - self._started)
        if self.smoke_test:
            print(STDERR_MARKER, file=sys.stderr, flush=True)

    # -- smoke test --------------------------------------------------------------------------

    def _watch(self, shown: QWidget, line: str) -> None:
        """Say ``line`` once ``shown`` is visible and the event loop has run dry; exit 0 once
        the workspace has opened too (:meth:`_smoke_done`)."""

        def check() -> None:
            window = self.window
            if shown.isVisible() and (window is None or window.tabs.currentWidget() is not None):
                print(line, flush=True)
                self._smoke_shown = True
                self._smoke_done()
            else:
                QTimer.singleShot(20, check)

        QTimer.singleShot(0, check)  # a zero timer fires when the event queue is empty

    def _smoke_done(self) -> None:
        if not (self.smoke_test and self._smoke_shown and self._opened):
            return
        opened = self.application.open_seconds
        if opened is not None:
            print(f"smoke test: workspace opened in {opened:.3f} s", flush=True)
        self._qapp.exit(0)
