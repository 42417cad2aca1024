"""Push: a device's batch of outbox entries, judged one by one and stored in one transaction.

Each entry is checked against the wire contract (:func:`sync.wire.validate_entry`, NIK rules
included) and against the caller: its row must name the caller's office and device, a
request must name a service the catalogue knows, and a row id another device already holds
is not taken over. What passes is inserted into ``record`` with ``INSERT ... ON CONFLICT DO
NOTHING ... RETURNING`` (one statement per batch), so a key that is already there, committed
by an earlier push or by a concurrent one, is found without an error: the same payload hash
is a ``duplicate``, another one a ``conflict``; a row another device holds is left out by the
same statement. ``current`` (the newest version of each row) is a view over ``record``:
nothing else is written.

Rows are written in key order, so two pushes that share keys lock them in the same order and
cannot deadlock each other.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypedDict, cast

from sqlalchemy import Table, and_, insert, or_, select
from sqlalchemy.orm import Session

from server.db import Database, now
from server.offices import Caller
from server.tables import Current, Record, Service
from sync import wire
from sync.wire import Entity, Operation, Outcome, Reason

MAX_VERSION = 2**62  # a BIGINT column holds it with room to spare
SEPARATOR = "\x1e"  # between the values of a column sent to PostgreSQL as one text

Key = tuple[str, str, int]


class Answer(TypedDict):
    """One entry's result, as ``wire.EntryResult`` writes it in JSON (the push answer is
    written straight from these: hundreds per batch, no model built for each)."""

    entity: str
    entity_id: str
    version: int
    outcome: str
    reason: str | None
    detail: str


@dataclass(slots=True)
class _Candidate:
    index: int
    key: Key
    entry: wire.Entry
    office_id: str
    text: str  # the canonical payload
    payload_hash: str
    day: dt.date


# An operation's text without its ``.value`` (a slow property, read for each of thousands
# of entries), for the columns sent to the database. Where only equality and hashing count
# (keys, JSON), a StrEnum member is its text: answers and keys hold the members themselves.
_TEXT: dict[Operation, str] = {operation: operation.value for operation in Operation}


def _result(
    entry: wire.Entry, outcome: Outcome, reason: Reason | None = None, detail: str = ""
) -> Answer:
    # Made here from a validated entry: nothing to check again. orjson writes a member as
    # its value.
    return {
        "entity": entry.entity,
        "entity_id": entry.entity_id,
        "version": entry.version,
        "outcome": outcome,
        "reason": reason,
        "detail": detail,
    }


# Entries checked while the database stores the chunk before (PostgreSQL): the checks are
# Python on one core, the inserts PostgreSQL on another, and a batch in chunks of this size
# keeps both busy instead of one waiting for the other.
CHUNK = 100


def push(database: Database, caller: Caller, entries: Sequence[wire.Entry]) -> list[Answer]:
    """One result per entry, in order; every accepted entry committed, or none."""
    results: list[Answer | None] = [None] * len(entries)
    services = _service_codes(database) if _names_a_service(entries) else frozenset()
    # Checked and stored in key order, so two pushes that share keys lock them in the same
    # order (a stable sort: of one key sent twice, the first comes first).
    order = sorted(range(len(entries)), key=lambda i: _key(entries[i]))
    first_seen: dict[Key, _Candidate] = {}
    chunk: list[_Candidate] = []
    with _Writer(database, caller) as writer:
        for index in order:
            entry = entries[index]
            checked = _check(entry, caller, services)
            if isinstance(checked, dict):
                results[index] = checked
                continue
            text, digest, day = checked
            key = _key(entry)
            earlier = first_seen.get(key)
            if earlier is not None:  # the same key twice in one batch
                same = earlier.payload_hash == digest
                results[index] = (
                    _result(entry, Outcome.DUPLICATE)
                    if same
                    else _result(
                        entry, Outcome.REJECTED, Reason.CONFLICT, "same key twice in a batch"
                    )
                )
                continue
            candidate = _Candidate(index, key, entry, caller.office_id, text, digest, day)
            first_seen[key] = candidate
            chunk.append(candidate)
            if len(chunk) == CHUNK:
                writer.store(chunk)
                chunk = []
        if chunk:
            writer.store(chunk)
        for index, result in writer.finish().items():
            results[index] = result
    assert all(result is not None for result in results)
    return [result for result in results if result is not None]


def _key(entry: wire.Entry) -> Key:
    return (entry.entity, entry.entity_id, entry.version)


class _Writer:
    """One push's write transaction, begun by the first chunk that needs storing (a batch
    with nothing to store writes nothing): chunks of checked entries go in as they come (on
    PostgreSQL in pipeline mode: the server inserts one chunk while this checks the next);
    :meth:`finish` sorts out what was not stored and says what became of each entry."""

    def __init__(self, database: Database, caller: Caller) -> None:
        self._database = database
        self._caller = caller
        self._received = now()
        self._stack = contextlib.ExitStack()
        self._backend: _Store | None = None
        self._candidates: list[_Candidate] = []
        self._pending: list[Callable[[], set[Key]]] = []

    def __enter__(self) -> _Writer:
        return self

    def __exit__(self, *exc: object) -> bool | None:
        return self._stack.__exit__(*exc)  # type: ignore[arg-type]

    def _opened(self) -> _Store:
        if self._backend is None:
            session = self._stack.enter_context(self._database.writing())
            backend: _Store = (
                _PostgresStore(session) if _is_postgresql(session) else _SqliteStore(session)
            )
            self._stack.enter_context(backend.batch())
            self._backend = backend
        return self._backend

    def store(self, chunk: list[_Candidate]) -> None:
        backend = self._opened()
        self._candidates.extend(chunk)
        self._pending.append(backend.insert_records(self._caller, chunk, self._received))

    def finish(self) -> dict[int, Answer]:
        if self._backend is None:
            return {}
        new: set[Key] = set()
        for stored in self._pending:
            new |= stored()
        self._backend.end_batch()
        return _sort_out(self._backend, self._caller, self._candidates, new)


def _names_a_service(entries: Iterable[wire.Entry]) -> bool:
    return any(entry.entity is Entity.SERVICE_REQUEST for entry in entries)


def _service_codes(database: Database) -> frozenset[str]:
    with database.reading() as session:
        return frozenset(session.execute(select(Service.code)).scalars())


def _check(
    entry: wire.Entry, caller: Caller, services: frozenset[str]
) -> Answer | tuple[str, str, dt.date]:
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
        body = wire.canonical(entry.payload)
    except (ValueError, UnicodeError):  # a lone surrogate, a number JSON cannot hold
        return _result(entry, Outcome.REJECTED, Reason.INVALID, "payload: not JSON text")
    return body.decode("utf-8"), payload_hash(entry, body), wire.row_day(row.created_at)


def payload_hash(entry: wire.Entry, body: bytes) -> str:
    """:func:`sync.wire.payload_hash` from the canonical body already made (a push makes it
    once, for the hash and for storage; a test keeps the two functions equal)."""
    head = f"{entry.entity}\n{entry.entity_id}\n{entry.version}\n{entry.operation}\n".encode()
    return hashlib.sha256(head + body).hexdigest()


def _sort_out(
    store: _Store,
    caller: Caller,
    candidates: list[_Candidate],
    new: set[Key],
) -> dict[int, Answer]:
    """The result of each candidate, ``new`` being the keys stored now; the rest, rare,
    were held already (duplicate or conflict) or name a row another device holds."""
    results: dict[int, Answer] = {}
    held = [c for c in candidates if c.key not in new]
    if held:
        owners = store.owners(sorted({(c.key[0], c.key[1]) for c in held}))
        hashes = store.hashes([c.key for c in held])
        mine = (caller.office_id, caller.device_id)
        for c in held:
            owner = owners.get((c.key[0], c.key[1]))
            if owner is not None and owner != mine:  # a row id is never taken over
                results[c.index] = _result(
                    c.entry, Outcome.REJECTED, Reason.CONFLICT, "row held by another device"
                )
            elif hashes.get(c.key) == c.payload_hash:
                results[c.index] = _result(c.entry, Outcome.DUPLICATE)
            else:
                results[c.index] = _result(
                    c.entry, Outcome.REJECTED, Reason.CONFLICT, "another payload under this key"
                )
    for c in candidates:
        if c.key in new:
            results[c.index] = _result(c.entry, Outcome.ACCEPTED)
    return results


def _is_postgresql(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


class _Store:
    """The three statements of a push, per database."""

    def __init__(self, session: Session) -> None:
        self.session = session

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Around a push's inserts (:meth:`end_batch` may end it early)."""
        yield

    def end_batch(self) -> None:
        """The inserts are done: what follows waits for each answer again."""

    def owners(self, rows: list[tuple[str, str]]) -> dict[tuple[str, str], tuple[str, str]]:
        raise NotImplementedError

    def insert_records(
        self, caller: Caller, kept: list[_Candidate], received: dt.datetime
    ) -> Callable[[], set[Key]]:
        """Store ``kept``; what it returns gives the keys stored now (it may wait for them)."""
        raise NotImplementedError

    def hashes(self, keys: list[Key]) -> dict[Key, str]:
        raise NotImplementedError


