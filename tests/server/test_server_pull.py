"""Pull and reconciliation: each office sees its own changes and the shared catalogue, the
cursor pages without skipping (also a transaction that commits late on PostgreSQL), and
reconciliation digests are exactly what the device computes from what it pushed."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from typing import Any

import pytest
from fastapi.testclient import TestClient
from server_support import Device, enrolled, outcomes, problem, push
from sqlalchemy import func, insert

from desktop.domain.catalogue import DEFAULT_SERVICES
from desktop.domain.status import TransitionError
from server import feed
from server.db import Database
from server.tables import Feed
from sync import wire

PULL = f"{wire.API_PREFIX}/pull"


def pull_all(
    client: TestClient, device: Device, cursor: str = "", limit: int = 1000
) -> tuple[list[wire.Change], str, int]:
    """Every change after ``cursor``, page by page; also how many pages it took."""
    changes: list[wire.Change] = []
    pages = 0
    while True:
        answer = client.get(PULL, params={"cursor": cursor, "limit": limit}, headers=device.headers)
        assert answer.status_code == 200, answer.text
        page = wire.PullResponse.model_validate(answer.json())
        pages += 1
        changes += page.changes
        cursor = page.cursor
        if not page.more:
            return changes, cursor, pages


def test_a_first_pull_brings_the_catalogue_and_the_office(
    client: TestClient, database: Database
) -> None:
    device = enrolled(client, database, "A1", "Desa A")

    changes, cursor, _pages = pull_all(client, device)

    services = [c for c in changes if c.kind is wire.ChangeKind.SERVICE]
    assert [c.key for c in services] == [s.code for s in DEFAULT_SERVICES]
    first = wire.ServiceData.model_validate(services[0].data)
    assert (first.name, first.queue_prefix) == (DEFAULT_SERVICES[0].name, "A")
    office = [c for c in changes if c.kind is wire.ChangeKind.OFFICE]
    assert [wire.OfficeData.model_validate(c.data) for c in office] == [
        wire.OfficeData(office_id=device.office_id, code="A1", name="Desa A")
    ]
    again, same_cursor, _ = pull_all(client, device, cursor)
    assert again == [] and same_cursor == cursor  # nothing new: the cursor stays


def test_an_office_pulls_only_its_own_changes(client: TestClient, database: Database) -> None:
    a = enrolled(client, database, "A1", "Desa A")
    b = enrolled(client, database, "B1", "Desa B")
    person = b.person()
    request = b.request(person)
    assert outcomes(push(client, b, [person, request])) == [("accepted", None)] * 2
    with database.writing() as session:
        made = feed.record_central_status_change(
            session, b.office_id, request.entity_id, "cancelled", "kabupaten", "dobel"
        )

    seen_by_a, _, _ = pull_all(client, a)
    seen_by_b, _, _ = pull_all(client, b)

    assert b.office_id not in json.dumps([c.model_dump(mode="json") for c in seen_by_a])
    assert [c.key for c in seen_by_b if c.kind is wire.ChangeKind.OFFICE] == [b.office_id]
    central = [c for c in seen_by_b if c.kind is wire.ChangeKind.STATUS_CHANGE]
    assert [c.data for c in central] == [made]
    row = wire.StatusChangeRow.model_validate(made)
    assert (row.request_id, row.from_status, row.to_status) == (
        request.entity_id,
        "waiting",
        "cancelled",
    )
    assert row.office_id == b.office_id and row.device_id == feed.server_device_id(b.office_id)
    assert row.hlc > request.hlc  # ordered after what the office last sent


def test_a_central_change_is_checked_like_one_at_the_counter(
    client: TestClient, database: Database
) -> None:
    device = enrolled(client, database)
    request = device.request(device.person())
    assert outcomes(push(client, device, [request]))[0] == ("accepted", None)
    with database.writing() as session:
        feed.record_central_status_change(
            session, device.office_id, request.entity_id, "cancelled", "kab", "dobel"
        )
    with pytest.raises(TransitionError), database.writing() as session:
        # cancelled is final: the second change starts from the first, not from "waiting"
        feed.record_central_status_change(
            session, device.office_id, request.entity_id, "called", "kab"
        )
    with pytest.raises(feed.UnknownRequest), database.writing() as session:
        feed.record_central_status_change(
            session, "another-office", request.entity_id, "called", "kab"
        )


def add_office_rows(database: Database, office_id: str, count: int) -> None:
    with database.writing() as session:
        session.execute(
            insert(Feed),
            [
                {
                    "office_id": office_id,
                    "kind": "office",
                    "key": office_id,
                    "data": json.dumps({"office_id": office_id, "code": "A1", "name": f"Desa {n}"}),
                    "created_at": dt.datetime.now(dt.UTC),
                }
                for n in range(count)
            ],
        )


def test_the_cursor_pages_through_everything_once(client: TestClient, database: Database) -> None:
    device = enrolled(client, database, "A1", "Desa A")
    add_office_rows(database, device.office_id, 25)

    in_pages, _, pages = pull_all(client, device, limit=4)
    at_once, _, _ = pull_all(client, device)

    assert in_pages == at_once
    assert len(at_once) == len(DEFAULT_SERVICES) + 1 + 25
    assert pages == -(-len(at_once) // 4)


@pytest.mark.parametrize("cursor", ["abc", "-1", "1:2:3", "99999999999999999999", "١٢"])
def test_a_malformed_cursor_is_400(client: TestClient, database: Database, cursor: str) -> None:
    device = enrolled(client, database)
    answer = client.get(PULL, params={"cursor": cursor}, headers=device.headers)
    assert (answer.status_code, problem(answer)) == (400, "bad_cursor")


def test_a_limit_out_of_range_is_422(client: TestClient, database: Database) -> None:
    device = enrolled(client, database)
    for limit in (0, wire.MAX_PULL + 1, "many"):
        answer = client.get(PULL, params={"limit": limit}, headers=device.headers)
        assert (answer.status_code, problem(answer)) == (422, "invalid_request")


def test_a_transaction_that_commits_late_is_still_pulled(
    client: TestClient, database: Database
) -> None:
    """PostgreSQL: A takes an early sequence number, B a later one and commits first. The
    pull must not hand out B before A ends, or its cursor would move past A for good."""
    if not database.is_postgresql:
        pytest.skip("SQLite writers are serial: a plain sequence cannot skip")
    device = enrolled(client, database)
    _, cursor, _ = pull_all(client, device)

    def row(name: str) -> dict[str, Any]:
        data = {"office_id": device.office_id, "code": "3273050001", "name": name}
        return {
            "office_id": device.office_id,
            "kind": "office",
            "key": device.office_id,
            "data": json.dumps(data),
            "created_at": dt.datetime.now(dt.UTC),
        }

    early = database.session(write=True)
    late = database.session(write=True)
    try:
        early.execute(insert(Feed).values(row("early")))
        early.flush()  # took its sequence number; its transaction stays open
        late.execute(insert(Feed).values(row("late")))
        late.commit()

        while_open, cursor_while_open, _ = pull_all(client, device, cursor)
        early.commit()
        after, _, _ = pull_all(client, device, cursor_while_open)
    finally:
        early.close()
        late.close()

    assert while_open == []  # "late" is held back while an older writer is running
    assert [c.data["name"] for c in after] == ["early", "late"]


# -- reconciliation --------------------------------------------------------------------------


def test_reconcile_digests_are_the_day_digests_of_what_was_pushed(
    client: TestClient, database: Database
) -> None:
    device = enrolled(client, database, "A1", "Desa A")
    other = enrolled(client, database, "B1", "Desa B")
    person = device.person()
    request = device.request(person)
    updated = device.request(person, row_id=request.entity_id, status="called")
    yesterday = device.person(serial=2)
    yesterday = yesterday.model_copy(
        update={"payload": {**yesterday.payload, "created_at": "2026-11-01T23:59:00+07:00"}}
    )
    gone = device.tombstone(yesterday)
    entries = [person, request, updated, yesterday, gone]
    assert all(o[0] == "accepted" for o in outcomes(push(client, device, entries)))
    assert outcomes(push(client, other, [other.person()])) == [("accepted", None)]

    answer = client.get(f"{wire.API_PREFIX}/reconcile", headers=device.headers)

    assert answer.status_code == 200
    summary = wire.ReconcileResponse.model_validate(answer.json())
    newest: dict[str, wire.Entry] = {}
    for entry in entries:
        newest[entry.entity_id] = entry
    expected: dict[tuple[dt.date, str], list[tuple[str, int]]] = defaultdict(list)
    for entry in newest.values():
        day = wire.row_day(entry.payload["created_at"])
        expected[(day, entry.entity.value)].append((entry.entity_id, entry.version))
    assert {(d.day, d.entity.value): (d.count, d.digest) for d in summary.days} == {
        key: (len(pairs), wire.day_digest(pairs)) for key, pairs in expected.items()
    }
    assert (dt.date(2026, 11, 1), "person") in expected  # 23:59 WIB is still the 1st in UTC


def test_a_cursor_past_a_restored_feed_starts_again_instead_of_skipping(
    client: TestClient, database: Database
) -> None:
    """A server restored from an older backup gives the sequence numbers a PC already passed
    to new rows: the PC's cursor no longer names the row it stopped at, so it reads the feed
    again from the start rather than skipping what the restored server writes next."""
    device = enrolled(client, database, "A1", "Desa A")
    person = device.person()
    first, second = device.request(person), device.request(person)
    push(client, device, [person, first, second])
    with database.writing() as session:
        feed.record_central_status_change(
            session, device.office_id, first.entity_id, "called", "kab"
        )
    _, cursor, _ = pull_all(client, device)
    with database.writing() as session:  # the restore: the newest feed row is gone again
        newest = session.query(Feed).order_by(Feed.seq.desc()).first()
        assert newest is not None
        taken = (newest.seq, newest.txid)
        session.delete(newest)
    with database.writing() as session:  # written after the restore, at the same place
        made = feed.record_central_status_change(
            session, device.office_id, second.entity_id, "called", "kab"
        )
        # A restored file (or cluster) hands out that sequence and transaction id again.
        session.flush()
        session.query(Feed).filter(
            Feed.seq == session.query(func.max(Feed.seq)).scalar_subquery()
        ).update({Feed.seq: taken[0], Feed.txid: taken[1]}, synchronize_session=False)

    changes, new_cursor, _ = pull_all(client, device, cursor)

    assert made in [c.data for c in changes if c.kind is wire.ChangeKind.STATUS_CHANGE]
    assert new_cursor != cursor
    again, _, _ = pull_all(client, device, new_cursor)
    assert again == []  # and the new cursor is a normal one again
