"""The exports supervisors send to the kecamatan, and the training data the demo seeder makes."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from support import (
    BUDI_NIK,
    WIB,
    FakeClock,
    assert_outbox_mirrors_every_synced_row,
    count_rows,
    fetch_all,
    person_form,
    valid_form,
)

from desktop.domain import nik as nik_rules
from desktop.domain.nik import Sex
from desktop.domain.status import Status
from desktop.services import settings as settings_module
from desktop.services.demo import DEMO_OFFICE, RealData, RealDataPresent, seed_demo
from desktop.services.export import (
    ExportFormat,
    ExportRefused,
    Refusal,
    choose_format,
    export_requests,
)
from desktop.services.reports import status_labels
from desktop.services.requests import RequestQuery, RequestService
from desktop.services.settings import SettingsService
from desktop.services.workspace import Workspace, open_workspace
from printing import dispatch

BUDI = {"nik": BUDI_NIK, "name": "Budi Santoso", "sex": "M", "birth_date": "05-01-1985"}

OFFICE = {
    "unit_kind": "Desa",
    "office_name": "Sukamaju",
    "district": "Cimenyan",
    "regency": "Kabupaten Bandung",
    "office_address": "Jl. Raya Sukamaju No. 1",
    "office_phone": "022-7654321",
    "head_name": "H. Ahmad Suryana",
    "head_title": "Kepala Desa",
    "configured": True,
}

HEADERS_ID = [
    "Kode lacak",
    "No. antrean",
    "Kode layanan",
    "Layanan",
    "Status",
    "Waktu daftar (WIB)",
    "Tanggal antrean",
    "Perkiraan selesai",
    "NIK",
    "Nama",
    "No. HP",
]


def set_office(workspace: Workspace, **changes: object) -> None:
    """Store office settings (only the fields this version of the settings knows)."""
    service = SettingsService(workspace)
    known = {f.name for f in dataclasses.fields(settings_module.Settings)}
    values = {k: v for k, v in changes.items() if k in known}
    service.save(dataclasses.replace(service.load(), **values))  # type: ignore[arg-type]


@pytest.fixture
def office(workspace: Workspace) -> Workspace:
    """The workspace of an office whose first-run setup is done."""
    set_office(workspace, **OFFICE)
    return workspace


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle, delimiter=";"))


def sheet_rows(path: Path) -> list[list[object]]:
    sheet = load_workbook(path).active
    assert sheet is not None
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def two_days(office: Workspace, request_service: RequestService, clock: FakeClock) -> None:
    """Two requests on 10 March (office time) and one early on 11 March."""
    clock.set(dt.datetime(2026, 3, 10, 9, 15, tzinfo=WIB))
    request_service.register(valid_form())
    clock.set(dt.datetime(2026, 3, 10, 23, 50, tzinfo=WIB))
    request_service.register(person_form("Dédé Sunarya", dt.date(1990, 12, 1), Sex.MALE, 9))
    clock.set(dt.datetime(2026, 3, 10, 23, 30, tzinfo=dt.UTC))  # 06:30 WIB on 11 March
    request_service.register(valid_form(**BUDI, service_code="SKTM", phone="+62 812 1111 2222"))


def test_xlsx_opens_in_excel_with_text_niks_and_real_dates(
    tmp_path: Path, office: Workspace, two_days: None
) -> None:
    out = tmp_path / "permohonan.xlsx"

    assert export_requests(office, out) == 3

    book = load_workbook(out)
    sheet = book.active
    assert sheet is not None
    assert [c.value for c in sheet[1]] == HEADERS_ID
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"  # the header stays put while scrolling
    assert [sheet.cell(r, 10).value for r in (2, 3, 4)] == [
        "Siti Rahmawati",
        "Dédé Sunarya",
        "Budi Santoso",
    ]
    nik = sheet.cell(2, 9)
    assert (nik.value, nik.data_type) == ("3273055708900003", "s")  # text: no 3.27E+15
    phone = sheet.cell(4, 11)
    assert (phone.value, phone.data_type) == ("081211112222", "s")  # the leading 0 stays
    registered = sheet.cell(2, 6)
    assert registered.is_date and registered.value == dt.datetime(2026, 3, 10, 9, 15)
    assert "HH:MM" in registered.number_format
    last = [c.value for c in sheet[4]]
    assert last[5] == dt.datetime(2026, 3, 11, 6, 30)  # office time, not UTC
    assert sheet.cell(4, 7).is_date and last[6] == dt.datetime(2026, 3, 11)
    assert (last[1], last[2], last[4]) == ("B-001", "SKTM", "Menunggu")  # status in words
    assert sheet.cell(2, 4).value == "Surat Keterangan Domisili"
    assert sheet.column_dimensions["I"].width >= 16  # the whole NIK is visible
    assert sheet.column_dimensions["J"].width >= 20


def test_xlsx_in_english_mode_has_english_headers_statuses_and_services(
    tmp_path: Path, office: Workspace, two_days: None
) -> None:
    out = tmp_path / "requests.xlsx"

    export_requests(office, out, language="en")

    header, first, *_ = sheet_rows(out)
    assert header[:6] == [
        "Tracking code",
        "Queue number",
        "Service code",
        "Service",
        "Status",
        "Registered (WIB)",
    ]
    assert first[4] == status_labels("en")["waiting"]  # the words documents use in English
    assert first[3] != "Surat Keterangan Domisili"  # the English service name


def test_csv_has_a_bom_the_same_columns_and_the_indonesian_list_separator(
    tmp_path: Path, office: Workspace, two_days: None
) -> None:
    out = tmp_path / "laporan.csv"

    assert export_requests(office, out) == 3

    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel then reads UTF-8, not ANSI
    assert "Dédé Sunarya".encode() in raw
    header, first, second, last = read_csv(out)
    assert header == HEADERS_ID
    assert first[5] == "2026-03-10 09:15:00"
    assert last[5:8] == ["2026-03-11 06:30:00", "2026-03-11", "2026-03-12"]
    assert (first[8], first[9], first[4]) == ("3273055708900003", "Siti Rahmawati", "Menunggu")
    assert second[9] == "Dédé Sunarya"


def test_csv_in_english_mode_is_comma_separated(
    tmp_path: Path, office: Workspace, two_days: None
) -> None:
    out = tmp_path / "requests.csv"
    export_requests(office, out, language="en")
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert rows[0][:2] == ["Tracking code", "Queue number"]
    assert rows[1][4] == status_labels("en")["waiting"]


def test_export_of_one_day_uses_the_office_day(
    tmp_path: Path, office: Workspace, two_days: None
) -> None:
    out = tmp_path / "10-maret.csv"

    assert export_requests(office, out, dt.date(2026, 3, 10)) == 2
    assert [r[9] for r in read_csv(out)[1:]] == ["Siti Rahmawati", "Dédé Sunarya"]
    assert export_requests(office, out, dt.date(2026, 3, 12)) == 0
    assert read_csv(out) == [HEADERS_ID]  # just the header


def test_export_follows_the_office_timezone_setting(
    tmp_path: Path, office: Workspace, request_service: RequestService
) -> None:
    set_office(office, timezone="Asia/Jayapura")  # WIT, UTC+9
    request_service.register(valid_form())  # 09:00 WIB = 11:00 WIT

    export_requests(office, tmp_path / "out.xlsx")

    header, first = sheet_rows(tmp_path / "out.xlsx")
    assert (header[5], first[5]) == ("Waktu daftar (WIT)", dt.datetime(2026, 3, 10, 11, 0))


@pytest.mark.parametrize(
    ("name", "requested", "expected"),
    [
        ("a.xlsx", None, ExportFormat.XLSX),
        ("a.CSV", None, ExportFormat.CSV),
        ("a.csv", "csv", ExportFormat.CSV),
        ("a.xlsx", "xlsx", ExportFormat.XLSX),
    ],
)
def test_the_format_comes_from_the_option_or_the_file_name(
    name: str, requested: str | None, expected: ExportFormat
) -> None:
    assert choose_format(Path(name), requested) is expected


@pytest.mark.parametrize(
    ("name", "requested", "reason"),
    [
        ("a.csv", "xlsx", Refusal.FORMAT_MISMATCH),
        ("a.xlsx", "csv", Refusal.FORMAT_MISMATCH),
        ("a.txt", "csv", Refusal.FORMAT_MISMATCH),
        ("a.txt", None, Refusal.UNKNOWN_FORMAT),
        ("permohonan", None, Refusal.UNKNOWN_FORMAT),
    ],
)
def test_a_format_that_does_not_match_the_file_name_is_refused(
    tmp_path: Path, office: Workspace, name: str, requested: str | None, reason: Refusal
) -> None:
    with pytest.raises(ExportRefused) as refused:
        export_requests(office, tmp_path / name, fmt=requested)
    assert refused.value.reason is reason
    assert not (tmp_path / name).exists()


def test_an_export_into_a_missing_folder_is_refused_not_created(
    tmp_path: Path, office: Workspace, two_days: None
) -> None:
    out = tmp_path / "laporan" / "permohonan.xlsx"

    with pytest.raises(ExportRefused) as refused:
        export_requests(office, out)

    assert refused.value.reason is Refusal.MISSING_FOLDER
    assert not out.parent.exists()


def test_nothing_is_exported_before_the_office_is_configured(
    tmp_path: Path, office: Workspace, two_days: None
) -> None:
    set_office(office, configured=False)
    out = tmp_path / "permohonan.xlsx"

    with pytest.raises(settings_module.OfficeNotConfigured):
        export_requests(office, out)

    assert not out.exists()
    assert not fetch_all(office, "SELECT * FROM audit_log WHERE action = 'requests.exported'")


def test_export_is_recorded_in_the_audit_log_without_personal_data(
    tmp_path: Path, office: Workspace, two_days: None
) -> None:
    export_requests(office, tmp_path / "out.csv", dt.date(2026, 3, 10))
    export_requests(office, tmp_path / "out.xlsx")

    audit = fetch_all(office, "SELECT * FROM audit_log WHERE action = 'requests.exported'")
    assert [a["details"] for a in audit] == [
        "day=2026-03-10 rows=2 format=csv",
        "day=all rows=3 format=xlsx",
    ]
    assert {a["actor"] for a in audit} == {"petugas-uji"}


@pytest.mark.parametrize("name", ["permohonan.csv", "permohonan.xlsx"])
def test_a_failed_export_keeps_the_previous_file_and_leaves_no_debris(
    tmp_path: Path,
    office: Workspace,
    two_days: None,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
) -> None:
    out = tmp_path / name
    export_requests(office, out, dt.date(2026, 3, 10))
    previous = out.read_bytes()

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(dispatch.os, "fsync", disk_full)

    with pytest.raises(OSError, match="No space"):
        export_requests(office, out)

    assert out.read_bytes() == previous
    assert sorted(p.name for p in tmp_path.iterdir()) == [name, "sewaka-home"]


def test_progress_is_reported_up_to_every_row(
    tmp_path: Path, office: Workspace, two_days: None
) -> None:
    seen: list[tuple[int, int]] = []
    export_requests(
        office, tmp_path / "out.xlsx", progress=lambda n, total: seen.append((n, total))
    )
    assert seen[-1] == (3, 3)


# -- demo data --------------------------------------------------------------------------------


@pytest.fixture
def utc_clock(clock: FakeClock) -> FakeClock:
    """The app's real clock reads UTC; the seeder works in it. 12:00 WIB on Tuesday."""
    clock.set(dt.datetime(2026, 3, 10, 5, 0, tzinfo=dt.UTC))
    return clock


