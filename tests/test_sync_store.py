"""The sync store and service on a real workspace (SQLite, triggers and all), against the
in-memory server of ``test_sync_engine``.

What is checked is what the office and IT would notice: a request leaves with its service
code; the server's catalogue and a status change made at the back office arrive together or
not at all, and what came from the server is never sent back; enrolment re-stamps what was
recorded before it, in one transaction; a training folder never enrols or syncs; the sync
page's list says where each record is, without a NIK or a name.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError
from support import BUDI_NIK, SITI_NIK, FakeClock, configure_office, fetch_all, valid_form
from test_sync_engine import FakeServer

from desktop.domain.correction import Correction
from desktop.domain.ids import uuid7
from desktop.domain.status import Status
from desktop.services.requests import RequestService
from desktop.services.sync import SqlStore, SyncService, normalize_code
from desktop.services.sync_types import (
    EnrolProblem,
    EnrolRefused,
    RecordState,
    SyncProblem,
)
from desktop.services.workspace import Workspace
from sync import wire
from sync.transport import Refused, TransportError

OFFICE_ID = "0196b000-0000-7000-8000-0000000000aa"
CODE = "K7QM-2XPA-9FJD-LC4T"
URL = "https://sync.example.test"


class FakeClient(FakeServer):
    """The in-memory server, plus enrolment (what HttpTransport offers)."""

    def __init__(self) -> None:
        super().__init__()
        self.enrol_fault: Exception | None = None
        self.enrolments: list[wire.EnrolRequest] = []
        self.tokens: list[str | None] = []

    def enrol(self, request: wire.EnrolRequest) -> wire.EnrolResponse:
        if self.enrol_fault is not None:
            raise self.enrol_fault
        self.enrolments.append(request)
        return wire.EnrolResponse(
            office=wire.OfficeData(office_id=OFFICE_ID, code="sukamaju", name="Desa Sukamaju"),
            device_id=request.device_id,
            token="t" * 40,
            server_time=dt.datetime.now(dt.UTC),
        )


@pytest.fixture
def server() -> FakeClient:
    return FakeClient()


@pytest.fixture
def service(workspace: Workspace, server: FakeClient) -> Iterator[SyncService]:
    def factory(url: str, token: str | None) -> FakeClient:
        server.tokens.append(token)
        return server

    sync = SyncService(
        workspace,
        transport_factory=factory,
        runner_options={"debounce": 0.01, "watchdog_every": 0, "interval": 60.0},
    )
    yield sync
    sync.stop()


def register(workspace: Workspace, nik: str = SITI_NIK, name: str = "Siti Rahmawati") -> str:
    form = valid_form(nik=nik, name=name)
    if nik == BUDI_NIK:
        form = valid_form(nik=nik, name=name, sex="M", birth_date="05-01-1985")
    return RequestService(workspace).register(form).id


def states(workspace: Workspace) -> dict[str, int]:
    rows = fetch_all(workspace, "SELECT state, count(*) AS n FROM outbox GROUP BY state")
    return {str(r["state"]): int(str(r["n"])) for r in rows}


def state_value(workspace: Workspace, key: str) -> str | None:
    rows = fetch_all(workspace, "SELECT value FROM sync_state WHERE key = ?", key)
    return str(rows[0]["value"]) if rows else None


def service_change(
    code: str, prefix: str, name: str = "Surat Keterangan Belum Menikah"
) -> wire.Change:
    data = {
        "code": code,
        "name": name,
        "name_en": "Certificate of unmarried status",
        "queue_prefix": prefix,
        "standard_days": 2,
        "requirements": ["KTP"],
        "active": True,
        "position": 9,
    }
    return wire.Change(kind=wire.ChangeKind.SERVICE, key=code, data=data)


def central_change(
    workspace: Workspace, request_id: str, to: Status, frm: Status, reason: str = ""
) -> wire.Change:
    at = workspace.now().astimezone(dt.UTC)
    row = {
        "id": str(uuid7()),
        "office_id": workspace.sync.office_id,
        "device_id": "0196b000-0000-7000-8000-0000000000ff",  # the server's, not this PC's
        "created_at": at.isoformat(),
        "updated_at": at.isoformat(),
        "version": 1,
        "hlc": f"{int(at.timestamp() * 1000) + 5:015d}-00000",
        "request_id": request_id,
        "from_status": frm.value,
        "to_status": to.value,
        "at": at.isoformat(),
        "actor": "operator kabupaten",
        "reason": reason,
        "collected_by": "",
    }
    return wire.Change(kind=wire.ChangeKind.STATUS_CHANGE, key=str(row["id"]), data=row)


def enrol(service: SyncService) -> None:
    service.enrol(URL, CODE, "loket-1")


# -- push ------------------------------------------------------------------------------------


def test_pending_entries_carry_the_service_code_and_pass_the_wire_schema(
    workspace: Workspace,
) -> None:
    register(workspace)
    store = SqlStore(workspace)

    pending = store.pending(0, 100)

    assert [p.entity for p in pending] == ["person", "service_request", "status_change"]
    request = pending[1].payload
    assert request["service_code"] == "SKD"
    for item in pending:  # what the engine sends is what the server's rules accept
        entry = wire.Entry(
            entity=wire.Entity(item.entity),
            entity_id=item.entity_id,
            version=item.version,
            operation=wire.Operation(item.operation),
            hlc=item.hlc,
            payload=item.payload,
        )
        wire.validate_entry(entry)
    # the stored payload is not changed by adding the code (its checksum still holds)
    stored = fetch_all(workspace, "SELECT payload FROM outbox WHERE entity = 'service_request'")
    assert "service_code" not in json.loads(str(stored[0]["payload"]))


def test_a_damaged_pending_entry_is_quarantined_not_sent(workspace: Workspace) -> None:
    register(workspace)
    with workspace.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE outbox SET checksum = ? WHERE entity = 'person'", ("0" * 64,))

    pending = SqlStore(workspace).pending(0, 100)

    assert [p.entity for p in pending] == ["service_request", "status_change"]
    [row] = fetch_all(workspace, "SELECT state, last_error FROM outbox WHERE entity = 'person'")
    assert row == {"state": "quarantined", "last_error": "damaged: checksum"}


def test_bytes_that_are_not_utf8_in_an_outbox_row_quarantine_it_and_the_rest_still_go(
    workspace: Workspace,
) -> None:
    """sqlite3 reads the sync's bulk rows with its own decoder, which refuses such bytes:
    the rows are read again the tolerant way, so one damaged row neither stops the queue nor
    makes the round fail."""
    register(workspace)
    with workspace.engine.begin() as conn:
        conn.exec_driver_sql(
            "UPDATE outbox SET hlc = CAST(x'ff41' AS TEXT) WHERE entity = 'status_change'"
        )
        conn.exec_driver_sql(
            "UPDATE outbox SET payload = CAST(x'7bff7d' AS TEXT) WHERE entity = 'person'"
        )

    pending = SqlStore(workspace).pending(0, 100)

    assert [p.entity for p in pending] == ["service_request", "status_change"]
    assert pending[1].hlc == "\ufffdA"  # read as the rest of the app reads it
    [row] = fetch_all(workspace, "SELECT state, last_error FROM outbox WHERE entity = 'person'")
    assert row == {"state": "quarantined", "last_error": "damaged: unreadable"}


def test_an_outbox_the_store_cannot_read_is_a_store_failure_not_a_crash(
    workspace: Workspace,
) -> None:
    """The bulk reads go to sqlite3 directly; its errors still reach the engine as the
    store's failure (a round that ends with "database"), never as an unexpected one."""
    from sync.engine import LocalStoreError

    register(workspace)
    with workspace.engine.begin() as conn:
        conn.exec_driver_sql("ALTER TABLE tombstone RENAME TO tombstone_gone")
        conn.exec_driver_sql("ALTER TABLE outbox RENAME COLUMN checksum TO checksum_gone")
    store = SqlStore(workspace)

    with pytest.raises(LocalStoreError):
        store.pending(0, 100)
    with pytest.raises(LocalStoreError):
        store.day_summaries()


