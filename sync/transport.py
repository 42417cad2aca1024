"""The device's HTTP client for the central server (protocol 1, :mod:`sync.wire`).

Only the sync path imports this module; ``requests`` itself is imported when the first
:class:`HttpTransport` is made, so importing the failure classes costs nothing.

Every failure is one of four kinds the engine acts on:

- :class:`TransportError` (retry with backoff): no connection, a reset, a timeout, a
  truncated or garbled answer, an answer that breaks the wire schema, a 5xx. ``kind`` says
  ``offline`` (the server was not really reached) or ``server_error``;
- :class:`RateLimited` (429): retry after ``retry_after`` seconds;
- :class:`Unauthorized` (401): the token is unknown or revoked; retrying is pointless;
- :class:`Refused` (any other 4xx, and redirects, which are never followed): the server
  refuses this request as it is; ``status`` and the ``Problem`` code say why.

The token never appears in a log line or an exception; TLS is verified (requests'
default); a redirect is never followed (it could lead to another host, with the token).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import functools
import gzip
import logging
import math
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, TypeVar
from urllib.parse import urlsplit

from pydantic import BaseModel, ValidationError

from desktop import __version__
from sync import wire

if TYPE_CHECKING:
    import requests

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)

# The biggest answer read into memory: a full pull page is well under this.
MAX_ANSWER_BYTES = 16 * 1024 * 1024
# Bodies smaller than this are sent as they are: gzip would not make them smaller.
GZIP_FROM_BYTES = 512
# zlib's level 3: on a batch of mixed rows (people, requests, status changes) a sixth more
# bytes than level 6 in under half its time. The bytes are mostly ids and NIKs that do not
# compress at any level; a week offline is about one batch, a fraction of a second more on
# a 1 Mbit/s uplink, while the PC compresses every batch of every round.
GZIP_LEVEL = 3
PREPARED_KEPT = 4  # bodies made ahead and not sent yet, at most


@dataclass(frozen=True)
class Timeouts:
    """Seconds to connect, and to wait for each part of the answer."""

    connect: float = 10.0
    read: float = 60.0


class TransportFailure(Exception):
    """Base of every failure talking to the server. ``server_time`` when an answer said it."""

    def __init__(self, message: str, server_time: dt.datetime | None = None) -> None:
        super().__init__(message)
        self.server_time = server_time


class TransportError(TransportFailure):
    """Retryable: the server was not reached, or did not answer usably."""

    def __init__(
        self,
        kind: Literal["offline", "server_error"],
        message: str,
        server_time: dt.datetime | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(f"{kind}: {message}", server_time)
        self.kind = kind
        self.status = status


class RateLimited(TransportFailure):
    """429: the server asks this device to wait ``retry_after`` seconds."""

    def __init__(self, retry_after: float, server_time: dt.datetime | None = None) -> None:
        super().__init__(f"rate limited for {retry_after:g} s", server_time)
        self.retry_after = retry_after


class Unauthorized(TransportFailure):
    """401: the token is unknown, revoked or missing. The PC must be enrolled again."""

    def __init__(self, problem_code: str = "", server_time: dt.datetime | None = None) -> None:
        super().__init__(f"unauthorized ({problem_code or 'no code'})", server_time)
        self.problem_code = problem_code


class Refused(TransportFailure):
    """Another 4xx (or a redirect): the server will not take this request as it is."""

    def __init__(
        self, status: int, problem_code: str = "", server_time: dt.datetime | None = None
    ) -> None:
        super().__init__(f"refused with {status} ({problem_code or 'no code'})", server_time)
        self.status = status
        self.problem_code = problem_code


class BadServerUrl(ValueError):
    """Not an http(s) URL with a host, or one that carries a user name or password."""


def check_server_url(url: str) -> str:
    """The server's base URL, cleaned (no trailing slash); raises :class:`BadServerUrl`."""
    text = url.strip()
    try:
        parts = urlsplit(text)
        port = parts.port  # raises ValueError for a port that is not a number
    except ValueError as exc:
        raise BadServerUrl("not a URL") from exc
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadServerUrl("not an http(s) URL with a host")
    if parts.username is not None or parts.password is not None:
        raise BadServerUrl("a user name or password in the URL")
    if parts.query or parts.fragment:
        raise BadServerUrl("a query or fragment in the URL")
    if port == 0:
        raise BadServerUrl("port 0")
    if any(ch.isspace() or ord(ch) < 32 for ch in text):
        raise BadServerUrl("spaces or control characters in the URL")
    return text.rstrip("/")


