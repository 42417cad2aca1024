"""The outbox is a guarantee, not a convention: whatever changes a synced row (the ORM, a bulk
``update()``, raw SQL, a delete, a stale copy) either queues exactly what was stored or is
refused, all in the same transaction. Rows from the server are recorded, never sent back;
enrolment re-stamps the provisional office id in one transaction."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm.exc import StaleDataError
from support import (
    BUDI_NIK,
    FakeClock,
    assert_outbox_mirrors_every_synced_row,
    count_rows,
    fetch_all,
    outbox,
    sqlite,
    valid_form,
)

from desktop import paths
from desktop.domain.correction import Correction
from desktop.domain.ids import uuid7
from desktop.domain.status import Status
from desktop.models.database import make_engine, open_database
from desktop.models.outbox import (
    OutboxState,
    StaleRow,
    applying_server_rows,
    restamp_office,
    snapshot,
)
from desktop.models.tables import (
    Person,
    RequestCorrection,
    ServiceRequest,
    StatusChange,
    SyncState,
    Tombstone,
)
from desktop.models.triggers import register_functions
from desktop.services.integrity import Damage, verify_outbox
from desktop.services.requests import RequestService
from desktop.services.workspace import Workspace, open_workspace

BUDI = {"nik": BUDI_NIK, "name": "Budi Santoso", "sex": "M", "birth_date": "05-01-1985"}
SYNCED = ("person", "service_request", "status_change", "request_correction")


def database(workspace: Workspace) -> Path:
    return paths.database_path(workspace.home)


def tool(workspace: Workspace) -> sqlite3.Connection:
    """Another program that plays by the rules: it registers Sewaka's SQL functions."""
    conn = sqlite3.connect(database(workspace))
    register_functions(conn)
    return conn


def row(workspace: Workspace, table: str, row_id: str) -> dict[str, object]:
    return fetch_all(workspace, f"SELECT * FROM {table} WHERE id = ?", row_id)[0]


def entries_of(workspace: Workspace, entity_id: str) -> list[dict[str, object]]:
    return [e for e in outbox(workspace) if e["entity_id"] == entity_id]


def snapshots(workspace: Workspace) -> dict[tuple[str, str], dict[str, object]]:
    """What the Python side makes of every synced row (the shape the server expects)."""
    found: dict[tuple[str, str], dict[str, object]] = {}
    with workspace.reading() as session:
        for model in (Person, ServiceRequest, StatusChange, RequestCorrection):
            for obj in session.scalars(select(model)):
                found[(model.__tablename__, obj.id)] = snapshot(obj)
    return found


def newest_payloads(workspace: Workspace) -> dict[tuple[str, str], dict[str, object]]:
    newest: dict[tuple[str, str], dict[str, object]] = {}
    for entry in outbox(workspace):  # in seq order: the last one of a row wins
        payload = entry["payload"]
        assert isinstance(payload, dict)
        newest[(str(entry["entity"]), str(entry["entity_id"]))] = payload
    return newest


@pytest.fixture
def registered(workspace: Workspace, request_service: RequestService) -> str:
    return request_service.register(valid_form()).id


# -- what is queued is what was stored -------------------------------------------------------------


def test_each_entry_is_the_row_exactly_as_python_would_send_it(
    workspace: Workspace, request_service: RequestService, clock: FakeClock
) -> None:
    a = request_service.register(valid_form())  # 09:00:00.000000 WIB: no microseconds
    clock.set(clock.now + dt.timedelta(minutes=3, seconds=1, microseconds=500_007))
    request_service.change_status(a.id, Status.CALLED)
    clock.set(clock.now + dt.timedelta(microseconds=40))  # .000047 after the second
    b = request_service.register(valid_form(**BUDI, service_code="SKTM", notes="Baris\nkedua ✓"))
    request_service.correct(b.id, Correction(phone="0813-1111-2222", reason="Salah ketik"))

    # Every row of every synced table, the newest entry equal to it in every key and value
    # (times as isoformat(): '+00:00', no '.000000'; dates; JSON lists; nulls).
    expected = snapshots(workspace)
    assert {table for table, _ in expected} == set(SYNCED)
    assert newest_payloads(workspace) == expected
    times = {str(p["updated_at"]) for p in expected.values()}
    assert "2026-03-10T02:00:00+00:00" in times
    assert "2026-03-10T02:03:01.500007+00:00" in times
    assert "2026-03-10T02:03:01.500047+00:00" in times
    assert_outbox_mirrors_every_synced_row(workspace)
    assert verify_outbox(workspace).ok


