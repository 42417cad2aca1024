"""Screenshots for the README: the first-run setup, the intake screen and the request list.

Run ``make screenshot`` (offscreen) or ``python tools/screenshot.py OUT_DIR`` under Xvfb.
The list and intake shots use a training folder filled by ``seed-demo``; the wizard shot a
new, empty folder, as an office sees it on its first start.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop.services.application import Application
from desktop.services.demo import seed_demo
from desktop.services.requests import RequestQuery
from desktop.services.workspace import open_workspace
from desktop.ui import operations
from desktop.ui.intake_page import IntakePage
from desktop.ui.main_window import MainWindow
from desktop.ui.requests_page import RequestsPage
from desktop.ui.setup_wizard import SetupWizard


def settle(app: QApplication, rounds: int = 20) -> None:
    """Let the off-thread loads (list, detail, look-ups) arrive and paint."""
    for _ in range(rounds):
        operations.wait_for_all()
        app.processEvents()
        QTest.qWait(20)


def wizard_shot(app: QApplication, out: Path) -> None:
    home = Path(tempfile.mkdtemp(prefix="sewaka-shot-new-"))
    workspace = open_workspace(home, actor="petugas")
    service = Application(workspace).settings
    wizard = SetupWizard(service.load(), service)
    wizard.resize(720, 520)
    wizard.show()
    settle(app, 3)
    # The first page as an IT officer fills it (the unit stays "Desa").
    page = wizard.currentPage()
    fields = getattr(page, "fields", {})
    for key, text in (
        ("office_name", "Sukamaju"),
        ("district", "Cileunyi"),
        ("regency", "Kabupaten Bandung"),
        ("office_address", "Jl. Raya Sukamaju No. 1"),
    ):
        if key in fields:
            QTest.keyClicks(fields[key], text)
    settle(app, 3)
    wizard.grab().save(str(out / "wizard.png"))
    wizard.close()
    workspace.close()


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    wizard_shot(app, out)

    home = Path(tempfile.mkdtemp(prefix="sewaka-shot-"))
    workspace = open_workspace(home, actor="petugas")
    seed_demo(workspace, requests=60, days=3, seed=7)
    application = Application(workspace)
    window = MainWindow(application)
    window.resize(1180, 760)
    window.show()
    window.show_page("intake")
    page = window.page("intake")
    assert isinstance(page, IntakePage)
    settle(app)
    QTest.keyClicks(page.nik, "3273055708900003")
    QTest.keyClick(page.nik, Qt.Key.Key_Tab)
    settle(app)
    QTest.keyClicks(page.name, "Siti Rahmawati")
    QTest.keyClick(page.name, Qt.Key.Key_Tab)
    QTest.keyClicks(page.address, "Jl. Melati No. 12")
    page.rt.setText("003")
    page.rw.setText("005")
    page.phone.setText("0812-3456-7890")
    page.service.setCurrentIndex(1)
    settle(app, 3)
    page.documents.item(0).setCheckState(Qt.CheckState.Checked)
    page.documents.item(1).setCheckState(Qt.CheckState.Checked)
    last = application.requests.search(RequestQuery()).rows[0]
    page.result.show_request(last, last.service_name)
    if page.receipt is not None:
        page.receipt.set_request(last.tracking_code)
    settle(app, 3)
    window.grab().save(str(out / "intake.png"))

    window.show_page("requests")
    requests = window.page("requests")
    assert isinstance(requests, RequestsPage)
    requests.only_day.setChecked(False)
    settle(app)
    requests.table.selectRow(2)
    settle(app)
    window.grab().save(str(out / "requests.png"))
    window.close()
    operations.wait_for_all()
    workspace.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/images"))
