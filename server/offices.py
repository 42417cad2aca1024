"""Offices, enrolment and devices: who may push and pull, and for which office.

- :func:`create_office` (IT staff, ``sewaka server create-office``) makes an office, or finds
  it by code, and issues a one-time enrolment code for it.
- :func:`enrol` trades a code for a device token. One code binds one device; the same device
  retrying with the same code (its reply was lost) gets a fresh token and the old one stops
  working; any other device is refused.
- :func:`identify` turns a bearer token into the :class:`Caller` every other route scopes its
  work to; a revoked device is refused.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from dataclasses import dataclass

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop.domain.clock import DEFAULT_TIMEZONE
from desktop.domain.ids import uuid7
from server import security
from server.db import Database, now
from server.problems import ApiError, unauthorized
from server.tables import Device, Enrolment, Feed, Office
from sync import wire

LAST_SEEN_STEP = dt.timedelta(minutes=1)  # last_seen_at is written at most this often


@dataclass(frozen=True)
class Caller:
    """The device a request comes from, and the office it may read and write."""

    device_id: str
    office_id: str


@dataclass(frozen=True)
class IssuedCode:
    office_id: str
    office_code: str
    office_name: str
    enrolment_code: str
    expires_at: dt.datetime
    new_office: bool  # False: the office existed, this is another code for another PC
    renamed: bool  # the office existed under another name, now changed


@dataclass(frozen=True)
class DeviceInfo:
    device_id: str
    office_code: str
    name: str
    enrolled_at: dt.datetime
    last_seen_at: dt.datetime | None
    revoked_at: dt.datetime | None


class OfficeInputError(ValueError):
    """A code or name an office cannot have; ``field`` says which."""

    def __init__(self, field: str) -> None:
        super().__init__(field)
        self.field = field


def office_data(office: Office) -> dict[str, str]:
    return wire.OfficeData(office_id=office.id, code=office.code, name=office.name).model_dump()


def _add_office_feed(session: Session, office: Office, stamp: dt.datetime) -> None:
    session.execute(
        insert(Feed).values(
            office_id=office.id,
            kind=wire.ChangeKind.OFFICE.value,
            key=office.id,
            data=json.dumps(office_data(office), ensure_ascii=False, sort_keys=True),
            created_at=stamp,
        )
    )


def create_office(
    database: Database, code: str, name: str, timezone: str = DEFAULT_TIMEZONE, days: int = 14
) -> IssuedCode:
    """The office ``code`` (made if new, renamed if ``name`` differs) and a new enrolment
    code for it, usable for ``days`` days by one PC.

    Raises :class:`OfficeInputError` for a code or name the wire contract would not carry.
    """
    code = code.strip()
    name = " ".join(name.split())
    if not re.fullmatch(wire.OFFICE_CODE_PATTERN, code):
        raise OfficeInputError("code")
    if not name or len(name) > 120 or any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in name):
        raise OfficeInputError("name")
    from zoneinfo import available_timezones

    if timezone not in available_timezones():
        raise OfficeInputError("timezone")
    stamp = now()
    enrolment_code = security.new_enrolment_code()
    with database.writing() as session:
        office = session.execute(select(Office).where(Office.code == code)).scalar_one_or_none()
        new_office = office is None
        renamed = False
        if office is None:
            office = Office(
                id=str(uuid7()), code=code, name=name, timezone=timezone, created_at=stamp
            )
            session.add(office)
            session.flush()
            _add_office_feed(session, office, stamp)
        elif office.name != name:
            office.name = name
            renamed = True
            session.flush()
            _add_office_feed(session, office, stamp)
        expires = stamp + dt.timedelta(days=days)
        session.add(
            Enrolment(
                code_hash=security.digest(enrolment_code),
                office_id=office.id,
                created_at=stamp,
                expires_at=expires,
            )
        )
        return IssuedCode(
            office.id, office.code, office.name, enrolment_code, expires, new_office, renamed
        )


def enrol(database: Database, request: wire.EnrolRequest) -> wire.EnrolResponse:
    """A token for ``request.device_id``, bound to the code's office. See the module doc."""
    stamp = now()
    token = security.new_token()
    try:
        with database.writing() as session:
            office = _bind(session, request, security.digest(token), stamp)
            data = wire.OfficeData.model_validate(office_data(office))
    except IntegrityError:  # the same device enrolling with two codes at once
        raise ApiError(
            409, "enrolment_conflict", "Pendaftaran bersamaan untuk PC ini; coba lagi."
        ) from None
    return wire.EnrolResponse(
        office=data, device_id=request.device_id, token=token, server_time=now()
    )


