"""Opening the local SQLite file safely.

Order of events when the app starts (:func:`open_database`):

1. an existing file is opened read-only and checked: is it SQLite at all,
   does ``PRAGMA quick_check`` pass, is its schema one this app knows? If not,
   :class:`DatabaseProblem` is raised and the file is left exactly as it was.
   The full ``PRAGMA integrity_check`` (which also compares every index with
   its table, and takes seconds on a large file) runs before a migration, on
   the first start after a day without a full check, and in diagnostics
   (:func:`integrity_problem`);
2. if its schema is older than this app (or there is no file yet), the lock
   file beside it is taken (:func:`change_lock`), the file is checked again
   (another Sewaka started at the same moment may have done the work), a
   checked copy is taken (:func:`checked_copy`: temporary name, integrity
   check, fsync, then a name no other backup has), and the Alembic migrations
   run in one transaction. An ordinary start takes no lock and writes nothing;
3. every connection uses WAL, ``synchronous=FULL`` and foreign keys.

A zero-byte file is a new database only when nothing says the folder was used
(no WAL or journal with content, no backups, no check marker); otherwise it is
refused untouched (:attr:`ProblemKind.EMPTIED`). A file SQLite does not
recognise but that is still ours (the rest of its header, its table names, or
the folder say so) is :attr:`ProblemKind.DAMAGED`, not "not a Sewaka file".
"database is locked" past the busy timeout and "disk full" are
:attr:`ProblemKind.BUSY` and :attr:`ProblemKind.DISK_FULL`
(:func:`problem_from_error`): the file is fine, trying again later may work.

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
import errno
import itertools
import os
import sqlite3
import sys
import threading
import time
from collections.abc import Callable, Iterator
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
REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004", "0005")

FULL_CHECK_EVERY = dt.timedelta(days=1)
CHECKED_SUFFIX = ".checked"  # beside the database: when the last full check passed
LOCK_SUFFIX = ".lock"  # beside the database: held while it is created, backed up or migrated
LOCK_WAIT = 60.0  # seconds to wait for another Sewaka that is migrating the same file
TEMPORARY_PREFIX = ".sewaka-"  # a copy being written: never a finished backup
TEMPORARY_SUFFIX = ".tmp"


class ProblemKind(enum.StrEnum):
    NOT_A_DATABASE = "not_a_database"
    DAMAGED = "damaged"
    EMPTIED = "emptied"  # a zero-byte file in a folder that was used (WAL, backups left)
    TOO_NEW = "too_new"
    MIGRATION_FAILED = "migration_failed"
    CANNOT_OPEN = "cannot_open"
    BUSY = "busy"  # another Sewaka holds the write lock (longer than the busy timeout)
    DISK_FULL = "disk_full"  # nothing more can be written; what was saved is kept


class DatabaseProblem(Exception):
    """The database cannot be used; the file has not been modified."""

    def __init__(self, kind: ProblemKind, path: Path, detail: str = "") -> None:
        super().__init__(f"{kind.value}: {path}: {detail}")
        self.kind = kind
        self.path = path
        self.detail = detail

    @property
    def passing(self) -> bool:
        """True when trying again later may succeed (busy, disk full): the file is fine."""
        return self.kind in (ProblemKind.BUSY, ProblemKind.DISK_FULL)


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

    from desktop.models.triggers import GUARD_PREFIX, StaleRow, register_functions

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()
        # What the outbox triggers call: without them no synced row can be written at all.
        register_functions(dbapi_connection)

    @event.listens_for(engine, "handle_error")
    def _refused_write(context: Any) -> BaseException | None:
        # A write the outbox triggers refused (stale, unversioned...): one type to catch.
        original = context.original_exception
        if isinstance(original, sqlite3.IntegrityError) and str(original).startswith(GUARD_PREFIX):
            return StaleRow(str(original))
        return None

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
        busy_or_full = problem_from_error(exc, path)
        if busy_or_full is not None:
            raise busy_or_full from exc
        message = str(exc)
        ours = "not a database" not in message or _looks_like_sewaka(path)
        kind = ProblemKind.DAMAGED if ours else ProblemKind.NOT_A_DATABASE
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
        problem = problem_from_error(exc, path)
        raise (problem or DatabaseProblem(ProblemKind.DAMAGED, path, str(exc))) from exc
    finally:
        conn.close()
    revision = row[0] if row else None
    if revision is not None and revision not in known_revisions():
        raise DatabaseProblem(ProblemKind.TOO_NEW, path, revision)
    return revision


def backup_file(source: Path, destination: Path) -> Path:
    """A consistent copy of a live database, made with SQLite's online backup API.

    Written straight to ``destination``: use :func:`checked_copy` for anything that is
    announced as a backup.
    """
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


class CopyDamaged(Exception):
    """A copy failed its integrity check; it was deleted and nothing took its name."""


def checked_copy(
    source: Path,
    destination: Path,
    *,
    unique: bool = False,
    before_naming: Callable[[Path], None] | None = None,
) -> Path:
    """A checked, self-contained copy of the database ``source``, given its name last.

    The copy is written under a temporary name beside ``destination`` (a dot name
    starting with :data:`TEMPORARY_PREFIX`), switched out of WAL mode so it is one file,
    opened read-only and checked with ``PRAGMA integrity_check``, fsynced, and only then
    linked to its name, which never replaces an existing file: :class:`FileExistsError`,
    or with ``unique`` the next free name (``name-2.sqlite3``, ``name-3.sqlite3``, ...).
    A process killed half-way leaves at most a temporary file (:func:`remove_leftovers`).

    ``before_naming(temporary)`` runs when the checked copy is on disk, before it takes
    its name (to audit it first); if it raises, the copy is deleted and nothing is named.

    Returns the name it took; raises :class:`CopyDamaged` or :class:`OSError`.
    """
    import uuid  # not at import time: only backups need it

    temporary = destination.with_name(
        f"{TEMPORARY_PREFIX}{destination.name}.{uuid.uuid4().hex}{TEMPORARY_SUFFIX}"
    )
    try:
        backup_file(source, temporary)
        problem = _copy_problem(temporary)
        if problem is not None:
            raise CopyDamaged(problem)
        _fsync(temporary)
        if before_naming is not None:
            before_naming(temporary)
        final = _link_to_new_name(temporary, destination, unique=unique)
        _fsync(destination.parent)
    finally:
        for leftover in (temporary, *_sidecars(temporary)):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
    return final


def remove_leftovers(folder: Path) -> int:
    """Delete the temporary copies that killed backups left in ``folder``; return how many.

    Call it only while no copy is being written there (under :func:`change_lock` for the
    backups folder).
    """
    removed = 0
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            name = entry.name
            if name.startswith(TEMPORARY_PREFIX) and TEMPORARY_SUFFIX in name:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
                    removed += 1
    return removed


def _copy_problem(path: Path) -> str | None:
    """Make the copy one file (no WAL), then what its integrity check finds (None: fine)."""
    try:
        conn = sqlite3.connect(path)
        try:
            conn.execute("PRAGMA journal_mode=DELETE")
        finally:
            conn.close()
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            rows = [str(row[0]) for row in conn.execute("PRAGMA integrity_check")]
        finally:
            conn.close()
    except sqlite3.OperationalError as exc:
        if _is_full(exc):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path)) from exc
        return str(exc)
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return None if rows == ["ok"] else "; ".join(rows[:5])


def _fsync(path: Path) -> None:
    """Flush a file (or a folder's entries) to the disk; folders cannot be opened on Windows."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        if path.is_dir():
            return
        raise
    try:
        os.fsync(fd)
    except OSError:
        if not path.is_dir():  # some file systems cannot fsync a folder: nothing to flush
            raise
    finally:
        os.close(fd)


def _link_to_new_name(source: Path, target: Path, *, unique: bool) -> Path:
    for number in itertools.count(1):
        name = target if number == 1 else target.with_name(f"{target.stem}-{number}{target.suffix}")
        try:
            os.link(source, name)  # fails if the name exists: no window for a race
            return name
        except FileExistsError:
            if not unique:
                raise
            continue
        except OSError:  # no hard links here (FAT USB sticks): check, then rename
            if name.exists():
                if not unique:
                    exists = errno.EEXIST
                    raise FileExistsError(exists, os.strerror(exists), str(name)) from None
                continue
            os.rename(source, name)  # Windows refuses to replace an existing file
            return name
    raise AssertionError("unreachable")


def _sidecars(path: Path) -> tuple[Path, ...]:
    return tuple(path.with_name(path.name + suffix) for suffix in ("-journal", "-wal", "-shm"))


# -- what an error means --------------------------------------------------------------------------

_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_IOERR, _SQLITE_FULL = 5, 6, 10, 13


def _is_full(error: sqlite3.Error) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int) and code & 0xFF == _SQLITE_FULL:
        return True
    return "database or disk is full" in str(error)


