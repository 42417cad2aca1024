"""The sync page (F4) and the status-bar indicator: what staff see of sync.

The sync service is faked at its boundary (``Application.sync``): these tests are about
what the page and the status bar say and do, and that they never ask the service on the UI
thread. ``FakeSync`` is shared with the enrolment dialog's tests.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import threading

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot
from support import SITI_NIK, valid_form

from desktop.services.application import Application
from desktop.services.integrity import Damage
from desktop.services.requests import RequestService
from desktop.services.sync_types import (
    Enrolment,
    EnrolProblem,
    RecordState,
    SyncProblem,
    SyncRecord,
    SyncReport,
    SyncStatus,
)
from desktop.ui import operations, sync_page, texts
from desktop.ui.main_window import MainWindow
from desktop.ui.sync_feature import SyncIndicator
from desktop.ui.sync_page import SyncMonitor, SyncPage
from sync.wire import Reason

NIK = "3273055708900003"
UTC = dt.UTC
T0 = dt.datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # 09:00 WIB


def status(**changes: object) -> SyncStatus:
    base = SyncStatus(
        enrolled=True,
        server_url="https://sewaka.contoh.go.id",
        office_code="SKM01",
        office_name="Desa Sukamaju",
        online=True,
        syncing=False,
        pending=0,
        sent=0,
        confirmed=120,
        attention=0,
        reconciled=True,
        last_confirmed_at=T0,
        last_attempt_at=T0,
        next_attempt_at=None,
        problem=None,
        clock_skew=dt.timedelta(seconds=3),
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def record(seq: int, state: RecordState, label: str = "", reason: str = "") -> SyncRecord:
    return SyncRecord(
        seq=seq,
        entity="service_request",
        entity_id=f"0190a0b0-0000-7000-8000-{seq:012d}",
        version=1,
        operation="insert",
        state=state,
        label=label or f"A-{seq:03d} · 7KQ2-M9XD-{seq % 10}",
        queued_at=T0 + dt.timedelta(minutes=seq),
        attempts=0 if state is RecordState.PENDING else 1,
        reason=reason,
    )


def report(**changes: object) -> SyncReport:
    base = SyncReport(
        pushed=5,
        duplicates=1,
        rejected=0,
        pulled=2,
        resent=0,
        reconciled=True,
        pending=0,
        quarantined=0,
        server_time=T0,
        clock_skew=dt.timedelta(seconds=1),
        problem=None,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


class FakeSync:
    """The sync service as the UI sees it; remembers every call and the thread it came on."""

    def __init__(self) -> None:
        self.state = status()
        self.all_records: list[SyncRecord] = []
        self.next_report = report()
        self.enrolment = Enrolment(
            server_url="https://sewaka.contoh.go.id",
            office_id="0190a0b0-0000-7000-8000-00000000abcd",
            office_code="SKM01",
            office_name="Desa Sukamaju",
            restamped_rows=12,
        )
        self.refusal: Exception | None = None
        self.gate = threading.Event()
        self.gate.set()  # a test clears it to hold sync_once or enrol "on the network"
        self.calls: list[tuple[str, tuple[object, ...]]] = []
        self.threads: set[str] = set()
        self._lock = threading.Lock()

    def _called(self, name: str, *args: object) -> None:
        with self._lock:
            self.calls.append((name, args))
            self.threads.add(threading.current_thread().name)

    def called(self, name: str) -> list[tuple[object, ...]]:
        with self._lock:
            return [args for called, args in self.calls if called == name]

    def status(self) -> SyncStatus:
        self._called("status")
        return self.state

    def records(self, state: RecordState | None, limit: int) -> list[SyncRecord]:
        self._called("records", state, limit)
        found = [r for r in self.all_records if state is None or r.state is state]
        return sorted(found, key=lambda r: r.seq, reverse=True)[:limit]

    def enrol(self, server_url: str, code: str, device_name: str = "") -> Enrolment:
        self._called("enrol", server_url, code, device_name)
        assert self.gate.wait(10)
        if self.refusal is not None:
            raise self.refusal
        return self.enrolment

    def sync_once(self) -> SyncReport:
        self._called("sync_once")
        assert self.gate.wait(10)
        return self.next_report

    def nudge(self) -> None:
        self._called("nudge")

    def requeue_attention(self, seq: int) -> None:
        self._called("requeue_attention", seq)
        self.all_records = [
            dataclasses.replace(r, state=RecordState.PENDING, reason="") if r.seq == seq else r
            for r in self.all_records
        ]


@pytest.fixture
def fake_sync() -> FakeSync:
    return FakeSync()


@pytest.fixture
def window(
    qtbot: QtBot, gui_app: Application, fake_sync: FakeSync, monkeypatch: pytest.MonkeyPatch
) -> MainWindow:
    """The whole main window, its sync service faked."""
    monkeypatch.setattr(Application, "sync", property(lambda self: fake_sync), raising=False)
    main = MainWindow(gui_app)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    settle(qtbot)
    return main


def settle(qtbot: QtBot) -> None:
    """Let every queued read finish and its result arrive (twice: a result may queue more)."""
    for _ in range(3):
        qtbot.waitUntil(lambda: operations.wait_for_all(10), timeout=5000)
        qtbot.wait(20)


def page_of(window: MainWindow) -> SyncPage:
    page = window.page("sync")
    assert isinstance(page, SyncPage)
    return page


def indicator(window: MainWindow) -> SyncIndicator:
    found = window.statusBar().findChild(SyncIndicator, "syncIndicator")
    assert found is not None
    return found


def open_page(qtbot: QtBot, window: MainWindow) -> SyncPage:
    window.show_page("sync")
    settle(qtbot)
    return page_of(window)


def shown_rows(page: SyncPage) -> list[list[str]]:
    model = page.model
    return [
        [model.index(row, column).data() for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def visible_text(widget: QWidget) -> str:
    """Every label's text and every table cell (and its tooltip) the page shows."""
    parts = [label.text() for label in widget.findChildren(QLabel) if label.isVisible()]
    if isinstance(widget, SyncPage):
        model = widget.model
        for row in range(model.rowCount()):
            for column in range(model.columnCount()):
                index = model.index(row, column)
                parts += [index.data(), index.data(Qt.ItemDataRole.ToolTipRole)]
    return "\n".join(str(part) for part in parts)


