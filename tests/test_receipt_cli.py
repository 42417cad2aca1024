"""``sewaka receipt`` and ``sewaka verify-receipt`` as staff run them, in Indonesian.

Like tests/test_cli.py, every test asks for pytest-qt's ``qapp`` first so that ``main()``
reuses it instead of creating a QCoreApplication that would outlive the call.
"""

from __future__ import annotations

import base64
import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from support import MORNING, FakeClock, configure_office, fetch_all, valid_form

from desktop.cli import (
    EXIT_FAILED,
    EXIT_NOT_IN_RECORDS,
    EXIT_OK,
    EXIT_OTHER_OFFICE,
    EXIT_TAMPERED,
    EXIT_UNREADABLE,
    EXIT_USAGE,
    main,
)
from desktop.domain.status import Status
from desktop.services.receipts import PRIVATE_KEY_SETTING, ReceiptService
from desktop.services.requests import RequestService
from desktop.services.workspace import open_workspace
from printing import raster, signing

pytestmark = pytest.mark.usefixtures("qapp")


def office(home: Path) -> tuple[str, str, str]:
    """A data folder with Siti's request: (tracking code, QR text, public key)."""
    workspace = open_workspace(home, clock=FakeClock(), actor="petugas-uji")
    try:
        configure_office(workspace)
        code = RequestService(workspace).register(valid_form()).tracking_code
        receipts = ReceiptService(workspace)
        return code, receipts.receipt_data(code).qr_payload, receipts.public_key()
    finally:
        workspace.close()


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def siti(home: Path) -> tuple[str, str, str]:
    return office(home)


def run(home: Path, *args: str) -> int:
    return main(["--data-dir", str(home), *args])


