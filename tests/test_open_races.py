"""Opening the data folder while other things happen to it, with real processes: two
Sewakas started together on a file that needs a migration, a start killed while it backs the
file up, another Sewaka holding the write lock, and a full disk."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import FakeClock, configure_office, populated_database, valid_form

from desktop import paths
from desktop.models.database import (
    TEMPORARY_PREFIX,
    DatabaseProblem,
    ProblemKind,
    head_revision,
    inspect_file,
    open_database,
)
from desktop.services.requests import RequestService
from desktop.services.workspace import open_workspace

TESTS = Path(__file__).parent
WORKER = TESTS / "open_worker.py"
OLD = "0001"  # the revision the racing folders start at: every start must migrate it


def old_database(path: Path, *, filler_mb: int = 0) -> int:
    """A database at revision 0001 holding requests (and ``filler_mb`` MB of settings, to
    make copying it take a while); returns how many requests it holds."""
    from test_database import fill_revision_0001

    opened = open_database(path, path.parent / "unused-backups", target=OLD)
    opened.engine.dispose()
    fill_revision_0001(path)
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        for i in range(filler_mb * 10):
            conn.execute(
                "INSERT INTO setting (key, value) VALUES (?, hex(randomblob(51200)))",
                (f"catatan-{i}",),
            )
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode=DELETE")  # one file, to copy per round
        return int(conn.execute("SELECT count(*) FROM service_request").fetchone()[0])


def requests_in(path: Path) -> int:
    with contextlib.closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as conn:
        return int(conn.execute("SELECT count(*) FROM service_request").fetchone()[0])


def backups_in(home: Path) -> list[Path]:
    folder = paths.backup_dir(home)
    return sorted(folder.iterdir()) if folder.exists() else []


def start_workers(count: int, rounds: list[Path], log: Path) -> list[subprocess.Popen[bytes]]:
    workers = []
    for n in range(count):
        with (log / f"worker-{n}.log").open("wb") as out:
            workers.append(
                subprocess.Popen(
                    [sys.executable, str(WORKER), str(n), *map(str, rounds)],
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            )
    return workers


def wait_for(condition: object, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.005)


def race(
    tmp_path: Path, rounds: int, make: object, workers: int = 3, stagger: float = 0.0
) -> list[Path]:
    """``rounds`` data folders, each opened by ``workers`` processes at the same moment
    (or each at a random moment within ``stagger`` seconds)."""
    folders = []
    for i in range(rounds):
        folder = tmp_path / f"round-{i:02d}"
        (folder / "home").mkdir(parents=True)
        make(folder / "home")  # type: ignore[operator]
        folders.append(folder)
    running = start_workers(workers, folders, tmp_path)
    try:
        wait_for(
            lambda: all((tmp_path / f"ready-{n}").exists() for n in range(workers)),
            60,
            "the workers to load",
        )
        for folder in folders:
            (folder / "go").write_text(str(stagger))
            wait_for(
                lambda f=folder: all((f / f"result-{n}.json").exists() for n in range(workers)),
                30,
                f"the workers to open {folder.name}",
            )
        for worker in running:
            assert worker.wait(30) == 0, (tmp_path / "worker-0.log").read_text()
    finally:
        for worker in running:
            if worker.poll() is None:
                worker.kill()
                worker.wait()
    return folders


def results(folder: Path) -> list[dict[str, object]]:
    return [json.loads(p.read_text()) for p in sorted(folder.glob("result-*.json"))]


# -- two instances started together ---------------------------------------------------------------


@pytest.mark.slow
def test_instances_started_together_migrate_once_and_keep_one_intact_backup(
    tmp_path: Path,
) -> None:
    template = tmp_path / "template.sqlite3"
    stored = old_database(template)

    def make(home: Path) -> None:
        paths.database_path(home).write_bytes(template.read_bytes())

    for folder in race(tmp_path, 20, make, stagger=0.05):
        home = folder / "home"
        assert all("problem" not in r and "error" not in r for r in results(folder)), folder
        assert inspect_file(paths.database_path(home)) == head_revision()
        # Exactly one of them backed up, once, and its copy is the old file, whole.
        taken = [r["backup"] for r in results(folder) if r["backup"]]
        assert len(taken) == 1, (folder.name, results(folder))
        assert backups_in(home) == [Path(str(taken[0]))], folder.name
        assert inspect_file(backups_in(home)[0]) == OLD, folder.name
        assert requests_in(backups_in(home)[0]) == stored
        assert requests_in(paths.database_path(home)) == stored


@pytest.mark.slow
def test_instances_started_together_on_a_new_folder_leave_no_backups(tmp_path: Path) -> None:
    # Staggered: one is creating the file when another finds it (no schema yet).
    for folder in race(tmp_path, 12, lambda home: None, stagger=0.4):
        home = folder / "home"
        assert all("problem" not in r and "error" not in r for r in results(folder)), folder
        assert backups_in(home) == [], folder.name  # nothing was there to back up
        assert [r["backup"] for r in results(folder)] == [None, None, None]
        with contextlib.closing(sqlite3.connect(paths.database_path(home))) as conn:
            assert conn.execute("SELECT count(*) FROM device").fetchone() == (1,)


def test_backup_names_never_collide_and_never_overwrite(tmp_path: Path) -> None:
    """Two migrations in the same second (a folder restored from an old copy and opened
    again at once) each keep their own backup."""
    home = tmp_path / "home"
    home.mkdir()
    path = paths.database_path(home)
    old_database(path)
    first = path.read_bytes()
    now = FakeClock()()

    taken = []
    for _ in range(3):
        path.write_bytes(first)
        for side in ("-wal", "-shm"):
            path.with_name(path.name + side).unlink(missing_ok=True)
        opened = open_database(path, paths.backup_dir(home), now=now)
        opened.engine.dispose()
        taken.append(opened.backup)

    assert len(set(taken)) == 3 and set(taken) == set(backups_in(home))
    assert all(inspect_file(Path(str(copy))) == OLD for copy in taken)


# -- a backup killed half-way ---------------------------------------------------------------------


@pytest.mark.slow
def test_a_backup_killed_half_way_never_looks_like_a_backup(tmp_path: Path) -> None:
    template = tmp_path / "template.sqlite3"
    stored = old_database(template, filler_mb=40)
    killed_while_copying = 0
    for i in range(4):
        folder = tmp_path / f"kill-{i}" / "round"
        home = folder / "home"
        home.mkdir(parents=True)
        path = paths.database_path(home)
        path.write_bytes(template.read_bytes())
        (worker,) = start_workers(1, [folder], folder.parent)
        try:
            ready = folder.parent / "ready-0"
            wait_for(ready.exists, 60, "the worker to load")
            (folder / "go").write_text("0")
            backups = paths.backup_dir(home)
            wait_for(lambda b=backups: b.exists() and any(b.iterdir()), 30, "the backup")
            worker.send_signal(signal.SIGKILL)  # half-way through writing it
        finally:
            worker.kill()
            worker.wait()

        if inspect_file(path) == OLD:  # the kill came before the migration: mid-copy
            killed_while_copying += 1
        # Whatever is left in the backups folder under a backup's name is a whole backup.
        for left in backups_in(home):
            if not left.name.startswith(TEMPORARY_PREFIX):
                assert inspect_file(left) == OLD, left.name
                assert requests_in(left) == stored, left.name

        # The next start cleans up what the killed one left, and backs up properly.
        workspace = open_workspace(home, clock=FakeClock(), actor="uji")
        workspace.close()
        left = backups_in(home)
        assert [p for p in left if p.name.startswith(".")] == []
        assert all(inspect_file(p) == OLD and requests_in(p) == stored for p in left)
        assert inspect_file(path) == head_revision()
    assert killed_while_copying >= 2


# -- another Sewaka holding the write lock --------------------------------------------------------

HOLD_LOCK = """
import sqlite3, sys, time
conns = []
for path in sys.argv[1:]:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")
    conn.execute("UPDATE setting SET value = value WHERE key = 'office_name'")
    conns.append(conn)
