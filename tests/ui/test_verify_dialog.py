"""The verify dialog as a clerk meets it: a USB scanner types the QR text and presses Enter."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot
from support import configure_office

from desktop.domain.intake import IntakeForm
from desktop.domain.status import Status
from desktop.models.tables import Setting
from desktop.services.receipts import PRIVATE_KEY_SETTING, ReceiptService
from desktop.services.requests import RequestService
from desktop.services.workspace import Workspace
from desktop.ui.verify_dialog import VerifyReceiptDialog
from printing import signing

FORM = IntakeForm(
    nik="3273055708900003",
    name="Siti Rahmawati",
    sex="F",
    birth_date="17-08-1990",
    address="Jl. Melati No. 12",
    service_code="SKD",
    documents=("Surat pengantar RT/RW",),
)


@pytest.fixture
def file_dialogs(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every time the dialog asks for a file; never a real (modal) file dialog in a test."""
    opened: list[str] = []

    def get_open_file_name(*args: object, **kwargs: object) -> tuple[str, str]:
        opened.append("open")
        return "", ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", get_open_file_name)
    yield opened


def shown_dialog(qtbot: QtBot, workspace: Workspace) -> VerifyReceiptDialog:
    dialog = VerifyReceiptDialog(ReceiptService(workspace))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.text.setFocus()
    return dialog


def scan(qtbot: QtBot, dialog: VerifyReceiptDialog, payload: str) -> None:
    """What a USB scanner does: types the code, then Enter."""
    dialog.text.clear()
    qtbot.keyClicks(dialog.text, payload)
    qtbot.keyClick(dialog.text, Qt.Key.Key_Return)


def test_a_scan_verifies_the_text_and_opens_no_file_dialog(
    qtbot: QtBot, gui_workspace: Workspace, file_dialogs: list[str]
) -> None:
    row = RequestService(gui_workspace).register(FORM)
    payload = ReceiptService(gui_workspace).receipt_data(row.tracking_code).qr_payload
    dialog = shown_dialog(qtbot, gui_workspace)

    scan(qtbot, dialog, payload)

    qtbot.waitUntil(lambda: dialog.outcome.text().startswith("ASLI"), timeout=5000)
    assert file_dialogs == []  # Enter was the scanner's, not the "open image" button's
    assert dialog.isVisible()  # nor the Close button's
    # Office time (the GUI clock says 09:00 WIB), not UTC; and the request's status now.
    assert dialog.outcome.text() == (
        f"ASLI: struk {row.tracking_code}, dikeluarkan 23-11-2026 09:00 WIB. "
        "Status sekarang: Menunggu."
    )


def test_times_follow_the_office_time_zone(
    qtbot: QtBot, gui_workspace: Workspace, file_dialogs: list[str]
) -> None:
    configure_office(gui_workspace, timezone="Asia/Makassar")  # a Bali banjar: WITA
    row = RequestService(gui_workspace).register(FORM)
    payload = ReceiptService(gui_workspace).receipt_data(row.tracking_code).qr_payload
    dialog = shown_dialog(qtbot, gui_workspace)

    scan(qtbot, dialog, payload)

    qtbot.waitUntil(lambda: dialog.outcome.text().startswith("ASLI"), timeout=5000)
    assert "dikeluarkan 23-11-2026 10:00 WITA." in dialog.outcome.text()


@pytest.mark.parametrize(
    ("closing", "said"),
    [
        (Status.REJECTED, "ASLI, tetapi permohonan ini DITOLAK"),
        (Status.CANCELLED, "ASLI, tetapi permohonan ini DIBATALKAN"),
    ],
)
def test_a_rejected_or_cancelled_request_is_said_to_be_so(
    qtbot: QtBot,
    gui_workspace: Workspace,
    file_dialogs: list[str],
    closing: Status,
    said: str,
) -> None:
    requests = RequestService(gui_workspace)
    row = requests.register(FORM)
    for status in (Status.CALLED, Status.SERVING):
        requests.change_status(row.id, status)
    requests.change_status(row.id, closing, "berkas tidak lengkap")
    payload = ReceiptService(gui_workspace).receipt_data(row.tracking_code).qr_payload
    dialog = shown_dialog(qtbot, gui_workspace)

    scan(qtbot, dialog, payload)

    qtbot.waitUntil(lambda: dialog.outcome.text().startswith(said), timeout=5000)
    assert row.tracking_code in dialog.outcome.text()


def test_a_signed_code_this_office_does_not_hold_is_not_called_fine(
    qtbot: QtBot, gui_workspace: Workspace, file_dialogs: list[str]
) -> None:
    receipts = ReceiptService(gui_workspace)
    receipts.public_key()  # makes the office key
    with gui_workspace.reading() as session:
        stored = session.get(Setting, PRIVATE_KEY_SETTING)
        assert stored is not None
        private = stored.value
    unknown = signing.sign(
        signing.TrackingPayload(
            gui_workspace.sync.office_id, "tidak-ada", "ZZZZ-ZZZZ-Z", gui_workspace.now()
        ),
        private,
    )
    dialog = shown_dialog(qtbot, gui_workspace)

    scan(qtbot, dialog, unknown)

    qtbot.waitUntil(lambda: dialog.outcome.text() != "", timeout=5000)
    assert dialog.outcome.text().startswith("TIDAK ADA DI DATA")
    assert "ZZZZ-ZZZZ-Z" in dialog.outcome.text()
    assert not dialog.outcome.text().startswith("ASLI")


def test_the_open_button_still_opens_the_file_dialog(
    qtbot: QtBot, gui_workspace: Workspace, file_dialogs: list[str], tmp_path: Path
) -> None:
    dialog = shown_dialog(qtbot, gui_workspace)

    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)

    assert file_dialogs == ["open"]


def test_a_huge_picture_is_refused_with_its_own_words(
    qtbot: QtBot, gui_workspace: Workspace, file_dialogs: list[str], tmp_path: Path
) -> None:
    from test_hostile_input import huge_png  # a 20000 x 20000 PNG of about 400 KB

    picture = huge_png(tmp_path / "struk.png", 20000)
    dialog = shown_dialog(qtbot, gui_workspace)

    scan(qtbot, dialog, str(picture))  # a path typed or pasted into the field

    qtbot.waitUntil(lambda: bool(dialog.outcome.text()), timeout=5000)
    assert dialog.outcome.text().startswith("Berkas terlalu besar untuk diperiksa.")
