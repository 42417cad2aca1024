"""The figures of the laporan harian, worked out from a morning whose every minute is known."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import event
from support import MORNING, TEST_OFFICE, WIB, FakeClock, configure_office, person_form, valid_form

from desktop.domain import nik as nik_rules
from desktop.domain.status import Status
from desktop.services.reports import ReportService
from desktop.services.requests import RequestService
from desktop.services.settings import OfficeNotConfigured
from desktop.services.workspace import Workspace, open_workspace
from printing.documents import Signatures
from printing.paper import Paper

TODAY = MORNING.date()  # Tuesday 10 March 2026


NAMES = ("Agus", "Bambang", "Citra", "Dewi", "Eko", "Fitri", "Gita", "Hendra", "Indah", "Joko")


def register(service: RequestService, code: str, serial: int, name: str = "") -> str:
    """A request by a person of their own (NIK serial ``serial``)."""
    form = person_form(
        name or f"{NAMES[serial % 10]} {NAMES[serial // 10 % 10]}wati",
        dt.date(1980, 1, 1) + dt.timedelta(days=serial),
        nik_rules.Sex.MALE,
        serial,
        service_code=code,
    )
    return service.register(form).id


def at(clock: FakeClock, minutes: float) -> None:
    """Move the clock to ``minutes`` after 09:00 on the report day."""
    clock.set(MORNING + dt.timedelta(minutes=minutes))


def move(service: RequestService, request_id: str, *targets: Status) -> None:
    for target in targets:
        reason = "alasan" if target in (Status.ON_HOLD, Status.CANCELLED, Status.REJECTED) else ""
        service.change_status(request_id, target, reason)


@pytest.fixture
def morning(clock: FakeClock, request_service: RequestService) -> dict[str, str]:
    """Six walk-ins at 09:00 and what happened to each by 10:00.

    SKD a: waits 6, called 4, served 5 -> wait 10, service 5, then picked up.
    SKD b: waits 20, served 7 -> wait 20, service 7, ready.
    SKD f: waits 40, called 5, being served since minute 45 -> wait 45, no service time yet.
    SKTM c: called, sent back, called again, served 8, on hold 10, served 5
            -> wait 32, service 13, ready.
    SKU d: cancelled while waiting; SKU e: still waiting.
    """
    s = request_service
    at(clock, 0)
    ids = {
        key: register(s, code, n)
        for n, (key, code) in enumerate(
            [("a", "SKD"), ("b", "SKD"), ("c", "SKTM"), ("d", "SKU"), ("e", "SKU"), ("f", "SKD")],
            start=1,
        )
    }
    at(clock, 6)
    move(s, ids["a"], Status.CALLED)
    at(clock, 10)
    move(s, ids["a"], Status.SERVING)
    at(clock, 15)
    move(s, ids["a"], Status.READY)
    at(clock, 20)
    move(s, ids["b"], Status.CALLED, Status.SERVING)
    at(clock, 25)
    move(s, ids["c"], Status.CALLED)
    at(clock, 26)
    move(s, ids["c"], Status.WAITING)
    at(clock, 27)
    move(s, ids["b"], Status.READY)
    at(clock, 30)
    move(s, ids["c"], Status.CALLED)
    at(clock, 32)
    move(s, ids["c"], Status.SERVING)
    at(clock, 35)
    move(s, ids["d"], Status.CANCELLED)
    at(clock, 40)
    move(s, ids["c"], Status.ON_HOLD)
    move(s, ids["f"], Status.CALLED)
    at(clock, 45)
    move(s, ids["f"], Status.SERVING)
    at(clock, 50)
    move(s, ids["c"], Status.SERVING)
    at(clock, 55)
    move(s, ids["c"], Status.READY)
    move(s, ids["a"], Status.PICKED_UP)
    at(clock, 60)
    return ids


def test_counts_per_service_and_status(workspace: Workspace, morning: dict[str, str]) -> None:
    report = ReportService(workspace).daily()

    assert report.day == TODAY
    assert [(f.code, f.name, f.by_status, f.total) for f in report.services] == [
        ("SKD", "Surat Keterangan Domisili", {"picked_up": 1, "ready": 1, "serving": 1}, 3),
        ("SKTM", "Surat Keterangan Tidak Mampu (SKTM)", {"ready": 1}, 1),
        ("SKU", "Surat Keterangan Usaha", {"cancelled": 1, "waiting": 1}, 2),
    ]
    # Services nobody asked for today are left out; the renderer adds the total row.
    assert sum(f.total for f in report.services) == 6


def test_average_wait_and_service_minutes_are_exact(
    workspace: Workspace, morning: dict[str, str]
) -> None:
    figures = {f.code: f for f in ReportService(workspace).daily().services}

    # Waits of everyone whose service began: 10, 20 and 45 minutes.
    assert figures["SKD"].average_wait_minutes == pytest.approx(25.0)
    # Service times of finished services only: 5 and 7 (f is still at the desk).
    assert figures["SKD"].average_service_minutes == pytest.approx(6.0)
    # Waiting, called, back to waiting and called again all count as waiting;
    # the time on hold is neither waiting nor service.
    assert figures["SKTM"].average_wait_minutes == pytest.approx(32.0)
    assert figures["SKTM"].average_service_minutes == pytest.approx(13.0)
    # Nobody of SKU was served: no averages rather than zeros.
    assert figures["SKU"].average_wait_minutes is None
    assert figures["SKU"].average_service_minutes is None


def test_waits_of_ten_and_twenty_minutes_average_fifteen(
    workspace: Workspace, clock: FakeClock, request_service: RequestService
) -> None:
    first = register(request_service, "PKK", 1)
    second = register(request_service, "PKK", 2)
    clock.advance(minutes=10)
    move(request_service, first, Status.CALLED, Status.SERVING)
    clock.advance(minutes=10)
    move(request_service, second, Status.CALLED, Status.SERVING)
    move(request_service, first, Status.READY)
    clock.advance(minutes=4)
    move(request_service, second, Status.READY)

    (figures,) = ReportService(workspace).daily().services

    assert figures.average_wait_minutes == 15.0
    assert figures.average_service_minutes == 7.0  # 10 and 4


def test_only_requests_of_the_day_are_counted(
    workspace: Workspace, clock: FakeClock, request_service: RequestService
) -> None:
    clock.set(dt.datetime(2026, 3, 9, 15, 0, tzinfo=WIB))
    register(request_service, "SKD", 1)
    clock.set(dt.datetime(2026, 3, 10, 0, 30, tzinfo=WIB))  # just after midnight WIB
    register(request_service, "SKD", 2)
    register(request_service, "SKU", 3)
    clock.set(dt.datetime(2026, 3, 11, 8, 0, tzinfo=WIB))
    register(request_service, "SKD", 4)

    reports = ReportService(workspace)

    assert [(f.code, f.total) for f in reports.daily(TODAY).services] == [("SKD", 1), ("SKU", 1)]
    assert [(f.code, f.total) for f in reports.daily(dt.date(2026, 3, 9)).services] == [("SKD", 1)]
    assert reports.daily().day == dt.date(2026, 3, 11)  # today by default, the office's day
    assert reports.daily(dt.date(2026, 3, 1)).services == ()


def test_overdue_requests_are_the_open_ones_past_their_promise(
    workspace: Workspace, clock: FakeClock, request_service: RequestService
) -> None:
    s = request_service
    clock.set(dt.datetime(2026, 3, 2, 9, 0, tzinfo=WIB))  # Monday: SKD is promised for Tuesday
    forgotten = s.register(valid_form(name="Lama Menunggu")).id
    done = register(s, "SKD", 11)
    move(s, done, Status.CALLED, Status.SERVING, Status.READY)
    collected = register(s, "SKD", 12)
    move(s, collected, Status.CALLED, Status.SERVING, Status.READY, Status.PICKED_UP)
    refused = register(s, "SKD", 13)
    move(s, refused, Status.CALLED, Status.SERVING, Status.REJECTED)
    gone = register(s, "SKD", 14)
    move(s, gone, Status.CANCELLED)
    clock.set(dt.datetime(2026, 3, 6, 9, 0, tzinfo=WIB))  # Friday: SKU (2 days) -> Tuesday 10th
    on_hold_sku = register(s, "SKU", 15, "Usaha Tertunda")
    on_hold_skd = register(s, "SKD", 16, "Tanda Tangan Lurah")  # SKD -> Monday 9th
    move(s, on_hold_sku, Status.CALLED, Status.SERVING, Status.ON_HOLD)
    move(s, on_hold_skd, Status.CALLED, Status.SERVING, Status.ON_HOLD)
    clock.set(dt.datetime(2026, 3, 9, 9, 0, tzinfo=WIB))
    promised_today = register(s, "SKD", 17)  # promised for Tuesday 10th: not late on the 10th
    clock.set(MORNING)
    register(s, "SKD", 18)

    reports = ReportService(workspace)
    late = reports.daily(TODAY).overdue

    assert [(o.applicant_name, o.service_name, o.days_late) for o in late] == [
        ("Lama Menunggu", "Surat Keterangan Domisili", 7),
        ("Tanda Tangan Lurah", "Surat Keterangan Domisili", 1),
    ]
    first = late[0]
    detail = s.detail(forgotten).row
    assert (first.queue_number, first.tracking_code, first.expected_date) == (
        detail.queue_number,
        detail.tracking_code,
        dt.date(2026, 3, 3),
    )

    # A day later the SKU on hold and the request promised for the 10th are late too.
    later = reports.daily(dt.date(2026, 3, 11)).overdue
    assert [(o.applicant_name, o.days_late) for o in later] == [
        ("Lama Menunggu", 8),
        ("Tanda Tangan Lurah", 2),
        ("Usaha Tertunda", 1),
        (s.detail(promised_today).row.name, 1),
    ]
    # Looking back: on the 5th only what had been registered by then could be late.
    assert [
        (o.applicant_name, o.days_late) for o in reports.daily(dt.date(2026, 3, 5)).overdue
    ] == [("Lama Menunggu", 2)]


def test_office_header_language_and_status_words(
    workspace: Workspace, morning: dict[str, str]
) -> None:
    configure_office(
        workspace, unit_kind="Kelurahan", office_name="Cibodas", office_address="Jl. Raya 1"
    )
    reports = ReportService(workspace)

    indonesian = reports.daily()
    english = reports.daily(language="en")

    assert indonesian.office.title == "Kelurahan Cibodas"
    assert indonesian.office.address == "Jl. Raya 1"
    assert indonesian.generated_at == MORNING + dt.timedelta(minutes=60)
    assert indonesian.generated_at.tzname() == "WIB"
    assert list(indonesian.status_labels) == [s.value for s in Status]
    assert indonesian.status_labels["ready"] == "Selesai, siap diambil"
    assert indonesian.status_labels["on_hold"] == "Ditunda"
    assert english.language == "en"
    assert english.status_labels["ready"] == "Done, ready for pickup"
    assert english.status_labels["picked_up"] == "Picked up"
    assert [f.name for f in english.services] == [
        "Certificate of domicile",
        "Certificate of low income",
        "Certificate of business",
    ]
    assert indonesian.signatures == Signatures(
        clerk="petugas-uji",  # the actor who made the report
        head_title=TEST_OFFICE.head_title,
        head_name=TEST_OFFICE.head_name,
        place="Cibodas",
    )


def test_reports_are_refused_until_the_office_is_configured(tmp_path: Path) -> None:
    fresh = open_workspace(tmp_path / "baru", clock=FakeClock(), actor="petugas-uji")
    try:
        RequestService(fresh).register(valid_form())
        with pytest.raises(OfficeNotConfigured):
            ReportService(fresh).daily()
        with pytest.raises(OfficeNotConfigured):
            ReportService(fresh).save_daily(tmp_path / "laporan.pdf", Paper.A4)
        assert not (tmp_path / "laporan.pdf").exists()
    finally:
        fresh.close()


def test_backlog_from_earlier_days_is_apart_from_todays_figures(
    workspace: Workspace, clock: FakeClock, request_service: RequestService
) -> None:
    s = request_service
    clock.set(MORNING - dt.timedelta(days=3))  # Saturday the 7th
    register(s, "SKD", 1)  # still waiting
    done_old = register(s, "SKD", 2)
    move(s, done_old, Status.CALLED, Status.SERVING, Status.READY, Status.PICKED_UP)
    clock.set(MORNING - dt.timedelta(days=1))  # Monday the 9th
    ready_old = register(s, "SKD", 3)
    move(s, ready_old, Status.CALLED, Status.SERVING, Status.READY)
    rejected_old = register(s, "SKU", 4)
    move(s, rejected_old, Status.CALLED, Status.SERVING, Status.REJECTED)
    held_old = register(s, "SKU", 5)
    move(s, held_old, Status.CALLED, Status.SERVING, Status.ON_HOLD)
    clock.set(MORNING)
    register(s, "SKD", 6)  # today's only request

    report = ReportService(workspace).daily()

    assert [(f.code, f.by_status) for f in report.services] == [("SKD", {"waiting": 1})]
    assert [(b.code, b.by_status, b.oldest_day) for b in report.backlog] == [
        ("SKD", {"waiting": 1, "ready": 1}, dt.date(2026, 3, 7)),
        ("SKU", {"on_hold": 1}, dt.date(2026, 3, 9)),
    ]
    # Looking back at the 9th: only what was registered before it counts as left over.
    assert [
        (b.code, b.total)
        for b in ReportService(workspace).daily(TODAY - dt.timedelta(days=1)).backlog
    ] == [("SKD", 1)]


def test_the_number_of_queries_does_not_grow_with_the_requests(
    workspace: Workspace, clock: FakeClock, request_service: RequestService
) -> None:
    def queries() -> int:
        statements: list[str] = []

        def count(*args: object) -> None:
            statements.append(str(args[2]))

        event.listen(workspace.engine, "before_cursor_execute", count)
        try:
            ReportService(workspace).daily(TODAY)
        finally:
            event.remove(workspace.engine, "before_cursor_execute", count)
        return len(statements)

    register(request_service, "SKD", 1)
    few = queries()
    for n in range(2, 12):
        request = register(request_service, ("SKD", "SKU", "PKK")[n % 3], n)
        move(request_service, request, Status.CALLED, Status.SERVING, Status.READY)
        clock.advance(minutes=3)

    assert queries() == few