def test_a_round_confirms_everything_and_the_server_holds_it_once(
    workspace: Workspace, service: SyncService, server: FakeClient
) -> None:
    register(workspace)
    register(workspace, BUDI_NIK, "Budi Santoso")
    enrol(service)

    report = service.sync_once()

    assert report.problem is None and report.reconciled
    assert report.pushed == 6 and report.pending == 0
    assert states(workspace) == {"confirmed": 6}
    assert len(server.held) == 6
    again = service.sync_once()
    assert again.pushed == 0 and again.duplicates == 0 and again.reconciled
    status = service.status()
    assert status.enrolled and status.reconciled and status.confirmed == 6
    assert status.online is True and status.problem is None
    assert status.last_confirmed_at is not None


def test_rejected_entries_need_attention_with_their_reason_and_no_personal_data(
    workspace: Workspace, service: SyncService, server: FakeClient
) -> None:
    request_id = register(workspace)
    enrol(service)
    server.reject = {request_id}

    report = service.sync_once()

    assert report.rejected == 1 and report.pushed == 2 and not report.reconciled
    [record] = service.records(RecordState.ATTENTION, 10)
    assert record.entity == "service_request" and record.reason == "unknown_service"
    assert record.label.startswith("A-001") or "-001" in record.label
    everything = service.records(None, 100)
    assert {r.state for r in everything} == {RecordState.CONFIRMED, RecordState.ATTENTION}
    for shown in everything:
        assert SITI_NIK not in shown.label and "Siti" not in shown.label
    audit = fetch_all(
        workspace, "SELECT details FROM audit_log WHERE action = 'outbox.quarantined'"
    )
    assert audit and "unknown_service" in str(audit[0]["details"])
    assert SITI_NIK not in str(audit)

    # IT fixes the server's catalogue and sends it again
    server.reject = set()
    service.requeue_attention(record.seq)
    assert service.records(RecordState.PENDING, 10)[0].seq == record.seq
    assert service.sync_once().reconciled


