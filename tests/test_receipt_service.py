"""ReceiptService: receipts built from the database, signed with the office key, checked back."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from support import (
    MORNING,
    SITI_NIK,
    TEST_OFFICE,
    FakeClock,
    configure_office,
    count_rows,
    fetch_all,
    valid_form,
)

from desktop import i18n
from desktop.domain.status import Status
from desktop.services.receipts import (
    PRIVATE_KEY_SETTING,
    PUBLIC_KEY_SETTING,
    Reason,
    ReceiptInvalid,
    ReceiptNotFound,
    ReceiptService,
)
from desktop.services.requests import RequestService
from desktop.services.settings import DEFAULT_RECEIPT_FOOTER, OfficeNotConfigured, SettingsService
from desktop.services.workspace import Workspace, open_workspace
from printing import raster, signing
from printing.paper import Paper


@pytest.fixture
def receipts(workspace: Workspace) -> ReceiptService:
    return ReceiptService(workspace)


@pytest.fixture
def registered(request_service: RequestService) -> str:
    """Siti's request, registered at 09:00 WIB on Tuesday 10 March 2026: its tracking code."""
    return request_service.register(valid_form()).tracking_code


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def test_receipt_data_comes_from_the_request_and_the_office_settings(
    workspace: Workspace, receipts: ReceiptService, registered: str
) -> None:
    settings = SettingsService(workspace)
    settings.save(
        dataclasses.replace(
            settings.load(),
            unit_kind="Kelurahan",
            office_name="Cempaka Putih",
            office_address="Jl. Cempaka Putih Raya No. 1",
        )
    )

    data = receipts.receipt_data(registered)

    assert data.office.title == "Kelurahan Cempaka Putih"
    assert data.office.address == "Jl. Cempaka Putih Raya No. 1"
    assert data.queue_number == "A-001"
    assert data.service_name == "Surat Keterangan Domisili"
    assert data.applicant_name == "Siti Rahmawati"
    assert data.nik_masked == "327305********03"
    assert data.issued_at == MORNING and data.issued_at.tzname() == "WIB"
    assert data.documents == ("Surat pengantar RT/RW", "Fotokopi KTP pemohon")
    assert data.expected_date == dt.date(2026, 3, 11)
    assert data.tracking_code == registered
    assert data.footer == DEFAULT_RECEIPT_FOOTER
    assert data.language == "id"
    assert SITI_NIK not in repr(data)
    assert data.office.district == TEST_OFFICE.district
    assert data.office.regency == TEST_OFFICE.regency
    assert data.office.phone == TEST_OFFICE.office_phone
    assert data.office.logo is None and not data.office.training
    assert data.reprinted_at is None  # the first print is not a reprint


def test_the_logo_and_the_training_mark_come_from_the_settings(
    workspace: Workspace, receipts: ReceiptService, registered: str
) -> None:
    (workspace.home / "logo.png").write_bytes(b"\x89PNG")
    configure_office(workspace, logo="logo.png", training=True)

    office = receipts.receipt_data(registered).office

    assert office.logo == workspace.home / "logo.png"
    assert office.training


def test_a_reprint_shows_when_and_the_status_now(
    workspace: Workspace,
    receipts: ReceiptService,
    request_service: RequestService,
    registered: str,
    clock: FakeClock,
) -> None:
    query = "SELECT id FROM service_request WHERE tracking_code = ?"
    request_id = str(fetch_all(workspace, query, registered)[0]["id"])
    clock.advance(days=2, hours=5)
    for status in (Status.CALLED, Status.SERVING):
        request_service.change_status(request_id, status)
    request_service.change_status(request_id, Status.REJECTED, "berkas palsu")

    again = receipts.receipt_data(registered, reprint=True)

    assert again.reprinted_at == MORNING + dt.timedelta(days=2, hours=5)
    assert again.reprinted_at.tzname() == "WIB"
    assert again.status == "rejected" and again.closed_without_document
    text = " ".join(text_of(receipts.render(registered, Paper.ROLL_58, reprint=True)).split())
    assert "CETAK ULANG" in text and "Ditolak" in text and "Perkiraan selesai" not in text


def test_receipts_are_refused_until_the_office_is_configured(tmp_path: Path) -> None:
    fresh = open_workspace(tmp_path / "baru", clock=FakeClock(), actor="petugas-uji")
    try:
        code = RequestService(fresh).register(valid_form()).tracking_code
        with pytest.raises(OfficeNotConfigured):
            ReceiptService(fresh).receipt_data(code)
        with pytest.raises(OfficeNotConfigured):
            ReceiptService(fresh).save_pdf(code, Paper.ROLL_58, tmp_path / "struk.pdf")
        assert not (tmp_path / "struk.pdf").exists()
    finally:
        fresh.close()


def test_the_qr_payload_is_signed_by_this_office(
    workspace: Workspace, receipts: ReceiptService, registered: str
) -> None:
    data = receipts.receipt_data(registered)

    verified = signing.verify(
        data.qr_payload, receipts.public_key(), office_id=workspace.sync.office_id
    )

    request = fetch_all(workspace, "SELECT id FROM service_request")[0]
    assert verified.request_id == request["id"]
    assert verified.tracking_code == registered
    assert verified.issued_at == MORNING.astimezone(dt.UTC)
    assert receipts.receipt_data(registered).qr_payload == data.qr_payload  # reprint: same


