"""The transactional outbox: every change to a synced row is queued for the server in the same
transaction, or not at all; the audit log says who did what without holding a full NIK."""

from __future__ import annotations

import datetime as dt
import logging
import re
import uuid
from pathlib import Path

import pytest
from sqlalchemy.exc import StatementError
from sqlalchemy.orm import Session
from support import (
    BUDI_NIK,
    SITI_NIK,
    SYNCED_TABLES,
    FakeClock,
    assert_outbox_mirrors_every_synced_row,
    count_rows,
    fetch_all,
    outbox,
    valid_form,
)

from desktop.domain.clock import Hlc
from desktop.domain.status import Status
from desktop.models.tables import Person, StatusChange
from desktop.services.export import export_requests
from desktop.services.requests import RequestQuery, RequestService
from desktop.services.workspace import Workspace, open_workspace

BUDI = {"nik": BUDI_NIK, "name": "Budi Santoso", "sex": "M", "birth_date": "05-01-1985"}


# -- what one registration writes -------------------------------------------------------------


def test_registering_writes_rows_and_their_outbox_entries(
    workspace: Workspace, request_service: RequestService
) -> None:
    row = request_service.register(valid_form())

    assert count_rows(workspace) == {
        "person": 1,
        "service_request": 1,
        "status_change": 1,
        "queue_counter": 1,
        "outbox": 3,
        "audit_log": 1,
    }
    queued = {
        (e["entity"], e["entity_id"], e["version"], e["operation"]) for e in outbox(workspace)
    }
    change_id = fetch_all(workspace, "SELECT id FROM status_change")[0]["id"]
    person_id = fetch_all(workspace, "SELECT id FROM person")[0]["id"]
    assert queued == {
        ("person", person_id, 1, "insert"),
        ("service_request", row.id, 1, "insert"),
        ("status_change", change_id, 1, "insert"),
    }
    assert all(e["state"] == "pending" and e["attempts"] == 0 for e in outbox(workspace))
    assert_outbox_mirrors_every_synced_row(workspace)


def test_a_status_change_queues_version_2_of_the_request(
    workspace: Workspace, request_service: RequestService, clock: FakeClock
) -> None:
    row = request_service.register(valid_form())
    clock.advance(minutes=4)
    request_service.change_status(row.id, Status.CALLED)

    latest = [e for e in outbox(workspace) if e["entity"] == "service_request"][-1]
    assert (latest["entity_id"], latest["version"], latest["operation"]) == (row.id, 2, "update")
    payload = latest["payload"]
    assert isinstance(payload, dict)
    assert payload["status"] == "called"
    assert payload["updated_at"] == "2026-03-10T02:04:00+00:00"
    assert payload["created_at"] == "2026-03-10T02:00:00+00:00"
    # Queued in the order they were written (the request, then the status change that refers
    # to it), and the clock rises in that same order: the server receives them as they happened.
    queued = outbox(workspace)
    assert [e["entity"] for e in queued][-2:] == ["service_request", "status_change"]
    assert [e["hlc"] for e in queued] == sorted(str(e["hlc"]) for e in queued)

    request_service.change_status(row.id, Status.SERVING)
    assert [e["version"] for e in outbox(workspace) if e["entity_id"] == row.id] == [1, 2, 3]
    assert_outbox_mirrors_every_synced_row(workspace)


def test_a_returning_person_is_queued_again_only_if_their_details_changed(
    workspace: Workspace, request_service: RequestService
) -> None:
    request_service.register(valid_form())
    request_service.register(valid_form())  # same details
    person_entries = [e for e in outbox(workspace) if e["entity"] == "person"]
    assert [e["version"] for e in person_entries] == [1]

    request_service.register(valid_form(phone="0813-1111-2222"))  # new phone number
    person_entries = [e for e in outbox(workspace) if e["entity"] == "person"]
    assert [(e["version"], e["operation"]) for e in person_entries] == [
        (1, "insert"),
        (2, "update"),
    ]
    assert person_entries[-1]["payload"]["phone"] == "081311112222"  # type: ignore[index]
    assert_outbox_mirrors_every_synced_row(workspace)


