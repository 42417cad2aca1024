"""The database: engine, sessions, migrations and the catalogue seed.

PostgreSQL in production (psycopg 3), SQLite as the embedded default. On SQLite the server
uses WAL and a busy timeout; a transaction that writes starts with ``BEGIN IMMEDIATE`` so two
writers wait for each other instead of failing half-way. On PostgreSQL every connection has a
``statement_timeout``, and migrations run under an advisory lock, so several instances that
start at once migrate the schema exactly once.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, func, insert, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from server.config import Settings
from server.tables import Feed, Service

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# pg_advisory_xact_lock key: "SEWAKA" in ASCII, so another program's lock never collides.
MIGRATION_LOCK = 0x534557414B41
_WRITE = "sewaka_write"


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def make_engine(settings: Settings) -> Engine:
    url = make_url(settings.database_url)
    timeout = settings.statement_timeout_seconds
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"timeout": timeout, "check_same_thread": False},
            pool_size=settings.pool_size,
            max_overflow=settings.pool_overflow,
        )
        _sqlite_transactions(engine)
        return engine
    if url.get_backend_name() != "postgresql":
        raise ValueError("the server runs on PostgreSQL or SQLite")
    millis = int(timeout * 1000)
    return create_engine(
        url,
        connect_args={
            "options": f"-c statement_timeout={millis} -c lock_timeout={millis}",
            "connect_timeout": max(1, int(timeout)),
            "application_name": "sewaka-server",
        },
        pool_size=settings.pool_size,
        max_overflow=settings.pool_overflow,
        pool_timeout=timeout,
        pool_pre_ping=True,
    )


def _sqlite_transactions(engine: Engine) -> None:
    """pysqlite's own transaction handling off; BEGIN or BEGIN IMMEDIATE by SQLAlchemy."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        write = connection.get_execution_options().get(_WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


class Database:
    """One engine and the sessions made on it: ``reading()`` and ``writing()``."""

    def __init__(self, settings: Settings, engine: Engine | None = None) -> None:
        self.settings = settings
        self.engine = engine or make_engine(settings)
        self.is_postgresql = self.engine.dialect.name == "postgresql"
        self._reader = sessionmaker(self.engine, expire_on_commit=False)
        self._writer = sessionmaker(
            self.engine.execution_options(**{_WRITE: True}), expire_on_commit=False
        )

    def session(self, *, write: bool = False) -> Session:
        return (self._writer if write else self._reader)()

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A session whose work is committed at the end (rolled back on an exception)."""
        with self.session(write=True) as session, session.begin():
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self.session() as session, session.begin():
            yield session

    def ping(self) -> None:
        with self.engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    def dispose(self) -> None:
        self.engine.dispose()


def alembic_config() -> Any:
    from alembic.config import Config  # Alembic is slow to import: only when migrating

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def migrate(database: Database) -> None:
    """Bring the schema to the newest revision and seed the catalogue on a new database.

    Safe when several instances start at once: on PostgreSQL the first takes an advisory
    lock and the others wait for it, then find nothing left to do; on SQLite the migration's
    ``BEGIN IMMEDIATE`` does the same.
    """
    from alembic import command

    config = alembic_config()
    with database.engine.execution_options(**{_WRITE: True}).begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(select(func.pg_advisory_xact_lock(MIGRATION_LOCK)))
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        seed_catalogue(connection)


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def seed_catalogue(connection: Connection) -> int:
    """On a database with no catalogue: the desktop's default services, and their feed rows.

    Returns how many services were added (0 when the catalogue already has entries: an
    operator's deletions are never undone).
    """
    from desktop.domain.catalogue import DEFAULT_SERVICES

    if connection.execute(select(func.count()).select_from(Service)).scalar_one():
        return 0
    rows = [
        {
            "code": service.code,
            "name": service.name,
            "name_en": service.name_en,
            "queue_prefix": service.queue_prefix,
            "standard_days": service.standard_days,
            "requirements": json.dumps(list(service.requirements), ensure_ascii=False),
            "active": True,
            "position": position,
        }
        for position, service in enumerate(DEFAULT_SERVICES)
    ]
    connection.execute(insert(Service), rows)
    stamp = now()
    connection.execute(
        insert(Feed),
        [
            {
                "office_id": None,
                "kind": "service",
                "key": row["code"],
                "data": json.dumps(service_data(row), ensure_ascii=False, sort_keys=True),
                "created_at": stamp,
            }
            for row in rows
        ],
    )
    return len(rows)


def service_data(row: dict[str, Any]) -> dict[str, Any]:
    """A catalogue row as :class:`sync.wire.ServiceData` carries it."""
    requirements = row["requirements"]
    if isinstance(requirements, str):
        requirements = json.loads(requirements)
    return {
        "code": row["code"],
        "name": row["name"],
        "name_en": row["name_en"],
        "queue_prefix": row["queue_prefix"],
        "standard_days": row["standard_days"],
        "requirements": json.loads(requirements)
        if isinstance(requirements, str)
        else list(requirements),
        "active": bool(row["active"]),
        "position": row["position"],
    }
