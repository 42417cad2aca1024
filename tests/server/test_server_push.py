"""Push: every entry judged on its own, stored once, and nothing stored that is not the
caller's own; bad bodies answered 4xx with a Problem, never 5xx."""

from __future__ import annotations

import dataclasses
import gzip
import json
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from server_support import Device, body, enrolled, outcomes, problem, push
from sqlalchemy import func, select

from server import ingest
from server.app import create_app
from server.db import Database
from server.tables import Current, Record
from sync import wire

ACCEPTED = ("accepted", None)
DUPLICATE = ("duplicate", None)
PUSH = f"{wire.API_PREFIX}/push"


def counts(database: Database) -> tuple[int, int]:
    with database.reading() as session:
        records = session.execute(select(func.count()).select_from(Record)).scalar_one()
        current = session.execute(select(func.count()).select_from(Current)).scalar_one()
    return records, current


@pytest.fixture
def device(client: TestClient, database: Database) -> Device:
    return enrolled(client, database)


@pytest.fixture
def small_limits(database: Database) -> Iterator[TestClient]:
    """An app whose body limits are small enough to test quickly."""
    settings = dataclasses.replace(
        database.settings, max_body_bytes=64 * 1024, max_inflated_bytes=256 * 1024, max_batch=3
    )
    with TestClient(create_app(settings, database)) as test_client:
        yield test_client


def test_a_batch_is_accepted_and_held_exactly_as_sent(
    client: TestClient, database: Database, device: Device
) -> None:
    person = device.person()
    request = device.request(person)
    change = device.status_change(request)

    answer = push(client, device, [person, request, change])

    assert outcomes(answer) == [ACCEPTED] * 3
    data = wire.PushResponse.model_validate(answer.json())
    assert [r.entity_id for r in data.results] == [
        person.entity_id,
        request.entity_id,
        change.entity_id,
    ]
    assert wire.SERVER_TIME_HEADER.lower() in answer.headers
    with database.reading() as session:
        stored = session.get(Record, ("person", person.entity_id, 1))
        held = session.get(Current, ("service_request", request.entity_id))
    assert stored is not None and held is not None
    assert json.loads(stored.payload) == person.payload
    assert stored.payload_hash == wire.payload_hash(person)
    assert (stored.office_id, stored.device_id) == (device.office_id, device.device_id)
    assert stored.day == wire.row_day(person.payload["created_at"])
    assert (held.version, held.deleted, json.loads(held.payload)) == (1, False, request.payload)