def _is_busy(error: sqlite3.Error) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int) and code & 0xFF in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return True
    text = str(error)
    return "database is locked" in text or "database is busy" in text


def _is_io_error(error: sqlite3.Error) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int) and code & 0xFF == _SQLITE_IOERR:
        return True
    return "disk I/O error" in str(error)


def _no_room(path: Path) -> bool:
    """True when the file system of ``path`` has (almost) no free space left: SQLite says
    "disk I/O error" when growing its shared-memory file fails on a full disk."""
    import shutil

    try:
        return shutil.disk_usage(path.parent).free < 1024 * 1024
    except OSError:
        return False


def problem_from_error(error: BaseException, path: Path) -> DatabaseProblem | None:
    """The :class:`DatabaseProblem` a low-level error stands for, or None.

    Another connection holding the write lock past the busy timeout (SQLite's "database is
    locked") is :attr:`ProblemKind.BUSY`; a full disk ("database or disk is full", or an
    :class:`OSError` ENOSPC / EDQUOT) is :attr:`ProblemKind.DISK_FULL`. SQLAlchemy's
    wrappers are looked through (``orig``, ``__cause__``).
    """
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, DatabaseProblem):
            return current
        if isinstance(current, sqlite3.Error):
            if _is_busy(current):
                return DatabaseProblem(ProblemKind.BUSY, path, str(current))
            if _is_full(current) or (_is_io_error(current) and _no_room(path)):
                return DatabaseProblem(ProblemKind.DISK_FULL, path, str(current))
        if isinstance(current, OSError) and current.errno in (errno.ENOSPC, errno.EDQUOT):
            return DatabaseProblem(ProblemKind.DISK_FULL, path, str(current))
        orig = getattr(current, "orig", None)
        current = orig if isinstance(orig, BaseException) else current.__cause__
    return None


