"""Export and backup from the Berkas menu: the clerk types or picks a file, presses Enter,
sees progress, and finds the file; a problem is said inside the dialog, losing nothing."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from support import configure_office, valid_form

from desktop.services.application import Application
from desktop.services.export import ExportFormat, ExportResult
from desktop.services.requests import RequestService
from desktop.services.workspace import Workspace
from desktop.ui import export_dialog
from desktop.ui.export_dialog import BackupDialog, ExportDialog
from desktop.ui.registry import Menu, Registry

TODAY = dt.date(2026, 11, 23)  # the GUI clock's office day
Accepted = QDialog.DialogCode.Accepted


@pytest.fixture
def two_requests(requests_service: RequestService) -> None:
    requests_service.register(valid_form())
    requests_service.register(valid_form(service_code="SKTM"))


def type_path(qtbot: QtBot, dialog: ExportDialog | BackupDialog, path: Path) -> None:
    dialog.path.setFocus()
    qtbot.keyClick(dialog.path, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.path, str(path))


def make_export_dialog(qtbot: QtBot, workspace: Workspace) -> ExportDialog:
    dialog = ExportDialog(workspace, TODAY, "id")
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_the_berkas_menu_offers_export_and_backup() -> None:
    registry = Registry()
    export_dialog.register(registry)

    texts = {a.key: a.text for a in registry.actions(Menu.FILE)}
    assert texts == {"exportRequests": "&Ekspor permohonan…", "backupData": "&Cadangkan data…"}


def test_todays_requests_to_excel_with_the_keyboard(
    qtbot: QtBot, gui_workspace: Workspace, two_requests: None, tmp_path: Path
) -> None:
    dialog = make_export_dialog(qtbot, gui_workspace)
    assert dialog.path.text().endswith("permohonan-2026-11-23.xlsx")  # a sensible suggestion
    out = tmp_path / "hari-ini.xlsx"
    type_path(qtbot, dialog, out)

    qtbot.keyClick(dialog.path, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: dialog.result() == Accepted)
    sheet = load_workbook(out).active
    assert sheet is not None and sheet.max_row == 3
    assert sheet["I2"].value == "3273055708900003" and sheet["I2"].data_type == "s"
    assert dialog.outcome == f"2 permohonan diekspor ke {out}"


def test_all_days_as_csv_chosen_with_the_keyboard(
    qtbot: QtBot, gui_workspace: Workspace, two_requests: None, tmp_path: Path
) -> None:
    dialog = make_export_dialog(qtbot, gui_workspace)
    type_path(qtbot, dialog, tmp_path / "semua.xlsx")
    dialog.format.setFocus()
    qtbot.keyClick(dialog.format, Qt.Key.Key_Down)  # CSV
    assert dialog.path.text() == str(tmp_path / "semua.csv")  # the extension follows
    dialog.all_days.setFocus()
    qtbot.keyClick(dialog.all_days, Qt.Key.Key_Space)
    assert not dialog.day.isEnabled()

    qtbot.keyClick(dialog.path, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: dialog.result() == Accepted)
    raw = (tmp_path / "semua.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\r\n") == 3


def test_progress_is_shown_while_the_export_runs(
    qtbot: QtBot, gui_workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()

    def slow_export(
        *args: object, progress: Callable[[int, int], None], **kw: object
    ) -> ExportResult:
        progress(1, 2)
        release.wait(5)
        return ExportResult(tmp_path / "x.xlsx", ExportFormat.XLSX, 2)

    # The dialog imports the export service when an export starts (not at start-up).
    monkeypatch.setattr("desktop.services.export.export_requests_to", slow_export)
    dialog = make_export_dialog(qtbot, gui_workspace)
    type_path(qtbot, dialog, tmp_path / "x.xlsx")

    qtbot.keyClick(dialog.path, Qt.Key.Key_Return)

    def halfway() -> bool:
        progress = dialog.progress
        return progress is not None and (progress.value(), progress.maximum()) == (1, 2)

    qtbot.waitUntil(halfway)
    assert not dialog.isEnabled()  # nothing can be changed while it runs
    release.set()
    qtbot.waitUntil(lambda: dialog.result() == Accepted)
    assert dialog.progress is None


def test_a_missing_folder_is_explained_and_the_choices_stay(
    qtbot: QtBot, gui_workspace: Workspace, two_requests: None, tmp_path: Path
) -> None:
    dialog = make_export_dialog(qtbot, gui_workspace)
    out = tmp_path / "tidak-ada" / "permohonan.xlsx"
    type_path(qtbot, dialog, out)

    qtbot.keyClick(dialog.path, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: dialog.problem.isVisible())
    assert f"Folder {out.parent} tidak ada" in dialog.problem.text()
    assert dialog.isVisible() and dialog.isEnabled()
    assert dialog.path.text() == str(out)
    assert not out.parent.exists()


def test_an_unconfigured_office_is_told_where_to_fill_in_its_details(
    qtbot: QtBot, gui_workspace: Workspace, two_requests: None, tmp_path: Path
) -> None:
    configure_office(gui_workspace, configured=False)
    dialog = make_export_dialog(qtbot, gui_workspace)
    type_path(qtbot, dialog, tmp_path / "x.xlsx")

    qtbot.keyClick(dialog.path, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: dialog.problem.isVisible())
    assert dialog.problem.text().startswith("Data kantor belum diisi.")
    assert not (tmp_path / "x.xlsx").exists()


def test_backup_from_the_menu_makes_a_new_file_and_never_overwrites(
    qtbot: QtBot, gui_workspace: Workspace, two_requests: None, tmp_path: Path
) -> None:
    dialog = BackupDialog(gui_workspace)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.path.text().endswith(".sqlite3")
    out = tmp_path / "cadangan.sqlite3"
    type_path(qtbot, dialog, out)

    qtbot.keyClick(dialog.path, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: dialog.result() == Accepted)
    assert dialog.outcome == f"Data dicadangkan ke {out}"
    with sqlite3.connect(out) as copy:
        assert copy.execute("SELECT count(*) FROM service_request").fetchone() == (2,)
    copy.close()
    before = out.read_bytes()

    again = BackupDialog(gui_workspace)
    qtbot.addWidget(again)
    again.show()
    type_path(qtbot, again, out)
    qtbot.keyClick(again.path, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: again.problem.isVisible())
    assert "cadangan.sqlite3 sudah ada dan tidak ditimpa" in again.problem.text()
    assert out.read_bytes() == before


def test_export_from_the_menu_of_the_main_window_reports_in_the_status_bar(
    qtbot: QtBot, gui_app: Application, two_requests: None, tmp_path: Path
) -> None:
    from desktop.ui.features import FEATURES
    from desktop.ui.main_window import MainWindow

    features = (
        FEATURES if export_dialog.register in FEATURES else (*FEATURES, export_dialog.register)
    )
    window = MainWindow(gui_app, features)
    qtbot.addWidget(window)
    window.show()
    action = window.findChild(QAction, "exportRequests")
    assert action is not None

    action.trigger()

    qtbot.waitUntil(lambda: window.findChild(ExportDialog) is not None)
    dialog = window.findChild(ExportDialog)
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    out = tmp_path / "dari-menu.csv"
    type_path(qtbot, dialog, out)
    assert dialog.chosen_format() is ExportFormat.CSV  # the typed name chose the format
    qtbot.keyClick(dialog.path, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: window.statusBar().currentMessage() != "")
    assert window.statusBar().currentMessage() == f"2 permohonan diekspor ke {out}"
    assert out.is_file()


def test_a_symlink_as_the_export_target_is_refused_in_indonesian(tmp_path: Path) -> None:
    from desktop.ui.export_dialog import cannot_write
    from printing.dispatch import TargetKind, UnsafeTarget

    link = tmp_path / "laporan.xlsx"
    text = cannot_write(link, UnsafeTarget(TargetKind.SYMLINK, link))

    assert "tautan (symlink)" in text and "not a regular file" not in text


def test_saving_a_pdf_onto_a_device_says_so_in_indonesian(tmp_path: Path) -> None:
    from desktop.services.printing_types import PrintError, PrintErrorKind
    from desktop.ui.print_support import print_error_text
    from printing.dispatch import TargetKind, UnsafeTarget

    target = tmp_path / "struk.pdf"
    error = PrintError(PrintErrorKind.SAVE_FAILED, "cannot save")
    error.__cause__ = UnsafeTarget(TargetKind.DEVICE, target)

    assert "itu perangkat, bukan berkas" in print_error_text(error)
