"""Benchmark of the request services: registering a walk-in and searching 200,000 requests.

Not a test: it prints figures, each next to a baseline measured in the same run,
and PASS/MISS against the targets (register p95 < 20 ms, search/count p95 < 50 ms).
It exits 0 unless something crashes.

    .venv/bin/python bench/bench_requests.py                 # 200,000 requests
    .venv/bin/python bench/bench_requests.py --quick         # 20,000 requests, fewer samples
    .venv/bin/python bench/bench_requests.py --rebuild       # rebuild the cached database

The search database is built once by bulk inserts straight into the migrated
schema and cached under bench/out/, keyed by row count, seed and schema head.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import platform
import random
import shutil
import sqlite3
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import event, select

from desktop import paths
from desktop.domain import nik as nik_rules
from desktop.domain.catalogue import expected_completion
from desktop.domain.clock import DEFAULT_TIMEZONE, Hlc, business_day
from desktop.domain.ids import new_tracking_code
from desktop.domain.intake import IntakeForm, format_date
from desktop.domain.queue import QueueNumber
from desktop.domain.status import Status
from desktop.models.database import head_revision
from desktop.models.tables import Service
from desktop.models.triggers import register_functions
from desktop.services.demo import (
    FAMILY,
    FIRST_FEMALE,
    FIRST_MALE,
    HAMLETS,
    NOTES,
    REASONS,
    REGIONS,
    STREETS,
)
from desktop.services.requests import PageKey, RequestQuery, RequestService
from desktop.services.workspace import Workspace, open_workspace

REGISTER_TARGET_MS = 20.0
SEARCH_TARGET_MS = 50.0
PAGE = 100
DEEP_PAGES = 50
BUILD_VERSION = 1  # bump when the generated data changes shape
OUT = Path(__file__).resolve().parent / "out"
HOME_REGION = REGIONS[0]  # most people at a village counter live in its own district
TZ = ZoneInfo(DEFAULT_TIMEZONE)
UTC = dt.UTC


# -- statistics -------------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float:
    """Linear interpolation between closest ranks (q in 0..1)."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    k = (len(ordered) - 1) * q
    low = math.floor(k)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


@dataclass(frozen=True)
class Summary:
    n: int
    median: float
    p95: float
    p99: float
    worst: float

    @classmethod
    def of(cls, samples_ms: Sequence[float]) -> Summary:
        return cls(
            n=len(samples_ms),
            median=percentile(samples_ms, 0.50),
            p95=percentile(samples_ms, 0.95),
            p99=percentile(samples_ms, 0.99),
            worst=max(samples_ms) if samples_ms else math.nan,
        )


def timed_ms(action: Callable[[], object]) -> float:
    start = time.perf_counter_ns()
    action()
    return (time.perf_counter_ns() - start) / 1e6


def verdict(value_ms: float, target_ms: float) -> str:
    return "PASS" if value_ms < target_ms else "MISS"


def ratio(numerator: float, denominator: float) -> str:
    if denominator <= 0 or math.isnan(numerator) or math.isnan(denominator):
        return "n/a"
    return f"{numerator / denominator:.2f}x"


def heading(title: str) -> None:
    print()
    print(title)
    print("-" * len(title))


# -- generated people and data ------------------------------------------------------


def uuid7_at(ms: int, rng: random.Random) -> str:
    """A UUIDv7 for a moment in the past (same layout as desktop.domain.ids.uuid7)."""
    rand = rng.getrandbits(74)
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= (rand >> 62) << 64
    value |= 0b10 << 62
    value |= rand & ((1 << 62) - 1)
    return str(uuid.UUID(int=value))


