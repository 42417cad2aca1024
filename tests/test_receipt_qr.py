"""QR codes and rasterising: made right, read back from poor pictures, never crashing."""

from __future__ import annotations

import datetime as dt
import io
import math

import cv2
import numpy as np
import pytest
import qrcode
import qrcode.util
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from PIL import Image
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from printing import qr, raster
from printing.documents import OfficeHeader, ReceiptData
from printing.paper import Paper
from printing.receipt import render_receipt

PAYLOAD = (
    "SWK1.eyJvIjoiMDE5NWMwZGUtMDAwMC03MDAwLTgwMDAtMDAwMDAwMDAwMDAxIiwiciI6InJlcXVlc3QtMSIsIn"
    "QiOiI3SzNNLVE5VFgtNCIsImkiOiIyMDI2LTAzLTEwVDAyOjA1OjAwWiJ9.abcdefghijklmnopqrstuvwxyzabc"
    "defghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefgh"
)


def code_array(payload: str = PAYLOAD, module_px: int = 4) -> np.ndarray:
    return np.asarray(qr.qr_image(payload, module_px=module_px))


# -- making codes --------------------------------------------------------------------------


@pytest.mark.parametrize("payload", ["1", "hello", "x" * 100, PAYLOAD, "y" * 600])
def test_the_mask_is_the_one_with_the_lowest_penalty(payload: str) -> None:
    """The numpy scoring picks the mask whose finished symbol qrcode's own penalty function
    scores lowest, and the symbol is qrcode's symbol with that mask."""

    def symbol(mask: int) -> qrcode.QRCode:
        code = qrcode.QRCode(error_correction=qr.ERROR_CORRECTION, border=0, mask_pattern=mask)
        code.add_data(payload.encode(), optimize=0)
        code.make(fit=True)
        return code

    symbols = [symbol(mask) for mask in range(8)]
    scores = [qrcode.util.lost_point(s.modules) for s in symbols]
    best = symbols[scores.index(min(scores))]

    assert [list(row) for row in qr.qr_matrix(payload)] == best.get_matrix()
    assert qr.penalty(np.array(best.get_matrix(), dtype=bool)) == min(scores)


def test_function_modules_cover_everything_that_is_not_data() -> None:
    # Version 7+ carries version information; 1 has no alignment pattern.
    for version in (1, 2, 7, 12, 20):
        taken = qr.function_modules(version)
        n = version * 4 + 17
        assert taken.shape == (n, n)
        data_bits = (n * n - taken.sum()) // 8
        assert data_bits >= qrcode.util.BIT_LIMIT_TABLE[qr.ERROR_CORRECTION][version] // 8


@pytest.mark.parametrize("payload", ["A", PAYLOAD, "Ñoño Đặng 李小龙", "x" * 1000])
def test_a_code_reads_back_as_its_payload(payload: str) -> None:
    assert qr.decode_qr(code_array(payload)) == [payload]


def test_the_image_has_the_quiet_zone_and_whole_pixel_modules() -> None:
    image = qr.qr_image("hello", module_px=3)
    modules = len(qr.qr_matrix("hello"))

    assert image.mode == "L"
    assert image.size == ((modules + 2 * qr.QUIET_ZONE) * 3,) * 2
    pixels = np.asarray(image)
    assert (pixels[: qr.QUIET_ZONE * 3] == 255).all()
    assert set(np.unique(pixels).tolist()) == {0, 255}


# -- reading codes from poor pictures ------------------------------------------------------


def test_low_contrast_noisy_code_is_read_after_normalising() -> None:
    rng = np.random.default_rng(1)
    faded = np.where(code_array() < 128, 120, 135).astype(float)
    noisy = np.clip(faded + rng.normal(0, 6, faded.shape), 0, 255).astype(np.uint8)

    assert qr.decode_qr(noisy) == [PAYLOAD]


def test_blurred_large_code_is_read() -> None:
    big = cv2.resize(code_array(), None, fx=3, fy=3, interpolation=cv2.INTER_NEAREST)
    blurred = cv2.GaussianBlur(big, (0, 0), 5)

    assert qr.decode_qr(blurred) == [PAYLOAD]


