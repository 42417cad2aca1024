"""Feature: a red bar on every page while the PC clock is behind what was already recorded.

The check (``services.clock_check``) runs off the UI thread once the database
is open and then every minute. While the clock is behind, queue numbers stay
in the newest recorded office day; the bar says so, and its button lets staff
confirm that the clock is right after all (audited), after asking once more.
"""

from __future__ import annotations

import datetime as dt
import logging
from zoneinfo import ZoneInfo

import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton

from desktop.domain.clock import ClockCheck, office_day
from desktop.ui import operations, style, texts
from desktop.ui.registry import BarSpec, Registry, Shell
from desktop.ui.widgets import named

log = logging.getLogger(__name__)

CHECK_EVERY_MS = 60_000  # the clock is checked again every minute
WAIT_FOR_OPEN_MS = 1_000  # before the database is open, look again this often


def register(registry: Registry) -> None:
    registry.add_bar(BarSpec("clockBar", ClockBar, order=10))


class ClockBar(QFrame):
    def __init__(self, shell: Shell) -> None:
        super().__init__()
        self._shell = shell
        self._checking = False
        self._last: ClockCheck | None = None
        self.setStyleSheet(style.BANNER)
        self.text = named(QLabel(), "clockBarText")
        self.text.setWordWrap(True)
        self.confirm_button = named(QPushButton(self.tr("Jam PC s&udah benar…")), "clockConfirm")
        self.confirm_button.clicked.connect(self._ask_confirm)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.confirm_button)
        self.hide()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check_now)
        self._timer.start(WAIT_FOR_OPEN_MS)
        if shell.app.is_open:
            QTimer.singleShot(0, self.check_now)

    def check_now(self) -> None:
        """Check the clock off the UI thread (once the database is open)."""
        if not shiboken6.isValid(self):
            return  # the window closed before a queued call came
        app = self._shell.app
        if self._checking or not app.is_open:
            return
        self._timer.setInterval(CHECK_EVERY_MS)
        self._checking = True

        def work() -> ClockCheck:
            from desktop.services.clock_check import ClockService  # SQLAlchemy: not at start

            return ClockService(app.workspace).check()

        operations.run(self, work, self._show, self._check_failed)

    def _show(self, check: ClockCheck) -> None:
        if not shiboken6.isValid(self):
            return  # the window closed while the clock was being checked
        self._checking = False
        was_behind = self._last is not None and self._last.is_behind
        self._last = check
        if check.is_behind and not was_behind:
            log.warning("PC clock is %s behind the newest recorded time", check.behind_by)
        if not check.is_behind:
            self.hide()
            return
        timezone = self._timezone()
        newest = check.newest.astimezone(ZoneInfo(timezone))
        day = office_day(check, timezone)
        self.text.setText(
            self.tr(
                "Jam PC tertinggal {behind} dari waktu data terakhir yang tercatat ({newest}). "
                "Nomor antrean tetap diberikan untuk hari {day}. Betulkan jam PC, atau bila "
                "jam PC memang sudah benar, tekan tombol di kanan."
            ).format(
                behind=texts.duration(check.behind_by),
                newest=newest.strftime("%d-%m-%Y %H:%M"),
                day=day.strftime("%d-%m-%Y"),
            )
        )
        self.show()

    def _check_failed(self, error: Exception) -> None:
        if not shiboken6.isValid(self):
            return
        self._checking = False  # the database banner says what is wrong; try again later
        log.warning("the clock check failed: %s", type(error).__name__)

    def _timezone(self) -> str:
        return self._shell.app.snapshot.settings.timezone

    def _ask_confirm(self) -> None:
        """Ask once more (No is the default: Enter changes nothing), then confirm."""
        last = self._last
        now = (last.now if last is not None else dt.datetime.now(dt.UTC)).astimezone(
            ZoneInfo(self._timezone())
        )
        ask = named(
            QMessageBox(
                QMessageBox.Icon.Question,
                self.tr("Jam PC sudah benar?"),
                self.tr(
                    "Jam PC sekarang menunjukkan {now}. Bila itu benar, nomor antrean "
                    "selanjutnya diberikan menurut jam PC lagi. Tindakan ini dicatat."
                ).format(now=now.strftime("%d-%m-%Y %H:%M")),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                self._shell.widget(),
            ),
            "clockConfirmDialog",
        )
        ask.setDefaultButton(QMessageBox.StandardButton.No)
        ask.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        ask.finished.connect(lambda result: self._answered(ask.standardButton(ask.clickedButton())))
        ask.open()

    def _answered(self, button: QMessageBox.StandardButton) -> None:
        if button != QMessageBox.StandardButton.Yes:
            return
        app = self._shell.app

        def work() -> ClockCheck:
            from desktop.services.clock_check import ClockService

            return ClockService(app.workspace).confirm()

        self.confirm_button.setEnabled(False)
        operations.run(self, work, self._confirmed, self._confirm_failed)

    def _confirmed(self, check: ClockCheck) -> None:
        if not shiboken6.isValid(self):
            return
        self.confirm_button.setEnabled(True)
        self._show(check)
        self._shell.show_message(self.tr("Jam PC dikonfirmasi benar."))

    def _confirm_failed(self, error: Exception) -> None:
        if not shiboken6.isValid(self):
            return
        self.confirm_button.setEnabled(True)
        self._shell.show_message(
            self.tr("Konfirmasi jam PC tidak dapat disimpan. Coba lagi."), 10000
        )