def stamp(moment: dt.datetime) -> str:
    """How SQLAlchemy's SQLite DateTime stores a (UTC, naive) datetime."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def millis(moment: dt.datetime) -> int:
    return int(moment.timestamp() * 1000)


@dataclass
class Resident:
    id: str
    nik: str
    name: str
    sex: nik_rules.Sex
    birth_date: dt.date
    address: str
    rt: str
    rw: str
    hamlet: str
    phone: str


class People:
    """Residents with valid, unique NIKs; some come back for another letter."""

    def __init__(self, rng: random.Random, today: dt.date, returning: float = 0.25) -> None:
        self.rng = rng
        self.today = today
        self.returning = returning
        self.known: list[Resident] = []
        self._niks: set[str] = set()

    def walk_in(self) -> tuple[Resident, bool]:
        """Someone at the counter and whether they are new."""
        if self.known and self.rng.random() < self.returning:
            return self.rng.choice(self.known), False
        resident = self._new()
        self.known.append(resident)
        return resident, True

    def _new(self) -> Resident:
        rng = self.rng
        sex = rng.choice((nik_rules.Sex.MALE, nik_rules.Sex.FEMALE))
        first = rng.choice(FIRST_MALE if sex is nik_rules.Sex.MALE else FIRST_FEMALE)
        name = f"{first} {rng.choice(FAMILY)}"
        region = HOME_REGION if rng.random() < 0.8 else rng.choice(REGIONS[1:])
        while True:
            birth = self.today - dt.timedelta(days=rng.randint(17 * 365, 80 * 365))
            nik = nik_rules.compose(region, birth, sex, rng.randint(1, 9999))
            if nik not in self._niks:
                self._niks.add(nik)
                break
        return Resident(
            id="",
            nik=nik,
            name=name,
            sex=sex,
            birth_date=birth,
            address=f"{rng.choice(STREETS)} No. {rng.randint(1, 120)}",
            rt=f"{rng.randint(1, 12):03d}",
            rw=f"{rng.randint(1, 6):03d}",
            hamlet=rng.choice(HAMLETS),
            phone=f"08{rng.randint(11, 59)}{rng.randint(1000000, 99999999)}",
        )

    def form(self, service_code: str, requirements: Sequence[str]) -> IntakeForm:
        """What the clerk types for the next walk-in (registration benchmark)."""
        person, _ = self.walk_in()
        return IntakeForm(
            nik=person.nik,
            name=person.name,
            sex=person.sex.value,
            birth_date=format_date(person.birth_date),
            address=person.address,
            rt=person.rt,
            rw=person.rw,
            hamlet=person.hamlet,
            phone=person.phone,
            service_code=service_code,
            documents=tuple(r for r in requirements if self.rng.random() < 0.8),
            notes=self.rng.choice(NOTES),
        )


@dataclass(frozen=True)
class ServiceRow:
    id: str
    code: str
    prefix: str
    standard_days: int
    requirements: tuple[str, ...]


def load_services(ws: Workspace) -> list[ServiceRow]:
    with ws.reading() as session:
        return [
            ServiceRow(s.id, s.code, s.queue_prefix, s.standard_days, tuple(s.requirements))
            for s in session.scalars(select(Service).order_by(Service.position))
        ]


# -- building the 200k database -------------------------------------------------------

PERSON_COLUMNS = (
    "id",
    "office_id",
    "device_id",
    "created_at",
    "updated_at",
    "version",
    "hlc",
    "nik",
    "name",
    "sex",
    "birth_date",
    "address",
    "rt",
    "rw",
    "hamlet",
    "phone",
)
REQUEST_COLUMNS = (
    "id",
    "office_id",
    "device_id",
    "created_at",
    "updated_at",
    "version",
    "hlc",
    "tracking_code",
    "service_id",
    "person_id",
    "queue_day",
    "queue_seq",
    "queue_number",
    "nik",
    "name",
    "documents",
    "notes",
    "status",
    "expected_date",
)
CHANGE_COLUMNS = (
    "id",
    "office_id",
    "device_id",
    "created_at",
    "updated_at",
    "version",
    "hlc",
    "request_id",
    "from_status",
    "to_status",
    "at",
    "actor",
    "reason",
)

# What became of a request, by how many office days ago it was made.
OUTCOMES_TODAY = {
    Status.WAITING: 30,
    Status.CALLED: 5,
    Status.SERVING: 10,
    Status.ON_HOLD: 5,
    Status.READY: 35,
    Status.PICKED_UP: 8,
    Status.REJECTED: 3,
    Status.CANCELLED: 4,
}
OUTCOMES_RECENT = {  # the last week
    Status.ON_HOLD: 4,
    Status.READY: 30,
    Status.PICKED_UP: 58,
    Status.REJECTED: 4,
    Status.CANCELLED: 4,
}
OUTCOMES_OLD = {
    Status.ON_HOLD: 1,
    Status.READY: 2,
    Status.PICKED_UP: 88,
    Status.REJECTED: 5,
    Status.CANCELLED: 4,
}
PATHS: dict[Status, tuple[Status, ...]] = {
    Status.WAITING: (Status.WAITING,),
    Status.CALLED: (Status.WAITING, Status.CALLED),
    Status.SERVING: (Status.WAITING, Status.CALLED, Status.SERVING),
    Status.ON_HOLD: (Status.WAITING, Status.CALLED, Status.SERVING, Status.ON_HOLD),
    Status.READY: (Status.WAITING, Status.CALLED, Status.SERVING, Status.READY),
    Status.PICKED_UP: (
        Status.WAITING,
        Status.CALLED,
        Status.SERVING,
        Status.READY,
        Status.PICKED_UP,
    ),
    Status.REJECTED: (Status.WAITING, Status.CALLED, Status.SERVING, Status.REJECTED),
    Status.CANCELLED: (Status.WAITING, Status.CALLED, Status.CANCELLED),
}


def office_hours(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """08:00-15:00 local time of an office day, in UTC."""
    start = dt.datetime.combine(day, dt.time(8), tzinfo=TZ).astimezone(UTC)
    return start, start + dt.timedelta(hours=7)


def office_days(today: dt.date, count: int, now: dt.datetime) -> list[dt.date]:
    """The last ``count`` Monday-Saturday days, oldest first (today only if it has begun)."""
    days: list[dt.date] = []
    day = today
    while len(days) < count:
        if day.weekday() < 6 and office_hours(day)[0] < now - dt.timedelta(minutes=30):
            days.append(day)
        day -= dt.timedelta(days=1)
    return days[::-1]


def spread(total: int, days: Sequence[dt.date], rng: random.Random) -> list[int]:
    """Requests per day: busier on Mondays, quieter on Saturdays, some noise."""
    weights = [
        rng.uniform(0.7, 1.3) * (1.4 if d.weekday() == 0 else 0.6 if d.weekday() == 5 else 1.0)
        for d in days
    ]
    scale = total / sum(weights)
    counts = [int(w * scale) for w in weights]
    for i in range(total - sum(counts)):
        counts[i % len(counts)] += 1
    return counts


@dataclass
class Builder:
    conn: sqlite3.Connection
    rng: random.Random
    services: list[ServiceRow]
    office_id: str
    device_id: str
    now: dt.datetime
    people: People
    tracking_codes: set[str] = field(default_factory=set)
    requests: list[tuple[Any, ...]] = field(default_factory=list)
    changes: list[tuple[Any, ...]] = field(default_factory=list)
    persons: list[tuple[Any, ...]] = field(default_factory=list)
    counters: list[tuple[Any, ...]] = field(default_factory=list)
    last_hlc: str = ""

    def day(self, day: dt.date, count: int, age: int) -> None:
        rng = self.rng
        opens, closes = office_hours(day)
        closes = min(closes, self.now - dt.timedelta(minutes=1))
        span = (closes - opens).total_seconds()
        arrivals = sorted(opens + dt.timedelta(seconds=rng.uniform(0, span)) for _ in range(count))
        outcomes = OUTCOMES_TODAY if age == 0 else OUTCOMES_RECENT if age <= 6 else OUTCOMES_OLD
        statuses = list(outcomes)
        weights = list(outcomes.values())
        seqs: dict[str, int] = {}
        for arrived in arrivals:
            service = rng.choice(self.services)
            seq = seqs[service.id] = seqs.get(service.id, 0) + 1
            outcome = rng.choices(statuses, weights)[0]
            self._request(day, arrived, service, seq, outcome)
        self.counters.extend((service_id, day.isoformat(), n) for service_id, n in seqs.items())

    def _request(
        self, day: dt.date, arrived: dt.datetime, service: ServiceRow, seq: int, outcome: Status
    ) -> None:
        rng = self.rng
        person, new = self.people.walk_in()
        arrived_ms = millis(arrived)
        if new:
            person.id = uuid7_at(arrived_ms, rng)
            hlc = Hlc(arrived_ms).encode()
            self.persons.append(
                (
                    person.id,
                    self.office_id,
                    self.device_id,
                    stamp(arrived),
                    stamp(arrived),
                    1,
                    hlc,
                    person.nik,
                    person.name,
                    person.sex.value,
                    person.birth_date.isoformat(),
                    person.address,
                    person.rt,
                    person.rw,
                    person.hamlet,
                    person.phone,
                )
            )
        expected = expected_completion(day, service.standard_days)
        request_id = uuid7_at(arrived_ms, rng)
        # The history the outcome implies; whatever would lie in the future has not happened.
        history: list[tuple[Status, dt.datetime]] = []
        at = arrived
        for step in PATHS[outcome]:
            if step is Status.PICKED_UP:
                pickup_day = expected + dt.timedelta(days=rng.randint(0, 4))
                start, end = office_hours(pickup_day)
                at = max(at, start + (end - start) * rng.random())
            elif history:
                at += dt.timedelta(minutes=rng.randint(2, 25))
            if at > self.now:
                break
            history.append((step, at))
        previous: Status | None = None
        for step, at in history:
            at_ms = millis(at)
            hlc = Hlc(at_ms).encode()
            self.changes.append(
                (
                    uuid7_at(at_ms, rng),
                    self.office_id,
                    self.device_id,
                    stamp(at),
                    stamp(at),
                    1,
                    hlc,
                    request_id,
                    previous.value if previous else None,
                    step.value,
                    stamp(at),
                    "petugas",
                    REASONS.get(step, ""),
                )
            )
            previous = step
        status, last_at = history[-1]
        code = new_tracking_code()
        while code in self.tracking_codes:
            code = new_tracking_code()
        self.tracking_codes.add(code)
        self.last_hlc = max(self.last_hlc, Hlc(millis(last_at)).encode())
        self.requests.append(
            (
                request_id,
                self.office_id,
                self.device_id,
                stamp(arrived),
                stamp(last_at),
                len(history),
                Hlc(millis(last_at)).encode(),
                code,
                service.id,
                person.id,
                day.isoformat(),
                seq,
                str(QueueNumber(service.prefix, seq)),
                person.nik,
                person.name,
                json.dumps([r for r in service.requirements if rng.random() < 0.8]),
                rng.choice(NOTES),
                status.value,
                expected.isoformat(),
            )
        )

    def flush(self) -> None:
        def insert(table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
            marks = ", ".join("?" * len(columns))
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
            self.conn.executemany(sql, rows)
            rows.clear()

        with self.conn:
            insert("person", PERSON_COLUMNS, self.persons)
            insert("service_request", REQUEST_COLUMNS, self.requests)
            insert("status_change", CHANGE_COLUMNS, self.changes)
            insert("queue_counter", ("service_id", "day", "last_number"), self.counters)


def build_database(home: Path, total: int, days: int, seed: int) -> None:
    """Migrate an empty workspace, then bulk insert ``total`` requests (FTS triggers fire)."""
    ws = open_workspace(home, actor="bench")
    services = load_services(ws)
    office_id, device_id = ws.sync.office_id, ws.sync.device_id
    ws.close()

    now = dt.datetime.now(UTC)
    today = business_day(now)
    rng = random.Random(seed)
    conn = sqlite3.connect(paths.database_path(home), isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")  # a throw-away build; the file format is the same
    conn.execute("PRAGMA foreign_keys=OFF")
    # The builder writes its own outbox rows: the 'restamp' guard keeps the outbox triggers
    # (desktop.models.triggers) from queueing a second entry per row, and their checksum
    # function must exist on this raw connection for the triggers to compile at all.
    register_functions(conn)
    conn.execute("INSERT INTO sync_guard (mode) VALUES ('restamp')")
    conn.isolation_level = "DEFERRED"
    builder = Builder(
        conn=conn,
        rng=rng,
        services=services,
        office_id=office_id,
        device_id=device_id,
        now=now,
        people=People(rng, today),
    )
    day_list = office_days(today, days, now)
    started = time.perf_counter()
    done = 0
    for index, (day, count) in enumerate(zip(day_list, spread(total, day_list, rng), strict=True)):
        builder.day(day, count, age=len(day_list) - 1 - index)
        if len(builder.requests) >= 20_000 or index == len(day_list) - 1:
            done += len(builder.requests)
            builder.flush()
            print(f"  ... {done:>9,} requests  {time.perf_counter() - started:6.1f} s", flush=True)
    with conn:
        conn.execute("UPDATE device SET hlc = ? WHERE id = ?", (builder.last_hlc, device_id))
        conn.execute("DELETE FROM sync_guard")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def cached_database(total: int, days: int, seed: int, rebuild: bool) -> tuple[Path, float | None]:
    """The home directory of the cached search database; built if missing (and its build time)."""
    key = f"requests-{total}-days{days}-seed{seed}-schema{head_revision()}-v{BUILD_VERSION}"
    home = OUT / key
    if rebuild and home.exists():
        shutil.rmtree(home)
    if paths.database_path(home).exists():
        return home, None
    partial = OUT / f"{key}.partial"
    if partial.exists():
        shutil.rmtree(partial)
    partial.mkdir(parents=True)
    print(f"building {total:,} requests over {days} office days into {home} ...")
    started = time.perf_counter()
    build_database(partial, total, days, seed)
    partial.rename(home)
    return home, time.perf_counter() - started


# -- registering ---------------------------------------------------------------------


def fs_type(path: Path) -> str:
    """The file system a path lives on (Linux only; fsync on tmpfs costs nothing)."""
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return "unknown"
    best, kind = "", "unknown"
    resolved = str(path.resolve())
    for line in mounts:
        parts = line.split()
        if len(parts) >= 3 and resolved.startswith(parts[1]) and len(parts[1]) > len(best):
            best, kind = parts[1], parts[2]
    return kind


class BareInsert:
    """The baseline: one small row INSERT + COMMIT with the app's pragmas (the fsync cost)."""

    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=FULL")
        self.conn.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, payload TEXT)")
        self.n = 0

    def __call__(self) -> None:
        self.n += 1
        self.conn.execute("BEGIN IMMEDIATE")
        self.conn.execute("INSERT INTO t (payload) VALUES (?)", (f"row {self.n}",))
        self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()


