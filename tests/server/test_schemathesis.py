"""Schemathesis against the server's own OpenAPI description (in-process, ASGI): whatever the
input, schema-shaped or not, the answer is never a 5xx, every error is a Problem, and every
answer carries the server's clock. The device's token is supplied, so the generated cases
reach push, pull and reconcile, not only the 401 in front of them."""

from __future__ import annotations

from typing import Any

import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from server_support import enrolled, outcomes, push

from server.db import Database
from sync import wire

EXAMPLES = 30  # schema-shaped and not, over every operation (push bodies are slow to make)


def test_no_input_gets_a_server_error(app: FastAPI, database: Database) -> None:
    with TestClient(app) as client:
        device = enrolled(client, database)
        person = device.person()
        assert outcomes(push(client, device, [person]))[0][0] == "accepted"
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = {(op.ok().method.upper(), op.ok().path) for op in schema.get_all_operations()}
    assert operations >= {
        ("GET", "/health"),
        ("POST", f"{wire.API_PREFIX}/enrol"),
        ("POST", f"{wire.API_PREFIX}/push"),
        ("GET", f"{wire.API_PREFIX}/pull"),
        ("GET", f"{wire.API_PREFIX}/reconcile"),
    }
    seen: set[int] = set()

    positive = schema.as_strategy(generation_mode=GenerationMode.POSITIVE)
    negative = schema.as_strategy(generation_mode=GenerationMode.NEGATIVE)

    @given(case=positive | negative)
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case: Any) -> None:
        response = case.call(headers=device.headers)
        seen.add(response.status_code)
        assert response.status_code < 500, (case.method, case.path, response.text)
        assert wire.SERVER_TIME_HEADER.lower() in {k.lower() for k in response.headers}
        if response.status_code >= 400:
            wire.Problem.model_validate(response.json())

    check()
    assert seen  # the cases did run
