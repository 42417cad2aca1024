"""The service behind the request list: calling the next person across midnight, finding a
queue number as residents say it, correcting a saved request, recording who collected a
document, and showing a birth-date override in the detail."""

from __future__ import annotations

import datetime as dt

import pytest
from support import (
    BUDI_NIK,
    SITI_NIK,
    WIB,
    FakeClock,
    count_rows,
    fetch_all,
    person_form,
    valid_form,
)

from desktop.domain.intake import Field, Problem
from desktop.domain.nik import Sex
from desktop.domain.queue import QueueNumber, parse_spoken
from desktop.domain.status import Status, TransitionError
from desktop.models.tables import ServiceRequest
from desktop.services.requests import (
    Correction,
    CorrectionRejected,
    RequestQuery,
    RequestService,
)
from desktop.services.workspace import Workspace

BUDI = {"nik": BUDI_NIK, "name": "Budi Santoso", "sex": "M", "birth_date": "05-01-1985"}
DEWI = ("Dewi Lestari", dt.date(1995, 4, 2), Sex.FEMALE, 7)

# -- calling the next person ---------------------------------------------------------------------


def test_call_next_takes_todays_queue_before_yesterdays_leftovers(
    request_service: RequestService, clock: FakeClock
) -> None:
    clock.set(dt.datetime(2026, 3, 10, 15, 50, tzinfo=WIB))
    yesterday = request_service.register(valid_form())  # A-001 of 10 March, never called
    clock.set(dt.datetime(2026, 3, 11, 8, 0, tzinfo=WIB))
    today_first = request_service.register(valid_form(**BUDI))
    clock.advance(minutes=3)
    today_second = request_service.register(person_form(*DEWI))

    called = request_service.call_next("SKD")
    assert called is not None
    assert (called.id, called.queue_number) == (today_first.id, "A-001")
    assert called.queue_day == dt.date(2026, 3, 11)
    again = request_service.call_next("SKD")
    assert again is not None and again.id == today_second.id
    assert request_service.call_next("SKD") is None  # yesterday's leftover is not today's queue
    assert request_service.detail(yesterday.id).row.status is Status.WAITING


def test_call_next_follows_queue_numbers_not_the_pc_clock(
    request_service: RequestService, clock: FakeClock
) -> None:
    first = request_service.register(valid_form())
    clock.advance(minutes=-30)  # someone set the PC clock back after A-001 was issued
    request_service.register(valid_form(**BUDI))

    called = request_service.call_next("SKD")

    assert called is not None and called.id == first.id and called.queue_number == "A-001"


def test_call_next_across_midnight_in_the_office_timezone(
    request_service: RequestService, clock: FakeClock
) -> None:
    clock.set(dt.datetime(2026, 3, 10, 16, 55, tzinfo=dt.UTC))  # 23:55 WIB, 10 March
    late = request_service.register(valid_form())
    clock.set(dt.datetime(2026, 3, 10, 17, 5, tzinfo=dt.UTC))  # 00:05 WIB, 11 March (UTC: 10th)
    after_midnight = request_service.register(valid_form(**BUDI))

    called = request_service.call_next("SKD")

    assert called is not None and called.id == after_midnight.id
    assert request_service.detail(late.id).row.queue_day == dt.date(2026, 3, 10)


def test_call_next_for_all_services_calls_whoever_came_first_today(
    request_service: RequestService, clock: FakeClock
) -> None:
    sktm = request_service.register(valid_form(service_code="SKTM"))  # B-001, 09:00
    clock.advance(minutes=5)
    skd = request_service.register(valid_form(**BUDI, service_code="SKD"))  # A-001, 09:05

    first = request_service.call_next(None)
    second = request_service.call_next(None)

    assert [first.id if first else None, second.id if second else None] == [sktm.id, skd.id]
    assert request_service.call_next(None) is None


# -- finding a queue number ----------------------------------------------------------------------


@pytest.mark.parametrize("said", ["D-001", "d1", "D1", "d 001", "D001", " d-1 ", "d.1"])
def test_queue_numbers_as_residents_say_them(said: str) -> None:
    assert parse_spoken(said) == QueueNumber("D", 1)


@pytest.mark.parametrize("text", ["", "Dewi", "3273055708900003", "d", "1", "d0", "ABCD1"])
def test_text_that_is_not_a_queue_number(text: str) -> None:
    assert parse_spoken(text) is None


@pytest.mark.parametrize("said", ["D-001", "d1", "D1", "d 001"])
def test_search_finds_a_queue_number_as_residents_say_it(
    request_service: RequestService, clock: FakeClock, said: str
) -> None:
    clock.set(dt.datetime(2026, 3, 9, 10, 0, tzinfo=WIB))
    request_service.register(valid_form(service_code="SKU"))  # D-001 of 9 March
    clock.set(dt.datetime(2026, 3, 10, 9, 0, tzinfo=WIB))
    budi = request_service.register(valid_form(**BUDI, service_code="SKU"))  # D-001 today
    request_service.register(person_form(*DEWI, service_code="SKU"))  # D-002

    today = RequestQuery(day=dt.date(2026, 3, 10), text=said)
    found = request_service.search(today).rows
    assert [r.id for r in found] == [budi.id]
    assert request_service.count(today) == 1
    every_day = request_service.search(RequestQuery(text=said)).rows
    assert [r.queue_number for r in every_day] == ["D-001", "D-001"]


# -- corrections --------------------------------------------------------------------------------