def test_column_defaults_are_queued_as_stored(workspace: Workspace, registered: str) -> None:
    with workspace.transaction() as session:  # no reason given: the column default ('') applies
        session.add(
            StatusChange(
                request_id=registered,
                from_status="waiting",
                to_status="called",
                at=workspace.now(),
                actor="petugas-uji",
            )
        )
    change_id = str(uuid7())
    with tool(workspace) as conn:  # raw SQL leaving out a column with a server default
        conn.execute(
            "INSERT INTO status_change (id, office_id, device_id, created_at, updated_at,"
            " version, hlc, request_id, from_status, to_status, at, actor, reason)"
            " SELECT ?, office_id, id, '2026-03-10 02:05:00.000000',"
            " '2026-03-10 02:05:00.000000', 1, '001773108300000-00000', ?, 'called',"
            " 'serving', '2026-03-10 02:05:00.000000', 'alat lain', '' FROM device",
            (change_id, registered),
        )

    changes = [e for e in outbox(workspace) if e["entity"] == "status_change"]
    assert [e["payload"]["reason"] for e in changes] == ["", "", ""]  # type: ignore[index]
    assert changes[-1]["payload"]["collected_by"] == ""  # type: ignore[index]
    assert changes[-1]["payload"]["at"] == "2026-03-10T02:05:00+00:00"  # type: ignore[index]
    assert changes[-1]["entity_id"] == change_id
    assert_outbox_mirrors_every_synced_row(workspace)


# -- raw SQL and bulk updates ----------------------------------------------------------------------


def test_raw_sql_that_raises_the_version_is_queued_as_stored(
    workspace: Workspace, registered: str
) -> None:
    before = row(workspace, "service_request", registered)
    with tool(workspace) as conn:
        conn.execute(
            "UPDATE service_request SET notes = 'Dari alat lain', version = version + 1,"
            " hlc = '001773108400000-00000', updated_at = '2026-03-10 02:06:40.250000'"
            " WHERE id = ?",
            (registered,),
        )

    queued = entries_of(workspace, registered)
    assert [(e["version"], e["operation"], e["state"]) for e in queued] == [
        (1, "insert", "pending"),
        (2, "update", "pending"),
    ]
    payload = queued[-1]["payload"]
    assert isinstance(payload, dict)
    assert payload["notes"] == "Dari alat lain"
    assert payload["updated_at"] == "2026-03-10T02:06:40.250000+00:00"
    assert payload["created_at"] == queued[0]["payload"]["created_at"]  # type: ignore[index]
    assert newest_payloads(workspace) == snapshots(workspace)
    assert row(workspace, "service_request", registered)["created_at"] == before["created_at"]
    assert verify_outbox(workspace).ok


@pytest.mark.parametrize(
    ("change", "refusal"),
    [
        ("notes = 'x'", "version by exactly 1"),
        ("notes = 'x', version = version + 2", "version by exactly 1"),
        ("notes = 'x', version = version + 1", "newer clock"),  # same hlc
        ("office_id = 'lain', version = version + 1, hlc = '999999999999999-00000'", "never"),
        (
            "notes = 'x', version = version + 1, hlc = '999999999999999-00000',"
            " updated_at = '2026-03-10T02:00:00Z'",
            "not in the form",
        ),
    ],
)
def test_raw_sql_that_does_not_play_by_the_rules_is_refused(
    workspace: Workspace, registered: str, change: str, refusal: str
) -> None:
    before = (fetch_all(workspace, "SELECT * FROM service_request"), outbox(workspace))

    with tool(workspace) as conn, pytest.raises(sqlite3.IntegrityError, match=refusal):
        conn.execute(f"UPDATE service_request SET {change} WHERE id = ?", (registered,))
    with pytest.raises(StaleRow, match=refusal), workspace.engine.begin() as connection:
        connection.exec_driver_sql(
            f"UPDATE service_request SET {change} WHERE id = ?", (registered,)
        )

    assert (fetch_all(workspace, "SELECT * FROM service_request"), outbox(workspace)) == before


