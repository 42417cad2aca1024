"""Export requests and back up the data from the Berkas menu, with progress.

Both dialogs ask for a file (typed, or chosen with "Pilih…"), then run the work on a pool
thread (``desktop.ui.operations.run``) behind a progress dialog; the window keeps painting.
A refusal or failure is shown inside the dialog, which stays open with everything chosen,
so the clerk can fix the one thing and try again. Success closes the dialog and says where
the file went in the status bar.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QDate, QObject, QStandardPaths, Qt, Signal
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n, messages
from desktop.domain.clock import business_day
from desktop.services.backup import (
    BackupDamaged,
    BackupRefusal,
    BackupRefused,
    BackupResult,
    BackupService,
)
from desktop.services.export_types import (
    ExportFormat,
    ExportRefused,
    ExportResult,
    Refusal,
)
from desktop.services.settings_types import OfficeNotConfigured
from desktop.ui import operations, style
from desktop.ui.office_texts import not_configured_text
from desktop.ui.registry import ActionSpec, Menu, Registry, Shell
from desktop.ui.widgets import named

if TYPE_CHECKING:
    from desktop.services.workspace import Workspace


def register(registry: Registry) -> None:
    registry.add_action(
        ActionSpec(
            "exportRequests",
            Menu.FILE,
            QCoreApplication.translate("export_dialog", "&Ekspor permohonan…"),
            open_export,
            None,
            30,
        )
    )
    registry.add_action(
        ActionSpec(
            "backupData",
            Menu.FILE,
            QCoreApplication.translate("export_dialog", "&Cadangkan data…"),
            open_backup,
            None,
            40,
        )
    )


def open_export(shell: Shell) -> None:
    """Open the workspace and read the office's day off the UI thread, then show the dialog."""
    app = shell.app

    def load() -> tuple[Workspace, dt.date]:
        workspace = app.workspace  # waits for it to open, here on a pool thread
        return workspace, business_day(workspace.now(), app.settings.load().timezone)

    def show(loaded: tuple[Workspace, dt.date]) -> None:
        workspace, today = loaded
        _open(shell, ExportDialog(workspace, today, i18n.current_language(), shell.widget()))

    operations.load_then(
        shell.widget(), "exportRequests", load, show, lambda _e: _unreadable(shell)
    )


def open_backup(shell: Shell) -> None:
    """Open the workspace and suggest a file name (office time) off the UI thread."""
    app = shell.app

    def load() -> tuple[Workspace, str]:
        workspace = app.workspace
        return workspace, BackupService(workspace).suggested_name()

    def show(loaded: tuple[Workspace, str]) -> None:
        workspace, name = loaded
        _open(shell, BackupDialog(workspace, shell.widget(), suggested_name=name))

    operations.load_then(shell.widget(), "backupData", load, show, lambda _e: _unreadable(shell))


def _open(shell: Shell, dialog: _FileJobDialog) -> None:
    """Window-modal, without a nested event loop; success is told in the status bar."""
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.accepted.connect(lambda: shell.show_message(dialog.outcome))
    dialog.open()


def _unreadable(shell: Shell) -> None:
    shell.show_message(
        QCoreApplication.translate("export_dialog", "Pengaturan kantor tidak dapat dibaca."), 10000
    )


def _documents_folder() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home()


class _Progress(QObject):
    """Carries (done, total) from the pool thread to the progress dialog (queued signal)."""

    changed = Signal(int, int)