@dataclass(frozen=True)
class RegisterResult:
    label: str
    register: Summary
    baseline: Summary


def bench_register(
    label: str, home: Path, count: int, warmup: int, seed: int
) -> tuple[RegisterResult, float]:
    """Time RequestService.register, interleaved with the bare INSERT baseline."""
    opened = time.perf_counter()
    ws = open_workspace(home, actor="bench")
    open_s = time.perf_counter() - opened
    try:
        service = RequestService(ws)
        catalogue = service.services()
        rng = random.Random(seed)
        people = People(rng, service.today())
        bare = BareInsert(home / "baseline.sqlite3")
        register_ms: list[float] = []
        baseline_ms: list[float] = []
        for i in range(warmup + count):
            offering = rng.choice(catalogue)
            form = people.form(offering.code, offering.requirements)
            took = timed_ms(partial(service.register, form))
            base = timed_ms(bare)
            if i >= warmup:
                register_ms.append(took)
                baseline_ms.append(base)
        bare.close()
    finally:
        ws.close()
    return RegisterResult(label, Summary.of(register_ms), Summary.of(baseline_ms)), open_s


def print_register(results: Sequence[RegisterResult]) -> None:
    print(f"{'':34} {'n':>5} {'median':>8} {'p95':>8} {'p99':>8} {'max':>8}  (ms)")
    for r in results:
        for name, s in (
            (f"register, {r.label}", r.register),
            ("  baseline INSERT+COMMIT", r.baseline),
        ):
            print(f"{name:34} {s.n:>5} {s.median:8.2f} {s.p95:8.2f} {s.p99:8.2f} {s.worst:8.2f}")
        print(
            f"{'  ratio register/baseline':34} {'':>5}"
            f" {ratio(r.register.median, r.baseline.median):>8}"
            f" {ratio(r.register.p95, r.baseline.p95):>8}"
            f" {ratio(r.register.p99, r.baseline.p99):>8}"
        )
        print(
            f"  target p95 < {REGISTER_TARGET_MS:.0f} ms: {r.register.p95:.2f} ms  "
            f"{verdict(r.register.p95, REGISTER_TARGET_MS)}"
        )