def test_a_whole_working_day_keeps_the_outbox_in_step(
    workspace: Workspace, request_service: RequestService, clock: FakeClock
) -> None:
    a = request_service.register(valid_form())
    b = request_service.register(valid_form(**BUDI, service_code="SKTM"))
    for target, reason in [
        (Status.CALLED, ""),
        (Status.SERVING, ""),
        (Status.ON_HOLD, "Tunggu"),
        (Status.SERVING, ""),
        (Status.READY, ""),
        (Status.PICKED_UP, ""),
    ]:
        clock.advance(minutes=3)
        request_service.change_status(a.id, target, reason)
    request_service.change_status(b.id, Status.CANCELLED, "Pemohon pulang")

    assert_outbox_mirrors_every_synced_row(workspace)
    assert count_rows(workspace)["outbox"] == 2 * 3 + 6 * 2 + 2


# -- all or nothing ---------------------------------------------------------------------------


def a_person(nik: str = SITI_NIK) -> Person:
    return Person(
        nik=nik,
        name="Siti",
        sex="F",
        birth_date=dt.date(1990, 8, 17),
        address="Jl. A",
        rt="",
        rw="",
        hamlet="",
        phone="",
    )


def test_a_failure_inside_a_transaction_leaves_neither_row_nor_outbox_entry(
    workspace: Workspace,
) -> None:
    before = count_rows(workspace)

    with pytest.raises(RuntimeError, match="power cut"), workspace.transaction() as session:
        session.add(a_person())
        session.flush()
        assert session.query(Person).count() == 1  # written inside the transaction...
        raise RuntimeError("power cut")

    assert count_rows(workspace) == before  # ...and gone with it, outbox entry included


@pytest.mark.parametrize("failing_step", ["_next_queue_seq", "_unused_tracking_code", "_audit"])
def test_a_failure_midway_through_registering_saves_nothing(
    workspace: Workspace,
    request_service: RequestService,
    monkeypatch: pytest.MonkeyPatch,
    failing_step: str,
) -> None:
    request_service.register(valid_form(**BUDI))
    before = count_rows(workspace)
    device_hlc = fetch_all(workspace, "SELECT hlc FROM device")

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError("disk I/O error")

    with monkeypatch.context() as patch:
        patch.setattr(RequestService, failing_step, fail)
        with pytest.raises(OSError):
            request_service.register(valid_form())

    assert count_rows(workspace) == before
    assert fetch_all(workspace, "SELECT hlc FROM device") == device_hlc
    assert request_service.find_person(SITI_NIK) is None
    # Once the disk is fine again, the same clerk gets the number that was not used.
    assert request_service.register(valid_form()).queue_number == "A-002"
    assert_outbox_mirrors_every_synced_row(workspace)


def test_a_synced_row_cannot_be_written_without_the_outbox(workspace: Workspace) -> None:
    with Session(workspace.engine) as session:
        session.add(a_person())
        with pytest.raises(RuntimeError, match="SyncContext"):
            session.commit()
    assert count_rows(workspace)["person"] == 0


# -- the columns every synced row carries --------------------------------------------------------


def test_every_synced_row_carries_ids_times_version_and_clock(
    workspace: Workspace, request_service: RequestService, clock: FakeClock
) -> None:
    row = request_service.register(valid_form())
    clock.advance(minutes=10)
    request_service.change_status(row.id, Status.CALLED)
    device = fetch_all(workspace, "SELECT * FROM device")[0]

    for table in SYNCED_TABLES:
        for stored in fetch_all(workspace, f"SELECT * FROM {table}"):
            assert uuid.UUID(str(stored["id"])).version == 7
            assert str(stored["id"])[14] == "7"
            assert stored["office_id"] == device["office_id"]
            assert stored["device_id"] == device["id"]
            assert uuid.UUID(str(stored["office_id"])).version == 7
            assert Hlc.decode(str(stored["hlc"])).wall_ms > 0
            assert stored["created_at"] <= stored["updated_at"]  # type: ignore[operator]

    request = fetch_all(workspace, "SELECT * FROM service_request")[0]
    # Stored in UTC whatever the office timezone (09:00 WIB = 02:00 UTC).
    assert request["created_at"] == "2026-03-10 02:00:00.000000"
    assert request["updated_at"] == "2026-03-10 02:10:00.000000"
    assert request["version"] == 2