def test_a_plain_sqlite3_shell_cannot_change_a_synced_row_at_all(
    workspace: Workspace, registered: str
) -> None:
    before = {t: fetch_all(workspace, f"SELECT * FROM {t}") for t in (*SYNCED, "outbox")}
    with sqlite(database(workspace)) as conn:  # no Sewaka functions registered
        for statement in (
            "UPDATE service_request SET notes = 'x', version = version + 1,"
            " hlc = '999999999999999-00000'",
            "DELETE FROM status_change",
            "INSERT INTO person SELECT * FROM person WHERE 0",  # even a no-op is refused
        ):
            with pytest.raises(sqlite3.OperationalError, match="no such function: sewaka_"):
                conn.execute(statement)
        conn.execute("SELECT * FROM service_request").fetchall()  # reading is fine

    assert {t: fetch_all(workspace, f"SELECT * FROM {t}") for t in (*SYNCED, "outbox")} == before


def test_a_bulk_orm_update_is_refused_and_nothing_changes(
    workspace: Workspace, request_service: RequestService, registered: str
) -> None:
    request_service.register(valid_form(**BUDI))
    before = (fetch_all(workspace, "SELECT * FROM service_request"), outbox(workspace))

    with pytest.raises(StaleRow, match="version by exactly 1"), workspace.transaction() as s:
        s.execute(update(ServiceRequest).values(notes="Semua diubah"))

    assert (fetch_all(workspace, "SELECT * FROM service_request"), outbox(workspace)) == before
    # The service goes on working: the refusal left nothing half-done behind.
    request_service.change_status(registered, Status.CALLED)
    assert_outbox_mirrors_every_synced_row(workspace)


# -- stale copies ----------------------------------------------------------------------------------


def test_a_stale_detached_copy_cannot_overwrite_a_newer_version(
    workspace: Workspace, request_service: RequestService, registered: str
) -> None:
    with workspace.reading() as session:
        stale = session.get(ServiceRequest, registered)
        assert stale is not None
        session.expunge(stale)
    request_service.change_status(registered, Status.CALLED)  # version 2 meanwhile
    newest = row(workspace, "service_request", registered)

    stale.notes = "Ditimpa salinan lama"
    with pytest.raises(StaleRow) as refused, workspace.transaction() as session:
        session.merge(stale)

    assert isinstance(refused.value.__cause__, StaleDataError)  # the ORM saw it first

    assert row(workspace, "service_request", registered) == newest
    assert [e["version"] for e in entries_of(workspace, registered)] == [1, 2]
    assert verify_outbox(workspace).ok


def test_of_two_clerks_who_read_the_same_version_only_the_first_write_wins(
    workspace: Workspace, registered: str
) -> None:
    with workspace.reading() as session:  # the second one reads, then takes a while
        late = session.get(ServiceRequest, registered)
        assert late is not None
        session.expunge(late)
    with workspace.transaction() as session:
        first = session.get(ServiceRequest, registered)
        assert first is not None
        first.notes = "Yang pertama"

    late.notes = "Yang kedua"
    with pytest.raises(StaleRow) as refused, workspace.transaction() as session:
        session.add(late)

    # The ORM's version check (UPDATE ... WHERE version = 1 matched nothing), before the
    # triggers would have refused it too.
    assert isinstance(refused.value.__cause__, StaleDataError)

    assert row(workspace, "service_request", registered)["notes"] == "Yang pertama"
    assert [e["version"] for e in entries_of(workspace, registered)] == [1, 2]


# -- deletes become tombstones ---------------------------------------------------------------------


def test_an_orm_delete_queues_a_tombstone_and_leaves_one(
    workspace: Workspace, request_service: RequestService, registered: str, clock: FakeClock
) -> None:
    from sync import wire

    request_service.change_status(registered, Status.CALLED)
    change = fetch_all(workspace, "SELECT * FROM status_change WHERE to_status = 'called'")[0]
    with workspace.transaction() as session:
        obj = session.get(StatusChange, change["id"])
        assert obj is not None
        session.delete(obj)

    entry = entries_of(workspace, str(change["id"]))[-1]
    assert (entry["operation"], entry["version"], entry["state"]) == ("delete", 2, "pending")
    gone = wire.Tombstone.model_validate(entry["payload"])  # what the server will check
    assert (gone.id, gone.office_id, gone.device_id) == (
        change["id"],
        change["office_id"],
        change["device_id"],
    )
    assert gone.created_at == dt.datetime(2026, 3, 10, 2, 0, tzinfo=dt.UTC)
    assert gone.hlc > str(change["hlc"]) and gone.hlc == entry["hlc"]
    with workspace.reading() as session:
        tombstone = session.get(Tombstone, ("status_change", change["id"]))
        assert tombstone is not None
        assert (tombstone.version, tombstone.hlc) == (2, gone.hlc)
        assert tombstone.deleted_at == gone.updated_at
    assert count_rows(workspace, ("status_change",)) == {"status_change": 1}
    # The clock never goes back behind the tombstone: the next change sorts after it.
    request_service.change_status(registered, Status.SERVING)
    assert str(outbox(workspace)[-1]["hlc"]) > gone.hlc
    assert_outbox_mirrors_every_synced_row(workspace)
    assert verify_outbox(workspace).ok


