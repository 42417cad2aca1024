"""The request list: finding requests, calling the next person, moving statuses."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.domain.intake import IntakeForm
from desktop.domain.status import Status
from desktop.services.requests import RequestQuery, RequestService
from desktop.ui import request_model
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


def make_page(qtbot: QtBot, service: RequestService) -> RequestsPage:
    page = RequestsPage(service)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    return page


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
    assert not page.call_next.isEnabled()  # which queue? choose a service first
    page.service.setCurrentIndex(page.service.findData("SKD"))
    assert page.call_next.isEnabled()

    qtbot.mouseClick(page.call_next, Qt.MouseButton.LeftButton)
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
    assert "Berkas tidak lengkap" in page.detail.text()


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
    assert page.count.text() == "13 permohonan"
    assert page.model.rowCount() == 5  # only the first page is loaded
    while page.model.canFetchMore():
        page.model.fetchMore()
    names = shown_names(page)
    assert len(names) == 13 and len(set(names)) == 13
    assert requests_service.count(RequestQuery()) == 13
