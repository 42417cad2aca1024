"""``POST /api/v1/push``: a batch of outbox entries, plain or gzip JSON."""

from __future__ import annotations

import json

import orjson
from fastapi import APIRouter, Request, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from server import ingest
from server.bodies import check_content_type, content_encoding, inflate, read_body
from server.config import Settings
from server.db import Database, now
from server.deps import CallerDep, DatabaseDep, SettingsDep
from server.offices import Caller
from server.problems import ApiError, responses
from sync import wire

router = APIRouter(prefix=wire.API_PREFIX, tags=["sync"])

BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PushRequest"}}},
    }
}


def invalid(exc: ValidationError) -> ApiError:
    """400 for JSON that does not parse, 422 for JSON that breaks the schema (the first
    place at fault is named, never a value)."""
    errors = exc.errors(include_input=False, include_url=False)
    if any(error["type"] == "json_invalid" for error in errors):
        return ApiError(400, "malformed_json", "Isi permintaan bukan JSON yang sah.")
    first = errors[0]
    where = ".".join(str(part) for part in first.get("loc", ())) or "body"
    return ApiError(422, "invalid_request", f"Isi tidak sesuai skema: {where} ({first['type']}).")


@router.post(
    "/push",
    response_model=wire.PushResponse,
    responses=responses(400, 401, 413, 415, 422, 429, 503),
    openapi_extra=BODY,
)
async def push(
    request: Request, who: CallerDep, db: DatabaseDep, settings: SettingsDep
) -> Response:
    check_content_type(request)
    encoding = content_encoding(request)
    body = await read_body(request, settings.max_body_bytes)
    # One trip to a worker thread for the whole batch (inflated, parsed, stored, answered):
    # every hand-over between the event loop and a thread waits for the thread to be
    # scheduled, and parsing thousands of entries would hold the loop from other devices.
    return await run_in_threadpool(_push, body, encoding, who, db, settings)


def _push(body: bytes, encoding: str, who: Caller, db: Database, settings: Settings) -> Response:
    if encoding == "gzip":
        body = inflate(body, settings.max_inflated_bytes)
    elif len(body) > settings.max_inflated_bytes:
        raise ApiError(413, "too_large", "Isi permintaan terlalu besar.")
    try:
        parsed = wire.PushRequest.model_validate_json(body)
    except ValidationError as exc:
        raise invalid(exc) from None
    if len(parsed.entries) > settings.max_batch:
        raise ApiError(
            422, "batch_too_large", f"Paling banyak {settings.max_batch} entri per kiriman."
        )
    results = ingest.push(db, who, parsed.entries)
    # Written as wire.PushResponse's JSON without building a model per entry (tests hold the
    # body to that schema).
    answer = {"server_time": now().isoformat(), "results": results}
    try:
        encoded = orjson.dumps(answer)
    except TypeError:  # an echoed version beyond 64 bits (rejected as too large)
        encoded = json.dumps(answer, ensure_ascii=False).encode("utf-8")
    return Response(encoded, media_type="application/json")
