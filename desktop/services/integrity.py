"""Damage inside records: every queued change checked against its checksum and its row.

``PRAGMA integrity_check`` sees a damaged file structure, not a changed value inside a
record: a flipped byte in a payload or a name passes it. Every outbox entry carries the
sha256 of its payload (:func:`desktop.models.outbox.payload_checksum`), and the newest
entry of a synced row is a full snapshot of that row, so :func:`verify_outbox` can tell,
version by version:

- a payload that is not readable JSON, or no longer matches its checksum (damaged entry);
- an entry whose own columns (id, version, clock) disagree with its payload;
- an entry for a row that does not exist, or whose fixed fields (id, office, device,
  created) differ from the row's;
- a row that differs from its newest (intact) entry (damaged row), or whose versions
  have no entry each;
- a ``delete`` entry whose tombstone is missing or says otherwise.

Entry states (:class:`desktop.models.outbox.OutboxState`): ``pending`` entries are checked
in full and quarantined when damaged; ``confirmed`` (the server holds them) and ``applied``
(they came from the server) are not damage and are never quarantined, but the newest entry
of a row, whatever its state, is still what the row must equal. A row first seen from the
server may start at any version: a gap in the versions before an ``applied`` entry is the
server's history, not a missing entry. ``quarantined`` entries are left alone; those
quarantined as damaged keep the check failing, those the server rejected are counted apart
(:attr:`OutboxCheck.rejected`: the sync page shows them, they are not damage).

Damaged pending entries are quarantined (state ``quarantined``, the reason in
``last_error``, starting ``damaged:``) so the sync engine never sends them, and audited
with ids only. The reasons are codes; the CLI (``sewaka check``) words them for IT.
"""

from __future__ import annotations

import enum
import json
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table

from desktop import paths
from desktop.models.database import DatabaseProblem, integrity_problem
from desktop.models.outbox import OutboxState, json_value, payload_checksum
from desktop.models.tables import Base, Synced
from desktop.services.workspace import Workspace

log = logging.getLogger(__name__)

QUARANTINED = OutboxState.QUARANTINED.value
PENDING = OutboxState.PENDING.value
APPLIED = OutboxState.APPLIED.value
DAMAGED_PREFIX = "damaged:"  # how last_error of an entry quarantined as damaged starts
_FIXED = ("id", "office_id", "device_id", "created_at")
_TOMBSTONE = ("office_id", "device_id", "created_at", "updated_at", "version", "hlc")


class Damage(enum.StrEnum):
    UNREADABLE = "unreadable"  # the payload is not UTF-8 JSON of an object
    NO_CHECKSUM = "no_checksum"  # unreadable already when the checksum was added
    CHECKSUM = "checksum"  # the payload no longer matches its checksum
    ENTRY_MISMATCH = "entry_mismatch"  # id/version/clock columns disagree with the payload
    NO_ROW = "no_row"  # the row the entry describes does not exist
    ROW_DIFFERS = "row_differs"  # the row differs from what its entry says it was
    MISSING_VERSIONS = "missing_versions"  # a row version has no entry


@dataclass(frozen=True)
class Finding:
    """One damaged entry or row; ids and column names only, never values."""

    damage: Damage
    entity: str
    entity_id: str
    version: int | None
    seq: int | None = None  # the outbox entry, when the finding is about one
    columns: tuple[str, ...] = ()  # for ROW_DIFFERS: which columns differ

    @property
    def reason(self) -> str:
        """What goes into ``outbox.last_error`` of a quarantined entry."""
        columns = f": {','.join(self.columns)}" if self.columns else ""
        return f"{DAMAGED_PREFIX} {self.damage.value}{columns}"


@dataclass(frozen=True)
class OutboxCheck:
    checked: int  # pending entries verified
    rows: int  # synced rows compared with their newest entry
    findings: tuple[Finding, ...]  # damage found by this check
    quarantined: int  # entries quarantined by this check
    quarantined_before: int  # entries already quarantined as damaged by an earlier check
    rejected: int = 0  # entries quarantined because the server rejected them (not damage)

    @property
    def ok(self) -> bool:
        return not self.findings and not self.quarantined_before


def synced_tables() -> dict[str, Table]:
    """The tables whose rows leave the PC, by name."""
    tables: dict[str, Table] = {}
    for mapper in Base.registry.mappers:
        cls = mapper.class_
        if issubclass(cls, Synced) and cls is not Synced and isinstance(mapper.local_table, Table):
            tables[mapper.local_table.name] = mapper.local_table
    return tables