print("locked", flush=True)
time.sleep(120)
"""


def sewaka(*args: str, home: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.Popen(
        [sys.executable, "-m", "desktop", "--data-dir", str(home), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


@contextlib.contextmanager
def write_lock_held(*homes: Path) -> Iterator[None]:
    """Another process holds the write lock of each folder's database until the block ends."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, *(str(paths.database_path(h)) for h in homes)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        yield
    finally:
        holder.kill()
        holder.wait()


BUSY_WORDS = "Sewaka lain sedang memakai data ini; coba lagi sebentar lagi."


@pytest.mark.slow
def test_a_write_lock_held_by_another_sewaka_gets_a_clear_message_not_a_traceback(
    tmp_path: Path,
) -> None:
    office = tmp_path / "kantor"
    office.mkdir()
    populated_database(paths.database_path(office))
    workspace = open_workspace(office, clock=FakeClock(), actor="uji")
    configure_office(workspace)
    code = RequestService(workspace).register(valid_form()).tracking_code
    workspace.close()
    training = tmp_path / "latihan"
    seeded = sewaka("seed-demo", "--requests", "3", "--days", "1", home=training)
    assert seeded.wait(120) == 0, seeded.communicate()

    with write_lock_held(office, training):
        # Starting needs no write lock: reading works at once.
        started = time.monotonic()
        reading = sewaka("settings", "show", home=office)
        out, err = reading.communicate(timeout=60)
        assert reading.returncode == 0, err
        assert "office_name = Sukamaju" in out
        assert time.monotonic() - started < 9  # did not sit out the 10 s busy timeout

        writing = {
            "export": sewaka("export", "requests", "--out", str(tmp_path / "a.csv"), home=office),
            "report": sewaka("report", "daily", "--out", str(tmp_path / "r.pdf"), home=office),
            "receipt": sewaka("receipt", code, "--out", str(tmp_path / "s.pdf"), home=office),
            "seed-demo": sewaka("seed-demo", "--requests", "3", "--days", "1", home=training),
        }
        window = sewaka("--smoke-test", home=office)

        # The window opens, and so does the workspace behind it.
        out, err = window.communicate(timeout=60)
        assert window.returncode == 0, err
        assert "workspace opened" in out

        # What must write says so, in the user's language, after the busy timeout.
        for name, process in writing.items():
            out, err = process.communicate(timeout=60)
            assert process.returncode == 3, (name, err)
            assert BUSY_WORDS in err, (name, err)
            assert "Traceback" not in err and "database is locked" not in err, (name, err)
    assert not (tmp_path / "a.csv").exists() and not (tmp_path / "r.pdf").exists()


