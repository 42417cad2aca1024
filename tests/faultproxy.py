"""A fault-injecting TCP proxy on loopback, between a sync client and the server, for tests.

    with FaultProxy("127.0.0.1", server_port) as proxy:
        client_url = proxy.url                   # http://127.0.0.1:<proxy.port>
        proxy.set("offline")                     # every new connection: the network is off
        proxy.fail_next(2, "http_500")           # the next two connections get a 500, then
                                                 # the standing mode again
        proxy.set("pass")                        # back to normal (also clears fail_next)
        proxy.cut()                              # reset every connection open now
        proxy.stats["http_500"]                  # connections that got each mode

A mode is chosen when the proxy accepts a connection (a moment after the client's connect
returns: ``wait_for`` tells when) and kept for the connection's whole life: changing the mode
does not touch connections already open (a client's keep-alive connection stays in the mode it
was opened in; ``cut()`` ends them). The modes, with what the client sees:

``pass``
    bytes forwarded both ways, half-closes and resets passed on.
``offline``
    the connection is reset as soon as it is accepted, nothing reaches the server ("network
    off"; the client's connect succeeds, its first read fails). For a refused connect, point
    the client at a port nothing listens on (``processes.free_port()``).
``reset_request`` (``after=None``)
    the whole request is read from the client, the first ``after`` bytes of it (default half;
    never all of it) are delivered to the server, then both sides get a TCP reset: the server
    saw a half request, the client a reset and no answer.
``lose_response``
    the request is forwarded, the server's whole answer is read (so whatever it committed is
    committed) and thrown away, and the client gets a reset: "the reply was lost".
``truncate_response`` (``after=None``)
    the request is forwarded, the server answers fully, the client gets the first ``after``
    bytes of the answer (default: the head and half the body; never all of it), then a normal
    close (FIN): a truncated body.
``garbage_response`` (``data=None, size=64, seed=0``)
    the request is read (never forwarded) and answered with ``data``, or ``size`` random
    bytes that are not HTTP, then the connection is closed. ``data=http_reply(200, b"<html>")``
    plays a captive portal.
``http_500`` (``status=500, body=..., content_type="text/plain"``)
    the request is read (never forwarded) and answered ``HTTP/1.1 500`` with a small body,
    like a load balancer whose backend is down.
``delay`` (``seconds=5.0``)
    forwarded like ``pass``, but the first bytes of the answer are held for ``seconds`` after
    they arrive: the server has already answered (and committed) when the client times out.
    Later answers on the same keep-alive connection are not held.
``blackhole``
    the request is read and thrown away; no answer ever comes (the client's read times out).

``FaultProxy(..., per_request=True)`` speaks HTTP/1.1 instead: it reads each request whole
and takes a mode for it (``stats`` and ``fail_next`` count requests), so a client that keeps
one connection open for a whole sync gets its faults all the same ("the answer to the third
push is lost"). ``pass`` and ``delay`` keep the connection for the next request; every fault
ends it the way it ends a connection above. Each request and answer is read whole before it
is passed on, so this works for HTTP only.

Resets are real TCP RSTs (``SO_LINGER`` 0). The proxy runs an asyncio loop in one background
thread; ``stop()`` resets what is still open, joins the thread and closes every socket.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import random
import socket
import struct
import termios
import threading
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Final

MODES: Final = (
    "pass",
    "offline",
    "reset_request",
    "lose_response",
    "truncate_response",
    "garbage_response",
    "http_500",
    "delay",
    "blackhole",
)

# Options each mode takes, with their defaults.
_OPTIONS: Final[Mapping[str, Mapping[str, Any]]] = {
    "pass": {},
    "offline": {},
    "reset_request": {"after": None},
    "lose_response": {},
    "truncate_response": {"after": None},
    "garbage_response": {"data": None, "size": 64, "seed": 0},
    "http_500": {"status": 500, "body": b"Internal Server Error\n", "content_type": "text/plain"},
    "delay": {"seconds": 5.0},
    "blackhole": {},
}

CHUNK: Final = 65536
MESSAGE_TIMEOUT: Final = 30.0  # longest wait for a whole request or answer to arrive
DRAIN_TIMEOUT: Final = 2.0  # after an answer we made up: how long the client may take to go
_UNTIL_EOF: Final = -1

_REASONS: Final = {
    200: "OK",
    400: "Bad Request",
    404: "Not Found",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


def http_reply(
    status: int, body: bytes = b"", content_type: str = "text/plain", reason: str | None = None
) -> bytes:
    """A whole HTTP/1.1 answer with ``Connection: close`` (for ``garbage_response``'s
    ``data`` or the answer ``http_500`` sends)."""
    reason = reason if reason is not None else _REASONS.get(status, "Status")
    head = (
        f"HTTP/1.1 {status} {reason}\r\n"
        f"Content-Type: {content_type}\r\n"
        f"Content-Length: {len(body)}\r\n"
        "Connection: close\r\n\r\n"
    )
    return head.encode("latin-1") + body


def message_length(buffer: bytes, *, response: bool) -> int | None:
    """Bytes of the first whole HTTP message at the start of ``buffer``: ``None`` while it is
    incomplete, -1 for an answer that ends only when the connection closes (no length).

    Requests without a length have no body; interim (1xx) answers are counted with the
    answer that follows them. Not a full HTTP parser: enough for the messages tests send.
    """
    end = buffer.find(b"\r\n\r\n")
    if end < 0:
        return None
    head_end = end + 4
    lines = buffer[:end].split(b"\r\n")
    headers: dict[bytes, bytes] = {}
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        headers[name.strip().lower()] = value.strip()
    if response:
        parts = lines[0].split(None, 2)
        if len(parts) < 2 or not parts[1].isdigit():
            return _UNTIL_EOF  # not HTTP: whatever comes until the server closes
        status = int(parts[1])
        if 100 <= status < 200:
            rest = message_length(buffer[head_end:], response=True)
            return rest if rest is None or rest == _UNTIL_EOF else head_end + rest
        if status in (204, 304):
            return head_end
    if b"chunked" in headers.get(b"transfer-encoding", b"").lower():
        return _chunked_end(buffer, head_end)
    length = headers.get(b"content-length")
    if length is not None and length.isdigit():
        total = head_end + int(length)
        return total if len(buffer) >= total else None
    return _UNTIL_EOF if response else head_end


def _chunked_end(buffer: bytes, position: int) -> int | None:
    while True:
        line_end = buffer.find(b"\r\n", position)
        if line_end < 0:
            return None
        try:
            size = int(buffer[position:line_end].split(b";")[0].strip(), 16)
        except ValueError:
            return _UNTIL_EOF
        if size == 0:
            after = line_end + 2
            if buffer[after : after + 2] == b"\r\n":
                return after + 2
            trailer_end = buffer.find(b"\r\n\r\n", after)
            return None if trailer_end < 0 else trailer_end + 4
        position = line_end + 2 + size + 2
        if position > len(buffer):
            return None


@dataclass(eq=False)
class _Connection:
    mode: str
    client: asyncio.StreamWriter
    upstream: asyncio.StreamWriter | None = None
    task: asyncio.Task[None] | None = None
    tasks: list[asyncio.Task[Any]] = field(default_factory=list)


class _Reset(Exception):
    """One side reset its connection (or a read failed): the other side gets a reset too."""


def _rst(writer: asyncio.StreamWriter | None) -> None:
    """Close with a TCP reset now (SO_LINGER 0), whatever is still buffered."""
    if writer is None:
        return
    transport = writer.transport
    sock = transport.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    transport.abort()


def _close(writer: asyncio.StreamWriter | None) -> None:
    if writer is not None:
        writer.transport.close()


async def _unsent_gone(writer: asyncio.StreamWriter, timeout: float = 1.0) -> None:
    """Wait until the peer has acknowledged every byte written (Linux: SIOCOUTQ is 0), so that
    a reset sent next cannot discard them."""
    with contextlib.suppress(ConnectionError, OSError):
        await writer.drain()
    sock = writer.transport.get_extra_info("socket")
    if sock is None:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            pending = struct.unpack("i", fcntl.ioctl(sock.fileno(), termios.TIOCOUTQ, b"\0\0\0\0"))[
                0
            ]
        except OSError:
            return
        if pending == 0:
            return
        await asyncio.sleep(0.001)


async def _read_message(
    reader: asyncio.StreamReader,
    *,
    response: bool,
    timeout: float = MESSAGE_TIMEOUT,
    start: bytes = b"",
) -> tuple[bytes, bool]:
    """Read one whole HTTP message (or what came before EOF or the timeout), after the bytes
    ``start`` already read: (bytes, ended) where ``ended`` says the peer closed or reset its
    side."""
    buffer = start
    deadline = time.monotonic() + timeout
    while True:
        length = message_length(buffer, response=response)
        if length is not None and length != _UNTIL_EOF:
            return buffer, False
        left = deadline - time.monotonic()
        if left <= 0:
            return buffer, False
        try:
            data = await asyncio.wait_for(reader.read(CHUNK), left)
        except TimeoutError:
            return buffer, False
        except (ConnectionError, OSError):
            return buffer, True
        if not data:
            return buffer, True
        buffer += data


class FaultProxy:
    """A loopback TCP proxy to ``target_host:target_port`` with switchable faults (see the
    module's description). ``port`` is chosen by the system unless given; ``per_request``
    takes a mode for each HTTP request instead of each connection."""

    def __init__(
        self, target_host: str, target_port: int, *, port: int = 0, per_request: bool = False
    ) -> None:
        self.target_host = target_host
        self.target_port = target_port
        self.per_request = per_request
        self._wanted_port = port
        self.port = 0
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._mode = "pass"
        self._options: dict[str, Any] = {}
        self._next: list[tuple[str, dict[str, Any]]] = []
        self._stats: Counter[str] = Counter()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._server: asyncio.Server | None = None
        self._open: set[_Connection] = set()  # touched only in the loop's thread

    # -- life ------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FaultProxy:
        if self._thread is not None:
            return self
        loop = asyncio.new_event_loop()
        ready = threading.Event()

        def run() -> None:
            asyncio.set_event_loop(loop)
            loop.call_soon(ready.set)
            loop.run_forever()

        thread = threading.Thread(target=run, name=f"faultproxy-{self.target_port}", daemon=True)
        thread.start()
        ready.wait()
        try:
            self._server = asyncio.run_coroutine_threadsafe(
                asyncio.start_server(self._accept, "127.0.0.1", self._wanted_port), loop
            ).result(timeout=10)
        except BaseException:
            loop.call_soon_threadsafe(loop.stop)
            thread.join()
            loop.close()
            raise
        self.port = self._server.sockets[0].getsockname()[1]
        self._loop, self._thread = loop, thread
        return self

    def stop(self) -> None:
        """Reset every open connection, stop listening and end the proxy's thread."""
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        try:
            asyncio.run_coroutine_threadsafe(self._shutdown(), loop).result(timeout=10)
        finally:
            loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout=10)
            loop.close()
            self._loop = self._thread = self._server = None

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # -- control (any thread) --------------------------------------------------------------

    def set(self, mode: str, **options: Any) -> None:
        """The mode every new connection gets from now on (pending ``fail_next`` cleared)."""
        chosen = self._options_for(mode, options)
        with self._lock:
            self._mode, self._options = mode, chosen
            self._next.clear()

    def fail_next(self, n: int, mode: str, **options: Any) -> None:
        """The next ``n`` new connections get ``mode``, then the standing mode applies again."""
        chosen = self._options_for(mode, options)
        with self._lock:
            self._next.extend((mode, dict(chosen)) for _ in range(n))

    @property
    def mode(self) -> str:
        with self._lock:
            return self._mode

    @property
    def stats(self) -> dict[str, int]:
        """Connections accepted so far (requests with ``per_request``), by the mode each
        got."""
        with self._lock:
            return dict(self._stats)

    def wait_for(self, mode: str, count: int = 1, timeout: float = 5.0) -> bool:
        """Wait until at least ``count`` connections (requests with ``per_request``) got
        ``mode``; False on timeout."""
        with self._changed:
            return self._changed.wait_for(lambda: self._stats[mode] >= count, timeout)

    def cut(self) -> int:
        """Reset every connection open now (client and server side); how many there were."""
        loop = self._loop
        if loop is None:
            return 0
        return asyncio.run_coroutine_threadsafe(self._cut_all(), loop).result(timeout=10)

    @staticmethod
    def _options_for(mode: str, options: Mapping[str, Any]) -> dict[str, Any]:
        if mode not in _OPTIONS:
            raise ValueError(f"unknown fault mode {mode!r}; one of {', '.join(MODES)}")
        unknown = set(options) - set(_OPTIONS[mode])
        if unknown:
            raise TypeError(f"mode {mode!r} takes no option {', '.join(sorted(unknown))}")
        return {**_OPTIONS[mode], **options}

    def _take(self) -> tuple[str, dict[str, Any]]:
        with self._changed:
            if self._next:
                mode, options = self._next.pop(0)
            else:
                mode, options = self._mode, dict(self._options)
            self._stats[mode] += 1
            self._changed.notify_all()
            return mode, options

    # -- the loop's side -------------------------------------------------------------------

    async def _shutdown(self) -> None:
        if self._server is not None:
            self._server.close()
        await self._cut_all()
        if self._server is not None:
            await self._server.wait_closed()
        for _ in range(3):  # the transports' own close callbacks, which close the sockets
            await asyncio.sleep(0)
        await asyncio.get_running_loop().shutdown_default_executor()  # name look-ups

    async def _cut_all(self) -> int:
        connections = list(self._open)
        for connection in connections:
            _rst(connection.client)
            _rst(connection.upstream)
            for task in [connection.task, *connection.tasks]:
                if task is not None:
                    task.cancel()
        tasks = [c.task for c in connections if c.task is not None]
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
        return len(connections)

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        options: dict[str, Any] = {}
        if self.per_request:
            mode = ""
        else:
            mode, options = self._take()
        connection = _Connection(mode, writer, task=asyncio.current_task())
        self._open.add(connection)
        try:
            if self.per_request:
                await self._per_request(connection, reader)
            else:
                await getattr(self, f"_{mode}")(connection, reader, **options)
        except asyncio.CancelledError:
            _rst(connection.client)
            _rst(connection.upstream)
        except (_Reset, ConnectionError, OSError):
            _rst(connection.client)
            _rst(connection.upstream)
        finally:
            for task in connection.tasks:
                task.cancel()
            if connection.tasks:
                await asyncio.gather(*connection.tasks, return_exceptions=True)
            _close(connection.client)
            _close(connection.upstream)
            self._open.discard(connection)

    async def _connect(self, connection: _Connection) -> asyncio.StreamReader:
        """Open the server side; a server that cannot be reached resets the client."""
        try:
            reader, writer = await asyncio.open_connection(self.target_host, self.target_port)
        except OSError as error:
            raise _Reset("server unreachable") from error
        connection.upstream = writer
        return reader

    async def _pump(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        hold: float = 0.0,
    ) -> None:
        """Copy until EOF (then half-close the other side); a reset raises ``_Reset``."""
        try:
            while True:
                data = await reader.read(CHUNK)
                if not data:
                    break
                if hold:
                    await asyncio.sleep(hold)
                    hold = 0.0
                writer.write(data)
                await writer.drain()
            if writer.can_write_eof() and not writer.transport.is_closing():
                writer.write_eof()
        except (ConnectionError, OSError) as error:
            raise _Reset(str(error)) from error

    async def _both_ways(
        self, connection: _Connection, client: asyncio.StreamReader, hold: float = 0.0
    ) -> None:
        upstream = await self._connect(connection)
        assert connection.upstream is not None
        up = asyncio.create_task(self._pump(client, connection.upstream))
        down = asyncio.create_task(self._pump(upstream, connection.client, hold))
        connection.tasks += [up, down]
        pending: set[asyncio.Task[None]] = {up, down}
        while pending:
            done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                error = task.exception()
                if error is not None:
                    raise error

    async def _pass(self, connection: _Connection, client: asyncio.StreamReader) -> None:
        await self._both_ways(connection, client)

    async def _delay(
        self, connection: _Connection, client: asyncio.StreamReader, seconds: float
    ) -> None:
        await self._both_ways(connection, client, hold=seconds)

    async def _offline(self, connection: _Connection, client: asyncio.StreamReader) -> None:
        _rst(connection.client)

    async def _blackhole(self, connection: _Connection, client: asyncio.StreamReader) -> None:
        with contextlib.suppress(ConnectionError, OSError):
            while await client.read(CHUNK):
                pass

    async def _reset_request(
        self, connection: _Connection, client: asyncio.StreamReader, after: int | None
    ) -> None:
        request, _ = await _read_message(client, response=False)
        await self._connect(connection)
        await self._deliver_part(connection, request, after)

    async def _deliver_part(
        self, connection: _Connection, request: bytes, after: int | None
    ) -> None:
        """Deliver part of ``request`` to the server (never all of it), then reset both sides."""
        assert connection.upstream is not None
        cut = len(request) // 2 if after is None else after
        cut = max(0, min(cut, len(request) - 1))
        connection.upstream.write(request[:cut])
        await _unsent_gone(connection.upstream)
        await asyncio.sleep(0.01)  # let the server read them before the reset arrives
        _rst(connection.upstream)
        _rst(connection.client)

    async def _whole_answer(self, connection: _Connection, client: asyncio.StreamReader) -> bytes:
        """Forward the client's bytes to the server and read the server's whole answer."""
        upstream = await self._connect(connection)
        assert connection.upstream is not None
        up = asyncio.create_task(self._pump(client, connection.upstream))
        connection.tasks.append(up)
        answer, _ = await _read_message(upstream, response=True)
        for task in connection.tasks:  # stop reading the client: the caller may read it now
            task.cancel()
        await asyncio.gather(*connection.tasks, return_exceptions=True)
        connection.tasks.clear()
        return answer

    async def _lose_response(self, connection: _Connection, client: asyncio.StreamReader) -> None:
        await self._whole_answer(connection, client)
        _rst(connection.client)

    async def _truncate_response(
        self, connection: _Connection, client: asyncio.StreamReader, after: int | None
    ) -> None:
        answer = await self._whole_answer(connection, client)
        _close(connection.upstream)
        await self._answer_and_close(connection, client, _truncated(answer, after), read=False)

    async def _garbage_response(
        self,
        connection: _Connection,
        client: asyncio.StreamReader,
        data: bytes | None,
        size: int,
        seed: int,
    ) -> None:
        await self._answer_and_close(connection, client, _garbage(data, size, seed))

    async def _http_500(
        self,
        connection: _Connection,
        client: asyncio.StreamReader,
        status: int,
        body: bytes,
        content_type: str,
    ) -> None:
        await self._answer_and_close(connection, client, http_reply(status, body, content_type))

    async def _answer_and_close(
        self,
        connection: _Connection,
        client: asyncio.StreamReader,
        answer: bytes,
        *,
        read: bool = True,
    ) -> None:
        """Send ``answer`` (after reading the request when ``read``) and a FIN, reading what
        the client still sends so that the close stays a FIN (unread bytes would turn it into
        a reset)."""
        if read:
            await _read_message(client, response=False)
        writer = connection.client
        writer.write(answer)
        await writer.drain()
        writer.write_eof()
        with contextlib.suppress(TimeoutError, ConnectionError, OSError):
            async with asyncio.timeout(DRAIN_TIMEOUT):
                while await client.read(CHUNK):
                    pass

    # -- one mode per request (per_request=True) -------------------------------------------

    async def _per_request(self, connection: _Connection, client: asyncio.StreamReader) -> None:
        """Read each request whole, take a mode for it, and act: ``pass`` and ``delay`` keep
        the connection (and the one to the server) for the next request, the faults end it."""
        upstream: asyncio.StreamReader | None = None
        while True:
            first = await client.read(CHUNK)  # an idle keep-alive connection waits here
            if not first:
                return
            request, _ = await _read_message(client, response=False, start=first)
            mode, options = self._take()
            connection.mode = mode
            if mode == "offline":
                raise _Reset("offline")
            if mode == "blackhole":
                await self._blackhole(connection, client)
                return
            if mode == "garbage_response":
                answer = _garbage(options["data"], options["size"], options["seed"])
                await self._answer_and_close(connection, client, answer, read=False)
                return
            if mode == "http_500":
                answer = http_reply(options["status"], options["body"], options["content_type"])
                await self._answer_and_close(connection, client, answer, read=False)
                return
            if upstream is None:
                upstream = await self._connect(connection)
            assert connection.upstream is not None
            if mode == "reset_request":
                await self._deliver_part(connection, request, options["after"])
                return
            connection.upstream.write(request)
            await connection.upstream.drain()
            answer, server_closed = await _read_message(upstream, response=True)
            if mode == "lose_response":
                _rst(connection.client)
                return
            if mode == "truncate_response":
                _close(connection.upstream)
                cut = _truncated(answer, options["after"])
                await self._answer_and_close(connection, client, cut, read=False)
                return
            if mode == "delay":
                await asyncio.sleep(options["seconds"])
            connection.client.write(answer)
            await connection.client.drain()
            if server_closed:
                return


def _truncated(answer: bytes, after: int | None) -> bytes:
    """The first ``after`` bytes of ``answer`` (default the head and half the body), never
    all of it."""
    if after is None:
        head_end = answer.find(b"\r\n\r\n") + 4
        body = len(answer) - head_end if head_end >= 4 else 0
        after = head_end + body // 2 if body > 1 else len(answer) // 2
    return answer[: max(0, min(after, len(answer) - 1))]


def _garbage(data: bytes | None, size: int, seed: int) -> bytes:
    if data is not None:
        return data
    noise = random.Random(seed).randbytes(size)
    return b"\x00" + noise[1:] if noise[:1].isalpha() else noise  # never a status line