# -- the head of the page ---------------------------------------------------------------------


def test_the_page_shows_the_office_connection_counts_and_last_confirmed_sync(
    qtbot: QtBot, window: MainWindow, fake_sync: FakeSync
) -> None:
    fake_sync.state = status(pending=3, sent=1, confirmed=120, attention=2, reconciled=False)
    page = open_page(qtbot, window)

    assert page.enrolment.text() == (
        "Terdaftar: Desa Sukamaju (SKM01) · https://sewaka.contoh.go.id"
    )
    assert page.connection.text() == "Daring"
    assert page.last_sync.text() == "23-11-2026 09:00 WIB"  # the office's time zone
    assert page.counts.text() == (
        "Menunggu dikirim: 3 · Terkirim, belum dikonfirmasi: 1 · Ada di server: 120 · "
        "Perlu perhatian: 2"
    )
    assert "belum di server" in page.reconciled.text()
    assert not page.problem.isVisible() and not page.clock_warning.isVisible()

    fake_sync.state = status(online=False, last_confirmed_at=None, problem=SyncProblem.OFFLINE)
    page_of(window)._monitor.refresh()
    settle(qtbot)
    assert page.connection.text() == "Luring"
    assert page.last_sync.text() == "Belum pernah"
    assert page.problem.isVisible()
    assert page.problem.text() == texts.sync_problem(SyncProblem.OFFLINE)


def test_a_pc_not_yet_enrolled_says_so_and_offers_to_enrol(
    qtbot: QtBot, window: MainWindow, fake_sync: FakeSync
) -> None:
    fake_sync.state = status(
        enrolled=False,
        server_url="",
        office_code="",
        office_name="",
        online=None,
        pending=7,
        confirmed=0,
        reconciled=False,
        last_confirmed_at=None,
        problem=SyncProblem.NOT_ENROLLED,
        clock_skew=None,
    )
    page = open_page(qtbot, window)

    assert page.enrolment.text() == "PC ini belum terdaftar ke server."
    assert page.enrol_button.text() == "&Daftarkan PC ke server…" and page.enrol_button.isVisible()
    assert page.connection.text() == "Belum terdaftar"
    assert "belum terdaftar ke server" in page.problem.text()
    assert indicator(window).text() == "Belum terdaftar · 7 menunggu"


@pytest.mark.parametrize("problem", list(SyncProblem))
def test_each_problem_is_a_sentence_of_its_own(
    qtbot: QtBot, window: MainWindow, fake_sync: FakeSync, problem: SyncProblem
) -> None:
    fake_sync.state = status(problem=problem)
    page = open_page(qtbot, window)

    assert page.problem.isVisible()
    assert page.problem.text() == texts.sync_problem(problem)
    assert problem.value not in page.problem.text()  # words, not a code