def test_a_correction_saves_a_new_version_with_its_history(
    workspace: Workspace, request_service: RequestService, clock: FakeClock
) -> None:
    row = request_service.register(valid_form(name="Siti Rahmawti", phone="0812-3456-7890"))
    clock.advance(minutes=10)

    corrected = request_service.correct(
        row.id,
        Correction(
            name="Siti Rahmawati",
            phone="0813 1111 2222",
            documents=("Fotokopi KTP pemohon",),
            reason="Salah ketik",
        ),
    )

    assert corrected.name == "Siti Rahmawati"
    detail = request_service.detail(row.id)
    assert detail.documents == ("Fotokopi KTP pemohon",)
    person = request_service.find_person(SITI_NIK)
    assert person is not None and person.name == "Siti Rahmawati"
    assert person.phone == "081311112222"
    [history] = detail.corrections
    assert set(history.fields) == {"name", "phone", "documents"}
    assert history.reason == "Salah ketik" and history.actor == "petugas-uji"
    assert history.at == clock.now
    # Each corrected row is a new version with its outbox entry, sent like any change.
    for table in ("service_request", "person"):
        assert fetch_all(workspace, f"SELECT version FROM {table}") == [{"version": 2}]
        queued = fetch_all(
            workspace, "SELECT version, operation FROM outbox WHERE entity = ? ORDER BY seq", table
        )
        assert queued == [
            {"version": 1, "operation": "insert"},
            {"version": 2, "operation": "update"},
        ]
    corrections = fetch_all(
        workspace, "SELECT payload FROM outbox WHERE entity = 'request_correction'"
    )
    assert len(corrections) == 1 and '"phone"' in str(corrections[0]["payload"])
    [audit] = fetch_all(
        workspace, "SELECT details FROM audit_log WHERE action = 'request.corrected'"
    )
    details = str(audit["details"])
    assert "name" in details and "Siti" not in details and "0813" not in details


def test_a_wrong_phone_in_a_correction_is_refused_and_nothing_saved(
    workspace: Workspace, request_service: RequestService
) -> None:
    row = request_service.register(valid_form())
    before = count_rows(workspace)

    with pytest.raises(CorrectionRejected) as caught:
        request_service.correct(row.id, Correction(phone="12345", reason="Nomor baru"))

    assert [(p.field, p.problem) for p in caught.value.problems] == [
        (Field.PHONE, Problem.BAD_PHONE)
    ]
    assert count_rows(workspace) == before
    assert request_service.detail(row.id).corrections == ()


def test_a_correction_needs_a_reason_and_a_change(request_service: RequestService) -> None:
    row = request_service.register(valid_form())
    with pytest.raises(CorrectionRejected) as no_reason:
        request_service.correct(row.id, Correction(name="Siti R."))
    assert no_reason.value.reason_missing
    with pytest.raises(CorrectionRejected) as nothing:
        request_service.correct(row.id, Correction(name="Siti Rahmawati", reason="cek"))
    assert nothing.value.nothing_changed


def test_correction_keeps_only_documents_the_service_asks_for(
    request_service: RequestService,
) -> None:
    row = request_service.register(valid_form())
    request_service.correct(
        row.id, Correction(documents=("Fotokopi Kartu Keluarga", "Uang"), reason="Berkas KK")
    )
    assert request_service.detail(row.id).documents == ("Fotokopi Kartu Keluarga",)


def test_the_form_of_a_correction_is_prefilled_from_the_request(
    request_service: RequestService,
) -> None:
    row = request_service.register(valid_form())
    values = request_service.correction_values(row.id)
    assert values.name == "Siti Rahmawati" and values.phone == "081234567890"
    assert values.nik_masked == "327305********03"
    assert "Fotokopi Kartu Keluarga" in values.requirements


# -- pickup by someone else ---------------------------------------------------------------------


def ready(service: RequestService) -> str:
    request_id = service.register(valid_form()).id
    for status in (Status.CALLED, Status.SERVING, Status.READY):
        service.change_status(request_id, status)
    return request_id


def test_who_collected_the_document_is_recorded(request_service: RequestService) -> None:
    request_id = ready(request_service)

    request_service.change_status(request_id, Status.PICKED_UP, collected_by="  Ahmad  Fauzi ")

    detail = request_service.detail(request_id)
    assert detail.collected_by == "Ahmad Fauzi"
    assert detail.row.status is Status.PICKED_UP


def test_the_applicant_collects_when_no_one_else_is_named(request_service: RequestService) -> None:
    request_id = ready(request_service)
    request_service.change_status(request_id, Status.PICKED_UP)
    assert request_service.detail(request_id).collected_by == ""


def test_a_collector_name_that_is_too_long_is_refused(
    workspace: Workspace, request_service: RequestService
) -> None:
    request_id = ready(request_service)
    with pytest.raises(TransitionError):
        request_service.change_status(request_id, Status.PICKED_UP, collected_by="A" * 101)
    assert request_service.detail(request_id).row.status is Status.READY


# -- the detail ---------------------------------------------------------------------------------


def test_the_detail_shows_why_a_birth_date_disagreeing_with_the_nik_was_kept(
    workspace: Workspace, request_service: RequestService
) -> None:
    row = request_service.register(valid_form())
    assert request_service.detail(row.id).identity_override == ""
    with workspace.transaction() as session:
        request = session.get(ServiceRequest, row.id)
        assert request is not None
        request.identity_override = "Tanggal lahir di KTP berbeda dengan NIK"
    assert (
        request_service.detail(row.id).identity_override
        == "Tanggal lahir di KTP berbeda dengan NIK"
    )


def test_rows_say_their_english_service_name_and_office_day(
    request_service: RequestService,
) -> None:
    row = request_service.register(valid_form())
    assert row.service_name_en == "Certificate of domicile"
    assert row.queue_day == dt.date(2026, 3, 10)