def test_the_office_key_is_made_once_and_kept(home: Path, clock: FakeClock) -> None:
    first = open_workspace(home, clock=clock, actor="petugas-uji")
    key = ReceiptService(first).public_key()
    assert ReceiptService(first).public_key() == key
    first.close()

    again = open_workspace(home, clock=clock, actor="petugas-uji")
    try:
        assert ReceiptService(again).public_key() == key
        stored = {
            r["key"]: r["value"]
            for r in fetch_all(again, "SELECT key, value FROM setting WHERE key LIKE 'receipt_%'")
        }
        assert stored[PUBLIC_KEY_SETTING] == key
        assert signing.public_key_of(str(stored[PRIVATE_KEY_SETTING])) == key
        audit = fetch_all(again, "SELECT action, details FROM audit_log")
        assert audit == [{"action": "receipt.key_created", "details": key}]  # never the private
        # The private key is not one of the settings the settings dialog shows and saves.
        assert PRIVATE_KEY_SETTING not in repr(SettingsService(again).load())
    finally:
        again.close()


def test_a_request_is_found_by_its_id_or_a_sloppily_typed_code(
    workspace: Workspace, receipts: ReceiptService, registered: str
) -> None:
    request_id = str(fetch_all(workspace, "SELECT id FROM service_request")[0]["id"])
    sloppy = registered.lower().replace("-", " ").replace("0", "o")

    assert receipts.receipt_data(request_id).tracking_code == registered
    assert receipts.receipt_data(sloppy).tracking_code == registered


@pytest.mark.parametrize("reference", ["", "7K3M-Q9TX-4", "bukan kode", "0195c0de-0000"])
def test_an_unknown_request_is_a_clear_error(
    receipts: ReceiptService, registered: str, reference: str
) -> None:
    with pytest.raises(ReceiptNotFound):
        receipts.receipt_data(reference)
    with pytest.raises(ReceiptNotFound):
        receipts.render(reference, Paper.ROLL_58)


def test_english_receipts_use_the_english_service_name_and_footer(
    workspace: Workspace, receipts: ReceiptService, registered: str
) -> None:
    data = receipts.receipt_data(registered, language="en")

    assert data.language == "en"
    assert data.service_name == "Certificate of domicile"
    assert data.footer.startswith("Keep this receipt.")

    # The office's own footer is printed as written, in any language.
    settings = SettingsService(workspace)
    settings.save(dataclasses.replace(settings.load(), receipt_footer="Buka Senin-Jumat"))
    assert receipts.receipt_data(registered, language="en").footer == "Buka Senin-Jumat"


def test_the_session_language_is_the_default_not_one_just_saved(
    workspace: Workspace, receipts: ReceiptService, registered: str
) -> None:
    i18n.install_documents("id")  # the session started in Indonesian
    settings = SettingsService(workspace)
    settings.save(dataclasses.replace(settings.load(), language="en"))  # applies after restart

    assert receipts.receipt_data(registered).language == "id"
    assert "Nomor antrean" in text_of(receipts.render(registered, Paper.ROLL_58))

    i18n.install_documents("en")  # the next session, started in English
    assert receipts.receipt_data(registered).language == "en"


def test_render_gives_a_pdf_with_the_receipt(receipts: ReceiptService, registered: str) -> None:
    text = text_of(receipts.render(registered, Paper.ROLL_80))

    for expected in ("Desa Sukamaju", "A-001", registered, "327305********03", "Siti Rahmawati"):
        assert expected in text


def test_making_receipts_writes_nothing_but_the_first_key(
    workspace: Workspace, receipts: ReceiptService, registered: str
) -> None:
    receipts.public_key()
    before = count_rows(workspace)

    receipts.render(registered, Paper.ROLL_58)
    receipts.receipt_data(registered)

    assert count_rows(workspace) == before


def test_save_pdf_replaces_the_file_whole_or_not_at_all(
    receipts: ReceiptService, registered: str, tmp_path: Path
) -> None:
    saved = tmp_path / "simpan"
    saved.mkdir()
    out = saved / "struk.pdf"
    receipts.save_pdf(registered, Paper.A4, out)
    assert registered in text_of(out.read_bytes())

    folder = saved / "folder.pdf"
    folder.mkdir()
    with pytest.raises(OSError):
        receipts.save_pdf(registered, Paper.A4, folder)
    assert list(folder.iterdir()) == []
    # The writer's temporary file (".struk.pdf.<random>.tmp" beside the target) is gone.
    assert sorted(p.name for p in saved.iterdir()) == ["folder.pdf", "struk.pdf"]


def test_save_pdf_into_a_missing_folder_creates_nothing(
    receipts: ReceiptService, registered: str, tmp_path: Path
) -> None:
    with pytest.raises(FileNotFoundError):
        receipts.save_pdf(registered, Paper.ROLL_58, tmp_path / "salah ketik" / "struk.pdf")
    assert not (tmp_path / "salah ketik").exists()


