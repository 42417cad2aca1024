"""The PC clock set back after a day's work: numbers, call order, the report and the warning."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import MORNING, SITI_NIK, WIB, FakeClock, configure_office, fetch_all, person_form
from test_report_figures import register as register_person

from desktop.domain import nik as nik_rules
from desktop.domain.clock import (
    CLOCK_TOLERANCE,
    ClockConfirmation,
    Hlc,
    check_clock,
    office_day,
    trustworthy_time,
)
from desktop.domain.status import Status
from desktop.services.clock_check import ClockService
from desktop.services.reports import ReportService
from desktop.services.request_types import RequestQuery
from desktop.services.requests import RequestService
from desktop.services.workspace import Workspace, open_workspace

TODAY = MORNING.date()
YESTERDAY = TODAY - dt.timedelta(days=1)


def a_day_of_work(clock: FakeClock, service: RequestService) -> list[str]:
    """09:00-15:00 today: three walk-ins for SKD, all served; the last at 15:00."""
    ids = []
    for serial in range(3):
        clock.set(MORNING + dt.timedelta(hours=3 * serial))
        ids.append(register_person(service, "SKD", serial + 1))
        service.call_next("SKD")
        service.change_status(ids[-1], Status.SERVING)
        service.change_status(ids[-1], Status.READY)
    return ids


@pytest.fixture
def clock_set_back(clock: FakeClock, request_service: RequestService) -> FakeClock:
    """After a day's work the PC clock is set back a day (15:05 reads yesterday 15:05)."""
    a_day_of_work(clock, request_service)
    clock.set(MORNING + dt.timedelta(hours=6, minutes=5) - dt.timedelta(days=1))
    return clock


# -- the rules ------------------------------------------------------------------------------


def test_a_clock_a_few_minutes_behind_is_tolerated_a_day_behind_is_not() -> None:
    newest = MORNING
    assert not check_clock(newest - CLOCK_TOLERANCE, newest).is_behind
    assert check_clock(newest - CLOCK_TOLERANCE - dt.timedelta(seconds=1), newest).is_behind
    assert check_clock(newest - dt.timedelta(days=1), newest).behind_by == dt.timedelta(days=1)
    assert not check_clock(newest + dt.timedelta(days=1), newest).is_behind  # ahead: no warning


def test_numbers_stay_in_the_newest_day_until_the_clock_is_confirmed() -> None:
    newest = MORNING
    back = MORNING - dt.timedelta(days=1)
    assert office_day(check_clock(back, newest)) == TODAY
    confirmation = ClockConfirmation(confirmed_at=back, newest_then=newest)
    confirmed = check_clock(back, newest, confirmation)
    assert not confirmed.is_behind and confirmed.confirmed
    assert office_day(confirmed) == YESTERDAY
    # Set back again, further than the confirmed reading: warned again.
    assert check_clock(back - dt.timedelta(hours=1), newest, confirmation).is_behind
    # Once something newer than the confirmed time is recorded, that is the reference.
    later = newest + dt.timedelta(hours=1)
    assert check_clock(back, later, confirmation).is_behind


def test_a_clock_a_minute_behind_across_midnight_issues_no_number_in_the_day_before() -> None:
    newest = dt.datetime(2026, 3, 10, 0, 1, tzinfo=WIB)  # a request at 00:01
    check = check_clock(newest - dt.timedelta(minutes=2), newest)  # the clock says 23:59
    assert not check.is_behind  # within the tolerance: no warning
    assert office_day(check) == TODAY


def test_a_time_read_off_a_clock_set_back_is_not_trusted_unless_confirmed() -> None:
    stamp = Hlc(int(MORNING.timestamp() * 1000), 3).encode()
    assert trustworthy_time(MORNING, stamp)
    assert trustworthy_time(MORNING - dt.timedelta(minutes=4), stamp)
    back = MORNING - dt.timedelta(days=1)
    assert not trustworthy_time(back, stamp)
    assert trustworthy_time(back, stamp, ClockConfirmation(back, MORNING))


