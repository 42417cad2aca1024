"""The transactional outbox: every change to a synced row appends an entry in the same flush.

Services never write outbox entries by hand, so none can be forgotten. The
hook stamps each new or changed :class:`~desktop.models.tables.Synced` row
with its ids, timestamps, the next version and a hybrid-logical-clock value,
then adds an :class:`~desktop.models.tables.OutboxEntry` holding a snapshot
of the row and the sha256 of that snapshot's canonical JSON (:func:`payload_checksum`),
so damage inside the file is found before anything is sent
(:mod:`desktop.services.integrity`). (entity, entity id, version) is unique: it
is the idempotency key the server uses, so a change can never be queued, or
accepted, twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event, inspect, update
from sqlalchemy.orm import Session, UOWTransaction
from sqlalchemy.sql.schema import ScalarElementColumnDefault

from desktop.domain.clock import Clock, Hlc
from desktop.domain.ids import uuid7
from desktop.models.tables import Device, OutboxEntry, Synced

SYNC_KEY = "sewaka.sync"


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


def canonical_json(payload: dict[str, Any]) -> bytes:
    """The one byte form of a payload that its checksum covers: sorted keys, no spaces."""
    return json.dumps(
        payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def payload_checksum(payload: dict[str, Any]) -> str:
    """sha256 (hex) of :func:`canonical_json`: what ``outbox.checksum`` holds."""
    return hashlib.sha256(canonical_json(payload)).hexdigest()


def snapshot(obj: Synced) -> dict[str, Any]:
    mapper = inspect(obj).mapper
    return {col.key: json_value(getattr(obj, col.key)) for col in mapper.column_attrs}


@event.listens_for(Session, "before_flush")
def _append_outbox_entries(session: Session, flush_context: UOWTransaction, instances: Any) -> None:
    changed = [o for o in session.new if isinstance(o, Synced)]
    changed += [
        o
        for o in session.dirty
        if isinstance(o, Synced) and session.is_modified(o, include_collections=False)
    ]
    if not changed:
        return
    context: SyncContext | None = session.info.get(SYNC_KEY)
    if context is None:
        raise RuntimeError("a synced row was changed in a session without a SyncContext")
    now = context.now()
    for obj in changed:
        is_new = obj in session.new
        stamp = context.tick().encode()
        if is_new:
            for column in inspect(obj).mapper.columns:
                default = column.default
                if (
                    isinstance(default, ScalarElementColumnDefault)
                    and getattr(obj, column.key) is None
                ):
                    setattr(obj, column.key, default.arg)  # what the INSERT will store
            obj.id = obj.id or str(uuid7())
            obj.office_id = obj.office_id or context.office_id
            obj.device_id = obj.device_id or context.device_id
            obj.created_at = obj.created_at or now
            obj.version = 1
        else:
            obj.version = obj.version + 1
        obj.updated_at = now
        obj.hlc = stamp
        payload = snapshot(obj)
        session.add(
            OutboxEntry(
                entity=obj.__tablename__,
                entity_id=obj.id,
                version=obj.version,
                operation="insert" if is_new else "update",
                payload=payload,
                checksum=payload_checksum(payload),
                hlc=stamp,
                created_at=now,
                state="pending",
                attempts=0,
            )
        )
    session.info["sewaka.hlc_dirty"] = True


@event.listens_for(Session, "after_flush")
def _persist_clock(session: Session, flush_context: UOWTransaction) -> None:
    if not session.info.pop("sewaka.hlc_dirty", False):
        return
    context: SyncContext = session.info[SYNC_KEY]
    session.execute(
        update(Device).where(Device.id == context.device_id).values(hlc=context.hlc.encode())
    )
