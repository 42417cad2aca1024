"""Helpers shared by the non-GUI tests: a fake office clock, a valid intake form, and
small ways to look at what was stored."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import random
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from zoneinfo import ZoneInfo

from desktop import paths
from desktop.domain import nik as nik_rules
from desktop.domain.intake import IntakeForm, format_date
from desktop.models.tables import Setting
from desktop.services.requests import RequestService
from desktop.services.settings import Settings
from desktop.services.workspace import Workspace, open_workspace

WIB = ZoneInfo("Asia/Jakarta")  # UTC+7, the default office timezone

# Tuesday 10 March 2026, 09:00 WIB: an ordinary working morning.
MORNING = dt.datetime(2026, 3, 10, 9, 0, tzinfo=WIB)

# Siti, a woman born 17-08-1990 in Kota Bandung (NIK day field 17 + 40 = 57).
SITI_NIK = "3273055708900003"
# Budi, a man born 05-01-1985 in Kabupaten Badung, Bali.
BUDI_NIK = "5103040501850012"

SYNCED_TABLES = ("person", "service_request", "status_change")
# Every table whose rows leave the PC (corrections are counted apart by the tests above).
MIRRORED_TABLES = (*SYNCED_TABLES, "request_correction")
ALL_TABLES = (*SYNCED_TABLES, "queue_counter", "outbox", "audit_log")


class FakeClock:
    """The office's wall clock, moved by hand. Always returns an aware datetime."""

    def __init__(self, start: dt.datetime = MORNING) -> None:
        if start.tzinfo is None:
            raise ValueError("FakeClock needs an aware datetime")
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, *, minutes: float = 0, hours: float = 0, days: float = 0) -> dt.datetime:
        self.now += dt.timedelta(minutes=minutes, hours=hours, days=days)
        return self.now

    def set(self, moment: dt.datetime) -> None:
        if moment.tzinfo is None:
            raise ValueError("FakeClock needs an aware datetime")
        self.now = moment


# The office every test works in unless it says otherwise: configured, not a training folder.
TEST_OFFICE = Settings(
    unit_kind="Desa",
    office_name="Sukamaju",
    district="Cileunyi",
    regency="Kabupaten Bandung",
    office_address="Jl. Raya Sukamaju No. 12",
    office_phone="(022) 7801234",
    head_name="H. Ahmad Suryana",
    head_title="Kepala Desa",
    configured=True,
)


def configure_office(workspace: Workspace, **changes: object) -> Settings:
    """Store ``TEST_OFFICE`` (with ``changes``) as if the first-run setup had been completed.

    Written straight into the settings table, so tests that count audit entries see none.
    """
    office = dataclasses.replace(TEST_OFFICE, **changes)  # type: ignore[arg-type]
    with workspace.transaction() as session:
        for field in dataclasses.fields(Settings):
            value = getattr(office, field.name)
            text = ("true" if value else "false") if isinstance(value, bool) else str(value)
            session.merge(Setting(key=field.name, value=text))
    return office


def valid_form(**changes: object) -> IntakeForm:
    """Siti's form as a clerk could register it; keyword arguments replace fields."""
    form = IntakeForm(
        nik=SITI_NIK,
        name="Siti Rahmawati",
        sex="F",
        birth_date="17-08-1990",
        address="Jl. Merdeka No. 12",
        rt="3",
        rw="5",
        hamlet="Dusun Krajan",
        phone="0812-3456-7890",
        service_code="SKD",
        documents=("Surat pengantar RT/RW", "Fotokopi KTP pemohon"),
        notes="",
    )
    return dataclasses.replace(form, **changes)  # type: ignore[arg-type]