def test_a_stored_confirmation_round_trips_and_a_damaged_one_is_ignored() -> None:
    confirmation = ClockConfirmation(MORNING - dt.timedelta(days=1), MORNING)
    assert ClockConfirmation.from_text(confirmation.to_text()) == confirmation
    for damaged in ("", "{", "[]", '{"confirmed_at": "kemarin"}', '{"confirmed_at": 1}'):
        assert ClockConfirmation.from_text(damaged) is None
    naive = '{"confirmed_at": "2026-03-09T09:00", "newest_then": "2026-03-10T09:00"}'
    assert ClockConfirmation.from_text(naive) is None


# -- the counter ----------------------------------------------------------------------------


def test_a_clock_set_back_keeps_issuing_numbers_in_the_newest_office_day(
    clock_set_back: FakeClock, request_service: RequestService, workspace: Workspace
) -> None:
    assert request_service.today() == TODAY
    row = request_service.register(
        person_form("Wati", dt.date(1991, 1, 1), nik_rules.Sex.FEMALE, 9)
    )

    assert row.queue_number == "A-004"  # today's fourth, not yesterday's (or today's) A-001
    assert row.queue_day == TODAY
    held = fetch_all(
        workspace,
        "SELECT queue_day FROM service_request WHERE queue_number = 'A-001' AND status != 'ready'",
    )
    assert held == []


def test_call_next_serves_the_earlier_arrival_first_across_a_clock_set_back(
    clock: FakeClock, request_service: RequestService
) -> None:
    clock.set(MORNING + dt.timedelta(hours=6))
    first = register_person(request_service, "SKTM", 1)  # 15:00, the PC clock right
    clock.advance(days=-1)  # set back a day
    second = register_person(request_service, "SKD", 2)  # arrives later, a day "earlier"

    assert request_service.call_next(None).id == first  # type: ignore[union-attr]
    assert request_service.call_next(None).id == second  # type: ignore[union-attr]


def test_the_days_list_puts_the_newest_arrival_first_across_a_clock_set_back(
    clock: FakeClock, request_service: RequestService
) -> None:
    clock.set(MORNING + dt.timedelta(hours=6))
    ids = [register_person(request_service, "SKD", 1)]  # 15:00, the PC clock right
    clock.advance(days=-1)  # set back a day: later arrivals carry earlier wall times
    ids += [register_person(request_service, "SKD", serial) for serial in (2, 3, 4)]

    whole = request_service.search(RequestQuery(day=TODAY)).rows
    assert [r.id for r in whole] == ids[::-1]
    # Page by page (keyset on the clock order) gives the same rows, none twice.
    first = request_service.search(RequestQuery(day=TODAY), limit=2)
    assert first.next_key is not None
    second = request_service.search(RequestQuery(day=TODAY), after=first.next_key, limit=2)
    assert [r.id for r in first.rows + second.rows] == ids[::-1]


def test_after_the_clock_is_confirmed_numbers_follow_it_again(
    clock_set_back: FakeClock, request_service: RequestService, workspace: Workspace
) -> None:
    clocks = ClockService(workspace)
    assert clocks.check().is_behind

    after = clocks.confirm()

    assert not after.is_behind
    assert not clocks.check().is_behind
    assert request_service.today() == YESTERDAY
    audit = fetch_all(workspace, "SELECT action, entity_id, details FROM audit_log")
    confirmed = [a for a in audit if a["action"] == "clock.confirmed"]
    assert len(confirmed) == 1
    assert confirmed[0]["details"] == f"behind_seconds={24 * 3600 - 5 * 60}"
    assert SITI_NIK not in str(audit)


def test_the_check_sees_the_newest_time_recorded_by_an_earlier_session(
    clock_set_back: FakeClock, workspace: Workspace
) -> None:
    workspace.close()
    reopened = open_workspace(workspace.home, clock=clock_set_back, actor="petugas-uji")
    try:
        result = ClockService(reopened).check()
        assert result.is_behind
        assert result.behind_by == dt.timedelta(days=1) - dt.timedelta(minutes=5)
    finally:
        reopened.close()


def test_the_first_window_opens_on_the_newest_office_day_while_the_clock_is_behind(
    clock_set_back: FakeClock, workspace: Workspace
) -> None:
    from desktop.services.startup import read_snapshot

    snapshot = read_snapshot(workspace.home, clock=clock_set_back)
    assert snapshot is not None
    assert snapshot.today == TODAY  # the list starts on the day new numbers go to

    ClockService(workspace).confirm()
    confirmed = read_snapshot(workspace.home, clock=clock_set_back)
    assert confirmed is not None
    assert confirmed.today == YESTERDAY


