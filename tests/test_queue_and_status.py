"""Queue numbers that restart every office day, and the life of a request: allowed moves,
reasons, and the wait and service times that fall out of its history."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from support import BUDI_NIK, WIB, FakeClock, count_rows, person_form, valid_form

from desktop.domain.nik import Sex
from desktop.domain.queue import QueueNumber, next_number
from desktop.domain.status import (
    Period,
    Status,
    StatusChange,
    TransitionError,
    TransitionProblem,
    check_transition,
    periods,
    timings,
)
from desktop.services.requests import (
    IntakeRejected,
    RequestNotFound,
    RequestQuery,
    RequestService,
)
from desktop.services.settings import SettingsService
from desktop.services.workspace import Workspace

BUDI = {"nik": BUDI_NIK, "name": "Budi Santoso", "sex": "M", "birth_date": "05-01-1985"}

# -- queue numbers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (QueueNumber("A", 1), "A-001"),
        (QueueNumber("B", 42), "B-042"),
        (QueueNumber("K", 1000), "K-1000"),
    ],
)
def test_queue_numbers_are_written_with_three_digits(number: QueueNumber, text: str) -> None:
    assert str(number) == text
    assert QueueNumber.parse(text.lower()) == number


@pytest.mark.parametrize(
    ("prefix", "number"), [("a", 1), ("AB1", 1), ("", 1), ("ABCD", 1), ("A", 0)]
)
def test_impossible_queue_numbers_are_refused(prefix: str, number: int) -> None:
    with pytest.raises(ValueError):
        QueueNumber(prefix, number)


def test_next_number_starts_at_one_each_day() -> None:
    assert next_number(None) == 1
    assert next_number(41) == 42


def registered_numbers(
    service: RequestService, clock: FakeClock, moments: list[dt.datetime], code: str = "SKD"
) -> list[str]:
    numbers = []
    for moment in moments:
        clock.set(moment)
        numbers.append(service.register(valid_form(service_code=code)).queue_number)
    return numbers


def test_queue_restarts_at_midnight_office_time(
    request_service: RequestService, clock: FakeClock
) -> None:
    numbers = registered_numbers(
        request_service,
        clock,
        [
            dt.datetime(2026, 3, 10, 23, 58, tzinfo=WIB),
            dt.datetime(2026, 3, 10, 23, 59, tzinfo=WIB),
            dt.datetime(2026, 3, 11, 0, 1, tzinfo=WIB),
            dt.datetime(2026, 3, 11, 0, 2, tzinfo=WIB),
        ],
    )
    assert numbers == ["A-001", "A-002", "A-001", "A-002"]


def test_office_timezone_not_utc_decides_the_day(
    request_service: RequestService, clock: FakeClock
) -> None:
    numbers = registered_numbers(
        request_service,
        clock,
        [
            dt.datetime(2026, 3, 10, 16, 59, tzinfo=dt.UTC),  # 23:59 WIB, 10 March
            dt.datetime(2026, 3, 10, 23, 30, tzinfo=dt.UTC),  # same UTC day, 06:30 WIB 11 March
            dt.datetime(2026, 3, 11, 1, 0, tzinfo=dt.UTC),  # new UTC day, still 11 March WIB
        ],
    )
    assert numbers == ["A-001", "A-001", "A-002"]

    march_11 = request_service.search(RequestQuery(day=dt.date(2026, 3, 11))).rows
    assert sorted(r.queue_number for r in march_11) == ["A-001", "A-002"]
    assert request_service.count(RequestQuery(day=dt.date(2026, 3, 10))) == 1


def test_an_office_in_another_timezone_starts_its_day_at_its_own_midnight(
    workspace: Workspace, request_service: RequestService, clock: FakeClock
) -> None:
    settings = SettingsService(workspace)
    settings.save(dataclasses.replace(settings.load(), timezone="Asia/Makassar"))  # UTC+8

    numbers = registered_numbers(
        request_service,
        clock,
        [
            dt.datetime(2026, 3, 10, 15, 59, tzinfo=dt.UTC),  # 23:59 WITA
            dt.datetime(2026, 3, 10, 16, 1, tzinfo=dt.UTC),  # 00:01 WITA (still 23:01 WIB)
        ],
    )
    assert numbers == ["A-001", "A-001"]
    assert request_service.today() == dt.date(2026, 3, 11)


def test_each_service_has_its_own_queue(request_service: RequestService) -> None:
    issued = [
        request_service.register(valid_form(service_code=code)).queue_number
        for code in ("SKD", "SKTM", "SKD", "SKCK", "SKTM", "SKD")
    ]
    assert issued == ["A-001", "B-001", "A-002", "C-001", "B-002", "A-003"]


def test_a_refused_form_does_not_use_up_a_queue_number(request_service: RequestService) -> None:
    with pytest.raises(IntakeRejected):
        request_service.register(valid_form(name=""))
    assert request_service.register(valid_form()).queue_number == "A-001"


# -- allowed moves ----------------------------------------------------------------------------

# The counter's workflow, written out by hand.
EXPECTED_MOVES = {
    Status.WAITING: {Status.CALLED, Status.CANCELLED},
    Status.CALLED: {Status.SERVING, Status.WAITING, Status.CANCELLED},
    Status.SERVING: {Status.ON_HOLD, Status.READY, Status.REJECTED, Status.CANCELLED},
    Status.ON_HOLD: {Status.SERVING, Status.REJECTED, Status.CANCELLED},
    Status.READY: {Status.PICKED_UP},
    Status.PICKED_UP: set(),
    Status.REJECTED: set(),
    Status.CANCELLED: set(),
}


@pytest.mark.parametrize("current", list(Status))
@pytest.mark.parametrize("target", list(Status))
def test_only_the_workflow_moves_are_allowed(current: Status, target: Status) -> None:
    if target in EXPECTED_MOVES[current]:
        check_transition(current, target, "alasan")
    else:
        with pytest.raises(TransitionError) as raised:
            check_transition(current, target, "alasan")
        assert raised.value.problem is TransitionProblem.NOT_ALLOWED
        assert (raised.value.current, raised.value.target) == (current, target)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (Status.SERVING, Status.REJECTED),
        (Status.WAITING, Status.CANCELLED),
        (Status.SERVING, Status.ON_HOLD),
    ],
)
@pytest.mark.parametrize("reason", [None, "", "   \n"])
def test_reject_cancel_and_hold_need_a_reason(
    current: Status, target: Status, reason: str | None
) -> None:
    with pytest.raises(TransitionError) as raised:
        check_transition(current, target, reason)
    assert raised.value.problem is TransitionProblem.REASON_REQUIRED


def test_a_reason_longer_than_500_characters_is_refused() -> None:
    check_transition(Status.SERVING, Status.REJECTED, "x" * 500)
    with pytest.raises(TransitionError) as raised:
        check_transition(Status.SERVING, Status.REJECTED, "x" * 501)
    assert raised.value.problem is TransitionProblem.REASON_TOO_LONG


# -- periods and timings ----------------------------------------------------------------------

T0 = dt.datetime(2026, 3, 10, 2, 0, tzinfo=dt.UTC)  # 09:00 WIB


def at(minutes: int) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


def history(*steps: tuple[Status, int]) -> list[StatusChange]:
    return [StatusChange(status, at(minute)) for status, minute in steps]


def test_periods_are_contiguous_and_the_open_one_has_no_end() -> None:
    changes = history((Status.WAITING, 0), (Status.CALLED, 10), (Status.SERVING, 12))

    assert periods(changes) == [
        Period(Status.WAITING, at(0), at(10)),
        Period(Status.CALLED, at(10), at(12)),
        Period(Status.SERVING, at(12), None),
    ]


def test_a_finished_request_stops_accruing_time() -> None:
    changes = history(
        (Status.WAITING, 0),
        (Status.CALLED, 10),
        (Status.SERVING, 12),
        (Status.READY, 19),
        (Status.PICKED_UP, 200),
    )
    last = periods(changes)[-1]

    assert last == Period(Status.PICKED_UP, at(200), at(200))
    assert last.duration(at(10_000)) == dt.timedelta(0)


def test_wait_and_service_times_are_exact() -> None:
    changes = history(
        (Status.WAITING, 0), (Status.CALLED, 10), (Status.SERVING, 12), (Status.READY, 19)
    )
    result = timings(changes, now=at(60))

    assert result.wait == dt.timedelta(minutes=12)  # waiting 10 + called 2
    assert result.service == dt.timedelta(minutes=7)
    assert result.on_hold == dt.timedelta(0)


def test_a_no_show_sent_back_to_the_queue_keeps_waiting() -> None:
    changes = history(
        (Status.WAITING, 0),
        (Status.CALLED, 5),
        (Status.WAITING, 8),
        (Status.CALLED, 20),
        (Status.SERVING, 21),
        (Status.ON_HOLD, 30),
        (Status.SERVING, 45),
        (Status.READY, 50),
    )
    result = timings(changes, now=at(90))

    assert result.wait == dt.timedelta(minutes=21)
    assert result.service == dt.timedelta(minutes=9 + 5)
    assert result.on_hold == dt.timedelta(minutes=15)


def test_timings_of_an_open_request_run_until_now() -> None:
    changes = history((Status.WAITING, 0), (Status.CALLED, 4), (Status.SERVING, 6))
    result = timings(changes, now=at(16))
    assert (result.wait, result.service) == (dt.timedelta(minutes=6), dt.timedelta(minutes=10))


def test_a_clock_set_back_never_gives_negative_times() -> None:
    changes = history((Status.WAITING, 0), (Status.CALLED, -120), (Status.SERVING, -110))
    result = timings(changes, now=at(-100))

    assert result.wait == dt.timedelta(minutes=10)  # 0 for the backwards step, 10 called
    assert result.service == dt.timedelta(minutes=10)
    assert all(p.duration(at(-100)) >= dt.timedelta(0) for p in periods(changes))


# -- status changes through the service --------------------------------------------------------


def test_service_reports_wait_and_service_times_from_the_clock(
    request_service: RequestService, clock: FakeClock
) -> None:
    row = request_service.register(valid_form())
    clock.advance(minutes=10)
    assert request_service.call_next("SKD") is not None
    clock.advance(minutes=2)
    request_service.change_status(row.id, Status.SERVING)
    clock.advance(minutes=7)
    request_service.change_status(row.id, Status.READY)
    clock.advance(hours=3)
    request_service.change_status(row.id, Status.PICKED_UP)
    clock.advance(days=1)

    detail = request_service.detail(row.id)

    assert detail.row.status is Status.PICKED_UP
    assert detail.timings.wait == dt.timedelta(minutes=12)
    assert detail.timings.service == dt.timedelta(minutes=7)
    assert [p.status for p in detail.periods] == [
        Status.WAITING,
        Status.CALLED,
        Status.SERVING,
        Status.READY,
        Status.PICKED_UP,
    ]
    assert detail.periods[3].duration(clock()) == dt.timedelta(hours=3)


def test_service_keeps_the_reason_of_a_hold_and_counts_hold_time(
    request_service: RequestService, clock: FakeClock
) -> None:
    row = request_service.register(valid_form())
    request_service.change_status(row.id, Status.CALLED)
    request_service.change_status(row.id, Status.SERVING)
    clock.advance(minutes=3)
    request_service.change_status(row.id, Status.ON_HOLD, "  Menunggu tanda tangan lurah ")
    clock.advance(minutes=25)

    detail = request_service.detail(row.id)

    assert detail.reasons == ("Menunggu tanda tangan lurah",)
    assert detail.timings.on_hold == dt.timedelta(minutes=25)  # still on hold: runs until now
    assert detail.timings.service == dt.timedelta(minutes=3)


def test_illegal_move_through_the_service_is_refused_and_nothing_written(
    workspace: Workspace, request_service: RequestService
) -> None:
    row = request_service.register(valid_form())
    before = count_rows(workspace)

    with pytest.raises(TransitionError) as raised:
        request_service.change_status(row.id, Status.READY)

    assert raised.value.problem is TransitionProblem.NOT_ALLOWED
    assert count_rows(workspace) == before
    assert request_service.detail(row.id).row.status is Status.WAITING


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ([Status.CALLED, Status.SERVING], Status.REJECTED),
        ([], Status.CANCELLED),
        ([Status.CALLED, Status.SERVING], Status.ON_HOLD),
    ],
)
@pytest.mark.parametrize("reason", ["", "    "])
def test_reject_cancel_or_hold_without_reason_writes_nothing(
    workspace: Workspace,
    request_service: RequestService,
    path: list[Status],
    target: Status,
    reason: str,
) -> None:
    row = request_service.register(valid_form())
    for step in path:
        request_service.change_status(row.id, step)
    before = count_rows(workspace)

    with pytest.raises(TransitionError) as raised:
        request_service.change_status(row.id, target, reason)

    assert raised.value.problem is TransitionProblem.REASON_REQUIRED
    assert count_rows(workspace) == before  # no status change, outbox or audit entry
    assert request_service.detail(row.id).row.status is (path[-1] if path else Status.WAITING)


def test_finished_requests_cannot_be_moved(request_service: RequestService) -> None:
    row = request_service.register(valid_form())
    request_service.change_status(row.id, Status.CANCELLED, "Pemohon membatalkan")
    with pytest.raises(TransitionError):
        request_service.change_status(row.id, Status.CALLED)


def test_unknown_request_is_reported(request_service: RequestService) -> None:
    with pytest.raises(RequestNotFound):
        request_service.change_status("no-such-request", Status.CALLED)
    with pytest.raises(RequestNotFound):
        request_service.detail("no-such-request")


# -- calling the next person -------------------------------------------------------------------


def test_call_next_calls_the_oldest_waiting_request_of_that_service_only(
    request_service: RequestService, clock: FakeClock
) -> None:
    first = request_service.register(valid_form(service_code="SKD"))
    clock.advance(minutes=1)
    other_service = request_service.register(valid_form(**BUDI, service_code="SKTM"))
    clock.advance(minutes=1)
    second = request_service.register(
        person_form("Dewi Lestari", dt.date(1995, 4, 2), Sex.FEMALE, 7, service_code="SKD")
    )

    called = [request_service.call_next("SKD"), request_service.call_next("SKD")]

    assert [r.id if r else None for r in called] == [first.id, second.id]
    assert all(r is not None and r.status is Status.CALLED for r in called)
    assert request_service.call_next("SKD") is None  # nobody else waits for SKD
    assert request_service.detail(other_service.id).row.status is Status.WAITING
    sktm = request_service.call_next("SKTM")
    assert sktm is not None and sktm.id == other_service.id


def test_call_next_skips_requests_that_are_not_waiting(
    request_service: RequestService, clock: FakeClock
) -> None:
    cancelled = request_service.register(valid_form())
    request_service.change_status(cancelled.id, Status.CANCELLED, "Pemohon pulang")
    clock.advance(minutes=1)
    waiting = request_service.register(valid_form(**BUDI))

    called = request_service.call_next("SKD")

    assert called is not None and called.id == waiting.id


def test_call_next_for_an_unknown_service_calls_nobody(request_service: RequestService) -> None:
    request_service.register(valid_form())
    assert request_service.call_next("PASPOR") is None
    assert request_service.count(RequestQuery(status=Status.WAITING)) == 1
