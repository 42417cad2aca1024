"""The database half of the outbox guarantee: the SQLite triggers on synced tables, the two
functions they call, and the exception a refused write becomes.

No SQLAlchemy here (start-up imports :mod:`desktop.models.database`, which registers the
functions on every connection it opens).

Every synced table (person, service_request, status_change, request_correction) has five
triggers, made by :func:`create_trigger_sql` from a column list that the migration pins:

- ``<table>_sewaka_check_insert`` / ``_check_update`` (BEFORE): dates, times and clocks in
  the form Sewaka stores them; a new row starts at version 1; a change keeps id, office,
  device and created_at, raises the version by exactly one and carries a newer clock (hlc).
  A refusal is ``RAISE(ABORT, 'sewaka: ...')``, which :class:`StaleRow` stands for;
- ``<table>_sewaka_insert`` / ``_update`` (AFTER): the outbox entry, a snapshot of the row
  as stored (so raw SQL and column defaults are seen) in the JSON shape of
  :func:`desktop.models.outbox.snapshot`, with its checksum;
- ``<table>_sewaka_delete`` (AFTER): a ``tombstone`` row and a ``delete`` entry with the
  next version (the payload of :class:`sync.wire.Tombstone`).

The one-row-or-empty table ``sync_guard`` changes what they do inside one transaction:
``apply`` (rows from the server: no version checks, entries ``applied``, never sent) and
``restamp`` (enrolment rewrites the office id: no checks, no entries). Both are set and
cleared by :mod:`desktop.models.outbox`, inside the caller's transaction.

The triggers call ``sewaka_checksum(payload)`` and ``sewaka_hlc_tick(hlc)``, registered by
:func:`register_functions`. A connection without them (a plain ``sqlite3`` shell) cannot
change a synced row at all: SQLite refuses the statement with "no such function". Anything
that must write synced rows outside the app calls :func:`register_functions` first, and its
writes are then checked and queued like the app's own.

A later migration that adds a column to a synced table drops these triggers
(:func:`drop_trigger_sql`) and creates them again with its own, longer column list.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import json
import sqlite3
from collections.abc import Sequence
from typing import Any, Literal

from desktop.domain.canonical import canonical_json

GUARD_PREFIX = "sewaka: "  # every refusal message of the triggers starts with it


class StaleRow(Exception):
    """A write to a synced row was refused: a stale copy (its version was overtaken), a change
    that does not raise the version by one, a changed id/office/device/created_at, or a date
    or clock not in the stored form. Nothing of the transaction is kept."""


class OutboxState(enum.StrEnum):
    """``outbox.state``."""

    PENDING = "pending"  # to send (again, after reconciliation found it missing)
    CONFIRMED = "confirmed"  # the server accepted it or already held it
    QUARANTINED = "quarantined"  # damaged or rejected: never sent, ``last_error`` says why
    APPLIED = "applied"  # came from the server: a record of the version, never sent


class GuardMode(enum.StrEnum):
    """What ``sync_guard`` may hold (one row at most, only inside a transaction)."""

    APPLY = "apply"
    RESTAMP = "restamp"


# -- the functions the triggers call ----------------------------------------------------------


def payload_checksum(payload: dict[str, Any]) -> str:
    """sha256 (hex) of :func:`canonical_json`: what ``outbox.checksum`` holds."""
    return hashlib.sha256(canonical_json(payload)).hexdigest()


def sql_checksum(payload: str | bytes | None) -> str | None:
    """``sewaka_checksum(payload)``: :func:`payload_checksum` of a stored payload.

    None for anything that is not UTF-8 JSON of an object (pass ``CAST(payload AS BLOB)``
    where the text may be damaged: SQLite text that is not UTF-8 cannot even reach Python).
    """
    try:
        text = payload.decode("utf-8") if isinstance(payload, bytes) else payload
        value = json.loads(text) if text is not None else None
        return payload_checksum(value) if isinstance(value, dict) else None
    except (UnicodeDecodeError, ValueError):
        return None


def sql_hlc_tick(base: str | None) -> str:
    """``sewaka_hlc_tick(hlc)``: the next clock value after ``base`` at the PC's time now
    (a delete made in SQL has no app clock at hand)."""
    from desktop.domain.clock import Hlc

    now_ms = int(dt.datetime.now(dt.UTC).timestamp() * 1000)
    start = Hlc.decode(base) if base else Hlc(0)
    return start.tick(now_ms).encode()


def register_functions(connection: sqlite3.Connection) -> None:
    """Make ``sewaka_checksum`` and ``sewaka_hlc_tick`` callable on ``connection``."""
    connection.create_function("sewaka_checksum", 1, sql_checksum, deterministic=True)
    connection.create_function("sewaka_hlc_tick", 1, sql_hlc_tick)


# -- the triggers -----------------------------------------------------------------------------

Kind = Literal["value", "date", "datetime", "json"]
VALUE: Kind = "value"  # text or integer, as stored
DATE: Kind = "date"  # 'YYYY-MM-DD', as stored (and as date.isoformat() gives it)
DATETIME: Kind = "datetime"  # stored as UTC 'YYYY-MM-DD HH:MM:SS.ffffff', sent as isoformat()
JSON: Kind = "json"  # JSON text, embedded as JSON

Column = tuple[str, Kind]

# Every synced table has these (desktop.models.tables.Synced).
SYNCED_COLUMNS: tuple[Column, ...] = (
    ("id", VALUE),
    ("office_id", VALUE),
    ("device_id", VALUE),
    ("created_at", DATETIME),
    ("updated_at", DATETIME),
    ("version", VALUE),
    ("hlc", VALUE),
)

_D2 = "[0-9][0-9]"
_DATE_GLOB = f"{_D2}{_D2}-{_D2}-{_D2}"
_TIME_GLOB = f"{_DATE_GLOB} {_D2}:{_D2}:{_D2}"
_HLC_GLOB = "[0-9]" * 15 + "-" + "[0-9]" * 5
_NO_GUARD = "NOT EXISTS (SELECT 1 FROM sync_guard)"
_NOT_RESTAMP = f"NOT EXISTS (SELECT 1 FROM sync_guard WHERE mode = '{GuardMode.RESTAMP}')"
_STATE = (
    f"CASE WHEN EXISTS (SELECT 1 FROM sync_guard WHERE mode = '{GuardMode.APPLY}')"
    f" THEN '{OutboxState.APPLIED}' ELSE '{OutboxState.PENDING}' END"
)


def iso_time_sql(ref: str) -> str:
    """SQL turning a stored UTC time into Python's ``isoformat()`` of it: 'T', no '.000000'
    when the microseconds are 0, '+00:00'."""
    return (
        f"CASE WHEN {ref} IS NULL THEN NULL"
        f" WHEN length({ref}) = 19 OR substr({ref}, 20) = '.000000'"
        f" THEN substr({ref}, 1, 10) || 'T' || substr({ref}, 12, 8) || '+00:00'"
        f" ELSE substr({ref}, 1, 10) || 'T' || substr({ref}, 12) || '+00:00' END"
    )


def _json_value(ref: str, kind: Kind) -> str:
    if kind == DATETIME:
        return iso_time_sql(ref)
    if kind == JSON:
        return f"json({ref})"
    return ref


def payload_sql(columns: Sequence[Column], row: str = "NEW") -> str:
    """``json_object(...)`` of a row: the payload of its outbox entry.

    Keys in sorted order, so the stored text is usually :func:`canonical_json` of itself
    byte for byte: sending checks the checksum on the text as stored, without parsing and
    writing it again (``desktop.services.sync.SqlStore.pending``).
    """
    parts = ", ".join(
        f"'{name}', {_json_value(f'{row}.{name}', kind)}" for name, kind in sorted(columns)
    )
    return f"json_object({parts})"


def _formats_wrong(columns: Sequence[Column]) -> str:
    """True when a date, time or clock of NEW is not in the stored form (NULL passes: the
    NOT NULL constraints judge that)."""
    tests = []
    for name, kind in columns:
        ref = f"NEW.{name}"
        if kind == DATE:
            tests.append(f"NOT ({ref} GLOB '{_DATE_GLOB}')")
        elif kind == DATETIME:
            tests.append(f"NOT ({ref} GLOB '{_TIME_GLOB}' OR {ref} GLOB '{_TIME_GLOB}.{_D2 * 3}')")
    tests.append(f"NOT (NEW.hlc GLOB '{_HLC_GLOB}')")
    tests.append("NOT (typeof(NEW.version) = 'integer')")
    return " OR ".join(tests)


def trigger_names(table: str) -> tuple[str, ...]:
    return tuple(
        f"{table}_sewaka_{what}"
        for what in ("check_insert", "check_update", "insert", "update", "delete")
    )


def _checked(name: str) -> None:
    if not name.replace("_", "").isalnum() or not name.isascii():
        raise ValueError(f"not a plain SQL name: {name!r}")


def create_trigger_sql(table: str, columns: Sequence[Column]) -> tuple[str, ...]:
    """The CREATE TRIGGER statements that guard ``table`` and write its outbox entries.

    ``columns``: every column of the table with its kind, as the calling migration knows
    the table (never read from the live models: a migration must stay what it was).
    """
    names = [name for name, _ in columns]
    for name in (table, *names):
        _checked(name)
    missing = {name for name, _ in SYNCED_COLUMNS} - set(names)
    if missing:
        raise ValueError(f"{table}: the synced columns {sorted(missing)} are missing")
    check_insert, check_update, on_insert, on_update, on_delete = trigger_names(table)
    formats = _formats_wrong(columns)
    fixed = " OR ".join(
        f"NEW.{name} IS NOT OLD.{name}" for name in ("id", "office_id", "device_id", "created_at")
    )

    def entry(operation: str) -> str:
        return (
            "INSERT INTO outbox (entity, entity_id, version, operation, payload, hlc,"
            " created_at, state, attempts, checksum)"
            f" SELECT '{table}', NEW.id, NEW.version, '{operation}', p, NEW.hlc, NEW.updated_at,"
            f" {_STATE}, 0, sewaka_checksum(p) FROM (SELECT {payload_sql(columns)} AS p);"
        )

    tombstone = f"(SELECT * FROM tombstone WHERE entity = '{table}' AND entity_id = OLD.id)"
    tombstone_payload = (  # keys in sorted order, as payload_sql's
        f"json_object('created_at', {iso_time_sql('t.created_at')}, 'deleted', json('true'),"
        " 'device_id', t.device_id, 'hlc', t.hlc, 'id', t.entity_id,"
        f" 'office_id', t.office_id, 'updated_at', {iso_time_sql('t.deleted_at')},"
        " 'version', t.version)"
    )
    return (
        f"CREATE TRIGGER {check_insert} BEFORE INSERT ON {table} BEGIN"
        f" SELECT RAISE(ABORT, '{GUARD_PREFIX}a date, time or clock (hlc) is not in the form"
        f" Sewaka stores') WHERE {formats};"
        f" SELECT RAISE(ABORT, '{GUARD_PREFIX}a new synced row starts at version 1')"
        f" WHERE NEW.version IS NOT 1 AND {_NO_GUARD};"
        " END",
        f"CREATE TRIGGER {check_update} BEFORE UPDATE ON {table} BEGIN"
        f" SELECT RAISE(ABORT, '{GUARD_PREFIX}a date, time or clock (hlc) is not in the form"
        f" Sewaka stores') WHERE {formats};"
        f" SELECT RAISE(ABORT, '{GUARD_PREFIX}the id, office, device and created_at of a"
        f" synced row never change') WHERE ({fixed}) AND {_NO_GUARD};"
        f" SELECT RAISE(ABORT, '{GUARD_PREFIX}stale or unversioned write: a change must raise"
        f" the version by exactly 1') WHERE NEW.version IS NOT OLD.version + 1 AND {_NO_GUARD};"
        f" SELECT RAISE(ABORT, '{GUARD_PREFIX}a change needs a newer clock (hlc) than the row"
        f" had') WHERE NOT (NEW.hlc > OLD.hlc) AND {_NO_GUARD};"
        " END",
        f"CREATE TRIGGER {on_insert} AFTER INSERT ON {table} WHEN {_NOT_RESTAMP} BEGIN"
        f" {entry('insert')} END",
        f"CREATE TRIGGER {on_update} AFTER UPDATE ON {table} WHEN {_NOT_RESTAMP} BEGIN"
        f" {entry('update')} END",
        f"CREATE TRIGGER {on_delete} AFTER DELETE ON {table} WHEN {_NOT_RESTAMP} BEGIN"
        " INSERT OR REPLACE INTO tombstone (entity, entity_id, version, office_id, device_id,"
        " created_at, deleted_at, hlc)"
        f" VALUES ('{table}', OLD.id, OLD.version + 1, OLD.office_id, OLD.device_id,"
        " OLD.created_at, strftime('%Y-%m-%d %H:%M:%f', 'now') || '000',"
        " sewaka_hlc_tick(max(OLD.hlc, coalesce((SELECT max(hlc) FROM device), ''))));"
        " INSERT INTO outbox (entity, entity_id, version, operation, payload, hlc,"
        " created_at, state, attempts, checksum)"
        f" SELECT '{table}', t.entity_id, t.version, 'delete', t.p, t.hlc, t.deleted_at,"
        f" {_STATE}, 0, sewaka_checksum(t.p)"
        f" FROM (SELECT *, {tombstone_payload} AS p FROM {tombstone} AS t) AS t;"
        f" UPDATE device SET hlc = (SELECT hlc FROM {tombstone})"
        f" WHERE hlc < (SELECT hlc FROM {tombstone});"
        " END",
    )


def drop_trigger_sql(table: str) -> tuple[str, ...]:
    _checked(table)
    return tuple(f"DROP TRIGGER IF EXISTS {name}" for name in trigger_names(table))
