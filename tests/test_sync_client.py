"""The device's HTTP client, then the whole client against the real central server.

First ``sync.transport.HttpTransport`` against a scripted HTTP server on loopback: every way
an answer can go wrong is classified as the engine needs it (retry, wait, enrol again, or
refused), a redirect is never followed, the token never shows. Then the real server
(``server.app``, uvicorn in a thread, SQLite in ``tmp_path``) with ``sewaka enrol`` and
``sewaka sync --once --json`` run through ``desktop.cli.main``: records made before and
after enrolment reach the server exactly once and the PC says it is reconciled; a revoked
PC gets its own exit code and says why.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from support import BUDI_NIK, configure_office, fetch_all, valid_form
from test_sync_engine import status_payload

from desktop.cli import EXIT_NOT_ENROLLED, EXIT_OK, EXIT_UNAUTHORIZED, main
from desktop.services.requests import RequestService
from desktop.services.workspace import open_workspace
from sync import wire
from sync.transport import (
    HttpTransport,
    RateLimited,
    Refused,
    Timeouts,
    TransportError,
    Unauthorized,
    parse_retry_after,
)

TOKEN = "secret-token-" + "x" * 30
NOW = "2026-03-10T02:00:00+00:00"
HEALTH = json.dumps({"status": "ok", "database": "ok", "server_time": NOW, "protocol": 1})

# -- a scripted server -------------------------------------------------------------------------

Reply = Callable[[BaseHTTPRequestHandler], None]


def answer(
    status: int, body: bytes | str, headers: dict[str, str] | None = None, length: int | None = None
) -> Reply:
    data = body.encode() if isinstance(body, str) else body

    def reply(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data) if length is None else length))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(data)
        handler.wfile.flush()
        if length is not None:
            handler.close_connection = True

    return reply


class Scripted:
    """Answers each path as scripted; remembers what it was sent."""

    def __init__(self) -> None:
        self.replies: dict[str, Reply] = {}
        self.seen: list[tuple[str, str, dict[str, str], bytes]] = []
        scripted = self

        class Handler(BaseHTTPRequestHandler):
            def _handle(self) -> None:
                size = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(size) if size else b""
                scripted.seen.append((self.command, self.path, dict(self.headers), body))
                path = self.path.split("?", 1)[0]
                scripted.replies.get(path, answer(404, '{"code":"nope","message":"-"}'))(self)

            do_GET = _handle
            do_POST = _handle

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def scripted() -> Iterator[Scripted]:
    server = Scripted()
    yield server
    server.close()


def client(url: str, read: float = 5.0) -> HttpTransport:
    return HttpTransport(url, TOKEN, Timeouts(connect=2.0, read=read))


def status_changes(numbers: range) -> wire.PushRequest:
    """A push of status changes (valid payloads), one per number."""
    return wire.PushRequest(
        entries=[
            wire.Entry(
                entity=wire.Entity.STATUS_CHANGE,
                entity_id=p["id"],
                version=1,
                operation=wire.Operation.INSERT,
                hlc=p["hlc"],
                payload=p,
            )
            for p in (status_payload(n) for n in numbers)
        ]
    )


def test_health_is_read_with_the_servers_clock(scripted: Scripted) -> None:
    scripted.replies["/health"] = answer(200, HEALTH)
    transport = client(scripted.url)

    health = transport.health()

    assert health.status == "ok"
    assert transport.last_server_time == dt.datetime.fromisoformat(NOW)
    assert "Authorization" not in scripted.seen[0][2]  # health needs no token


def test_push_is_gzip_with_the_token_and_parsed_per_entry(scripted: Scripted) -> None:
    result = {
        "entity": "status_change",
        "entity_id": status_payload(0)["id"],
        "version": 1,
        "outcome": "accepted",
    }
    scripted.replies["/api/v1/push"] = answer(
        200, json.dumps({"server_time": NOW, "results": [result]})
    )
    request = status_changes(range(20))

    pushed = client(scripted.url).push(request)

    assert pushed.results[0].outcome is wire.Outcome.ACCEPTED
    method, path, headers, body = scripted.seen[0]
    assert (method, path) == ("POST", "/api/v1/push")
    assert headers["Content-Encoding"] == "gzip"
    assert headers["Authorization"] == f"Bearer {TOKEN}"
    assert wire.PushRequest.model_validate_json(gzip.decompress(body)) == request


def test_a_push_prepared_ahead_sends_that_request_and_never_another(scripted: Scripted) -> None:
    """The engine has the next batch encoded while the server works on the one before; the
    body made ahead goes with its own request only."""
    scripted.replies["/api/v1/push"] = answer(200, json.dumps({"server_time": NOW, "results": []}))

    transport = client(scripted.url)
    ahead, other = status_changes(range(20)), status_changes(range(20, 40))
    transport.prepare(ahead)
    transport.push(other)  # not the one prepared: encoded afresh
    transport.prepare(ahead)
    transport.push(ahead)
    transport.push(ahead)  # a retry: encoded again, the same bytes
    transport.prepare(ahead)  # two made ahead (one on the wire, one handed over behind it)
    transport.prepare(other)
    transport.push(ahead)
    transport.push(other)

    sent = [wire.PushRequest.model_validate_json(gzip.decompress(s[3])) for s in scripted.seen]
    assert sent == [other, ahead, ahead, ahead, other]


def test_a_push_sent_now_is_read_later_and_only_its_status_fails_at_once(
    scripted: Scripted,
) -> None:
    """The engine reads a push's answer on its own thread while the next batch goes out:
    the exchange says at once what the network and the status said, the body when read."""
    transport = client(scripted.url)
    scripted.replies["/api/v1/push"] = answer(200, "<html>Login hotspot</html>")
    reading = transport.send_push(status_changes(range(3)))  # no error yet
    with pytest.raises(TransportError) as unreadable:
        reading()
    assert unreadable.value.kind == "offline"

    scripted.replies["/api/v1/push"] = answer(500, '{"code":"boom","message":"-"}')
    with pytest.raises(TransportError) as failed:
        transport.send_push(status_changes(range(3)))
    assert failed.value.kind == "server_error"


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        (answer(500, '{"code":"boom","message":"-"}'), "server_error"),
        (answer(503, "Service Unavailable"), "server_error"),
        (answer(200, "<html>Login hotspot</html>"), "offline"),  # a captive portal
        (answer(200, '{"status": "ok"}'), "server_error"),  # JSON that breaks the contract
        (answer(200, HEALTH[:20], length=len(HEALTH)), "offline"),  # cut off mid-answer
    ],
)
def test_answers_that_cannot_be_used_are_retryable(
    scripted: Scripted, reply: Reply, kind: str
) -> None:
    scripted.replies["/health"] = reply

    with pytest.raises(TransportError) as failed:
        client(scripted.url).health()

    assert failed.value.kind == kind


def test_no_server_and_a_silent_server_are_offline(scripted: Scripted) -> None:
    def slow(handler: BaseHTTPRequestHandler) -> None:
        time.sleep(1.0)
        answer(200, HEALTH)(handler)

    scripted.replies["/health"] = slow
    with pytest.raises(TransportError) as timed_out:
        client(scripted.url, read=0.2).health()
    assert timed_out.value.kind == "offline"

    scripted.close()
    with pytest.raises(TransportError) as refused:
        client(scripted.url).health()
    assert refused.value.kind == "offline"


def test_refusals_are_told_apart(scripted: Scripted) -> None:
    transport = client(scripted.url)
    scripted.replies["/api/v1/reconcile"] = answer(
        401, '{"code":"token_revoked","message":"dicabut"}', {wire.SERVER_TIME_HEADER: NOW}
    )
    with pytest.raises(Unauthorized) as unauthorized:
        transport.reconcile()
    assert unauthorized.value.problem_code == "token_revoked"
    assert unauthorized.value.server_time == dt.datetime.fromisoformat(NOW)

    scripted.replies["/api/v1/reconcile"] = answer(
        429, '{"code":"slow_down","message":"-"}', {"Retry-After": "7"}
    )
    with pytest.raises(RateLimited) as limited:
        transport.reconcile()
    assert limited.value.retry_after == 7.0

    scripted.replies["/api/v1/reconcile"] = answer(400, '{"code":"bad_cursor","message":"-"}')
    with pytest.raises(Refused) as refused:
        transport.reconcile()
    assert (refused.value.status, refused.value.problem_code) == (400, "bad_cursor")


def test_a_redirect_is_never_followed_and_the_token_never_shown(scripted: Scripted) -> None:
    elsewhere = Scripted()
    try:
        scripted.replies["/api/v1/reconcile"] = answer(
            302, "", {"Location": f"{elsewhere.url}/api/v1/reconcile"}
        )
        transport = client(scripted.url)

        with pytest.raises(Refused) as refused:
            transport.reconcile()

        assert (refused.value.status, refused.value.problem_code) == (302, "redirect")
        assert elsewhere.seen == []  # the token never went to the other host
        assert TOKEN not in repr(transport) and TOKEN not in str(refused.value)
    finally:
        elsewhere.close()


def test_retry_after_reads_seconds_and_http_dates() -> None:
    now = dt.datetime(2026, 3, 10, 2, 0, tzinfo=dt.UTC)
    assert parse_retry_after("12") == 12.0
    assert parse_retry_after("Tue, 10 Mar 2026 02:01:00 GMT", now) == 60.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after("-5") == 0.0


# -- against the real server -------------------------------------------------------------------


class Central:
    """The central server (``server.app``) in a uvicorn thread, on a SQLite file."""

    def __init__(self, folder: Path) -> None:
        import socket

        import uvicorn

        from server.app import create_app
        from server.config import Settings
        from server.db import Database, migrate

        self.database = Database(Settings(database_url=f"sqlite:///{folder / 'server.db'}"))
        self.office_ids: dict[str, str] = {}
        migrate(self.database)
        app = create_app(self.database.settings, self.database)
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}"
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True
        )
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started and time.monotonic() < deadline:
            time.sleep(0.02)
        assert self.server.started, "the server did not start"

    def new_code(self, office: str = "sukamaju") -> str:
        from server.offices import create_office

        issued = create_office(self.database, office, f"Desa {office.title()}")
        self.office_ids[office] = issued.office_id
        return issued.enrolment_code

    def held(self) -> list[tuple[str, str, int]]:
        with self.database.engine.connect() as connection:
            rows = connection.exec_driver_sql("SELECT entity, entity_id, version FROM record")
            return sorted((str(e), str(i), int(v)) for e, i, v in rows)

    def revoke(self, device_id: str) -> None:
        from server.offices import revoke_device

        assert revoke_device(self.database, device_id)

    def close(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.database.dispose()


@pytest.fixture
def central(tmp_path: Path) -> Iterator[Central]:
    server = Central(tmp_path / "central")
    yield server
    server.close()


def office_folder(home: Path, requests: int) -> str:
    """A configured office folder with ``requests`` requests; its device id."""
    workspace = open_workspace(home)
    try:
        configure_office(workspace)
        register_more(workspace, requests)
        return workspace.sync.device_id
    finally:
        workspace.close()


def register_more(workspace: Any, requests: int) -> None:
    service = RequestService(workspace)
    for n in range(requests):
        if n % 2:
            form = valid_form(nik=BUDI_NIK, name="Budi Santoso", sex="M", birth_date="05-01-1985")
        else:
            form = valid_form()
        service.register(form)


def sewaka(home: Path, *words: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["--data-dir", str(home), *words])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.usefixtures("qapp")
def test_enrol_and_sync_once_leave_every_record_on_the_server_once(
    central: Central, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "office"
    device_id = office_folder(home, 2)  # made offline, before the PC was enrolled

    code, out, err = sewaka(
        home, "enrol", "--server", central.url, "--code", central.new_code(), capsys=capsys
    )
    assert code == EXIT_OK, err
    assert "terdaftar ke Desa Sukamaju" in out
    workspace = open_workspace(home)
    try:
        register_more(workspace, 1)  # and one after
        expected = sorted(
            (str(r["entity"]), str(r["entity_id"]), int(str(r["version"])))
            for r in fetch_all(workspace, "SELECT entity, entity_id, version FROM outbox")
        )
        office_ids = {r["office_id"] for r in fetch_all(workspace, "SELECT office_id FROM person")}
    finally:
        workspace.close()

    code, out, err = sewaka(home, "sync", "--once", "--json", capsys=capsys)

    assert code == EXIT_OK, err
    report = json.loads(out.strip().splitlines()[-1])
    assert report["reconciled"] is True and report["problem"] is None
    assert report["pushed"] == len(expected) and report["rejected"] == 0
    assert report["pending"] == 0 and report["quarantined"] == 0
    assert "Tersinkron penuh" in out
    assert central.held() == expected  # every record, once
    assert office_ids == {central.office_ids["sukamaju"]}  # re-stamped at enrolment

    code, out, err = sewaka(home, "sync", "--once", "--json", capsys=capsys)  # again: nothing new
    report = json.loads(out.strip().splitlines()[-1])
    assert code == EXIT_OK and report["pushed"] == 0 and report["reconciled"] is True
    assert central.held() == expected

    central.revoke(device_id)
    code, out, err = sewaka(home, "sync", "--once", "--json", capsys=capsys)

    assert code == EXIT_UNAUTHORIZED
    report = json.loads(out.strip().splitlines()[-1])
    assert report["problem"] == "unauthorized" and report["reconciled"] is False
    assert "daftarkan PC ini lagi" in err or "mendaftarkan PC ini lagi" in err

    # A new code does not let a revoked PC back in, and it is told why (not "code used").
    code, _, err = sewaka(
        home, "enrol", "--server", central.url, "--code", central.new_code(), capsys=capsys
    )
    assert code != EXIT_OK
    assert "mencabut akses PC ini" in err and "sudah dipakai" not in err


@pytest.mark.usefixtures("qapp")
def test_a_pc_that_is_not_enrolled_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "office"
    office_folder(home, 1)

    code, out, err = sewaka(home, "sync", "--once", "--json", capsys=capsys)

    assert code == EXIT_NOT_ENROLLED
    assert json.loads(out.strip().splitlines()[-1])["problem"] == "not_enrolled"
    assert "belum terdaftar" in err


@pytest.mark.usefixtures("qapp")
def test_a_used_code_is_refused_for_another_pc(
    central: Central, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = tmp_path / "pc1", tmp_path / "pc2"
    office_folder(first, 0)
    office_folder(second, 0)
    enrolment_code = central.new_code()
    assert (
        sewaka(first, "enrol", "--server", central.url, "--code", enrolment_code, capsys=capsys)[0]
        == EXIT_OK
    )

    code, _, err = sewaka(
        second, "enrol", "--server", central.url, "--code", enrolment_code, capsys=capsys
    )

    assert code != EXIT_OK
    assert "sudah dipakai" in err


def test_sync_without_once_runs_rounds_until_stopped(
    central: Central, tmp_path: Path, qapp: object, capsys: pytest.CaptureFixture[str]
) -> None:
    import os
    import signal
    import subprocess
    import sys

    home = tmp_path / "office"
    office_folder(home, 1)
    assert (
        sewaka(home, "enrol", "--server", central.url, "--code", central.new_code(), capsys=capsys)[
            0
        ]
        == EXIT_OK
    )
    root = Path(__file__).resolve().parents[1]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(root))
    process = subprocess.Popen(
        [sys.executable, "-m", "desktop", "--data-dir", str(home), "sync", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=root,
    )
    try:
        assert process.stdout is not None
        rounds: list[dict[str, Any]] = []
        deadline = time.monotonic() + 60
        while len(rounds) < 2 and time.monotonic() < deadline:  # sewaka's round, the runner's
            line = process.stdout.readline()
            if line.startswith("{"):
                rounds.append(json.loads(line))
        process.send_signal(signal.SIGTERM)
        code = process.wait(30)
    finally:
        if process.poll() is None:
            process.kill()
    assert len(rounds) == 2
    assert rounds[0]["pushed"] == 3 and all(r["reconciled"] for r in rounds)
    assert code == EXIT_OK
    assert len(central.held()) == 3
