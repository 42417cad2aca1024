"""Qt's own words (dialog buttons, message boxes, file and print dialogs, wizards, the
right-click menu of text fields) in the office's language.

Qt ships translations of its own texts (``qtbase_<lang>.qm``) for many languages, and they
are loaded when present. It ships none for Indonesian, so without help an Indonesian screen
would show "OK", "Cancel", "Save" and "&Yes". :class:`IndonesianQt` is a translator that
answers Qt's contexts (and only those) from the table below; it is QtCore only, so the CLI
and the widgets share it.
"""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QObject, QTranslator

# Qt's own translation contexts this table answers; Sewaka's contexts are never touched.
QT_CONTEXTS = frozenset(
    {
        "QPlatformTheme",  # the standard buttons of QDialogButtonBox and QMessageBox
        "QDialogButtonBox",
        "QMessageBox",
        "QProgressDialog",
        "QInputDialog",
        "QWizard",
        "QFileDialog",
        "QFileSystemModel",
        "QPrintDialog",
        "QUnixPrintWidget",
        "QPrintPropertiesWidget",
        "QPrintSettingsOutput",
        "QPageSetupWidget",
        "QPrintPreviewDialog",
        "QLineEdit",
        "QWidgetTextControl",
        "QAbstractSpinBox",
        "QCalendarWidget",
    }
)

INDONESIAN: dict[str, str] = {
    # QPlatformTheme: standard buttons
    "OK": "OK",
    "Save": "Simpan",
    "Save All": "Simpan Semua",
    "Open": "Buka",
    "&Yes": "&Ya",
    "Yes to &All": "Ya untuk &Semua",
    "&No": "&Tidak",
    "N&o to All": "T&idak untuk Semua",
    "Abort": "Hentikan",
    "Retry": "Coba Lagi",
    "Ignore": "Abaikan",
    "Close": "Tutup",
    "Cancel": "Batal",
    "Discard": "Buang",
    "Don't Save": "Jangan Simpan",
    "Close without Saving": "Tutup tanpa Menyimpan",
    "Help": "Bantuan",
    "Apply": "Terapkan",
    "Reset": "Atur Ulang",
    "Restore Defaults": "Kembalikan Bawaan",
    # QMessageBox
    "Show Details...": "Tampilkan Rincian...",
    "Hide Details...": "Sembunyikan Rincian...",
    # QWizard
    "< &Back": "< &Kembali",
    "&Next": "&Lanjut",
    "&Next >": "&Lanjut >",
    "&Finish": "&Selesai",
    "Go Back": "Kembali",
    "Continue": "Lanjut",
    "Commit": "Simpan",
    "Done": "Selesai",
    # QFileDialog and its model
    "Look in:": "Cari di:",
    "File &name:": "&Nama berkas:",
    "File name": "Nama berkas",
    "Files of type:": "Jenis berkas:",
    "&Open": "&Buka",
    "&Save": "&Simpan",
    "&Choose": "&Pilih",
    "Save As": "Simpan Sebagai",
    "Find Directory": "Pilih Folder",
    "Directory:": "Folder:",
    "Back": "Kembali",
    "Forward": "Maju",
    "Parent Directory": "Folder Induk",
    "Create New Folder": "Buat Folder Baru",
    "New Folder": "Folder Baru",
    "&New Folder": "&Folder Baru",
    "List View": "Tampilan Daftar",
    "Detail View": "Tampilan Rinci",
    "&Rename": "&Ganti Nama",
    "&Delete": "&Hapus",
    "Show &hidden files": "Tampilkan berkas &tersembunyi",
    "All Files (*)": "Semua Berkas (*)",
    "My Computer": "Komputer Saya",
    "Recent Places": "Tempat Terakhir",
    "%1 already exists.\nDo you want to replace it?": "%1 sudah ada.\nTimpa berkas itu?",
    "%1\nFile not found.\nPlease verify the correct file name was given.": (
        "%1\nBerkas tidak ditemukan.\nPeriksa apakah nama berkasnya benar."
    ),
    "%1\nDirectory not found.\nPlease verify the correct directory name was given.": (
        "%1\nFolder tidak ditemukan.\nPeriksa apakah nama foldernya benar."
    ),
    "Name": "Nama",
    "Size": "Ukuran",
    "Type": "Jenis",
    "Date Modified": "Tanggal Diubah",
    # Print dialogs
    "Print": "Cetak",
    "&Print": "&Cetak",
    "&Options >>": "&Opsi >>",
    "&Options <<": "&Opsi <<",
    "Print to File (PDF)": "Cetak ke Berkas (PDF)",
    "Local file": "Berkas lokal",
    "Write PDF file": "Tulis berkas PDF",
    "Printer": "Printer",
    "&Name:": "&Nama:",
    "P&roperties": "P&roperti",
    "Properties": "Properti",
    "Location:": "Lokasi:",
    "Type:": "Jenis:",
    "Output &file:": "&Berkas keluaran:",
    "Copies": "Salinan",
    "Copies:": "Salinan:",
    "Pages": "Halaman",
    "Paper": "Kertas",
    "Page": "Halaman",
    "Orientation": "Orientasi",
    "Portrait": "Tegak",
    "Landscape": "Mendatar",
    "Margins": "Margin",
    "Print Preview": "Pratinjau Cetak",
    # Right-click menu of text fields
    "&Undo": "&Urungkan",
    "&Redo": "Ula&ngi",
    "Cu&t": "Po&tong",
    "&Copy": "&Salin",
    "&Paste": "&Tempel",
    "Delete": "Hapus",
    "Select All": "Pilih Semua",
    "Copy &Link Location": "Salin &Alamat Tautan",
    "&Step up": "&Naik",
    "Step &down": "&Turun",
}


class IndonesianQt(QTranslator):
    """Answers Qt's own contexts from :data:`INDONESIAN`; everything else passes through."""

    def translate(
        self,
        context: str,
        source_text: str,
        disambiguation: str | None = None,
        n: int = -1,
    ) -> str | None:
        if context not in QT_CONTEXTS:
            return None  # None (a null string): not ours, ask the next translator
        return INDONESIAN.get(source_text)

    def isEmpty(self) -> bool:
        return False


def load_qt_translator(language: str, parent: QObject | None = None) -> QTranslator | None:
    """A translator of Qt's own texts for ``language``: Qt's ``qtbase_<lang>.qm`` when Qt
    ships one, Sewaka's table for Indonesian otherwise; None for English (Qt's own)."""
    if language == "en":
        return None
    shipped = QTranslator(parent)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if shipped.load(f"qtbase_{language}", folder):
        return shipped
    if language == "id":
        return IndonesianQt(parent)
    return None