def test_light_on_dark_code_is_read() -> None:
    assert qr.decode_qr(255 - code_array()) == [PAYLOAD]


@pytest.mark.parametrize("dpi", [100, 120, 150, 170])
def test_a_receipt_scanned_at_low_resolution_is_read(dpi: int) -> None:
    """Modules of two or three pixels, not on whole pixels: found, cut out and enlarged."""
    pdf = render_receipt(_receipt(), Paper.ROLL_58)

    assert qr.decode_qr(raster.pdf_page_to_array(pdf, dpi=dpi)) == [PAYLOAD]


def test_colour_transparent_and_odd_arrays_are_read() -> None:
    gray = code_array()
    rgb = np.stack([gray] * 3, axis=2)
    # Black modules on a transparent ground: without compositing on white, all black.
    rgba = np.zeros((*gray.shape, 4), dtype=np.uint8)
    rgba[..., 3] = np.where(gray < 128, 255, 0)
    floats = gray.astype(np.float64) / 255
    booleans = gray > 128

    for image in (rgb, rgba, floats, booleans, gray[:, :, None], Image.fromarray(gray)):
        assert qr.decode_qr(image) == [PAYLOAD]  # type: ignore[arg-type]
    assert qr.decode_qr(Image.fromarray(rgba, mode="RGBA")) == [PAYLOAD]


def test_files_are_read_by_path_even_with_non_ascii_names(tmp_path: object) -> None:
    from pathlib import Path

    folder = Path(str(tmp_path)) / "struk-Ñoño-李"
    folder.mkdir()
    png = folder / "kode.png"
    Image.fromarray(code_array()).save(png)
    jpg = folder / "foto.jpg"
    Image.fromarray(code_array()).convert("RGB").save(jpg, quality=60)
    transparent = folder / "transparan.png"
    rgba = np.zeros((*code_array().shape, 4), dtype=np.uint8)
    rgba[..., 3] = np.where(code_array() < 128, 255, 0)
    Image.fromarray(rgba, mode="RGBA").save(transparent)

    for path in (png, jpg, transparent, str(png)):
        assert qr.decode_qr(path) == [PAYLOAD]


def test_two_codes_in_one_picture_are_both_read() -> None:
    first, second = code_array("pertama"), code_array("kedua")
    height = max(first.shape[0], second.shape[0])
    canvas = np.full((height, first.shape[1] + second.shape[1]), 255, dtype=np.uint8)
    canvas[: first.shape[0], : first.shape[1]] = first
    canvas[: second.shape[0], first.shape[1] :] = second

    assert sorted(qr.decode_qr(canvas)) == ["kedua", "pertama"]


# -- never crashing ---------------------------------------------------------------------------


def test_a_payload_that_is_not_utf8_is_survived() -> None:
    code = qrcode.QRCode(border=4, box_size=4)
    code.add_data(b"\xff\xfe\x80 bukan UTF-8 \xc3\x28")
    code.make(fit=True)
    image = np.asarray(code.make_image().convert("L"))

    found = qr.decode_qr(image)

    assert len(found) == 1 and "bukan UTF-8" in found[0]


@pytest.mark.parametrize(
    "image",
    [
        np.zeros((0, 0), dtype=np.uint8),
        np.zeros((1, 1), dtype=np.uint8),
        np.zeros((5, 5, 3), dtype=np.uint8),
        np.zeros((40, 40, 2), dtype=np.uint8),
        np.zeros((2, 40, 40, 3), dtype=np.uint8),
        np.zeros(()),
        np.full((300, 300), 255, dtype=np.uint8),
        np.zeros((300, 300), dtype=np.uint8),
        np.full((64, 64), np.nan),
        np.random.default_rng(2).integers(0, 256, (400, 300), dtype=np.uint8),
        np.random.default_rng(3).integers(0, 2, (200, 200)).astype(bool),
    ],
)
def test_pictures_without_a_code_give_an_empty_list(image: np.ndarray) -> None:
    assert qr.decode_qr(image) == []


