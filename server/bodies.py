"""Reading a request body within the limits: its size as sent, and once inflated.

The size as sent is checked against ``Content-Length`` before anything is read, and counted
while it is read (a body may come without a length, chunked). A gzip body is inflated in
steps that never produce more than the limit plus one byte, so a "zip bomb" costs the server
at most the limit in memory before it answers 413.
"""

from __future__ import annotations

import zlib

from starlette.requests import Request

from server.problems import ApiError, too_large

GZIP_WBITS = 16 + zlib.MAX_WBITS  # gzip framing only (no raw deflate, no zlib header)


def check_content_type(request: Request) -> None:
    """JSON only (a missing type is taken as JSON); raises a 415 ApiError."""
    value = request.headers.get("content-type")
    if value is None:
        return
    media = value.split(";", 1)[0].strip().lower()
    if media != "application/json" and not (
        media.startswith("application/") and media.endswith("+json")
    ):
        raise ApiError(415, "unsupported_media_type", "Isi permintaan harus JSON.")


def content_encoding(request: Request) -> str:
    """``gzip`` or ``identity``; raises a 415 ApiError for anything else."""
    value = request.headers.get("content-encoding", "").strip().lower()
    if value in ("", "identity"):
        return "identity"
    if value in ("gzip", "x-gzip"):
        return "gzip"
    raise ApiError(415, "unsupported_encoding", "Encoding isi harus gzip atau tanpa encoding.")


async def read_body(request: Request, max_bytes: int) -> bytes:
    """The body as sent, at most ``max_bytes``; raises a 413 ApiError."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.strip().isdigit() and int(declared) > max_bytes:
        raise too_large()
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > max_bytes:
            raise too_large()
    return bytes(body)


def inflate(data: bytes, max_bytes: int) -> bytes:
    """A gzip body inflated, at most ``max_bytes``; raises a 413 or 400 ApiError."""
    bad = ApiError(400, "bad_gzip", "Isi gzip rusak atau terpotong.")
    inflater = zlib.decompressobj(wbits=GZIP_WBITS)
    out = bytearray()
    pending = data
    try:
        while pending:
            out += inflater.decompress(pending, max_bytes + 1 - len(out))
            if len(out) > max_bytes:
                raise too_large("setelah gzip dibuka")
            pending = inflater.unconsumed_tail
            if inflater.eof:
                break
        out += inflater.flush(max_bytes + 1 - len(out)) if not inflater.eof else b""
    except zlib.error:
        raise bad from None
    if len(out) > max_bytes:
        raise too_large("setelah gzip dibuka")
    if not inflater.eof or inflater.unused_data:
        raise bad
    return bytes(out)
