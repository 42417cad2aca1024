"""The test tooling of the sync fault tests: each fault of ``faultproxy.FaultProxy`` gives the
client the symptom it promises (and the server what it promises), and ``processes`` starts,
kills and restarts a real server process (here a stand-in script) and runs the desktop CLI.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import socket
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests
from faultproxy import FaultProxy, http_reply, message_length
from processes import ServerFailed, ServerProcess, free_port, http_status, run_sewaka

# -- a tiny HTTP server that remembers the whole requests it handled ----------------------------


@dataclass
class Handled:
    requests: list[tuple[str, str, bytes]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, method: str, path: str, body: bytes) -> None:
        with self.lock:
            self.requests.append((method, path, body))

    def paths(self) -> list[str]:
        with self.lock:
            return [path for _, path, _ in self.requests]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _reply(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self.server.handled.add("GET", self.path, b"")
        if self.path.startswith("/big"):
            size = int(self.path.partition("=")[2] or 100_000)
            self._reply(200, bytes(i % 251 for i in range(size)))
        else:
            self._reply(200, b"ok")

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        body = self.rfile.read(length)
        if len(body) == length:  # a whole request: "committed"
            self.server.handled.add("POST", self.path, body)
            self._reply(200, b"echo:" + body)


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.handled = Handled()


@pytest.fixture
def server() -> Iterator[Server]:
    httpd = Server()
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()
    thread.join()


@pytest.fixture(params=[False, True], ids=["per-connection", "per-request"])
def proxy(server: Server, request: pytest.FixtureRequest) -> Iterator[FaultProxy]:
    """Each mode test runs twice: a mode per connection, and per HTTP request (every
    request here opens its own connection, so both see the same)."""
    port = server.server_address[1]
    with FaultProxy("127.0.0.1", port, per_request=request.param) as running:
        yield running


def post(proxy: FaultProxy, body: bytes, timeout: float = 5.0) -> requests.Response:
    return requests.post(f"{proxy.url}/push", data=body, timeout=timeout)


# -- the modes ----------------------------------------------------------------------------------


def test_pass_forwards_both_ways(server: Server, proxy: FaultProxy) -> None:
    assert post(proxy, b"hello").content == b"echo:hello"
    big = requests.get(f"{proxy.url}/big?n=1000000", timeout=5)
    assert big.content == bytes(i % 251 for i in range(1_000_000))
    body = os.urandom(2_000_000)
    assert post(proxy, body).content == b"echo:" + body
    assert server.handled.paths() == ["/push", "/big?n=1000000", "/push"]
    assert proxy.stats == {"pass": 3}


def test_offline_resets_at_once_and_nothing_reaches_the_server(
    server: Server, proxy: FaultProxy
) -> None:
    proxy.set("offline")
    started = time.monotonic()
    with pytest.raises(requests.ConnectionError):
        post(proxy, b"record")
    assert time.monotonic() - started < 2
    assert server.handled.paths() == []
    proxy.set("pass")
    assert post(proxy, b"record").content == b"echo:record"
    assert proxy.stats == {"offline": 1, "pass": 1}


def test_reset_request_delivers_only_part_of_it_then_resets_both_sides() -> None:
    received: list[bytes] = []
    ending: list[str] = []
    with socket.create_server(("127.0.0.1", 0)) as sink:

        def serve() -> None:
            conn, _ = sink.accept()
            with conn:
                try:
                    while data := conn.recv(65536):
                        received.append(data)
                    ending.append("eof")
                except ConnectionResetError:
                    ending.append("reset")

        thread = threading.Thread(target=serve)
        thread.start()
        with FaultProxy("127.0.0.1", sink.getsockname()[1]) as proxy:
            proxy.set("reset_request", after=100)
            request = (
                b"POST /push HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n" + b"x" * 1000
            )
            with socket.create_connection(("127.0.0.1", proxy.port)) as client:
                client.sendall(request)
                with pytest.raises(ConnectionResetError):
                    client.recv(100)
            thread.join(timeout=5)
    assert b"".join(received) == request[:100]
    assert ending == ["reset"]


def test_reset_request_never_lets_the_server_handle_it(server: Server, proxy: FaultProxy) -> None:
    proxy.set("reset_request")  # half the request by default
    with pytest.raises(requests.ConnectionError):
        post(proxy, b"y" * 5000)
    proxy.set("reset_request", after=10**9)  # more than it has: all but its last byte
    with pytest.raises(requests.ConnectionError):
        post(proxy, b"y" * 10)
    time.sleep(0.1)
    assert server.handled.paths() == []


def test_lose_response_lets_the_server_commit_and_the_client_sees_a_reset(
    server: Server, proxy: FaultProxy
) -> None:
    proxy.set("lose_response")
    with pytest.raises(requests.ConnectionError) as raised:
        post(proxy, b"entry-1")
    assert "reset" in repr(raised.value).lower() or "aborted" in repr(raised.value).lower()
    assert server.handled.requests == [("POST", "/push", b"entry-1")]  # committed
    proxy.set("pass")
    assert post(proxy, b"entry-1").content == b"echo:entry-1"  # the retry


def test_truncate_response_sends_part_of_the_answer_then_a_normal_close(
    server: Server, proxy: FaultProxy
) -> None:
    proxy.set("truncate_response", after=150)
    with socket.create_connection(("127.0.0.1", proxy.port)) as client:
        client.sendall(b"GET /big?n=1000 HTTP/1.1\r\nHost: x\r\n\r\n")
        got = b""
        while data := client.recv(65536):  # ends with EOF, not a reset
            got += data
    assert len(got) == 150
    assert got.startswith(b"HTTP/1.1 200")
    assert server.handled.paths() == ["/big?n=1000"]

    proxy.set("truncate_response")  # the head and half the body
    connection = http.client.HTTPConnection("127.0.0.1", proxy.port, timeout=5)
    connection.request("GET", "/big?n=1000")
    answer = connection.getresponse()
    with pytest.raises(http.client.IncompleteRead) as raised:
        answer.read()
    assert len(raised.value.partial) == 500
    connection.close()

    with pytest.raises((requests.ConnectionError, requests.exceptions.ChunkedEncodingError)):
        requests.get(f"{proxy.url}/big?n=1000", timeout=5)


def test_garbage_response_is_not_http_and_never_reaches_the_server(
    server: Server, proxy: FaultProxy
) -> None:
    proxy.set("garbage_response")
    with pytest.raises(requests.ConnectionError):
        post(proxy, b"record")
    with socket.create_connection(("127.0.0.1", proxy.port)) as client:
        client.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        got = b""
        while data := client.recv(65536):
            got += data
    assert len(got) == 64 and not got.startswith(b"HTTP")

    portal = http_reply(200, b"<html>Masuk ke wifi.id</html>", "text/html")
    proxy.set("garbage_response", data=portal)  # a captive portal: 200, but not the server
    answer = post(proxy, b"record")
    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "text/html"
    assert server.handled.paths() == []


def test_http_500_answers_cleanly_even_a_big_request(server: Server, proxy: FaultProxy) -> None:
    proxy.set("http_500")
    answer = post(proxy, os.urandom(3_000_000))
    assert answer.status_code == 500
    assert answer.text == "Internal Server Error\n"
    proxy.set("http_500", status=503, body=b"busy")
    answer = requests.get(f"{proxy.url}/health", timeout=5)
    assert (answer.status_code, answer.content) == (503, b"busy")
    assert server.handled.paths() == []


def test_delay_holds_an_answer_the_server_already_gave(server: Server, proxy: FaultProxy) -> None:
    proxy.set("delay", seconds=0.4)
    with pytest.raises(requests.ReadTimeout):
        post(proxy, b"slow", timeout=0.15)
    assert proxy.wait_for("delay")
    deadline = time.monotonic() + 2  # a busy machine: the server may still be at it
    while not server.handled.requests and time.monotonic() < deadline:
        time.sleep(0.01)
    assert server.handled.requests == [("POST", "/push", b"slow")]
    started = time.monotonic()
    assert post(proxy, b"slow", timeout=3).content == b"echo:slow"
    assert time.monotonic() - started >= 0.35


def test_blackhole_never_answers(server: Server, proxy: FaultProxy) -> None:
    proxy.set("blackhole")
    with pytest.raises(requests.ReadTimeout):
        post(proxy, b"lost", timeout=0.3)
    assert server.handled.paths() == []


def test_fail_next_then_back_to_the_standing_mode(server: Server, proxy: FaultProxy) -> None:
    proxy.fail_next(2, "http_500")
    statuses = [post(proxy, b"x").status_code for _ in range(3)]
    assert statuses == [500, 500, 200]
    proxy.set("offline")
    proxy.fail_next(1, "pass")
    assert post(proxy, b"y").status_code == 200
    with pytest.raises(requests.ConnectionError):
        post(proxy, b"z")
    assert proxy.stats == {"http_500": 2, "pass": 2, "offline": 1}
    assert server.handled.paths() == ["/push", "/push"]
    proxy.fail_next(3, "http_500")
    proxy.set("pass")  # a new standing mode clears what fail_next queued
    assert post(proxy, b"w").status_code == 200


def test_a_mode_applies_to_new_connections_and_cut_resets_the_open_ones(server: Server) -> None:
    proxy = FaultProxy("127.0.0.1", server.server_address[1]).start()
    keep = http.client.HTTPConnection("127.0.0.1", proxy.port, timeout=5)
    keep.request("GET", "/health")
    assert keep.getresponse().read() == b"ok"
    proxy.set("offline")
    keep.request("GET", "/health")  # the same keep-alive connection: still passes
    assert keep.getresponse().read() == b"ok"
    assert proxy.cut() == 1
    with pytest.raises((ConnectionError, http.client.HTTPException)):
        keep.request("GET", "/health")
        keep.getresponse()
    keep.close()
    assert proxy.cut() == 0
    proxy.stop()


def test_per_request_faults_reach_a_kept_alive_connection(server: Server) -> None:
    port = server.server_address[1]
    with FaultProxy("127.0.0.1", port, per_request=True) as proxy, requests.Session() as session:
        url = f"{proxy.url}/push"
        assert session.post(url, data=b"1", timeout=5).content == b"echo:1"
        assert session.post(url, data=b"2", timeout=5).content == b"echo:2"
        assert proxy.cut() == 1  # both went through one connection, still open
        assert session.post(url, data=b"3", timeout=5).content == b"echo:3"
        proxy.fail_next(1, "lose_response")  # the connection of "3" is open: it gets it
        with pytest.raises(requests.ConnectionError):
            session.post(url, data=b"4", timeout=5)
        proxy.set("delay", seconds=0.3)
        assert session.post(url, data=b"5", timeout=5).content == b"echo:5"
        started = time.monotonic()
        assert session.post(url, data=b"6", timeout=5).content == b"echo:6"  # same connection
        assert time.monotonic() - started >= 0.25
        proxy.set("http_500")
        assert session.post(url, data=b"7", timeout=5).status_code == 500
        assert proxy.stats == {"pass": 3, "lose_response": 1, "delay": 2, "http_500": 1}
    bodies = [body for _, _, body in server.handled.requests]
    assert bodies == [b"1", b"2", b"3", b"4", b"5", b"6"]


def test_an_unreachable_server_resets_the_client() -> None:
    with FaultProxy("127.0.0.1", free_port()) as proxy, pytest.raises(requests.ConnectionError):
        requests.get(f"{proxy.url}/health", timeout=5)


def test_wait_for_and_bad_modes(server: Server, proxy: FaultProxy) -> None:
    assert not proxy.wait_for("pass", timeout=0.05)
    client = threading.Thread(target=lambda: post(proxy, b"a"))
    client.start()
    assert proxy.wait_for("pass", timeout=5)
    client.join()
    with pytest.raises(ValueError, match="unknown fault mode"):
        proxy.set("flaky")
    with pytest.raises(TypeError, match="takes no option"):
        proxy.set("delay", after=3)


def test_stop_leaves_no_thread_socket_or_listener(server: Server) -> None:
    def descriptors() -> int:
        return len(os.listdir("/proc/self/fd"))

    def threads_but_the_servers() -> set[threading.Thread]:
        return {t for t in threading.enumerate() if "process_request" not in t.name}

    threads, fds = threads_but_the_servers(), descriptors()
    proxy = FaultProxy("127.0.0.1", server.server_address[1]).start()
    hanging = socket.create_connection(("127.0.0.1", proxy.port))  # open at stop()
    assert proxy.wait_for("pass")  # accepted: its mode is chosen
    proxy.set("blackhole")
    second = socket.create_connection(("127.0.0.1", proxy.port))
    second.sendall(b"GET / HTTP/1.1\r\n\r\n")
    assert proxy.wait_for("blackhole")
    for mode in ("http_500", "garbage_response", "lose_response", "truncate_response"):
        proxy.set(mode)
        with contextlib.suppress(requests.RequestException):
            requests.get(f"{proxy.url}/health", timeout=5)
    port = proxy.port
    proxy.stop()
    for open_one in (hanging, second):
        with pytest.raises(ConnectionResetError):
            open_one.recv(10)
    hanging.close()
    second.close()
    deadline = time.monotonic() + 2  # the test server's own threads close their ends
    while (threads_but_the_servers(), descriptors()) != (threads, fds):
        if time.monotonic() > deadline:
            break
        time.sleep(0.01)
    assert threads_but_the_servers() == threads
    assert descriptors() == fds
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=1)


def test_message_length_reads_http_framing() -> None:
    head = b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n"
    assert message_length(head + b"ab", response=True) is None
    assert message_length(head + b"abc", response=True) == len(head) + 3
    chunked = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n"
    assert message_length(chunked, response=True) is None
    assert message_length(chunked + b"0\r\n\r\n", response=True) == len(chunked) + 5
    assert message_length(b"HTTP/1.1 200 OK\r\n\r\nrest", response=True) == -1
    interim = b"HTTP/1.1 100 Continue\r\n\r\n"
    assert message_length(interim + head + b"abc", response=True) == len(interim + head) + 3
    assert message_length(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", response=False) == 27


# -- real processes -----------------------------------------------------------------------------

STAND_IN = """
import sys, time
from http.server import BaseHTTPRequestHandler, HTTPServer

