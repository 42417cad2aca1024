"""The counter desk feature: the intake form (F2) and the request list (F3)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from desktop.services.request_types import RequestRow
from desktop.ui.intake_page import IntakePage
from desktop.ui.print_support import ReceiptPrinter
from desktop.ui.registry import PageSpec, Registry, Shell
from desktop.ui.requests_page import RequestsPage

INTAKE = "intake"
REQUESTS = "requests"


def register(registry: Registry) -> None:
    registry.add_page(
        PageSpec(
            INTAKE,
            QCoreApplication.translate("MainWindow", "Pendaftaran (F2)"),
            "F2",
            build_intake,
            order=10,
        )
    )
    registry.add_page(
        PageSpec(
            REQUESTS,
            QCoreApplication.translate("MainWindow", "Daftar permohonan (F3)"),
            "F3",
            build_requests,
            order=20,
        )
    )


def build_intake(shell: Shell) -> QWidget:
    app = shell.app
    snapshot = app.snapshot  # read at start-up: building the page reads nothing
    page = IntakePage(
        app.requests,
        snapshot.settings.language,
        ReceiptPrinter(app.printing),
        services=snapshot.services,
    )
    page.setFocusProxy(page.nik)  # showing the page puts the cursor in the NIK field

    def registered(row: RequestRow) -> None:
        shell.show_message(
            QCoreApplication.translate("MainWindow", "{queue} terdaftar ({code})").format(
                queue=row.queue_number, code=row.tracking_code
            )
        )

    page.registered.connect(registered)
    return page


def build_requests(shell: Shell) -> QWidget:
    app = shell.app
    snapshot = app.snapshot
    return RequestsPage(
        app.requests,
        snapshot.settings.timezone,
        ReceiptPrinter(app.printing),
        language=snapshot.settings.language,
        services=snapshot.services,
        today=snapshot.today,
    )