# -- searching -------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One search the clerk might type, plus the same question asked of an unindexed scan."""

    query: RequestQuery
    after: PageKey | None = None
    baseline_where: str = "1"
    baseline_params: tuple[Any, ...] = ()
    baseline_offset: int = 0
    counts: bool = True


@dataclass
class Kind:
    label: str
    make: Callable[[random.Random], Case]
    search_ms: list[float] = field(default_factory=list)
    count_ms: list[float] = field(default_factory=list)
    base_search_ms: list[float] = field(default_factory=list)
    base_count_ms: list[float] = field(default_factory=list)
    matches: list[int] = field(default_factory=list)
    example: Case | None = None


BASE_SELECT = (
    "SELECT r.*, s.* FROM service_request AS r NOT INDEXED JOIN service AS s ON s.id = r.service_id"
)
BASE_COUNT = (
    "SELECT count(*) FROM service_request AS r NOT INDEXED JOIN service AS s ON s.id = r.service_id"
)


def name_condition(text: str) -> tuple[str, tuple[Any, ...]]:
    """What the FTS query means, as LIKE: some word of the name starts with each typed word."""
    words = text.split()
    where = " AND ".join("(' ' || r.name) LIKE ?" for _ in words)
    return where, tuple(f"% {w}%" for w in words)


