"""``sewaka server ...`` as IT staff use it, and the schema its commands bring up to date."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
from fastapi.testclient import TestClient
from server_support import (
    Device,
    create_pg_database,
    drop_pg_database,
    enrol,
    enrolled,
    outcomes,
    push,
)
from sqlalchemy import func, inspect, select

from desktop.cli import main as sewaka
from desktop.domain.export_columns import headers
from server import cli
from server.config import ENV_DATABASE_URL, load_settings
from server.db import Database, head_revision, migrate
from server.tables import Base, Service
from sync import wire


@pytest.fixture(autouse=True)
def data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("SEWAKA_HOME", str(home))
    monkeypatch.delenv(ENV_DATABASE_URL, raising=False)
    return home


def run(database: Database, *words: str) -> int:
    return cli.main(["--database-url", database.settings.database_url, *words])


def test_create_office_prints_a_one_time_code_and_its_qr(
    client: TestClient, database: Database, capsys: pytest.CaptureFixture[str], data_folder: Path
) -> None:
    from printing.qr import decode_qr

    code = run(
        database, "create-office", "--code", "3273050001", "--name", "Desa Sukamaju", "--json"
    )

    out = capsys.readouterr().out.strip().splitlines()
    assert code == 0 and len(out) == 1
    made = json.loads(out[0])
    assert re.fullmatch(wire.ENROLMENT_CODE_PATTERN, made["enrolment_code"])
    assert not set(made["enrolment_code"]) & set("01OIL")  # nothing to misread on paper
    qr = Path(made["qr"])
    assert qr.parent.parent == data_folder and qr.suffix == ".png"
    assert decode_qr(qr) == [made["enrolment_code"]]
    answer = enrol(client, made["enrolment_code"])
    assert answer.status_code == 200
    assert answer.json()["office"]["office_id"] == made["office_id"]


def test_create_office_again_issues_another_code_for_the_next_pc(
    database: Database, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    run(database, "create-office", "--code", "A1", "--name", "Desa A", "--json")
    first = json.loads(capsys.readouterr().out)

    code = run(
        database,
        "create-office",
        "--code",
        "A1",
        "--name",
        "Desa A",
        "--qr",
        str(tmp_path / "a.png"),
    )

    out = capsys.readouterr().out
    assert code == 0
    assert "sudah ada" in out and "kode pendaftaran baru" in out
    second = re.search(r"^\s+([A-Z0-9]{4}(-[A-Z0-9]{4}){3})$", out, re.MULTILINE)
    assert second and second[1] != first["enrolment_code"]
    assert first["office_id"] in out
    assert (tmp_path / "a.png").is_file()


@pytest.mark.parametrize(
    ("words", "message"),
    [
        (["--code", "a b", "--name", "Desa"], "Kode kantor tidak sah"),
        (["--code", "A1", "--name", "  "], "Nama kantor harus diisi"),
        (["--code", "A1", "--name", "Desa", "--timezone", "Mars/Base"], "Zona waktu"),
    ],
)
def test_create_office_refuses_what_an_office_cannot_be(
    database: Database, capsys: pytest.CaptureFixture[str], words: list[str], message: str
) -> None:
    assert run(database, "create-office", *words) == cli.EXIT_USAGE
    assert message in capsys.readouterr().err


def test_list_and_revoke_devices(
    client: TestClient, database: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    device = enrolled(client, database, "A1", "Desa A")
    assert run(database, "list-devices") == 0
    listed = capsys.readouterr().out
    assert device.device_id in listed and "aktif" in listed and "PC loket" in listed

    assert run(database, "revoke-device", device.device_id) == 0
    assert "dicabut" in capsys.readouterr().out
    assert run(database, "list-devices", "--json") == 0
    [entry] = json.loads(capsys.readouterr().out)

    assert entry["device_id"] == device.device_id and entry["office_code"] == "A1"
    assert entry["revoked_at"] is not None and entry["last_seen_at"] is not None
    assert client.get(f"{wire.API_PREFIX}/pull", headers=device.headers).status_code == 401
    assert run(database, "revoke-device", "00000000-0000-0000-0000-000000000000") == cli.EXIT_FAILED
    assert "tidak dikenal" in capsys.readouterr().err


def test_export_requests_writes_what_the_server_holds_like_the_desktop_csv(
    client: TestClient, database: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    device: Device = enrolled(client, database, "A1", "Desa A")
    other = enrolled(client, database, "B1", "Desa B")
    person = device.person(phone="081299990000")
    kept = device.request(person, seq=1)
    called = device.request(person, row_id=kept.entity_id, seq=1, status="called")
    dropped = device.request(person, seq=2, service_code="SKTM")
    gone = device.tombstone(dropped)
    batch = [person, kept, called, dropped, gone]
    assert all(o[0] == "accepted" for o in outcomes(push(client, device, batch)))
    theirs = other.person(serial=9)
    assert outcomes(push(client, other, [theirs, other.request(theirs)]))[1][0] == "accepted"
    out = tmp_path / "permohonan.csv"

    code = run(database, "export", "requests", "--office", "A1", "--out", str(out))

    assert code == 0 and "1 permohonan" in capsys.readouterr().out
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, as the desktop writes it
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == headers("id", "Asia/Jakarta")
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    payload = called.payload
    assert row["Kode lacak"] == payload["tracking_code"]
    assert row["Kode layanan"] == "SKD" and row["Layanan"] == "Surat Keterangan Domisili"
    assert row["Status"] == "Dipanggil"
    assert row["NIK"] == payload["nik"] and row["No. HP"] == "081299990000"
    assert row["Waktu daftar (WIB)"] == "2026-11-02 08:30:03"  # created 01:30:03 UTC


def test_export_refuses_an_unknown_office(
    database: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.csv"
    assert run(database, "export", "requests", "--office", "NOPE", "--out", str(out)) == 4
    assert "tidak dikenal" in capsys.readouterr().err and not out.exists()


def test_the_desktop_command_hands_server_commands_to_the_server(
    database: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    url = database.settings.database_url
    assert sewaka(["server", "--database-url", url, "list-devices", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_data_dir_before_server_names_the_server_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv(ENV_DATABASE_URL, raising=False)
    monkeypatch.setenv("SEWAKA_HOME", str(tmp_path / "elsewhere"))
    folder = tmp_path / "kabupaten"
    code = sewaka(
        ["--data-dir", str(folder), "server", "create-office", "--code", "K1", "--name", "Desa K"]
    )
    assert code == 0, capsys.readouterr()
    assert (folder / "server.sqlite3").is_file()
    assert not (tmp_path / "elsewhere" / "server.sqlite3").exists()


def test_the_database_url_comes_from_the_option_then_the_environment_then_the_data_folder(
    data_folder: Path, tmp_path: Path
) -> None:
    assert load_settings().database_url == f"sqlite:///{data_folder / 'server.sqlite3'}"
    env = {ENV_DATABASE_URL: "postgresql+psycopg://postgres@127.0.0.1:5432/sewaka"}
    assert load_settings(env=env).database_url == env[ENV_DATABASE_URL]
    assert load_settings("sqlite:///x.db", env=env).database_url == "sqlite:///x.db"
    assert cli.main(["--database-url", "nonsense://", "list-devices"]) == cli.EXIT_USAGE


def test_an_unreachable_database_is_exit_3_without_the_password(
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = "postgresql+psycopg://sewaka:rahasia@127.0.0.1:9/sewaka"  # discard port: refused
    assert cli.main(["--database-url", url, "list-devices"]) == cli.EXIT_DATABASE
    err = capsys.readouterr().err
    assert "tidak dapat dipakai" in err and "rahasia" not in err


# -- migrations --------------------------------------------------------------------------------


def check_schema(database: Database) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection)
        assert context.get_current_revision() == head_revision()
        assert compare_metadata(context, Base.metadata) == []
        assert set(inspect(connection).get_table_names()) >= set(Base.metadata.tables)
        services = connection.execute(select(func.count()).select_from(Service)).scalar_one()
    assert services == 10


def test_migrations_make_the_schema_on_an_empty_sqlite_file(tmp_path: Path) -> None:
    database = Database(load_settings(f"sqlite:///{tmp_path / 'new' / 'server.sqlite3'}"))
    try:
        migrate(database)
        migrate(database)  # a second start finds nothing to do
        check_schema(database)
    finally:
        database.dispose()


def test_migrations_on_postgresql_run_once_when_instances_start_together(
    pg_admin_url: str,
) -> None:
    url = create_pg_database(pg_admin_url, "sewaka_migrate")
    instances = [Database(load_settings(url)) for _ in range(3)]
    errors: list[BaseException] = []

    def start(database: Database) -> None:
        try:
            migrate(database)
        except BaseException as exc:
            errors.append(exc)

    try:
        threads = [threading.Thread(target=start, args=(db,)) for db in instances]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        check_schema(instances[0])
    finally:
        for database in instances:
            database.dispose()
        drop_pg_database(pg_admin_url, url)


def test_upgrading_a_server_that_holds_rows_keeps_each_rows_newest_version(
    tmp_path: Path,
) -> None:
    """s0002 drops the ``current`` table for a view over ``record``: what it showed before
    the upgrade (newest version per row, tombstones as deleted) it shows after, and back."""
    from alembic import command

    from server.db import alembic_config
    from server.tables import Current

    database = Database(load_settings(f"sqlite:///{tmp_path / 'server.sqlite3'}"))
    config = alembic_config()
    rows = [  # (entity_id, version, operation, payload)
        ("a", 1, "insert", '{"v":1}'),
        ("a", 2, "update", '{"v":2}'),
        ("b", 1, "insert", '{"v":1}'),
        ("b", 2, "delete", '{"deleted":true}'),
        ("c", 1, "insert", '{"v":1}'),
    ]

    def shown() -> list[tuple[str, int, bool, str]]:
        with database.engine.connect() as connection:
            found = connection.execute(
                select(Current.entity_id, Current.version, Current.deleted, Current.payload)
            ).all()
        return sorted((i, v, bool(d), p) for i, v, d, p in found)

    try:
        with database.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "s0001")
            for entity_id, version, operation, payload in rows:
                values = {
                    "e": "person",
                    "i": entity_id,
                    "v": version,
                    "op": operation,
                    "p": payload,
                }
                connection.exec_driver_sql(
                    "INSERT INTO record VALUES (:e, :i, :v, 'o', 'd', :op, :p, 'h', 'x',"
                    " '2026-11-28', '2026-11-28 08:00:00')",
                    values,
                )
            for entity_id, version, deleted, payload in (
                ("a", 2, False, '{"v":2}'),
                ("b", 2, True, '{"deleted":true}'),
                ("c", 1, False, '{"v":1}'),
            ):
                connection.exec_driver_sql(
                    "INSERT INTO current VALUES (:e, :i, 'o', 'd', :v, '2026-11-28', :x, :p,"
                    " '2026-11-28 08:00:00')",
                    {"e": "person", "i": entity_id, "v": version, "x": deleted, "p": payload},
                )
        before = shown()

        migrate(database)
        check_schema(database)
        assert (
            shown()
            == before
            == [
                ("a", 2, False, '{"v":2}'),
                ("b", 2, True, '{"deleted":true}'),
                ("c", 1, False, '{"v":1}'),
            ]
        )

        with database.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "s0001")
        assert shown() == before  # the table again, filled from the records
    finally:
        database.dispose()


# -- a real server process -----------------------------------------------------------------------


def test_run_serves_until_sigterm_and_stops_cleanly(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    env = {**os.environ, "SEWAKA_HOME": str(tmp_path)}
    process = subprocess.Popen(
        [sys.executable, "-m", "desktop", "server", "--database-url", url, "run", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        port = re.search(r"http://127\.0\.0\.1:(\d+)", line)
        assert port, line
        deadline = time.monotonic() + 20
        while True:
            try:
                health = requests.get(f"http://127.0.0.1:{port[1]}/health", timeout=2)
                break
            except requests.ConnectionError:
                assert time.monotonic() < deadline
                time.sleep(0.1)
        process.send_signal(signal.SIGTERM)
        rest, _ = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert health.status_code == 200 and health.json()["status"] == "ok"
    assert process.returncode == 0 and "berhenti" in rest


def test_the_servers_connections_send_small_answers_at_once() -> None:
    """Connections accepted on the server's socket have Nagle's algorithm off: without it,
    an answer written as headers then body waits ~40 ms for the PC's delayed ACK, on every
    request."""
    import asyncio
    import socket

    from server.cli import listening_socket

    listener = listening_socket("127.0.0.1", 0)
    listener.listen()
    nodelay: list[int] = []

    async def main() -> None:
        async def accepted(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            sock = writer.get_extra_info("socket")
            nodelay.append(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            writer.close()

        server = await asyncio.start_server(accepted, sock=listener)
        async with server:
            port = listener.getsockname()[1]
            _reader, writer = await asyncio.open_connection("127.0.0.1", port)
            for _ in range(100):
                if nodelay:
                    break
                await asyncio.sleep(0.01)
            writer.close()

    asyncio.run(main())
    assert nodelay and nodelay[0] != 0
