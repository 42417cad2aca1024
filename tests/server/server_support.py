"""Helpers of the server tests: wire entries as a device makes them, and enrolled devices.

Entries are built the way the desktop's outbox builds them (full row snapshots, aware
times, an HLC, a valid NIK), so what the server accepts here it accepts from a real PC.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import make_url

from desktop.domain import nik as nik_rules
from desktop.domain.clock import Hlc
from desktop.domain.ids import new_tracking_code, uuid7
from server import offices
from server.db import Database
from sync import wire

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

START = dt.datetime(2026, 11, 2, 1, 30, tzinfo=dt.UTC)  # 08:30 WIB on a Monday


def a_nik(serial: int = 1, female: bool = False) -> str:
    sex = nik_rules.Sex.FEMALE if female else nik_rules.Sex.MALE
    return nik_rules.compose("327305", dt.date(1990, 5, 17), sex, serial)


@dataclass
class Device:
    """An enrolled device as the tests drive it: its ids, token and a clock of its own."""

    office_id: str
    device_id: str
    token: str
    office_code: str = ""
    clock: dt.datetime = START
    counter: int = 0
    versions: dict[str, int] = field(default_factory=dict)

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def _tick(self, seconds: float = 1.0) -> tuple[str, str]:
        self.clock += dt.timedelta(seconds=seconds)
        self.counter += 1
        hlc = Hlc(int(self.clock.timestamp() * 1000), self.counter % 1000).encode()
        return self.clock.isoformat(), hlc

    def row(
        self,
        entity: wire.Entity,
        fields: dict[str, Any],
        row_id: str | None = None,
        *,
        created_at: str | None = None,
    ) -> wire.Entry:
        """The next version of row ``row_id`` (a new row if ``None``) with ``fields``."""
        row_id = row_id or str(uuid7())
        version = self.versions.get(row_id, 0) + 1
        self.versions[row_id] = version
        stamp, hlc = self._tick()
        payload = {
            "id": row_id,
            "office_id": self.office_id,
            "device_id": self.device_id,
            "created_at": created_at or stamp,
            "updated_at": stamp,
            "version": version,
            "hlc": hlc,
            **fields,
        }
        operation = wire.Operation.INSERT if version == 1 else wire.Operation.UPDATE
        return wire.Entry(
            entity=entity,
            entity_id=row_id,
            version=version,
            operation=operation,
            hlc=hlc,
            payload=payload,
        )

    def person(self, serial: int = 1, row_id: str | None = None, **changes: Any) -> wire.Entry:
        fields = {
            "nik": a_nik(serial),
            "name": "Budi Santoso",
            "sex": "M",
            "birth_date": "1990-05-17",
            "address": "Jl. Merdeka 1",
            "rt": "001",
            "rw": "002",
            "hamlet": "",
            "phone": "081234567890",
        }
        return self.row(wire.Entity.PERSON, {**fields, **changes}, row_id)

    def request(
        self, person: wire.Entry, row_id: str | None = None, seq: int = 1, **changes: Any
    ) -> wire.Entry:
        fields = {
            "tracking_code": new_tracking_code(),
            "service_id": str(uuid.uuid4()),
            "service_code": "SKD",
            "person_id": person.entity_id,
            "queue_day": self.clock.date().isoformat(),
            "queue_seq": seq,
            "queue_number": f"A-{seq:03d}",
            "nik": person.payload["nik"],
            "name": person.payload["name"],
            "documents": ["Surat pengantar RT/RW"],
            "notes": "",
            "status": "waiting",
            "expected_date": (self.clock.date() + dt.timedelta(days=1)).isoformat(),
            "identity_override": "",
        }
        return self.row(wire.Entity.SERVICE_REQUEST, {**fields, **changes}, row_id)

    def status_change(
        self, request: wire.Entry, to_status: str = "called", from_status: str | None = "waiting"
    ) -> wire.Entry:
        stamp = (self.clock + dt.timedelta(seconds=1)).isoformat()
        return self.row(
            wire.Entity.STATUS_CHANGE,
            {
                "request_id": request.entity_id,
                "from_status": from_status,
                "to_status": to_status,
                "at": stamp,
                "actor": "petugas",
                "reason": "",
                "collected_by": "",
            },
        )

    def tombstone(self, entry: wire.Entry) -> wire.Entry:
        version = self.versions[entry.entity_id] + 1
        self.versions[entry.entity_id] = version
        stamp, hlc = self._tick()
        payload = {
            "id": entry.entity_id,
            "office_id": self.office_id,
            "device_id": self.device_id,
            "created_at": entry.payload["created_at"],
            "updated_at": stamp,
            "version": version,
            "hlc": hlc,
            "deleted": True,
        }
        return wire.Entry(
            entity=entry.entity,
            entity_id=entry.entity_id,
            version=version,
            operation=wire.Operation.DELETE,
            hlc=hlc,
            payload=payload,
        )


def body(entries: list[wire.Entry]) -> bytes:
    return wire.PushRequest(entries=entries).model_dump_json().encode()


def push(
    client: TestClient, device: Device, entries: list[wire.Entry], *, compress: bool = False
) -> Any:
    """POST the entries; returns the httpx response."""
    data = body(entries)
    headers = {**device.headers, "Content-Type": "application/json"}
    if compress:
        data = gzip.compress(data)
        headers["Content-Encoding"] = "gzip"
    return client.post(f"{wire.API_PREFIX}/push", content=data, headers=headers)


def outcomes(response: Any) -> list[tuple[str, str | None]]:
    assert response.status_code == 200, response.text
    return [(r["outcome"], r["reason"]) for r in response.json()["results"]]


def new_office(
    database: Database,
    code: str = "3273050001",
    name: str = "Desa Sukamaju",
) -> offices.IssuedCode:
    return offices.create_office(database, code, name)


def enrol(
    client: TestClient, code: str, device_id: str | None = None, name: str = "PC loket"
) -> Any:
    return client.post(
        f"{wire.API_PREFIX}/enrol",
        json={"code": code, "device_id": device_id or str(uuid7()), "device_name": name},
    )


def enrolled(
    client: TestClient, database: Database, code: str = "3273050001", name: str = "Desa Sukamaju"
) -> Device:
    issued = offices.create_office(database, code, name)
    device_id = str(uuid7())
    answer = enrol(client, issued.enrolment_code, device_id)
    assert answer.status_code == 200, answer.text
    data = answer.json()
    return Device(
        office_id=data["office"]["office_id"],
        device_id=device_id,
        token=data["token"],
        office_code=code,
    )


def problem(response: Any) -> str:
    """The Problem code of an error answer (and a check that it is one)."""
    data = response.json()
    wire.Problem.model_validate(data)
    return str(data["code"])


def dumps(value: Any) -> bytes:
    return json.dumps(value).encode()


def create_pg_database(admin_url: str, prefix: str = "sewaka_test") -> str:
    """A new empty database next to ``admin_url``'s; returns its URL."""
    import psycopg

    base = make_url(admin_url)
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    plain = base.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(plain, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return base.set(database=name).render_as_string(hide_password=False)


def drop_pg_database(admin_url: str, url: str) -> None:
    import psycopg

    name = make_url(url).database
    plain = make_url(admin_url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(plain, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
