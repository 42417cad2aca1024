"""Helpers of the sync tests that run real processes (test_sync_faults, test_sync_kill,
test_sync_e2e): the server's own commands, office folders filled by a worker process, the
device's ``sewaka sync --once --json``, and looks at what each side holds.

What a side holds is read the way an operator would check it: the server's ``record`` and
``current`` tables (any SQLAlchemy URL, SQLite or PostgreSQL), the device's ``outbox`` with a
plain ``sqlite3`` connection (read only: a plain connection cannot write a synced row), and the
CSV exports of both.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from make_records_worker import form, person
from processes import Run, ServerProcess, run_sewaka, start_sewaka
from support import configure_office

from desktop import paths
from desktop.services.requests import RequestService
from desktop.services.sync import SyncService
from desktop.services.workspace import Workspace, open_workspace

if TYPE_CHECKING:
    from server.db import Database

ROOT = Path(__file__).resolve().parents[1]
WORKER = ROOT / "tests" / "make_records_worker.py"
PG_ENV = "SEWAKA_TEST_PG_URL"
# The test servers are not rate limited: a kill loop sends many small rounds on purpose.
SERVER_ENV = {"SEWAKA_SERVER_RATE": "100000", "SEWAKA_SERVER_BURST": "100000"}

Key = tuple[str, str, int]  # (entity, entity id, version): the idempotency key


def _env(home: Path) -> dict[str, str]:
    env = dict(os.environ, **SERVER_ENV)
    env["SEWAKA_HOME"] = str(home)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def server_cli(database_url: str, args: Sequence[str], home: Path, timeout: float = 60.0) -> Run:
    """``sewaka server --database-url URL ARGS...`` to its end."""
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "server", "--database-url", database_url, *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env=_env(home),
        timeout=timeout,
        cwd=ROOT,
    )
    return Run(done.returncode, done.stdout, done.stderr)


@dataclass(frozen=True)
class Office:
    code: str
    office_id: str
    enrolment_code: str


def create_office(database_url: str, home: Path, code: str, name: str) -> Office:
    """``sewaka server create-office --json``: a new office and a one-time code."""
    done = server_cli(
        database_url,
        [
            "create-office",
            "--code",
            code,
            "--name",
            name,
            "--json",
            "--qr",
            str(home / f"{code}.png"),
        ],
        home,
    )
    assert done.code == 0, done
    made = done.json()
    return Office(code, str(made["office_id"]), str(made["enrolment_code"]))


def start_records(
    home: Path,
    count: int,
    *,
    first: int = 0,
    people: int = 0,
    days: int = 1,
    day0: str | None = None,
) -> subprocess.Popen[str]:
    """Start tests/make_records_worker.py on ``home`` (see it for the arguments)."""
    args = [str(home), str(count), "--first", str(first), "--people", str(people)]
    args += ["--days", str(days)] + (["--day0", day0] if day0 else [])
    return subprocess.Popen(
        [sys.executable, str(WORKER), *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(home),
        cwd=ROOT,
    )


def finish_records(process: subprocess.Popen[str], timeout: float = 120.0) -> list[str]:
    """Wait for a worker; the tracking codes of the walk-ins it registered."""
    out, err = process.communicate(timeout=timeout)
    assert process.returncode == 0, err
    return [str(code) for code in json.loads(out.strip().splitlines()[-1])["tracking_codes"]]


def make_records(home: Path, count: int, **options: Any) -> list[str]:
    """Register ``count`` walk-ins (and ``people=`` bulk people) in ``home``, in a process."""
    return finish_records(start_records(home, count, **options))


def sewaka(home: Path, *args: str, timeout: float = 120.0) -> Run:
    return run_sewaka(list(args), home, env=SERVER_ENV, timeout=timeout)


def both(*commands: tuple[Path, Sequence[str]], timeout: float = 120.0) -> list[Run]:
    """Several ``sewaka`` commands at once (one per office folder), each to its end."""
    started = [start_sewaka(list(args), home) for home, args in commands]
    runs = []
    for process in started:
        out, err = process.communicate(timeout=timeout)
        runs.append(Run(process.returncode, out, err))
    return runs


def report(run: Run) -> dict[str, Any]:
    """The JSON object ``sewaka sync --once --json`` ends with."""
    try:
        found = run.json()
    except (json.JSONDecodeError, ValueError):
        raise AssertionError(f"no JSON report: {run}") from None
    assert isinstance(found, dict), run
    return found


def wait_until(condition: Callable[[], bool], timeout: float = 30.0) -> bool:
    """Poll ``condition`` until it holds (True) or ``timeout`` seconds passed (False)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