def test_raw_deletes_are_tombstoned_too(
    workspace: Workspace, request_service: RequestService, registered: str
) -> None:
    request_service.register(valid_form(**BUDI))
    person = fetch_all(workspace, "SELECT person_id FROM service_request WHERE id = ?", registered)
    with tool(workspace) as conn:  # the whole request: history, request, applicant
        conn.execute("DELETE FROM status_change WHERE request_id = ?", (registered,))
        conn.execute("DELETE FROM service_request WHERE id = ?", (registered,))
        conn.execute("DELETE FROM person WHERE id = ?", (person[0]["person_id"],))

    deletes = [e for e in outbox(workspace) if e["operation"] == "delete"]
    assert sorted(str(e["entity"]) for e in deletes) == [
        "person",
        "service_request",
        "status_change",
    ]
    assert all(e["state"] == "pending" and e["version"] == 2 for e in deletes)
    assert len(fetch_all(workspace, "SELECT * FROM tombstone")) == 3
    assert_outbox_mirrors_every_synced_row(workspace)
    check = verify_outbox(workspace)  # entries of rows that are gone, ending in their delete
    assert check.ok and check.rows == 3  # Budi's three rows remain


def test_a_delete_entry_whose_tombstone_is_gone_is_found(
    workspace: Workspace, registered: str
) -> None:
    with tool(workspace) as conn:
        conn.execute("DELETE FROM status_change WHERE request_id = ?", (registered,))
        conn.execute("DELETE FROM tombstone")  # a stray write (the tombstone has no trigger)

    findings = verify_outbox(workspace).findings
    assert [(f.damage, f.entity, f.version) for f in findings] == [
        (Damage.NO_ROW, "status_change", 2)
    ]


# -- rows from the server --------------------------------------------------------------------------


def server_change(workspace: Workspace, request_id: str, hlc: str) -> StatusChange:
    """A status change made at the back office, as a pull brings it."""
    at = dt.datetime(2026, 3, 10, 3, 0, tzinfo=dt.UTC)
    return StatusChange(
        id=str(uuid7()),
        office_id=workspace.sync.office_id,
        device_id=str(uuid7()),  # the server's, not this PC's
        created_at=at,
        updated_at=at,
        version=1,
        hlc=hlc,
        request_id=request_id,
        from_status="waiting",
        to_status="called",
        at=at,
        actor="kecamatan",
        reason="",
        collected_by="",
    )


def test_rows_from_the_server_are_recorded_as_applied_and_never_queued(
    workspace: Workspace, request_service: RequestService, registered: str
) -> None:
    pending_before = [e["seq"] for e in outbox(workspace) if e["state"] == "pending"]
    ahead = "001900000000000-00003"  # the server's clock is far ahead of this PC's
    with workspace.transaction() as session, applying_server_rows(session):
        session.add(server_change(workspace, registered, ahead))
        request = session.get(ServiceRequest, registered)
        assert request is not None
        request.status, request.version, request.hlc = "called", 5, ahead  # server versions

    applied = [e for e in outbox(workspace) if e["state"] == OutboxState.APPLIED]
    assert sorted((e["entity"], e["version"]) for e in applied) == [
        ("service_request", 5),
        ("status_change", 1),
    ]
    assert [e["seq"] for e in outbox(workspace) if e["state"] == "pending"] == pending_before
    assert fetch_all(workspace, "SELECT * FROM sync_guard") == []
    assert newest_payloads(workspace) == snapshots(workspace)
    assert verify_outbox(workspace).ok  # versions 2-4 are the server's history, not a gap

    # A later local change is ordinary again: pending, version 6, a clock after the server's.
    request_service.change_status(registered, Status.SERVING)
    newest = entries_of(workspace, registered)[-1]
    assert (newest["version"], newest["state"]) == (6, "pending")
    assert str(newest["hlc"]) > ahead
    assert verify_outbox(workspace).ok