@dataclass(frozen=True)
class Samples:
    """Real values from the database to search for."""

    days: list[dt.date]
    niks: list[str]
    codes: list[str]
    services: list[str]


def load_samples(db: Path, rng: random.Random) -> Samples:
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        days = [
            dt.date.fromisoformat(d)
            for (d,) in conn.execute("SELECT DISTINCT queue_day FROM service_request")
        ]
        niks = [n for (n,) in conn.execute("SELECT nik FROM person ORDER BY random() LIMIT 200")]
        codes = [
            c
            for (c,) in conn.execute(
                "SELECT tracking_code FROM service_request ORDER BY random() LIMIT 200"
            )
        ]
        services = [c for (c,) in conn.execute("SELECT code FROM service ORDER BY position")]
    finally:
        conn.close()
    rng.shuffle(days)
    return Samples(days=days, niks=niks, codes=codes, services=services)


def search_kinds(samples: Samples, deep_key: PageKey) -> list[Kind]:
    def day(rng: random.Random) -> Case:
        d = rng.choice(samples.days)
        return Case(
            RequestQuery(day=d), baseline_where="r.queue_day = ?", baseline_params=(d.isoformat(),)
        )

    def status_service(statuses: Sequence[Status]) -> Callable[[random.Random], Case]:
        def make(rng: random.Random) -> Case:
            status, code = rng.choice(statuses), rng.choice(samples.services)
            return Case(
                RequestQuery(status=status, service_code=code),
                baseline_where="r.status = ? AND s.code = ?",
                baseline_params=(status.value, code),
            )

        return make

    def name(text: str) -> Callable[[random.Random], Case]:
        where, params = name_condition(text)
        return lambda rng: Case(
            RequestQuery(text=text), baseline_where=where, baseline_params=params
        )

    def nik_prefix(rng: random.Random) -> Case:
        return Case(
            RequestQuery(text=HOME_REGION),
            baseline_where="r.nik LIKE ?",
            baseline_params=(HOME_REGION + "%",),
        )

    def nik_typing(rng: random.Random) -> Case:
        """The list refreshes while a NIK is typed: 7 to 11 digits of someone's NIK."""
        digits = rng.choice(samples.niks)[: rng.randint(7, 11)]
        return Case(
            RequestQuery(text=digits),
            baseline_where="r.nik LIKE ?",
            baseline_params=(digits + "%",),
        )

    def nik_full(rng: random.Random) -> Case:
        nik = rng.choice(samples.niks)
        typed = f"{nik[:6]} {nik[6:12]} {nik[12:]}"  # as often pasted or typed
        return Case(RequestQuery(text=typed), baseline_where="r.nik = ?", baseline_params=(nik,))

    def tracking(rng: random.Random) -> Case:
        code = rng.choice(samples.codes)
        return Case(
            RequestQuery(text=code.replace("-", "").lower()),
            baseline_where="r.tracking_code = ?",
            baseline_params=(code,),
        )

    deep_offset = DEEP_PAGES * PAGE
    return [
        Kind("first page, no filter", lambda rng: Case(RequestQuery())),
        Kind("one day", day),
        Kind("status+service (picked_up)", status_service([Status.PICKED_UP])),
        Kind(
            "status+service (open)",
            status_service([Status.WAITING, Status.READY, Status.ON_HOLD]),
        ),
        Kind("name 'budi'", name("budi")),
        Kind("name 'sri wah'", name("sri wah")),
        Kind("name 'santoso' (family name)", name("santoso")),
        Kind(f"NIK prefix '{HOME_REGION}'", nik_prefix),
        Kind("NIK prefix, 7-11 digits", nik_typing),
        Kind("NIK, all 16 digits", nik_full),
        Kind("tracking code", tracking),
        Kind(
            f"keyset page {DEEP_PAGES + 1}, no filter",
            lambda rng: Case(
                RequestQuery(), after=deep_key, baseline_offset=deep_offset, counts=False
            ),
        ),
    ]


