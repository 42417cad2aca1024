"""The laporan harian on paper: every figure readable in the PDF, nothing outside the paper."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import math
import re

import numpy as np
import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader
from support import MORNING, TEST_OFFICE, WIB, FakeClock, person_form

from desktop import i18n
from desktop.domain import nik as nik_rules
from desktop.domain.status import Status
from desktop.services.printing import PrintService
from desktop.services.reports import ReportService, status_labels
from desktop.services.requests import RequestService
from desktop.services.settings import SettingsService
from desktop.services.workspace import Workspace
from printing.documents import (
    BacklogFigures,
    DailyReportData,
    OfficeHeader,
    OverdueRequest,
    ServiceFigures,
    Signatures,
)
from printing.paper import THERMAL_DPI, Paper
from printing.report import render_daily_report

ROLLS = (Paper.ROLL_58, Paper.ROLL_80)


def pages_text(pdf: bytes) -> list[str]:
    """The text of each page with all whitespace runs made single spaces."""
    reader = PdfReader(io.BytesIO(pdf))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def text(pdf: bytes) -> str:
    return " ".join(pages_text(pdf))


def overdue(n: int) -> tuple[OverdueRequest, ...]:
    return tuple(
        OverdueRequest(
            queue_number=f"A-{i:03d}",
            tracking_code=f"K{i:03d}-QTXM-{'ABCDEFGHJK'[i % 10]}",
            service_name="Surat Keterangan Domisili",
            applicant_name=f"Pemohon Terlambat {chr(65 + i % 26)}{chr(65 + i // 26)}",
            expected_date=dt.date(2026, 3, 3),
            days_late=7,
        )
        for i in range(1, n + 1)
    )


def sample(language: str = "id", late: int = 2, **changes: object) -> DailyReportData:
    english = language == "en"
    data = DailyReportData(
        office=OfficeHeader("Desa", "Sukamaju", "Jl. Raya Desa No. 1, Kec. Cibodas"),
        day=dt.date(2026, 3, 10),
        generated_at=dt.datetime(2026, 3, 10, 17, 5, tzinfo=WIB),
        services=(
            ServiceFigures(
                "SKD",
                "Certificate of domicile" if english else "Surat Keterangan Domisili",
                {"waiting": 2, "serving": 1, "ready": 4, "picked_up": 6},
                15.0,
                6.5,
            ),
            ServiceFigures(
                "SKTM",
                "Certificate of low income" if english else "Surat Keterangan Tidak Mampu (SKTM)",
                {"called": 1, "on_hold": 2, "rejected": 1},
                32.0,
                13.0,
            ),
            ServiceFigures("SKU", "Surat Keterangan Usaha", {"cancelled": 3}, None, None),
        ),
        overdue=overdue(late),
        language=language,
        status_labels=status_labels(language),
    )
    return dataclasses.replace(data, **changes)  # type: ignore[arg-type]


# -- A4 ------------------------------------------------------------------------------------


def test_a4_holds_every_figure() -> None:
    pdf = render_daily_report(sample(), Paper.A4)
    found = text(pdf)

    for expected in (
        "Desa Sukamaju",
        "Jl. Raya Desa No. 1, Kec. Cibodas",
        "Laporan Harian Pelayanan",
        "Tanggal: Selasa, 10 Maret 2026",
        "Dibuat: 10-03-2026 17:05 WIB",
        "Permohonan hari ini: 20",
        "Sisa dari hari sebelumnya: 0",
        "Melewati standar waktu: 2",
        # services x statuses, a row at a time: waiting, called, serving, on hold, ready,
        # picked up, rejected, cancelled, total
        "Menunggu Dipanggil Dilayani Ditunda Selesai, siap diambil Sudah diambil Ditolak "
        "Dibatalkan Jumlah",
        "SKD · Surat Keterangan Domisili 2 0 1 0 4 6 0 0 13",
        "SKTM · Surat Keterangan Tidak Mampu (SKTM) 0 1 0 2 0 0 1 0 4",
        "SKU · Surat Keterangan Usaha 0 0 0 0 0 0 0 3 3",
        "Jumlah 2 1 1 2 4 6 1 3 20",
        # averages, as spans a reader takes in at once
        "SKD Surat Keterangan Domisili 15 menit 7 menit",
        "SKTM Surat Keterangan Tidak Mampu (SKTM) 32 menit 13 menit",
        "SKU Surat Keterangan Usaha – –",
        # the charts' words and figures
        "Permohonan per layanan",
        "Permohonan per status",
        "Menunggu: 2",
        "Dibatalkan: 3",
        # the overdue list, one request a row
        "1 A-001 K001-QTXM-B Surat Keterangan Domisili Pemohon Terlambat BA 03-03-2026 7",
        "2 A-002 K002-QTXM-C Surat Keterangan Domisili Pemohon Terlambat CA 03-03-2026 7",
    ):
        assert expected in found, expected
    assert "Halaman 1 dari" in found
    # No section for what the counter does not record yet.
    assert "skrining" not in found.lower() and "pengunjung" not in found.lower()


def test_a4_in_english() -> None:
    found = text(render_daily_report(sample("en"), Paper.A4))

    for expected in (
        "Daily Service Report",
        "Date: Tuesday, 10 March 2026",
        "Requests today: 20",
        "Waiting Called Being served On hold Done, ready for pickup Picked up Rejected "
        "Cancelled Total",
        "SKD · Certificate of domicile 2 0 1 0 4 6 0 0 13",
        "SKD Certificate of domicile 15 min 7 min",
        "Requests past the service standard",
    ):
        assert expected in found, expected
    assert "Page 1 of" in found
    assert "Laporan" not in found and "Menunggu" not in found


def test_a4_overdue_list_flows_onto_more_pages_with_its_header() -> None:
    pdf = render_daily_report(sample(late=60), Paper.A4)
    pages = pages_text(pdf)

    assert len(pages) > 1
    assert PdfReader(io.BytesIO(pdf)).pages[0].mediabox.width == pytest.approx(595.28, abs=0.01)
    found = " ".join(pages)
    for late in overdue(60):
        assert f"{late.queue_number} {late.tracking_code}" in found
        assert late.applicant_name in found
    # The header row is repeated where the list continues, and every page is numbered.
    assert "Kode lacak" in pages[-1]
    assert "K060-QTXM-A" in pages[-1]
    for number, page in enumerate(pages, start=1):
        assert f"Halaman {number} dari {len(pages)}" in page


def test_a_day_without_requests_still_makes_a_report() -> None:
    data = sample(services=(), late=0)
    for paper in Paper:
        found = text(render_daily_report(data, paper))
        assert "Sukamaju" in found
        assert "Tidak ada permohonan pada hari ini." in found
    assert "Tidak ada permohonan yang melewati standar waktu." in text(
        render_daily_report(data, Paper.A4)
    )


# -- thermal rolls ---------------------------------------------------------------------------


@pytest.mark.parametrize("paper", ROLLS)
def test_roll_slip_holds_the_short_figures(paper: Paper) -> None:
    pdf = render_daily_report(sample(), paper)
    reader = PdfReader(io.BytesIO(pdf))
    found = text(pdf)

    assert len(reader.pages) == 1
    assert float(reader.pages[0].mediabox.width) == pytest.approx(paper.spec.width_pt, abs=0.01)
    for expected in (
        "Desa Sukamaju",
        "LAPORAN HARIAN",
        "Selasa, 10 Maret 2026",
        "Permohonan hari ini 20",
        "SKD 13",
        "SKTM 4",
        "SKU 3",
        "Menunggu 2",
        "Dipanggil 1",
        "Ditunda 2",
        "Selesai, siap diambil 4",
        "Sudah diambil 6",
        "Dibatalkan 3",
        "SKD Tunggu 15 menit Dilayani 7 menit",
        "SKTM Tunggu 32 menit Dilayani 13 menit",
        "SKU Tunggu – Dilayani –",
        "Sisa dari hari sebelumnya 0",
        "Melewati standar waktu 2",
    ):
        assert expected in found, expected
    # A slip is a summary: no applicant is named on it.
    assert "Pemohon Terlambat" not in found


@pytest.mark.parametrize("paper", ROLLS)
def test_roll_page_is_as_long_as_its_content(paper: Paper) -> None:
    def height(data: DailyReportData) -> float:
        return float(
            PdfReader(io.BytesIO(render_daily_report(data, paper))).pages[0].mediabox.height
        )

    one = sample(services=sample().services[:1])
    three = sample()

    assert height(one) < height(three)
    assert height(three) < 1000  # not an A4 page, nor a fixed roll length


def ink_columns(pdf: bytes) -> tuple[np.ndarray, float]:
    """Which pixel columns of the page at the printer's resolution have any ink."""
    page = pdfium.PdfDocument(pdf)[0]
    scale = THERMAL_DPI / 72
    pixels = np.asarray(page.render(scale=scale, grayscale=True).to_pil().convert("L"))
    return (pixels < 200).any(axis=0), scale