def person_form(
    name: str,
    birth: dt.date,
    sex: nik_rules.Sex,
    serial: int,
    *,
    region: str = "327305",
    service_code: str = "SKD",
) -> IntakeForm:
    """A valid form for someone else, with a NIK built from their details."""
    return valid_form(
        nik=nik_rules.compose(region, birth, sex, serial),
        name=name,
        sex=sex.value,
        birth_date=format_date(birth),
        service_code=service_code,
    )


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def count_rows(workspace: Workspace, tables: tuple[str, ...] = ALL_TABLES) -> dict[str, int]:
    with workspace.engine.connect() as conn:
        return {t: conn.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar_one() for t in tables}


def fetch_all(workspace: Workspace, sql: str, *params: object) -> list[dict[str, object]]:
    """Rows of a raw query as dicts (to look at the stored data the way the server will)."""
    with workspace.engine.connect() as conn:
        result = conn.exec_driver_sql(sql, params) if params else conn.exec_driver_sql(sql)
        return [dict(row._mapping) for row in result]


@contextmanager
def sqlite(path: Path) -> Iterator[sqlite3.Connection]:
    """A plain sqlite3 connection (as another tool would open the file), committed and closed."""
    conn = sqlite3.connect(path)
    try:
        yield conn
        conn.commit()
    finally:
        conn.close()


@contextmanager
def outside_sewaka(path: Path) -> Iterator[sqlite3.Connection]:
    """A plain sqlite3 connection that changes rows the way a bad disk or another program
    would: without Sewaka's outbox triggers (dropped for the block, then made again exactly
    as they were), so the change leaves no outbox entry and passes no check."""
    conn = sqlite3.connect(path)
    try:
        triggers = [
            (name, sql)
            for name, sql in conn.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
            ).fetchall()
            if "_sewaka_" in name
        ]
        assert triggers, "no outbox triggers in this database"
        with conn:
            for name, _ in triggers:
                conn.execute(f"DROP TRIGGER {name}")
        try:
            with conn:
                yield conn
        finally:
            with conn:
                for _, sql in triggers:
                    conn.execute(sql)
    finally:
        conn.close()


def outbox(workspace: Workspace) -> list[dict[str, object]]:
    entries = fetch_all(workspace, "SELECT * FROM outbox ORDER BY seq")
    for entry in entries:
        entry["payload"] = json.loads(str(entry["payload"]))
    return entries


def assert_outbox_mirrors_every_synced_row(workspace: Workspace) -> None:
    """Each synced row version has exactly one entry, carrying every column of the row.

    Version by version: entry ``v`` is an insert (v = 1) or update of this row with
    ``version == v``, every column and no other, its own HLC (rising), the row's unchanging
    id/office/device/created_at, and an ``updated_at`` that never goes back. The newest
    entry equals the row as stored in every column, compared with the raw SQLite values
    (what the server will see), not through the code that made the payload. A deleted row's
    entries end with its ``delete``, whose payload is the row's tombstone.
    """
    entries: dict[tuple[str, str], list[dict[str, object]]] = defaultdict(list)
    for entry in outbox(workspace):
        entries[(str(entry["entity"]), str(entry["entity_id"]))].append(entry)
    for table in MIRRORED_TABLES:
        for row in fetch_all(workspace, f"SELECT * FROM {table}"):
            where = (table, row["id"])
            queued = entries.pop((table, str(row["id"])), [])
            assert [e["version"] for e in queued] == list(range(1, int(str(row["version"])) + 1)), (
                where
            )
            assert [e["operation"] for e in queued] == ["insert"] + ["update"] * (len(queued) - 1)
            previous: dict[str, object] | None = None
            for entry in queued:
                payload = entry["payload"]
                assert isinstance(payload, dict)
                assert set(payload) == set(row), (where, set(payload) ^ set(row))
                assert payload["version"] == entry["version"], where
                assert payload["hlc"] == entry["hlc"], where
                for fixed in ("id", "office_id", "device_id", "created_at"):
                    assert _same(row[fixed], payload[fixed]), (where, fixed, payload[fixed])
                if previous is not None:
                    assert str(payload["hlc"]) > str(previous["hlc"]), where
                    assert _utc(payload["updated_at"]) >= _utc(previous["updated_at"]), where
                previous = payload
            assert previous is not None, where
            for column, stored in row.items():
                assert _same(stored, previous[column]), (where, column, stored, previous[column])
    tombstones = {
        (str(t["entity"]), str(t["entity_id"])): t
        for t in fetch_all(workspace, "SELECT * FROM tombstone")
    }
    for where, queued in entries.items():
        assert where in tombstones, ("outbox entries for a row that does not exist", where)
        tombstone = tombstones[where]
        assert [e["version"] for e in queued] == list(range(1, len(queued) + 1)), where
        assert [e["operation"] for e in queued][-1] == "delete", where
        gone = queued[-1]["payload"]
        assert isinstance(gone, dict)
        assert gone["deleted"] is True and gone["id"] == where[1], where
        assert gone["version"] == tombstone["version"] == queued[-1]["version"], where
        assert gone["hlc"] == tombstone["hlc"] == queued[-1]["hlc"], where
        for column in ("office_id", "device_id", "created_at"):
            assert _same(tombstone[column], gone[column]), (where, column)
        assert _same(tombstone["deleted_at"], gone["updated_at"]), where
        if len(queued) > 1:
            last = queued[-2]["payload"]
            assert isinstance(last, dict)
            assert str(gone["hlc"]) > str(last["hlc"]), where
            for column in ("office_id", "device_id", "created_at"):
                assert gone[column] == last[column], (where, column)


