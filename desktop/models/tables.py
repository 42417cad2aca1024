"""SQLAlchemy models of the local database.

Rows that leave the PC (``Synced`` subclasses) carry a UUIDv7 made on the
device, the office and device ids, created/updated timestamps, a version and
a hybrid-logical-clock stamp. Those columns are filled by the outbox hook in
:mod:`desktop.models.outbox`; SQLite triggers (:mod:`desktop.models.triggers`)
write the outbox entry of every insert, update and delete in the same statement,
so no synced change can be stored without it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[dt.datetime]):
    """Stores aware datetimes as UTC text; refuses naive ones (a classic sync bug)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UtcDateTime column")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        assert isinstance(value, dt.datetime)
        return value.replace(tzinfo=dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Synced(Base):
    """A row that is sent to the central server.

    ``version`` is also the ORM's optimistic version: an UPDATE or DELETE only matches the
    version the session read, so a stale copy raises ``StaleDataError`` instead of winning
    (the outbox hook sets the next version itself: no generator).
    """

    __abstract__ = True

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    office_id: Mapped[str] = mapped_column(String(36))
    device_id: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer)
    hlc: Mapped[str] = mapped_column(String(21))

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.version, "version_id_generator": False}


class Device(Base):
    """This PC: one row, made on first start."""

    __tablename__ = "device"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    office_id: Mapped[str] = mapped_column(String(36))
    name: Mapped[str] = mapped_column(String(100))
    hlc: Mapped[str] = mapped_column(String(21))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class Setting(Base):
    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Service(Base):
    """An entry of the service catalogue."""

    __tablename__ = "service"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    queue_prefix: Mapped[str] = mapped_column(String(3), unique=True)
    standard_days: Mapped[int] = mapped_column(Integer)
    requirements: Mapped[list[str]] = mapped_column(JSON)
    active: Mapped[bool] = mapped_column(default=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class Person(Synced):
    """Someone who came to the counter, remembered by NIK to fill the form next time."""

    __tablename__ = "person"

    nik: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    sex: Mapped[str] = mapped_column(String(1))
    birth_date: Mapped[dt.date] = mapped_column(Date)
    address: Mapped[str] = mapped_column(String(200))
    rt: Mapped[str] = mapped_column(String(3))
    rw: Mapped[str] = mapped_column(String(3))
    hamlet: Mapped[str] = mapped_column(String(60))
    phone: Mapped[str] = mapped_column(String(15))


class ServiceRequest(Synced):
    """A walk-in request (permohonan layanan)."""

    __tablename__ = "service_request"
    __table_args__ = (
        UniqueConstraint("service_id", "queue_day", "queue_seq"),
        Index(None, "created_at"),
        Index(None, "queue_day", "service_id", "status", "created_at"),
        Index(None, "status", "created_at"),
        Index(None, "nik"),
        Index(None, "queue_number"),  # "D-001" / "d1" as residents say it (0003)
    )

    tracking_code: Mapped[str] = mapped_column(String(11), unique=True)
    service_id: Mapped[str] = mapped_column(ForeignKey("service.id"))
    person_id: Mapped[str] = mapped_column(ForeignKey("person.id"))
    queue_day: Mapped[dt.date] = mapped_column(Date)
    queue_seq: Mapped[int] = mapped_column(Integer)
    queue_number: Mapped[str] = mapped_column(String(12))
    # The applicant as they were when the request was made (the letter uses this).
    nik: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(100))
    documents: Mapped[list[str]] = mapped_column(JSON)
    notes: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12))
    expected_date: Mapped[dt.date] = mapped_column(Date)
    # Why the clerk saved a birth date or sex that disagrees with the NIK ('' when they agree).
    identity_override: Mapped[str] = mapped_column(Text, default="", server_default="")


class StatusChange(Synced):
    """One step of a request's life; append-only, periods are computed from these."""

    __tablename__ = "status_change"
    __table_args__ = (Index(None, "request_id", "at"),)

    request_id: Mapped[str] = mapped_column(ForeignKey("service_request.id"))
    from_status: Mapped[str | None] = mapped_column(String(12))
    to_status: Mapped[str] = mapped_column(String(12))
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    actor: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(Text, default="")
    # On picked_up: who collected the document when it was not the applicant ('' otherwise).
    collected_by: Mapped[str] = mapped_column(String(100), default="", server_default="")


class RequestCorrection(Synced):
    """A correction of a saved request: which fields changed, why and by whom.

    The corrected values themselves are the new version of the request (and person) rows;
    this row is what the history shows and what tells the server a correction happened.
    """

    __tablename__ = "request_correction"
    __table_args__ = (Index(None, "request_id", "at"),)

    request_id: Mapped[str] = mapped_column(ForeignKey("service_request.id"))
    fields: Mapped[list[str]] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    actor: Mapped[str] = mapped_column(String(100))
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class QueueCounter(Base):
    """The last queue number given for a service on an office day."""

    __tablename__ = "queue_counter"

    service_id: Mapped[str] = mapped_column(ForeignKey("service.id"), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer)


class OutboxEntry(Base):
    """A change waiting to be sent to the central server (transactional outbox)."""

    __tablename__ = "outbox"
    __table_args__ = (
        UniqueConstraint("entity", "entity_id", "version"),
        Index(None, "state", "seq"),
    )

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(36))
    version: Mapped[int] = mapped_column(Integer)
    operation: Mapped[str] = mapped_column(String(10))  # insert | update | delete
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    hlc: Mapped[str] = mapped_column(String(21))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    # desktop.models.triggers.OutboxState: pending, confirmed, quarantined, applied
    state: Mapped[str] = mapped_column(String(12), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)  # also why an entry is quarantined
    # sha256 of the payload's canonical JSON (desktop.models.outbox.payload_checksum): damage
    # inside the file that integrity_check cannot see is found before anything is sent.
    # NULL only for an entry whose payload was already unreadable when 0004 added the column.
    checksum: Mapped[str | None] = mapped_column(String(64))


class AuditEntry(Base):
    """Who did what and when. Never holds a full NIK or health data."""

    __tablename__ = "audit_log"
    __table_args__ = (Index(None, "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(36))
    details: Mapped[str] = mapped_column(Text, default="")


class Tombstone(Base):
    """A synced row that was deleted: written by the delete trigger, counted by
    reconciliation with its version (the version of its ``delete`` outbox entry)."""

    __tablename__ = "tombstone"

    entity: Mapped[str] = mapped_column(String(40), primary_key=True)
    entity_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    office_id: Mapped[str] = mapped_column(String(36))
    device_id: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)  # the row's
    deleted_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)  # the PC's time of the delete
    hlc: Mapped[str] = mapped_column(String(21))


class SyncState(Base):
    """What the sync engine remembers: server_url, device_token, office_code, office_name,
    pull_cursor, last_confirmed_at... (one text value per key)."""

    __tablename__ = "sync_state"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class SyncGuard(Base):
    """Empty, or one row for the length of one transaction (never committed): rows from the
    server being applied (``apply``) or the office id being re-stamped (``restamp``). Set it
    only through :func:`desktop.models.outbox.applying_server_rows` and
    :func:`desktop.models.outbox.restamp_office`."""

    __tablename__ = "sync_guard"
    __table_args__ = (CheckConstraint("mode IN ('apply', 'restamp')", name="mode"),)

    mode: Mapped[str] = mapped_column(String(10), primary_key=True)