# -- a server and PCs -------------------------------------------------------------------------

NORMAL_READ = 60.0  # seconds: the transport's usual wait for an answer


@dataclass
class Central:
    server: ServerProcess
    url: str  # its database
    home: Path
    database: Database  # the same database, for what IT staff do beside the server
    offices: int = 0

    def new_office(self) -> Office:
        """A new office on the server, with a one-time enrolment code (what ``sewaka server
        create-office`` does, without starting a process for it)."""
        from server.offices import create_office

        self.offices += 1
        issued = create_office(self.database, f"F{self.offices:03d}", f"Desa {self.offices}")
        return Office(issued.office_code, issued.office_id, issued.enrolment_code)


@contextlib.contextmanager
def central_server(folder: Path) -> Iterator[Central]:
    """The server as a real process on a SQLite file in ``folder``."""
    from server.config import Settings
    from server.db import Database

    url = f"sqlite:///{folder / 'server.sqlite3'}"
    with ServerProcess(url, home=folder, env=SERVER_ENV) as server:
        database = Database(Settings(database_url=url))
        try:
            yield Central(server, url, folder, database)
        finally:
            database.dispose()


def blank_folder(home: Path) -> Path:
    """An office folder as a new PC has it before its first start: the schema and the
    catalogue, no device yet (its first start makes the PC's own device id). Copying it
    (:func:`new_pc`) saves each test the migrations."""
    open_workspace(home).close()
    with sqlite3.connect(paths.database_path(home)) as db:
        db.execute("DELETE FROM device")
    return home


def new_pc(blank: Path, home: Path, server_url: str, clock: Callable[[], Any] | None = None) -> Pc:
    shutil.copytree(blank, home)
    return Pc(home, server_url, clock)


class Pc:
    """An office folder and its sync service (timeouts adjustable), for a server at
    ``server_url`` (the proxy's, in most tests)."""

    def __init__(self, home: Path, server_url: str, clock: Callable[[], Any] | None = None):
        from sync.transport import HttpTransport, Timeouts

        self.home = home
        self.server_url = server_url
        self.workspace: Workspace = (
            open_workspace(home) if clock is None else open_workspace(home, clock=clock)
        )
        configure_office(self.workspace)
        self.read = NORMAL_READ
        self.transports: list[HttpTransport] = []

        def transport(url: str, token: str | None) -> HttpTransport:
            made = HttpTransport(url, token, Timeouts(connect=5.0, read=self.read))
            self.transports.append(made)
            return made

        self.sync = SyncService(self.workspace, transport_factory=transport)

    def timeouts(self, read: float) -> None:
        """The wait for an answer, from the next request on."""
        from sync.transport import Timeouts

        self.read = read
        for made in self.transports:
            made.timeouts = Timeouts(connect=5.0, read=read)

    def add(self, walk_ins: int, people: int, first: int = 0) -> None:
        """Register walk-ins (3 entries each), then add people in bulk (1 entry each)."""
        service = RequestService(self.workspace)
        for n in range(walk_ins):
            service.register(form(first + n))
        with self.workspace.transaction() as session:  # the triggers queue one entry a row
            session.add_all(person(first + n) for n in range(people))

    def enrol(self, code: str) -> None:
        self.sync.enrol(self.server_url, code, "PC uji")

    def close(self) -> None:
        self.sync.stop()
        self.workspace.close()


# -- what the device holds ---------------------------------------------------------------------


@contextlib.contextmanager
def device_db(home: Path) -> Iterator[sqlite3.Connection]:
    """The office folder's database, read only."""
    path = paths.database_path(home)
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    try:
        yield connection
    finally:
        connection.close()


