"""Errors as the API answers them: a status, a :class:`sync.wire.Problem` body, headers.

Every 4xx/5xx body is a ``Problem``: a stable ``code`` for programs and a short sentence for
people (Bahasa Indonesia, the language of the offices). Nothing in a problem repeats a value
the caller sent: no NIK, no name, no token.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sync.wire import Problem


class ApiError(Exception):
    """Raised anywhere below a route; the app turns it into the answer."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(f"{status} {code}")
        self.status = status
        self.code = code
        self.message = message
        self.headers = dict(headers or {})

    def body(self) -> dict[str, Any]:
        return Problem(code=self.code, message=self.message).model_dump()


BEARER = {"WWW-Authenticate": "Bearer"}


def unauthorized(code: str, message: str) -> ApiError:
    return ApiError(401, code, message, BEARER)


def too_large(what: str = "body") -> ApiError:
    return ApiError(413, "too_large", f"Isi permintaan terlalu besar ({what}).")


# The statuses a route may answer with besides 200, for the OpenAPI description.
def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    words = {
        400: "Permintaan rusak (JSON, gzip atau kursor).",
        401: "Token tidak ada, palsu atau dicabut.",
        403: "Tidak diizinkan.",
        404: "Tidak ditemukan.",
        409: "Bertentangan dengan yang sudah tercatat.",
        413: "Terlalu besar.",
        415: "Jenis isi atau encoding tidak didukung.",
        422: "Isi tidak sesuai skema.",
        429: "Terlalu banyak permintaan; lihat Retry-After.",
        503: "Basis data tidak menjawab.",
    }
    return {status: {"model": Problem, "description": words[status]} for status in statuses}