# -- a full disk ----------------------------------------------------------------------------------

DISK_FULL_WORDS = "Disk penuh: Sewaka tidak dapat menyimpan."


def test_a_full_disk_gets_a_message_not_a_traceback(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    qapp: object,
) -> None:
    from desktop.cli import EXIT_DATABASE, main

    home = tmp_path / "latihan"
    open_workspace(home, clock=FakeClock(), actor="uji").close()
    real_connect = sqlite3.connect

    def no_room_to_grow(*args: object, **kwargs: object) -> sqlite3.Connection:
        """SQLite's own "database or disk is full" as soon as the file would grow."""
        conn = real_connect(*args, **kwargs)  # type: ignore[arg-type]
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {max(pages, 1)}")
        return conn

    monkeypatch.setattr(sqlite3, "connect", no_room_to_grow)
    code = main(["--data-dir", str(home), "seed-demo", "--requests", "200", "--days", "2"])
    monkeypatch.undo()

    err = capsys.readouterr().err
    assert code == EXIT_DATABASE
    assert DISK_FULL_WORDS in err and str(home) in err
    assert "database or disk is full" not in err
    with contextlib.closing(sqlite3.connect(paths.database_path(home))) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        saved = conn.execute("SELECT count(*) FROM service_request").fetchone()[0]
    assert saved < 200  # what fitted was saved whole; the rest was refused