def test_values_that_hold_the_column_separator_are_sent_as_arrays_and_kept_whole(
    client: TestClient, database: Database, device: Device, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL gets each column as one text split on a separator no value can hold; a
    batch where one did (a comma here, standing in for it) goes as arrays instead."""
    monkeypatch.setattr(ingest, "SEPARATOR", ",")
    person = device.person()
    request = device.request(person)

    answer = push(client, device, [person, request])

    assert outcomes(answer) == [ACCEPTED] * 2
    with database.reading() as session:
        stored = session.get(Record, ("person", person.entity_id, 1))
        held = session.get(Current, ("service_request", request.entity_id))
    assert stored is not None and held is not None
    assert json.loads(stored.payload) == person.payload
    assert json.loads(held.payload) == request.payload


def test_the_same_batch_twice_is_all_duplicates_and_nothing_doubles(
    client: TestClient, database: Database, device: Device
) -> None:
    person = device.person()
    batch = [person, device.request(person), device.person(serial=2)]
    assert outcomes(push(client, device, batch)) == [ACCEPTED] * 3
    before = counts(database)

    again = push(client, device, batch, compress=True)

    assert outcomes(again) == [DUPLICATE] * 3
    assert counts(database) == before == (3, 3)


def test_same_key_with_other_content_is_a_conflict_and_the_first_stays(
    client: TestClient, database: Database, device: Device
) -> None:
    person = device.person(name="Budi")
    assert outcomes(push(client, device, [person])) == [ACCEPTED]
    changed = person.model_copy(update={"payload": {**person.payload, "name": "Bukan Budi"}})

    answer = push(client, device, [changed])

    assert outcomes(answer) == [("rejected", "conflict")]
    with database.reading() as session:
        stored = session.get(Record, ("person", person.entity_id, 1))
    assert stored is not None and json.loads(stored.payload)["name"] == "Budi"


def test_one_bad_entry_does_not_block_the_rest_and_says_why(
    client: TestClient, database: Database, device: Device
) -> None:
    good = device.person(serial=1)
    bad_nik = device.person(serial=2, nik="3273051705900000")  # serial 0000: not a NIK
    control = device.person(serial=3, name="Budi\x07")
    mismatch = device.person(serial=4)
    mismatch = mismatch.model_copy(update={"version": 2})
    unknown = device.request(good, service_code="NOPE")

    answer = push(client, device, [good, bad_nik, control, mismatch, unknown])

    assert outcomes(answer) == [
        ACCEPTED,
        ("rejected", "invalid"),
        ("rejected", "invalid"),
        ("rejected", "mismatch"),
        ("rejected", "unknown_service"),
    ]
    results = answer.json()["results"]
    assert results[1]["detail"].startswith("nik")
    assert results[2]["detail"].startswith("name")
    assert bad_nik.payload["nik"] not in answer.text  # the reason never repeats the value
    assert counts(database) == (1, 1)


def test_rows_of_another_office_or_device_are_rejected_and_nothing_is_stored(
    client: TestClient, database: Database
) -> None:
    office_a = enrolled(client, database, "A1", "Desa A")
    office_b = enrolled(client, database, "B1", "Desa B")
    forged = office_b.person()  # office B's row...
    other_pc = dataclasses.replace(office_a, device_id=office_b.device_id, versions={})
    foreign_device = other_pc.person()  # ...and a row naming another PC

    answer = push(client, office_a, [forged, foreign_device])  # ...sent with A's token

    assert outcomes(answer) == [("rejected", "wrong_office"), ("rejected", "wrong_device")]
    assert counts(database) == (0, 0)


def test_a_row_another_device_holds_cannot_be_taken_over(
    client: TestClient, database: Database
) -> None:
    office_a = enrolled(client, database, "A1", "Desa A")
    office_b = enrolled(client, database, "B1", "Desa B")
    original = office_b.person(name="Siti")
    assert outcomes(push(client, office_b, [original])) == [ACCEPTED]
    office_a.versions[original.entity_id] = 1
    takeover = office_a.person(row_id=original.entity_id, name="Bukan Siti")  # version 2

    answer = push(client, office_a, [takeover, office_a.tombstone(takeover)])

    assert outcomes(answer) == [("rejected", "conflict")] * 2
    with database.reading() as session:
        held = session.get(Current, ("person", original.entity_id))
    assert held is not None and json.loads(held.payload)["name"] == "Siti"
    assert counts(database) == (1, 1)


def test_current_keeps_the_newest_version_and_tombstones_count(
    client: TestClient, database: Database, device: Device
) -> None:
    v1 = device.person(name="Satu")
    v2 = device.person(row_id=v1.entity_id, name="Dua")
    v3 = device.tombstone(v2)
    assert outcomes(push(client, device, [v2])) == [ACCEPTED]

    late = push(client, device, [v1])  # an older version arriving late
    with database.reading() as session:
        after_late = session.get(Current, ("person", v1.entity_id))
        assert after_late is not None
        late_state = (after_late.version, json.loads(after_late.payload)["name"])
    gone = push(client, device, [v3])

    assert outcomes(late) == outcomes(gone) == [ACCEPTED]
    assert late_state == (2, "Dua")
    with database.reading() as session:
        held = session.get(Current, ("person", v1.entity_id))
    assert held is not None and (held.version, held.deleted) == (3, True)
    assert counts(database) == (3, 1)


def test_the_same_key_twice_in_one_batch(client: TestClient, device: Device) -> None:
    person = device.person(name="Budi")
    other = person.model_copy(update={"payload": {**person.payload, "name": "Lain"}})

    answer = push(client, device, [person, person, other])

    assert outcomes(answer) == [ACCEPTED, DUPLICATE, ("rejected", "conflict")]


def test_concurrent_pushes_of_the_same_keys_end_as_accepted_and_duplicate(
    app: Any, database: Database, device: Device
) -> None:
    batch = [device.person(serial=n) for n in range(1, 41)]
    answers: list[Any] = []

    def send() -> None:
        with TestClient(app) as own:
            answers.append(push(own, device, batch))

    threads = [threading.Thread(target=send) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert [a.status_code for a in answers] == [200, 200, 200]
    per_key = list(zip(*(outcomes(a) for a in answers), strict=True))
    assert all(sorted(key) == [ACCEPTED, DUPLICATE, DUPLICATE] for key in per_key)
    assert counts(database) == (40, 40)


def test_the_server_hash_is_the_wire_hash(device: Device) -> None:
    person = device.person(name="Dédé Ñ", address='Jl. "Kutip" \\ 1')
    body_bytes = wire.canonical(person.payload)
    assert ingest.payload_hash(person, body_bytes) == wire.payload_hash(person)


# -- bodies ----------------------------------------------------------------------------------


def send(client: TestClient, device: Device, content: Any, **headers: str) -> Any:
    return client.post(PUSH, content=content, headers={**device.headers, **headers})


def test_a_gzip_body_is_read(client: TestClient, device: Device) -> None:
    answer = send(
        client,
        device,
        gzip.compress(body([device.person()])),
        **{"Content-Encoding": "gzip", "Content-Type": "application/json"},
    )
    assert outcomes(answer) == [ACCEPTED]


def test_an_oversized_body_is_413_whether_declared_or_streamed(
    small_limits: TestClient, database: Database
) -> None:
    device = enrolled(small_limits, database)
    big = b"x" * (65 * 1024)

    declared = send(small_limits, device, big)
    streamed = send(small_limits, device, iter([big[:40_000], big[40_000:]]))  # chunked

    assert (declared.status_code, problem(declared)) == (413, "too_large")
    assert (streamed.status_code, problem(streamed)) == (413, "too_large")
    assert wire.SERVER_TIME_HEADER.lower() in declared.headers


def test_a_gzip_bomb_is_413_and_not_inflated(small_limits: TestClient, database: Database) -> None:
    device = enrolled(small_limits, database)
    bomb = gzip.compress(b"{" + b" " * (10 * 1024 * 1024))  # 10 MiB of nothing, ~10 KiB sent

    answer = send(small_limits, device, bomb, **{"Content-Encoding": "gzip"})

    assert (answer.status_code, problem(answer)) == (413, "too_large")
    assert counts(database) == (0, 0)


def test_more_entries_than_a_batch_may_hold_is_422(
    small_limits: TestClient, client: TestClient, database: Database
) -> None:
    device = enrolled(small_limits, database)
    four = [device.person(serial=n) for n in range(1, 5)]
    over_wire_limit = json.dumps(
        {"protocol": 1, "entries": [four[0].model_dump(mode="json")] * (wire.MAX_BATCH + 1)}
    )

    answer = push(small_limits, device, four)
    too_many = send(client, device, over_wire_limit)

    assert (answer.status_code, problem(answer)) == (422, "batch_too_large")
    assert (too_many.status_code, problem(too_many)) == (422, "invalid_request")
    assert counts(database) == (0, 0)


@pytest.mark.parametrize(
    ("content", "headers", "status", "code"),
    [
        (b"{", {}, 400, "malformed_json"),
        (b"\xff\xfe not json", {}, 400, "malformed_json"),
        (b"[]", {}, 422, "invalid_request"),
        (b'{"entries": "all"}', {}, 422, "invalid_request"),
        (b'{"entries": []}', {}, 422, "invalid_request"),
        (b'{"protocol": 2, "entries": []}', {}, 422, "invalid_request"),
        (b"not gzip at all", {"Content-Encoding": "gzip"}, 400, "bad_gzip"),
        (gzip.compress(b"{}")[:-6], {"Content-Encoding": "gzip"}, 400, "bad_gzip"),
        (b"{}", {"Content-Encoding": "br"}, 415, "unsupported_encoding"),
        (b"{}", {"Content-Type": "text/plain"}, 415, "unsupported_media_type"),
    ],
)
def test_malformed_bodies_are_4xx_problems(
    client: TestClient,
    device: Device,
    content: bytes,
    headers: dict[str, str],
    status: int,
    code: str,
) -> None:
    answer = send(client, device, content, **headers)
    assert (answer.status_code, problem(answer)) == (status, code)


def test_wrong_types_and_huge_numbers_in_entries_never_500(
    client: TestClient, database: Database, device: Device
) -> None:
    person = device.person().model_dump(mode="json")
    huge = {**person, "version": 10**40, "payload": {**person["payload"], "version": 10**40}}
    odd_payload = {**person, "payload": {**person["payload"], "birth_date": 19900517}}
    nested = {**person, "payload": {**person["payload"], "name": {"first": "Budi"}}}
    entries = [huge, odd_payload, nested]

    answer = send(client, device, json.dumps({"protocol": 1, "entries": entries}))
    wrong_entry = send(client, device, json.dumps({"entries": [{**person, "version": "one"}]}))

    assert outcomes(answer) == [("rejected", "invalid")] * 3
    assert (wrong_entry.status_code, problem(wrong_entry)) == (422, "invalid_request")
    assert counts(database) == (0, 0)
