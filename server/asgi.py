"""Plain ASGI middleware (cheaper than Starlette's BaseHTTPMiddleware on every request).

- :class:`ServerTime` adds ``X-Sewaka-Server-Time`` to every answer, errors included.
- :class:`Guard` refuses a body whose ``Content-Length`` is over the limit before the app
  reads it, and answers 500 with a ``Problem`` body (logged, never the request's content)
  when something unexpected escapes a route.
"""

from __future__ import annotations

import json
import logging

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.db import now
from server.problems import ApiError, too_large
from sync import wire

log = logging.getLogger("sewaka.server")


def server_time_text() -> str:
    return now().isoformat(timespec="milliseconds")


async def send_problem(send: Send, error: ApiError) -> None:
    body = json.dumps(error.body()).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
    ]
    headers += [(k.lower().encode(), v.encode()) for k, v in error.headers.items()]
    await send({"type": "http.response.start", "status": error.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class ServerTime:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def stamped(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    *message.get("headers", []),
                    (wire.SERVER_TIME_HEADER.lower().encode(), server_time_text().encode()),
                ]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, stamped)


class Guard:
    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                text = value.decode("latin-1").strip()
                if not text.isdigit():
                    await send_problem(
                        send, ApiError(400, "bad_length", "Content-Length tidak sah.")
                    )
                    return
                if int(text) > self.max_body_bytes:
                    await send_problem(send, too_large())
                    return
        started = False
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    raise _TooLarge()
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except _TooLarge:
            if not started:
                await send_problem(send, too_large())
        except Exception:
            log.exception("unexpected error on %s %s", scope.get("method"), scope.get("path"))
            if not started:
                await send_problem(
                    send, ApiError(500, "internal_error", "Kesalahan di server; coba lagi nanti.")
                )


class _TooLarge(HTTPException):
    """Raised by the body a route reads; FastAPI passes an HTTPException on as it is."""

    def __init__(self) -> None:
        super().__init__(413, "too_large")