def find_deep_key(service: RequestService, pages: int) -> PageKey:
    key: PageKey | None = None
    for _ in range(pages):
        page = service.search(RequestQuery(), after=key, limit=PAGE)
        assert page.next_key is not None, "not enough rows for the deep page"
        key = page.next_key
    assert key is not None
    return key


class SqlCapture:
    """Remembers the SQL the service sends, to EXPLAIN it."""

    def __init__(self, ws: Workspace) -> None:
        self.active = False
        self.statements: list[tuple[str, Any]] = []
        event.listen(ws.engine, "before_cursor_execute", self._seen)

    def _seen(
        self, conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: bool
    ) -> None:
        if self.active and statement.lstrip().upper().startswith("SELECT"):
            self.statements.append((statement, params))

    @contextmanager
    def capturing(self) -> Iterator[list[tuple[str, Any]]]:
        self.statements = []
        self.active = True
        try:
            yield self.statements
        finally:
            self.active = False


def explain(conn: sqlite3.Connection, sql: str, params: Any) -> list[str]:
    rows = conn.execute(f"EXPLAIN QUERY PLAN {sql}", params or ()).fetchall()
    depth: dict[int, int] = {0: 0}
    lines = []
    for node, parent, _, detail in rows:
        depth[node] = depth.get(parent, 0) + 1
        lines.append("  " * depth[node] + str(detail))
    return lines