def test_files_that_are_not_pictures_give_an_empty_list(tmp_path: object) -> None:
    from pathlib import Path

    folder = Path(str(tmp_path))
    (folder / "teks.png").write_text("bukan gambar", encoding="utf-8")
    (folder / "kosong.jpg").write_bytes(b"")
    (folder / "potong.png").write_bytes(_png_bytes(code_array())[:200])

    for name in ("teks.png", "kosong.jpg", "potong.png", "tidak-ada.png"):
        assert qr.decode_qr(folder / name) == []
    assert qr.decode_qr(folder) == []


@settings(max_examples=60)  # each runs the whole cascade on noise
@given(hnp.arrays(np.uint8, hnp.array_shapes(min_dims=2, max_dims=3, max_side=48)))
def test_any_array_gives_a_list(image: np.ndarray) -> None:
    assert isinstance(qr.decode_qr(image), list)


@given(st.binary(max_size=200))
def test_any_bytes_in_a_code_come_back_as_text(payload: bytes) -> None:
    code = qrcode.QRCode(border=4, box_size=3)
    code.add_data(payload or b"\x00", optimize=0)
    code.make(fit=True)
    found = qr.decode_qr(np.asarray(code.make_image().convert("L")))
    assert all(isinstance(text, str) for text in found)


# -- rasterising ---------------------------------------------------------------------------------


def test_a_roll_page_is_rasterised_dot_for_dot() -> None:
    pdf = _page_with_code("x", Paper.ROLL_58.spec.width_pt, module=4 * 72 / 203, height=400)

    image = raster.pdf_page_to_image(pdf)

    assert image.mode == "L"
    # 58 mm is 463.7 dots: the last column is part paper. The height is 400 points.
    assert image.size == (464, math.ceil(400 * 203 / 72))
    assert raster.pdf_page_to_image(pdf, grayscale=False).mode == "RGB"
    assert raster.pdf_page_to_array(pdf, dpi=72).shape == (400, 165)


def test_pages_are_counted_and_chosen() -> None:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(100, 100))
    canvas.rect(10, 10, 80, 80, fill=1)
    canvas.showPage()
    canvas.showPage()
    canvas.save()
    pdf = buffer.getvalue()

    assert raster.page_count(pdf) == 2
    assert raster.pdf_page_to_array(pdf, 0, dpi=72).min() == 0
    assert raster.pdf_page_to_array(pdf, 1, dpi=72).min() == 255  # an empty page is white
    with pytest.raises(IndexError):
        raster.pdf_page_to_image(pdf, 2)
    with pytest.raises(ValueError):
        raster.pdf_page_to_image(pdf, 0, dpi=0)


def test_bytes_that_are_not_a_pdf_raise() -> None:
    import pypdfium2

    with pytest.raises(pypdfium2.PdfiumError):
        raster.pdf_page_to_image(b"bukan PDF")


# -- helpers -------------------------------------------------------------------------------------


def _page_with_code(payload: str, width: float, module: float, height: float = 0) -> bytes:
    matrix = qr.qr_matrix(payload)
    size = (len(matrix) + 8) * module
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width, height or size + 20 * mm))
    left = (width - size) / 2 + 4 * module
    bottom = 10 * mm + 4 * module
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            if dark:
                y = bottom + (len(matrix) - 1 - r) * module
                canvas.rect(left + c * module, y, module, module, stroke=0, fill=1)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _receipt() -> ReceiptData:
    return ReceiptData(
        office=OfficeHeader("Desa", "Sukamaju"),
        queue_number="A-001",
        service_name="Surat Keterangan Domisili",
        applicant_name="Siti Rahmawati",
        nik_masked="327305********03",
        issued_at=dt.datetime(2026, 3, 10, 9, 5, tzinfo=dt.UTC),
        documents=("KTP",),
        expected_date=dt.date(2026, 3, 11),
        tracking_code="7K3M-Q9TX-4",
        qr_payload=PAYLOAD,
    )


def _png_bytes(pixels: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="PNG")
    return buffer.getvalue()
