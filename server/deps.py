"""What routes get from FastAPI: the database, the settings, and the calling device.

:func:`caller` checks the bearer token (401 otherwise) and the device's rate limit (429
with ``Retry-After``); every route that reads or writes office data depends on it, so no
route can forget either.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from server.config import Settings
from server.db import Database
from server.offices import Caller, identify
from server.problems import ApiError
from server.ratelimit import RateLimiter

bearer = HTTPBearer(auto_error=False, description="Token perangkat dari /api/v1/enrol")

# The dependencies that only look something up are ``async``: FastAPI runs a plain function
# on a worker thread, and each such hand-over waits for a thread to be scheduled (a push
# spent several milliseconds that way before its caller was even known). ``caller`` reads
# the database, so it stays on a worker thread.


async def database(request: Request) -> Database:
    db: Database = request.app.state.database
    return db


async def settings(request: Request) -> Settings:
    value: Settings = request.app.state.settings
    return value


async def limiter(request: Request) -> RateLimiter:
    value: RateLimiter = request.app.state.limiter
    return value


def too_many(wait: int) -> ApiError:
    return ApiError(
        429,
        "rate_limited",
        "Terlalu banyak permintaan; coba lagi sebentar.",
        {"Retry-After": str(wait)},
    )


def caller(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    db: Annotated[Database, Depends(database)],
    limits: Annotated[RateLimiter, Depends(limiter)],
) -> Caller:
    header = request.headers.get("authorization") if credentials is not None else None
    who = identify(db, header)
    wait = limits.take(f"device:{who.device_id}")
    if wait is not None:
        raise too_many(wait)
    return who


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


DatabaseDep = Annotated[Database, Depends(database)]
SettingsDep = Annotated[Settings, Depends(settings)]
CallerDep = Annotated[Caller, Depends(caller)]
LimiterDep = Annotated[RateLimiter, Depends(limiter)]