def test_a_training_folder_offers_neither_enrolment_nor_sync(
    qtbot: QtBot, window: MainWindow, fake_sync: FakeSync
) -> None:
    fake_sync.state = status(enrolled=False, online=None, problem=SyncProblem.TRAINING)
    page = open_page(qtbot, window)

    assert not page.enrol_button.isVisible() and not page.sync_button.isEnabled()
    assert "latihan" in page.problem.text()
    assert indicator(window).text() == "Latihan: tidak disinkronkan"


def test_problem_sentences_differ_and_end_like_sentences() -> None:
    sentences = [texts.sync_problem(problem) for problem in SyncProblem]
    assert len(set(sentences)) == len(sentences)
    assert all(sentence.endswith(".") for sentence in sentences)


@pytest.mark.parametrize(
    ("skew", "shown"),
    [
        (dt.timedelta(minutes=4, seconds=59), None),
        (dt.timedelta(minutes=-5), None),  # exactly 5 minutes is still fine
        (dt.timedelta(minutes=6, seconds=30), "berbeda 6 menit dari jam server (jam PC terlambat)"),
        (-dt.timedelta(hours=2), "berbeda 2 jam dari jam server (jam PC terlalu cepat)"),
        (None, None),
    ],
)
def test_the_clock_warning_shows_only_beyond_five_minutes(
    qtbot: QtBot,
    window: MainWindow,
    fake_sync: FakeSync,
    skew: dt.timedelta | None,
    shown: str | None,
) -> None:
    fake_sync.state = status(clock_skew=skew)
    page = open_page(qtbot, window)

    if shown is None:
        assert not page.clock_warning.isVisible()
    else:
        assert page.clock_warning.isVisible()
        assert page.clock_warning.text().startswith("Jam PC " + shown)


# -- sync now -------------------------------------------------------------------------------


def test_sync_now_runs_off_the_ui_thread_and_says_what_happened(
    qtbot: QtBot, window: MainWindow, fake_sync: FakeSync
) -> None:
    page = open_page(qtbot, window)
    with qtbot.waitActive(window):
        window.activateWindow()
    fake_sync.gate.clear()  # the round is "on the network" until released

    qtbot.keyClick(page, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)  # Sinkronkan &sekarang
    qtbot.waitUntil(lambda: bool(fake_sync.called("sync_once")), timeout=3000)
    assert not page.sync_button.isEnabled()
    assert page.report.text() == "Menyinkronkan…"
    page.sync_now()  # pressed again meanwhile: no second round
    fake_sync.gate.set()
    settle(qtbot)

    assert len(fake_sync.called("sync_once")) == 1
    assert page.sync_button.isEnabled()
    assert page.report.text() == (
        "Sinkronisasi selesai: 5 data terkirim, 1 sudah ada di server, "
        "2 perubahan diterima dari server. Semua data PC ini sudah ada di server."
    )
    assert threading.main_thread().name not in fake_sync.threads


def test_a_round_that_could_not_finish_says_why_and_what_still_waits(
    qtbot: QtBot, window: MainWindow, fake_sync: FakeSync
) -> None:
    fake_sync.next_report = report(
        pushed=2, duplicates=0, pulled=0, rejected=1, reconciled=False, pending=4,
        problem=SyncProblem.OFFLINE,
    )  # fmt: skip
    page = open_page(qtbot, window)

    page.sync_button.click()
    settle(qtbot)

    assert page.report.text() == (
        "Sinkronisasi belum selesai: 2 data terkirim, 0 perubahan diterima dari server, "
        "1 ditolak (lihat Perlu perhatian). 4 data masih menunggu dikirim. "
        + texts.sync_problem(SyncProblem.OFFLINE)
    )


def test_alat_sync_now_brings_the_page_forward_and_syncs(
    qtbot: QtBot, window: MainWindow, fake_sync: FakeSync
) -> None:
    action = window.findChild(QAction, "syncNow")
    assert action is not None
    action.trigger()
    settle(qtbot)

    assert window.tabs.currentWidget() is page_of(window)
    assert len(fake_sync.called("sync_once")) == 1
    assert page_of(window).report.text().startswith("Sinkronisasi selesai")


# -- the records ------------------------------------------------------------------------------