def verify_outbox(workspace: Workspace) -> OutboxCheck:
    """Check every pending entry and every synced row; quarantine damaged pending entries.

    Reads in one snapshot (no write lock while it reads), then quarantines in one short
    transaction. Takes seconds on a large file: call it off the UI thread.
    """
    findings, checked, rows = _inspect(workspace)
    quarantined = 0
    to_quarantine = {f.seq: f for f in findings if f.seq is not None}
    with workspace.transaction() as session:
        connection = session.connection()
        for seq, finding in sorted(to_quarantine.items()):
            changed = connection.exec_driver_sql(
                "UPDATE outbox SET state = ?, last_error = ? WHERE seq = ? AND state = ?",
                (QUARANTINED, finding.reason, seq, PENDING),
            ).rowcount
            if changed:
                quarantined += 1
                workspace.audit(
                    session,
                    "outbox.quarantined",
                    finding.entity[:40],
                    finding.entity_id[:36],
                    f"seq {seq} v{finding.version} {finding.damage.value}",
                )
        before, rejected = connection.exec_driver_sql(
            "SELECT count(*) FILTER (WHERE substr(last_error, 1, ?) = ?),"
            " count(*) FILTER (WHERE substr(last_error, 1, ?) IS NOT ?)"
            " FROM outbox WHERE state = ?",
            (
                len(DAMAGED_PREFIX),
                DAMAGED_PREFIX,
                len(DAMAGED_PREFIX),
                DAMAGED_PREFIX,
                QUARANTINED,
            ),
        ).one()
    for finding in findings:
        log.warning(
            "damaged record: %s %s v%s (%s)",
            finding.entity,
            finding.entity_id,
            finding.version,
            finding.reason,
        )
    return OutboxCheck(
        checked=checked,
        rows=rows,
        findings=tuple(findings),
        quarantined=quarantined,
        quarantined_before=int(before) - quarantined,
        rejected=int(rejected),
    )


@dataclass
class _Entry:
    seq: int
    entity: str
    entity_id: str
    version: int
    hlc: str
    state: str
    operation: str
    payload: dict[str, Any] | None

    @property
    def is_delete(self) -> bool:
        return self.operation == "delete"


def _inspect(workspace: Workspace) -> tuple[list[Finding], int, int]:
    tables = synced_tables()
    findings: list[Finding] = []
    by_row: dict[tuple[str, str], list[_Entry]] = defaultdict(list)
    checked = 0
    with workspace.reading() as session:
        connection = session.connection()
        dialect = connection.dialect
        result = connection.exec_driver_sql(
            "SELECT seq, entity, entity_id, version, hlc, state, operation, checksum,"
            " CAST(payload AS BLOB) FROM outbox ORDER BY seq"
        )
        for seq, entity, entity_id, version, hlc, state, operation, checksum, raw in result:
            entity, entity_id = str(entity), str(entity_id)
            payload, damage = _read_payload(raw, checksum)
            pending = state == PENDING
            checked += pending
            entry = _Entry(
                seq, entity, entity_id, version, str(hlc), str(state), str(operation), payload
            )
            if payload is not None and damage is None and not _entry_agrees(entry, payload):
                damage = Damage.ENTRY_MISMATCH
            if damage is not None:
                if pending:
                    findings.append(Finding(damage, entity, entity_id, version, seq))
                entry.payload = None  # still counts as a version; compared with nothing
            by_row[(entity, entity_id)].append(entry)

        rows = 0
        for name, table in tables.items():
            convert = _converters(table, dialect)
            for raw_row in connection.exec_driver_sql(f"SELECT * FROM {name}").mappings():
                rows += 1
                row = {key: convert[key](value) for key, value in raw_row.items()}
                entries = by_row.pop((name, str(raw_row["id"])), [])
                findings.extend(_compare(name, row, raw_row, entries))
        tombstones = {
            (str(t["entity"]), str(t["entity_id"])): t
            for t in connection.exec_driver_sql("SELECT * FROM tombstone").mappings()
        }
        time_of = _converters(Base.metadata.tables["tombstone"], dialect)
    for key, entries in by_row.items():
        findings.extend(_deleted(key, entries, tombstones.get(key), time_of))
    return findings, checked, rows