def parse_retry_after(value: str | None, now: dt.datetime | None = None) -> float | None:
    """``Retry-After`` as seconds: a number of seconds or an HTTP date (None if unreadable)."""
    if not value:
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.UTC)
        seconds = (when - (now or dt.datetime.now(dt.UTC))).total_seconds()
    if math.isnan(seconds) or math.isinf(seconds):
        return None
    return max(0.0, min(seconds, 3600.0))


def _server_time(headers: Mapping[str, str]) -> dt.datetime | None:
    value = headers.get(wire.SERVER_TIME_HEADER)
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


class HttpTransport:
    """Talks protocol 1 to one server. Thread-safe enough for one engine at a time.

    ``last_server_time`` is the server's clock from the newest answer (any status), read
    from the body when it has one, else from the ``X-Sewaka-Server-Time`` header.
    """

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        timeouts: Timeouts = Timeouts(),
        *,
        session: requests.Session | None = None,
    ) -> None:
        import requests  # here, not at import time: only a PC that syncs pays for it

        self.base_url = check_server_url(base_url)
        self.timeouts = timeouts
        self._token = token
        self._session = session or requests.Session()
        self._session.trust_env = True  # an office behind a proxy: HTTPS_PROXY and friends
        self.last_server_time: dt.datetime | None = None
        # Bodies made ahead of their push, by the request's identity (the engine hands a
        # batch over while the one before is still on the wire). The newest few only.
        self._prepared: dict[int, tuple[wire.PushRequest, _Body]] = {}
        self._prepared_lock = threading.Lock()

    def __repr__(self) -> str:  # never the token
        return f"HttpTransport({self.base_url!r})"

    def close(self) -> None:
        self._session.close()

    # -- the endpoints ---------------------------------------------------------------------

    def health(self) -> wire.Health:
        return self._call("GET", "/health", wire.Health, authorised=False)

    def enrol(self, request: wire.EnrolRequest) -> wire.EnrolResponse:
        answer = self._call(
            "POST",
            f"{wire.API_PREFIX}/enrol",
            wire.EnrolResponse,
            body=self._body(request.model_dump_json().encode("utf-8")),
            authorised=False,
        )
        self.last_server_time = answer.server_time
        return answer

    def prepare(self, request: wire.PushRequest) -> None:
        """Encode and compress ``request`` now, ahead of :meth:`push` (the engine does this
        for the next batch while the server works on the one before)."""
        made = (request, self._body(wire.encode_push(request)))
        with self._prepared_lock:
            while len(self._prepared) >= PREPARED_KEPT:
                del self._prepared[next(iter(self._prepared))]
            self._prepared[id(request)] = made

    def push(self, request: wire.PushRequest) -> wire.PushResponse:
        return self.send_push(request)()

    def send_push(self, request: wire.PushRequest) -> Callable[[], wire.PushResponse]:
        """:meth:`push` in two steps: the exchange now (raising what it raises for the
        network and the status), the answer read when the returned function is called. The
        engine reads it on its own thread, while the next batch is already on the wire."""
        with self._prepared_lock:
            made = self._prepared.pop(id(request), None)
        body = made[1] if made is not None and made[0] is request else None
        raw, server_time, status = self._exchange(
            "POST",
            f"{wire.API_PREFIX}/push",
            body=body if body is not None else self._body(wire.encode_push(request)),
        )
        return functools.partial(self._parse, wire.PushResponse, raw, server_time, status)

    def pull(self, cursor: str | None) -> wire.PullResponse:
        params = {"cursor": cursor} if cursor else None
        return self._call("GET", f"{wire.API_PREFIX}/pull", wire.PullResponse, params=params)

    def reconcile(self) -> wire.ReconcileResponse:
        return self._call("GET", f"{wire.API_PREFIX}/reconcile", wire.ReconcileResponse)

    @staticmethod
    def _body(raw: bytes) -> _Body:
        """JSON as sent: gzip when that makes it smaller."""
        if len(raw) >= GZIP_FROM_BYTES:
            packed = gzip.compress(raw, compresslevel=GZIP_LEVEL, mtime=0)
            if len(packed) < len(raw):
                return _Body(packed, gzipped=True)
        return _Body(raw, gzipped=False)

    # -- one exchange ----------------------------------------------------------------------

    def _call(
        self,
        method: str,
        path: str,
        model: type[M],
        *,
        body: _Body | None = None,
        params: dict[str, str] | None = None,
        authorised: bool = True,
    ) -> M:
        raw, server_time, status = self._exchange(
            method, path, body=body, params=params, authorised=authorised
        )
        return self._parse(model, raw, server_time, status)

    def _exchange(
        self,
        method: str,
        path: str,
        *,
        body: _Body | None = None,
        params: dict[str, str] | None = None,
        authorised: bool = True,
    ) -> tuple[bytes, dt.datetime | None, int]:
        """A 2xx answer's bytes, the server's clock and the status; raises for the rest."""
        import requests

        headers = {
            "Accept": "application/json",
            "User-Agent": f"sewaka/{__version__}",
        }
        if authorised:
            if not self._token:
                raise Unauthorized("no_token")
            headers[wire.TOKEN_HEADER] = f"Bearer {self._token}"
        data: bytes | None = None
        if body is not None:
            headers["Content-Type"] = "application/json"
            data = body.data
            if body.gzipped:
                headers["Content-Encoding"] = "gzip"
            if len(data) > wire.MAX_BODY_BYTES:
                raise Refused(413, "too_large")
        url = self.base_url + path
        try:
            response = self._session.request(
                method,
                url,
                data=data,
                params=params,
                headers=headers,
                timeout=(self.timeouts.connect, self.timeouts.read),
                allow_redirects=False,
                stream=True,
            )
        except requests.exceptions.SSLError as exc:
            # A certificate that does not verify is not "offline" to IT, but retrying is
            # still right (a captive portal, a clock far off); the log says which it was.
            log.warning("sync %s %s: TLS failed: %s", method, path, type(exc).__name__)
            raise TransportError("offline", "tls") from None
        except requests.exceptions.Timeout:
            raise TransportError("offline", "timeout") from None
        except requests.exceptions.RequestException as exc:
            raise TransportError("offline", type(exc).__name__) from None
        with response:
            server_time = _server_time(response.headers)
            if server_time is not None:
                self.last_server_time = server_time
            try:
                raw = _read_capped(response)
            except requests.exceptions.RequestException as exc:
                raise TransportError("offline", f"answer cut off ({type(exc).__name__})") from None
            except _TooLarge:
                raise TransportError("server_error", "answer too large") from None
            status = response.status_code
            if 200 <= status < 300:
                return raw, server_time, status
            problem = _problem_code(raw)
            log.info("sync %s %s: %s %s", method, path, status, problem or "-")
            if status == 401:
                raise Unauthorized(problem, server_time)
            if status == 429:
                retry_after = parse_retry_after(response.headers.get("Retry-After"))
                raise RateLimited(30.0 if retry_after is None else retry_after, server_time)
            if status >= 500:
                raise TransportError("server_error", f"status {status}", server_time, status)
            if 300 <= status < 400:
                raise Refused(status, "redirect", server_time)
            if 400 <= status < 500:
                raise Refused(status, problem, server_time)
            raise TransportError("server_error", f"status {status}", server_time, status)

    def _parse(self, model: type[M], raw: bytes, server_time: dt.datetime | None, status: int) -> M:
        try:
            answer = model.model_validate_json(raw)
        except ValidationError as exc:
            if _is_json(raw):
                # JSON that breaks the contract: the server (or something posing as it) is
                # wrong, not the network.
                errors = exc.errors()
                where = ".".join(str(p) for p in errors[0]["loc"]) if errors else "answer"
                raise TransportError(
                    "server_error", f"answer breaks the contract at {where}", server_time, status
                ) from None
            # Not JSON at all: a captive portal's page, a cut-off answer, garbage.
            raise TransportError("offline", "answer is not JSON", server_time, status) from None
        answered = getattr(answer, "server_time", None)
        if isinstance(answered, dt.datetime):
            self.last_server_time = answered
        return answer


@dataclass(frozen=True)
class _Body:
    data: bytes
    gzipped: bool


class _TooLarge(Exception):
    pass


def _read_capped(response: requests.Response) -> bytes:
    """The whole answer, refusing one bigger than :data:`MAX_ANSWER_BYTES`.

    A connection closed before ``Content-Length`` bytes arrived raises (urllib3 2 enforces
    the length), so a cut-off answer is never taken for a whole one.
    """
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_content(chunk_size=64 * 1024):
        size += len(chunk)
        if size > MAX_ANSWER_BYTES:
            raise _TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def _is_json(raw: bytes) -> bool:
    import json

    try:
        json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return False
    return True


def _problem_code(raw: bytes) -> str:
    """The ``code`` of a :class:`sync.wire.Problem` body, or "" (never the message: logs)."""
    try:
        problem = wire.Problem.model_validate_json(raw)
    except ValidationError:
        return ""
    code = problem.code
    return code if code.isascii() and len(code) <= 64 and code.isprintable() else ""
