"""Enrolling this PC with the server: typed or scanned code, each refusal said, from the sync
page, the Alat menu and the settings dialog."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from desktop.services.application import Application
from desktop.services.settings import SettingsService
from desktop.services.sync_types import Enrolment, EnrolProblem, EnrolRefused
from desktop.ui import texts
from desktop.ui.enrol_dialog import EnrolDialog, normalise_code
from desktop.ui.main_window import MainWindow
from desktop.ui.settings_dialog import SettingsDialog
from ui.test_sync_page import FakeSync, page_of, settle, status

SERVER = "https://sewaka.contoh.go.id"
CODE = "K7QM-2XPA-9FJD-LC4T"


def make_dialog(qtbot: QtBot, fake: FakeSync, server_url: str = "") -> EnrolDialog:
    dialog = EnrolDialog(fake.enrol, server_url=server_url, device_name="loket-1")
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitActive(dialog):
        dialog.activateWindow()
    return dialog


def press_enter(qtbot: QtBot, dialog: EnrolDialog) -> None:
    qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Return)


@pytest.mark.parametrize(
    ("typed", "tidy"),
    [
        ("k7qm-2xpa-9fjd-lc4t", CODE),
        (" K7QM 2XPA 9FJD LC4T ", CODE),
        ("k7qm2xpa9fjdlc4t", CODE),
        ("K7QM\u20132XPA_9FJD\u2212LC4T", CODE),  # dashes as other layouts and PDFs make them
        ("k7qm-2xpa", "K7QM-2XPA"),  # too short: tidied, left for the service to refuse
    ],
)
def test_a_code_is_tidied_as_typed_or_scanned(typed: str, tidy: str) -> None:
    assert normalise_code(typed) == tidy


def test_enrolling_says_which_office_and_how_many_earlier_records_now_belong_to_it(
    qtbot: QtBot,
) -> None:
    fake = FakeSync()
    dialog = make_dialog(qtbot, fake)
    assert QApplication.focusWidget() is dialog.server_url  # nothing known yet: the address first
    qtbot.keyClicks(dialog.server_url, SERVER)
    qtbot.keyClick(dialog.server_url, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.code, "k7qm 2xpa 9fjd lc4t")
    with qtbot.waitSignal(dialog.enrolled, timeout=5000) as enrolled:
        press_enter(qtbot, dialog)

    assert fake.called("enrol") == [(SERVER, CODE, "loket-1")]
    assert threading.main_thread().name not in fake.threads
    assert isinstance(enrolled.args[0], Enrolment)
    assert dialog.outcome.isVisible()
    assert dialog.outcome.text() == (
        "PC ini sekarang terdaftar ke Desa Sukamaju (SKM01). 12 data yang dibuat sebelum "
        "pendaftaran kini tercatat atas kantor ini dan akan dikirim ke server."
    )
    assert not dialog.problem.isVisible()
    assert dialog.code.text() == CODE
    assert not dialog.enrol_button.isVisible()
    press_enter(qtbot, dialog)  # Enter now closes
    assert not dialog.isVisible()


def test_nothing_to_restamp_is_said_too(qtbot: QtBot) -> None:
    fake = FakeSync()
    fake.enrolment = Enrolment(SERVER, fake.enrolment.office_id, "SKM01", "Desa Sukamaju", 0)
    dialog = make_dialog(qtbot, fake, SERVER)
    qtbot.keyClicks(dialog.code, CODE)
    with qtbot.waitSignal(dialog.enrolled, timeout=5000):
        press_enter(qtbot, dialog)
    assert dialog.outcome.text().endswith("Tidak ada data lama yang perlu dicatat ulang.")


def test_a_scanner_typing_the_code_and_enter_enrols_at_once(qtbot: QtBot) -> None:
    fake = FakeSync()
    dialog = make_dialog(qtbot, fake, SERVER)
    assert QApplication.focusWidget() is dialog.code  # the address is known: ready to scan

    with qtbot.waitSignal(dialog.enrolled, timeout=5000):
        qtbot.keyClicks(dialog.code, "k7qm2xpa9fjdlc4t\r")  # what a USB scanner types

    assert fake.called("enrol") == [(SERVER, CODE, "loket-1")]


def test_a_code_scanned_into_the_address_field_is_moved_to_its_own(qtbot: QtBot) -> None:
    fake = FakeSync()
    dialog = make_dialog(qtbot, fake)
    qtbot.keyClicks(dialog.server_url, "K7QM-2XPA-9FJD-LC4T")
    press_enter(qtbot, dialog)

    assert dialog.code.text() == CODE and dialog.server_url.text() == ""
    assert dialog.problem.text() == "Isi alamat server."
    assert QApplication.focusWidget() is dialog.server_url
    assert fake.called("enrol") == []


def test_empty_fields_are_said_before_anything_is_sent(qtbot: QtBot) -> None:
    fake = FakeSync()
    dialog = make_dialog(qtbot, fake, SERVER)
    press_enter(qtbot, dialog)
    assert dialog.problem.text() == "Isi kode pendaftaran, atau pindai QR-nya."
    assert QApplication.focusWidget() is dialog.code
    assert fake.called("enrol") == []


@pytest.mark.parametrize("problem", list(EnrolProblem))
def test_each_refusal_is_a_sentence_and_keeps_what_was_typed(
    qtbot: QtBot, problem: EnrolProblem
) -> None:
    fake = FakeSync()
    fake.refusal = EnrolRefused(problem, "detail for the log")
    dialog = make_dialog(qtbot, fake, SERVER)
    qtbot.keyClicks(dialog.code, CODE)
    press_enter(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.busy and dialog.problem.text() != "Menghubungi server…")
    settle(qtbot)

    assert dialog.isVisible() and dialog.result_enrolment is None
    assert dialog.problem.text() == texts.enrol_problem(problem)
    assert problem.value not in dialog.problem.text()
    assert (dialog.server_url.text(), dialog.code.text()) == (SERVER, CODE)
    expected = (
        dialog.server_url
        if problem in (EnrolProblem.BAD_URL, EnrolProblem.OFFLINE)
        else dialog.code
    )
    assert QApplication.focusWidget() is expected  # the field to fix, selected for retyping

    fake.refusal = None  # fixed: the same dialog enrols on the next Enter
    with qtbot.waitSignal(dialog.enrolled, timeout=5000):
        press_enter(qtbot, dialog)


def test_refusal_sentences_differ() -> None:
    sentences = [texts.enrol_problem(problem) for problem in EnrolProblem]
    assert len(set(sentences)) == len(sentences)


def test_a_failure_on_this_pc_is_said_without_a_code(qtbot: QtBot) -> None:
    fake = FakeSync()
    fake.refusal = OSError("database is locked")
    dialog = make_dialog(qtbot, fake, SERVER)
    qtbot.keyClicks(dialog.code, CODE)
    press_enter(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.busy)
    settle(qtbot)
    assert dialog.problem.text().startswith("Pendaftaran tidak dapat diselesaikan")
    assert "locked" not in dialog.problem.text()


def test_while_the_server_answers_the_dialog_is_busy_and_stays_open(qtbot: QtBot) -> None:
    fake = FakeSync()
    fake.gate.clear()
    dialog = make_dialog(qtbot, fake, SERVER)
    qtbot.keyClicks(dialog.code, CODE)
    press_enter(qtbot, dialog)
    qtbot.waitUntil(lambda: bool(fake.called("enrol")), timeout=3000)

    assert dialog.busy
    assert dialog.problem.text() == "Menghubungi server…"
    assert not dialog.code.isEnabled() and not dialog.enrol_button.isEnabled()
    assert QApplication.overrideCursor() is not None
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    press_enter(qtbot, dialog)  # a second Enter sends nothing more
    assert dialog.isVisible()

    with qtbot.waitSignal(dialog.enrolled, timeout=5000):
        fake.gate.set()
    assert not dialog.busy and QApplication.overrideCursor() is None
    assert len(fake.called("enrol")) == 1


# -- where it is reached from ------------------------------------------------------------------


@pytest.fixture
def window(
    qtbot: QtBot, gui_app: Application, fake_sync: FakeSync, monkeypatch: pytest.MonkeyPatch
) -> MainWindow:
    monkeypatch.setattr(Application, "sync", property(lambda self: fake_sync), raising=False)
    main = MainWindow(gui_app)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    settle(qtbot)
    return main


@pytest.fixture
def fake_sync() -> FakeSync:
    fake = FakeSync()
    fake.state = status(enrolled=False, server_url="", office_code="", office_name="")
    return fake


def enrol_dialog(qtbot: QtBot) -> EnrolDialog:
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), EnrolDialog), timeout=3000)
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, EnrolDialog)
    return dialog


def test_enrolling_from_the_sync_page_updates_the_page_and_status_bar(
    qtbot: QtBot, window: MainWindow, fake_sync: FakeSync
) -> None:
    window.show_page("sync")
    settle(qtbot)
    page = page_of(window)
    assert page.enrolment.text() == "PC ini belum terdaftar ke server."

    page.enrol_button.click()
    dialog = enrol_dialog(qtbot)
    qtbot.keyClicks(dialog.server_url, SERVER)
    qtbot.keyClicks(dialog.code, CODE)
    fake_sync.state = status()  # what the service says once enrolled
    with qtbot.waitSignal(dialog.enrolled, timeout=5000):
        dialog.enrol_button.click()
    settle(qtbot)

    assert page.enrolment.text().startswith("Terdaftar: Desa Sukamaju (SKM01)")
    assert window.statusBar().currentMessage() == "PC ini terdaftar ke Desa Sukamaju."
    dialog.close_button.click()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=3000)


def test_the_alat_menu_opens_one_dialog_with_the_known_server(
    qtbot: QtBot, window: MainWindow, fake_sync: FakeSync
) -> None:
    fake_sync.state = status()  # enrolled already: the dialog says so and offers the address
    page_of(window)._monitor.refresh()
    settle(qtbot)
    action = window.findChild(QAction, "enrolDevice")
    assert action is not None

    action.trigger()
    dialog = enrol_dialog(qtbot)
    action.trigger()  # pressed again: the same dialog
    assert len([w for w in window.findChildren(EnrolDialog) if w.isVisible()]) == 1
    assert dialog.server_url.text() == SERVER
    assert dialog.current.isVisible()
    assert "sudah terdaftar ke Desa Sukamaju (SKM01)" in dialog.current.text()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=3000)


def test_the_settings_dialog_offers_enrolment_over_itself(
    qtbot: QtBot, window: MainWindow, settings_service: SettingsService
) -> None:
    settings = SettingsDialog(settings_service.load(), None, window)
    qtbot.addWidget(settings)
    settings.open()
    qtbot.waitExposed(settings)
    button = settings.findChild(QPushButton, "settingsEnrol")
    assert button is not None and button.text() == "&Daftarkan PC ke server…"

    button.click()
    dialog = enrol_dialog(qtbot)
    assert dialog.parentWidget() is settings  # above the settings, which stay open
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is settings, timeout=3000)
    settings.reject()


def test_a_settings_dialog_without_the_window_has_no_enrol_button(
    qtbot: QtBot, settings_service: SettingsService
) -> None:
    settings = SettingsDialog(settings_service.load())
    qtbot.addWidget(settings)
    assert settings.findChild(QPushButton, "settingsEnrol") is None
