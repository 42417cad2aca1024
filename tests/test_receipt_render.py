"""The receipt PDF: every field on every paper, nothing off the paper, rolls as long as needed."""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import io
import math
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import cv2
import numpy as np
import pytest
from PIL import Image
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics

from printing import raster, signing
from printing.documents import OfficeHeader, ReceiptData
from printing.fonts import BOLD, REGULAR
from printing.paper import THERMAL_DPI, Paper
from printing.qr import decode_qr
from printing.receipt import (
    format_day,
    format_timestamp,
    render_receipt,
    zone_label,
)

SITI_NIK = "3273055708900003"
# A fixed key: the same QR code on every run (its decoding must not depend on luck).
PRIVATE = base64.urlsafe_b64encode(bytes(range(32))).decode().rstrip("=")
PUBLIC = signing.public_key_of(PRIVATE)
OFFICE_ID = "0195c0de-0000-7000-8000-000000000001"
ISSUED = dt.datetime(2026, 3, 10, 9, 5, tzinfo=ZoneInfo("Asia/Jakarta"))
LONG_NAME = " ".join(f"Nama{i:02d}" for i in range(50))[:300]
NON_LATIN_NAME = "Ni Luh Putu Ayu Kadek Ñoño Đặng 李小龙"


def receipt(**changes: object) -> ReceiptData:
    payload = signing.TrackingPayload(OFFICE_ID, "request-1", "7K3M-Q9TX-4", ISSUED)
    data = ReceiptData(
        office=OfficeHeader("Desa", "Sukamaju", "Jl. Raya Sukamaju No. 12, Kec. Cibeunying"),
        queue_number="A-001",
        service_name="Surat Keterangan Domisili",
        applicant_name="Siti Rahmawati",
        nik_masked="327305********03",
        issued_at=ISSUED,
        documents=("Surat pengantar RT/RW", "Fotokopi KTP pemohon"),
        expected_date=dt.date(2026, 3, 11),
        tracking_code="7K3M-Q9TX-4",
        qr_payload=signing.sign(payload, PRIVATE),
        footer="Simpan struk ini. Lacak permohonan dengan kode di atas.",
    )
    return dataclasses.replace(data, **changes)  # type: ignore[arg-type]


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def words_of(pdf: bytes) -> list[str]:
    return text_of(pdf).split()


def assert_every_word_present(pdf: bytes, text: str) -> None:
    """Every word of ``text`` appears, in order (a wrap may only fall between words, or split
    a word too long for a line)."""
    printed = "".join(words_of(pdf))
    expected = "".join(text.split())
    assert expected in printed