# -- checking receipts ------------------------------------------------------------------------


def test_a_receipt_verifies_from_its_text_a_picture_and_the_pdf(
    receipts: ReceiptService, registered: str, tmp_path: Path
) -> None:
    pdf = receipts.render(registered, Paper.ROLL_58)
    text = receipts.receipt_data(registered).qr_payload
    pdf_file = tmp_path / "struk.pdf"
    pdf_file.write_bytes(pdf)
    png = tmp_path / "foto struk.png"
    raster.pdf_page_to_image(pdf).save(png)
    jpg = tmp_path / "foto.jpg"
    raster.pdf_page_to_image(pdf, dpi=150).save(jpg, quality=70)
    txt = tmp_path / "kode.txt"
    txt.write_text(text + "\n", encoding="utf-8")

    for source in (text, text.encode(), pdf_file, png, str(png), jpg, txt):
        assert receipts.verify(source).tracking_code == registered, source


def test_a_receipt_on_a4_verifies_from_the_pdf(
    receipts: ReceiptService, registered: str, tmp_path: Path
) -> None:
    pdf_file = tmp_path / "struk-a4.pdf"
    receipts.save_pdf(registered, Paper.A4, pdf_file)

    assert receipts.verify(pdf_file).tracking_code == registered


def test_a_changed_receipt_is_tampered(receipts: ReceiptService, registered: str) -> None:
    text = receipts.receipt_data(registered).qr_payload
    prefix, body, signature = text.split(".")
    forged = signing.sign(
        signing.TrackingPayload(
            office_id=receipts.verify(text).office_id,
            request_id=receipts.verify(text).request_id,
            tracking_code="ZZZZ-ZZZZ-Z",
            issued_at=MORNING,
        ),
        signing.generate_keypair()[0],
    )

    with pytest.raises(ReceiptInvalid) as raised:
        receipts.verify(forged)
    assert raised.value.reason is Reason.TAMPERED
    with pytest.raises(ReceiptInvalid) as raised:
        other = "B" if signature[0] == "A" else "A"
        receipts.verify(f"{prefix}.{body}.{other}{signature[1:]}")
    assert raised.value.reason is Reason.TAMPERED


def test_another_office_receipt_is_reported_as_another_office(
    receipts: ReceiptService, registered: str, tmp_path: Path, clock: FakeClock
) -> None:
    elsewhere = open_workspace(tmp_path / "kantor-lain", clock=clock, actor="petugas-lain")
    try:
        configure_office(elsewhere, office_name="Sukamakmur")
        code = RequestService(elsewhere).register(valid_form()).tracking_code
        theirs = ReceiptService(elsewhere)
        text = theirs.receipt_data(code).qr_payload
        their_key, their_office = theirs.public_key(), elsewhere.sync.office_id
    finally:
        elsewhere.close()

    with pytest.raises(ReceiptInvalid) as raised:
        receipts.verify(text)
    assert raised.value.reason is Reason.OTHER_OFFICE
    assert raised.value.office_id == their_office
    # With their public key, anyone can check it.
    assert receipts.verify(text, public_key=their_key).office_id == their_office


def test_receipts_signed_under_an_earlier_office_id_stay_valid(
    workspace: Workspace, receipts: ReceiptService, registered: str
) -> None:
    """Enrolment replaces the provisional office id; receipts printed before still check."""
    receipts.public_key()
    private = fetch_all(workspace, "SELECT value FROM setting WHERE key = ?", PRIVATE_KEY_SETTING)
    earlier = signing.TrackingPayload("kantor-sementara", "permohonan-1", registered, MORNING)
    text = signing.sign(earlier, str(private[0]["value"]))

    assert receipts.verify(text).office_id == "kantor-sementara"


@pytest.mark.parametrize(
    "make",
    [
        lambda folder: "bukan struk",
        lambda folder: b"\xff\xfe\x00\x81",
        lambda folder: _write(folder / "acak.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256))),
        lambda folder: _image(folder / "polos.png"),
        lambda folder: _write(folder / "kosong.pdf", b"%PDF-1.4 rusak"),
        lambda folder: folder / "tidak-ada.png",
        lambda folder: _write(folder / "catatan.txt", b"https://contoh.id/7K3M"),
    ],
)
def test_anything_else_is_unreadable(
    receipts: ReceiptService, registered: str, tmp_path: Path, make: object
) -> None:
    source = make(tmp_path)  # type: ignore[operator]

    with pytest.raises(ReceiptInvalid) as raised:
        receipts.verify(source)
    assert raised.value.reason is Reason.UNREADABLE


def test_a_malformed_public_key_is_the_callers_mistake(
    receipts: ReceiptService, registered: str
) -> None:
    text = receipts.receipt_data(registered).qr_payload

    with pytest.raises(signing.InvalidKey):
        receipts.verify(text, public_key="bukan-kunci")


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _image(path: Path) -> Path:
    Image.new("L", (300, 300), 255).save(path)
    return path
