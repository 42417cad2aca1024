"""The central server's tables (SQLAlchemy 2). The wire schemas are in :mod:`sync.wire`.

- ``office``: the offices IT staff created; ``enrolment``: one-time codes (hashes only);
  ``device``: enrolled PCs (token hashes only).
- ``record``: every version of every row any device pushed, keyed by (entity, entity id,
  version), the idempotency key. ``payload`` is the entry's canonical JSON text, exactly the
  bytes :func:`sync.wire.payload_hash` covers (``payload_hash`` beside it).
- ``current``: the newest version of each row (a view over ``record``, migration s0002);
  exports, reconciliation and central status changes read it. A push writes ``record`` only.
- ``service``: the catalogue, keyed by the code every PC shares (SKD, SKTM...).
- ``feed``: what devices pull, in order. On PostgreSQL ``txid`` is the writing transaction's
  id (a column default), so a pull never hands out a row before every older writer ended.

Times are stored as UTC and read back aware (SQLite keeps no zone of its own).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[dt.datetime]):
    """An aware UTC time in, an aware UTC time out, on PostgreSQL and SQLite alike."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("a naive datetime cannot be stored")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if isinstance(value, str):
            value = dt.datetime.fromisoformat(value)
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


# A 64-bit sequence that is SQLite's rowid there (so it autoincrements on both).
Sequence64 = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Office(Base):
    __tablename__ = "office"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Jakarta")
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class Enrolment(Base):
    __tablename__ = "enrolment"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    office_id: Mapped[str] = mapped_column(ForeignKey("office.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    device_id: Mapped[str | None] = mapped_column(String(36))
    used_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())


class Device(Base):
    __tablename__ = "device"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # the PC's own device id
    office_id: Mapped[str] = mapped_column(ForeignKey("office.id"), index=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    enrolled_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    last_seen_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())


class Record(Base):
    __tablename__ = "record"
    # Reconciliation reads one device's rows, an export one office's.
    __table_args__ = (Index(None, "office_id", "device_id", "day"),)

    entity: Mapped[str] = mapped_column(String(24), primary_key=True)
    entity_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    office_id: Mapped[str] = mapped_column(String(36))
    device_id: Mapped[str] = mapped_column(String(36))
    operation: Mapped[str] = mapped_column(String(8))
    payload: Mapped[str] = mapped_column(Text)
    payload_hash: Mapped[str] = mapped_column(String(64))
    hlc: Mapped[str] = mapped_column(String(21))
    day: Mapped[dt.date] = mapped_column(Date)
    received_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class _View(DeclarativeBase):
    """Views: read like tables, made by the migrations, outside ``Base.metadata`` (which
    holds the tables the migrations must match)."""

    metadata = MetaData(naming_convention=NAMING)


class Current(_View):
    """The newest version of each row, tombstones included (``deleted``): the view
    ``current`` over ``record``. Read-only."""

    __tablename__ = "current"

    entity: Mapped[str] = mapped_column(String(24), primary_key=True)
    entity_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    office_id: Mapped[str] = mapped_column(String(36))
    device_id: Mapped[str] = mapped_column(String(36))
    version: Mapped[int] = mapped_column(BigInteger)
    day: Mapped[dt.date] = mapped_column(Date)
    deleted: Mapped[bool] = mapped_column(Boolean)
    payload: Mapped[str] = mapped_column(Text)
    received_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class Service(Base):
    __tablename__ = "service"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120), default="")
    queue_prefix: Mapped[str] = mapped_column(String(3))
    standard_days: Mapped[int] = mapped_column(Integer)
    requirements: Mapped[str] = mapped_column(Text, default="[]")  # a JSON list of lines
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class Feed(Base):
    __tablename__ = "feed"
    __table_args__ = (
        Index("ix_feed_txid_seq", "txid", "seq"),
        {"sqlite_autoincrement": True},
    )

    seq: Mapped[int] = mapped_column(Sequence64, primary_key=True, autoincrement=True)
    # PostgreSQL: the writing transaction (server default pg_current_xact_id()); SQLite: NULL.
    txid: Mapped[int | None] = mapped_column(BigInteger)
    office_id: Mapped[str | None] = mapped_column(String(36))  # NULL: every office
    kind: Mapped[str] = mapped_column(String(20))
    key: Mapped[str] = mapped_column(String(64))
    data: Mapped[str] = mapped_column(Text)  # JSON object
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
