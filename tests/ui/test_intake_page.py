"""The intake form driven as a clerk would: typing, Tab, Enter; never the mouse."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.domain.intake import Field
from desktop.services.requests import RequestQuery, RequestService
from desktop.ui.intake_page import IntakePage

NIK_SITI = "3273055708900003"  # Bandung, woman, born 17-08-1990


def make_page(qtbot: QtBot, service: RequestService) -> IntakePage:
    page = IntakePage(service)
    qtbot.addWidget(page)
    with qtbot.waitActive(page):
        page.show()
        page.activateWindow()
    page.nik.setFocus()
    return page


def type_and_tab(qtbot: QtBot, text: str) -> None:
    widget = QApplication.focusWidget()
    assert widget is not None
    if text:
        qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Tab)


def fill_by_keyboard(qtbot: QtBot, page: IntakePage, nik: str = NIK_SITI) -> None:
    """NIK, name, sex, birth date, address, RT, RW, hamlet, phone, service, documents."""
    type_and_tab(qtbot, nik)
    assert QApplication.focusWidget() is page.name
    type_and_tab(qtbot, "Siti Rahmawati")
    assert QApplication.focusWidget() is page.sex
    # The NIK already chose "Perempuan" and the birth date; the clerk just tabs on.
    type_and_tab(qtbot, "")
    assert QApplication.focusWidget() is page.birth_date
    type_and_tab(qtbot, "")
    type_and_tab(qtbot, "Jl. Melati No. 12")
    type_and_tab(qtbot, "3")
    type_and_tab(qtbot, "5")
    type_and_tab(qtbot, "Dusun Krajan")
    type_and_tab(qtbot, "0812-3456-7890")
    assert QApplication.focusWidget() is page.service
    qtbot.keyClick(page.service, Qt.Key.Key_Down)  # first service: Surat Keterangan Domisili
    qtbot.keyClick(page.service, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.documents
    qtbot.keyClick(page.documents, Qt.Key.Key_Space)  # tick "Surat pengantar RT/RW"


def test_walk_in_registered_with_keyboard_only(qtbot: QtBot, requests_service: RequestService):
    page = make_page(qtbot, requests_service)
    fill_by_keyboard(qtbot, page)

    qtbot.keyClick(page.documents, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: page.result.queue.text() == "A-001", timeout=5000)
    assert "Siti Rahmawati" in page.result.details.text()
    assert "327305********03" in page.result.details.text()  # masked on screen
    assert NIK_SITI not in page.result.details.text()
    assert page.nik.text() == "" and QApplication.focusWidget() is page.nik  # ready for next

    stored = requests_service.search(RequestQuery(text=NIK_SITI)).rows
    assert len(stored) == 1
    row = stored[0]
    assert (row.queue_number, row.service_code, row.name) == ("A-001", "SKD", "Siti Rahmawati")
    detail = requests_service.detail(row.id)
    assert detail.documents == ("Surat pengantar RT/RW",)
    person = requests_service.find_person(NIK_SITI)
    assert person is not None
    assert (person.sex, person.birth_date.isoformat(), person.rt, person.rw) == (
        "F",
        "1990-08-17",
        "003",
        "005",
    )
    assert person.phone == "081234567890"


def test_second_walk_in_gets_next_number(qtbot: QtBot, requests_service: RequestService):
    page = make_page(qtbot, requests_service)
    fill_by_keyboard(qtbot, page)
    qtbot.keyClick(page.documents, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.result.queue.text() == "A-001", timeout=5000)

    fill_by_keyboard(qtbot, page, nik="3273051708850001")
    qtbot.keyClick(page.documents, Qt.Key.Key_Enter)
    qtbot.waitUntil(lambda: page.result.queue.text() == "A-002", timeout=5000)


def test_nik_shows_what_it_says_while_typing(qtbot: QtBot, requests_service: RequestService):
    page = make_page(qtbot, requests_service)
    qtbot.keyClicks(page.nik, "327305")
    assert page.nik_info.text() == "6 dari 16 angka"
    qtbot.keyClicks(page.nik, "5708900003")
    text = page.nik_info.text()
    assert "Perempuan" in text and "17-08-1990" in text and "Jawa Barat" in text


def test_pasted_nik_with_spaces_and_dots_is_cleaned(qtbot: QtBot, requests_service: RequestService):
    page = make_page(qtbot, requests_service)
    page.nik.insert("32.73.05 5708 9000 03")
    page.nik.textEdited.emit(page.nik.text())  # what a paste shortcut emits
    assert page.nik.text() == NIK_SITI
    assert "NIK valid" in page.nik_info.text()


def test_wrong_nik_is_explained_and_nothing_is_saved(
    qtbot: QtBot, requests_service: RequestService
):
    page = make_page(qtbot, requests_service)
    fill_by_keyboard(qtbot, page, nik="3273053208900003")  # 32 August does not exist
    qtbot.keyClick(page.documents, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: "Belum tersimpan" in page.message.text(), timeout=5000)
    assert "tidak ada di kalender" in page.error_text(Field.NIK)
    assert page.nik.text() == "3273053208900003"  # nothing typed is lost
    assert page.name.text() == "Siti Rahmawati"
    assert page.address.text() == "Jl. Melati No. 12"
    assert QApplication.focusWidget() is page.nik  # cursor goes to the first problem
    assert requests_service.count(RequestQuery()) == 0


def test_bad_input_gets_message_next_to_each_field(qtbot: QtBot, requests_service: RequestService):
    page = make_page(qtbot, requests_service)
    page.nik.setText(NIK_SITI)
    page.name.setText("")
    page.sex.setCurrentIndex(1)  # Laki-laki: the NIK says a woman
    page.birth_date.setText("01-01-2999")
    page.address.setText("Jl. Melati")
    page.service.setCurrentIndex(1)
    long_note = "catatan " * 625  # 5,000 characters
    page.notes.setPlainText(long_note)
    page.save()

    qtbot.waitUntil(lambda: "Belum tersimpan" in page.message.text(), timeout=5000)
    assert page.error_text(Field.NAME) == "Wajib diisi."
    assert "masa depan" in page.error_text(Field.BIRTH_DATE)
    assert "jenis kelamin pada NIK" in page.error_text(Field.SEX)
    assert "2000" in page.error_text(Field.NOTES)
    assert page.notes.toPlainText() == long_note  # the long note is kept, not cut
    assert "5000/2000" in page.notes_count.text()
    assert requests_service.count(RequestQuery()) == 0

    # Fixing a field clears its message as the clerk types.
    qtbot.keyClicks(page.name, "Siti")
    assert page.error_text(Field.NAME) == ""


def test_known_nik_fills_the_persons_details(qtbot: QtBot, requests_service: RequestService):
    page = make_page(qtbot, requests_service)
    fill_by_keyboard(qtbot, page)
    qtbot.keyClick(page.documents, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.result.queue.text() == "A-001", timeout=5000)

    qtbot.keyClicks(page.nik, NIK_SITI)
    qtbot.waitUntil(lambda: page.name.text() == "Siti Rahmawati", timeout=3000)
    assert page.address.text() == "Jl. Melati No. 12"
    assert (page.rt.text(), page.rw.text()) == ("003", "005")
    assert page.hamlet.text() == "Dusun Krajan"
    assert page.birth_date.text() == "17-08-1990"
    assert page.sex.currentData() == "F"
    assert "kunjungan sebelumnya" in page.message.text()


def test_shift_enter_in_notes_makes_a_new_line(qtbot: QtBot, requests_service: RequestService):
    page = make_page(qtbot, requests_service)
    page.notes.setFocus()
    qtbot.keyClicks(page.notes, "baris satu")
    qtbot.keyClick(page.notes, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(page.notes, "baris dua")
    assert page.notes.toPlainText() == "baris satu\nbaris dua"
    assert requests_service.count(RequestQuery()) == 0


def test_overlong_name_is_kept_whole_and_explained(qtbot: QtBot, requests_service: RequestService):
    page = make_page(qtbot, requests_service)
    fill_by_keyboard(qtbot, page)
    long_name = "Siti " + "Rahmawati " * 20  # 205 characters, pasted from somewhere
    page.name.setText(long_name)
    page.save()
    qtbot.waitUntil(lambda: "Belum tersimpan" in page.message.text(), timeout=5000)
    assert page.name.text() == long_name
    assert "100" in page.error_text(Field.NAME)
    assert requests_service.count(RequestQuery()) == 0