def device_id(home: Path) -> str:
    with device_db(home) as db:
        row = db.execute("SELECT id FROM device").fetchone()
    return str(row[0])


def outbox_states(home: Path) -> dict[Key, str]:
    """Every entry this PC queued to send (``applied`` ones came from the server)."""
    with device_db(home) as db:
        rows = db.execute(
            "SELECT entity, entity_id, version, state FROM outbox WHERE state != 'applied'"
        ).fetchall()
    return {(str(e), str(i), int(v)): str(s) for e, i, v, s in rows}


def device_rows(home: Path, sql: str, *params: object) -> list[tuple[Any, ...]]:
    with device_db(home) as db:
        return [tuple(row) for row in db.execute(sql, params).fetchall()]


# -- what the server holds ---------------------------------------------------------------------


def _engine(database_url: str) -> Any:
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    return create_engine(database_url, poolclass=NullPool)


def server_rows(database_url: str, sql: str, **params: object) -> list[tuple[Any, ...]]:
    from sqlalchemy import text

    engine = _engine(database_url)
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql), params)]
    finally:
        engine.dispose()


def held_keys(database_url: str, device: str) -> Counter[Key]:
    """The keys the server's ``record`` table holds from a device, with how often."""
    rows = server_rows(
        database_url,
        "SELECT entity, entity_id, version FROM record WHERE device_id = :device",
        device=device,
    )
    return Counter((str(e), str(i), int(v)) for e, i, v in rows)


def assert_held_once(database_url: str, home: Path) -> dict[Key, str]:
    """The server holds every entry this PC made, each once, and nothing else from it; every
    entry is confirmed on the PC. Returns the PC's entries."""
    states = outbox_states(home)
    held = held_keys(database_url, device_id(home))
    doubled = {key: n for key, n in held.items() if n > 1}
    assert not doubled, f"held more than once: {list(doubled)[:5]}"
    missing = set(states) - set(held)
    extra = set(held) - set(states)
    assert not missing and not extra, (
        f"{len(missing)} missing on the server (e.g. {sorted(missing)[:3]}), "
        f"{len(extra)} the PC never made (e.g. {sorted(extra)[:3]})"
    )
    unconfirmed = Counter(state for state in states.values() if state != "confirmed")
    assert not unconfirmed, f"entries not confirmed on the PC: {dict(unconfirmed)}"
    return states


def assert_confirmed_only_if_held(database_url: str, home: Path) -> Counter[str]:
    """After a failed round: every entry the PC marks confirmed is held by the server (a
    confirmation never runs ahead of the server). Returns the PC's entries by state."""
    states = outbox_states(home)
    held = held_keys(database_url, device_id(home))
    wrongly = [key for key, state in states.items() if state == "confirmed" and key not in held]
    assert not wrongly, f"{len(wrongly)} confirmed but not on the server: {wrongly[:3]}"
    return Counter(states.values())


# -- CSV exports -------------------------------------------------------------------------------


def csv_rows(path: Path) -> list[list[str]]:
    """The data rows of an export (``;``-separated, UTF-8 with BOM), header left out."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert rows, f"{path} is empty"
    return rows[1:]


def server_export(database_url: str, home: Path, office: str, out: Path) -> list[list[str]]:
    done = server_cli(
        database_url, ["export", "requests", "--office", office, "--out", str(out)], home
    )
    assert done.code == 0, done
    return csv_rows(out)


def device_export(home: Path, out: Path) -> list[list[str]]:
    done = sewaka(home, "export", "requests", "--format", "csv", "--out", str(out))
    assert done.code == 0, done
    return csv_rows(out)


# -- PostgreSQL --------------------------------------------------------------------------------


@contextlib.contextmanager
def pg_database(admin_url: str) -> Iterator[str]:
    """A new, uniquely named database next to ``admin_url``'s, dropped afterwards."""
    import psycopg
    from sqlalchemy.engine import make_url

    base = make_url(admin_url)
    name = f"sewaka_sync_{uuid.uuid4().hex[:12]}"
    plain = base.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(plain, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(plain, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
