"""Several versions of one row in one push: every version is recorded, and the server's
current view holds the newest (on SQLite and, with SEWAKA_TEST_PG_URL, on PostgreSQL, where
the records and the current view are written by one statement)."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from server_support import Device, enrolled, outcomes, push
from sqlalchemy import func, select

from server.db import Database
from server.tables import Current, Record

ACCEPTED = ("accepted", None)


@pytest.fixture
def device(client: TestClient, database: Database) -> Device:
    return enrolled(client, database, "V1", "Desa Versi")


def test_one_batch_with_a_rows_versions_and_its_tombstone(
    client: TestClient, database: Database, device: Device
) -> None:
    v1 = device.person(name="Satu")
    v2 = device.person(row_id=v1.entity_id, name="Dua")
    v3 = device.tombstone(v2)
    other = device.person(name="Lain")

    answer = push(client, device, [v1, other, v2, v3])

    assert outcomes(answer) == [ACCEPTED] * 4
    with database.reading() as session:
        gone = session.get(Current, ("person", v1.entity_id))
        kept = session.get(Current, ("person", other.entity_id))
        records = session.execute(select(func.count()).select_from(Record)).scalar_one()
    assert gone is not None and (gone.version, gone.deleted) == (3, True)
    assert kept is not None and (kept.version, kept.deleted) == (1, False)
    assert json.loads(kept.payload)["name"] == "Lain"
    assert records == 4


def test_a_batch_mixing_held_and_new_versions_moves_current_to_the_newest(
    client: TestClient, database: Database, device: Device
) -> None:
    v1 = device.person(name="Satu")
    v2 = device.person(row_id=v1.entity_id, name="Dua")
    assert outcomes(push(client, device, [v1])) == [ACCEPTED]

    answer = push(client, device, [v1, v2])

    assert outcomes(answer) == [("duplicate", None), ACCEPTED]
    with database.reading() as session:
        held = session.get(Current, ("person", v1.entity_id))
    assert held is not None and held.version == 2
    assert json.loads(held.payload)["name"] == "Dua"
