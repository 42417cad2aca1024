"""Who gets in: missing, forged and revoked tokens get 401 and store nothing; a device that
sends too fast gets 429 with Retry-After; /health says whether the database answers."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from server_support import body, enrolled, outcomes, problem, push
from sqlalchemy import func, select

from server import offices
from server.app import create_app
from server.config import Settings
from server.db import Database
from server.ratelimit import RateLimiter
from server.tables import Record
from sync import wire

ROUTES = [
    ("GET", f"{wire.API_PREFIX}/pull"),
    ("GET", f"{wire.API_PREFIX}/reconcile"),
    ("POST", f"{wire.API_PREFIX}/push"),
]


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer", "Bearer swk1_forged-token-aaaaaaaaaaaaaaaaaaaaaaa", "Basic dXNlcjpwYXNz"],
)
def test_no_valid_token_is_401_everywhere(
    client: TestClient, database: Database, authorization: str | None
) -> None:
    device = enrolled(client, database)
    headers = {"Authorization": authorization} if authorization else {}
    for method, path in ROUTES:
        content = body([device.person()]) if method == "POST" else None
        answer = client.request(method, path, content=content, headers=headers)
        assert answer.status_code == 401, (path, answer.text)
        assert answer.headers["www-authenticate"] == "Bearer"
        assert problem(answer) in {"token_missing", "token_unknown"}
    assert stored(database) == 0


def stored(database: Database) -> int:
    with database.reading() as session:
        return session.execute(select(func.count()).select_from(Record)).scalar_one()


def test_a_revoked_device_gets_401_and_nothing_it_sends_is_stored(
    client: TestClient, database: Database
) -> None:
    device = enrolled(client, database)
    assert outcomes(push(client, device, [device.person(serial=1)])) == [("accepted", None)]

    assert offices.revoke_device(database, device.device_id.upper()) is True
    assert offices.revoke_device(database, device.device_id) is False  # already revoked
    answer = push(client, device, [device.person(serial=2)])

    assert (answer.status_code, problem(answer)) == (401, "token_revoked")
    assert stored(database) == 1


def test_a_device_that_sends_too_fast_gets_429_with_retry_after(database: Database) -> None:
    settings = dataclasses.replace(database.settings, rate_per_second=0.01, rate_burst=3)
    with TestClient(create_app(settings, database)) as client:
        device = enrolled(client, database)
        other = enrolled(client, database, "B1", "Desa B")
        path = f"{wire.API_PREFIX}/reconcile"
        codes = [client.get(path, headers=device.headers).status_code for _ in range(4)]
        refused = client.get(path, headers=device.headers)
        other_answer = client.get(path, headers=other.headers)

    assert codes == [200, 200, 200, 429]
    assert (refused.status_code, problem(refused)) == (429, "rate_limited")
    assert int(refused.headers["retry-after"]) >= 1
    assert other_answer.status_code == 200  # one device's bucket is its own


def test_the_token_bucket_refills_at_its_rate() -> None:
    now = [0.0]
    limiter = RateLimiter(rate=2.0, burst=2, clock=lambda: now[0])
    assert [limiter.take("pc") for _ in range(3)] == [None, None, 1]
    now[0] += 0.5  # one token back
    assert limiter.take("pc") is None
    assert limiter.take("pc") == 1
    assert limiter.take("another pc") is None


def test_health_is_200_when_the_database_answers(client: TestClient) -> None:
    answer = client.get("/health")
    assert answer.status_code == 200
    health = wire.Health.model_validate(answer.json())
    assert health.protocol == wire.PROTOCOL
    assert wire.SERVER_TIME_HEADER.lower() in answer.headers


def test_health_is_503_when_the_database_does_not_answer(tmp_path: Path) -> None:
    folder = tmp_path / "a-folder-not-a-file"
    folder.mkdir()
    settings = Settings(database_url=f"sqlite:///{folder}", statement_timeout_seconds=0.5)
    with TestClient(create_app(settings)) as client:
        answer = client.get("/health")
        pulled = client.get(f"{wire.API_PREFIX}/pull", headers={"Authorization": "Bearer swk1_x"})

    assert (answer.status_code, problem(answer)) == (503, "database_unavailable")
    assert answer.headers["retry-after"] == "5"
    assert (pulled.status_code, problem(pulled)) == (503, "database_unavailable")


def test_unknown_paths_and_methods_are_problems_too(client: TestClient) -> None:
    missing = client.get("/api/v1/nothing")
    wrong = client.get(f"{wire.API_PREFIX}/push")
    assert (missing.status_code, problem(missing)) == (404, "not_found")
    assert (wrong.status_code, problem(wrong)) == (405, "method_not_allowed")
