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

# Examples per operation, schema-shaped and not. Push bodies are slow to make (nested entries
# with patterns), so push gets fewer; the rest are cheap. About 10 s in all per database.
EXAMPLES = {"POST /api/v1/push": 20}
DEFAULT_EXAMPLES = 40


def test_no_input_gets_a_server_error(app: FastAPI, database: Database) -> None:
    with TestClient(app) as client:
        device = enrolled(client, database)
        person = device.person()
        assert outcomes(push(client, device, [person]))[0][0] == "accepted"
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = {f"{op.method.upper()} {op.path}": op for op in _operations(schema)}
    assert set(operations) >= {
        "GET /health",
        f"POST {wire.API_PREFIX}/enrol",
        f"POST {wire.API_PREFIX}/push",
        f"GET {wire.API_PREFIX}/pull",
        f"GET {wire.API_PREFIX}/reconcile",
    }
    statuses = {
        name: fuzz(operation, EXAMPLES.get(name, DEFAULT_EXAMPLES), device.headers)
        for name, operation in sorted(operations.items())
    }
    # The token made the cases reach the routes themselves, not only the 401 in front.
    assert 200 in statuses[f"GET {wire.API_PREFIX}/pull"]
    assert 200 in statuses[f"POST {wire.API_PREFIX}/push"]


def fuzz(operation: Any, examples: int, headers: dict[str, str]) -> set[int]:
    """Run ``examples`` generated cases against one operation; the statuses seen."""
    seen: set[int] = set()
    positive = operation.as_strategy(generation_mode=GenerationMode.POSITIVE)
    negative = operation.as_strategy(generation_mode=GenerationMode.NEGATIVE)

    @given(case=positive | negative)
    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case: Any) -> None:
        response = case.call(headers=headers)
        seen.add(response.status_code)
        assert response.status_code < 500, (case.method, case.path, response.text)
        assert wire.SERVER_TIME_HEADER.lower() in {k.lower() for k in response.headers}
        if response.status_code >= 400:
            wire.Problem.model_validate(response.json())

    check()
    return seen


def _operations(schema: Any) -> list[Any]:
    return [result.ok() for result in schema.get_all_operations()]
