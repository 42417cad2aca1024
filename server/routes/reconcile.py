"""``GET /api/v1/reconcile``: per (day, entity), what the server holds from this device."""

from __future__ import annotations

from fastapi import APIRouter

from server import feed
from server.db import now
from server.deps import CallerDep, DatabaseDep
from server.problems import responses
from sync import wire

router = APIRouter(prefix=wire.API_PREFIX, tags=["sync"])


@router.get("/reconcile", response_model=wire.ReconcileResponse, responses=responses(401, 429, 503))
def reconcile(who: CallerDep, db: DatabaseDep) -> wire.ReconcileResponse:
    with db.reading() as session:
        days = feed.reconcile(session, who)
    return wire.ReconcileResponse(server_time=now(), days=days)