def test_records_are_listed_newest_first_with_their_state(
    qtbot: QtBot, window: MainWindow, fake_sync: FakeSync
) -> None:
    fake_sync.all_records = [
        record(1, RecordState.CONFIRMED),
        record(2, RecordState.SENT),
        record(3, RecordState.ATTENTION, reason="conflict"),
        record(4, RecordState.PENDING),
    ]
    page = open_page(qtbot, window)

    rows = shown_rows(page)
    assert [row[1] for row in rows] == [
        "A-004 · 7KQ2-M9XD-4",
        "A-003 · 7KQ2-M9XD-3",
        "A-002 · 7KQ2-M9XD-2",
        "A-001 · 7KQ2-M9XD-1",
    ]
    assert [row[3] for row in rows] == [
        "Menunggu dikirim",
        "Perlu perhatian",
        "Terkirim, belum dikonfirmasi",
        "Ada di server",
    ]
    assert rows[0][0] == "23-11-2026 09:04"  # queued at, office time
    assert rows[0][2] == "Permohonan (baru)"
    assert rows[1][5] == texts.sync_reason("conflict")
    assert "versi data ini dengan isi yang berbeda" in rows[1][5]
    assert rows[0][5] == ""
    assert page.shown.text() == "4 data, terbaru di atas."

    person = dataclasses.replace(record(5, RecordState.PENDING), entity="person", label="person")
    fake_sync.all_records.append(person)
    page.refresh_records()
    settle(qtbot)
    assert shown_rows(page)[0][1:3] == ["Data penduduk · …00000005", "Data penduduk (baru)"]


def test_the_filter_asks_the_service_for_one_state(
    qtbot: QtBot, window: MainWindow, fake_sync: FakeSync
) -> None:
    fake_sync.all_records = [
        record(1, RecordState.CONFIRMED),
        record(2, RecordState.ATTENTION, reason="unknown_service"),
    ]
    page = open_page(qtbot, window)

    page.filter.setCurrentIndex(page.filter.findData(RecordState.ATTENTION.value))
    settle(qtbot)

    assert fake_sync.called("records")[-1] == (RecordState.ATTENTION, sync_page.RECORD_LIMIT)
    assert [row[3] for row in shown_rows(page)] == ["Perlu perhatian"]
    assert "belum dikenal server" in shown_rows(page)[0][5]


ATTENTION_CODES = [reason.value for reason in Reason] + [
    f"damaged: {damage.value}" for damage in Damage
]


@pytest.mark.parametrize("code", ATTENTION_CODES)
def test_every_rejection_and_damage_has_its_own_sentence(code: str) -> None:
    sentence = texts.sync_reason(code)
    assert sentence.endswith(".") and "IT:" not in sentence  # a sentence, no raw code
    others = {texts.sync_reason(other) for other in ATTENTION_CODES if other != code}
    assert sentence not in others
    assert sentence != texts.sync_reason("something_new")  # not the fallback


def test_a_reason_detail_is_kept_for_it_and_an_unknown_code_still_says_something() -> None:
    assert texts.sync_reason("invalid: payload.phone: string_pattern_mismatch").endswith(
        "(Untuk IT: payload.phone: string_pattern_mismatch)"
    )
    assert "row_differs" not in texts.sync_reason("damaged: row_differs: name,address")
    assert texts.sync_reason("damaged: row_differs: name,address").endswith(
        "(Untuk IT: name,address)"
    )
    assert texts.sync_reason("teapot") == "Perlu diperiksa petugas IT. (Untuk IT: teapot)"


def test_a_record_that_needs_attention_is_sent_again_on_request(
    qtbot: QtBot, window: MainWindow, fake_sync: FakeSync
) -> None:
    fake_sync.all_records = [
        record(1, RecordState.CONFIRMED),
        record(2, RecordState.ATTENTION, reason="unknown_service"),
    ]
    page = open_page(qtbot, window)

    page.table.selectRow(1)  # the confirmed one: nothing to send again
    assert not page.requeue_button.isEnabled()
    assert not page.reason.isVisible()
    page.table.selectRow(0)
    assert page.requeue_button.isEnabled()
    assert page.reason.isVisible()  # the reason in full, below the list
    assert page.reason.text() == texts.sync_reason("unknown_service")
    with qtbot.waitActive(window):
        window.activateWindow()
    qtbot.keyClick(page.table, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)  # &Kirim ulang
    qtbot.wait(150)  # a mnemonic "clicks" its button after 100 ms (animateClick)
    settle(qtbot)

    assert fake_sync.called("requeue_attention") == [(2,)]
    assert page.message.text() == (
        "A-002 · 7KQ2-M9XD-2 dikirim ulang pada sinkronisasi berikutnya."
    )
    assert shown_rows(page)[0][3] == "Menunggu dikirim"  # the list was read again
    assert page.selected_record() is not None and page.selected_record().seq == 2  # type: ignore[union-attr]