def test_records_say_sent_for_an_entry_whose_answer_never_came(
    workspace: Workspace, service: SyncService, server: FakeClient
) -> None:
    register(workspace)
    enrol(service)
    server.lose_next_reply = True

    report = service.sync_once()

    assert report.problem is SyncProblem.OFFLINE
    assert {r.state for r in service.records(None, 10)} == {RecordState.SENT}
    status = service.status()
    assert (status.sent, status.pending, status.online) == (3, 0, False)
    assert service.sync_once().duplicates == 3


# -- pull ------------------------------------------------------------------------------------


def test_a_pulled_page_of_catalogue_and_central_status_change_is_one_transaction(
    workspace: Workspace, service: SyncService, server: FakeClient
) -> None:
    request_id = register(workspace)
    enrol(service)
    assert service.sync_once().reconciled
    server.feed = [
        service_change("SKBM", "M"),
        central_change(workspace, request_id, Status.CANCELLED, Status.WAITING, "dobel"),
    ]
    server.page = 10

    report = service.sync_once()

    assert report.problem is None and report.pulled == 2
    assert service.status().catalogue_version == 1  # open windows offer the new service
    codes = {str(r["code"]): r for r in fetch_all(workspace, "SELECT * FROM service")}
    assert codes["SKBM"]["queue_prefix"] == "M"
    assert codes["SKBM"]["name"] == "Surat Keterangan Belum Menikah"
    [request] = fetch_all(workspace, "SELECT status, version FROM service_request")
    assert request == {"status": "cancelled", "version": 2}
    central = fetch_all(
        workspace, "SELECT state FROM outbox WHERE entity = 'status_change' AND version = 1"
    )
    assert sorted(str(r["state"]) for r in central) == ["applied", "confirmed"]
    # the server's own row is never sent back; the request's new version is
    assert ("status_change", str(server.feed[1].key), 1) not in server.held
    assert ("service_request", request_id, 2) in server.held
    assert report.reconciled and state_value(workspace, "pull_cursor") == "2"


