"""The intake form driven as a clerk would: typing, Tab, Enter; never the mouse."""

from __future__ import annotations

import dataclasses
import threading

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from desktop.domain import nik as nik_rules
from desktop.domain.intake import Field, IntakeForm, format_date
from desktop.services.requests import PersonInfo, RequestQuery, RequestRow, RequestService
from desktop.services.workspace import Workspace
from desktop.ui import operations
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


# -- second pass: what a clerk meets in a day ----------------------------------------------

NIK_BUDI = "3273051708850001"  # Bandung, man, born 17-08-1985
NIK_AGUS = "3273050203800007"  # Bandung, man, born 02-03-1980


def register_directly(service: RequestService, nik: str, name: str, **changes: str) -> RequestRow:
    """Someone who came before (through the service, as yesterday's clerk did)."""
    info = nik_rules.parse(nik)
    form = IntakeForm(
        nik=nik,
        name=name,
        sex=info.sex.value,
        birth_date=format_date(info.birth_date),
        address=f"Jl. {name.split()[0]} No. 1",
        rt="1",
        rw="2",
        hamlet=f"Dusun {name.split()[0]}",
        phone="0811-1111-1111",
        service_code="SKD",
    )
    return service.register(dataclasses.replace(form, **changes))


def retype_nik(qtbot: QtBot, page: IntakePage, nik: str) -> None:
    """Back to the NIK field (Shift+Tab from the name), type over it, Tab on."""
    page.name.setFocus()
    qtbot.keyClick(page.name, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is page.nik
    qtbot.keyClick(page.nik, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(page.nik, nik)
    qtbot.keyClick(page.nik, Qt.Key.Key_Tab)


def modal(qtbot: QtBot, name: str) -> QWidget:
    qtbot.waitUntil(
        lambda: (w := QApplication.activeModalWidget()) is not None and w.objectName() == name,
        timeout=5000,
    )
    dialog = QApplication.activeModalWidget()
    assert dialog is not None
    return dialog


def no_modal(qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=5000)


def visible_labels_saying(page: IntakePage, words: str) -> list[QLabel]:
    return [w for w in page.findChildren(QLabel) if w.isVisible() and words in w.text()]


def test_new_nik_clears_the_previous_persons_details_but_keeps_what_the_clerk_typed(
    qtbot: QtBot, requests_service: RequestService
):
    register_directly(requests_service, NIK_SITI, "Siti Rahmawati")
    page = make_page(qtbot, requests_service)
    type_and_tab(qtbot, NIK_SITI)
    qtbot.waitUntil(lambda: page.name.text() == "Siti Rahmawati", timeout=3000)
    page.phone.setFocus()
    qtbot.keyClick(page.phone, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(page.phone, "0813-2222-3333")  # the clerk's own words
    page.notes.setFocus()
    qtbot.keyClicks(page.notes, "Datang bersama anak")

    retype_nik(qtbot, page, NIK_BUDI)  # a NIK nobody has used here

    qtbot.waitUntil(lambda: page.birth_date.text() == "17-08-1985", timeout=3000)
    assert page.name.text() == ""  # not Siti's name under Budi's NIK
    assert page.address.text() == ""
    assert (page.rt.text(), page.rw.text(), page.hamlet.text()) == ("", "", "")
    assert page.sex.currentData() == "M"  # what the new NIK says
    assert page.phone.text() == "0813-2222-3333"  # typed by the clerk: kept
    assert page.notes.toPlainText() == "Datang bersama anak"
    assert "kunjungan sebelumnya" not in page.message.text()


def test_new_nik_of_another_known_person_fills_that_person(
    qtbot: QtBot, requests_service: RequestService
):
    register_directly(requests_service, NIK_SITI, "Siti Rahmawati")
    register_directly(requests_service, NIK_BUDI, "Budi Santoso")
    page = make_page(qtbot, requests_service)
    type_and_tab(qtbot, NIK_SITI)
    qtbot.waitUntil(lambda: page.name.text() == "Siti Rahmawati", timeout=3000)

    retype_nik(qtbot, page, NIK_BUDI)

    qtbot.waitUntil(lambda: page.name.text() == "Budi Santoso", timeout=3000)
    assert page.address.text() == "Jl. Budi No. 1"
    assert page.hamlet.text() == "Dusun Budi"
    assert page.birth_date.text() == "17-08-1985"
    assert page.sex.currentData() == "M"


def test_a_changed_name_is_the_clerks_and_stays_when_the_nik_changes(
    qtbot: QtBot, requests_service: RequestService
):
    register_directly(requests_service, NIK_SITI, "Siti Rahmawati")
    page = make_page(qtbot, requests_service)
    type_and_tab(qtbot, NIK_SITI)
    qtbot.waitUntil(lambda: page.name.text() == "Siti Rahmawati", timeout=3000)
    qtbot.keyClick(page.name, Qt.Key.Key_End)
    qtbot.keyClicks(page.name, " Putri")  # the clerk corrects the name by hand

    retype_nik(qtbot, page, "3273055708900011")  # the same woman's NIK with a typo fixed

    qtbot.waitUntil(lambda: "NIK valid" in page.nik_info.text(), timeout=3000)
    assert page.name.text() == "Siti Rahmawati Putri"  # edited by the clerk: kept
    assert page.address.text() == ""  # filled from the old NIK and not touched: cleared


def test_a_wrong_nik_is_explained_once(qtbot: QtBot, requests_service: RequestService):
    page = make_page(qtbot, requests_service)
    fill_by_keyboard(qtbot, page, nik="3273053208900003")  # 32 August does not exist
    qtbot.keyClick(page.documents, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: "Belum tersimpan" in page.message.text(), timeout=5000)
    assert len(visible_labels_saying(page, "tidak ada di kalender")) == 1


def test_the_fields_to_fix_are_counted_down_as_the_clerk_fixes_them(
    qtbot: QtBot, requests_service: RequestService
):
    page = make_page(qtbot, requests_service)
    fill_by_keyboard(qtbot, page)
    for edit in (page.name, page.address, page.rt):
        edit.setFocus()
        qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(page.rt, "0")
    qtbot.keyClick(page.rt, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "perbaiki 3 isian" in page.message.text(), timeout=5000)

    qtbot.keyClicks(page.name, "Siti 2")  # still wrong: a digit in a name
    assert "perbaiki 3 isian" in page.message.text()
    assert page.error_text(Field.NAME) != ""
    qtbot.keyClick(page.name, Qt.Key.Key_Backspace)
    assert "perbaiki 2 isian" in page.message.text()
    assert page.error_text(Field.NAME) == ""

    page.address.setFocus()
    qtbot.keyClicks(page.address, "Jl. Melati No. 12")
    assert "perbaiki 1 isian" in page.message.text()

    page.rt.setFocus()
    qtbot.keyClick(page.rt, Qt.Key.Key_Backspace)
    qtbot.keyClicks(page.rt, "3")
    assert "Belum tersimpan" not in page.message.text()
    assert "sudah diperbaiki" in page.message.text() and "Enter" in page.message.text()
    qtbot.keyClick(page.rt, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.result.queue.text() == "A-001", timeout=5000)


def test_same_person_and_service_today_warns_and_enter_goes_back_without_saving(
    qtbot: QtBot, requests_service: RequestService
):
    first = register_directly(requests_service, NIK_SITI, "Siti Rahmawati")
    page = make_page(qtbot, requests_service)
    fill_by_keyboard(qtbot, page)
    qtbot.keyClick(page.documents, Qt.Key.Key_Return)

    dialog = modal(qtbot, "openRequestDialog")
    assert first.queue_number in " ".join(w.text() for w in dialog.findChildren(QLabel))
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # the safe default: back to the form
    no_modal(qtbot)

    assert requests_service.count(RequestQuery()) == 1
    assert page.name.text() == "Siti Rahmawati"  # nothing typed is lost
    assert "Belum tersimpan" in page.message.text()

    qtbot.keyClick(page.documents, Qt.Key.Key_Return)  # ask again, and continue this time
    dialog = modal(qtbot, "openRequestDialog")
    qtbot.keyClick(dialog, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)  # &Tetap simpan
    qtbot.waitUntil(lambda: page.result.queue.text() == "A-002", timeout=5000)
    assert requests_service.count(RequestQuery()) == 2


def test_escape_at_the_open_request_warning_saves_nothing(
    qtbot: QtBot, requests_service: RequestService
):
    register_directly(requests_service, NIK_SITI, "Siti Rahmawati")
    page = make_page(qtbot, requests_service)
    fill_by_keyboard(qtbot, page)
    qtbot.keyClick(page.documents, Qt.Key.Key_Return)
    dialog = modal(qtbot, "openRequestDialog")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    no_modal(qtbot)
    assert requests_service.count(RequestQuery()) == 1


def fill_with_a_different_birth_date(qtbot: QtBot, page: IntakePage) -> None:
    fill_by_keyboard(qtbot, page)
    page.birth_date.setFocus()
    qtbot.keyClick(page.birth_date, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(page.birth_date, "18-08-1990")  # the KTP says 17-08 in the NIK
    qtbot.keyClick(page.birth_date, Qt.Key.Key_Return)


def test_birth_date_disagreeing_with_the_nik_is_saved_with_a_reason(
    qtbot: QtBot, requests_service: RequestService
):
    page = make_page(qtbot, requests_service)
    fill_with_a_different_birth_date(qtbot, page)

    dialog = modal(qtbot, "identityOverrideDialog")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # no reason yet: stays open
    assert QApplication.activeModalWidget() is dialog
    qtbot.keyClicks(QApplication.focusWidget(), "Tanggal di KTP salah cetak")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: page.result.queue.text() == "A-001", timeout=5000)
    row = requests_service.search(RequestQuery(text=NIK_SITI)).rows[0]
    assert requests_service.detail(row.id).identity_override == "Tanggal di KTP salah cetak"


def test_escape_at_the_reason_keeps_the_form_and_saves_nothing(
    qtbot: QtBot, requests_service: RequestService
):
    page = make_page(qtbot, requests_service)
    fill_with_a_different_birth_date(qtbot, page)
    modal(qtbot, "identityOverrideDialog")
    qtbot.keyClicks(QApplication.focusWidget(), "setengah")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    no_modal(qtbot)

    assert requests_service.count(RequestQuery()) == 0
    assert page.birth_date.text() == "18-08-1990"
    assert "tanggal lahir pada NIK" in page.error_text(Field.BIRTH_DATE)
    assert "Belum tersimpan" in page.message.text()
    assert "alasan" in page.message.text()  # says how to save anyway


def test_other_problems_are_shown_before_any_reason_is_asked(
    qtbot: QtBot, requests_service: RequestService
):
    page = make_page(qtbot, requests_service)
    fill_by_keyboard(qtbot, page)
    page.birth_date.setText("18-08-1990")
    page.name.clear()
    page.save()
    qtbot.waitUntil(lambda: "Belum tersimpan" in page.message.text(), timeout=5000)
    assert QApplication.activeModalWidget() is None
    assert page.error_text(Field.NAME) == "Wajib diisi."


def test_person_is_looked_up_off_the_ui_thread_and_a_late_answer_is_ignored(
    qtbot: QtBot, requests_service: RequestService, monkeypatch
):
    register_directly(requests_service, NIK_SITI, "Siti Rahmawati")
    register_directly(requests_service, NIK_AGUS, "Agus Salim")
    real = requests_service.find_person
    siti_may_answer = threading.Event()
    threads: list[threading.Thread] = []

    def slow_for_siti(nik: str) -> PersonInfo | None:
        threads.append(threading.current_thread())
        if nik == NIK_SITI:
            siti_may_answer.wait(5)
        return real(nik)

    monkeypatch.setattr(requests_service, "find_person", slow_for_siti)
    page = make_page(qtbot, requests_service)
    type_and_tab(qtbot, NIK_SITI)  # Siti's look-up hangs (a slow disk)
    qtbot.waitUntil(lambda: len(threads) == 1, timeout=3000)
    assert threads[0] is not threading.main_thread()
    retype_nik(qtbot, page, NIK_AGUS)  # the clerk had the wrong KTP in hand
    qtbot.waitUntil(lambda: page.name.text() == "Agus Salim", timeout=3000)

    siti_may_answer.set()
    operations.wait_for_all()
    qtbot.wait(50)  # let the late answer reach the UI thread

    assert page.name.text() == "Agus Salim"
    assert page.address.text() == "Jl. Agus No. 1"
    assert page.sex.currentData() == "M"


def test_english_mode_names_the_service_in_english(qtbot: QtBot, requests_service: RequestService):
    page = IntakePage(requests_service, language="en")
    qtbot.addWidget(page)
    with qtbot.waitActive(page):
        page.show()
        page.activateWindow()
    page.nik.setFocus()
    fill_by_keyboard(qtbot, page)
    assert "Certificate of domicile" in page.service.currentText()
    qtbot.keyClick(page.documents, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.result.queue.text() == "A-001", timeout=5000)
    assert "Certificate of domicile" in page.result.details.text()
    assert "Surat Keterangan Domisili" not in page.result.details.text()


def test_a_busy_database_says_so_and_keeps_what_was_typed(
    qtbot: QtBot, requests_service: RequestService, gui_workspace: Workspace, monkeypatch
):
    from desktop.services.startup import DatabaseProblem, ProblemKind

    def busy(*args: object, **kwargs: object) -> RequestRow:
        raise DatabaseProblem(ProblemKind.BUSY, gui_workspace.home / "sewaka.sqlite3")

    page = make_page(qtbot, requests_service)
    fill_by_keyboard(qtbot, page)
    monkeypatch.setattr(requests_service, "register", busy)

    qtbot.keyClick(page.documents, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: "Sewaka lain sedang memakai data ini" in page.message.text())
    assert "kesalahan sistem" not in page.message.text()
    assert page.nik.text() == NIK_SITI and page.name.text() == "Siti Rahmawati"
    assert page.result.queue.text() != "A-001"