def test_the_list_is_read_on_a_timer_only_while_the_page_is_visible(
    qtbot: QtBot, window: MainWindow, fake_sync: FakeSync, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sync_page, "RECORDS_EVERY_MS", 30)
    before = len(fake_sync.called("records"))
    page = open_page(qtbot, window)
    fake_sync.all_records = [record(1, RecordState.PENDING)]
    qtbot.waitUntil(lambda: len(fake_sync.called("records")) >= before + 3, timeout=3000)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=3000)  # new rows appear

    window.show_page("intake")
    settle(qtbot)
    hidden = len(fake_sync.called("records"))
    qtbot.wait(200)
    assert len(fake_sync.called("records")) == hidden


def test_no_nik_is_ever_shown_even_if_the_service_lets_one_through(
    qtbot: QtBot, window: MainWindow, fake_sync: FakeSync
) -> None:
    fake_sync.all_records = [
        record(1, RecordState.PENDING, label=f"Data penduduk {NIK}"),
        record(2, RecordState.ATTENTION, reason=f"invalid: nik {NIK}"),
    ]
    fake_sync.state = status(pending=1, attention=1)
    page = open_page(qtbot, window)

    shown = visible_text(page) + "\n" + indicator(window).text()
    assert NIK not in shown
    assert not re.search(r"[0-9]{16}", shown)
    assert "327305********03" in shown  # masked as in every list


# -- the status bar ---------------------------------------------------------------------------


def test_the_status_bar_follows_the_service_and_a_click_opens_the_page(
    qtbot: QtBot,
    gui_app: Application,
    fake_sync: FakeSync,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sync_page, "STATUS_EVERY_MS", 30)
    monkeypatch.setattr(Application, "sync", property(lambda self: fake_sync), raising=False)
    window = MainWindow(gui_app)
    qtbot.addWidget(window)
    window.show()
    shown = indicator(window)
    qtbot.waitUntil(lambda: shown.text() == "Daring · semua terkirim", timeout=3000)

    fake_sync.state = status(online=False, pending=3, sent=1)  # the network went, work goes on
    qtbot.waitUntil(lambda: shown.text() == "Luring · 4 menunggu", timeout=3000)
    assert not shown.attention.isVisible()

    fake_sync.state = status(online=True, pending=5, attention=2)
    qtbot.waitUntil(lambda: shown.text() == "Daring · 5 menunggu · 2 perlu perhatian", timeout=3000)
    assert shown.attention.isVisible()
    assert "color" in shown.attention.styleSheet()  # in red

    fake_sync.state = status(problem=SyncProblem.UNAUTHORIZED, online=False)
    qtbot.waitUntil(lambda: shown.text().startswith("Ditolak server"), timeout=3000)

    assert window.tabs.currentWidget() is not page_of(window)
    qtbot.mouseClick(shown, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert window.tabs.currentWidget() is page_of(window)
    assert threading.main_thread().name not in fake_sync.threads
    settle(qtbot)


def test_f4_opens_the_page_and_alat_offers_enrolment_and_sync(
    qtbot: QtBot, window: MainWindow
) -> None:
    with qtbot.waitActive(window):
        window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F4)
    assert window.tabs.currentWidget() is page_of(window)
    assert window.tabs.tabText(window.tabs.currentIndex()) == "Sinkronisasi (F4)"
    tools = window.findChild(QWidget, "menu_tools")
    assert tools is not None
    texts_ = [action.text() for action in tools.actions() if not action.isSeparator()]
    assert "&Daftarkan PC ke server…" in texts_ and "Sin&kronkan sekarang" in texts_
    settle(qtbot)


# -- the monitor on its own ---------------------------------------------------------------------


def test_a_refresh_asked_for_while_one_runs_is_not_lost(qtbot: QtBot) -> None:
    answers = iter([status(pending=1), status(pending=2)])
    release = threading.Event()

    class Slow:
        def status(self) -> SyncStatus:
            assert release.wait(10)
            return next(answers)

    monitor = SyncMonitor(lambda: Slow(), lambda: True)  # type: ignore[arg-type,return-value]
    seen: list[int] = []
    monitor.changed.connect(lambda s: seen.append(s.pending))
    qtbot.wait(20)  # the first read starts
    monitor.refresh()  # asked for while it runs
    release.set()
    qtbot.waitUntil(lambda: seen == [1, 2], timeout=3000)
    settle(qtbot)
    monitor.deleteLater()


