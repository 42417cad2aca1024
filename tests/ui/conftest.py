"""Fixtures for GUI tests: a real workspace on a temporary SQLite file, offscreen Qt."""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from pytestqt.qtbot import QtBot
from support import configure_office

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop.services.application import Application
from desktop.services.requests import RequestService
from desktop.services.settings import SettingsService
from desktop.services.startup import read_snapshot
from desktop.services.workspace import Workspace, open_workspace
from desktop.ui import operations

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow


@pytest.fixture(autouse=True, scope="session")
def _collect_on_the_ui_thread(qapp: object) -> Iterator[None]:
    """As the application does: no cycle collection on a worker thread while the UI thread
    deletes widgets (desktop.ui.collector)."""
    from desktop.ui.collector import UiThreadCollector

    collector = UiThreadCollector()
    yield
    collector.stop()


@pytest.fixture(autouse=True)
def _finish_background_work(qtbot: QtBot) -> Iterator[None]:
    """After each GUI test, let its pool work end and deliver before its widgets are closed.

    It needs ``qtbot``, so it is torn down before qtbot closes the test's widgets: no result
    of one test arrives at a widget being destroyed, or runs into the next test.
    """
    yield
    operations.wait_for_all()
    qtbot.wait(0)  # deliver what finished to the still-living widgets


class Clock:
    """A settable clock: 09:00 WIB on a working day unless moved."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def gui_clock() -> Clock:
    return Clock()


@pytest.fixture
def gui_workspace(tmp_path: Path, gui_clock: Clock) -> Iterator[Workspace]:
    workspace = open_workspace(tmp_path / "home", clock=gui_clock, actor="petugas-uji")
    configure_office(workspace)  # printing and exports refuse an office without its details
    yield workspace
    operations.wait_for_all()
    workspace.close()


@pytest.fixture
def requests_service(gui_workspace: Workspace) -> RequestService:
    return RequestService(gui_workspace)


@pytest.fixture
def settings_service(gui_workspace: Workspace) -> SettingsService:
    return SettingsService(gui_workspace)


class FakeSystemPrinter:
    """Stands in for the Qt system printer driver: GUI tests never reach a real printer.

    ``printers`` are the names it knows ("" prints on ``default``); every job is kept.
    """

    def __init__(self, default: str = "", printers: tuple[str, ...] = ()) -> None:
        self.default = default
        self.printers = set(printers) | ({default} if default else set())
        self.jobs: list[tuple[str, str, bytes]] = []  # (printer, title, pdf)

    def __call__(self, pdf: bytes, printer_name: str, title: str) -> str:
        from desktop.services.printing import PrintError, PrintErrorKind

        name = printer_name or self.default
        if not name:
            raise PrintError(PrintErrorKind.NO_PRINTER, "no default system printer")
        if name not in self.printers:
            raise PrintError(PrintErrorKind.PRINTER_NOT_FOUND, name)
        self.jobs.append((name, title, pdf))
        return name


@pytest.fixture
def system_printer() -> FakeSystemPrinter:
    """No printers at all unless a test adds some."""
    return FakeSystemPrinter()


@pytest.fixture
def gui_app(gui_workspace: Workspace, system_printer: FakeSystemPrinter) -> Application:
    return Application(gui_workspace, system_printer=system_printer)


@pytest.fixture
def main_window(qtbot: QtBot, gui_app: Application) -> MainWindow:
    """The whole main window with every registered feature, built from the application."""
    from desktop.ui.main_window import MainWindow

    window = MainWindow(gui_app)
    qtbot.addWidget(window)
    return window


class GatedOpener:
    """Opens the workspace of a starting :class:`Application` only once ``release`` is set.

    ``threads`` names every thread that asked for it: building the window must not (the
    UI thread never waits for the database); the background open and the pool do.
    """

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.release = threading.Event()
        self.threads: list[str] = []

    def __call__(self, home: Path) -> Workspace:
        self.threads.append(threading.current_thread().name)
        if not self.release.wait(10):
            raise TimeoutError("the test never let the workspace open")
        return self.workspace


@pytest.fixture
def gated_opener(gui_workspace: Workspace) -> GatedOpener:
    return GatedOpener(gui_workspace)


@pytest.fixture
def starting_app(
    gui_workspace: Workspace,
    gui_clock: Clock,
    system_printer: FakeSystemPrinter,
    gated_opener: GatedOpener,
) -> Iterator[Application]:
    """The application as the GUI starts it: the first window's data read with sqlite3, the
    workspace not open until ``gated_opener.release`` is set (or the test ends)."""
    snapshot = read_snapshot(gui_workspace.home, clock=gui_clock)
    assert snapshot is not None
    app = Application.starting(
        gui_workspace.home, snapshot, system_printer=system_printer, opener=gated_opener
    )
    yield app
    gated_opener.release.set()
    operations.wait_for_all()
