"""The ASGI application: ``create_app(settings)`` (``sewaka server run`` serves it).

Routers live in :mod:`server.routes`, one per resource. Every error answer is a
:class:`sync.wire.Problem`; every answer carries ``X-Sewaka-Server-Time``. The app is
stateless apart from the per-process rate-limit buckets, so several instances can run
behind a load balancer on one PostgreSQL.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException

from server.asgi import Guard, ServerTime
from server.config import Settings
from server.db import Database
from server.problems import ApiError
from server.ratelimit import RateLimiter
from server.routes import enrol, health, pull, push, reconcile
from sync import wire

log = logging.getLogger("sewaka.server")

HTTP_CODES = {
    400: ("bad_request", "Permintaan rusak."),
    401: ("unauthorized", "Token perangkat tidak ada atau tidak sah."),
    403: ("forbidden", "Tidak diizinkan."),
    404: ("not_found", "Alamat tidak ditemukan."),
    405: ("method_not_allowed", "Metode tidak diizinkan untuk alamat ini."),
    413: ("too_large", "Isi permintaan terlalu besar."),
    415: ("unsupported_media_type", "Jenis isi tidak didukung."),
}


def _problem(error: ApiError) -> JSONResponse:
    return JSONResponse(error.body(), status_code=error.status, headers=error.headers)


async def _api_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return _problem(exc)


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    code, message = HTTP_CODES.get(exc.status_code, ("http_error", "Permintaan ditolak."))
    return _problem(ApiError(exc.status_code, code, message, exc.headers))


async def _invalid(_request: Request, exc: Exception) -> JSONResponse:
    """422 with the first place at fault (never the value); 400 for JSON that does not parse."""
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    if any(error.get("type") == "json_invalid" for error in errors):
        return _problem(ApiError(400, "malformed_json", "Isi permintaan bukan JSON yang sah."))
    first = errors[0] if errors else {}
    where = ".".join(str(part) for part in first.get("loc", ())) or "request"
    kind = first.get("type", "invalid")
    return _problem(
        ApiError(422, "invalid_request", f"Permintaan tidak sesuai skema: {where} ({kind}).")
    )


async def _database_down(_request: Request, exc: Exception) -> JSONResponse:
    log.warning("database error: %s", type(exc).__name__)
    return _problem(
        ApiError(
            503,
            "database_unavailable",
            "Basis data sibuk atau tidak menjawab; coba lagi.",
            {"Retry-After": "5"},
        )
    )


def create_app(settings: Settings, database: Database | None = None) -> FastAPI:
    """The app on ``settings.database_url`` (or on ``database``, which the caller then owns).

    The schema must be migrated first (:func:`server.db.migrate`; ``sewaka server run``
    does it).
    """
    owned = database is None
    db = database or Database(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        if owned:
            db.dispose()

    app = FastAPI(
        title="Sewaka central server",
        version=f"protocol {wire.PROTOCOL}",
        description="Office PCs enrol, push their outbox, pull changes and reconcile.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.database = db
    app.state.limiter = RateLimiter(settings.rate_per_second, settings.rate_burst)
    for module in (health, enrol, push, pull, reconcile):
        app.include_router(module.router)
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid)
    for error in (OperationalError, PoolTimeout, DBAPIError):
        app.add_exception_handler(error, _database_down)
    app.add_middleware(Guard, max_body_bytes=settings.max_body_bytes)
    app.add_middleware(ServerTime)  # added last: outermost, so every answer is stamped
    _describe_push_body(app)
    return app


def _describe_push_body(app: FastAPI) -> None:
    """The push route reads its body itself (gzip, limits); its schema goes in by hand."""
    plain = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = plain()
            extra = wire.PushRequest.model_json_schema(ref_template="#/components/schemas/{model}")
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            for name, definition in extra.pop("$defs", {}).items():
                components.setdefault(name, definition)
            components["PushRequest"] = extra
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
