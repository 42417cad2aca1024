"""Sync throughput: one device's 10,000 outbox entries to a local server on PostgreSQL.

Not a test: it prints figures, each beside a baseline measured in the same run, and
PASS/MISS against the targets. It exits 0 unless something crashes.

    .venv/bin/python bench/sync_throughput.py                       # 10,000 entries, 100 devices
    .venv/bin/python bench/sync_throughput.py --entries 2000 --devices 20
    SEWAKA_BENCH_PG_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test ...

What it measures:
Each of the first two is measured ``--repeat`` times (default 5), alternating, and the
medians are compared.

1. **End to end.** A real server process (``sewaka server run``, one uvicorn worker) on a
   fresh PostgreSQL database, and a device workspace holding N outbox entries: the time
   from ``SyncService.sync_once()`` to the report saying *reconciled*. That covers the
   pushes (gzip), the pull, and the reconciliation check that reads back what the server
   holds.
2. **The physical limit of this stack.** PostgreSQL itself inserting the same N rows, with
   the same columns and payloads, by psycopg ``executemany`` in one transaction.
3. **Load.** 100 devices, each pushing one batch of 100 entries at the same moment: errors,
   and p50/p99 latency.

The last line reads ``sync: <N> rec/s end to end, <R> of raw PostgreSQL executemany``.
Targets: R >= 0.25 and N > 2,000.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
import requests
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop.domain import nik as nik_rules  # noqa: E402
from desktop.domain.ids import uuid7  # noqa: E402
from desktop.models.tables import Person  # noqa: E402
from desktop.services.sync import SyncService  # noqa: E402
from desktop.services.workspace import open_workspace  # noqa: E402
from sync import wire  # noqa: E402

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
TARGET_RATE = 2000.0
TARGET_RATIO = 0.25


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--devices", type=int, default=100)
    parser.add_argument("--per-device", type=int, default=100, help="entries each device pushes")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each side (medians)")
    args = parser.parse_args()
    base = os.environ.get("SEWAKA_BENCH_PG_URL", DEFAULT_PG)

    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores")
    rates: list[float] = []
    raw_rates: list[float] = []
    with fresh_database(base) as url, tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        with server_process(url, home) as server_url:
            # Each side measured --repeat times, alternating, and the medians compared: one
            # run of either lasts a fraction of a second, and this machine's neighbours, a
            # checkpoint or autovacuum can move one run by a third.
            for attempt in range(args.repeat):
                elapsed, report = end_to_end(
                    url, server_url, home / f"device{attempt}", args.entries, attempt
                )
                rates.append(args.entries / elapsed)
                print(
                    f"end to end: {args.entries} entries reconciled={report.reconciled} in "
                    f"{elapsed:.2f} s = {rates[-1]:,.0f} rec/s (pushed {report.pushed}, "
                    f"duplicates {report.duplicates}, rejected {report.rejected})"
                )
                raw = raw_executemany(url, args.entries)
                raw_rates.append(args.entries / raw)
                print(
                    f"raw PostgreSQL executemany: {args.entries} rows in {raw:.2f} s = "
                    f"{raw_rates[-1]:,.0f} rows/s"
                )
            load(url, server_url, args.devices, args.per_device)
    rate, raw_rate = statistics.median(rates), statistics.median(raw_rates)
    ratio = rate / raw_rate
    print(
        f"medians of {args.repeat}: {rate:,.0f} rec/s end to end, "
        f"{raw_rate:,.0f} rows/s raw executemany"
    )
    verdict = "PASS" if ratio >= TARGET_RATIO and rate > TARGET_RATE else "MISS"
    print(f"targets: >{TARGET_RATE:,.0f} rec/s and >={TARGET_RATIO} of raw: {verdict}")
    print(f"sync: {rate:,.0f} rec/s end to end, {ratio:.2f} of raw PostgreSQL executemany")
    return 0


# -- the pieces ---------------------------------------------------------------------------------


@contextmanager
def fresh_database(base: str) -> Iterator[str]:
    """A new PostgreSQL database for this run, dropped afterwards."""
    name = f"sewaka_bench_{os.getpid()}"
    admin = make_url(base).set(drivername="postgresql")
    conninfo = admin.render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def server_process(url: str, home: Path) -> Iterator[str]:
    port = free_port()
    env = {
        **os.environ,
        "SEWAKA_HOME": str(home / "server"),
        # The load test is 100 devices once each; the per-device limit stays as shipped.
    }
    command = [
        sys.executable,
        "-m",
        "desktop",
        "server",
        "--database-url",
        url,
        "run",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    server_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(server_url + "/health", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(
                    f"server did not start: {process.stderr.read() if process.stderr else ''}"
                )
            time.sleep(0.2)
        yield server_url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


def create_office(url: str, code: str, folder: Path) -> str:
    """An enrolment code for office ``code``, made with the server's own command (its QR image
    goes to ``folder``, the run's temporary folder, not the user's data folder)."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "desktop",
            "server",
            "--database-url",
            url,
            "create-office",
            "--code",
            code,
            "--name",
            f"Desa {code}",
            "--qr",
            str(folder / f"{code}.png"),
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return str(json.loads(done.stdout.strip().splitlines()[-1])["enrolment_code"])