class _FileJobDialog(QDialog):
    """A file to write, a button that starts the work, a progress dialog while it runs."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.outcome = ""  # what to say in the status bar after success
        self.path = named(QLineEdit(), "path")
        self.browse = named(QPushButton(self.tr("&Pilih…")), "browse")
        self.problem = named(QLabel(wordWrap=True), "problem")
        self.problem.setStyleSheet(style.ERROR_BOLD)
        self.problem.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.start = named(
            self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole), "start"
        )
        self.browse.setAutoDefault(False)  # Enter in the file name starts the work, never this
        self.buttons.accepted.connect(self._start)
        self.buttons.rejected.connect(self.reject)
        self.browse.clicked.connect(self._browse)
        self.path.textEdited.connect(lambda _text: self.problem.hide())
        self.progress: QProgressDialog | None = None
        self._relay = _Progress(self)

    def _path_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        return row

    def _browse(self) -> None:
        raise NotImplementedError

    def _start(self) -> None:
        raise NotImplementedError

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()
        self.path.setFocus()

    def run(
        self,
        label: str,
        work: Callable[[Callable[[int, int], None]], Any],
        done: Callable[[Any], None],
        failed: Callable[[Exception], str],
    ) -> None:
        """Run ``work(progress)`` off the UI thread behind a progress dialog."""
        self.problem.hide()
        self.setEnabled(False)
        QApplication.setOverrideCursor(QCursor(Qt.CursorShape.BusyCursor))
        progress = named(QProgressDialog(label, "", 0, 0, self), "progress")
        progress.setCancelButton(None)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        self.progress = progress

        def moved(value: int, total: int) -> None:
            if total > 0:
                progress.setMaximum(total)
                progress.setValue(value)

        self._relay.changed.connect(moved)

        def finish() -> None:
            self._relay.changed.disconnect(moved)
            QApplication.restoreOverrideCursor()
            progress.close()
            self.progress = None
            self.setEnabled(True)

        def ok(result: Any) -> None:
            finish()
            done(result)
            self.accept()

        def bad(error: Exception) -> None:
            finish()
            self.show_problem(failed(error))

        relay = self._relay
        operations.run(self, lambda: work(relay.changed.emit), ok, bad)


class ExportDialog(_FileJobDialog):
    """One day's requests or all of them, as an Excel workbook or CSV."""

    def __init__(
        self,
        workspace: Workspace,
        today: dt.date,
        language: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ws = workspace
        self._language = language
        self.setWindowTitle(self.tr("Ekspor permohonan"))
        self.one_day = named(QRadioButton(self.tr("&Satu hari:")), "oneDay")
        self.all_days = named(QRadioButton(self.tr("Se&mua hari")), "allDays")
        self.day = named(QDateEdit(QDate(today.year, today.month, today.day)), "day")
        self.day.setDisplayFormat("dd-MM-yyyy")
        self.day.setCalendarPopup(True)
        self.one_day.setChecked(True)
        self.one_day.toggled.connect(self.day.setEnabled)
        self.format = named(QComboBox(), "format")
        self.format.addItem(self.tr("Excel (.xlsx)"), ExportFormat.XLSX.value)
        self.format.addItem(self.tr("CSV (.csv), UTF-8"), ExportFormat.CSV.value)
        self.start.setText(self.tr("&Ekspor"))
        day_row = QHBoxLayout()
        day_row.addWidget(self.one_day)
        day_row.addWidget(self.day)
        day_row.addWidget(self.all_days)
        day_row.addStretch(1)
        file_label = QLabel(self.tr("&Berkas:"))
        file_label.setBuddy(self.path)
        form = QFormLayout()
        form.addRow(self.tr("Permohonan:"), day_row)
        form.addRow(self.tr("&Format:"), self.format)  # the label's buddy is the field
        form.addRow(file_label, self._path_row())
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.start.setDefault(True)  # once inside the dialog, or Enter would not find it
        self.path.setText(str(_documents_folder() / self._suggested_name()))
        self.format.currentIndexChanged.connect(lambda _i: self._follow_format())
        self.path.textChanged.connect(lambda _text: self._follow_name())
        self.one_day.toggled.connect(lambda _on: self._follow_day())
        self.day.dateChanged.connect(lambda _d: self._follow_day())
        self.resize(620, 200)

    def chosen_format(self) -> ExportFormat:
        return ExportFormat(self.format.currentData())

    def chosen_day(self) -> dt.date | None:
        if not self.one_day.isChecked():
            return None
        chosen = self.day.date()
        return dt.date(chosen.year(), chosen.month(), chosen.day())

    def _suggested_name(self) -> str:
        day = self.chosen_day()
        stem = f"permohonan-{day.isoformat()}" if day else self.tr("permohonan-semua")
        return f"{stem}.{self.chosen_format().value}"

    def _follow_format(self) -> None:
        """A known extension in the typed name follows the chosen format."""
        path = Path(self.path.text().strip())
        if path.suffix.lower().lstrip(".") in set(ExportFormat):
            self.path.setText(str(path.with_suffix(f".{self.chosen_format().value}")))

    def _follow_name(self) -> None:
        """A typed or chosen name ending in .csv or .xlsx chooses that format."""
        suffix = Path(self.path.text().strip()).suffix.lower().lstrip(".")
        index = self.format.findData(suffix)
        if suffix in set(ExportFormat) and index >= 0 and index != self.format.currentIndex():
            self.format.blockSignals(True)
            self.format.setCurrentIndex(index)
            self.format.blockSignals(False)

    def _follow_day(self) -> None:
        """A suggested name follows the chosen day; a name the clerk typed is kept."""
        path = Path(self.path.text().strip())
        if path.stem.startswith("permohonan-"):
            self.path.setText(str(path.with_name(self._suggested_name())))

    def _browse(self) -> None:
        fmt = self.chosen_format()
        pattern = self.tr("Excel (*.xlsx)") if fmt is ExportFormat.XLSX else self.tr("CSV (*.csv)")
        chosen, _ = QFileDialog.getSaveFileName(
            self, self.tr("Simpan ekspor sebagai"), self.path.text(), pattern
        )
        if chosen:
            self.path.setText(chosen)

    def target(self) -> Path:
        """The typed path; the format's extension is added when the name has none."""
        path = Path(self.path.text().strip()).expanduser()
        if not path.suffix:
            path = path.with_name(f"{path.name}.{self.chosen_format().value}")
        return path

    def _start(self) -> None:
        if not self.path.text().strip():
            self.show_problem(self.tr("Isi nama berkas tujuan."))
            return
        out = self.target()
        if out.exists() and not _confirm_replace(self, out):
            return
        day, fmt, language, workspace = (
            self.chosen_day(),
            self.chosen_format(),
            self._language,
            self._ws,
        )

        def work(progress: Callable[[int, int], None]) -> ExportResult:
            from desktop.services.export import export_requests_to

            return export_requests_to(
                workspace, out, day, fmt, language=language, progress=progress
            )

        self.run(self.tr("Mengekspor permohonan…"), work, self._done, self._explain)

    def _done(self, result: ExportResult) -> None:
        self.outcome = self.tr("%n permohonan diekspor ke {path}", "", result.rows).format(
            path=result.path
        )

    def _explain(self, error: Exception) -> str:
        if isinstance(error, OfficeNotConfigured):
            return not_configured_text()
        if isinstance(error, ExportRefused):
            if error.reason is Refusal.MISSING_FOLDER:
                return self.tr("Folder {folder} tidak ada. Pilih folder lain.").format(
                    folder=error.path.parent
                )
            return self.tr("Nama berkas harus berakhiran .{ext} untuk format ini.").format(
                ext=self.chosen_format().value
            )
        if isinstance(error, OSError):
            return cannot_write(self.target(), error)
        return self.tr("Ekspor gagal. Coba lagi; bila tetap gagal, hubungi operator TI.")


class BackupDialog(_FileJobDialog):
    """A checked copy of the data, to a new file (never over an existing one)."""

    def __init__(
        self,
        workspace: Workspace,
        parent: QWidget | None = None,
        *,
        suggested_name: str | None = None,
    ) -> None:
        """``suggested_name``: read off the UI thread by the caller (else read here)."""
        super().__init__(parent)
        self._backups = BackupService(workspace)
        self.setWindowTitle(self.tr("Cadangkan data"))
        self.start.setText(self.tr("&Cadangkan"))
        label = QLabel(self.tr("&Simpan cadangan ke:"))
        label.setBuddy(self.path)
        hint = QLabel(
            self.tr(
                "Simpan cadangan di flashdisk atau komputer lain, bukan hanya di komputer ini. "
                "Berkas yang sudah ada tidak akan ditimpa."
            ),
            wordWrap=True,
        )
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addLayout(self._path_row())
        layout.addWidget(hint)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.start.setDefault(True)
        name = suggested_name or self._backups.suggested_name()
        self.path.setText(str(_documents_folder() / name))
        self.resize(620, 180)

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Simpan cadangan sebagai"),
            self.path.text(),
            self.tr("Cadangan Sewaka (*.sqlite3)"),
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if chosen:
            self.path.setText(chosen)

    def target(self) -> Path:
        path = Path(self.path.text().strip()).expanduser()
        return path if path.suffix else path.with_name(path.name + ".sqlite3")

    def _start(self) -> None:
        if not self.path.text().strip():
            self.show_problem(self.tr("Isi nama berkas cadangan."))
            return
        out, backups = self.target(), self._backups
        self.run(
            self.tr("Mencadangkan data…"),
            lambda _progress: backups.backup(out),
            self._done,
            self._explain,
        )

    def _done(self, result: BackupResult) -> None:
        self.outcome = self.tr("Data dicadangkan ke {path}").format(path=result.path)

    def _explain(self, error: Exception) -> str:
        if isinstance(error, BackupRefused):
            if error.reason is BackupRefusal.EXISTS:
                return self.tr(
                    "Berkas {name} sudah ada dan tidak ditimpa. Pilih nama lain."
                ).format(name=error.path.name)
            return self.tr("Folder {folder} tidak ada. Pilih folder lain.").format(
                folder=error.path.parent
            )
        if isinstance(error, BackupDamaged):
            return self.tr(
                "Salinan gagal diperiksa dan tidak disimpan. Coba lagi; "
                "bila tetap gagal, hubungi operator TI."
            )
        if isinstance(error, OSError):
            return cannot_write(self.target(), error)
        return self.tr("Pencadangan gagal. Coba lagi; bila tetap gagal, hubungi operator TI.")


def _confirm_replace(parent: QWidget, path: Path) -> bool:
    answer = QMessageBox.question(
        parent,
        QCoreApplication.translate("export_dialog", "Timpa berkas?"),
        QCoreApplication.translate(
            "export_dialog", "Berkas {name} sudah ada. Timpa dengan ekspor baru?"
        ).format(name=path.name),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def cannot_write(path: Path, error: OSError) -> str:
    return messages.cannot_write(path, error)