# -- one process at a time creates, backs up or migrates the file ---------------------------------


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


@contextlib.contextmanager
def change_lock(path: Path, wait: float = LOCK_WAIT) -> Iterator[None]:
    """Hold the lock that makes creating, backing up and migrating ``path`` one step.

    A lock on ``<file>.lock`` beside the database (``flock``; ``msvcrt.locking`` on
    Windows), released by the operating system when the holder dies. Raises
    :class:`DatabaseProblem` (:attr:`ProblemKind.BUSY`) after ``wait`` seconds.
    """
    lock_path = path.with_name(path.name + LOCK_SUFFIX)
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        problem = problem_from_error(exc, path)
        raise (problem or DatabaseProblem(ProblemKind.CANNOT_OPEN, path, str(exc))) from exc
    try:
        deadline = time.monotonic() + wait
        while not _try_lock(fd):
            if time.monotonic() >= deadline:
                raise DatabaseProblem(ProblemKind.BUSY, path, "another Sewaka is preparing it")
            time.sleep(0.02)
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


# -- is this folder's file ours? ------------------------------------------------------------------


def _folder_was_used(path: Path, backup_dir: Path | None = None) -> list[str]:
    """What says Sewaka already kept data beside ``path`` (empty: nothing, a new folder)."""
    signs: list[str] = []
    for suffix in ("-wal", "-journal"):
        side = path.with_name(path.name + suffix)
        with contextlib.suppress(OSError):
            if side.stat().st_size > 0:
                signs.append(side.name)
    if path.with_name(path.name + CHECKED_SUFFIX).exists():
        signs.append(path.name + CHECKED_SUFFIX)
    for backups in {path.parent / "backups", backup_dir or path.parent / "backups"}:
        with contextlib.suppress(OSError), os.scandir(backups) as entries:
            if any(not entry.name.startswith(".") for entry in entries):
                signs.append(str(backups))
    return signs