def people(count: int, seed: int = 8) -> Iterator[Person]:
    chance = random.Random(seed)
    for serial in range(count):
        birth = dt.date(1950, 1, 1) + dt.timedelta(days=chance.randrange(20_000))
        sex = chance.choice(list(nik_rules.Sex))
        region = chance.choice(["320101", "330202", "510301", "737105"])
        yield Person(
            nik=nik_rules.compose(region, birth, sex, serial % 9999 + 1),
            name=f"Warga {serial}",
            sex=sex.value,
            birth_date=birth,
            address=f"Jl. Mawar No. {serial % 200}",
            rt=f"{serial % 20 + 1:03d}",
            rw=f"{serial % 9 + 1:03d}",
            hamlet="Dusun Krajan",
            phone="0812" + f"{serial:07d}",
        )


def end_to_end(
    url: str, server_url: str, home: Path, entries: int, attempt: int = 0
) -> tuple[float, Any]:
    code = create_office(url, f"BENCH{attempt:02d}", home.parent)
    workspace = open_workspace(home)
    service = SyncService(workspace)
    try:
        service.enrol(server_url, code, "bench")
        with workspace.transaction() as session:  # the triggers queue one entry per row
            session.add_all(people(entries))
        queued = service.status().pending
        print(f"device: {queued} entries queued")
        start = time.perf_counter()
        report = service.sync_once()
        rounds = 1
        while not report.reconciled and rounds < 5 and report.problem is None:
            report = service.sync_once()
            rounds += 1
        elapsed = time.perf_counter() - start
        if not report.reconciled:
            print(f"NOT reconciled after {rounds} rounds: {report.as_json()}")
        return elapsed, report
    finally:
        service.stop()
        workspace.close()


def raw_executemany(url: str, count: int) -> float:
    """PostgreSQL inserting the same shape of rows (one per entry) with executemany."""
    conninfo = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    office, device = str(uuid7()), str(uuid7())
    stamp = dt.datetime.now(dt.UTC)
    rows = []
    for person in people(count, seed=9):
        payload = {
            "id": str(uuid7()),
            "office_id": office,
            "device_id": device,
            "created_at": stamp.isoformat(),
            "updated_at": stamp.isoformat(),
            "version": 1,
            "hlc": "000000000000001-00000",
            "nik": person.nik,
            "name": person.name,
            "sex": person.sex,
            "birth_date": person.birth_date.isoformat(),
            "address": person.address,
            "rt": person.rt,
            "rw": person.rw,
            "hamlet": person.hamlet,
            "phone": person.phone,
        }
        text = json.dumps(payload, sort_keys=True, separators=(",", ":"))
        rows.append(
            (
                "person",
                payload["id"],
                1,
                office,
                device,
                "insert",
                text,
                uuid.uuid4().hex * 2,
                payload["hlc"],
                stamp.date(),
                stamp,
            )
        )
    with psycopg.connect(conninfo) as conn:
        # A logged table shaped like the server's ``record`` (its primary key, text payload):
        # a TEMP table would skip the write-ahead log and flatter the baseline.
        conn.execute(
            "CREATE TABLE raw_record (entity text, entity_id text, version int,"
            " office_id text, device_id text, operation text, payload text, payload_hash text,"
            " hlc text, day date, received_at timestamptz,"
            " PRIMARY KEY (entity, entity_id, version))"
        )
        conn.commit()
        try:
            start = time.perf_counter()
            with conn.cursor() as cur:
                cur.executemany(
                    "INSERT INTO raw_record VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)", rows
                )
            conn.commit()
            return time.perf_counter() - start
        finally:
            conn.execute("DROP TABLE raw_record")
            conn.commit()


