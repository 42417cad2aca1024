"""Opening the local SQLite file: creating it, migrating it with a backup first, and refusing
(without changing a byte) a file that is not ours, is damaged, or is from a newer Sewaka."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import alembic.op
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.exc import IntegrityError
from support import (
    FakeClock,
    another_programs_database,
    damaged_index_entry,
    damaged_table_page,
    from_a_newer_sewaka,
    populated_database,
    random_bytes,
    sha256,
    sqlite,
    valid_form,
)

from desktop.domain.ids import new_tracking_code, uuid7
from desktop.domain.status import Status
from desktop.models.database import (
    CHECKED_SUFFIX,
    REVISIONS,
    DatabaseProblem,
    ProblemKind,
    alembic_revisions,
    full_check_due,
    head_revision,
    inspect_file,
    integrity_problem,
    open_database,
)
from desktop.models.tables import Base
from desktop.services.requests import RequestQuery, RequestService
from desktop.services.workspace import open_workspace

TABLES = {
    "alembic_version",
    "audit_log",
    "device",
    "outbox",
    "person",
    "queue_counter",
    "service",
    "service_request",
    "setting",
    "status_change",
}


def tables_of(path: Path) -> set[str]:
    with sqlite(path) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def revision_of(path: Path) -> str:
    with sqlite(path) as conn:
        return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])


def schema_of(path: Path) -> set[tuple[str, str, str]]:
    with sqlite(path) as conn:
        rows = conn.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL")
        return {(t, n, " ".join(sql.split())) for t, n, sql in rows}


def new_database(path: Path, target: str = "head") -> None:
    opened = open_database(path, path.parent / "backups", target=target)
    opened.engine.dispose()


# -- creating -------------------------------------------------------------------------------------


def test_a_new_database_is_created_at_the_latest_revision(tmp_path: Path) -> None:
    path = tmp_path / "data" / "sewaka.sqlite3"

    opened = open_database(path, tmp_path / "backups")
    try:
        assert opened.revision == head_revision() == "0005"
        assert opened.backup is None  # nothing to back up
        with opened.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        opened.engine.dispose()

    assert TABLES | {"request_search"} <= tables_of(path)
    assert revision_of(path) == "0005"
    assert not (tmp_path / "backups").exists()


def test_an_empty_file_is_treated_as_a_new_database(tmp_path: Path) -> None:
    path = tmp_path / "sewaka.sqlite3"
    path.touch()  # e.g. left behind by an installer

    opened = open_database(path, tmp_path / "backups")
    opened.engine.dispose()

    assert opened.backup is None
    assert revision_of(path) == "0005"


def test_the_previous_revision_can_be_created_on_purpose(tmp_path: Path) -> None:
    path = tmp_path / "sewaka.sqlite3"
    new_database(path, target="0001")

    assert tables_of(path) == TABLES
    assert inspect_file(path) == "0001"


def test_a_current_database_is_opened_without_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "sewaka.sqlite3"
    new_database(path)

    opened = open_database(path, tmp_path / "backups")
    opened.engine.dispose()

    assert opened.backup is None
    assert not (tmp_path / "backups").exists()


def test_foreign_keys_are_enforced(tmp_path: Path) -> None:
    opened = open_database(tmp_path / "sewaka.sqlite3", tmp_path / "backups")
    try:
        with pytest.raises(IntegrityError), opened.engine.begin() as conn:
            conn.exec_driver_sql(
                "INSERT INTO queue_counter (service_id, day, last_number) "
                "VALUES ('no-such-service', '2026-03-10', 1)"
            )
    finally:
        opened.engine.dispose()


# -- migrating from revision 0001 -------------------------------------------------------------


def fill_revision_0001(path: Path) -> dict[str, str]:
    """What an office had stored before name search existed: people, requests, history."""
    ids = {key: str(uuid7()) for key in ("device", "office", "skd", "sktm")}
    device, office = ids["device"], ids["office"]
    synced = "office_id, device_id, created_at, updated_at, version, hlc"
    with sqlite(path) as conn:
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute(
            "INSERT INTO device (id, office_id, name, hlc, created_at) VALUES (?, ?, '', ?, ?)",
            (device, office, "001773016000000-00009", "2026-03-09 00:00:00.000000"),
        )
        for position, (key, code, prefix) in enumerate(
            [("skd", "SKD", "A"), ("sktm", "SKTM", "B")]
        ):
            conn.execute(
                "INSERT INTO service (id, code, name, name_en, queue_prefix, standard_days,"
                " requirements, active, position) VALUES (?, ?, ?, ?, ?, 1, ?, 1, ?)",
                (
                    ids[key],
                    code,
                    f"Surat {code}",
                    code,
                    prefix,
                    json.dumps(["Fotokopi KTP pemohon"]),
                    position,
                ),
            )
        people = [
            ("Sri Wahyuni", "3273054302700001", "F", "1970-02-03", "skd", "A-001", "ready"),
            ("Bambang Wahyudi", "3273050907650002", "M", "1965-07-09", "skd", "A-002", "waiting"),
            ("Ni Luh Putu Ayu", "5103046105010003", "F", "2001-05-21", "sktm", "B-001", "waiting"),
        ]
        for seq, (name, nik, sex, born, service, number, status) in enumerate(people, start=1):
            person, request = str(uuid7()), str(uuid7())
            ids[name] = request
            at = f"2026-03-09 0{seq}:00:00.000000"
            hlc = f"001773016000000-0000{seq}"
            conn.execute(
                "INSERT INTO person (nik, name, sex, birth_date, address, rt, rw, hamlet, phone,"
                f" id, {synced}) VALUES (?, ?, ?, ?, 'Jl. Merdeka 1', '003', '005', '', '', ?,"
                " ?, ?, ?, ?, 1, ?)",
                (nik, name, sex, born, person, office, device, at, at, hlc),
            )
            conn.execute(
                "INSERT INTO service_request (tracking_code, service_id, person_id, queue_day,"
                " queue_seq, queue_number, nik, name, documents, notes, status, expected_date,"
                f" id, {synced}) VALUES (?, ?, ?, '2026-03-09', ?, ?, ?, ?, '[]', '', ?,"
                " '2026-03-10', ?, ?, ?, ?, ?, 1, ?)",
                (
                    new_tracking_code(),
                    ids[service],
                    person,
                    int(number[2:]),
                    number,
                    nik,
                    name,
                    status,
                    request,
                    office,
                    device,
                    at,
                    at,
                    hlc,
                ),
            )
            conn.execute(
                "INSERT INTO status_change (request_id, from_status, to_status, at, actor,"
                f" reason, id, {synced})"
                " VALUES (?, NULL, 'waiting', ?, 'petugas', '', ?, ?, ?, ?, ?, 1, ?)",
                (request, at, str(uuid7()), office, device, at, at, hlc),
            )
        conn.execute(
            "INSERT INTO queue_counter (service_id, day, last_number) VALUES (?, '2026-03-09', 2)",
            (ids["skd"],),
        )
        conn.execute("INSERT INTO setting (key, value) VALUES ('office_name', 'Sukamaju')")
    return ids


@pytest.fixture
def old_home(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A data folder whose database is still at revision 0001, with an office's data in it."""
    home = tmp_path / "home"
    home.mkdir()
    new_database(home / "sewaka.sqlite3", target="0001")
    return home, fill_revision_0001(home / "sewaka.sqlite3")