def _looks_like_sewaka(path: Path) -> bool:
    """A file SQLite does not recognise that is still ours: its header is damaged.

    True when the rest of the SQLite header or Sewaka's table names are still in the file,
    or the folder says it was used (WAL, backups, the check marker).
    """
    try:
        with path.open("rb") as handle:
            start = handle.read(64 * 1024)
    except OSError:
        return False
    if start[21:24] == b"\x40\x20\x20":  # fixed bytes of every SQLite header
        return True
    if b"alembic_version" in start or b"service_request" in start:
        return True
    return bool(_folder_was_used(path))


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
            self.problem = problem_from_error(exc, self.path) or DatabaseProblem(
                ProblemKind.CANNOT_OPEN, self.path, str(exc)
            )

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

    An ordinary start only reads. Creating the file, the backup before a migration and
    the migration happen under :func:`change_lock`, after checking the file again: two
    Sewakas started together migrate once and take one backup of the old file. A
    zero-byte file is new only when nothing says the folder was used
    (:attr:`ProblemKind.EMPTIED`).
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        problem = problem_from_error(exc, path)
        raise (problem or DatabaseProblem(ProblemKind.CANNOT_OPEN, path, str(exc))) from exc
    now = now or dt.datetime.now(dt.UTC)
    wanted = head_revision() if target == "head" else target
    exists = _has_content(path, backup_dir, judge=False)  # judged under the lock below
    current: str | None = None
    full = False
    early = _early.pop(path.resolve(), None) if exists else None
    if early is not None and full_check is None:
        full = early.full
        current = early.result()
    elif exists:
        full = full_check if full_check is not None else full_check_due(path, now)
        current = inspect_file(path, full_check=full)
    if exists and full:
        _mark_checked(path, now)
    if exists and current == wanted:
        return OpenedDatabase(engine=make_engine(path), path=path, backup=None, revision=wanted)

    with change_lock(path):
        # Look again: another Sewaka may have created or migrated the file meanwhile.
        exists = _has_content(path, backup_dir)
        if exists:
            current = inspect_file(path, full_check=not full)  # never migrate unchecked
            _mark_checked(path, now)
        backup: Path | None = None
        if exists and current is not None and current != wanted:
            backup = _backup_before_migrating(path, backup_dir, now, wanted)
        engine = make_engine(path, create=not exists)
        if current != wanted:
            try:
                migrate(engine, target)
            except Exception as exc:
                engine.dispose()
                problem = problem_from_error(exc, path)
                kind = ProblemKind.MIGRATION_FAILED
                raise (problem or DatabaseProblem(kind, path, str(exc))) from exc
            if not exists:
                _mark_checked(path, now)  # made just now: nothing to check until tomorrow
    return OpenedDatabase(engine=engine, path=path, backup=backup, revision=wanted)


def _has_content(path: Path, backup_dir: Path, *, judge: bool = True) -> bool:
    """True for a file with content; False for none or a zero-byte one in a new folder.

    A zero-byte file beside a WAL, a journal, backups or the check marker is what a killed
    session or a failing disk left of a used database: refused untouched, never made new.
    Judge that only under :func:`change_lock`: another Sewaka creating the file holds it
    while the file is briefly empty beside its WAL.
    """
    try:
        if path.stat().st_size > 0:
            return True
    except FileNotFoundError:
        # A missing file beside a WAL or journal with content: SQLite would replay it into
        # a new file. Refused like a zero-byte one; a folder with only backups is new.
        left = [s for s in _folder_was_used(path, backup_dir) if s.startswith(path.name + "-")]
        if judge and left:
            detail = "missing beside " + ", ".join(left)
            raise DatabaseProblem(ProblemKind.EMPTIED, path, detail) from None
        return False
    except OSError as exc:
        raise DatabaseProblem(ProblemKind.CANNOT_OPEN, path, str(exc)) from exc
    signs = _folder_was_used(path, backup_dir) if judge else []
    if signs:
        raise DatabaseProblem(ProblemKind.EMPTIED, path, "zero bytes beside " + ", ".join(signs))
    return False


def _backup_before_migrating(path: Path, backup_dir: Path, now: dt.datetime, wanted: str) -> Path:
    """A checked copy in ``backup_dir`` under a name no other backup has (under the lock)."""
    try:
        backup_dir.mkdir(parents=True, exist_ok=True)
        remove_leftovers(backup_dir)  # copies that a killed start left half-written
        stamp = now.strftime("%Y%m%d-%H%M%S")
        name = f"{path.stem}-{stamp}-before-{wanted[:12]}.sqlite3"
        return checked_copy(path, backup_dir / name, unique=True)
    except CopyDamaged as exc:
        raise DatabaseProblem(ProblemKind.DAMAGED, path, f"backup check: {exc}") from exc
    except (OSError, sqlite3.Error) as exc:
        problem = problem_from_error(exc, path)
        raise (problem or DatabaseProblem(ProblemKind.CANNOT_OPEN, path, str(exc))) from exc


def migrate(engine: Engine, target: str = "head") -> None:
    from alembic import command  # only when a migration is due: Alembic is slow to import

    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, target)
