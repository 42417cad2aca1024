"""Opening the local SQLite file safely.

Order of events when the app starts (:func:`open_database`):

1. an existing file is opened read-only and checked: is it SQLite at all,
   does ``PRAGMA quick_check`` pass, is its schema one this app knows? If not,
   :class:`DatabaseProblem` is raised and the file is left exactly as it was.
   The full ``PRAGMA integrity_check`` (which also compares every index with
   its table, and takes seconds on a large file) runs before a migration, on
   the first start after a day without a full check, and in diagnostics
   (:func:`integrity_problem`);
2. if its schema is older than this app, a copy is taken with SQLite's
   online backup API, then the Alembic migrations run in one transaction;
3. every connection uses WAL, ``synchronous=FULL`` and foreign keys.

:func:`begin_check` starts the check on a thread before the GUI has even loaded
(SQLite releases the GIL while it reads), so on a large file the check and
loading Qt and the window overlap; :func:`open_database` then only waits for it.

The schema revision is read with :mod:`sqlite3` and compared with
:data:`REVISIONS`; Alembic is imported only when a migration is due (it costs
start-up time). ``tests/test_database.py`` keeps :data:`REVISIONS` equal to
the migrations folder.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Engine

MIGRATIONS = Path(__file__).with_name("migrations")
READ_ONLY_OPTION = "sewaka_read_only"

# Every Alembic revision in migrations/versions, oldest first; the last one is the head.
# A new migration adds its id here (a test compares this with Alembic's own list).
REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004")

FULL_CHECK_EVERY = dt.timedelta(days=1)
CHECKED_SUFFIX = ".checked"  # beside the database: when the last full check passed


class ProblemKind(enum.StrEnum):
    NOT_A_DATABASE = "not_a_database"
    DAMAGED = "damaged"
    TOO_NEW = "too_new"
    MIGRATION_FAILED = "migration_failed"
    CANNOT_OPEN = "cannot_open"


class DatabaseProblem(Exception):
    """The database cannot be used; the file has not been modified."""

    def __init__(self, kind: ProblemKind, path: Path, detail: str = "") -> None:
        super().__init__(f"{kind.value}: {path}: {detail}")
        self.kind = kind
        self.path = path
        self.detail = detail


@dataclass(frozen=True)
class OpenedDatabase:
    engine: Engine
    path: Path
    backup: Path | None  # the copy taken before migrating, if one was needed
    revision: str


def alembic_config(url: str = "sqlite://") -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url)
    return config


def head_revision() -> str:
    return REVISIONS[-1]


def known_revisions() -> set[str]:
    return set(REVISIONS)


def alembic_revisions() -> list[str]:
    """The revisions Alembic finds in the migrations folder, oldest first (tests, tools)."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return [s.revision for s in reversed(list(script.walk_revisions()))]


