"""``POST /api/v1/enrol``: a one-time enrolment code traded for a device token."""

from __future__ import annotations

from fastapi import APIRouter, Request

from server import offices
from server.deps import DatabaseDep, LimiterDep, client_address, too_many
from server.problems import responses
from sync import wire

router = APIRouter(prefix=wire.API_PREFIX, tags=["devices"])


@router.post(
    "/enrol",
    response_model=wire.EnrolResponse,
    responses=responses(400, 403, 404, 409, 413, 422, 429),
)
def enrol(
    body: wire.EnrolRequest, request: Request, db: DatabaseDep, limits: LimiterDep
) -> wire.EnrolResponse:
    wait = limits.take(f"address:{client_address(request)}")
    if wait is not None:
        raise too_many(wait)
    return offices.enrol(db, body)