class Health(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200 if self.path == "/health" else 404)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")
    def log_message(self, *args):
        pass

time.sleep(0.2)  # not ready at once, like a server running its migrations
print("database", sys.argv[2], flush=True)
HTTPServer(("127.0.0.1", int(sys.argv[1])), Health).serve_forever()
"""


def test_server_process_starts_is_killed_and_restarts(tmp_path: Path) -> None:
    script = tmp_path / "stand_in.py"
    script.write_text(STAND_IN)
    command = [sys.executable, str(script), "{port}", "{database_url}"]
    port = free_port()
    with ServerProcess("sqlite:///x.db", port, command=command, logs=tmp_path) as server:
        assert http_status(port) == 200
        first = server.pid
        assert "database sqlite:///x.db" in server.output()
        assert server.kill() == -9
        assert http_status(port) is None
        server.restart()
        assert http_status(port) == 200
        assert server.pid != first
        assert server.terminate() == -15
        assert not server.running()


def test_server_process_refuses_a_port_already_taken(tmp_path: Path) -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        server = ServerProcess("x", taken.getsockname()[1], command=[sys.executable, "-c", ""])
        with pytest.raises(ServerFailed, match="already listens"):
            server.start()
        server.close()


def test_server_process_that_dies_reports_its_output(tmp_path: Path) -> None:
    script = tmp_path / "broken.py"
    script.write_text("import sys\nsys.exit('database unreachable')\n")
    server = ServerProcess("x", command=[sys.executable, str(script)], ready_timeout=10)
    with pytest.raises(ServerFailed, match="database unreachable"):
        server.start()
    server.close()


def test_run_sewaka_uses_the_office_folder(tmp_path: Path) -> None:
    home = tmp_path / "office"
    code, out, err = run_sewaka(["settings", "show", "--json"], home)
    assert code == 0, err
    assert json.loads(out)["timezone"] == "Asia/Jakarta"
    assert (home / "sewaka.sqlite3").exists()
