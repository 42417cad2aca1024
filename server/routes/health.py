"""``GET /health``: 200 once the database answers ``SELECT 1``, else 503."""

from __future__ import annotations

import logging

from fastapi import APIRouter
from sqlalchemy.exc import SQLAlchemyError

from server.db import now
from server.deps import DatabaseDep
from server.problems import ApiError, responses
from sync import wire

router = APIRouter(tags=["health"])
log = logging.getLogger("sewaka.server")


@router.get("/health", response_model=wire.Health, responses=responses(503))
def health(db: DatabaseDep) -> wire.Health:
    try:
        db.ping()
    except SQLAlchemyError as exc:
        log.warning("health: database does not answer (%s)", type(exc).__name__)
        raise ApiError(
            503, "database_unavailable", "Basis data tidak menjawab.", {"Retry-After": "5"}
        ) from None
    return wire.Health(status="ok", database="ok", server_time=now())