def _bind(
    session: Session, request: wire.EnrolRequest, token_hash: str, stamp: dt.datetime
) -> Office:
    enrolment = session.execute(
        select(Enrolment)
        .where(Enrolment.code_hash == security.digest(request.code))
        .with_for_update()
    ).scalar_one_or_none()
    if enrolment is None:
        raise ApiError(404, "enrolment_code_unknown", "Kode pendaftaran tidak dikenal.")
    if enrolment.device_id is not None and enrolment.device_id != request.device_id:
        raise ApiError(
            409, "enrolment_code_used", "Kode pendaftaran ini sudah dipakai oleh PC lain."
        )
    if enrolment.expires_at <= stamp:
        raise ApiError(
            403, "enrolment_code_expired", "Kode pendaftaran sudah kedaluwarsa; minta kode baru."
        )
    device = session.get(Device, request.device_id, with_for_update=True)
    if device is not None and device.revoked_at is not None:
        raise ApiError(403, "device_revoked", "PC ini sudah dicabut aksesnya; hubungi TI.")
    if device is not None and device.office_id != enrolment.office_id:
        raise ApiError(409, "device_enrolled_elsewhere", "PC ini sudah terdaftar pada kantor lain.")
    if device is None:
        session.add(
            Device(
                id=request.device_id,
                office_id=enrolment.office_id,
                name=request.device_name,
                token_hash=token_hash,
                enrolled_at=stamp,
                last_seen_at=stamp,
            )
        )
    else:  # a retry after a lost reply, or the PC enrolled again with a new code
        device.token_hash = token_hash  # the token it may never have received stops working
        device.name = request.device_name or device.name
        device.last_seen_at = stamp
    enrolment.device_id = request.device_id
    enrolment.used_at = enrolment.used_at or stamp
    office = session.get(Office, enrolment.office_id)
    assert office is not None  # a foreign key
    session.flush()
    return office


def bearer_token(header: str | None) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header, else ``None``."""
    if not header:
        return None
    scheme, _, token = header.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or len(token) > 200:
        return None
    return token


def identify(database: Database, header: str | None) -> Caller:
    """The caller of a request with this ``Authorization`` header; raises a 401 ApiError."""
    token = bearer_token(header)
    if token is None:
        raise unauthorized("token_missing", "Token perangkat tidak ada.")
    token_hash = security.digest(token)
    with database.reading() as session:
        row = session.execute(
            select(Device.id, Device.office_id, Device.revoked_at, Device.last_seen_at).where(
                Device.token_hash == token_hash
            )
        ).one_or_none()
    if row is None:
        raise unauthorized("token_unknown", "Token perangkat tidak dikenal.")
    device_id, office_id, revoked_at, last_seen_at = row
    if revoked_at is not None:
        raise unauthorized("token_revoked", "Akses PC ini sudah dicabut; daftarkan ulang.")
    stamp = now()
    if last_seen_at is None or stamp - last_seen_at >= LAST_SEEN_STEP:
        with database.writing() as session:
            session.execute(update(Device).where(Device.id == device_id).values(last_seen_at=stamp))
    return Caller(device_id=device_id, office_id=office_id)


def list_devices(database: Database) -> list[DeviceInfo]:
    with database.reading() as session:
        rows = session.execute(
            select(
                Device.id,
                Office.code,
                Device.name,
                Device.enrolled_at,
                Device.last_seen_at,
                Device.revoked_at,
            )
            .join(Office, Office.id == Device.office_id)
            .order_by(Office.code, Device.enrolled_at, Device.id)
        ).all()
    return [DeviceInfo(*row) for row in rows]


def revoke_device(database: Database, device_id: str) -> bool | None:
    """Revoke a device: ``True`` now, ``False`` if it already was, ``None`` if unknown."""
    text = device_id.strip().lower()
    try:
        text = str(uuid.UUID(text))
    except ValueError:
        return None
    with database.writing() as session:
        device = session.get(Device, text)
        if device is None:
            return None
        if device.revoked_at is not None:
            return False
        device.revoked_at = now()
        return True


def find_office(database: Database, code: str) -> Office | None:
    with database.reading() as session:
        return session.execute(
            select(Office).where(Office.code == code.strip())
        ).scalar_one_or_none()
