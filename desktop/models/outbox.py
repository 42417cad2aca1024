"""The transactional outbox: every change to a synced row is queued in the same transaction.

Two halves. SQLite triggers (:mod:`desktop.models.triggers`, migration 0005) write the
outbox entry of every insert, update and delete of a synced row, whatever made it (the ORM,
a bulk ``update()``, raw SQL), refuse a change that does not raise the version by exactly
one, and turn deletes into tombstones. Each entry holds a snapshot of the row as stored and
the sha256 of that snapshot's canonical JSON (:func:`payload_checksum`), so damage inside
the file is found before anything is sent (:mod:`desktop.services.integrity`).

This module's hook stamps each new or changed :class:`~desktop.models.tables.Synced` row
before it is written: its UUIDv7, office and device ids, created/updated times, the next
version and a hybrid-logical-clock value, and the column defaults (so the object holds what
is stored). (entity, entity id, version) is unique: it is the idempotency key the server
uses, so a change can never be queued, or accepted, twice.

A stale copy of a row (its version overtaken since it was read) raises :class:`StaleRow`
(from the ORM's version check or the triggers), and nothing of the transaction is kept.

Rows that come from the server are written inside :func:`applying_server_rows` (their
entries are ``applied``, never sent); enrolment re-stamps the provisional office id with
:func:`restamp_office`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event, inspect, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, UOWTransaction
from sqlalchemy.sql.schema import ScalarElementColumnDefault

from desktop.domain.clock import Clock, Hlc
from desktop.domain.ids import uuid7
from desktop.models.tables import Device, Synced
from desktop.models.triggers import (
    GuardMode,
    OutboxState,
    StaleRow,
    canonical_json,
    payload_checksum,
)

__all__ = [
    "GuardMode",
    "OutboxState",
    "StaleRow",
    "SyncContext",
    "applying_server_rows",
    "attach",
    "canonical_json",
    "json_value",
    "payload_checksum",
    "restamp_office",
    "snapshot",
]

SYNC_KEY = "sewaka.sync"
_MODE_KEY = "sewaka.guard_mode"
_HLC_DIRTY = "sewaka.hlc_dirty"
_DELETED = "sewaka.deleted_synced"
_OFFICE_BEFORE = "sewaka.office_before_restamp"

# The tables whose rows leave the PC (the ones migration 0005 put triggers on).
SYNCED_TABLES = ("person", "service_request", "status_change", "request_correction")

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


@dataclass
class SyncContext:
    """Who is writing: this device of this office, and its clock."""

    office_id: str
    device_id: str
    clock: Clock
    hlc: Hlc = field(default_factory=lambda: Hlc(0))

    def now(self) -> dt.datetime:
        return self.clock()

    def tick(self) -> Hlc:
        self.hlc = self.hlc.tick(int(self.clock().timestamp() * 1000))
        return self.hlc

    def observe(self, seen: Hlc) -> None:
        """Never tick below a clock value already stored (a row from the server, a delete
        stamped in SQL): the next change of that row must carry a newer one."""
        if seen > self.hlc:
            self.hlc = seen


def attach(session: Session, context: SyncContext) -> None:
    session.info[SYNC_KEY] = context


def json_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def snapshot(obj: Synced) -> dict[str, Any]:
    """The payload of ``obj`` as the triggers write it (integrity checks compare with it)."""
    mapper = inspect(obj).mapper
    return {col.key: json_value(getattr(obj, col.key)) for col in mapper.column_attrs}


# -- stamping ---------------------------------------------------------------------------------


@event.listens_for(Session, "before_flush")
def _stamp_synced_rows(session: Session, flush_context: UOWTransaction, instances: Any) -> None:
    new = [o for o in session.new if isinstance(o, Synced)]
    dirty = [
        o
        for o in session.dirty
        if isinstance(o, Synced) and session.is_modified(o, include_collections=False)
    ]
    deleted = [o for o in session.deleted if isinstance(o, Synced)]
    if not (new or dirty or deleted):
        return
    context: SyncContext | None = session.info.get(SYNC_KEY)
    if context is None:
        raise RuntimeError("a synced row was changed in a session without a SyncContext")
    session.info[_HLC_DIRTY] = True
    if session.info.get(_MODE_KEY) is not None:
        # Rows from the server are written as they came; only the clock learns from them.
        for obj in (*new, *dirty):
            if obj.hlc:
                context.observe(Hlc.decode(obj.hlc))
        return
    now = context.now()
    # Ticked in the order the flush writes them (and the triggers queue them): parent tables
    # first, in each table updates before inserts. Outbox order is then clock order.
    order = _table_order()
    changes = sorted(
        [(order.get(o.__tablename__, 0), 0, str(o.id), o) for o in dirty]
        + [(order.get(o.__tablename__, 0), 1, inspect(o).insert_order or 0, o) for o in new],
        key=lambda change: change[:3],
    )
    for _, is_new, _, obj in changes:
        if is_new:
            _stamp_new(obj, context, now)
        else:
            _stamp_changed(obj, context, now)
    if deleted:
        # The delete trigger stamps the tombstone after the device's clock: store it first.
        session.info[_DELETED] = True
        session.connection().execute(
            update(Device).where(Device.id == context.device_id).values(hlc=context.hlc.encode())
        )


@functools.cache
def _table_order() -> dict[str, int]:
    return {table.name: index for index, table in enumerate(Synced.metadata.sorted_tables)}


def _stamp_new(obj: Synced, context: SyncContext, now: dt.datetime) -> None:
    for column in inspect(obj).mapper.columns:
        default = column.default
        if isinstance(default, ScalarElementColumnDefault) and getattr(obj, column.key) is None:
            setattr(obj, column.key, default.arg)  # what the INSERT will store
    obj.id = obj.id or str(uuid7())
    obj.office_id = obj.office_id or context.office_id
    obj.device_id = obj.device_id or context.device_id
    obj.created_at = obj.created_at or now
    obj.version = 1
    obj.updated_at = now
    obj.hlc = context.tick().encode()


def _stamp_changed(obj: Synced, context: SyncContext, now: dt.datetime) -> None:
    read_hlc = inspect(obj).committed_state.get("hlc", obj.hlc)
    if isinstance(read_hlc, str):
        context.observe(Hlc.decode(read_hlc))
    obj.version = obj.version + 1
    obj.updated_at = now
    obj.hlc = context.tick().encode()


@event.listens_for(Session, "after_flush")
def _persist_clock(session: Session, flush_context: UOWTransaction) -> None:
    if not session.info.pop(_HLC_DIRTY, False):
        return
    context: SyncContext = session.info[SYNC_KEY]
    connection = session.connection()
    if session.info.pop(_DELETED, False):
        stored = connection.exec_driver_sql("SELECT max(hlc) FROM device").scalar()
        if isinstance(stored, str):
            context.observe(Hlc.decode(stored))  # a tombstone's clock, ticked in SQL
    connection.execute(
        update(Device).where(Device.id == context.device_id).values(hlc=context.hlc.encode())
    )


# -- the sync guard ---------------------------------------------------------------------------


@contextlib.contextmanager
def _guard(session: Session, mode: GuardMode) -> Iterator[None]:
    """``sync_guard`` holds ``mode`` inside the caller's transaction for the block.

    Changes made before are flushed first (they are ordinary local changes); changes made
    in the block are flushed before the guard goes. A crash rolls the flag back with the
    rest of the transaction; it is never committed.
    """
    if session.info.get(_MODE_KEY) is not None:
        raise RuntimeError(f"the sync guard is already set ({session.info[_MODE_KEY]})")
    session.flush()
    connection = session.connection()
    connection.exec_driver_sql("INSERT INTO sync_guard (mode) VALUES (?)", (mode.value,))
    session.info[_MODE_KEY] = mode
    finished = False
    try:
        yield
        session.flush()
        finished = True
    finally:
        session.info.pop(_MODE_KEY, None)
        if finished:
            connection.exec_driver_sql("DELETE FROM sync_guard")
        else:
            # The transaction is failing anyway; if even this fails, it must be rolled back
            # (its flag goes with it).
            with contextlib.suppress(SQLAlchemyError):
                connection.exec_driver_sql("DELETE FROM sync_guard")


@contextlib.contextmanager
def applying_server_rows(session: Session) -> Iterator[None]:
    """Write rows that came from the server: queued as ``applied`` (never sent back).

    Inside the block the hook does not stamp synced rows and the triggers do not check
    versions: give every column (id, office, device, times, version, hlc) as the server
    sent it. The clock learns each row's hlc, so later local changes sort after it.
    """
    with _guard(session, GuardMode.APPLY):
        yield


def restamp_office(session: Session, new_office_id: str) -> int:
    """Give this PC its enrolled office id, in the caller's transaction.

    Sets ``device.office_id``; rewrites ``office_id`` in every synced row and tombstone
    (no new versions, no new entries: guard mode ``restamp``) and inside every pending
    outbox payload whose checksum still verifies, with the checksum recomputed (a damaged
    entry is not blessed with a new checksum: ``sewaka check`` still quarantines it).
    Confirmed, applied and quarantined entries keep what they said. Idempotent; returns how
    many synced rows changed office. Raises :class:`ValueError` for an id that is not a UUID.
    """
    if not _UUID.match(new_office_id):
        raise ValueError("an office id is a lowercase UUID")
    context: SyncContext | None = session.info.get(SYNC_KEY)
    restamped = 0
    with _guard(session, GuardMode.RESTAMP):
        connection = session.connection()
        connection.exec_driver_sql("UPDATE device SET office_id = ?", (new_office_id,))
        for table in SYNCED_TABLES:
            restamped += connection.exec_driver_sql(
                f"UPDATE {table} SET office_id = ? WHERE office_id IS NOT ?",
                (new_office_id, new_office_id),
            ).rowcount
        connection.exec_driver_sql(
            "UPDATE tombstone SET office_id = ? WHERE office_id IS NOT ?",
            (new_office_id, new_office_id),
        )
        connection.exec_driver_sql(
            "UPDATE outbox SET payload = json_set(payload, '$.office_id', ?),"
            " checksum = sewaka_checksum(json_set(payload, '$.office_id', ?))"
            " WHERE state = ? AND CASE WHEN checksum = sewaka_checksum(CAST(payload AS BLOB))"
            " THEN json_extract(payload, '$.office_id') IS NOT ? ELSE 0 END",
            (new_office_id, new_office_id, OutboxState.PENDING.value, new_office_id),
        )
    if context is not None and context.office_id != new_office_id:
        session.info.setdefault(_OFFICE_BEFORE, context.office_id)
        context.office_id = new_office_id  # new rows of this transaction get it too
    return restamped


@event.listens_for(Session, "after_commit")
def _restamp_kept(session: Session) -> None:
    session.info.pop(_OFFICE_BEFORE, None)


@event.listens_for(Session, "after_rollback")
def _restamp_undone(session: Session) -> None:
    before = session.info.pop(_OFFICE_BEFORE, None)
    context: SyncContext | None = session.info.get(SYNC_KEY)
    if before is not None and context is not None:
        context.office_id = before
