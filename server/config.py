"""The server's settings, read once: from the command line, else the environment, else defaults.

The database is a PostgreSQL URL in production (``postgresql+psycopg://user@host/NAME``) and a
SQLite file in the data folder when nothing is said, so ``sewaka server run`` works with no
set-up. Every other knob has a safe default and an environment variable for operators.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from desktop import paths
from sync import wire

ENV_DATABASE_URL = "SEWAKA_SERVER_DATABASE_URL"
SQLITE_NAME = "server.sqlite3"

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8470


class SettingsError(ValueError):
    """An environment variable that does not hold what it must (its name is the message)."""


@dataclass(frozen=True)
class Settings:
    database_url: str
    # Limits (the wire contract's by default; tests may lower them).
    max_body_bytes: int = wire.MAX_BODY_BYTES
    max_inflated_bytes: int = wire.MAX_INFLATED_BYTES
    max_batch: int = wire.MAX_BATCH
    max_pull: int = wire.MAX_PULL
    # Per-device (and, for enrolment, per-address) token bucket: a steady rate and a burst.
    rate_per_second: float = 20.0
    rate_burst: int = 60
    # How long one SQL statement may run on PostgreSQL / wait for SQLite's write lock.
    statement_timeout_seconds: float = 30.0
    # Connections per server process (PostgreSQL): steady and extra under load.
    pool_size: int = 10
    pool_overflow: int = 30
    # How long a new enrolment code stays usable.
    enrolment_days: int = 14

    @property
    def is_postgresql(self) -> bool:
        return self.database_url.startswith("postgresql")


def default_database_url(home: Path | None = None) -> str:
    """A SQLite file ``server.sqlite3`` in the data folder (``SEWAKA_HOME`` overrides)."""
    folder = home if home is not None else paths.data_dir()
    return f"sqlite:///{folder / SQLITE_NAME}"


def _number(env: Mapping[str, str], name: str, default: float, kind: type) -> float:
    text = env.get(name)
    if text is None or not text.strip():
        return default
    try:
        value = kind(text.strip())
    except ValueError:
        raise SettingsError(name) from None
    if value <= 0:
        raise SettingsError(name)
    return float(value)


def load_settings(
    database_url: str | None = None,
    env: Mapping[str, str] | None = None,
    home: Path | None = None,
) -> Settings:
    """``--database-url`` wins, then ``SEWAKA_SERVER_DATABASE_URL``, then the SQLite default.

    Raises :class:`SettingsError` naming a variable that holds no positive number.
    """
    env = os.environ if env is None else env
    url = database_url or env.get(ENV_DATABASE_URL) or default_database_url(home)
    return Settings(
        database_url=url,
        rate_per_second=_number(env, "SEWAKA_SERVER_RATE", 20.0, float),
        rate_burst=int(_number(env, "SEWAKA_SERVER_BURST", 60, int)),
        statement_timeout_seconds=_number(env, "SEWAKA_SERVER_STATEMENT_TIMEOUT", 30.0, float),
        pool_size=int(_number(env, "SEWAKA_SERVER_POOL_SIZE", 10, int)),
        pool_overflow=int(_number(env, "SEWAKA_SERVER_POOL_OVERFLOW", 30, int)),
        enrolment_days=int(_number(env, "SEWAKA_SERVER_ENROLMENT_DAYS", 14, int)),
    )
