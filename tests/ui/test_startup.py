"""Start-up as the clerk meets it: the window comes first, the database opens behind it.

The first window is built from what start-up read with sqlite3; the workspace (SQLAlchemy)
opens on a thread after the window is shown, and whatever the clerk does before that
simply waits for it off the UI thread. A new folder gets the first-run setup first.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop.services.application import Application
from desktop.services.requests import RequestQuery, RequestService
from desktop.services.settings import Settings, SettingsService
from desktop.services.workspace import Workspace, open_workspace
from desktop.ui import operations
from desktop.ui.app import Startup, prepare
from desktop.ui.intake_page import IntakePage
from desktop.ui.main_window import MainWindow
from desktop.ui.requests_page import RequestsPage
from desktop.ui.setup_wizard import SetupWizard
from ui.conftest import Clock, GatedOpener
from ui.test_intake_page import NIK_SITI, fill_by_keyboard
from ui.test_setup_wizard import fill_head_page, fill_office_page, press_enter


def shown_window(qtbot: QtBot, app: Application) -> MainWindow:
    window = MainWindow(app)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_the_window_is_built_without_waiting_for_the_database(
    qtbot: QtBot, starting_app: Application, gated_opener: GatedOpener
) -> None:
    window = shown_window(qtbot, starting_app)

    assert gated_opener.threads == []  # nobody asked for the workspace while building
    assert not starting_app.is_open
    assert window.windowTitle() == "Sewaka — Desa Sukamaju"  # from the start-up read
    intake = window.page("intake")
    assert isinstance(intake, IntakePage)
    assert intake.service.count() > 1  # the catalogue is offered at once
    listing = window.page("requests")
    assert isinstance(listing, RequestsPage)
    assert listing.day.date().toString("yyyy-MM-dd") == "2026-11-23"  # the office's today
    assert not window.banner.isVisible()


def test_a_clerk_types_and_saves_while_the_database_is_still_opening(
    qtbot: QtBot,
    starting_app: Application,
    gated_opener: GatedOpener,
    requests_service: RequestService,
) -> None:
    window = shown_window(qtbot, starting_app)
    starting_app.preload()  # what start-up does right after showing the window
    window.show_page("intake")
    page = window.page("intake")
    assert isinstance(page, IntakePage)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.nik)

    fill_by_keyboard(qtbot, page)
    qtbot.keyClick(page.documents, Qt.Key.Key_Return)  # save with Enter

    qtbot.wait(200)  # the save waits for the workspace on a pool thread; the UI does not
    assert page.message.text() == "Menyimpan…"
    assert requests_service.count(RequestQuery(text=NIK_SITI)) == 0
    gated_opener.release.set()  # the database is open now

    qtbot.waitUntil(lambda: page.result.queue.text() == "A-001", timeout=5000)
    assert [row.name for row in requests_service.search(RequestQuery(text=NIK_SITI)).rows] == [
        "Siti Rahmawati"
    ]
    assert threading.main_thread().name not in gated_opener.threads
    assert gated_opener.threads == ["workspace-open"]  # opened once, in the background


def test_a_database_that_cannot_be_opened_is_said_above_the_tabs_and_nothing_typed_is_lost(
    qtbot: QtBot, gui_workspace: Workspace, gui_clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = threading.Event()
    locked.set()

    def opener(home: Path) -> Workspace:
        if locked.is_set():
            raise sqlite3.OperationalError("database is locked")
        return gui_workspace

    monkeypatch.setattr("desktop.ui.app.RETRY_OPEN_MS", 50)
    app, snapshot = prepare(gui_workspace.home, clock=gui_clock, opener=opener)
    start = Startup(QApplication.instance(), app, snapshot)  # type: ignore[arg-type]
    start.begin()
    window = start.window
    assert window is not None
    qtbot.addWidget(window)
    page = window.page("intake")
    assert isinstance(page, IntakePage)
    qtbot.keyClicks(page.nik, NIK_SITI)

    qtbot.waitUntil(window.banner.isVisible, timeout=5000)
    assert "belum dapat dibuka" in window.banner.text()
    assert page.nik.text() == NIK_SITI

    locked.clear()  # the other program let go: start-up tries again and the banner goes
    qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=5000)
    assert app.is_open
    assert page.nik.text() == NIK_SITI
    operations.wait_for_all()


@pytest.fixture
def new_folder(tmp_path: Path, gui_clock: Clock) -> Iterator[Startup]:
    """Sewaka started on a data folder that does not exist yet."""

    def opener(home: Path) -> Workspace:
        return open_workspace(home, clock=gui_clock, actor="petugas-uji")

    app, snapshot = prepare(tmp_path / "baru", clock=gui_clock, opener=opener)
    start = Startup(QApplication.instance(), app, snapshot, clock=gui_clock)  # type: ignore[arg-type]
    yield start
    operations.wait_for_all()
    for widget in (start.window, start.wizard):
        if widget is not None:
            widget.close()
    app.close()


def test_a_new_folder_shows_the_setup_first_then_the_main_window(
    qtbot: QtBot, new_folder: Startup
) -> None:
    new_folder.begin()
    wizard = new_folder.wizard
    assert isinstance(wizard, SetupWizard)
    qtbot.waitExposed(wizard)
    wizard.activateWindow()  # the offscreen platform activates only once exposed
    qtbot.waitUntil(lambda: QApplication.activeWindow() is wizard)
    assert new_folder.window is None  # the office comes first

    fill_office_page(qtbot, wizard)
    press_enter(qtbot)
    fill_head_page(qtbot, wizard)
    press_enter(qtbot)
    press_enter(qtbot)  # no logo: Finish

    qtbot.waitUntil(lambda: new_folder.window is not None and new_folder.window.isVisible())
    window = new_folder.window
    assert window is not None
    assert window.windowTitle() == "Sewaka — Banjar Tegal Sari"
    assert not window.banner.isVisible()
    focused = QApplication.focusWidget()
    assert isinstance(focused, QWidget) and focused.objectName() == "nik"  # ready to serve


def test_a_skipped_setup_opens_the_window_and_says_the_office_data_is_missing(
    qtbot: QtBot, new_folder: Startup
) -> None:
    new_folder.begin()
    wizard = new_folder.wizard
    assert isinstance(wizard, SetupWizard)
    qtbot.waitExposed(wizard)

    qtbot.keyClick(wizard, Qt.Key.Key_Escape)  # the clerk cancels

    qtbot.waitUntil(lambda: new_folder.window is not None and new_folder.window.isVisible())
    window = new_folder.window
    assert window is not None
    assert window.banner.isVisible()
    assert "Data kantor belum diisi" in window.banner.text()
    assert "Berkas → Data kantor" in window.banner.text()


def test_an_unconfigured_folder_shows_the_setup_without_waiting_for_the_database(
    qtbot: QtBot,
    gui_workspace: Workspace,
    gui_clock: Clock,
    gated_opener: GatedOpener,
    settings_service: SettingsService,
) -> None:
    settings_service.save(Settings())  # a folder whose setup was skipped last time
    app, snapshot = prepare(gui_workspace.home, clock=gui_clock, opener=gated_opener)
    start = Startup(QApplication.instance(), app, snapshot, clock=gui_clock)  # type: ignore[arg-type]

    start.begin()

    assert isinstance(start.wizard, SetupWizard)
    qtbot.addWidget(start.wizard)
    assert start.wizard.isVisible()
    assert gated_opener.threads in ([], ["workspace-open"])  # never the UI thread
    gated_opener.release.set()
    operations.wait_for_all()