def make_engine(path: Path, *, create: bool = False) -> Engine:
    """An engine on ``path`` that never creates the file unless ``create`` is true.

    pysqlite's own transaction handling is switched off so that SQLAlchemy's
    BEGIN covers DDL too: a failed migration rolls back completely.
    """
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import QueuePool

    mode = "rwc" if create else "rw"
    uri = f"{path.resolve().as_uri()}?mode={mode}"

    def connect() -> sqlite3.Connection:
        connection = sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=10)
        # Text that is not valid UTF-8 (a damaged sector) reads as U+FFFD instead of raising
        # "Could not decode to UTF-8" wherever it is shown: the row is then marked damaged.
        connection.text_factory = decode_text
        return connection

    # An explicit QueuePool: with a "sqlite://" URL SQLAlchemy would pick SingletonThreadPool,
    # which closes other threads' connections while they are in use (UI + pool threads).
    engine = create_engine(
        "sqlite://", creator=connect, poolclass=QueuePool, pool_size=5, pool_pre_ping=False
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Writers take the write lock up front (no lock upgrade deadlocks); readers don't,
        # so a search never waits for, or blocks, a registration (WAL).
        reading = conn.get_execution_options().get(READ_ONLY_OPTION, False)
        conn.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")

    return engine


DAMAGED_TEXT = "\ufffd"  # what undecodable bytes in a stored text read as


def decode_text(raw: bytes) -> str:
    """sqlite3's ``text_factory``: UTF-8, with undecodable bytes as :data:`DAMAGED_TEXT`."""
    return raw.decode("utf-8", errors="replace")


def _read_only(path: Path) -> sqlite3.Connection:
    try:
        return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise DatabaseProblem(ProblemKind.CANNOT_OPEN, path, str(exc)) from exc


def _check(conn: sqlite3.Connection, path: Path, *, full: bool) -> None:
    """Raise :class:`DatabaseProblem` unless ``quick_check`` / ``integrity_check`` says ok."""
    pragma = "integrity_check" if full else "quick_check"
    try:
        rows = conn.execute(f"PRAGMA {pragma}").fetchall()
    except sqlite3.DatabaseError as exc:
        message = str(exc)
        kind = ProblemKind.NOT_A_DATABASE if "not a database" in message else ProblemKind.DAMAGED
        raise DatabaseProblem(kind, path, message) from exc
    if [r[0] for r in rows] != ["ok"]:
        detail = "; ".join(str(r[0]) for r in rows[:5])
        raise DatabaseProblem(ProblemKind.DAMAGED, path, detail)


def integrity_problem(path: Path) -> DatabaseProblem | None:
    """The full ``PRAGMA integrity_check`` of a file, read-only (diagnostics, before backups).

    Returns the problem, or None when the file is sound. Takes seconds on a large file:
    call it off the UI thread.
    """
    conn: sqlite3.Connection | None = None
    try:
        conn = _read_only(path)
        _check(conn, path, full=True)
    except DatabaseProblem as problem:
        return problem
    finally:
        if conn is not None:
            conn.close()
    _mark_checked(path)
    return None


def inspect_file(path: Path, *, full_check: bool = True) -> str | None:
    """Check an existing file without changing it; return its schema revision.

    ``full_check`` runs ``PRAGMA integrity_check``, otherwise ``quick_check``
    (which skips comparing indexes with their tables). Raises
    :class:`DatabaseProblem` if it is not SQLite, is damaged, or was written by
    a newer Sewaka.
    """
    conn = _read_only(path)
    try:
        _check(conn, path, full=full_check)
        has_version = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).fetchone()
        if not has_version:
            tables = conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE type='table'"
            ).fetchone()[0]
            if tables:
                raise DatabaseProblem(ProblemKind.NOT_A_DATABASE, path, "no Sewaka schema")
            return None
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as exc:
        raise DatabaseProblem(ProblemKind.DAMAGED, path, str(exc)) from exc
    finally:
        conn.close()
    revision = row[0] if row else None
    if revision is not None and revision not in known_revisions():
        raise DatabaseProblem(ProblemKind.TOO_NEW, path, revision)
    return revision


