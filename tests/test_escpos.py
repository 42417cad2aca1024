"""The ESC/POS receipt: byte-for-byte snapshots plus what must hold whatever the data.

Regenerate the snapshots after an intended change of layout with

    SEWAKA_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/test_escpos.py

and look at the difference (``git diff --text``, ``cmp -l``) before committing them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from printing.documents import OfficeHeader, ReceiptData
from printing.escpos import ascii_text, receipt_escpos, wrap
from printing.paper import Paper

SNAPSHOTS = Path(__file__).with_name("snapshots")
UPDATE = os.environ.get("SEWAKA_UPDATE_SNAPSHOTS") == "1"
ROLLS = [Paper.ROLL_58, Paper.ROLL_80]
ESC, GS = 0x1B, 0x1D

RECEIPT = ReceiptData(
    office=OfficeHeader("Desa", "Sukamaju", "Jl. Raya Sukamaju No. 12, Kecamatan Cibeureum"),
    queue_number="A-007",
    service_name="Surat Keterangan Domisili",
    applicant_name="Siti Nurhaliza Núñez binti Abdul Rahman Ñoño",
    nik_masked="327305********03",
    issued_at=dt.datetime(2025, 3, 14, 9, 5, tzinfo=ZoneInfo("Asia/Jakarta")),
    documents=(
        "KTP asli",
        "Kartu Keluarga (fotokopi, dilegalisir oleh Dukcapil kabupaten)",
        "Surat pengantar RT/RW",
    ),
    expected_date=dt.date(2025, 3, 17),
    tracking_code="SWK-7K3M-Q9TP",
    qr_payload="https://cek.sewaka.id/t/SWK-7K3M-Q9TP?s=MEUCIQDx3v9mZ8wq1o4kYl0aJb2cT5nH7pR",
    footer="Terima kasih. Simpan tanda terima ini sampai berkas diambil.",
    language="id",
)


@dataclass
class Decoded:
    """What a printer would make of the bytes: text lines (with their width in font-A
    columns), the QR data stored, and the commands seen in order."""

    lines: list[tuple[str, int]] = field(default_factory=list)
    qr_stored: list[bytes] = field(default_factory=list)
    commands: list[bytes] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(line for line, _ in self.lines)


def decode(raw: bytes) -> Decoded:
    """A small ESC/POS interpreter for the commands the receipt may use; anything else fails
    the test, so a stray control byte (from a name, say) cannot slip through."""
    out = Decoded()
    line, width, wide = "", 0, False
    i = 0
    while i < len(raw):
        byte = raw[i]
        if byte == ESC:
            cmd = raw[i + 1 : i + 2]
            if cmd == b"@":
                wide, size = False, 2
            elif cmd in (b"a", b"E", b"-", b"d", b"t", b"M", b"!"):
                size = 3
                if cmd == b"!":
                    wide = bool(raw[i + 2] & 0x20)
            else:
                raise AssertionError(f"unexpected ESC {cmd!r} at {i}")
            out.commands.append(raw[i : i + size])
            i += size
        elif byte == GS:
            cmd = raw[i + 1 : i + 2]
            if cmd == b"(" and raw[i + 2 : i + 3] == b"k":
                length = raw[i + 3] + 256 * raw[i + 4]
                body = raw[i + 5 : i + 5 + length]
                assert len(body) == length, "truncated GS ( k"
                if body[:3] == b"1P0":  # cn=49 (QR), fn=80 (store), m=48
                    out.qr_stored.append(body[3:])
                out.commands.append(raw[i : i + 5 + length])
                i += 5 + length
            elif cmd == b"V":
                size = 4 if raw[i + 2] in (65, 66) else 3
                out.commands.append(raw[i : i + size])
                i += size
            elif cmd == b"!":
                wide = bool(raw[i + 2] & 0xF0)
                out.commands.append(raw[i : i + 3])
                i += 3
            else:
                raise AssertionError(f"unexpected GS {cmd!r} at {i}")
        elif byte == 0x0A:
            out.lines.append((line, width))
            line, width = "", 0
            i += 1
        else:
            assert 0x20 <= byte <= 0x7E, f"non-printable byte {byte:#04x} at {i}"
            line += chr(byte)
            width += 2 if wide else 1
            i += 1
    assert line == "", f"text left unprinted at the end: {line!r}"
    return out


def _explain_difference(expected: bytes, actual: bytes) -> str:
    at = next(
        (n for n, (a, b) in enumerate(zip(expected, actual, strict=False)) if a != b),
        min(len(expected), len(actual)),
    )
    return (
        f"first difference at byte {at} (expected {len(expected)} bytes, got {len(actual)}):\n"
        f"  expected …{expected[max(0, at - 24) : at + 24]!r}\n"
        f"  actual   …{actual[max(0, at - 24) : at + 24]!r}"
    )


@pytest.mark.parametrize("paper", ROLLS, ids=lambda p: f"roll{p.value}")
def test_receipt_matches_the_committed_snapshot(paper: Paper) -> None:
    actual = receipt_escpos(RECEIPT, paper)
    snapshot = SNAPSHOTS / f"receipt_{paper.value}.bin"
    if UPDATE:
        SNAPSHOTS.mkdir(exist_ok=True)
        snapshot.write_bytes(actual)
        return
    how = "Rerun with SEWAKA_UPDATE_SNAPSHOTS=1 to (re)write it, then review and commit it."
    if not snapshot.exists():
        pytest.fail(f"missing snapshot {snapshot.name}. {how}")
    expected = snapshot.read_bytes()
    if actual != expected:
        pytest.fail(
            f"the ESC/POS receipt for {paper.value} mm no longer matches {snapshot.name}; "
            f"{_explain_difference(expected, actual)}\n"
            f"If the change is intended: {how}"
        )


def test_the_same_data_gives_the_same_bytes() -> None:
    assert receipt_escpos(RECEIPT, Paper.ROLL_58) == receipt_escpos(RECEIPT, Paper.ROLL_58)


@pytest.mark.parametrize("paper", ROLLS, ids=lambda p: f"roll{p.value}")
def test_no_line_is_wider_than_the_paper(paper: Paper) -> None:
    columns = paper.spec.columns
    assert columns is not None
    decoded = decode(receipt_escpos(RECEIPT, paper))
    assert decoded.lines
    for line, width in decoded.lines:
        assert width <= columns, f"{line!r} takes {width} of {columns} columns"


@pytest.mark.parametrize("paper", ROLLS, ids=lambda p: f"roll{p.value}")
def test_receipt_contents(paper: Paper) -> None:
    text = decode(receipt_escpos(RECEIPT, paper)).text
    for expected in (
        "Desa Sukamaju",
        "NOMOR ANTREAN",
        "A-007",
        "Surat Keterangan Domisili",
        "NIK: 327305********03",
        "Tanggal: 14 Maret 2025 09:05 WIB",
        "Perkiraan selesai: 17 Maret 2025",
        "Berkas diterima:",
        "- KTP asli",
        "Kode lacak",
        "SWK-7K3M-Q9TP",
    ):
        assert expected in text
    # Accents are taken off, not turned into question marks.
    assert "Nunez" in text and "Nono" in text and "?" not in text


def test_english_labels() -> None:
    text = decode(receipt_escpos(replace(RECEIPT, language="en"), Paper.ROLL_80)).text
    assert "QUEUE NUMBER" in text
    assert "Date: 14 March 2025 09:05 WIB" in text
    assert "Expected completion: 17 March 2025" in text
    assert "Documents received:" in text
    assert "Tracking code" in text
    assert "Nama:" not in text and "Berkas diterima" not in text


def test_the_queue_number_is_printed_double_width_and_height() -> None:
    raw = receipt_escpos(RECEIPT, Paper.ROLL_58)
    assert b"\x1b!\x30A-007\n" in raw


@pytest.mark.parametrize("paper", ROLLS, ids=lambda p: f"roll{p.value}")
def test_the_full_nik_never_appears(paper: Paper) -> None:
    raw = receipt_escpos(RECEIPT, paper)
    assert re.search(rb"\d{16}", raw) is None
    assert b"3273050101900003" not in raw
    assert b"327305********03" in raw


def test_a_whole_nik_given_by_mistake_is_masked() -> None:
    leaky = replace(RECEIPT, nik_masked="3273050101900003")
    raw = receipt_escpos(leaky, Paper.ROLL_58)
    assert re.search(rb"\d{16}", raw) is None
    assert b"327305********03" in raw


@pytest.mark.parametrize("paper", ROLLS, ids=lambda p: f"roll{p.value}")
def test_the_printer_draws_the_qr_code_from_the_payload(paper: Paper) -> None:
    raw = receipt_escpos(RECEIPT, paper)
    decoded = decode(raw)
    payload = RECEIPT.qr_payload.encode()
    assert decoded.qr_stored == [payload]
    length = len(payload) + 3
    store = b"\x1d(k" + bytes([length % 256, length // 256]) + b"1P0" + payload
    assert store in raw
    assert b"\x1d(k\x03\x001Q0" in raw  # ... and the command that prints it
    assert raw.index(store) < raw.index(b"\x1d(k\x03\x001Q0")


@pytest.mark.parametrize("paper", ROLLS, ids=lambda p: f"roll{p.value}")
def test_the_qr_code_fits_the_printable_width(paper: Paper) -> None:
    import qrcode

    raw = receipt_escpos(RECEIPT, paper)
    module = raw[raw.index(b"\x1d(k\x03\x001C") + 7]
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(RECEIPT.qr_payload)
    code.make(fit=True)
    dots = paper.spec.dots
    assert dots is not None
    assert 3 <= module <= 8
    assert (17 + 4 * code.version) * module <= dots


def test_no_qr_code_when_there_is_no_payload() -> None:
    decoded = decode(receipt_escpos(replace(RECEIPT, qr_payload=""), Paper.ROLL_58))
    assert decoded.qr_stored == []


@pytest.mark.parametrize("paper", ROLLS, ids=lambda p: f"roll{p.value}")
def test_starts_with_initialise_and_ends_with_feed_and_cut(paper: Paper) -> None:
    raw = receipt_escpos(RECEIPT, paper)
    assert raw.startswith(b"\x1b@")
    assert raw.endswith((b"\x1dV\x00", b"\x1dV\x01"))
    assert b"\x1bd" in raw[-8:]  # feed past the cutter before cutting


@pytest.mark.parametrize("paper", ROLLS, ids=lambda p: f"roll{p.value}")
def test_a_200_character_name_wraps_completely(paper: Paper) -> None:
    columns = paper.spec.columns
    assert columns is not None
    words = [f"Kata{n:03d}" for n in range(1, 25)] + ["Terakhir"]  # all distinct
    name = " ".join(words)
    assert len(name) == 200
    decoded = decode(receipt_escpos(replace(RECEIPT, applicant_name=name), paper))
    assert all(width <= columns for _, width in decoded.lines)
    printed_words = decoded.text.split()
    for word in words:
        assert word in printed_words, f"{word} was cut or lost"


def test_a_word_longer_than_the_line_is_split_not_dropped() -> None:
    word = "X" * 70
    decoded = decode(receipt_escpos(replace(RECEIPT, applicant_name=word), Paper.ROLL_58))
    assert all(width <= 32 for _, width in decoded.lines)
    assert decoded.text.count("X") == 70


def test_characters_outside_the_code_page_never_crash() -> None:
    odd = "王小明 Ιωάννης Şükrü Łukasz Øster straße \x1b@\x00 \U0001f600 co\u00adop"
    decoded = decode(receipt_escpos(replace(RECEIPT, applicant_name=odd), Paper.ROLL_58))
    text = " ".join(decoded.text.split())
    assert "??? ??????? Sukru Lukasz Oster strasse ?@? ? coop" in text


def test_ascii_text() -> None:
    assert ascii_text("Núñez") == "Nunez"
    assert ascii_text("Ça  va\n\tbien") == "Ca va bien"
    assert ascii_text("“Ibu” – ﬁle…") == '"Ibu" - file...'
    assert ascii_text("Андрей") == "??????"
    assert ascii_text("") == ""


def test_wrap_keeps_every_word() -> None:
    lines = wrap("Kartu Keluarga (fotokopi, dilegalisir)", 16, first="- ", rest="  ")
    assert lines == ["- Kartu Keluarga", "  (fotokopi,", "  dilegalisir)"]


def test_a4_is_not_a_thermal_roll() -> None:
    with pytest.raises(ValueError, match="thermal"):
        receipt_escpos(RECEIPT, Paper.A4)


@given(
    name=st.text(max_size=300),
    service=st.text(max_size=120),
    documents=st.lists(st.text(max_size=80), max_size=5),
    queue=st.text(min_size=1, max_size=30),
    footer=st.text(max_size=200),
    paper=st.sampled_from(ROLLS),
)
def test_any_text_prints_within_the_paper(
    name: str, service: str, documents: list[str], queue: str, footer: str, paper: Paper
) -> None:
    data = replace(
        RECEIPT,
        applicant_name=name,
        service_name=service,
        documents=tuple(documents),
        queue_number=queue,
        footer=footer,
    )
    columns = paper.spec.columns
    assert columns is not None
    decoded = decode(receipt_escpos(data, paper))  # fails on any non-ASCII or stray byte
    assert all(width <= columns for _, width in decoded.lines)
    assert decoded.qr_stored == [RECEIPT.qr_payload.encode()]


# -- reprints, closed requests, the office, training -----------------------------------------

REPRINTED = dt.datetime(2025, 3, 18, 14, 30, tzinfo=ZoneInfo("Asia/Jakarta"))


@pytest.mark.parametrize("paper", ROLLS)
def test_a_reprint_is_marked_and_shows_the_status_now(paper: Paper) -> None:
    first = decode(receipt_escpos(dataclasses.replace(RECEIPT, status="waiting"), paper)).text
    again = dataclasses.replace(RECEIPT, status="ready", reprinted_at=REPRINTED)
    text = decode(receipt_escpos(again, paper)).text

    assert "CETAK ULANG" not in first and "Status saat ini" not in first
    assert "*** CETAK ULANG ***" in text
    assert "Dicetak ulang: 18 Maret 2025 14:30 WIB" in " ".join(text.split())
    assert "Status saat ini: Selesai, siap diambil" in " ".join(text.split())
    assert "Perkiraan selesai: 17 Maret 2025" in text


@pytest.mark.parametrize("status", ["rejected", "cancelled"])
def test_a_closed_requests_reprint_promises_no_date(status: str) -> None:
    closed = dataclasses.replace(RECEIPT, status=status, reprinted_at=REPRINTED)
    text = " ".join(decode(receipt_escpos(closed, Paper.ROLL_80)).text.split())

    assert "Perkiraan selesai" not in text and "17 Maret 2025" not in text
    assert ("Ditolak" if status == "rejected" else "Dibatalkan") in text
    assert "Permohonan ini tidak akan diselesaikan." in text


def test_office_details_and_training_are_printed() -> None:
    office = OfficeHeader(
        "Banjar",
        "Tegal Linggah",
        "Jl. Raya Ubud No. 7",
        district="Ubud",
        regency="Kabupaten Gianyar",
        phone="(0361) 975123",
        training=True,
    )
    text = decode(receipt_escpos(dataclasses.replace(RECEIPT, office=office), Paper.ROLL_80)).text

    assert text.splitlines()[0] == "LATIHAN - bukan dokumen resmi"  # first, before anything
    for expected in (
        "Banjar Tegal Linggah",
        "Kecamatan Ubud, Kabupaten Gianyar",
        "Jl. Raya Ubud No. 7",
        "Telp. (0361) 975123",
    ):
        assert expected in text, expected
    assert "LATIHAN" not in decode(receipt_escpos(RECEIPT, Paper.ROLL_80)).text
