"""Feature: sync with the kabupaten/kota server, at a glance and in detail.

- the page *Sinkronisasi* (F4): enrolment, connection, counts, the clock warning, problems,
  "sync now" and the queued records (``desktop.ui.sync_page``);
- in the status bar: online or offline, how many records wait, how many need attention;
  clicking it opens the page;
- *Alat*: enrol this PC (``desktop.ui.enrol_dialog``; the settings dialog offers the same
  action) and sync now.

One :class:`~desktop.ui.sync_page.SyncMonitor` per window reads the status off the UI
thread; nothing here calls the sync service on the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QFrame, QHBoxLayout, QLabel, QWidget

from desktop.services.sync_types import Enrolment, SyncProblem, SyncStatus
from desktop.ui import style
from desktop.ui.registry import ActionSpec, Menu, PageSpec, Registry, Shell, StatusSpec
from desktop.ui.sync_page import SyncBackend, SyncMonitor, SyncPage
from desktop.ui.widgets import named

if TYPE_CHECKING:
    from desktop.services.application import Application

SYNC = "sync"  # the page's key
MONITOR = "syncMonitor"
ENROL_ACTION = "enrolDevice"  # the settings dialog looks for this action


def register(registry: Registry) -> None:
    registry.add_page(
        PageSpec(
            SYNC,
            QCoreApplication.translate("MainWindow", "Sinkronisasi (F4)"),
            "F4",
            build_page,
            order=30,
        )
    )
    registry.add_status(StatusSpec("syncIndicator", build_indicator, order=10))
    registry.add_action(
        ActionSpec(
            ENROL_ACTION,
            Menu.TOOLS,
            QCoreApplication.translate("MainWindow", "&Daftarkan PC ke server…"),
            open_enrol,
            None,
            20,
        )
    )
    registry.add_action(
        ActionSpec(
            "syncNow",
            Menu.TOOLS,
            QCoreApplication.translate("MainWindow", "Sin&kronkan sekarang"),
            sync_now,
            None,
            21,
        )
    )


def sync_service(app: Application) -> SyncBackend:
    """The application's sync service (a stand-in until first used, on a pool thread)."""
    return app.sync


def monitor_of(shell: Shell) -> SyncMonitor:
    """The window's one status reader, made on first use."""
    window = shell.widget()
    found = window.findChild(SyncMonitor, MONITOR, Qt.FindChildOption.FindDirectChildrenOnly)
    if isinstance(found, SyncMonitor):
        return found
    app = shell.app
    monitor = SyncMonitor(lambda: sync_service(app), lambda: app.is_open, window)
    monitor.setObjectName(MONITOR)
    seen: list[int] = []  # the catalogue version of the first status read, then the newest

    def catalogue(status: SyncStatus) -> None:
        if seen and status.catalogue_version != seen[0]:
            shell.catalogue_changed()  # a pull changed the services: offer the new list
        seen[:] = [status.catalogue_version]

    monitor.changed.connect(catalogue)
    return monitor


def build_page(shell: Shell) -> QWidget:
    app = shell.app
    page = SyncPage(lambda: sync_service(app), monitor_of(shell), app.snapshot.settings.timezone)
    page.enrol_requested.connect(lambda: open_enrol(shell))
    return page


def build_indicator(shell: Shell) -> QWidget:
    return SyncIndicator(monitor_of(shell), lambda: shell.show_page(SYNC))


def sync_now(shell: Shell) -> None:
    """Alat → Sinkronkan sekarang: the page comes forward and runs one round."""
    shell.show_page(SYNC)
    page = shell.page(SYNC)
    if isinstance(page, SyncPage):
        page.sync_now()


def open_enrol(shell: Shell) -> None:
    """The enrolment dialog, over whatever dialog is open (the settings, say); one at a time."""
    from desktop.ui.enrol_dialog import EnrolDialog

    window = shell.widget()
    existing = window.findChild(EnrolDialog)
    if isinstance(existing, EnrolDialog) and existing.isVisible():
        existing.raise_()
        existing.activateWindow()
        return
    app = shell.app
    monitor = monitor_of(shell)
    status = monitor.status

    def enrol(server_url: str, code: str, device_name: str) -> Enrolment:
        return sync_service(app).enrol(server_url, code, device_name)

    def enrolled(enrolment: Enrolment) -> None:
        shell.show_message(
            QCoreApplication.translate("MainWindow", "PC ini terdaftar ke {office}.").format(
                office=enrolment.office_name
            )
        )
        monitor.refresh()  # the service starts sending what waited by itself

    dialog = EnrolDialog(
        enrol,
        server_url=status.server_url if status is not None else "",
        current=status,
        parent=QApplication.activeModalWidget() or window,
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.enrolled.connect(enrolled)
    dialog.open()


class SyncIndicator(QFrame):
    """The status bar's sync state: Daring / Luring / Belum terdaftar, what waits, what needs
    attention (in red). A click opens the sync page."""

    def __init__(self, monitor: SyncMonitor, open_page: Callable[[], None]) -> None:
        super().__init__()
        self._open_page = open_page
        self.state = named(QLabel(), "syncState")
        self.attention = named(QLabel(), "syncAttention")
        self.attention.setStyleSheet(style.ERROR_BOLD)
        self.attention.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(self.state)
        layout.addWidget(self.attention)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(self.tr("Sinkronisasi dengan server: klik untuk rincian (F4)."))
        self.state.setText(self.tr("Sinkronisasi: memeriksa…"))
        monitor.changed.connect(self.show_status)
        if monitor.status is not None:
            self.show_status(monitor.status)

    def text(self) -> str:
        """What the indicator says, as one line (tests, screen readers)."""
        shown = [self.state.text()]
        if not self.attention.isHidden():
            shown.append(self.attention.text())
        return " · ".join(shown)

    def show_status(self, status: SyncStatus) -> None:
        waiting = status.pending + status.sent
        if status.problem is SyncProblem.TRAINING:
            state, alarm = self.tr("Latihan: tidak disinkronkan"), False
        elif not status.enrolled:
            state, alarm = self.tr("Belum terdaftar"), False
        elif status.problem is SyncProblem.UNAUTHORIZED:
            state, alarm = self.tr("Ditolak server"), True
        elif status.online:
            state, alarm = self.tr("Daring"), False
        elif status.online is None:
            state, alarm = self.tr("Belum tersambung"), False
        else:
            state, alarm = self.tr("Luring"), False
        if status.problem is not SyncProblem.TRAINING and waiting:
            state += " · " + self.tr("%n menunggu", "", waiting)
        elif status.enrolled and not waiting:
            state += " · " + self.tr("semua terkirim")
        self.state.setText(state)
        self.state.setStyleSheet(style.ERROR_BOLD if alarm else "")
        self.attention.setText(self.tr("%n perlu perhatian", "", status.attention))
        self.attention.setVisible(status.attention > 0)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self._open_page()
            event.accept()
            return
        super().mouseReleaseEvent(event)
