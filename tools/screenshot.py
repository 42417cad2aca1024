"""Screenshots for the README: the intake screen and the request list, with demo data.

Run ``make screenshot`` (offscreen) or ``python tools/screenshot.py OUT_DIR`` under Xvfb.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop.services.demo import seed_demo
from desktop.services.printing import PrintService
from desktop.services.requests import RequestService
from desktop.services.settings import SettingsService
from desktop.services.workspace import open_workspace
from desktop.ui.main_window import MainWindow


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv)
    home = Path(tempfile.mkdtemp(prefix="sewaka-shot-"))
    workspace = open_workspace(home, actor="petugas")
    seed_demo(workspace, requests=60, days=3, seed=7)
    window = MainWindow(
        RequestService(workspace), SettingsService(workspace), PrintService(workspace)
    )
    window.resize(1180, 760)
    window.show()
    window.show_intake()
    page = window.intake
    QTest.keyClicks(page.nik, "3273055708900003")
    QTest.keyClick(page.nik, Qt.Key.Key_Tab)
    QTest.keyClicks(page.name, "Siti Rahmawati")
    page._lookup_person()  # what the 150 ms typing timer would do
    page.address.setText("Jl. Melati No. 12")
    page.rt.setText("003")
    page.rw.setText("005")
    page.hamlet.setText("Dusun Krajan")
    page.phone.setText("0812-3456-7890")
    page.service.setCurrentIndex(1)
    page.documents.item(0).setCheckState(Qt.CheckState.Checked)
    page.documents.item(1).setCheckState(Qt.CheckState.Checked)
    last = (
        RequestService(workspace)
        .search(__import__("desktop.services.requests", fromlist=["RequestQuery"]).RequestQuery())
        .rows[0]
    )
    page.result.show_request(last)
    if page.receipt is not None:
        page.receipt.set_request(last.tracking_code)
    app.processEvents()
    window.grab().save(str(out / "intake.png"))
    window.tabs.setCurrentWidget(window.requests)
    window.requests.only_day.setChecked(False)
    app.processEvents()
    window.grab().save(str(out / "requests.png"))
    window.close()
    workspace.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/images"))
