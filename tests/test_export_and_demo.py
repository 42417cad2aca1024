"""The CSV supervisors send to the kecamatan, and the training data the demo seeder makes."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
from collections import Counter
from pathlib import Path

import pytest
from support import (
    BUDI_NIK,
    WIB,
    FakeClock,
    assert_outbox_mirrors_every_synced_row,
    fetch_all,
    person_form,
    valid_form,
)

from desktop.domain import nik as nik_rules
from desktop.domain.ids import normalize_tracking_code
from desktop.domain.nik import Sex
from desktop.domain.status import Status
from desktop.services import export as export_module
from desktop.services.demo import seed_demo
from desktop.services.export import export_requests
from desktop.services.requests import RequestQuery, RequestService
from desktop.services.settings import SettingsService
from desktop.services.workspace import Workspace

BUDI = {"nik": BUDI_NIK, "name": "Budi Santoso", "sex": "M", "birth_date": "05-01-1985"}


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def two_days(request_service: RequestService, clock: FakeClock) -> None:
    """Two requests on 10 March (office time) and one early on 11 March."""
    clock.set(dt.datetime(2026, 3, 10, 9, 15, tzinfo=WIB))
    request_service.register(valid_form())
    clock.set(dt.datetime(2026, 3, 10, 23, 50, tzinfo=WIB))
    request_service.register(person_form("Dédé Sunarya", dt.date(1990, 12, 1), Sex.MALE, 9))
    clock.set(dt.datetime(2026, 3, 10, 23, 30, tzinfo=dt.UTC))  # 06:30 WIB on 11 March
    request_service.register(valid_form(**BUDI, service_code="SKTM"))


def test_export_writes_every_request_in_office_time(
    tmp_path: Path, workspace: Workspace, two_days: None
) -> None:
    out = tmp_path / "laporan" / "permohonan.csv"  # the folder does not exist yet

    count = export_requests(workspace, out)

    rows = read_csv(out)
    assert count == len(rows) == 3
    assert [r["name"] for r in rows] == ["Siti Rahmawati", "Dédé Sunarya", "Budi Santoso"]
    first, _, last = rows
    assert first["created_at"] == "2026-03-10T09:15:00+07:00"
    assert last["created_at"] == "2026-03-11T06:30:00+07:00"
    assert last["queue_day"] == "2026-03-11"
    assert (last["queue_number"], last["service"], last["status"]) == ("B-001", "SKTM", "waiting")
    assert first["nik"] == "3273055708900003"  # the kecamatan needs the full number
    assert first["service_name"] == "Surat Keterangan Domisili"
    assert normalize_tracking_code(first["tracking_code"]) == first["tracking_code"]
    assert first["expected_date"] == "2026-03-11"


def test_export_of_one_day_uses_the_office_day(
    tmp_path: Path, workspace: Workspace, two_days: None
) -> None:
    out = tmp_path / "10-maret.csv"

    assert export_requests(workspace, out, dt.date(2026, 3, 10)) == 2
    assert [r["name"] for r in read_csv(out)] == ["Siti Rahmawati", "Dédé Sunarya"]
    assert export_requests(workspace, out, dt.date(2026, 3, 12)) == 0
    assert read_csv(out) == []  # just the header
    assert out.read_text(encoding="utf-8").startswith("tracking_code,queue_number,")


def test_export_follows_the_office_timezone_setting(
    tmp_path: Path, workspace: Workspace, request_service: RequestService
) -> None:
    settings = SettingsService(workspace)
    settings.save(dataclasses.replace(settings.load(), timezone="Asia/Jayapura"))  # WIT, UTC+9
    request_service.register(valid_form())  # 09:00 WIB = 11:00 WIT

    export_requests(workspace, tmp_path / "out.csv")

    assert read_csv(tmp_path / "out.csv")[0]["created_at"] == "2026-03-10T11:00:00+09:00"


def test_export_is_utf8_with_names_as_typed(
    tmp_path: Path, workspace: Workspace, two_days: None
) -> None:
    out = tmp_path / "out.csv"
    export_requests(workspace, out)
    assert "Dédé Sunarya".encode() in out.read_bytes()


def test_export_is_recorded_in_the_audit_log(
    tmp_path: Path, workspace: Workspace, two_days: None
) -> None:
    export_requests(workspace, tmp_path / "out.csv", dt.date(2026, 3, 10))
    audit = fetch_all(workspace, "SELECT * FROM audit_log WHERE action = 'requests.exported'")
    assert len(audit) == 1
    assert audit[0]["actor"] == "petugas-uji"
    assert audit[0]["details"] == "day=2026-03-10 rows=2"


def test_a_failed_export_keeps_the_previous_file_and_leaves_no_debris(
    tmp_path: Path, workspace: Workspace, two_days: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "permohonan.csv"
    export_requests(workspace, out, dt.date(2026, 3, 10))
    previous = out.read_bytes()
    real_writer = csv.writer

    class DiskFullAfterHeader:
        def __init__(self, handle: object) -> None:
            self.inner = real_writer(handle)  # type: ignore[arg-type]
            self.rows = 0

        def writerow(self, row: object) -> None:
            self.rows += 1
            if self.rows > 1:
                raise OSError(28, "No space left on device")
            self.inner.writerow(row)  # type: ignore[arg-type]

    monkeypatch.setattr(export_module.csv, "writer", DiskFullAfterHeader)

    with pytest.raises(OSError, match="No space"):
        export_requests(workspace, out)

    assert out.read_bytes() == previous
    assert sorted(p.name for p in tmp_path.iterdir()) == ["permohonan.csv", "sewaka-home"]


# -- demo data --------------------------------------------------------------------------------


@pytest.fixture
def utc_clock(clock: FakeClock) -> FakeClock:
    """The app's real clock reads UTC; the seeder works in it. 12:00 WIB on Tuesday."""
    clock.set(dt.datetime(2026, 3, 10, 5, 0, tzinfo=dt.UTC))
    return clock


