"""``GET /api/v1/pull``: the office's and everyone's feed rows after a cursor."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from server import feed
from server.db import now
from server.deps import CallerDep, DatabaseDep
from server.problems import responses
from sync import wire

router = APIRouter(prefix=wire.API_PREFIX, tags=["sync"])


@router.get("/pull", response_model=wire.PullResponse, responses=responses(400, 401, 422, 429, 503))
def pull(
    who: CallerDep,
    db: DatabaseDep,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=wire.MAX_PULL)] = wire.MAX_PULL,
) -> wire.PullResponse:
    with db.reading() as session:
        page = feed.pull(session, who, cursor, limit)
    return wire.PullResponse(
        server_time=now(), cursor=page.cursor, more=page.more, changes=page.changes
    )
