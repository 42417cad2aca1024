"""Push: a device's batch of outbox entries, judged one by one and stored in one transaction.

Each entry is checked against the wire contract (:func:`sync.wire.validate_entry`, NIK rules
included) and against the caller: its row must name the caller's office and device, a
request must name a service the catalogue knows, and a row id another device already holds
is not taken over. What passes is inserted into ``record`` with ``INSERT ... ON CONFLICT DO
NOTHING ... RETURNING`` (one statement per batch), so a key that is already there, committed
by an earlier push or by a concurrent one, is found without an error: the same payload hash
is a ``duplicate``, another one a ``conflict``. The new versions then move ``current``
forward (an upsert that only ever raises the version).

Rows are written in key order, so two pushes that share keys lock them in the same order and
cannot deadlock each other.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from server.db import Database, now
from server.offices import Caller
from server.tables import Current, Record, Service
from sync import wire
from sync.wire import Entity, EntryResult, Operation, Outcome, Reason

MAX_VERSION = 2**62  # a BIGINT column holds it with room to spare

Key = tuple[str, str, int]


@dataclass(frozen=True)
class _Candidate:
    index: int
    key: Key
    entry: wire.Entry
    office_id: str
    text: str  # the canonical payload
    payload_hash: str
    day: dt.date


def _result(
    entry: wire.Entry, outcome: Outcome, reason: Reason | None = None, detail: str = ""
) -> EntryResult:
    return EntryResult(
        entity=entry.entity,
        entity_id=entry.entity_id,
        version=entry.version,
        outcome=outcome,
        reason=reason,
        detail=detail,
    )


def push(database: Database, caller: Caller, entries: Sequence[wire.Entry]) -> list[EntryResult]:
    """One result per entry, in order; every accepted entry committed, or none."""
    results: list[EntryResult | None] = [None] * len(entries)
    services = _service_codes(database) if _names_a_service(entries) else frozenset()
    candidates: list[_Candidate] = []
    first_seen: dict[Key, _Candidate] = {}
    for index, entry in enumerate(entries):
        checked = _check(entry, caller, services)
        if isinstance(checked, EntryResult):
            results[index] = checked
            continue
        text, digest, day = checked
        key: Key = (entry.entity.value, entry.entity_id, entry.version)
        earlier = first_seen.get(key)
        if earlier is not None:  # the same key twice in one batch
            same = earlier.payload_hash == digest
            results[index] = (
                _result(entry, Outcome.DUPLICATE)
                if same
                else _result(entry, Outcome.REJECTED, Reason.CONFLICT, "same key twice in a batch")
            )
            continue
        candidate = _Candidate(index, key, entry, caller.office_id, text, digest, day)
        first_seen[key] = candidate
        candidates.append(candidate)
    if candidates:
        received = now()
        with database.writing() as session:
            for index, result in _store(session, caller, candidates, received).items():
                results[index] = result
    assert all(result is not None for result in results)
    return [result for result in results if result is not None]


def _names_a_service(entries: Iterable[wire.Entry]) -> bool:
    return any(entry.entity is Entity.SERVICE_REQUEST for entry in entries)


def _service_codes(database: Database) -> frozenset[str]:
    with database.reading() as session:
        return frozenset(session.execute(select(Service.code)).scalars())


def _check(
    entry: wire.Entry, caller: Caller, services: frozenset[str]
) -> EntryResult | tuple[str, str, dt.date]:
    """The entry's canonical payload, hash and day, or the result that rejects it."""
    if entry.version > MAX_VERSION:
        return _result(entry, Outcome.REJECTED, Reason.INVALID, "version: too large")
    try:
        row = wire.validate_entry(entry)
    except wire.PayloadProblem as problem:
        return _result(entry, Outcome.REJECTED, problem.reason, problem.detail)
    if row.office_id != caller.office_id:
        return _result(entry, Outcome.REJECTED, Reason.WRONG_OFFICE, "office_id")
    if row.device_id != caller.device_id:
        return _result(entry, Outcome.REJECTED, Reason.WRONG_DEVICE, "device_id")
    if isinstance(row, wire.ServiceRequestRow) and row.service_code not in services:
        return _result(entry, Outcome.REJECTED, Reason.UNKNOWN_SERVICE, "service_code")
    try:
        text = wire.canonical(entry.payload).decode("utf-8")
        digest = wire.payload_hash(entry)
    except (ValueError, UnicodeError):  # a lone surrogate, a number JSON cannot hold
        return _result(entry, Outcome.REJECTED, Reason.INVALID, "payload: not JSON text")
    return text, digest, wire.row_day(row.created_at)