# -- the report -----------------------------------------------------------------------------


def test_the_report_neither_files_a_set_back_arrival_under_yesterday_nor_invents_a_day_wait(
    clock_set_back: FakeClock, request_service: RequestService, workspace: Workspace
) -> None:
    late = register_person(request_service, "SKD", 7)  # 15:05 real time, the PC says yesterday
    clock_set_back.set(MORNING + dt.timedelta(hours=6, minutes=10))  # clock put right
    assert request_service.call_next("SKD").id == late  # type: ignore[union-attr]
    request_service.change_status(late, Status.SERVING)
    request_service.change_status(late, Status.READY)

    reports = ReportService(workspace)
    yesterday = reports.daily(YESTERDAY)
    today = reports.daily(TODAY)

    assert yesterday.services == ()
    (skd,) = today.services
    assert skd.by_status == {"ready": 4}
    assert skd.average_wait_minutes is not None
    assert skd.average_wait_minutes < 60  # the three real waits; no 1,440-minute one


def test_a_history_past_a_hundred_thousand_ticks_in_one_millisecond_stays_in_order(
    clock: FakeClock, request_service: RequestService, workspace: Workspace
) -> None:
    # The PC clock is behind the HLC, so every change only moves its counter on; the
    # counter passes 99,999 somewhere in each request's history.
    ahead_ms = int((clock() + dt.timedelta(hours=1)).timestamp() * 1000)
    for serial, start in enumerate(range(99_990, 100_000), start=10):
        workspace.sync.hlc = Hlc(ahead_ms + serial * 1000, start)
        request_id = register_person(request_service, "SKD", serial)
        request_service.call_next("SKD")
        request_service.change_status(request_id, Status.SERVING)

        history = [p.status for p in request_service.detail(request_id).periods]
        assert history == [Status.WAITING, Status.CALLED, Status.SERVING], start


# -- a real process -------------------------------------------------------------------------

REPO = Path(__file__).resolve().parents[1]


def recorded_day_of_work(home: Path, when: dt.datetime) -> None:
    """A request registered at ``when`` (a clock of its own), then the folder is closed."""
    workspace = open_workspace(home, clock=FakeClock(when), actor="petugas-uji")
    try:
        configure_office(workspace)
        register_person(RequestService(workspace), "SKD", 1)
    finally:
        workspace.close()


def sewaka(
    home: Path, *words: str, faketime: str | None = None
) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "desktop.cli", "--data-dir", str(home), *words]
    if faketime is not None:
        command = ["faketime", faketime, *command]
    return subprocess.run(
        command,
        cwd=REPO,
        env=dict(os.environ, TZ="UTC"),
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_cli_says_when_the_clock_is_behind_and_records_a_confirmation(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    # Recorded a day ahead of this machine's clock: the real process's clock is behind.
    recorded_day_of_work(home, dt.datetime.now(dt.UTC) + dt.timedelta(days=1))

    behind = sewaka(home, "clock")
    assert behind.returncode == 4, behind.stderr
    assert "tertinggal 23 jam" in behind.stderr
    assert "sewaka clock confirm" in behind.stderr

    confirmed = sewaka(home, "clock", "confirm")
    assert confirmed.returncode == 0, confirmed.stderr
    assert sewaka(home, "clock").returncode == 0


@pytest.mark.skipif(shutil.which("faketime") is None, reason="faketime is not installed")
def test_a_real_process_whose_clock_was_set_back_a_day_is_warned(tmp_path: Path) -> None:
    home = tmp_path / "home"
    recorded_day_of_work(home, MORNING)  # 10 March 09:00 WIB (02:00 UTC)

    set_back = sewaka(home, "clock", faketime="2026-03-09 02:30:00")
    assert set_back.returncode == 4, set_back.stderr
    assert "Jam PC (09-03-2026 09:30) tertinggal 23 jam" in set_back.stderr  # office time
    right = sewaka(home, "clock", faketime="2026-03-10 02:30:00")
    assert right.returncode == 0, right.stderr