class _PostgresStore(_Store):
    """Whole batches as arrays (``unnest``), sent in binary: one statement and one round
    trip each, whatever the batch size, and no per-value quoting of JSON text; ``ON
    CONFLICT`` settles concurrent pushes of the same key. Runs on the session's own
    connection, inside its transaction. A push's inserts go in pipeline mode: each is sent
    as soon as its chunk is checked and PostgreSQL runs it while the next chunk is checked;
    the answers are read at the end."""

    OWNERS = (
        "SELECT c.entity, c.entity_id, c.office_id, c.device_id FROM current AS c "
        "JOIN unnest(%(entity)b::text[], %(entity_id)b::text[]) AS k(entity, entity_id)"
        " ON c.entity = k.entity AND c.entity_id = k.entity_id"
    )
    # The new records. A row another device holds (any version of it, by the primary key's
    # prefix) is left out. Only the keys stored now come back: the rest were already held,
    # or are someone else's.
    COLUMNS = (
        "entity",
        "entity_id",
        "version",
        "operation",
        "payload",
        "payload_hash",
        "hlc",
        "day",
    )
    INSERT = (
        "INSERT INTO record (entity, entity_id, version, office_id, device_id,"
        " operation, payload, payload_hash, hlc, day, received_at) "
        "SELECT entity, entity_id, version, %(office_id)s::text, %(device_id)s::text,"
        " operation, payload, payload_hash, hlc, day, %(received_at)s "
        "FROM unnest({entity}, {entity_id}, {version}::bigint[], {operation}, {payload},"
        " {payload_hash}, {hlc}, {day}::date[])"
        " AS t(entity, entity_id, version, operation, payload, payload_hash, hlc, day) "
        "WHERE NOT EXISTS (SELECT 1 FROM record AS o WHERE o.entity = t.entity"
        " AND o.entity_id = t.entity_id"
        " AND (o.office_id <> %(office_id)s::text OR o.device_id <> %(device_id)s::text)) "
        "ON CONFLICT (entity, entity_id, version) DO NOTHING "
        "RETURNING entity, entity_id, version"
    )
    # Each column as one text of its values joined by U+001E (PostgreSQL splits it): psycopg
    # writes an array value by value in Python, a ninth of a row's time on the server.
    # Canonical JSON escapes every control character and no other column can hold one, so a
    # value never contains the separator; if one did, the batch goes as arrays instead.
    INSERT_JOINED = INSERT.format(
        **{name: f"string_to_array(%({name})s, E'\\x1e')" for name in COLUMNS}
    )
    INSERT_ARRAYS = INSERT.format(
        **{name: f"%({name})b::text[]" for name in COLUMNS},
    )
    HASHES = (
        "SELECT r.entity, r.entity_id, r.version, r.payload_hash FROM record AS r "
        "JOIN unnest(%(entity)b::text[], %(entity_id)b::text[],"
        " %(version)b::bigint[]) AS k(entity, entity_id, version)"
        " ON r.entity = k.entity AND r.entity_id = k.entity_id AND r.version = k.version"
    )

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        connection = session.connection().connection.driver_connection
        assert connection is not None
        self._connection = connection
        self._pipeline = contextlib.ExitStack()

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        with self._pipeline:
            self._pipeline.enter_context(self._connection.pipeline())
            yield

    def end_batch(self) -> None:
        self._pipeline.close()

    def _execute(self, query: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        with self._connection.cursor() as cursor:
            cursor.execute(query, params)
            return cursor.fetchall() if cursor.description is not None else []

    def owners(self, rows: list[tuple[str, str]]) -> dict[tuple[str, str], tuple[str, str]]:
        found = self._execute(
            self.OWNERS,
            {"entity": [r[0] for r in rows], "entity_id": [r[1] for r in rows]},
        )
        return {(e, i): (o, d) for e, i, o, d in found}

    def insert_records(
        self, caller: Caller, kept: list[_Candidate], received: dt.datetime
    ) -> Callable[[], set[Key]]:
        columns: dict[str, list[str]] = {
            "entity": [c.key[0] for c in kept],
            "entity_id": [c.key[1] for c in kept],
            "version": [str(c.key[2]) for c in kept],
            "operation": [_TEXT[c.entry.operation] for c in kept],
            "payload": [c.text for c in kept],
            "payload_hash": [c.payload_hash for c in kept],
            "hlc": [c.entry.hlc for c in kept],
            "day": [c.day.isoformat() for c in kept],
        }
        joined = {name: SEPARATOR.join(values) for name, values in columns.items()}
        split_right = all(text.count(SEPARATOR) == len(kept) - 1 for text in joined.values())
        params: dict[str, Any] = {
            **(joined if split_right else columns),
            "office_id": caller.office_id,
            "device_id": caller.device_id,
            "received_at": received,
        }
        cursor = self._connection.cursor()
        # Sent now: PostgreSQL starts on it while the next chunk is checked.
        cursor.execute(self.INSERT_JOINED if split_right else self.INSERT_ARRAYS, params)

        def stored() -> set[Key]:
            with cursor:
                return {(e, i, v) for e, i, v in cursor.fetchall()}

        return stored

    def hashes(self, keys: list[Key]) -> dict[Key, str]:
        params = {
            "entity": [k[0] for k in keys],
            "entity_id": [k[1] for k in keys],
            "version": [k[2] for k in keys],
        }
        return {(e, i, v): h for e, i, v, h in self._execute(self.HASHES, params)}


class _SqliteStore(_Store):
    """SQLite: the push runs under ``BEGIN IMMEDIATE``, so no other writer can come between
    reading which keys are held and inserting the rest."""

    def _where(self, table: Any, rows: list[tuple[str, str]]) -> Any:
        groups: dict[str, list[str]] = defaultdict(list)
        for entity, entity_id in rows:
            groups[entity].append(entity_id)
        return or_(
            *(
                and_(table.entity == entity, table.entity_id.in_(ids))
                for entity, ids in groups.items()
            )
        )

    def owners(self, rows: list[tuple[str, str]]) -> dict[tuple[str, str], tuple[str, str]]:
        found = self.session.execute(
            select(Current.entity, Current.entity_id, Current.office_id, Current.device_id).where(
                self._where(Current, rows)
            )
        )
        return {(e, i): (o, d) for e, i, o, d in found}

    def hashes(self, keys: list[Key]) -> dict[Key, str]:
        wanted = set(keys)
        found = self.session.execute(
            select(Record.entity, Record.entity_id, Record.version, Record.payload_hash).where(
                self._where(Record, sorted({(k[0], k[1]) for k in keys}))
            )
        )
        return {(e, i, v): h for e, i, v, h in found if (e, i, v) in wanted}

    def insert_records(
        self, caller: Caller, kept: list[_Candidate], received: dt.datetime
    ) -> Callable[[], set[Key]]:
        owners = self.owners(sorted({(c.key[0], c.key[1]) for c in kept}))
        mine = (caller.office_id, caller.device_id)
        held = set(self.hashes([c.key for c in kept]))
        fresh = [
            c for c in kept if c.key not in held and owners.get((c.key[0], c.key[1]), mine) == mine
        ]
        if fresh:
            self.session.execute(
                insert(cast(Table, Record.__table__)),
                [
                    {
                        "entity": c.key[0],
                        "entity_id": c.key[1],
                        "version": c.key[2],
                        "office_id": caller.office_id,
                        "device_id": caller.device_id,
                        "operation": _TEXT[c.entry.operation],
                        "payload": c.text,
                        "payload_hash": c.payload_hash,
                        "hlc": c.entry.hlc,
                        "day": c.day,
                        "received_at": received,
                    }
                    for c in fresh
                ],
            )
        stored = {c.key for c in fresh}
        return lambda: stored


def payload_of(text: str) -> dict[str, Any]:
    """A stored payload back as a dict."""
    value = json.loads(text)
    assert isinstance(value, dict)
    return value