def _utc(value: object) -> dt.datetime:
    """A stored (naive UTC text) or sent (ISO with offset) time as an aware UTC datetime."""
    moment = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def _same(stored: object, sent: object) -> bool:
    """A raw SQLite value and its JSON payload value say the same thing."""
    if stored is None or sent is None:
        return stored is sent
    if isinstance(sent, bool):
        return stored == int(sent)
    if isinstance(sent, list | dict):
        return isinstance(stored, str) and json.loads(stored) == sent
    if isinstance(sent, str) and isinstance(stored, str) and stored != sent:
        try:  # times: "2026-03-10 02:00:00.000000" stored, "2026-03-10T02:00:00+00:00" sent
            return _utc(stored) == _utc(sent) and "T" in sent and len(stored) > 10
        except ValueError:
            return False
    return stored == sent


# -- database files that must not be opened ------------------------------------------------


def populated_database(path: Path) -> None:
    """A real data folder with a morning's worth of requests, closed cleanly."""
    assert path == paths.database_path(path.parent), "give the data folder's database file"
    workspace = open_workspace(path.parent, clock=FakeClock(), actor="petugas-uji")
    service = RequestService(workspace)
    for i in range(40):
        service.register(valid_form(service_code=("SKD", "SKTM", "SKU")[i % 3]))
    workspace.close()


def random_bytes(path: Path) -> None:
    path.write_bytes(random.Random(20260310).randbytes(64 * 1024))


def another_programs_database(path: Path) -> None:
    with sqlite(path) as conn:
        conn.execute("CREATE TABLE penduduk (nik TEXT, nama TEXT)")
        conn.execute("INSERT INTO penduduk VALUES ('3273055708900003', 'Siti')")


def damaged_table_page(path: Path) -> None:
    """Garbage over the first page of the request table, as a failing disk might leave."""
    populated_database(path)
    with sqlite(path) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'service_request'"
        ).fetchone()[0]
    with path.open("r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(bytes(range(256)) * 2)


def damaged_index_entry(path: Path) -> None:
    """One NIK changed inside the NIK index only: the file reads, but the index lies."""
    populated_database(path)
    with sqlite(path) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'ix_service_request_nik'"
        ).fetchone()[0]
    data = bytearray(path.read_bytes())
    page = (root - 1) * page_size
    at = data.index(b"3273055708900003", page, page + page_size)
    data[at + 15] = ord("9")  # ...0003 becomes ...0009
    path.write_bytes(bytes(data))


def from_a_newer_sewaka(path: Path) -> None:
    populated_database(path)
    with sqlite(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