def test_migrating_keeps_the_data_and_backs_it_up_first(
    old_home: tuple[Path, dict[str, str]],
) -> None:
    home, ids = old_home
    path = home / "sewaka.sqlite3"
    with sqlite(path) as conn:
        before = {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in TABLES}

    opened = open_database(path, home / "backups")
    opened.engine.dispose()

    assert opened.revision == revision_of(path) == "0005"
    # Every old row is still there, unchanged; columns added later come last, empty.
    added = {"service_request": ("",), "status_change": ("",)}
    with sqlite(path) as conn:
        for table in TABLES - {"alembic_version"}:
            after = conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
            extra = added.get(table, ())
            assert [row[: len(row) - len(extra)] for row in after] == before[table]
            assert all(row[len(row) - len(extra) :] == extra for row in after)
        found = conn.execute(
            "SELECT request_id FROM request_search WHERE request_search MATCH 'wahyu*'"
        ).fetchall()
    assert {r[0] for r in found} == {ids["Sri Wahyuni"], ids["Bambang Wahyudi"]}

    # The copy taken before migrating is a complete database at the old revision.
    assert opened.backup is not None and opened.backup.parent == home / "backups"
    assert "before-0005" in opened.backup.name
    assert inspect_file(opened.backup) == "0001"
    with sqlite(opened.backup) as conn:
        for table in TABLES:
            assert conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall() == before[table]