@pytest.mark.parametrize("paper", ROLLS)
@pytest.mark.parametrize("language", ["id", "en"])
def test_roll_keeps_everything_within_the_printable_width(paper: Paper, language: str) -> None:
    spec = paper.spec
    assert spec.dots is not None
    long_name = OfficeHeader(
        "Kelurahan",
        "Sukamaju Kidul Wetan Lor Kulon Sejahtera Makmur Gemah Ripah Loh Jinawi",
        "Jalan Panjang Sekali Menuju Kantor Kelurahan Nomor Seratus Dua Puluh Tiga",
    )
    data = sample(language, office=long_name)

    inked, scale = ink_columns(render_daily_report(data, paper))
    columns = np.flatnonzero(inked)
    left = spec.margin_pt * scale
    right = left + spec.dots

    assert abs(len(inked) - spec.width_pt * scale) <= 1
    assert columns.min() >= math.floor(left) - 1  # blank beyond the head's reach
    assert columns.max() <= math.ceil(right) + 1
    assert columns.max() >= right - 4  # the right-aligned figures reach the printable edge
    found = text(render_daily_report(data, paper))
    assert "Sukamaju Kidul Wetan Lor Kulon" in found and "Loh Jinawi" in found


# -- personal data ---------------------------------------------------------------------------