def _by_entity(keys: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = defaultdict(list)
    for entity, entity_id in keys:
        groups[entity].append(entity_id)
    return groups


def _where_rows(table: Any, keys: Iterable[tuple[str, str]]) -> Any:
    """``(entity = e AND entity_id IN (...)) OR ...``: one index range per entity."""
    return or_(
        *(
            and_(table.entity == entity, table.entity_id.in_(sorted(ids)))
            for entity, ids in _by_entity(keys).items()
        )
    )


def _insert(session: Session) -> Any:
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


def _store(
    session: Session, caller: Caller, candidates: list[_Candidate], received: dt.datetime
) -> dict[int, EntryResult]:
    results: dict[int, EntryResult] = {}
    insert = _insert(session)
    # A row id another device (of any office) already holds is never taken over.
    row_keys = {(c.key[0], c.key[1]) for c in candidates}
    owners = {
        (entity, entity_id): (office_id, device_id)
        for entity, entity_id, office_id, device_id in session.execute(
            select(Current.entity, Current.entity_id, Current.office_id, Current.device_id).where(
                _where_rows(Current, row_keys)
            )
        )
    }
    mine = (caller.office_id, caller.device_id)
    kept: list[_Candidate] = []
    for candidate in candidates:
        owner = owners.get((candidate.key[0], candidate.key[1]))
        if owner is not None and owner != mine:
            results[candidate.index] = _result(
                candidate.entry,
                Outcome.REJECTED,
                Reason.CONFLICT,
                "the row belongs to another device",
            )
        else:
            kept.append(candidate)
    if not kept:
        return results
    kept.sort(key=lambda c: c.key)
    records = [
        {
            "entity": c.key[0],
            "entity_id": c.key[1],
            "version": c.key[2],
            "office_id": caller.office_id,
            "device_id": caller.device_id,
            "operation": c.entry.operation.value,
            "payload": c.text,
            "payload_hash": c.payload_hash,
            "hlc": c.entry.hlc,
            "day": c.day,
            "received_at": received,
        }
        for c in kept
    ]
    table = Record.__table__
    statement = (
        insert(table)
        .on_conflict_do_nothing(index_elements=["entity", "entity_id", "version"])
        .returning(table.c.entity, table.c.entity_id, table.c.version)
    )
    new: set[Key] = {(e, i, v) for e, i, v in session.execute(statement, records)}
    held = [c for c in kept if c.key not in new]
    if held:
        hashes = {
            (entity, entity_id, version): digest
            for entity, entity_id, version, digest in session.execute(
                select(Record.entity, Record.entity_id, Record.version, Record.payload_hash).where(
                    _where_rows(Record, {(c.key[0], c.key[1]) for c in held})
                )
            )
        }
        for c in held:
            if hashes.get(c.key) == c.payload_hash:
                results[c.index] = _result(c.entry, Outcome.DUPLICATE)
            else:
                results[c.index] = _result(
                    c.entry, Outcome.REJECTED, Reason.CONFLICT, "another payload under this key"
                )
    accepted = [c for c in kept if c.key in new]
    for c in accepted:
        results[c.index] = _result(c.entry, Outcome.ACCEPTED)
    _advance_current(session, insert, caller, accepted, received)
    return results


def _advance_current(
    session: Session,
    insert: Any,
    caller: Caller,
    accepted: list[_Candidate],
    received: dt.datetime,
) -> None:
    """``current`` takes each row's newest accepted version (never a lower one)."""
    newest: dict[tuple[str, str], _Candidate] = {}
    for c in accepted:
        row = (c.key[0], c.key[1])
        if row not in newest or newest[row].key[2] < c.key[2]:
            newest[row] = c
    if not newest:
        return
    table = Current.__table__
    rows = [
        {
            "entity": c.key[0],
            "entity_id": c.key[1],
            "office_id": caller.office_id,
            "device_id": caller.device_id,
            "version": c.key[2],
            "day": c.day,
            "deleted": c.entry.operation is Operation.DELETE,
            "payload": c.text,
            "received_at": received,
        }
        for _row, c in sorted(newest.items())
    ]
    statement = insert(table)
    excluded = statement.excluded
    statement = statement.on_conflict_do_update(
        index_elements=["entity", "entity_id"],
        set_={
            "version": excluded.version,
            "day": excluded.day,
            "deleted": excluded.deleted,
            "payload": excluded.payload,
            "received_at": excluded.received_at,
        },
        where=and_(
            table.c.version < excluded.version,
            table.c.office_id == excluded.office_id,
            table.c.device_id == excluded.device_id,
        ),
    )
    session.execute(statement, rows)


def payload_of(text: str) -> dict[str, Any]:
    """A stored payload back as a dict."""
    value = json.loads(text)
    assert isinstance(value, dict)
    return value