def test_after_migrating_the_office_finds_and_serves_its_old_requests(
    old_home: tuple[Path, dict[str, str]], clock: FakeClock
) -> None:
    home, ids = old_home
    workspace = open_workspace(home, clock=clock, actor="petugas-uji")
    try:
        service = RequestService(workspace)
        assert workspace.backup is not None

        assert [r.name for r in service.search(RequestQuery(text="sri wah")).rows] == [
            "Sri Wahyuni"
        ]
        assert {r.name for r in service.search(RequestQuery(text="ni luh")).rows} == {
            "Ni Luh Putu Ayu"
        }
        assert service.count(RequestQuery()) == 3
        assert service.find_person("3273054302700001") is not None

        # Work goes on: an old request moves on, a new one is registered and found by name.
        service.change_status(ids["Bambang Wahyudi"], Status.CALLED)
        new = service.register(valid_form())
        assert new.queue_number == "A-001"  # a new office day
        assert [r.id for r in service.search(RequestQuery(text="rahma")).rows] == [new.id]
        assert len(service.services()) == 2  # the office's own catalogue is kept
    finally:
        workspace.close()


def test_a_migrated_database_has_the_same_schema_as_a_new_one(
    tmp_path: Path, old_home: tuple[Path, dict[str, str]]
) -> None:
    home, _ = old_home
    new_database(home / "sewaka.sqlite3")
    new_database(tmp_path / "fresh.sqlite3")

    assert schema_of(home / "sewaka.sqlite3") == schema_of(tmp_path / "fresh.sqlite3")


def test_orm_models_match_the_migrated_schema(tmp_path: Path) -> None:
    opened = open_database(tmp_path / "sewaka.sqlite3", tmp_path / "backups")
    try:
        with opened.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            differences = compare_metadata(context, Base.metadata)
    finally:
        opened.engine.dispose()

    # The FTS5 index of migration 0002 (and its shadow tables) is deliberately not an ORM model.
    unexpected = [
        d
        for d in differences
        if not (d[0] == "remove_table" and d[1].name.startswith("request_search"))
    ]
    assert unexpected == []
    assert {d[1].name for d in differences} <= {
        "request_search",
        "request_search_config",
        "request_search_content",
        "request_search_data",
        "request_search_docsize",
        "request_search_idx",
    }


# -- files that must not be opened (and must not be changed) ----------------------------------


