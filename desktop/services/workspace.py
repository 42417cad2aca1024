"""The composition root of the back end: one open database plus who is writing to it."""

from __future__ import annotations

import datetime as dt
import getpass
import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, delete, func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from desktop import paths
from desktop.domain.catalogue import DEFAULT_SERVICES
from desktop.domain.clock import Clock, Hlc, system_clock
from desktop.domain.ids import uuid7
from desktop.models.database import (
    READ_ONLY_OPTION,
    DatabaseProblem,
    ProblemKind,
    open_database,
    problem_from_error,
)
from desktop.models.outbox import StaleRow, SyncContext, attach
from desktop.models.tables import (
    AuditEntry,
    Device,
    OutboxEntry,
    Service,
    ServiceRequest,
    SyncGuard,
)

__all__ = ["DatabaseProblem", "ProblemKind", "StaleRow", "Workspace", "open_workspace"]

log = logging.getLogger(__name__)


@dataclass
class Workspace:
    home: Path
    engine: Engine
    sync: SyncContext
    clock: Clock
    actor: str
    backup: Path | None = None
    _factory: sessionmaker[Session] = field(init=False, repr=False)
    _read_factory: sessionmaker[Session] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._factory = sessionmaker(self.engine, expire_on_commit=False)
        self._read_factory = sessionmaker(
            self.engine.execution_options(**{READ_ONLY_OPTION: True}), expire_on_commit=False
        )

    def now(self) -> dt.datetime:
        return self.clock()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed if the block ends normally, rolled back otherwise.

        Another Sewaka holding the write lock past the busy timeout, or a full disk, raises
        :class:`DatabaseProblem` (``BUSY``, ``DISK_FULL``); nothing of the unit is kept.
        """
        session = self._factory()
        attach(session, self.sync)
        try:
            with _as_problem(self.engine_path), _stale_as_refusal(), session.begin():
                yield session
        finally:
            session.close()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for queries: a plain (deferred) transaction that takes no write lock."""
        session = self._read_factory()
        try:
            with _as_problem(self.engine_path):
                yield session
        finally:
            session.close()

    @property
    def engine_path(self) -> Path:
        return paths.database_path(self.home)

    def audit(
        self, session: Session, action: str, entity: str, entity_id: str = "", details: str = ""
    ) -> None:
        """Record who did what, in the caller's transaction. Never pass a NIK or a name."""
        session.add(
            AuditEntry(
                at=self.now(),
                actor=self.actor,
                action=action,
                entity=entity,
                entity_id=entity_id,
                details=details,
            )
        )

    def close(self) -> None:
        self.engine.dispose()


def open_workspace(
    home: Path, *, clock: Clock = system_clock, actor: str | None = None
) -> Workspace:
    """Open (creating, checking and migrating as needed) the database under ``home``.

    Raises :class:`desktop.models.database.DatabaseProblem` when the file
    cannot be used; it is then left untouched.
    """
    path = paths.database_path(home)
    with _as_problem(path):
        home.mkdir(parents=True, exist_ok=True)
    opened = open_database(path, paths.backup_dir(home), now=clock())
    if opened.backup:
        log.info("database backed up before migration to %s", opened.backup)
    try:
        with _as_problem(path):
            device = _ensure_device(opened.engine, path, clock)
    except BaseException:
        opened.engine.dispose()
        raise
    context = SyncContext(
        office_id=device.office_id,
        device_id=device.id,
        clock=clock,
        hlc=Hlc.decode(device.hlc),
    )
    return Workspace(
        home=home,
        engine=opened.engine,
        sync=context,
        clock=clock,
        actor=actor or _default_actor(),
        backup=opened.backup,
    )


def _default_actor() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (services, some containers)
        return "petugas"


@contextmanager
def _stale_as_refusal() -> Iterator[None]:
    """The ORM's version check failing (a stale copy of a synced row) is a :class:`StaleRow`,
    like the triggers' refusals."""
    try:
        yield
    except StaleDataError as exc:
        raise StaleRow(str(exc)) from exc


@contextmanager
def _as_problem(path: Path) -> Iterator[None]:
    """Turn "database is locked" and "disk full" errors into :class:`DatabaseProblem`."""
    try:
        yield
    except (DBAPIError, sqlite3.Error, OSError) as exc:
        problem = problem_from_error(exc, path)
        if problem is None or problem is exc:
            raise
        raise problem from exc


def _ensure_device(engine: Engine, path: Path, clock: Clock) -> Device:
    """First start: make this PC's device id, a provisional office id and the catalogue.

    An ordinary start only reads (no write lock: another Sewaka busy writing does not
    block it). The office id is replaced by the server's when the PC is enrolled. A
    used database whose device row is missing is refused: a new office id and signing key
    are never made silently over an office's data.
    """
    reading = engine.execution_options(**{READ_ONLY_OPTION: True})
    with Session(reading) as session, session.begin():
        device = session.scalars(select(Device)).first()
        has_services = session.scalars(select(Service.id)).first() is not None
        stuck = session.scalars(select(SyncGuard.mode)).first()
        if device is not None:
            session.expunge(device)
    if stuck is not None:
        # Only ever set inside one transaction; if a bug ever committed it, every local
        # change would be marked as coming from the server and never sent. Clear it.
        log.warning("sync guard %r was left set: cleared", stuck)
        with Session(engine) as session, session.begin():
            session.execute(delete(SyncGuard))
    if device is not None and has_services:
        return device
    with Session(engine) as session, session.begin():
        device = session.scalars(select(Device)).first()
        if device is None:
            used = session.scalar(select(func.count()).select_from(ServiceRequest)) or (
                session.scalar(select(func.count()).select_from(OutboxEntry))
            )
            if used:
                raise DatabaseProblem(ProblemKind.DAMAGED, path, "device row missing")
            device = Device(
                id=str(uuid7()),
                office_id=str(uuid7()),
                name="",
                hlc=Hlc(0).encode(),
                created_at=clock(),
            )
            session.add(device)
        if session.scalars(select(Service.id)).first() is None:
            for position, definition in enumerate(DEFAULT_SERVICES):
                session.add(
                    Service(
                        id=str(uuid7()),
                        code=definition.code,
                        name=definition.name,
                        name_en=definition.name_en,
                        queue_prefix=definition.queue_prefix,
                        standard_days=definition.standard_days,
                        requirements=list(definition.requirements),
                        active=True,
                        position=position,
                    )
                )
        session.flush()
        session.expunge(device)
    return device