def text_runs(pdf: bytes) -> list[tuple[str, float, float, float]]:
    """(text, x, estimated right edge, font size) of every text run on the first page."""
    runs: list[tuple[str, float, float, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        shown = text.rstrip("\n")
        if not shown.strip() or not isinstance(font, dict):
            return
        base = str(font.get("/BaseFont", ""))
        name = BOLD if base.endswith("DejaVuSans-Bold") else REGULAR
        if not base.endswith(("DejaVuSans", "DejaVuSans-Bold")):
            return  # the CJK fallback font: not measurable with DejaVu's metrics
        scale = cm[0] * tm[0]
        x = cm[4] + tm[4] * cm[0]
        width = pdfmetrics.stringWidth(shown, name, size) * scale
        runs.append((shown, x, x + width, size * scale))

    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    return runs


def page_size(pdf: bytes) -> tuple[float, float]:
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    return float(box.width), float(box.height)


def ink_columns(pdf: bytes, dpi: float) -> tuple[int, int, int]:
    """(first inked column, last inked column, image width) of the first page."""
    pixels = raster.pdf_page_to_array(pdf, dpi=dpi)
    inked = np.flatnonzero((pixels < 250).any(axis=0))
    return int(inked[0]), int(inked[-1]), pixels.shape[1]


def assert_inside_printable_width(pdf: bytes, paper: Paper) -> None:
    spec = paper.spec
    left, right = spec.margin_pt, spec.margin_pt + spec.printable_width_pt
    assert page_size(pdf)[0] == pytest.approx(spec.width_pt, abs=0.01)
    # Text, by position and font metrics...
    runs = text_runs(pdf)
    assert runs
    for text, start, end, _ in runs:
        assert start >= left - 0.01, text
        assert end <= right + 0.01, text
    # ...and everything drawn (text, rules, the QR code), by pixels: the margins stay blank.
    dpi = THERMAL_DPI if paper.is_roll else 100
    first, last, _ = ink_columns(pdf, dpi)
    assert first >= math.floor(left * dpi / 72)
    assert last <= math.ceil(right * dpi / 72)


# -- every field, every paper ------------------------------------------------------------


@pytest.mark.parametrize("paper", list(Paper))
def test_every_field_is_printed_and_the_full_nik_never(paper: Paper) -> None:
    pdf = render_receipt(receipt(), paper)

    text = text_of(pdf)
    for expected in (
        "Desa Sukamaju",
        "Jl. Raya Sukamaju No. 12",
        "A-001",
        "Surat Keterangan Domisili",
        "Siti Rahmawati",
        "327305********03",
        "10-03-2026 09:05 WIB",
        "Surat pengantar RT/RW",
        "Fotokopi KTP pemohon",
        "11-03-2026",
        "7K3M-Q9TX-4",
        "Nomor antrean",
        "Kode lacak",
        "Perkiraan selesai",
        "Dokumen diterima (2)",
    ):
        assert expected in text, expected
    assert_every_word_present(pdf, "Simpan struk ini. Lacak permohonan dengan kode di atas.")
    assert SITI_NIK not in text.replace(" ", "").replace("\n", "")
    assert SITI_NIK.encode() not in pdf


@pytest.mark.parametrize("paper", list(Paper))
def test_nothing_is_drawn_outside_the_printable_width(paper: Paper) -> None:
    assert_inside_printable_width(pdf := render_receipt(receipt(), paper), paper)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1


def test_the_queue_number_is_the_largest_text() -> None:
    runs = text_runs(render_receipt(receipt(), Paper.ROLL_58))
    biggest = max(runs, key=lambda run: run[3])
    assert biggest[0] == "A-001"
    assert biggest[3] >= 24


def test_english_labels() -> None:
    text = text_of(render_receipt(receipt(language="en"), Paper.ROLL_80))

    for label in ("Queue number", "Tracking code", "Expected completion", "Documents received"):
        assert label in text
    assert "Wednesday, 11-03-2026" in text
    assert "Nomor antrean" not in text


# -- the roll is as long as its content ----------------------------------------------------


@pytest.mark.parametrize("paper", [Paper.ROLL_58, Paper.ROLL_80])
def test_a_roll_page_is_as_long_as_its_content(paper: Paper) -> None:
    one = render_receipt(receipt(documents=("Surat pengantar RT/RW",)), paper)
    ten = render_receipt(receipt(documents=tuple(f"Dokumen nomor {i}" for i in range(10))), paper)

    assert page_size(ten)[1] > page_size(one)[1] + 9 * 8  # at least a line per document
    for pdf in (one, ten):
        pixels = raster.pdf_page_to_array(pdf)
        inked_rows = np.flatnonzero((pixels < 250).any(axis=1))
        blank_above, blank_below = inked_rows[0], pixels.shape[0] - 1 - inked_rows[-1]
        assert blank_above <= 30 and blank_below <= 30  # a few mm, not an endless feed


def test_a4_is_a4_with_the_ticket_at_the_top() -> None:
    pdf = render_receipt(receipt(), Paper.A4)

    assert page_size(pdf) == pytest.approx(A4, abs=0.01)
    pixels = raster.pdf_page_to_array(pdf, dpi=50)
    inked_rows = np.flatnonzero((pixels < 250).any(axis=1))
    assert inked_rows[-1] < pixels.shape[0] * 0.75


def test_a_very_long_ticket_on_a4_goes_on_to_another_page() -> None:
    documents = tuple(f"Dokumen pendukung nomor {i}" for i in range(80))
    pdf = render_receipt(receipt(documents=documents), Paper.A4)

    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 2
    text = text_of(pdf)
    for document in documents:
        assert document in text


# -- long and unusual text wraps, complete -------------------------------------------------


@pytest.mark.parametrize("paper", list(Paper))
@pytest.mark.parametrize("name", [LONG_NAME, NON_LATIN_NAME, "X" * 100])
def test_long_and_non_latin_names_wrap_and_print_completely(paper: Paper, name: str) -> None:
    pdf = render_receipt(receipt(applicant_name=name), paper)

    assert_every_word_present(pdf, name)
    assert_inside_printable_width(pdf, paper)


def test_a_long_name_takes_several_lines() -> None:
    pdf = render_receipt(receipt(applicant_name=LONG_NAME), Paper.ROLL_58)

    name_lines = [run for run in text_runs(pdf) if "Nama" in run[0] and run[0] != "Nama"]
    assert len(name_lines) >= 10


@pytest.mark.parametrize("paper", [Paper.ROLL_58, Paper.A4])
def test_long_office_service_and_documents_wrap_completely(paper: Paper) -> None:
    address = "Jalan Raya Provinsi Kilometer 12 " * 6
    service = "Surat Keterangan Ahli Waris Untuk Pengurusan Tabungan Dan Tanah " * 2
    document = "Fotokopi akta kelahiran seluruh ahli waris yang dilegalisir " * 3
    pdf = render_receipt(
        receipt(
            office=OfficeHeader("Kelurahan", "Cempaka Putih Timur Bagian Selatan", address),
            service_name=service,
            documents=(document, "KTP"),
        ),
        paper,
    )

    for text in (address, service, document, "Kelurahan Cempaka Putih Timur Bagian Selatan"):
        assert_every_word_present(pdf, text)
    assert_inside_printable_width(pdf, paper)


def test_markup_characters_are_printed_as_typed() -> None:
    name = "Dewi <b>Lestari</b> & O'Neil"
    pdf = render_receipt(receipt(applicant_name=name), Paper.ROLL_58)

    assert_every_word_present(pdf, name)


def test_decomposed_accents_are_printed_composed() -> None:
    pdf = render_receipt(receipt(applicant_name="N\u0303on\u0303o"), Paper.ROLL_58)

    assert "Ñoño" in text_of(pdf)


def test_a_long_queue_number_shrinks_to_fit() -> None:
    pdf = render_receipt(receipt(queue_number="A-1234"), Paper.ROLL_58)

    assert "A-1234" in text_of(pdf)
    assert_inside_printable_width(pdf, Paper.ROLL_58)


def test_no_documents_says_so() -> None:
    text = text_of(render_receipt(receipt(documents=()), Paper.ROLL_58))

    assert "Dokumen diterima (0)" in text
    assert "Tidakadadokumenyangditerima." in "".join(text.split())


# -- the QR code --------------------------------------------------------------------------


@pytest.mark.parametrize("paper", list(Paper))
def test_the_printed_qr_code_decodes_and_verifies(paper: Paper) -> None:
    data = receipt()
    pdf = render_receipt(data, paper)

    found = decode_qr(raster.pdf_page_to_array(pdf, dpi=THERMAL_DPI))

    assert found == [data.qr_payload]
    verified = signing.verify(found[0], PUBLIC, office_id=OFFICE_ID)
    assert verified.tracking_code == "7K3M-Q9TX-4"


def test_the_roll_qr_code_sits_on_the_thermal_dot_grid() -> None:
    """At 203 dpi every module is exactly 4 by 4 dots of black or white: no grey edges."""
    pdf = render_receipt(receipt(), Paper.ROLL_58)
    pixels = raster.pdf_page_to_array(pdf)
    found, corners = cv2.QRCodeDetector().detect(pixels)
    assert found
    (left, top), (right, bottom) = corners[0].min(axis=0), corners[0].max(axis=0)
    around = pixels[int(top) - 3 : int(bottom) + 4, int(left) - 3 : int(right) + 4]
    rows = np.flatnonzero((around < 255).any(axis=1))
    columns = np.flatnonzero((around < 255).any(axis=0))
    code = around[rows[0] : rows[-1] + 1, columns[0] : columns[-1] + 1]

    # Edges fall between pixels: nothing half-covered (1/255 is PDF number rounding).
    assert ((code <= 2) | (code >= 253)).all()
    dark = code < 128
    assert dark.shape[0] == dark.shape[1] and dark.shape[0] % 4 == 0
    modules = dark[::4, ::4]
    assert (np.repeat(np.repeat(modules, 4, axis=0), 4, axis=1) == dark).all()


# -- formatting -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "label"),
    [
        (ZoneInfo("Asia/Jakarta"), "WIB"),
        (ZoneInfo("Asia/Pontianak"), "WIB"),
        (ZoneInfo("Asia/Makassar"), "WITA"),
        (ZoneInfo("Asia/Jayapura"), "WIT"),
        (dt.timezone(dt.timedelta(hours=7)), "UTC+07:00"),
        (dt.timezone(dt.timedelta(hours=-3, minutes=-30)), "UTC-03:30"),
        (dt.UTC, "UTC"),
    ],
)
def test_time_zone_label(zone: dt.tzinfo, label: str) -> None:
    moment = dt.datetime(2026, 3, 10, 9, 5, tzinfo=zone)

    assert zone_label(moment) == label
    assert format_timestamp(moment) == f"10-03-2026 09:05 {label}"


def test_day_names() -> None:
    assert format_day(dt.date(2026, 3, 13)) == "Jumat, 13-03-2026"
    assert format_day(dt.date(2026, 3, 13), "en") == "Friday, 13-03-2026"


def test_rendering_is_reproducible() -> None:
    assert render_receipt(receipt(), Paper.ROLL_80) == render_receipt(receipt(), Paper.ROLL_80)


def test_pdf_text_has_no_stray_control_characters() -> None:
    pdf = render_receipt(receipt(applicant_name="Siti\tRahma\x00wati\r"), Paper.ROLL_58)

    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", text_of(pdf))


# -- two copies on A4, reprints, the office, training ------------------------------------------


def test_a4_holds_an_applicant_copy_and_an_archive_copy_side_by_side() -> None:
    pdf = render_receipt(receipt(), Paper.A4)
    runs = text_runs(pdf)

    def xs(text: str) -> list[float]:
        return sorted(x for shown, x, _, _ in runs if shown.strip() == text)

    applicant = [x for shown, x, _, _ in runs if shown.strip() == "LEMBAR PEMOHON"]
    archive = [x for shown, x, _, _ in runs if shown.strip() == "LEMBAR ARSIP KANTOR"]
    assert len(applicant) == 1 and len(archive) == 1
    middle = A4[0] / 2
    assert applicant[0] < middle < archive[0]  # applicant's on the left, archive's on the right
    # Everything that matters is on both copies, one on each side of the cut line.
    for text in ("A-001", "Siti Rahmawati", "7K3M-Q9TX-4", "327305********03"):
        left, right = xs(text)
        assert left < middle < right, text
    assert "potong di sini" in text_of(pdf)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    # Both QR codes are whole: each half of the page decodes on its own.
    pixels = raster.pdf_page_to_array(pdf, dpi=THERMAL_DPI)
    half = pixels.shape[1] // 2
    assert decode_qr(np.ascontiguousarray(pixels[:, :half])) == [receipt().qr_payload]
    assert decode_qr(np.ascontiguousarray(pixels[:, half:])) == [receipt().qr_payload]


@pytest.mark.parametrize("paper", [Paper.ROLL_58, Paper.ROLL_80])
def test_a_roll_receipt_is_one_copy(paper: Paper) -> None:
    text = text_of(render_receipt(receipt(), paper))
    assert "LEMBAR" not in text and "potong di sini" not in text
    assert text.count("A-001") == 1


@pytest.mark.parametrize("paper", list(Paper))
def test_a_reprint_is_marked_with_its_time_and_the_status_now(paper: Paper) -> None:
    reprinted = dt.datetime(2026, 3, 12, 14, 30, tzinfo=ZoneInfo("Asia/Jakarta"))
    first = text_of(render_receipt(receipt(status="waiting"), paper))
    again = text_of(render_receipt(receipt(status="ready", reprinted_at=reprinted), paper))

    assert "CETAK ULANG" not in first and "Status saat ini" not in first
    assert "CETAK ULANG" in again
    assert "Dicetak ulang: 12-03-2026 14:30 WIB" in again
    assert "Status saat ini" in again and "Selesai, siap diambil" in again
    assert "Rabu, 11-03-2026" in again  # still promised: it is not rejected or cancelled


@pytest.mark.parametrize("status", ["rejected", "cancelled"])
@pytest.mark.parametrize("paper", list(Paper))
def test_a_closed_requests_reprint_promises_no_completion_date(status: str, paper: Paper) -> None:
    reprinted = dt.datetime(2026, 3, 12, 14, 30, tzinfo=ZoneInfo("Asia/Jakarta"))
    text = text_of(render_receipt(receipt(status=status, reprinted_at=reprinted), paper))

    assert "Perkiraan selesai" not in text
    assert "11-03-2026" not in text
    assert ("Ditolak" if status == "rejected" else "Dibatalkan") in text
    assert_every_word_present(render_receipt(receipt(status=status), paper), "tidak akan")


@pytest.mark.parametrize("paper", list(Paper))
def test_the_office_details_from_the_settings_are_printed(paper: Paper) -> None:
    office = OfficeHeader(
        "Banjar",
        "Tegal Linggah",
        "Jl. Raya Ubud No. 7",
        district="Ubud",
        regency="Kabupaten Gianyar",
        phone="(0361) 975123",
    )
    text = " ".join(text_of(render_receipt(receipt(office=office), paper)).split())

    for expected in (
        "Banjar Tegal Linggah",
        "Kecamatan Ubud, Kabupaten Gianyar",
        "Jl. Raya Ubud No. 7",
        "Telp. (0361) 975123",
    ):
        assert expected in text, expected


@pytest.mark.parametrize("paper", list(Paper))
def test_a_training_folder_says_latihan_on_every_receipt(paper: Paper) -> None:
    training = OfficeHeader("Desa", "Latihan Sukamaju", training=True)
    text = " ".join(text_of(render_receipt(receipt(office=training), paper)).split())
    assert "LATIHAN – bukan dokumen resmi" in text
    assert "LATIHAN" not in text_of(render_receipt(receipt(), paper))


def test_the_logo_is_printed_on_a4_and_a_broken_logo_is_left_out(tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    Image.new("RGB", (200, 200), (0, 0, 0)).save(logo)  # a black square: easy to find
    broken = tmp_path / "rusak.png"
    broken.write_bytes(b"bukan gambar")

    def black(pdf: bytes) -> int:
        return int((raster.pdf_page_to_array(pdf, dpi=72) < 30).sum())

    with_logo = render_receipt(
        receipt(office=OfficeHeader("Desa", "Sukamaju", logo=logo)), Paper.A4
    )
    without = render_receipt(
        receipt(office=OfficeHeader("Desa", "Sukamaju", logo=broken)), Paper.A4
    )

    # Two copies of a 16 mm (45 px at 72 dpi) black square more than without a logo.
    assert black(with_logo) - black(without) > 2 * 40 * 40
    assert "Desa Suka" in text_of(without)
    assert len(PdfReader(io.BytesIO(with_logo)).pages) == 1