@pytest.mark.parametrize(
    ("make_file", "kind"),
    [
        (random_bytes, ProblemKind.NOT_A_DATABASE),
        (another_programs_database, ProblemKind.NOT_A_DATABASE),
        (damaged_table_page, ProblemKind.DAMAGED),
        (damaged_index_entry, ProblemKind.DAMAGED),
        (from_a_newer_sewaka, ProblemKind.TOO_NEW),
    ],
)
@pytest.mark.parametrize("opener", ["open_database", "open_workspace"])
def test_unusable_files_are_refused_and_left_exactly_as_they_were(
    tmp_path: Path, make_file: Callable[[Path], None], kind: ProblemKind, opener: str
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    path = home / "sewaka.sqlite3"
    make_file(path)
    # The first start of a day runs the full integrity check (later starts: quick_check,
    # see test_later_starts_run_the_quick_check_and_diagnostics_the_full_one).
    path.with_name(path.name + CHECKED_SUFFIX).unlink(missing_ok=True)
    before = sha256(path)

    with pytest.raises(DatabaseProblem) as raised:
        if opener == "open_database":
            open_database(path, home / "backups")
        else:
            open_workspace(home, clock=FakeClock())

    assert raised.value.kind is kind
    assert raised.value.path == path
    assert sha256(path) == before
    wal = path.with_name(path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0  # nothing waiting to be written back
    assert not (home / "backups").exists()  # refused before any copying or migrating


def test_a_folder_where_the_file_should_be_cannot_be_opened(tmp_path: Path) -> None:
    path = tmp_path / "sewaka.sqlite3"
    path.mkdir()

    with pytest.raises(DatabaseProblem) as raised:
        open_database(path, tmp_path / "backups")

    assert raised.value.kind is ProblemKind.CANNOT_OPEN
    assert list(path.iterdir()) == []


def test_a_failed_migration_changes_nothing_and_can_be_retried(
    old_home: tuple[Path, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    home, _ = old_home
    path = home / "sewaka.sqlite3"
    before = sha256(path)
    real_execute = alembic.op.execute
    calls: list[object] = []

    def execute_then_fail(*args: object, **kwargs: object) -> object:
        calls.append(args)
        if len(calls) == 3:  # after the FTS table was created and filled
            raise OSError("disk I/O error")
        return real_execute(*args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(alembic.op, "execute", execute_then_fail)
        with pytest.raises(DatabaseProblem) as raised:
            open_workspace(home, clock=FakeClock())

    assert raised.value.kind is ProblemKind.MIGRATION_FAILED
    assert len(calls) == 3  # the migration really was half way through
    assert sha256(path) == before
    assert inspect_file(path) == "0001"
    assert "request_search" not in tables_of(path)
    backups = list((home / "backups").iterdir())
    assert len(backups) == 1 and inspect_file(backups[0]) == "0001"

    # Once the cause is gone, the same file migrates normally.
    workspace = open_workspace(home, clock=FakeClock())
    try:
        assert RequestService(workspace).count(RequestQuery(text="wahyu")) == 2
    finally:
        workspace.close()


# -- checking cheaply at start-up -----------------------------------------------------------------


def test_the_known_revisions_are_the_migrations_alembic_finds() -> None:
    # Start-up compares the file's revision with REVISIONS instead of importing Alembic.
    assert list(REVISIONS) == alembic_revisions()
    assert head_revision() == alembic_revisions()[-1]


def test_later_starts_run_the_quick_check_and_diagnostics_the_full_one(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    path = home / "sewaka.sqlite3"
    damaged_index_entry(path)
    now = FakeClock()()
    marker = path.with_name(path.name + CHECKED_SUFFIX)
    marker.write_text(now.isoformat())  # a full check passed an hour before the damage
    assert not full_check_due(path, now)

    # quick_check does not compare indexes with tables: this start goes ahead ...
    opened = open_database(path, home / "backups", now=now)
    opened.engine.dispose()
    # ... and the full check (diagnostics, backups, the next day's first start) finds it.
    problem = integrity_problem(path)
    assert problem is not None and problem.kind is ProblemKind.DAMAGED
    assert full_check_due(path, now + dt.timedelta(days=1))
    with pytest.raises(DatabaseProblem) as raised:
        open_database(path, home / "backups", now=now + dt.timedelta(days=1))
    assert raised.value.kind is ProblemKind.DAMAGED


def test_the_quick_check_still_refuses_a_damaged_table(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    path = home / "sewaka.sqlite3"
    damaged_table_page(path)
    now = FakeClock()()
    path.with_name(path.name + CHECKED_SUFFIX).write_text(now.isoformat())
    before = sha256(path)

    with pytest.raises(DatabaseProblem) as raised:
        open_database(path, home / "backups", now=now)

    assert raised.value.kind is ProblemKind.DAMAGED
    assert sha256(path) == before


def test_a_sound_file_passes_the_diagnostic_check(tmp_path: Path) -> None:
    path = tmp_path / "sewaka.sqlite3"
    new_database(path)
    assert integrity_problem(path) is None


# -- files a killed session or a failing disk left --------------------------------------------


def left_by_a_killed_session(home: Path) -> bytes:
    """A used folder whose database file is now zero bytes beside its 4 MB write-ahead log
    (what a session killed before its first checkpoint, on a failing disk, left behind)."""
    populated_database(home / "sewaka.sqlite3")
    wal = random_bytes_of(4 * 1024 * 1024)
    (home / "sewaka.sqlite3-wal").write_bytes(wal)
    (home / "sewaka.sqlite3").write_bytes(b"")
    return wal


def random_bytes_of(size: int) -> bytes:
    import random

    return random.Random(7).randbytes(size)


@pytest.mark.parametrize("left", ["-wal", "-journal", "backups", CHECKED_SUFFIX])
def test_a_zero_byte_file_in_a_used_folder_is_refused_untouched(tmp_path: Path, left: str) -> None:
    home = tmp_path / "home"
    home.mkdir()
    path = home / "sewaka.sqlite3"
    populated_database(path)
    for suffix in ("-wal", "-shm", CHECKED_SUFFIX):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    path.write_bytes(b"")
    if left == "backups":
        (home / "backups").mkdir()
        (home / "backups" / "sewaka-20260309-before-0004.sqlite3").write_bytes(b"x" * 4096)
    else:
        path.with_name(path.name + left).write_bytes(random_bytes_of(64 * 1024))
    before = {p.name: sha256(p) for p in home.rglob("*") if p.is_file() and p.suffix != ".lock"}

    with pytest.raises(DatabaseProblem) as raised:
        open_workspace(home, clock=FakeClock())

    assert raised.value.kind is ProblemKind.EMPTIED
    assert raised.value.path == path
    after = {p.name: sha256(p) for p in home.rglob("*") if p.is_file() and p.suffix != ".lock"}
    assert after == before  # no new office, no new key, the WAL kept for IT to recover


def test_a_zero_byte_file_beside_a_big_wal_is_never_made_a_new_office(tmp_path: Path) -> None:
    from desktop import messages

    home = tmp_path / "home"
    home.mkdir()
    wal = left_by_a_killed_session(home)

    for _ in range(2):  # and again: it does not become new on the second try either
        with pytest.raises(DatabaseProblem) as raised:
            open_database(home / "sewaka.sqlite3", home / "backups")
        assert raised.value.kind is ProblemKind.EMPTIED

    assert (home / "sewaka.sqlite3").stat().st_size == 0
    assert (home / "sewaka.sqlite3-wal").read_bytes() == wal
    text = messages.database_problem(raised.value)
    assert "kosong" in text and "Pulihkan dari cadangan terakhir" in text


def test_a_used_database_without_its_device_row_gets_no_new_office(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    populated_database(home / "sewaka.sqlite3")
    with sqlite(home / "sewaka.sqlite3") as conn:
        conn.execute("DELETE FROM device")

    with pytest.raises(DatabaseProblem) as raised:
        open_workspace(home, clock=FakeClock())

    assert raised.value.kind is ProblemKind.DAMAGED
    with sqlite(home / "sewaka.sqlite3") as conn:
        assert conn.execute("SELECT count(*) FROM device").fetchone() == (0,)


def flip_header(path: Path, size: int = 16) -> None:
    data = bytearray(path.read_bytes())
    data[:size] = bytes(b ^ 0xFF for b in data[:size])
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("marker", [True, False])
def test_a_damaged_header_is_a_damaged_sewaka_file_not_a_stranger(
    tmp_path: Path, marker: bool
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    path = home / "sewaka.sqlite3"
    populated_database(path)
    if not marker:  # only the file itself can tell
        path.with_name(path.name + CHECKED_SUFFIX).unlink(missing_ok=True)
    flip_header(path)
    before = sha256(path)

    with pytest.raises(DatabaseProblem) as raised:
        open_workspace(home, clock=FakeClock())

    assert raised.value.kind is ProblemKind.DAMAGED
    assert sha256(path) == before
    assert not (home / "backups").exists()


def test_a_wholly_garbled_first_page_in_a_used_folder_is_damaged(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    path = home / "sewaka.sqlite3"
    populated_database(path)
    flip_header(path, 4096)  # nothing of SQLite's header or the schema is readable

    with pytest.raises(DatabaseProblem) as raised:
        open_database(path, home / "backups")

    assert raised.value.kind is ProblemKind.DAMAGED  # the check marker says it was ours


def test_a_missing_file_beside_a_wal_with_content_is_refused_not_made_new(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    wal = left_by_a_killed_session(home)
    (home / "sewaka.sqlite3").unlink()  # deleted by hand, the log of its last work still there

    with pytest.raises(DatabaseProblem) as raised:
        open_workspace(home, clock=FakeClock())

    assert raised.value.kind is ProblemKind.EMPTIED
    assert not (home / "sewaka.sqlite3").exists()
    assert (home / "sewaka.sqlite3-wal").read_bytes() == wal


def test_a_missing_file_in_a_folder_with_only_backups_is_a_new_database(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / "backups").mkdir(parents=True)
    (home / "backups" / "sewaka-cadangan-20260309-1700.sqlite3").write_bytes(b"x" * 4096)

    open_workspace(home, clock=FakeClock()).close()

    assert inspect_file(home / "sewaka.sqlite3") == head_revision()