# -- with the real sync service (no server: nothing leaves the PC) ------------------------------


def test_the_real_service_shows_what_waits_before_enrolment_and_refuses_a_bad_address(
    qtbot: QtBot, gui_app: Application, requests_service: RequestService
) -> None:
    from desktop.ui.enrol_dialog import EnrolDialog

    row = requests_service.register(valid_form())  # made before enrolment: it waits
    window = MainWindow(gui_app)
    qtbot.addWidget(window)
    window.show()
    shown = indicator(window)
    qtbot.waitUntil(lambda: shown.text().startswith("Belum terdaftar · "), timeout=5000)
    waiting = int(shown.text().split(" · ")[1].split()[0])
    assert waiting >= 2  # the person and the request at least

    page = open_page(qtbot, window)
    assert page.enrolment.text() == "PC ini belum terdaftar ke server."
    assert page.problem.text() == texts.sync_problem(SyncProblem.NOT_ENROLLED)
    qtbot.waitUntil(lambda: page.model.rowCount() == waiting, timeout=5000)
    labels = [page.model.index(r, 1).data() for r in range(page.model.rowCount())]
    assert f"{row.queue_number} · {row.tracking_code}" in labels
    assert [page.model.index(r, 3).data() for r in range(waiting)] == ["Menunggu dikirim"] * waiting
    text = visible_text(page) + "\n" + shown.text()
    assert SITI_NIK not in text and "Siti" not in text

    page.sync_button.click()  # not enrolled: the round says so, nothing is sent
    qtbot.waitUntil(lambda: page.report.text().startswith("Sinkronisasi tidak"), timeout=5000)
    assert page.report.text() == (
        f"Sinkronisasi tidak berjalan. {waiting} data masih menunggu dikirim. "
        + texts.sync_problem(SyncProblem.NOT_ENROLLED)
    )

    page.enrol_button.click()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), EnrolDialog), timeout=3000)
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, EnrolDialog)
    dialog.server_url.setText("sewaka kabupaten")  # not an address: refused before any network
    dialog.code.setText("K7QM-2XPA-9FJD-LC4T")
    dialog.enrol_button.click()
    qtbot.waitUntil(lambda: "Alamat server" in dialog.problem.text(), timeout=5000)
    assert dialog.problem.text() == texts.enrol_problem(EnrolProblem.BAD_URL)
    dialog.reject()
    settle(qtbot)


def test_a_pulled_catalogue_reaches_the_open_intake_form_and_keeps_the_clerks_choice(
    qtbot: QtBot,
    gui_app: Application,
    fake_sync: FakeSync,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The server adds a service while the window is open: the intake form offers it at the
    next status read, and a service the clerk already chose stays chosen."""
    from desktop.models.tables import Service
    from desktop.ui.intake_page import IntakePage

    monkeypatch.setattr(sync_page, "STATUS_EVERY_MS", 30)
    monkeypatch.setattr(Application, "sync", property(lambda self: fake_sync), raising=False)
    window = MainWindow(gui_app)
    qtbot.addWidget(window)
    window.show()
    intake = window.page("intake")
    assert isinstance(intake, IntakePage)
    qtbot.waitUntil(lambda: len(fake_sync.called("status")) >= 2, timeout=3000)
    intake.service.setCurrentIndex(intake.service.findData("SKU"))
    codes = lambda: [intake.service.itemData(i) for i in range(intake.service.count())]  # noqa: E731
    assert "SKBM" not in codes()

    with gui_app.workspace.transaction() as session:  # what applying the pull wrote
        session.add(
            Service(
                id="0190a0b0-0000-7000-8000-0000000000aa",
                code="SKBM",
                name="Surat Keterangan Belum Menikah",
                name_en="Certificate of unmarried status",
                queue_prefix="Q",
                standard_days=1,
                requirements=["Fotokopi KTP pemohon"],
                active=True,
                position=99,
            )
        )
    fake_sync.state = status(catalogue_version=1)

    qtbot.waitUntil(lambda: "SKBM" in codes(), timeout=3000)
    assert intake.service.currentData() == "SKU"
    operations.wait_for_all()
