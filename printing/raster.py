"""PDF pages as pixels (pdfium): to read a receipt's QR code back, and to print through
drivers that take images.

The scale is exact in both directions: pixel ``i`` covers ``[i, i + 1) * 72 / dpi`` points
from the page's top-left corner. (pypdfium2's ``render`` stretches the page to whole
pixels instead, which at 203 dpi moves a 58 mm roll's content by up to a quarter of a
dot.) At :data:`printing.paper.THERMAL_DPI` one pixel is one dot of a thermal head, so a
roll page rendered here is the bitmap the printer burns (plus the paper's margins), and
what :mod:`printing.receipt` put on the dot grid stays on it.

A PDF page may be as large as 200 x 200 inches (or larger, with ``/UserUnit``): at 300 dpi
that is 3.6 billion pixels. Every page's size is checked before a bitmap is made for it:
more than :data:`MAX_RASTER_PIXELS` raises :class:`PageTooLarge`; :func:`fitting_dpi`
gives the resolution at which a page fits.
"""

from __future__ import annotations

import ctypes
import math

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from numpy.typing import NDArray
from PIL import Image

from printing.paper import THERMAL_DPI

PDF_UNITS_PER_INCH = 72
MAX_RASTER_PIXELS = 16_000_000  # an A4 page at 400 dpi; a receipt roll at 203 dpi is tiny


class PageTooLarge(ValueError):
    """The page would need a bitmap of more than :data:`MAX_RASTER_PIXELS` pixels."""


def page_size(pdf: bytes, page: int = 0) -> tuple[float, float]:
    """Page ``page``'s width and height in points (1/72 inch), read without rendering."""
    document = pdfium.PdfDocument(pdf)
    try:
        if not 0 <= page < len(document):
            raise IndexError(f"page {page} of a {len(document)}-page PDF")
        pdf_page = document[page]
        try:
            width, height = pdf_page.get_size()
            return float(width), float(height)
        finally:
            pdf_page.close()
    finally:
        document.close()


def fitting_dpi(
    size: tuple[float, float], dpi: float, max_pixels: int = MAX_RASTER_PIXELS
) -> float:
    """``dpi``, or less if a page of ``size`` points would need more than ``max_pixels``."""
    width, height = (max(abs(v), 1.0) for v in size)
    most = PDF_UNITS_PER_INCH * math.sqrt(max_pixels / (width * height)) * 0.999
    return min(dpi, most)


def page_count(pdf: bytes) -> int:
    document = pdfium.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def pdf_page_to_image(
    pdf: bytes,
    page: int = 0,
    dpi: float = THERMAL_DPI,
    *,
    grayscale: bool = True,
    max_pixels: int = MAX_RASTER_PIXELS,
) -> Image.Image:
    """Page ``page`` (from 0) of a PDF as a PIL image (mode ``"L"``, or ``"RGB"``) on white.

    The image is ``ceil(size * dpi / 72)`` pixels each way (the last column or row may be
    part paper, part beyond it: white). Raises :class:`pypdfium2.PdfiumError` for bytes
    that are not a PDF, :class:`IndexError` for a page the document does not have and
    :class:`PageTooLarge` (before any bitmap is made) above ``max_pixels``.
    """
    if dpi <= 0:
        raise ValueError("dpi must be positive")
    scale = dpi / PDF_UNITS_PER_INCH
    document = pdfium.PdfDocument(pdf)
    try:
        if not 0 <= page < len(document):
            raise IndexError(f"page {page} of a {len(document)}-page PDF")
        pdf_page = document[page]
        try:
            image = _render(pdf_page, scale, grayscale, max_pixels)
        finally:
            pdf_page.close()
    finally:
        document.close()
    wanted = "L" if grayscale else "RGB"
    return image if image.mode == wanted else image.convert(wanted)


def pdf_page_to_array(
    pdf: bytes,
    page: int = 0,
    dpi: float = THERMAL_DPI,
    *,
    grayscale: bool = True,
    max_pixels: int = MAX_RASTER_PIXELS,
) -> NDArray[np.uint8]:
    """Like :func:`pdf_page_to_image`, as a numpy array (rows, columns[, RGB])."""
    image = pdf_page_to_image(pdf, page, dpi, grayscale=grayscale, max_pixels=max_pixels)
    return np.asarray(image, dtype=np.uint8)


def _render(page: pdfium.PdfPage, scale: float, grayscale: bool, max_pixels: int) -> Image.Image:
    width, height = (abs(v) for v in page.get_size())
    # A page of N dots must not become N + 1 pixels through rounding noise (reportlab
    # writes sizes to 4 decimals: up to 0.0002 pixel too large at 203 dpi).
    columns = max(1, math.ceil(width * scale - 1e-3))
    rows = max(1, math.ceil(height * scale - 1e-3))
    if columns * rows > max_pixels:
        raise PageTooLarge(f"{columns}x{rows} pixels")
    kind = pdfium_c.FPDFBitmap_Gray if grayscale else pdfium_c.FPDFBitmap_BGR
    bitmap = pdfium.PdfBitmap.new_native(columns, rows, format=kind)
    try:
        bitmap.fill_rect((255, 255, 255, 255), 0, 0, columns, rows)
        matrix = pdfium_c.FS_MATRIX(scale, 0, 0, scale, 0, 0)
        clip = pdfium_c.FS_RECTF(0, 0, columns, rows)
        flags = pdfium_c.FPDF_ANNOT | (pdfium_c.FPDF_GRAYSCALE if grayscale else 0)
        pdfium_c.FPDF_RenderPageBitmapWithMatrix(
            bitmap, page, ctypes.byref(matrix), ctypes.byref(clip), flags
        )
        return bitmap.to_pil().copy()  # own the pixels: the bitmap's buffer is freed below
    finally:
        bitmap.close()
