"""The request list: finding requests, calling the next person, moving statuses."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from desktop.domain.intake import IntakeForm
from desktop.domain.status import Status
from desktop.services.requests import RequestQuery, RequestService
from desktop.ui import operations, request_model
from desktop.ui.requests_page import RequestsPage
from tests.ui.conftest import Clock


def walk_in(service: RequestService, nik: str, name: str, code: str = "SKD") -> str:
    day, month, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    sex = "F" if day > 40 else "M"
    form = IntakeForm(
        nik=nik,
        name=name,
        sex=sex,
        birth_date=f"{day % 40:02d}-{month:02d}-19{yy:02d}",
        address="Jl. Merdeka 1",
        service_code=code,
    )
    return service.register(form).id


def make_page(qtbot: QtBot, service: RequestService, **options: Any) -> RequestsPage:
    page = RequestsPage(service, **options)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    settle(qtbot, page)
    return page


def settle(qtbot: QtBot, page: RequestsPage) -> None:
    """Wait until the list, the detail and every queued operation have arrived."""
    qtbot.wait(150)  # a button's shortcut "clicks" it after 100 ms (animateClick)
    qtbot.waitUntil(lambda: operations.wait_for_all(10) and not page.model.loading, timeout=5000)
    qtbot.wait(20)  # deliver the results queued to the UI thread
    qtbot.waitUntil(lambda: operations.wait_for_all(10), timeout=5000)
    qtbot.wait(20)


def shown_names(page: RequestsPage) -> list[str]:
    model = page.model
    return [model.index(r, 3).data() for r in range(model.rowCount())]


def test_list_shows_todays_requests_with_masked_nik(qtbot: QtBot, requests_service: RequestService):
    walk_in(requests_service, "3273051708850001", "Budi Santoso")
    walk_in(requests_service, "3273055708900003", "Siti Rahmawati", "SKTM")
    page = make_page(qtbot, requests_service)

    assert shown_names(page) == ["Siti Rahmawati", "Budi Santoso"]  # newest first
    assert page.count.text() == "2 permohonan"
    niks = [page.model.index(r, 4).data() for r in range(page.model.rowCount())]
    assert niks == ["327305********03", "327305********01"]
    assert page.model.index(0, 5).data() == "Menunggu"


def test_search_by_name_nik_and_tracking_code(qtbot: QtBot, requests_service: RequestService):
    walk_in(requests_service, "3273051708850001", "Budi Santoso")
    siti = walk_in(requests_service, "3273055708900003", "Siti Rahmawati")
    code = requests_service.detail(siti).row.tracking_code
    page = make_page(qtbot, requests_service)

    qtbot.keyClicks(page.search, "rahma")
    qtbot.waitUntil(lambda: shown_names(page) == ["Siti Rahmawati"], timeout=3000)
    page.search.clear()
    qtbot.keyClicks(page.search, "3273051708")
    qtbot.waitUntil(lambda: shown_names(page) == ["Budi Santoso"], timeout=3000)
    page.search.clear()
    qtbot.keyClicks(page.search, code.replace("-", "").lower())
    qtbot.waitUntil(lambda: shown_names(page) == ["Siti Rahmawati"], timeout=3000)


def test_call_next_then_serve_then_finish(qtbot: QtBot, requests_service: RequestService):
    first = walk_in(requests_service, "3273051708850001", "Budi Santoso")
    walk_in(requests_service, "3273055708900003", "Siti Rahmawati")
    page = make_page(qtbot, requests_service)
    page.service.setCurrentIndex(page.service.findData("SKD"))
    assert page.call_next.isEnabled()

    qtbot.mouseClick(page.call_next, Qt.MouseButton.LeftButton)
    settle(qtbot, page)
    assert "A-001" in page.message.text() and "Budi Santoso" in page.message.text()
    assert requests_service.detail(first).row.status is Status.CALLED

    budi_row = shown_names(page).index("Budi Santoso")
    page.table.selectRow(budi_row)
    assert page.status_buttons[Status.SERVING].isEnabled()
    assert not page.status_buttons[Status.PICKED_UP].isEnabled()
    page.status_buttons[Status.SERVING].click()
    qtbot.waitUntil(lambda: requests_service.detail(first).row.status is Status.SERVING)
    qtbot.waitUntil(lambda: page.model.index(budi_row, 5).data() == "Dilayani", timeout=3000)
    page.status_buttons[Status.READY].click()
    qtbot.waitUntil(
        lambda: page.model.index(budi_row, 5).data() == "Selesai, siap diambil", timeout=3000
    )


def test_rejecting_needs_a_reason(qtbot: QtBot, requests_service: RequestService):
    request_id = walk_in(requests_service, "3273051708850001", "Budi Santoso")
    requests_service.change_status(request_id, Status.CALLED)
    requests_service.change_status(request_id, Status.SERVING)
    page = make_page(qtbot, requests_service)
    page.table.selectRow(0)

    page.move_selected(Status.REJECTED, reason="  ")
    qtbot.waitUntil(lambda: "Alasan wajib diisi" in page.message.text(), timeout=3000)
    assert requests_service.detail(request_id).row.status is Status.SERVING

    page.move_selected(Status.REJECTED, reason="Berkas tidak lengkap")
    qtbot.waitUntil(lambda: page.model.index(0, 5).data() == "Ditolak", timeout=3000)
    qtbot.waitUntil(lambda: "Berkas tidak lengkap" in page.detail.text(), timeout=3000)


def test_day_filter_and_lazy_loading(
    qtbot: QtBot, requests_service: RequestService, gui_clock: Clock, monkeypatch
):
    monkeypatch.setattr(request_model, "PAGE_SIZE", 5)
    for i in range(12):
        walk_in(requests_service, f"32730517088500{i + 10:02d}", f"Warga Nomor {chr(65 + i)}")
        gui_clock.now += dt.timedelta(minutes=1)
    gui_clock.now += dt.timedelta(days=1)
    walk_in(requests_service, "3273051708850099", "Besok Pagi")

    page = make_page(qtbot, requests_service)
    assert shown_names(page) == ["Besok Pagi"]  # "today" is the clock's day
    page.only_day.setChecked(False)
    settle(qtbot, page)
    assert page.count.text() == "13 permohonan"
    # Only the pages the view needs to fill itself are loaded, a page at a time.
    assert page.model.rowCount() < 13 and page.model.rowCount() % 5 == 0
    while page.model.canFetchMore():
        page.model.fetchMore()
        settle(qtbot, page)
    names = shown_names(page)
    assert len(names) == 13 and len(set(names)) == 13
    assert requests_service.count(RequestQuery()) == 13


# -- calling the next person across midnight ----------------------------------------------------


def wib(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=dt.timezone(dt.timedelta(hours=7)))


def test_f5_calls_todays_a001_not_yesterdays_and_shows_it(
    qtbot: QtBot, requests_service: RequestService, gui_clock: Clock
):
    gui_clock.now = wib(23, 15, 30)
    yesterday = walk_in(requests_service, "3273051708850001", "Sisa Kemarin")  # A-001, 23 Nov
    gui_clock.now = wib(24, 7, 55)
    budi = walk_in(requests_service, "3273051708850002", "Budi Santoso")  # A-001 today
    gui_clock.now = wib(24, 8, 0)
    walk_in(requests_service, "3273055708900003", "Siti Rahmawati")  # A-002 today
    page = make_page(qtbot, requests_service)
    page.resize(420, 400)  # a small screen: the table scrolls sideways
    # Filters that hide Budi: another status and a search for someone else.
    page.status.setCurrentIndex(page.status.findData(Status.ON_HOLD.value))
    qtbot.keyClicks(page.search, "siti")
    settle(qtbot, page)
    page.table.horizontalScrollBar().setValue(page.table.horizontalScrollBar().maximum())

    qtbot.keyClick(page.table, Qt.Key.Key_F5)
    settle(qtbot, page)

    assert "A-001" in page.message.text() and "Budi Santoso" in page.message.text()
    assert requests_service.detail(budi).row.status is Status.CALLED
    assert requests_service.detail(yesterday).row.status is Status.WAITING
    selected = page.selected()
    assert selected is not None and selected.id == budi
    index = page.table.currentIndex()
    assert page.table.viewport().rect().contains(page.table.visualRect(index))  # in view
    assert page.table.horizontalScrollBar().value() == 0
    header = page.table.horizontalHeader()
    assert header.sectionSize(0) >= header.sectionSizeHint(0)  # queue column not collapsed
    assert page.table.columnViewportPosition(0) == 0


def test_yesterdays_leftovers_are_marked_as_such(
    qtbot: QtBot, requests_service: RequestService, gui_clock: Clock
):
    gui_clock.now = wib(23, 15, 30)
    walk_in(requests_service, "3273051708850001", "Sisa Kemarin")
    gui_clock.now = wib(24, 8, 0)
    walk_in(requests_service, "3273051708850002", "Budi Santoso")
    page = make_page(qtbot, requests_service)
    qtbot.keyClick(page.only_day, Qt.Key.Key_Space)  # every day
    settle(qtbot, page)

    queues = [page.model.index(r, 0).data() for r in range(page.model.rowCount())]
    assert queues == ["A-001", "A-001 · 23-11"]
    assert "hari sebelumnya" in page.model.index(1, 0).data(Qt.ItemDataRole.ToolTipRole)
    page.table.selectRow(1)
    qtbot.waitUntil(lambda: "hari sebelumnya" in page.detail.text(), timeout=3000)


def test_f5_with_all_services_calls_whoever_came_first(
    qtbot: QtBot, requests_service: RequestService, gui_clock: Clock
):
    first = walk_in(requests_service, "3273055708900003", "Siti Rahmawati", "SKTM")  # B-001
    gui_clock.now += dt.timedelta(minutes=2)
    walk_in(requests_service, "3273051708850001", "Budi Santoso", "SKD")
    page = make_page(qtbot, requests_service)
    assert page.service.currentData() is None  # "Semua layanan"

    qtbot.keyClick(page.table, Qt.Key.Key_F5)
    settle(qtbot, page)

    assert "B-001" in page.message.text()
    assert requests_service.detail(first).row.status is Status.CALLED
    selected = page.selected()
    assert selected is not None and selected.id == first


# -- keyboard: print, status moves, pickup, correction --------------------------------------------


def test_ctrl_p_prints_the_selected_receipt(qtbot: QtBot, gui_workspace, tmp_path):
    from desktop.services.printing import DocumentKind, PrinterSetup, PrintService, Target
    from desktop.ui.print_support import ReceiptPrinter
    from printing.paper import Paper

    service = RequestService(gui_workspace)
    walk_in(service, "3273051708850001", "Budi Santoso")
    device = tmp_path / "lp0"
    device.write_bytes(b"")
    printing = PrintService(gui_workspace)
    printing.save_setup(
        DocumentKind.RECEIPT, PrinterSetup(Target.ESCPOS, str(device), Paper.ROLL_80, False)
    )
    page = make_page(qtbot, service, printer=ReceiptPrinter(printing))
    assert page.selected() is not None

    qtbot.keyClick(page.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)

    qtbot.waitUntil(lambda: b"A-001" in device.read_bytes(), timeout=5000)


def test_status_buttons_show_their_keys_and_the_keys_work(
    qtbot: QtBot, requests_service: RequestService
):
    request_id = walk_in(requests_service, "3273051708850001", "Budi Santoso")
    page = make_page(qtbot, requests_service)
    labels = [b.text() for b in page.status_buttons.values()]
    assert page.status_buttons[Status.SERVING].text() == "Layani (F6)"
    keys = [b.shortcut().toString() for b in page.status_buttons.values()]
    assert all(k and f"({k})" in label for k, label in zip(keys, labels, strict=True))
    taken = {"F1", "F2", "F3", "F4", "F5", "Ctrl+N", "Ctrl+P", "Ctrl+Q", "Ctrl+S", "Ctrl+E"}
    assert not taken & set(keys) and len(set(keys)) == len(keys)

    qtbot.keyClick(page.table, Qt.Key.Key_F5, Qt.KeyboardModifier.ShiftModifier)  # call Budi
    settle(qtbot, page)
    qtbot.keyClick(page.table, Qt.Key.Key_F6)  # serve
    settle(qtbot, page)
    qtbot.keyClick(page.table, Qt.Key.Key_F8)  # ready
    settle(qtbot, page)

    assert requests_service.detail(request_id).row.status is Status.READY
    assert page.model.index(0, 5).data() == "Selesai, siap diambil"


def ready_request(service: RequestService, nik: str, name: str) -> str:
    request_id = walk_in(service, nik, name)
    for status in (Status.CALLED, Status.SERVING, Status.READY):
        service.change_status(request_id, status)
    return request_id


def test_pickup_records_who_collected_the_document(qtbot: QtBot, requests_service: RequestService):
    request_id = ready_request(requests_service, "3273051708850001", "Budi Santoso")
    page = make_page(qtbot, requests_service)

    qtbot.keyClick(page.table, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: page.pending_dialog is not None, timeout=3000)
    dialog = page.pending_dialog
    assert dialog is not None and "Budi Santoso" in dialog.labelText()
    edit = dialog.findChild(QLineEdit)
    qtbot.keyClicks(edit, "Ahmad Fauzi (adik)")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    settle(qtbot, page)

    assert requests_service.detail(request_id).collected_by == "Ahmad Fauzi (adik)"
    qtbot.waitUntil(lambda: "diambil oleh Ahmad Fauzi (adik)" in page.detail.text(), timeout=3000)


def test_pickup_by_the_applicant_needs_only_enter(qtbot: QtBot, requests_service: RequestService):
    request_id = ready_request(requests_service, "3273051708850001", "Budi Santoso")
    page = make_page(qtbot, requests_service)

    qtbot.keyClick(page.table, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: page.pending_dialog is not None, timeout=3000)
    edit = page.pending_dialog.findChild(QLineEdit)  # type: ignore[union-attr]
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    settle(qtbot, page)

    detail = requests_service.detail(request_id)
    assert detail.row.status is Status.PICKED_UP and detail.collected_by == ""
    qtbot.waitUntil(lambda: "diambil pemohon sendiri" in page.detail.text(), timeout=3000)


def test_correcting_a_request_with_the_keyboard(qtbot: QtBot, requests_service: RequestService):
    request_id = walk_in(requests_service, "3273051708850001", "Budi Santosa")
    page = make_page(qtbot, requests_service)

    qtbot.keyClick(page.table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.correction_dialog is not None, timeout=3000)
    dialog = page.correction_dialog
    assert dialog is not None
    assert dialog.name.text() == "Budi Santosa" and dialog.name.hasFocus()
    assert "tidak dapat dikoreksi" in dialog.findChild(QLabel, "nikNote").text()
    qtbot.keyClicks(dialog.name, "Budi Santoso")  # the name is selected: typing replaces it
    qtbot.keyClick(dialog, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)  # &Telepon
    assert dialog.phone.hasFocus()
    qtbot.keyClicks(dialog.phone, "12345")
    qtbot.keyClick(dialog, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)  # A&lasan koreksi
    qtbot.keyClicks(dialog.reason, "Salah ketik")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, page)

    # Refused: said next to the phone, nothing typed lost, nothing saved.
    assert dialog.isVisible() and page.correction_dialog is dialog
    assert dialog.problems["phone"].isVisibleTo(dialog)
    assert "telepon tidak valid" in dialog.problems["phone"].text()
    assert dialog.name.text() == "Budi Santoso" and dialog.reason.text() == "Salah ketik"
    assert requests_service.detail(request_id).row.name == "Budi Santosa"

    dialog.phone.setFocus()
    dialog.phone.selectAll()
    qtbot.keyClicks(dialog.phone, "0812 3456 7890")
    qtbot.keyClick(dialog.phone, Qt.Key.Key_Return)
    settle(qtbot, page)

    assert page.correction_dialog is None
    assert requests_service.detail(request_id).row.name == "Budi Santoso"
    assert page.model.index(0, 3).data() == "Budi Santoso"
    qtbot.waitUntil(lambda: "Dikoreksi: nama, telepon" in page.detail.text(), timeout=3000)
    assert "Salah ketik" in page.detail.text()


def test_search_finds_a_queue_number_as_said(qtbot: QtBot, requests_service: RequestService):
    walk_in(requests_service, "3273051708850001", "Budi Santoso")
    walk_in(requests_service, "3273055708900003", "Siti Rahmawati")
    page = make_page(qtbot, requests_service)
    qtbot.keyClicks(page.search, "a2")
    qtbot.waitUntil(lambda: shown_names(page) == ["Siti Rahmawati"], timeout=3000)


# -- off the UI thread ----------------------------------------------------------------------------


def test_list_work_runs_off_the_ui_thread_and_late_results_are_dropped(
    qtbot: QtBot, requests_service: RequestService, monkeypatch
):
    import threading
    import time

    walk_in(requests_service, "3273051708850001", "Budi Santoso")
    walk_in(requests_service, "3273055708900003", "Siti Rahmawati")
    threads: set[str] = set()
    for name in ("search", "count", "detail", "call_next", "change_status"):
        original = getattr(requests_service, name)

        def spy(*args: Any, _original: Any = original, **kwargs: Any) -> Any:
            threads.add(threading.current_thread().name)
            query = args[0] if args else None
            if isinstance(query, RequestQuery) and query.text == "siti":
                time.sleep(0.4)  # an old, slow search
            return _original(*args, **kwargs)

        monkeypatch.setattr(requests_service, name, spy)
    page = make_page(qtbot, requests_service)
    qtbot.keyClick(page.table, Qt.Key.Key_F5)
    settle(qtbot, page)
    qtbot.keyClick(page.table, Qt.Key.Key_F6)
    settle(qtbot, page)

    page.search.setText("siti")
    page.apply_filters()
    page.search.setText("budi")
    page.apply_filters()
    settle(qtbot, page)
    qtbot.wait(500)
    settle(qtbot, page)

    assert shown_names(page) == ["Budi Santoso"]  # the slow "siti" result came too late
    assert threads and threading.main_thread().name not in threads


# -- languages and the detail -------------------------------------------------------------------


def test_count_uses_plural_forms_and_the_languages_thousands_separator(
    qtbot: QtBot, requests_service: RequestService, monkeypatch
):
    monkeypatch.setattr(requests_service, "count", lambda query: 12345)
    indonesian = make_page(qtbot, requests_service)
    assert indonesian.count.text() == "12.345 permohonan"
    english = make_page(qtbot, requests_service, language="en")
    assert english.count.text().startswith("12,345 ")
    assert english.service.itemText(english.service.findData("SKD")) == (
        "A · Certificate of domicile"
    )


def test_detail_shows_readable_durations_and_the_identity_override(
    qtbot: QtBot, requests_service: RequestService, gui_workspace, gui_clock: Clock
):
    from desktop.models.tables import ServiceRequest

    request_id = walk_in(requests_service, "3273051708850001", "Budi Santoso")
    with gui_workspace.transaction() as session:
        request = session.get(ServiceRequest, request_id)
        request.identity_override = "KTP lama mencatat tanggal lahir lain"
    gui_clock.now += dt.timedelta(minutes=80)
    requests_service.change_status(request_id, Status.CALLED)
    page = make_page(qtbot, requests_service)

    qtbot.waitUntil(lambda: "KTP lama mencatat" in page.detail.text(), timeout=3000)
    assert "Menunggu (1 jam 20 menit)" in page.detail.text()
    assert "Dipanggil (0 menit)" in page.detail.text()  # open until the office clock's now