@pytest.mark.parametrize(("requests", "days"), [(30, 5), (3, 5), (7, 3), (1, 1)])
def test_demo_makes_exactly_the_requests_asked_for(
    workspace: Workspace,
    request_service: RequestService,
    utc_clock: FakeClock,
    requests: int,
    days: int,
) -> None:
    summary = seed_demo(workspace, requests=requests, days=days, seed=1)

    assert (summary.requests, summary.days) == (requests, days)
    assert request_service.count(RequestQuery()) == requests
    per_day = Counter(
        str(r["queue_day"]) for r in fetch_all(workspace, "SELECT * FROM service_request")
    )
    assert len(per_day) == min(requests, days)  # spread over the days asked for
    assert max(per_day.values()) - min(per_day.values()) <= 1


def test_demo_data_looks_like_real_use(
    workspace: Workspace, request_service: RequestService, utc_clock: FakeClock
) -> None:
    end = utc_clock()
    seed_demo(workspace, requests=60, days=3, seed=7)

    rows = fetch_all(workspace, "SELECT * FROM service_request ORDER BY created_at")
    people = {p["id"]: p for p in fetch_all(workspace, "SELECT * FROM person")}
    numbers: dict[tuple[object, object], list[int]] = {}
    for row in rows:
        info = nik_rules.parse(str(row["nik"]), today=end.date())
        person = people[row["person_id"]]
        assert (info.sex.value, info.birth_date.isoformat()) == (
            person["sex"],
            person["birth_date"],
        )
        assert Status(str(row["status"]))
        numbers.setdefault((row["queue_day"], row["service_id"]), []).append(
            int(str(row["queue_seq"]))
        )
    for seqs in numbers.values():  # every service's queue starts at 1 each day, no gaps
        assert sorted(seqs) == list(range(1, len(seqs) + 1))
    assert max(str(r["updated_at"]) for r in rows) <= end.strftime("%Y-%m-%d %H:%M:%S.%f")
    assert {str(r["status"]) for r in rows} - {"waiting", "called", "serving"}  # some finished
    assert_outbox_mirrors_every_synced_row(workspace)


def test_after_the_demo_the_real_clock_is_back(
    workspace: Workspace, request_service: RequestService, utc_clock: FakeClock
) -> None:
    seed_demo(workspace, requests=10, days=2, seed=3)
    utc_clock.advance(minutes=30)

    row = request_service.register(valid_form())

    assert row.created_at == utc_clock()
    assert workspace.clock is utc_clock and workspace.sync.clock is utc_clock