def test_no_nik_reaches_any_paper(
    workspace: Workspace, clock: FakeClock, request_service: RequestService
) -> None:
    niks = []
    clock.set(dt.datetime(2026, 3, 2, 9, 0, tzinfo=WIB))
    for serial, (name, code) in enumerate(
        [("Siti Aminah", "SKD"), ("Budi Santoso", "SKU"), ("Made Wirawan", "SKTM")], start=1
    ):
        form = person_form(name, dt.date(1990, 5, serial), nik_rules.Sex.MALE, serial * 17)
        form = dataclasses.replace(form, service_code=code)
        niks.append(form.nik)
        request_service.register(form)  # left waiting: overdue on the report day, named there
    clock.set(MORNING)
    for serial, name in enumerate(["Dewi Lestari", "Nur Aisyah"], start=10):
        form = person_form(name, dt.date(1985, 1, serial), nik_rules.Sex.FEMALE, serial)
        niks.append(form.nik)
        row = request_service.register(form)
        clock.advance(minutes=5)
        request_service.change_status(row.id, Status.CALLED)
        request_service.change_status(row.id, Status.SERVING)

    data = ReportService(workspace).daily()
    assert len(data.overdue) == 3
    for paper in Paper:
        found = text(render_daily_report(data, paper)).replace(TEST_OFFICE.office_phone, "")
        assert not re.search(r"\d{6,}", found), paper  # no NIK, nor a part of one
        for nik in niks:
            assert nik not in found.replace(" ", "").replace("-", "")
    a4 = text(render_daily_report(data, Paper.A4))
    assert "Siti Aminah" in a4 and "Made Wirawan" in a4


# -- backlog, signatures, the office, numbers and durations in the reader's language --------

BACKLOG = (
    BacklogFigures(
        "SKD", "Surat Keterangan Domisili", {"waiting": 3, "ready": 12}, dt.date(2026, 3, 2)
    ),
    BacklogFigures("SKU", "Surat Keterangan Usaha", {"on_hold": 1}, dt.date(2026, 3, 9)),
)
SIGNATURES = Signatures("petugas-uji", "Kepala Desa", "H. Ahmad Suryana", "Sukamaju")


