"""End to end, every part a real process (issue 8, "Done means"): one central server, two
offices, each with its PC. Both PCs record walk-ins before they are enrolled, are enrolled
through a fault proxy, record more while the network is off (their sync fails as offline),
and when the network is back one ``sewaka sync --once`` each ends reconciled.

Then each office's export from the server holds exactly the rows its PC's own export does,
none of the other office's, every entry each PC made is on the server once, and the rows
made before enrolment carry the office id the server gave, not the PC's provisional one.

On SQLite always, and on PostgreSQL too when ``SEWAKA_TEST_PG_URL`` names one (a database
of its own is made and dropped).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from faultproxy import FaultProxy
from processes import ServerProcess
from sync_support import (
    PG_ENV,
    SERVER_ENV,
    assert_held_once,
    both,
    create_office,
    device_export,
    device_id,
    finish_records,
    pg_database,
    report,
    server_export,
    server_rows,
    start_records,
)

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get(PG_ENV) else [])


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'server.sqlite3'}"
        return
    with pg_database(os.environ[PG_ENV]) as url:
        yield url


def provisional_office(home: Path) -> str:
    from sync_support import device_rows

    return str(device_rows(home, "SELECT office_id FROM device")[0][0])


def test_two_offices_offline_then_online_converge_and_each_sees_only_its_own(
    database_url: str, tmp_path: Path
) -> None:
    srv, a, b = tmp_path / "server", tmp_path / "desa-a", tmp_path / "desa-b"
    srv.mkdir()
    with (
        ServerProcess(database_url, home=srv, env=SERVER_ENV) as server,
        FaultProxy("127.0.0.1", server.port, per_request=True) as proxy,
    ):
        office_a = create_office(database_url, srv, "3204052001", "Desa Sukamaju")
        office_b = create_office(database_url, srv, "3204052002", "Desa Mekarsari")

        # Before enrolment: each PC works on its own, under a provisional office id.
        making = [start_records(a, 5, people=30), start_records(b, 4, first=1000, people=20)]
        early_a, early_b = (finish_records(process) for process in making)
        provisional = {provisional_office(a), provisional_office(b)}
        assert not provisional & {office_a.office_id, office_b.office_id}

        enrolled = both(
            (a, ["enrol", "--server", proxy.url, "--code", office_a.enrolment_code]),
            (b, ["enrol", "--server", proxy.url, "--code", office_b.enrolment_code]),
        )
        assert [run.code for run in enrolled] == [0, 0], enrolled
        assert "Desa Sukamaju" in enrolled[0].stdout and "Desa Mekarsari" in enrolled[1].stdout

        # The network goes down; the counters keep working.
        proxy.set("offline")
        making = [
            start_records(a, 4, first=100, people=10),
            start_records(b, 6, first=1100, people=15),
        ]
        later_a, later_b = (finish_records(process) for process in making)
        offline = both((a, ["sync", "--once", "--json"]), (b, ["sync", "--once", "--json"]))
        for run in offline:
            assert run.code == 11, run
            said = report(run)
            assert said["problem"] == "offline" and said["reconciled"] is False
            assert said["pushed"] == 0 and said["pending"] > 0
        assert proxy.stats.get("offline", 0) >= 2  # both really tried

        # The network is back.
        proxy.set("pass")
        online = both((a, ["sync", "--once", "--json"]), (b, ["sync", "--once", "--json"]))
        for run in online:
            assert run.code == 0, run
            said = report(run)
            assert said["reconciled"] is True and said["problem"] is None
            assert said["pending"] == 0 and said["quarantined"] == 0 and said["rejected"] == 0
            assert "Tersinkron penuh" in run.stdout

        # Every entry each PC made is on the server once, and it holds nothing else of theirs.
        entries_a = assert_held_once(database_url, a)
        entries_b = assert_held_once(database_url, b)
        assert len(entries_a) == 3 * 9 + 40 and len(entries_b) == 3 * 10 + 35

        # Each office's export from the server is its own PC's export, row for row.
        server_a = server_export(database_url, srv, office_a.code, tmp_path / "server-a.csv")
        server_b = server_export(database_url, srv, office_b.code, tmp_path / "server-b.csv")
        pc_a = device_export(a, tmp_path / "pc-a.csv")
        pc_b = device_export(b, tmp_path / "pc-b.csv")
        codes_a, codes_b = {row[0] for row in server_a}, {row[0] for row in server_b}
        assert codes_a == set(early_a + later_a) == {row[0] for row in pc_a}
        assert codes_b == set(early_b + later_b) == {row[0] for row in pc_b}
        assert not codes_a & codes_b
        assert sorted(server_a) == sorted(pc_a)
        assert sorted(server_b) == sorted(pc_b)

        # Rows made before enrolment were re-stamped: on the server they are the office's.
        for home, office in ((a, office_a), (b, office_b)):
            held = server_rows(
                database_url,
                "SELECT office_id, payload FROM current WHERE device_id = :device",
                device=device_id(home),
            )
            assert held
            assert {row[0] for row in held} == {office.office_id}
            assert {json.loads(row[1])["office_id"] for row in held} == {office.office_id}
