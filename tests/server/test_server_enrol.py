"""Enrolment: one code, one PC; a lost reply is survivable; nobody else gets in with it."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient
from server_support import enrol, new_office, problem
from sqlalchemy import select, update

from desktop.domain.ids import uuid7
from server import offices, security
from server.db import Database
from server.tables import Device, Enrolment
from sync import wire


def pull(client: TestClient, token: str) -> int:
    answer = client.get(f"{wire.API_PREFIX}/pull", headers={"Authorization": f"Bearer {token}"})
    return answer.status_code


def test_a_code_gives_a_device_a_token_for_its_office(
    client: TestClient, database: Database
) -> None:
    issued = new_office(database, "3273050001", "Desa Sukamaju")
    device_id = str(uuid7())

    answer = enrol(client, issued.enrolment_code.lower(), device_id, "PC loket 1")

    assert answer.status_code == 200, answer.text
    data = wire.EnrolResponse.model_validate(answer.json())
    assert data.office.office_id == issued.office_id
    assert data.office.code == "3273050001" and data.office.name == "Desa Sukamaju"
    assert data.device_id == device_id
    assert pull(client, data.token) == 200
    with database.reading() as session:
        device = session.get(Device, device_id)
        codes = session.execute(select(Enrolment.code_hash)).scalars().all()
    assert device is not None and device.name == "PC loket 1"
    # Only hashes are kept: neither the token nor the code is anywhere in the database.
    assert device.token_hash == security.digest(data.token) != data.token
    assert codes == [security.digest(issued.enrolment_code)]


def test_a_retry_after_a_lost_reply_gets_a_fresh_token_and_the_lost_one_stops_working(
    client: TestClient, database: Database
) -> None:
    issued = new_office(database)
    device_id = str(uuid7())
    lost = enrol(client, issued.enrolment_code, device_id).json()["token"]

    retry = enrol(client, issued.enrolment_code, device_id)

    assert retry.status_code == 200
    token = retry.json()["token"]
    assert token != lost
    assert pull(client, token) == 200
    assert pull(client, lost) == 401
    with database.reading() as session:
        assert len(session.execute(select(Device)).all()) == 1


def test_a_replayed_code_from_another_device_is_refused(
    client: TestClient, database: Database
) -> None:
    issued = new_office(database)
    first = str(uuid7())
    assert enrol(client, issued.enrolment_code, first).status_code == 200

    replay = enrol(client, issued.enrolment_code, str(uuid7()))

    assert replay.status_code == 409
    assert problem(replay) == "enrolment_code_used"
    with database.reading() as session:
        assert session.execute(select(Device.id)).scalars().all() == [first]


def test_unknown_expired_and_malformed_codes_are_refused(
    client: TestClient, database: Database
) -> None:
    issued = new_office(database)
    with database.writing() as session:
        session.execute(
            update(Enrolment).values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1))
        )

    unknown = enrol(client, "AAAA-BBBB-CCCC-DDDD")
    expired = enrol(client, issued.enrolment_code)
    malformed = enrol(client, "not a code")

    assert (unknown.status_code, problem(unknown)) == (404, "enrolment_code_unknown")
    assert (expired.status_code, problem(expired)) == (403, "enrolment_code_expired")
    assert (malformed.status_code, problem(malformed)) == (422, "invalid_request")
    with database.reading() as session:
        assert session.execute(select(Device)).all() == []


def test_a_revoked_device_cannot_enrol_again_with_its_old_code(
    client: TestClient, database: Database
) -> None:
    issued = new_office(database)
    device_id = str(uuid7())
    assert enrol(client, issued.enrolment_code, device_id).status_code == 200
    assert offices.revoke_device(database, device_id) is True

    again = enrol(client, issued.enrolment_code, device_id)

    assert (again.status_code, problem(again)) == (403, "device_revoked")


def test_a_device_of_one_office_cannot_enrol_into_another(
    client: TestClient, database: Database
) -> None:
    first = new_office(database, "A1", "Desa A")
    second = new_office(database, "B1", "Desa B")
    device_id = str(uuid7())
    assert enrol(client, first.enrolment_code, device_id).status_code == 200

    moved = enrol(client, second.enrolment_code, device_id)

    assert (moved.status_code, problem(moved)) == (409, "device_enrolled_elsewhere")


def test_a_second_code_for_an_existing_office_enrols_a_second_pc(
    client: TestClient, database: Database
) -> None:
    first = new_office(database, "A1", "Desa A")
    second = new_office(database, "A1", "Desa A")

    assert not second.new_office and second.office_id == first.office_id
    assert second.enrolment_code != first.enrolment_code
    a = enrol(client, first.enrolment_code)
    b = enrol(client, second.enrolment_code)
    assert a.status_code == b.status_code == 200
    assert a.json()["office"] == b.json()["office"]