def load(url: str, server_url: str, devices: int, per_device: int) -> None:
    """``devices`` enrolled devices push one batch each, all at the same moment."""
    from server.config import load_settings
    from server.db import Database
    from server.offices import create_office as issue_code

    database = Database(load_settings(url))
    clients: list[tuple[str, str, str]] = []  # (device id, office id, token)
    try:
        for number in range(devices):
            # Ten PCs per office, as a kecamatan's offices would enrol theirs.
            code = issue_code(database, f"LOAD{number // 10:02d}", "Desa Beban").enrolment_code
            device = str(uuid7())
            while True:  # enrolment is rate-limited per address: wait as a PC would
                answer = requests.post(
                    server_url + wire.API_PREFIX + "/enrol",
                    json={"code": code, "device_id": device},
                    timeout=30,
                )
                if answer.status_code != 429:
                    break
                time.sleep(float(answer.headers.get("Retry-After", "1")))
            answer.raise_for_status()
            body = answer.json()
            clients.append((device, body["office"]["office_id"], body["token"]))
    finally:
        database.dispose()

    import gzip

    bodies = []
    for device, office, token in clients:
        stamp = dt.datetime.now(dt.UTC).isoformat()
        entries = []
        for index, person in enumerate(people(per_device, seed=hash(device) & 0xFFFF)):
            row_id = str(uuid7())
            hlc = f"{int(time.time() * 1000):015d}-{index:05d}"
            payload = {
                "id": row_id,
                "office_id": office,
                "device_id": device,
                "created_at": stamp,
                "updated_at": stamp,
                "version": 1,
                "hlc": hlc,
                "nik": person.nik,
                "name": person.name,
                "sex": person.sex,
                "birth_date": person.birth_date.isoformat(),
                "address": person.address,
                "rt": person.rt,
                "rw": person.rw,
                "hamlet": person.hamlet,
                "phone": person.phone,
            }
            entries.append(
                {
                    "entity": "person",
                    "entity_id": row_id,
                    "version": 1,
                    "operation": "insert",
                    "hlc": hlc,
                    "payload": payload,
                }
            )
        raw = json.dumps({"protocol": 1, "entries": entries}).encode()
        bodies.append((token, gzip.compress(raw)))

    latencies: list[float] = []
    errors: list[str] = []
    barrier = threading.Barrier(devices)
    lock = threading.Lock()

    def push(token: str, body: bytes) -> None:
        session = requests.Session()
        barrier.wait()
        start = time.perf_counter()
        try:
            answer = session.post(
                server_url + wire.API_PREFIX + "/push",
                data=body,
                timeout=120,
                headers={
                    "Authorization": f"Bearer {token}",
                    "Content-Encoding": "gzip",
                    "Content-Type": "application/json",
                },
            )
            ok = answer.status_code == 200 and all(
                r["outcome"] == "accepted" for r in answer.json()["results"]
            )
            problem = None if ok else f"HTTP {answer.status_code}"
        except requests.RequestException as exc:
            problem = type(exc).__name__
        with lock:
            latencies.append(time.perf_counter() - start)
            if problem:
                errors.append(problem)

    threads = [threading.Thread(target=push, args=b) for b in bodies]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start
    latencies.sort()
    p99 = latencies[max(0, int(len(latencies) * 0.99) - 1)]
    print(
        f"load: {devices} devices x {per_device} entries at once: {len(errors)} errors, "
        f"p50 {statistics.median(latencies) * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms, "
        f"{devices * per_device / wall:,.0f} rec/s over {wall:.2f} s"
        + (f" ({sorted(set(errors))})" if errors else "")
    )


if __name__ == "__main__":
    sys.exit(main())