def test_a_page_that_fails_half_way_keeps_nothing_and_the_cursor_stays(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    request_id = register(workspace)
    store = SqlStore(workspace)

    def broken(self: SqlStore, session: Any, change: wire.Change) -> int:
        raise OperationalError("INSERT", {}, Exception("disk I/O error"))

    monkeypatch.setattr(SqlStore, "_apply_status_change", broken)
    page = [
        service_change("SKBM", "M"),
        central_change(workspace, request_id, Status.CALLED, Status.WAITING),
    ]

    from sync.engine import LocalStoreError

    with pytest.raises(LocalStoreError):
        store.apply_pull(page, "2")

    assert not fetch_all(workspace, "SELECT code FROM service WHERE code = 'SKBM'")
    assert store.cursor() is None


def test_applying_a_page_again_changes_nothing(workspace: Workspace) -> None:
    request_id = register(workspace)
    store = SqlStore(workspace)
    page = [central_change(workspace, request_id, Status.CALLED, Status.WAITING)]

    assert store.apply_pull(page, "1") == 1
    assert store.apply_pull(page, "1") == 0  # after a crash before the cursor was seen

    [request] = fetch_all(workspace, "SELECT status, version FROM service_request")
    assert request == {"status": "called", "version": 2}
    assert len(fetch_all(workspace, "SELECT id FROM status_change")) == 2


def test_a_central_move_not_allowed_here_is_kept_as_history_only(workspace: Workspace) -> None:
    request_id = register(workspace)
    RequestService(workspace).change_status(request_id, Status.CANCELLED, "salah daftar")
    store = SqlStore(workspace)

    applied = store.apply_pull(
        [central_change(workspace, request_id, Status.CALLED, Status.WAITING)], "1"
    )

    assert applied == 1
    [request] = fetch_all(workspace, "SELECT status FROM service_request")
    assert request["status"] == "cancelled"  # the PC's later fact stands
    assert len(fetch_all(workspace, "SELECT id FROM status_change")) == 3
    assert not any(p.entity == "service_request" and p.version == 3 for p in store.pending(0, 99))


def test_a_catalogue_entry_whose_prefix_is_taken_here_is_skipped_not_a_crash(
    workspace: Workspace, caplog: pytest.LogCaptureFixture
) -> None:
    store = SqlStore(workspace)
    taken = fetch_all(workspace, "SELECT code, queue_prefix FROM service ORDER BY code")[0]
    caplog.set_level(logging.WARNING)

    applied = store.apply_pull(
        [service_change("NEW", str(taken["queue_prefix"])), service_change("SKBM", "M")], "2"
    )

    assert applied == 1
    codes = {str(r["code"]) for r in fetch_all(workspace, "SELECT code FROM service")}
    assert "SKBM" in codes and "NEW" not in codes
    assert "queue prefix" in caplog.text
    assert store.cursor() == "2"
    assert state_value(workspace, "catalogue_version") == "1"  # only what was applied counts


def test_office_details_from_the_server_are_kept(
    workspace: Workspace, service: SyncService
) -> None:
    enrol(service)
    store = SqlStore(workspace)
    office = wire.Change(
        kind=wire.ChangeKind.OFFICE,
        key=OFFICE_ID,
        data={"office_id": OFFICE_ID, "code": "sukamaju", "name": "Desa Sukamaju Baru"},
    )
    other = wire.Change(
        kind=wire.ChangeKind.OFFICE,
        key=OFFICE_ID,
        data={"office_id": str(uuid7()), "code": "lain", "name": "Kantor Lain"},
    )

    assert store.apply_pull([office, other], "2") == 1

    assert service.status().office_name == "Desa Sukamaju Baru"


# -- reconcile -------------------------------------------------------------------------------


def test_the_pcs_day_summaries_match_the_servers_and_a_lost_day_is_sent_again(
    workspace: Workspace, clock: FakeClock, service: SyncService, server: FakeClient
) -> None:
    first = register(workspace)
    clock.advance(days=1)
    register(workspace, BUDI_NIK, "Budi Santoso")
    RequestService(workspace).change_status(first, Status.CALLED)
    enrol(service)
    assert service.sync_once().reconciled

    server.forget_day((clock.now - dt.timedelta(days=1)).astimezone(dt.UTC).date())
    report = service.sync_once()

    # the rows made that day: Siti, her request (at its newest version) and its first status
    assert report.resent == 3
    assert report.reconciled and report.problem is None
    assert ("service_request", first, 2) in server.held


def test_a_deleted_row_counts_as_its_tombstone(
    workspace: Workspace, service: SyncService, server: FakeClient
) -> None:
    register(workspace)
    enrol(service)
    request_id = fetch_all(workspace, "SELECT id FROM service_request")[0]["id"]
    RequestService(workspace).correct(
        str(request_id), Correction(notes="catatan baru", reason="salah ketik")
    )
    assert service.sync_once().reconciled
    with workspace.transaction() as session:
        session.connection().exec_driver_sql("DELETE FROM request_correction")

    report = service.sync_once()

    assert report.reconciled and report.problem is None
    deletes = [k for k in server.held if k[0] == "request_correction" and k[2] == 2]
    assert len(deletes) == 1  # the tombstone went, and the day summaries agree on it


# -- enrolment -------------------------------------------------------------------------------


def test_enrolment_restamps_rows_made_before_it_in_one_transaction(
    workspace: Workspace, service: SyncService, server: FakeClient
) -> None:
    register(workspace)
    provisional = workspace.sync.office_id

    enrolment = service.enrol(URL + "/", " k7qm 2xpa 9fjd lc4t ", "loket-1")

    assert enrolment.office_id == OFFICE_ID and enrolment.restamped_rows == 3
    assert enrolment.server_url == URL
    assert server.enrolments[0].code == CODE and server.enrolments[0].device_name == "loket-1"
    for table in ("person", "service_request", "status_change"):
        assert {r["office_id"] for r in fetch_all(workspace, f"SELECT office_id FROM {table}")} == {
            OFFICE_ID
        }
    for entry in fetch_all(workspace, "SELECT payload FROM outbox"):
        assert json.loads(str(entry["payload"]))["office_id"] == OFFICE_ID
    assert workspace.sync.office_id == OFFICE_ID != provisional
    assert state_value(workspace, "device_token") == "t" * 40
    status = service.status()
    assert status.enrolled and status.office_code == "sukamaju" and status.server_url == URL
    # a request registered now carries the office, and the whole lot syncs
    register(workspace, BUDI_NIK, "Budi Santoso")
    assert service.sync_once().reconciled


def test_a_failure_while_saving_the_enrolment_keeps_nothing(
    workspace: Workspace, service: SyncService, monkeypatch: pytest.MonkeyPatch
) -> None:
    register(workspace)
    provisional = workspace.sync.office_id

    def broken(session: Any, office_id: str) -> int:
        raise OperationalError("UPDATE", {}, Exception("disk I/O error"))

    monkeypatch.setattr("desktop.services.sync.restamp_office", broken)

    with pytest.raises(Exception, match="disk I/O"):
        enrol(service)

    assert state_value(workspace, "device_token") is None
    assert state_value(workspace, "server_url") is None
    assert {r["office_id"] for r in fetch_all(workspace, "SELECT office_id FROM person")} == {
        provisional
    }
    assert not service.status().enrolled


def test_a_training_folder_never_enrols_or_syncs(
    workspace: Workspace, service: SyncService, server: FakeClient
) -> None:
    configure_office(workspace, training=True)

    with pytest.raises(EnrolRefused) as refused:
        enrol(service)

    assert refused.value.problem is EnrolProblem.TRAINING
    assert server.enrolments == []
    assert service.sync_once().problem is SyncProblem.TRAINING
    assert service.status().problem is SyncProblem.TRAINING


@pytest.mark.parametrize(
    ("url", "code", "fault", "problem"),
    [
        ("ftp://x", CODE, None, EnrolProblem.BAD_URL),
        ("https://user:pw@x", CODE, None, EnrolProblem.BAD_URL),
        (URL, "K7QM-2XPA", None, EnrolProblem.BAD_CODE),
        (URL, CODE, TransportError("offline", "refused"), EnrolProblem.OFFLINE),
        (URL, CODE, TransportError("server_error", "500"), EnrolProblem.SERVER_ERROR),
        (URL, CODE, Refused(404, "enrolment_code_unknown"), EnrolProblem.UNKNOWN_CODE),
        (URL, CODE, Refused(409, "enrolment_code_used"), EnrolProblem.CODE_USED),
        (URL, CODE, Refused(409, "device_enrolled_elsewhere"), EnrolProblem.ALREADY_ENROLLED),
        (URL, CODE, Refused(403, "device_revoked"), EnrolProblem.REVOKED),
    ],
)
def test_enrolment_refusals_say_why_and_save_nothing(
    workspace: Workspace,
    service: SyncService,
    server: FakeClient,
    url: str,
    code: str,
    fault: Exception | None,
    problem: EnrolProblem,
) -> None:
    server.enrol_fault = fault

    with pytest.raises(EnrolRefused) as refused:
        service.enrol(url, code)

    assert refused.value.problem is problem
    assert not service.status().enrolled
    assert service.status().problem is SyncProblem.NOT_ENROLLED


def test_not_enrolled_syncs_nothing(service: SyncService, server: FakeClient) -> None:
    report = service.sync_once()

    assert report.problem is SyncProblem.NOT_ENROLLED and not report.reconciled
    assert server.calls == []


def test_enrolment_codes_are_read_as_typed_or_scanned() -> None:
    assert normalize_code("k7qm-2xpa-9fjd-lc4t") == CODE
    assert normalize_code("K7QM 2XPA 9FJD LC4T\n") == CODE
    assert normalize_code("K7QM2XPA9FJDLC4T") == CODE
    assert normalize_code("K7QM-2XPA-9FJD") is None
    assert normalize_code("K7QM-2XPA-9FJD-LC4TX") is None


# -- the runner ------------------------------------------------------------------------------


def test_a_local_change_nudges_the_background_sync(
    workspace: Workspace, service: SyncService, server: FakeClient
) -> None:
    enrol(service)
    service.start()
    deadline = time.monotonic() + 5
    while server.calls.count("pull") < 1 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert server.calls.count("pull") >= 1  # the first round ran at start

    register(workspace)  # the next round is due in 60 s; the change brings it forward

    while len(server.held) < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(server.held) == 3
    assert service.running
    service.stop()
    assert not service.running


def test_the_batch_size_is_the_servers_most_unless_it_is_set(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from desktop.services.sync import BATCH_ENV, batch_size
    from sync import wire

    monkeypatch.delenv(BATCH_ENV, raising=False)
    assert batch_size() == wire.MAX_BATCH
    monkeypatch.setenv(BATCH_ENV, " 250 ")
    assert batch_size() == 250
    for wrong in ("0", "-5", "abc", "٣٠٠", str(wire.MAX_BATCH + 1)):
        monkeypatch.setenv(BATCH_ENV, wrong)
        assert batch_size() == wire.MAX_BATCH, wrong
    assert "SEWAKA_SYNC_BATCH" in caplog.text
