"""F1: every keyboard shortcut of the window, read from the window itself when it opens.

The list is never out of date: it walks the main window's actions (menus, pages), buttons
and shortcuts at the moment it opens, so a feature that adds a key shows up without editing
this file. The intake form's keys that are not shortcuts (Tab, Space, Enter, Shift+Enter)
are listed from a small table. A shortcut without words of its own (a bare ``QShortcut``)
is described by its ``whatsThis()`` text, or by the standard meaning of its key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.registry import ActionSpec, Menu, Registry, Shell
from desktop.ui.widgets import named

DIALOG_NAME = "shortcutHelp"
_KEY_IN_TEXT = re.compile(r"\s*\([^()]*\)\s*$")  # "Simpan (Ctrl+S)" -> "Simpan"


def register(registry: Registry) -> None:
    registry.add_action(
        ActionSpec(
            "keyboardShortcuts",
            Menu.HELP,
            QCoreApplication.translate("help_dialog", "&Pintasan keyboard"),
            show_help,
            "F1",
            10,
        )
    )


def show_help(shell: Shell) -> None:
    window = shell.widget()
    dialog = window.findChild(ShortcutHelpDialog, DIALOG_NAME)
    if dialog is None:
        dialog = ShortcutHelpDialog(window)
    dialog.refresh()
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()


@dataclass(frozen=True)
class Entry:
    keys: str  # as the keyboard says it: "Ctrl+P"
    what: str  # what the key does
    where: str  # the page it works on, "" for the whole window


def _clean(text: str) -> str:
    return _KEY_IN_TEXT.sub("", text.replace("&&", "\0").replace("&", "").replace("\0", "&"))


def _keys(sequences: list[QKeySequence]) -> str:
    """The primary key of a shortcut ("Ctrl+N", not also the "New" key of media keyboards)."""
    for sequence in sequences:
        if not sequence.isEmpty():
            return sequence.toString(QKeySequence.SequenceFormat.NativeText)
    return ""


def _standard_meaning(keys: str) -> str:
    return {
        "Ctrl+N": QCoreApplication.translate("help_dialog", "Formulir baru (kosongkan isian)"),
        "Ctrl+P": QCoreApplication.translate("help_dialog", "Cetak struk"),
        "Ctrl+S": QCoreApplication.translate("help_dialog", "Simpan"),
        "Ctrl+F": QCoreApplication.translate("help_dialog", "Cari"),
        "Ctrl+Q": QCoreApplication.translate("help_dialog", "Keluar"),
    }.get(keys, "")


def _page_of(widget: QWidget | None, window: QWidget) -> str:
    """The tab text of the page ``widget`` sits on ("" when it is not on a page)."""
    tabs = window.findChild(QTabWidget)
    while widget is not None and widget is not window:
        if tabs is not None and (index := tabs.indexOf(widget)) >= 0:
            return _clean(tabs.tabText(index))
        widget = widget.parentWidget()
    return ""


def intake_keys() -> list[Entry]:
    """The intake form's keys that are not shortcuts of any action or button."""
    form = QCoreApplication.translate("help_dialog", "Pendaftaran")
    return [
        Entry("Tab", QCoreApplication.translate("help_dialog", "Pindah ke isian berikutnya"), form),
        Entry(
            "Shift+Tab",
            QCoreApplication.translate("help_dialog", "Kembali ke isian sebelumnya"),
            form,
        ),
        Entry(
            QCoreApplication.translate("help_dialog", "Spasi"),
            QCoreApplication.translate(
                "help_dialog", "Centang atau hapus centang dokumen persyaratan"
            ),
            form,
        ),
        Entry(
            "Enter",
            QCoreApplication.translate("help_dialog", "Simpan permohonan dan beri nomor antrean"),
            form,
        ),
        Entry(
            "Shift+Enter", QCoreApplication.translate("help_dialog", "Baris baru di catatan"), form
        ),
        Entry(
            "Esc", QCoreApplication.translate("help_dialog", "Tutup daftar pilihan atau dialog"), ""
        ),
    ]


def collect(window: QWidget) -> list[Entry]:
    """Every shortcut ``window`` holds now: actions, buttons and bare shortcuts."""
    found: list[Entry] = []
    for action in window.findChildren(QAction):
        keys = _keys(action.shortcuts())
        text = _clean(action.text()).rstrip("…").strip()
        if keys and text:
            found.append(Entry(keys, text, ""))
    for button in window.findChildren(QAbstractButton):
        keys = _keys([button.shortcut()])
        text = _clean(button.text()) or button.toolTip()
        if keys and text:
            found.append(Entry(keys, text, _page_of(button, window)))
    for shortcut in window.findChildren(QShortcut):
        keys = _keys(shortcut.keys())
        if not keys or not shortcut.isEnabled():
            continue
        text = shortcut.whatsThis() or _standard_meaning(keys)
        parent = shortcut.parent()
        where = _page_of(parent if isinstance(parent, QWidget) else None, window)
        found.append(
            Entry(
                keys, text or QCoreApplication.translate("help_dialog", "(tanpa keterangan)"), where
            )
        )
    unique = list(dict.fromkeys(found))
    return sorted(unique, key=lambda e: (e.where != "", e.where, _sort_key(e.keys), e.what))


def _sort_key(keys: str) -> tuple[int, str]:
    """F-keys first (F1, F2, … F12), then the rest alphabetically."""
    match = re.fullmatch(r"F(\d+)", keys)
    return (int(match.group(1)), "") if match else (100, keys)


class ShortcutHelpDialog(QDialog):
    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName(DIALOG_NAME)
        self._window = window
        self.setWindowTitle(self.tr("Pintasan keyboard"))
        self.table = named(QTableWidget(0, 3), "shortcuts")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Tombol"), self.tr("Fungsi"), self.tr("Di halaman")]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(self.tr("Semua pekerjaan di loket bisa dilakukan dengan keyboard:"))
        )
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(640, 520)

    def refresh(self) -> None:
        entries = collect(self._window) + intake_keys()
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            texts = (entry.keys, entry.what, entry.where or self.tr("Semua"))
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if column == 0:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(row, column, item)
        self.table.setFocus()

    def listed_keys(self) -> list[str]:
        """The first column as shown (tests and screen readers)."""
        items = (self.table.item(row, 0) for row in range(self.table.rowCount()))
        return [item.text() for item in items if item is not None]