def bench_search(home: Path, reps: int, warmup: int, seed: int, explain_all: bool) -> None:
    db = paths.database_path(home)
    rng = random.Random(seed)
    opened = time.perf_counter()
    ws = open_workspace(home, actor="bench")
    print(
        f"open_workspace on this database (integrity_check): {time.perf_counter() - opened:.2f} s"
    )
    raw = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        service = RequestService(ws)
        capture = SqlCapture(ws)
        total = service.count(RequestQuery())
        samples = load_samples(db, rng)
        deep_key = find_deep_key(service, DEEP_PAGES)
        kinds = search_kinds(samples, deep_key)

        def run(kind: Kind, case: Case, record: bool) -> None:
            took = timed_ms(lambda: service.search(case.query, after=case.after, limit=PAGE))
            if record:
                kind.search_ms.append(took)
            if case.counts:
                holder: list[int] = []
                took = timed_ms(lambda: holder.append(service.count(case.query)))
                if record:
                    kind.count_ms.append(took)
                    kind.matches.append(holder[0])

        def run_baseline(kind: Kind, case: Case) -> None:
            sql = (
                f"{BASE_SELECT} WHERE {case.baseline_where} "
                f"ORDER BY r.created_at DESC, r.id DESC LIMIT {PAGE} OFFSET {case.baseline_offset}"
            )
            kind.base_search_ms.append(
                timed_ms(lambda: raw.execute(sql, case.baseline_params).fetchall())
            )
            if case.counts:
                sql = f"{BASE_COUNT} WHERE {case.baseline_where}"
                kind.base_count_ms.append(
                    timed_ms(lambda: raw.execute(sql, case.baseline_params).fetchall())
                )

        # Round-robin over the kinds so slow drift (cache, disk) hits them all alike.
        for _ in range(warmup):
            for kind in kinds:
                run(kind, kind.make(rng), record=False)
        for _ in range(reps):
            for kind in kinds:
                case = kind.make(rng)
                kind.example = kind.example or case
                run(kind, case, record=True)
        for _ in range(max(5, reps // 3)):
            for kind in kinds:
                run_baseline(kind, kind.make(rng))

        print(f"{total:,} requests in the database; {reps} timed runs per kind, page = {PAGE} rows")
        print("service = RequestService call (ORM, fresh session); baseline = the same question")
        print(
            "as a NOT INDEXED scan through sqlite3 (LIKE for names); speedup = baseline / service"
        )
        print()
        header = (
            f"{'query kind':32} {'matches':>8} | {'search':>7} {'p95':>7} {'base':>7} "
            f"{'speedup':>8} | {'count':>7} {'p95':>7} {'base':>7} {'speedup':>8} | target"
        )
        print(header)
        print(
            f"{'':32} {'':>8} | {'median':>7} {'':>7} {'median':>7} {'':>8} | "
            f"{'median':>7} {'':>7} {'median':>7} {'':>8} |"
        )
        print("-" * len(header))
        misses: list[Kind] = []
        everything: list[float] = []
        for kind in kinds:
            s, b = Summary.of(kind.search_ms), Summary.of(kind.base_search_ms)
            everything += kind.search_ms + kind.count_ms
            worst = s.p95
            matched = f"{int(percentile(kind.matches, 0.5)):,}" if kind.matches else "-"
            line = (
                f"{kind.label:32} {matched:>8} | {s.median:7.2f} {s.p95:7.2f} {b.median:7.1f} "
                f"{ratio(b.median, s.median):>8} | "
            )
            if kind.count_ms:
                c, cb = Summary.of(kind.count_ms), Summary.of(kind.base_count_ms)
                worst = max(worst, c.p95)
                line += (
                    f"{c.median:7.2f} {c.p95:7.2f} {cb.median:7.1f} "
                    f"{ratio(cb.median, c.median):>8} | "
                )
            else:
                line += f"{'-':>7} {'-':>7} {'-':>7} {'-':>8} | "
            line += verdict(worst, SEARCH_TARGET_MS)
            if worst >= SEARCH_TARGET_MS:
                misses.append(kind)
            print(line)
        overall = Summary.of(everything)
        print("-" * len(header))
        print(
            f"all search+count calls: n={overall.n}  median {overall.median:.2f} ms  "
            f"p95 {overall.p95:.2f} ms  p99 {overall.p99:.2f} ms  max {overall.worst:.2f} ms"
        )
        print(
            f"  target p95 < {SEARCH_TARGET_MS:.0f} ms (overall): "
            f"{verdict(overall.p95, SEARCH_TARGET_MS)}; kinds missing it: "
            f"{', '.join(k.label for k in misses) or 'none'}"
        )

        to_explain = kinds if explain_all else misses
        if to_explain:
            heading("EXPLAIN QUERY PLAN" + ("" if explain_all else " of the kinds that missed"))
        for kind in to_explain:
            case = kind.example or kind.make(rng)
            calls: list[tuple[str, Callable[[], object]]] = [
                ("search", partial(service.search, case.query, after=case.after, limit=PAGE))
            ]
            if case.counts:
                calls.append(("count", partial(service.count, case.query)))
            for call, action in calls:
                with capture.capturing() as statements:
                    action()
                for number, (sql, params) in enumerate(statements, start=1):
                    suffix = (
                        f" (statement {number} of {len(statements)})" if len(statements) > 1 else ""
                    )
                    print(f"{kind.label} / {call}{suffix}:")
                    for plan_line in explain(raw, sql, params):
                        print(plan_line)
    finally:
        raw.close()
        ws.close()


# -- main ------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--requests", type=int, default=None, help="rows to search (200000)")
    parser.add_argument("--quick", action="store_true", help="20,000 rows and fewer samples")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached database")
    parser.add_argument("--days", type=int, default=200, help="office days the rows span")
    parser.add_argument("--registrations", type=int, default=None, help="timed (500)")
    parser.add_argument("--reps", type=int, default=None, help="timed runs per query kind (30)")
    parser.add_argument("--seed", type=int, default=20261122)
    parser.add_argument("--tmp-dir", type=Path, default=None, help="where registering writes")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN every query kind")
    args = parser.parse_args(argv)

    total = args.requests or (20_000 if args.quick else 200_000)
    registrations = args.registrations or (100 if args.quick else 500)
    reps = args.reps or (10 if args.quick else 30)
    reg_warmup = 10 if args.quick else 50

    print("Sewaka request services benchmark")
    print(
        f"python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
        f"{platform.system()} {platform.machine()}, schema {head_revision()}"
    )

    home, built_s = cached_database(total, args.days, args.seed, args.rebuild)
    db = paths.database_path(home)
    size_mb = db.stat().st_size / 1e6
    if built_s is None:
        print(f"search database: {db} ({size_mb:.0f} MB, cached; --rebuild to remake)")
    else:
        print(f"search database: {db} ({size_mb:.0f} MB, built in {built_s:.1f} s)")

    with tempfile.TemporaryDirectory(prefix="sewaka-bench-", dir=args.tmp_dir) as tmp:
        where = Path(tmp)
        heading(f"1. RequestService.register ({registrations} timed after {reg_warmup} warm-up)")
        print(f"temp dir {where} on {fs_type(where)}; WAL + synchronous=FULL, one commit per call")
        fresh, _ = bench_register("empty db", where / "fresh", registrations, reg_warmup, args.seed)
        loaded_home = where / "loaded"
        loaded_home.mkdir()
        shutil.copyfile(db, paths.database_path(loaded_home))
        loaded, open_s = bench_register(
            f"{total // 1000}k db", loaded_home, registrations, reg_warmup, args.seed + 1
        )
        print(f"(open_workspace of the {total:,}-row copy took {open_s:.2f} s)")
        print()
        print_register([fresh, loaded])

    heading(f"2. RequestService.search / count over {total:,} requests")
    bench_search(home, reps, warmup=3, seed=args.seed, explain_all=args.explain)
    return 0


if __name__ == "__main__":
    sys.exit(main())