@pytest.fixture
def empty(tmp_path: Path, clock: FakeClock) -> Iterator[Workspace]:
    """A data folder nobody has set up: the seeder may fill it and make it a training folder."""
    ws = open_workspace(tmp_path / "latihan", clock=clock, actor="petugas-uji")
    yield ws
    ws.close()


@pytest.mark.parametrize(("requests", "days"), [(30, 5), (3, 5), (7, 3), (1, 1)])
def test_demo_makes_exactly_the_requests_asked_for(
    empty: Workspace, utc_clock: FakeClock, requests: int, days: int
) -> None:
    summary = seed_demo(empty, requests=requests, days=days, seed=1)

    assert (summary.requests, summary.days) == (requests, days)
    assert RequestService(empty).count(RequestQuery()) == requests
    per_day = Counter(
        str(r["queue_day"]) for r in fetch_all(empty, "SELECT * FROM service_request")
    )
    assert len(per_day) == min(requests, days)  # spread over the days asked for
    assert max(per_day.values()) - min(per_day.values()) <= 1


def test_demo_data_looks_like_real_use(empty: Workspace, utc_clock: FakeClock) -> None:
    end = utc_clock()
    seed_demo(empty, requests=60, days=3, seed=7)

    rows = fetch_all(empty, "SELECT * FROM service_request ORDER BY created_at")
    people = {p["id"]: p for p in fetch_all(empty, "SELECT * FROM person")}
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
    assert_outbox_mirrors_every_synced_row(empty)