def test_a_failure_while_applying_keeps_nothing_and_leaves_no_guard_behind(
    workspace: Workspace, request_service: RequestService, registered: str
) -> None:
    before = outbox(workspace)
    with (
        pytest.raises(RuntimeError, match="connection lost"),
        workspace.transaction() as session,
        applying_server_rows(session),
    ):
        session.add(server_change(workspace, registered, "001900000000000-00000"))
        session.flush()
        raise RuntimeError("connection lost")

    assert outbox(workspace) == before
    assert fetch_all(workspace, "SELECT * FROM sync_guard") == []
    request_service.change_status(registered, Status.CALLED)  # queued as usual
    assert outbox(workspace)[-1]["state"] == "pending"


def test_the_guard_holds_one_mode_at_a_time(workspace: Workspace) -> None:
    with workspace.transaction() as session, applying_server_rows(session):
        with pytest.raises(RuntimeError, match="already set"), applying_server_rows(session):
            pass
        with pytest.raises(StaleRow, match="already set"):
            session.connection().exec_driver_sql("INSERT INTO sync_guard VALUES ('restamp')")
    assert fetch_all(workspace, "SELECT * FROM sync_guard") == []


def test_a_guard_left_set_is_cleared_when_the_data_folder_opens(
    workspace: Workspace, registered: str
) -> None:
    with sqlite(database(workspace)) as conn:  # as a bug that committed it would leave it
        conn.execute("INSERT INTO sync_guard VALUES ('apply')")
    workspace.close()

    reopened = open_workspace(workspace.home, clock=workspace.clock, actor="petugas-uji")
    try:
        assert fetch_all(reopened, "SELECT * FROM sync_guard") == []
        RequestService(reopened).change_status(registered, Status.CALLED)
        assert {e["state"] for e in outbox(reopened)} == {"pending"}  # all still to send
    finally:
        reopened.close()


# -- re-stamping the provisional office id ---------------------------------------------------------

ENROLLED = "01890a5d-ac96-774b-bcce-b302099a8057"


@pytest.fixture
def before_enrolment(
    workspace: Workspace, request_service: RequestService, registered: str
) -> Iterator[str]:
    """A morning's work before the PC was enrolled: rows, versions, a delete, a correction."""
    budi = request_service.register(valid_form(**BUDI))
    request_service.change_status(registered, Status.CALLED)
    request_service.correct(budi.id, Correction(phone="0813-1111-2222", reason="Salah"))
    with tool(workspace) as conn:
        conn.execute(
            "DELETE FROM status_change WHERE request_id = ? AND to_status = 'called'",
            (registered,),
        )
    yield workspace.sync.office_id


def office_ids(workspace: Workspace) -> set[object]:
    ids: set[object] = set()
    for table in (*SYNCED, "tombstone", "device"):
        ids |= {r["office_id"] for r in fetch_all(workspace, f"SELECT office_id FROM {table}")}
    return ids


def test_enrolment_restamps_rows_and_queued_payloads_in_one_go(
    workspace: Workspace, request_service: RequestService, before_enrolment: str
) -> None:
    versions = fetch_all(workspace, "SELECT id, version, hlc FROM service_request ORDER BY id")
    queued = [(e["seq"], e["version"], e["state"]) for e in outbox(workspace)]
    rows = sum(count_rows(workspace, SYNCED).values())

    with workspace.transaction() as session:
        assert restamp_office(session, ENROLLED) == rows

    assert office_ids(workspace) == {ENROLLED}
    assert {e["payload"]["office_id"] for e in outbox(workspace)} == {ENROLLED}  # type: ignore[index]
    # No new versions, no new entries: the same changes, now saying the real office.
    assert fetch_all(workspace, "SELECT id, version, hlc FROM service_request ORDER BY id") == (
        versions
    )
    assert [(e["seq"], e["version"], e["state"]) for e in outbox(workspace)] == queued
    assert verify_outbox(workspace).ok  # every checksum recomputed, every row equal
    assert_outbox_mirrors_every_synced_row(workspace)

    # Again (a retried enrolment): nothing changes.
    snapshot_before = outbox(workspace)
    with workspace.transaction() as session:
        assert restamp_office(session, ENROLLED) == 0
    assert outbox(workspace) == snapshot_before

    # New work carries the real office, now and after a restart.
    new = request_service.register(valid_form(service_code="SKU"))
    assert row(workspace, "service_request", new.id)["office_id"] == ENROLLED
    workspace.close()
    reopened = open_workspace(workspace.home, clock=workspace.clock, actor="petugas-uji")
    try:
        assert reopened.sync.office_id == ENROLLED
    finally:
        reopened.close()