def test_naive_times_are_refused_rather_than_stored_in_the_wrong_zone(
    workspace: Workspace, request_service: RequestService
) -> None:
    row = request_service.register(valid_form())
    before = count_rows(workspace)

    with pytest.raises(StatementError, match="naive"), workspace.transaction() as session:
        session.add(
            StatusChange(
                request_id=row.id,
                from_status="waiting",
                to_status="called",
                at=dt.datetime(2026, 3, 10, 9, 5),
                actor="x",
                reason="",
            )
        )

    assert count_rows(workspace) == before


def test_changes_stay_in_order_when_the_pc_clock_is_set_back(
    home: Path, workspace: Workspace, request_service: RequestService, clock: FakeClock
) -> None:
    row = request_service.register(valid_form())
    clock.advance(hours=-2)  # someone "corrects" the clock
    request_service.change_status(row.id, Status.CALLED)
    workspace.close()

    # The app restarts with the clock set back even further: order still holds.
    clock.advance(days=-1)
    reopened = open_workspace(home, clock=clock, actor="petugas-uji")
    try:
        RequestService(reopened).change_status(row.id, Status.SERVING)
        stamps = [Hlc.decode(str(e["hlc"])) for e in outbox(reopened)]
        assert len(stamps) == 7  # registering 3, then 2 per status change
        assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps)
        detail = RequestService(reopened).detail(row.id)
        assert [p.status for p in detail.periods] == [
            Status.WAITING,
            Status.CALLED,
            Status.SERVING,
        ]
        assert detail.row.status is Status.SERVING
    finally:
        reopened.close()


# -- audit log and privacy --------------------------------------------------------------------

NIK_LIKE = re.compile(r"\d{16}")


def test_audit_records_who_did_what_without_the_full_nik(
    tmp_path: Path, workspace: Workspace, request_service: RequestService
) -> None:
    row = request_service.register(valid_form())
    request_service.register(valid_form(**{**BUDI, "nik": "5103 0405 0185 0012"}))
    request_service.change_status(row.id, Status.CALLED)
    request_service.change_status(row.id, Status.CANCELLED, f"NIK {SITI_NIK} salah ketik? batal")
    export_requests(workspace, tmp_path / "out.csv")

    audit = fetch_all(workspace, "SELECT * FROM audit_log ORDER BY id")

    assert [(a["actor"], a["action"]) for a in audit] == [
        ("petugas-uji", "request.registered"),
        ("petugas-uji", "request.registered"),
        ("petugas-uji", "request.status_changed"),
        ("petugas-uji", "request.status_changed"),
        ("petugas-uji", "requests.exported"),
    ]
    assert audit[0]["entity_id"] == row.id
    assert "A-001" in str(audit[0]["details"])
    for entry in audit:
        text = " ".join(str(value) for value in entry.values())
        assert SITI_NIK not in text and BUDI_NIK not in text
        assert not NIK_LIKE.search(text)


def test_nothing_logged_holds_a_nik_or_a_name(
    tmp_path: Path,
    workspace: Workspace,
    request_service: RequestService,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    row = request_service.register(valid_form())
    request_service.change_status(row.id, Status.CALLED)
    request_service.search(RequestQuery(text="siti"))
    request_service.find_person(SITI_NIK)
    export_requests(workspace, tmp_path / "out.csv")

    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert SITI_NIK not in logged
    assert "Rahmawati" not in logged


def test_every_queued_change_carries_the_checksum_of_its_payload(
    workspace: Workspace, request_service: RequestService, clock: FakeClock
) -> None:
    import hashlib
    import json

    row = request_service.register(valid_form())
    clock.advance(minutes=2)
    request_service.change_status(row.id, Status.CALLED)

    entries = fetch_all(workspace, "SELECT payload, checksum FROM outbox ORDER BY seq")
    assert len(entries) == 5
    for entry in entries:
        # sha256 of the payload as canonical JSON (sorted keys, no spaces, UTF-8): what the
        # server and `sewaka check` recompute from the payload alone.
        canonical = json.dumps(
            json.loads(str(entry["payload"])),
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=False,
        ).encode("utf-8")
        assert entry["checksum"] == hashlib.sha256(canonical).hexdigest()