def backup_file(source: Path, destination: Path) -> Path:
    """A consistent copy of a live database, made with SQLite's online backup API."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    dst = sqlite3.connect(destination)
    try:
        with dst:
            src.backup(dst)
    finally:
        dst.close()
        src.close()
    return destination


class _EarlyCheck:
    """``inspect_file`` on a thread, started before the rest of the app has loaded."""

    def __init__(self, path: Path, now: dt.datetime) -> None:
        self.path = path
        self.full = full_check_due(path, now)
        self.revision: str | None = None
        self.problem: DatabaseProblem | None = None
        self._thread = threading.Thread(target=self._run, name="database-check", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self.revision = inspect_file(self.path, full_check=self.full)
        except DatabaseProblem as problem:
            self.problem = problem
        except Exception as exc:  # reported by open_database like any other open failure
            self.problem = DatabaseProblem(ProblemKind.CANNOT_OPEN, self.path, str(exc))

    def result(self) -> str | None:
        self._thread.join()
        if self.problem is not None:
            raise self.problem
        return self.revision


_early: dict[Path, _EarlyCheck] = {}


def begin_check(path: Path, now: dt.datetime | None = None) -> None:
    """Start checking ``path`` now, on a thread; :func:`open_database` collects the answer.

    Does nothing for a file that does not exist yet (a new data folder).
    """
    try:
        if path.stat().st_size == 0:
            return
    except OSError:
        return
    _early[path.resolve()] = _EarlyCheck(path, now or dt.datetime.now(dt.UTC))


def checked_revision(path: Path, now: dt.datetime | None = None) -> str | None:
    """The schema revision of ``path`` once the start-up check has passed (None: no file).

    Waits for the check :func:`begin_check` started (starting it if nobody did) and
    leaves its answer for :func:`open_database`, so the file is checked once per start.
    Raises :class:`DatabaseProblem` like :func:`open_database` would.
    """
    key = path.resolve()
    if key not in _early:
        begin_check(path, now)
    early = _early.get(key)
    return None if early is None else early.result()


def full_check_due(path: Path, now: dt.datetime) -> bool:
    """True unless a full integrity check of ``path`` passed within :data:`FULL_CHECK_EVERY`."""
    try:
        checked = dt.datetime.fromisoformat(path.with_name(path.name + CHECKED_SUFFIX).read_text())
    except (OSError, ValueError):
        return True
    if checked.tzinfo is None:
        return True
    return not (dt.timedelta(0) <= now - checked < FULL_CHECK_EVERY)


def _mark_checked(path: Path, now: dt.datetime | None = None) -> None:
    stamp = (now or dt.datetime.now(dt.UTC)).isoformat()
    with contextlib.suppress(OSError):  # only an optimisation: the next start checks fully
        path.with_name(path.name + CHECKED_SUFFIX).write_text(stamp)


def open_database(
    path: Path,
    backup_dir: Path,
    *,
    target: str = "head",
    now: dt.datetime | None = None,
    full_check: bool | None = None,
) -> OpenedDatabase:
    """Check, back up if needed, migrate and open the database at ``path``.

    ``full_check``: None decides by itself (``quick_check`` if a full check passed
    within a day and no migration is due, else ``integrity_check``).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    now = now or dt.datetime.now(dt.UTC)
    exists = path.exists() and path.stat().st_size > 0
    wanted = head_revision() if target == "head" else target
    current: str | None = None
    early = _early.pop(path.resolve(), None) if exists else None
    if early is not None and full_check is None:
        full = early.full
        current = early.result()
    elif exists:
        full = full_check if full_check is not None else full_check_due(path, now)
        current = inspect_file(path, full_check=full)
    if exists:
        if current != wanted and not full:  # never migrate or back up an unchecked file
            current = inspect_file(path, full_check=True)
            full = True
        if full:
            _mark_checked(path, now)

    backup: Path | None = None
    if exists and current != wanted:
        stamp = now.strftime("%Y%m%d-%H%M%S")
        backup = backup_file(path, backup_dir / f"{path.stem}-{stamp}-before-{wanted[:12]}.sqlite3")

    engine = make_engine(path, create=not exists)
    if current != wanted:
        try:
            migrate(engine, target)
        except Exception as exc:
            engine.dispose()
            raise DatabaseProblem(ProblemKind.MIGRATION_FAILED, path, str(exc)) from exc
        if not exists:
            _mark_checked(path, now)  # made just now: nothing to check until tomorrow
    return OpenedDatabase(engine=engine, path=path, backup=backup, revision=wanted)


def migrate(engine: Engine, target: str = "head") -> None:
    from alembic import command  # only when a migration is due: Alembic is slow to import

    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, target)