def test_a_failed_enrolment_restamps_nothing(
    workspace: Workspace, request_service: RequestService, before_enrolment: str
) -> None:
    before = {t: fetch_all(workspace, f"SELECT * FROM {t}") for t in (*SYNCED, "outbox")}

    with pytest.raises(RuntimeError, match="reply lost"), workspace.transaction() as session:
        restamp_office(session, ENROLLED)
        session.merge(SyncState(key="device_token", value="x" * 40))
        raise RuntimeError("reply lost")

    assert {t: fetch_all(workspace, f"SELECT * FROM {t}") for t in (*SYNCED, "outbox")} == before
    assert office_ids(workspace) == {before_enrolment}
    assert workspace.sync.office_id == before_enrolment  # new rows keep the provisional one
    assert fetch_all(workspace, "SELECT * FROM sync_guard") == []
    assert fetch_all(workspace, "SELECT * FROM sync_state") == []
    new = request_service.register(valid_form(service_code="SKU"))
    assert row(workspace, "service_request", new.id)["office_id"] == before_enrolment


def test_restamping_does_not_bless_a_damaged_entry(
    workspace: Workspace, before_enrolment: str
) -> None:
    with sqlite(database(workspace)) as conn:  # a bad sector inside one queued payload
        seq = conn.execute("SELECT max(seq) FROM outbox WHERE entity = 'person'").fetchone()[0]
        conn.execute(
            "UPDATE outbox SET payload = replace(payload, 'Budi', 'Badi') WHERE seq = ?", (seq,)
        )
    with workspace.transaction() as session:
        restamp_office(session, ENROLLED)

    damaged = next(e for e in outbox(workspace) if e["seq"] == seq)
    assert damaged["payload"]["office_id"] == before_enrolment  # type: ignore[index]
    found = verify_outbox(workspace).findings
    assert [(f.seq, f.damage) for f in found] == [(seq, Damage.CHECKSUM)]


def test_an_office_id_must_be_a_uuid(workspace: Workspace) -> None:
    with pytest.raises(ValueError, match="UUID"), workspace.transaction() as session:
        restamp_office(session, "kantor-desa")


# -- migration 0005 on a database that already holds an office's work ------------------------------


def test_migration_0005_keeps_the_queue_and_guards_from_then_on(
    home: Path, clock: FakeClock
) -> None:
    workspace = open_workspace(home, clock=clock, actor="petugas-uji")
    service = RequestService(workspace)
    siti = service.register(valid_form())
    service.register(valid_form(**BUDI))
    service.change_status(siti.id, Status.CALLED)
    workspace.close()
    path = paths.database_path(home)
    engine = make_engine(path)  # back to revision 0004, as an office running 0004 has it
    try:
        from alembic import command

        from desktop.models.database import alembic_config

        config = alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0004")
    finally:
        engine.dispose()
    with sqlite(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0004",)
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert not {n for n in names if "sewaka" in n or n in ("tombstone", "sync_guard")}
        old_queue = conn.execute("SELECT * FROM outbox ORDER BY seq").fetchall()

    opened = open_database(path, paths.backup_dir(home))
    opened.engine.dispose()
    assert opened.revision == "0005" and opened.backup is not None

    workspace = open_workspace(home, clock=clock, actor="petugas-uji")
    try:
        with sqlite(path) as conn:
            assert conn.execute("SELECT * FROM outbox ORDER BY seq").fetchall() == old_queue
        with pytest.raises(StaleRow), workspace.engine.begin() as connection:
            connection.exec_driver_sql("UPDATE person SET phone = '0'")
        RequestService(workspace).change_status(siti.id, Status.SERVING)
        assert len(outbox(workspace)) == len(old_queue) + 2
        assert_outbox_mirrors_every_synced_row(workspace)
        assert verify_outbox(workspace).ok
    finally:
        workspace.close()