def test_after_the_demo_the_real_clock_is_back(empty: Workspace, utc_clock: FakeClock) -> None:
    seed_demo(empty, requests=10, days=2, seed=3)
    utc_clock.advance(minutes=30)

    row = RequestService(empty).register(valid_form())

    assert row.created_at == utc_clock()
    assert empty.clock is utc_clock and empty.sync.clock is utc_clock


def test_a_seeded_folder_is_a_configured_training_office(
    empty: Workspace, utc_clock: FakeClock
) -> None:
    settings = SettingsService(empty)
    settings.save(dataclasses.replace(settings.load(), language="en", timezone="Asia/Makassar"))

    seed_demo(empty, requests=5, days=1, seed=2)

    office = settings.require_configured()  # receipts, reports and exports work at once
    assert office.training and office.configured
    assert office.place == "Desa Latihan Sukamaju"
    assert office.head_name == DEMO_OFFICE.head_name
    assert (office.language, office.timezone) == ("en", "Asia/Makassar")  # kept as chosen


def test_a_training_folder_may_be_seeded_again(empty: Workspace, utc_clock: FakeClock) -> None:
    seed_demo(empty, requests=5, days=1, seed=2)
    seed_demo(empty, requests=5, days=1, seed=3)
    assert RequestService(empty).count(RequestQuery()) == 10


def test_demo_data_never_goes_into_a_folder_with_real_requests(
    workspace: Workspace, request_service: RequestService
) -> None:
    request_service.register(valid_form())
    before = count_rows(workspace)
    office_before = SettingsService(workspace).load()

    with pytest.raises(RealDataPresent) as refused:
        seed_demo(workspace, requests=20, days=2, seed=1)

    assert (refused.value.reason, refused.value.requests) == (RealData.REQUESTS, 1)
    assert count_rows(workspace) == before
    assert SettingsService(workspace).load() == office_before  # not turned into a training folder


def test_demo_data_never_overwrites_a_real_office_set_up_without_requests(
    workspace: Workspace,
) -> None:
    with pytest.raises(RealDataPresent) as refused:
        seed_demo(workspace, requests=20, days=2, seed=1)
    assert refused.value.reason is RealData.OFFICE
    assert SettingsService(workspace).load().office_name == "Sukamaju"


def test_the_seeder_reports_its_progress(empty: Workspace, utc_clock: FakeClock) -> None:
    seen: list[tuple[int, int]] = []
    seed_demo(empty, requests=12, days=3, seed=5, progress=lambda d, t: seen.append((d, t)))
    assert seen == [(n, 12) for n in range(1, 13)]