def test_a_busy_database_is_a_database_problem_for_every_service_call(tmp_path: Path) -> None:
    """The GUI's pool threads get the same readable problem as the command line."""
    home = tmp_path / "kantor"
    workspace = open_workspace(home, clock=FakeClock(), actor="uji")
    configure_office(workspace)
    try:
        with write_lock_held(home):
            started = time.monotonic()
            with pytest.raises(DatabaseProblem) as raised:
                RequestService(workspace).register(valid_form())
        assert raised.value.kind is ProblemKind.BUSY and raised.value.passing
        assert 9 < time.monotonic() - started < 20  # waited the busy timeout first
        assert RequestService(workspace).register(valid_form()).queue_number == "A-001"
    finally:
        workspace.close()


@contextlib.contextmanager
def small_disk(folder: Path, size: str) -> Iterator[Path]:
    """A real tmpfs of ``size`` mounted at ``folder`` (root only; the test skips elsewhere)."""
    folder.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill_up(folder: Path, leave: int) -> Path:
    """Fill ``folder``'s file system, then free ``leave`` bytes (room for the log)."""
    filler = folder / "penuh.bin"
    with filler.open("wb", buffering=0) as out, contextlib.suppress(OSError):
        while True:  # unbuffered: closing has nothing left to write
            out.write(b"\0" * 4096)
    os.truncate(filler, max(filler.stat().st_size - leave, 0))
    return filler


@pytest.mark.slow
def test_a_real_full_disk_gets_a_message_and_the_data_survives(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", "2m") as disk:
        home = disk / "latihan"
        made = sewaka("seed-demo", "--requests", "3", "--days", "1", home=home)
        assert made.wait(120) == 0, made.communicate()
        filler = fill_up(disk, leave=48 * 1024)

        seeding = sewaka("seed-demo", "--requests", "2000", "--days", "3", home=home)
        _out, err = seeding.communicate(timeout=120)

        assert seeding.returncode == 3, err
        assert DISK_FULL_WORDS in err
        assert "Traceback" not in err
        filler.unlink()  # IT frees some room: the same folder opens and holds what it held
        shown = sewaka("settings", "show", home=home)
        _out, err = shown.communicate(timeout=120)
        assert shown.returncode == 0, err
        with contextlib.closing(sqlite3.connect(paths.database_path(home))) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert conn.execute("SELECT count(*) FROM service_request").fetchone() == (3,)


def test_no_room_for_the_backup_before_a_migration_leaves_the_file_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from desktop.models import database

    home = tmp_path / "home"
    home.mkdir()
    path = paths.database_path(home)
    stored = old_database(path)
    before = path.read_bytes()
    real_backup = database.backup_file

    def half_then_full(source: Path, destination: Path) -> Path:
        real_backup(source, destination)  # the copy is written, then the disk fills up
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(destination))

    monkeypatch.setattr(database, "backup_file", half_then_full)
    with pytest.raises(DatabaseProblem) as raised:
        open_workspace(home, clock=FakeClock(), actor="uji")

    assert raised.value.kind is ProblemKind.DISK_FULL
    assert path.read_bytes() == before and inspect_file(path) == OLD
    assert backups_in(home) == []  # no half copy left under any name
    monkeypatch.undo()  # room again: the next start backs up and migrates
    workspace = open_workspace(home, clock=FakeClock(), actor="uji")
    workspace.close()
    assert inspect_file(path) == head_revision() and requests_in(path) == stored
    assert [inspect_file(p) for p in backups_in(home)] == [OLD]


def test_an_io_error_on_a_full_disk_is_a_full_disk_and_elsewhere_stays_an_io_error(
    tmp_path: Path,
) -> None:
    from desktop.models.database import problem_from_error

    io_error = sqlite3.OperationalError("disk I/O error")  # growing the -shm file failed
    assert problem_from_error(io_error, tmp_path / "sewaka.sqlite3") is None  # room here
    with small_disk(tmp_path / "disk", "1m") as disk:
        fill_up(disk, leave=0)
        problem = problem_from_error(io_error, disk / "sewaka.sqlite3")
    assert problem is not None and problem.kind is ProblemKind.DISK_FULL