@pytest.mark.parametrize("paper", ["58", "80", "a4"])
def test_receipt_writes_the_pdf(
    home: Path,
    siti: tuple[str, str, str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    paper: str,
) -> None:
    code = siti[0]
    out = tmp_path / f"struk-{paper}.pdf"

    assert run(home, "receipt", code, "--paper", paper, "--out", str(out)) == EXIT_OK

    assert capsys.readouterr().out.strip() == f"Struk {code} disimpan ke {out}"
    text = PdfReader(io.BytesIO(out.read_bytes())).pages[0].extract_text()
    assert code in text and "Siti Rahmawati" in text and "Nomor antrean" in text


def test_receipt_in_english(
    home: Path, siti: tuple[str, str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "receipt.pdf"

    assert run(home, "receipt", siti[0], "--out", str(out), "--language", "en") == EXIT_OK

    assert "Queue number" in PdfReader(io.BytesIO(out.read_bytes())).pages[0].extract_text()


def test_a_receipt_saved_again_is_marked_as_a_reprint_and_each_save_is_audited(
    home: Path, siti: tuple[str, str, str], tmp_path: Path
) -> None:
    code = siti[0]
    first, second = tmp_path / "pertama.pdf", tmp_path / "kedua.pdf"

    assert run(home, "receipt", code, "--out", str(first)) == EXIT_OK
    assert run(home, "receipt", code, "--out", str(second)) == EXIT_OK

    def text(pdf: Path) -> str:
        return PdfReader(io.BytesIO(pdf.read_bytes())).pages[0].extract_text()

    assert "CETAK ULANG" not in text(first)
    assert "CETAK ULANG" in text(second)
    workspace = open_workspace(home, clock=FakeClock(), actor="petugas-uji")
    try:
        saved = fetch_all(
            workspace,
            "SELECT action FROM audit_log WHERE entity_id = ? AND action LIKE 'receipt.%'",
            code,
        )
    finally:
        workspace.close()
    assert [row["action"] for row in saved] == ["receipt.saved", "receipt.saved"]


def test_receipt_of_an_unknown_code_says_so(
    home: Path, siti: tuple[str, str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "struk.pdf"

    code = run(home, "receipt", "ZZZZ-ZZZZ-Z", "--out", str(out))

    assert code == EXIT_FAILED == 4
    captured = capsys.readouterr()
    assert captured.err.strip() == "Kode lacak tidak ditemukan: ZZZZ-ZZZZ-Z"
    assert captured.out == ""
    assert not out.exists()


def test_receipt_to_a_path_that_cannot_be_written_says_so(
    home: Path, siti: tuple[str, str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    not_a_folder = tmp_path / "catatan.txt"
    not_a_folder.write_text("bukan folder", encoding="utf-8")
    out = not_a_folder / "struk.pdf"

    assert run(home, "receipt", siti[0], "--out", str(out)) == EXIT_FAILED
    err = capsys.readouterr().err
    assert err.startswith(f"Tidak dapat menulis {out}: ")
    assert "Traceback" not in err


def test_receipt_into_a_missing_folder_is_refused_and_no_folder_is_made(
    home: Path, siti: tuple[str, str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "strukk" / "struk.pdf"

    assert run(home, "receipt", siti[0], "--out", str(out)) == EXIT_USAGE
    assert capsys.readouterr().err.strip() == (
        f"Folder {out.parent} tidak ada. Buat foldernya dulu atau pilih folder lain."
    )
    assert not out.parent.exists()


def test_receipt_with_a_name_that_is_not_a_pdf_is_refused(
    home: Path, siti: tuple[str, str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "struk.png"

    assert run(home, "receipt", siti[0], "--out", str(out)) == EXIT_USAGE
    assert capsys.readouterr().err.strip() == (
        "Nama berkas struk.png tidak berakhiran .pdf. Beri nama berkas berakhiran .pdf."
    )
    assert list(tmp_path.iterdir()) == [home]


def test_receipt_in_an_office_not_yet_configured_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "baru"
    workspace = open_workspace(home, clock=FakeClock(), actor="petugas-uji")
    try:
        code = RequestService(workspace).register(valid_form()).tracking_code
    finally:
        workspace.close()
    out = tmp_path / "struk.pdf"

    assert run(home, "receipt", code, "--out", str(out)) == EXIT_FAILED
    assert capsys.readouterr().err.startswith("Data kantor belum diisi.")
    assert not out.exists()


def test_verify_receipt_accepts_the_qr_text_and_a_photo(
    home: Path, siti: tuple[str, str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, text, _ = siti
    pdf = tmp_path / "struk.pdf"
    assert run(home, "receipt", code, "--out", str(pdf)) == EXIT_OK
    photo = tmp_path / "foto.png"
    raster.pdf_page_to_image(pdf.read_bytes()).save(photo)
    capsys.readouterr()

    for source in (text, str(photo), str(pdf)):
        assert run(home, "verify-receipt", source) == EXIT_OK
        lines = capsys.readouterr().out.splitlines()
        assert lines[0] == f"Struk SAH. Kode lacak: {code}"
        assert lines[1] == "Status permohonan: Menunggu"
        assert lines[2].startswith("Kantor: Desa Sukamaju (")
        assert lines[3] == "Diterbitkan: 10-03-2026 09:00 WIB"


@pytest.mark.parametrize(
    ("status", "headline", "words"),
    [
        (Status.REJECTED, "Struk SAH, tetapi permohonan ini DITOLAK.", "Ditolak"),
        (Status.CANCELLED, "Struk SAH, tetapi permohonan ini DIBATALKAN.", "Dibatalkan"),
    ],
)
def test_verify_receipt_of_a_closed_request_says_it_is_closed(
    home: Path,
    siti: tuple[str, str, str],
    capsys: pytest.CaptureFixture[str],
    status: Status,
    headline: str,
    words: str,
) -> None:
    code, text, _ = siti
    workspace = open_workspace(home, clock=FakeClock(), actor="petugas-uji")
    try:
        requests = RequestService(workspace)
        request_id = str(
            fetch_all(workspace, "SELECT id FROM service_request WHERE tracking_code = ?", code)[0][
                "id"
            ]
        )
        requests.change_status(request_id, Status.CALLED)
        requests.change_status(request_id, Status.SERVING)
        requests.change_status(request_id, status, "berkas tidak lengkap")
    finally:
        workspace.close()

    assert run(home, "verify-receipt", text) == EXIT_OK
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"{headline} Kode lacak: {code}"
    assert lines[1] == f"Status permohonan: {words}"


def test_verify_receipt_whose_code_is_not_in_this_office_says_so(
    home: Path, siti: tuple[str, str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    """Signed with this office's own key, but the tracking code is not in its data (a data
    folder restored from an old backup, or a stolen key): never "genuine and fine"."""
    workspace = open_workspace(home, clock=FakeClock(), actor="petugas-uji")
    try:
        private = fetch_all(
            workspace, "SELECT value FROM setting WHERE key = ?", PRIVATE_KEY_SETTING
        )[0]["value"]
        office_id = workspace.sync.office_id
    finally:
        workspace.close()
    unknown = signing.sign(
        signing.TrackingPayload(office_id, "tidak-ada", "ZZZZ-ZZZZ-Z", MORNING), str(private)
    )

    assert run(home, "verify-receipt", unknown) == EXIT_NOT_IN_RECORDS == 8
    captured = capsys.readouterr()
    assert "SAH" not in captured.out
    assert captured.err.startswith(
        "Tanda tangan struk cocok, tetapi kode lacak ZZZZ-ZZZZ-Z tidak ada dalam data kantor ini."
    )


def test_verify_receipt_says_tampered(
    home: Path, siti: tuple[str, str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    prefix, body, signature = siti[1].split(".")
    json_text = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)).decode()
    changed = json_text.replace(siti[0], siti[0][:-1] + ("X" if siti[0][-1] != "X" else "Y"))
    assert changed != json_text
    new_body = base64.urlsafe_b64encode(changed.encode()).decode().rstrip("=")
    tampered = f"{prefix}.{new_body}.{signature}"

    assert run(home, "verify-receipt", tampered) == EXIT_TAMPERED == 5
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "Struk TIDAK SAH: tanda tangan tidak cocok." in captured.err


def test_verify_receipt_says_another_office(
    home: Path, siti: tuple[str, str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, theirs, their_key = office(tmp_path / "kantor-lain")

    assert run(home, "verify-receipt", theirs) == EXIT_OTHER_OFFICE == 6
    assert "diterbitkan oleh kantor lain" in capsys.readouterr().err

    # Given that office's public key, the receipt checks out.
    assert run(home, "verify-receipt", theirs, "--public-key", their_key) == EXIT_OK
    assert capsys.readouterr().out.startswith("Struk SAH.")


def test_a_public_key_that_begins_with_a_dash_is_read_as_the_key(
    home: Path, siti: tuple[str, str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    """One key in 64 starts with "-" (URL-safe base64): it must reach the check as the key,
    not be taken for an option (exit 2, "perlu satu nilai")."""
    _, receipt, _ = siti
    key = "-" + "A" * 42  # a key's length, not this office's: the signature cannot match

    code = run(home, "verify-receipt", receipt, "--public-key", key)

    err = capsys.readouterr().err
    assert code != 2 and "perlu satu nilai" not in err
    assert code in (EXIT_TAMPERED, EXIT_UNREADABLE, EXIT_OTHER_OFFICE), err


@pytest.mark.parametrize("source", ["bukan struk", "SWK1.xxx.yyy", "https://contoh.id/abc"])
def test_verify_receipt_says_unreadable(
    home: Path, siti: tuple[str, str, str], capsys: pytest.CaptureFixture[str], source: str
) -> None:
    assert run(home, "verify-receipt", source) == EXIT_UNREADABLE == 7
    err = capsys.readouterr().err
    assert err.startswith("Tidak terbaca sebagai struk Sewaka")
    assert "Traceback" not in err


def test_verify_receipt_of_a_file_that_is_not_a_picture(
    home: Path, siti: tuple[str, str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    garbage = tmp_path / "foto.jpg"
    garbage.write_bytes(b"\xff\xd8\xff\xe0 bukan jpeg \x00\x81\xfe" * 20)

    assert run(home, "verify-receipt", str(garbage)) == EXIT_UNREADABLE
    assert "Tidak terbaca" in capsys.readouterr().err


def test_verify_receipt_of_a_newer_format(
    home: Path, siti: tuple[str, str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    newer = "SWK9." + siti[1].split(".", 1)[1]

    assert run(home, "verify-receipt", newer) == EXIT_UNREADABLE
    assert "versi Sewaka yang tidak dikenal" in capsys.readouterr().err


def test_a_malformed_public_key_is_a_usage_error(
    home: Path, siti: tuple[str, str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(home, "verify-receipt", siti[1], "--public-key", "xyz") == EXIT_USAGE
    assert capsys.readouterr().err.strip() == "Kunci publik tidak valid."


def test_receipt_key_prints_the_public_key(
    home: Path, siti: tuple[str, str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(home, "receipt-key") == EXIT_OK

    key = capsys.readouterr().out.strip()
    assert key == siti[2]
    assert signing.verify(siti[1], key).tracking_code == siti[0]