def test_a4_shows_the_backlog_apart_from_todays_figures() -> None:
    found = text(render_daily_report(sample(backlog=BACKLOG), Paper.A4))

    assert "Permohonan hari ini: 20" in found  # today's count does not include the backlog
    assert "Sisa dari hari sebelumnya: 16" in found
    assert "Sisa permohonan dari hari sebelumnya (belum selesai)" in found
    assert "SKD · Surat Keterangan Domisili 3 0 12 15 02-03-2026" in found
    assert "SKU · Surat Keterangan Usaha 0 1 0 1 09-03-2026" in found
    empty = text(render_daily_report(sample(), Paper.A4))
    assert "Tidak ada sisa permohonan dari hari sebelumnya." in empty


@pytest.mark.parametrize("paper", ROLLS)
def test_the_slip_counts_the_backlog_apart(paper: Paper) -> None:
    found = text(render_daily_report(sample(backlog=BACKLOG), paper))
    assert "Permohonan hari ini 20" in found
    assert "Sisa dari hari sebelumnya 16" in found


def test_a4_ends_with_the_signature_block() -> None:
    pages = pages_text(render_daily_report(sample(signatures=SIGNATURES), Paper.A4))
    last = pages[-1]

    for expected in ("Sukamaju, 10 Maret 2026", "Petugas", "Mengetahui,", "Kepala Desa"):
        assert expected in last, expected
    assert last.index("Kepala Desa") < last.index("H. Ahmad Suryana")  # title, space, name
    assert "petugas-uji" in last
    # Room to sign: the names sit well below the titles.
    runs: dict[str, float] = {}

    def visit(shown: str, cm: list[float], tm: list[float], *_: object) -> None:
        runs.setdefault(shown.strip(), cm[5] + tm[5] * cm[3])

    reader = PdfReader(io.BytesIO(render_daily_report(sample(signatures=SIGNATURES), Paper.A4)))
    reader.pages[-1].extract_text(visitor_text=visit)
    assert runs["Kepala Desa"] - runs["H. Ahmad Suryana"] > 50  # points: about 2 cm


@pytest.mark.parametrize("paper", list(Paper))
def test_office_details_and_the_training_mark_are_printed(paper: Paper) -> None:
    office = OfficeHeader(
        "Desa",
        "Latihan Sukamaju",
        "Jl. Raya Latihan No. 1",
        district="Cileunyi",
        regency="Kabupaten Bandung",
        phone="(022) 7801234",
        training=True,
    )
    found = text(render_daily_report(sample(office=office), paper))

    assert "LATIHAN – bukan dokumen resmi" in found
    assert "Kecamatan Cileunyi, Kabupaten Bandung" in found
    assert "Telp. (022) 7801234" in found
    assert "LATIHAN" not in text(render_daily_report(sample(), paper))


def busy(language: str) -> DailyReportData:
    big = ServiceFigures("KTP", "KTP elektronik", {"picked_up": 12345}, 80.0, 125.4)
    return sample(language, services=(big,))


def test_numbers_and_durations_in_indonesian() -> None:
    found = text(render_daily_report(busy("id"), Paper.A4))
    assert "Permohonan hari ini: 12.345" in found
    assert "KTP KTP elektronik 1 jam 20 menit 2 jam 5 menit" in found  # not "80,0" minutes


def test_numbers_use_the_english_thousands_separator() -> None:
    found = text(render_daily_report(busy("en"), Paper.A4))
    assert "12,345" in found and "12.345" not in found


def test_durations_in_english_read_as_hours_and_minutes() -> None:
    found = text(render_daily_report(busy("en"), Paper.A4))
    assert "1 h 20 min" in found and "2 h 5 min" in found


def test_the_report_keeps_the_sessions_language_after_the_setting_changes(
    workspace: Workspace,
) -> None:
    """The settings dialog says a language change applies after a restart: so does paper."""
    i18n.install_documents("id")  # the session started in Indonesian
    settings = SettingsService(workspace)
    settings.save(dataclasses.replace(settings.load(), language="en"))

    found = text(PrintService(workspace).report_pdf(MORNING.date(), Paper.A4))

    assert "Laporan Harian Pelayanan" in found and "Tanggal: Selasa, 10 Maret 2026" in found
    assert "Tuesday" not in found
