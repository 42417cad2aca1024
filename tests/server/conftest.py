"""Fixtures of the server tests: every test that takes ``database`` (or ``client``) runs on
SQLite, and also on PostgreSQL when ``SEWAKA_TEST_PG_URL`` names one (``.ci/run`` sets it
when PostgreSQL answers on loopback).

From that URL the session makes its own database with a unique name, migrates it once, and
drops it at the end; between tests its tables are emptied and the catalogue seeded again.
SQLite tests each get a copy of a database migrated once per session.
"""

from __future__ import annotations

import os
import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from server_support import create_pg_database, drop_pg_database
from sqlalchemy import text

from server.app import create_app
from server.config import Settings
from server.db import Database, migrate, seed_catalogue

# Starlette suggests httpx2 for its test client; httpx is what the project installs.
warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
from fastapi.testclient import TestClient  # noqa: E402

PG_ENV = "SEWAKA_TEST_PG_URL"
BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get(PG_ENV) else [])
TABLES = ("feed", "record", "enrolment", "device", "service", "office")


def settings_for(url: str, **changes: object) -> Settings:
    """Settings for a test: generous rate limits unless a test asks for others."""
    values: dict[str, object] = {
        "database_url": url,
        "rate_per_second": 10_000.0,
        "rate_burst": 10_000,
        "statement_timeout_seconds": 20.0,
        "pool_size": 4,
        "pool_overflow": 8,
    }
    values.update(changes)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def pg_admin_url() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"{PG_ENV} is not set")
    return url


@pytest.fixture(scope="session")
def pg_database(pg_admin_url: str) -> Iterator[Database]:
    url = create_pg_database(pg_admin_url)
    database = Database(settings_for(url))
    try:
        migrate(database)
        yield database
    finally:
        database.dispose()
        drop_pg_database(pg_admin_url, url)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("server-template") / "server.sqlite3"
    database = Database(settings_for(f"sqlite:///{path}"))
    migrate(database)
    with database.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.dispose()
    return path


@pytest.fixture(params=BACKENDS)
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    if request.param == "postgresql":
        database: Database = request.getfixturevalue("pg_database")
        with database.engine.begin() as connection:
            connection.execute(text(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY"))
            seed_catalogue(connection)
        yield database
        return
    template: Path = request.getfixturevalue("sqlite_template")
    path = tmp_path / "server.sqlite3"
    shutil.copyfile(template, path)
    database = Database(settings_for(f"sqlite:///{path}"))
    yield database
    database.dispose()


@pytest.fixture
def app(database: Database) -> FastAPI:
    return create_app(database.settings, database)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client