def _deleted(
    key: tuple[str, str],
    entries: list[_Entry],
    tombstone: Any,
    convert: dict[str, Callable[[Any], Any]],
) -> list[Finding]:
    """The entries of a row that is not there: fine when the newest is its delete, whose
    tombstone agrees; otherwise each pending entry describes a row that does not exist."""
    entity, entity_id = key
    newest = max(entries, key=lambda e: e.version)
    if not newest.is_delete:
        return [
            Finding(Damage.NO_ROW, entity, entity_id, e.version, e.seq)
            for e in entries
            if e.state == PENDING and e.payload is not None
        ]
    if newest.state != PENDING or newest.payload is None:
        return []  # sent, from the server, quarantined or damaged (reported above)
    if tombstone is None:
        return [Finding(Damage.NO_ROW, entity, entity_id, newest.version, newest.seq)]
    held = {
        "office_id": tombstone["office_id"],
        "device_id": tombstone["device_id"],
        "created_at": convert["created_at"](tombstone["created_at"]),
        "updated_at": convert["deleted_at"](tombstone["deleted_at"]),
        "version": tombstone["version"],
        "hlc": tombstone["hlc"],
    }
    differing = tuple(k for k in _TOMBSTONE if newest.payload.get(k, _MISSING) != held[k])
    if differing:
        return [
            Finding(Damage.ROW_DIFFERS, entity, entity_id, newest.version, newest.seq, differing)
        ]
    return []


def _read_payload(raw: Any, checksum: Any) -> tuple[dict[str, Any] | None, Damage | None]:
    try:
        text = bytes(raw or b"").decode("utf-8")  # strictly: replaced bytes are damage
        payload = json.loads(text)
    except (UnicodeDecodeError, ValueError):
        return None, Damage.UNREADABLE
    if not isinstance(payload, dict):
        return None, Damage.UNREADABLE
    if checksum is None:
        return payload, Damage.NO_CHECKSUM
    if payload_checksum(payload) != checksum:
        return payload, Damage.CHECKSUM
    return payload, None


def _entry_agrees(entry: _Entry, payload: dict[str, Any]) -> bool:
    return (
        payload.get("id") == entry.entity_id
        and payload.get("version") == entry.version
        and payload.get("hlc") == entry.hlc
    )


_MISSING = object()


def _converters(table: Table, dialect: Any) -> dict[str, Callable[[Any], Any]]:
    """Per column: a raw SQLite value to its payload form (what the outbox hook stores)."""
    converters: dict[str, Callable[[Any], Any]] = {}
    for col in table.columns:
        process = col.type.dialect_impl(dialect).result_processor(dialect, None)

        def convert(value: Any, process: Callable[[Any], Any] | None = process) -> Any:
            try:
                python = process(value) if process is not None else value
                return json_value(python)
            except Exception:  # unreadable stored value: compares unequal to anything
                return _MISSING

        converters[col.key] = convert
    return converters


def _compare(
    entity: str, row: dict[str, Any], raw_row: Any, entries: Iterable[_Entry]
) -> list[Finding]:
    entity_id = str(raw_row["id"])
    stored_version = raw_row["version"]
    ordered = sorted(entries, key=lambda e: e.version)
    findings: list[Finding] = []
    for entry in ordered:
        payload = entry.payload
        if payload is None or entry.state != PENDING:
            continue  # damaged (reported above), quarantined, sent or from the server
        fixed = tuple(k for k in _FIXED if payload.get(k, _MISSING) != row.get(k))
        late = not isinstance(stored_version, int) or entry.version > stored_version
        if fixed or late or entry.is_delete:
            findings.append(
                Finding(Damage.ROW_DIFFERS, entity, entity_id, entry.version, entry.seq, fixed)
            )
    if isinstance(stored_version, int) and _versions_missing(ordered, stored_version):
        findings.append(Finding(Damage.MISSING_VERSIONS, entity, entity_id, stored_version))
    newest = [e for e in ordered if e.version == stored_version]
    reported = {f.seq for f in findings}
    if (
        newest
        and newest[0].payload is not None
        and newest[0].state != QUARANTINED
        and not newest[0].is_delete
        and newest[0].seq not in reported
    ):
        payload = newest[0].payload
        differing = tuple(
            sorted(k for k in set(row) | set(payload) if row.get(k, _MISSING) != payload.get(k))
        )
        if differing:
            findings.append(
                Finding(
                    Damage.ROW_DIFFERS, entity, entity_id, stored_version, newest[0].seq, differing
                )
            )
    return findings


def _versions_missing(ordered: list[_Entry], stored_version: int) -> bool:
    """True unless every version up to the stored one has its entry. A row first seen from
    the server may skip versions before an ``applied`` entry (the server's history)."""
    previous = 0
    for entry in ordered:
        if entry.version != previous + 1 and entry.state != APPLIED:
            return True
        previous = entry.version
    return previous != stored_version


def check_file(workspace: Workspace) -> DatabaseProblem | None:
    """The full ``PRAGMA integrity_check`` of the workspace's file (read-only), or None."""
    return integrity_problem(paths.database_path(workspace.home))
