"""The window when another Sewaka holds the database: it says so in words a clerk
understands, keeps what was typed, tries again by itself and clears the message."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.services.startup import DatabaseProblem, ProblemKind
from desktop.services.workspace import Workspace
from desktop.ui import operations
from desktop.ui.app import Startup, prepare
from desktop.ui.intake_page import IntakePage
from ui.conftest import Clock
from ui.test_intake_page import NIK_SITI


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        (ProblemKind.BUSY, "Sewaka lain sedang memakai data ini; coba lagi sebentar lagi."),
        (ProblemKind.DISK_FULL, "Disk penuh: Sewaka tidak dapat menyimpan."),
    ],
)
def test_a_busy_or_full_database_is_said_above_the_tabs_and_retried(
    qtbot: QtBot,
    gui_workspace: Workspace,
    gui_clock: Clock,
    monkeypatch: pytest.MonkeyPatch,
    kind: ProblemKind,
    words: str,
) -> None:
    held = threading.Event()
    held.set()

    def opener(home: Path) -> Workspace:
        if held.is_set():
            raise DatabaseProblem(kind, home / "sewaka.sqlite3", "database is locked")
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
    assert words in window.banner.text()
    assert "Pulihkan dari cadangan" not in window.banner.text()  # nothing is damaged
    assert page.nik.text() == NIK_SITI

    held.clear()  # the other Sewaka finished: start-up tries again and the banner goes
    qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=5000)
    assert app.is_open
    assert page.nik.text() == NIK_SITI
    operations.wait_for_all()
