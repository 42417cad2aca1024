"""The receipt / queue ticket a walk-in takes home, as one PDF page.

On a thermal roll the page is exactly as long as its content: every flowable is
measured with ``wrap()`` first, then the page is made that tall (no endless feed).
Nothing is drawn outside the printable width of the paper; long names, addresses,
service names and documents wrap (reportlab paragraphs split even a single
over-long word) instead of running off the paper or being cut.

On a roll the QR code's modules are whole dots of the 203 dpi head and start on the
dot grid, so the printed code is sharp. On A4 the ticket is a block at the top of
the page, twice side by side (the applicant's copy and the office's archive copy), each
inside a dashed cut line, with scissors between them.

A reprint says so (``CETAK ULANG`` and when), shows the request's status now, and for a
rejected or cancelled request promises no completion date. In a training folder every
receipt says LATIHAN. Every word is marked for translation (:mod:`printing.i18n`).

Text is DejaVu Sans (embedded). Chinese, Japanese and Korean characters, which
DejaVu does not have, are set in reportlab's standard CID fonts: the PDF keeps the
text, and viewers and printers draw it with the system's CJK font.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from printing import i18n, style
from printing.documents import ReceiptData
from printing.fonts import BOLD, REGULAR, register_fonts
from printing.i18n import QT_TRANSLATE_NOOP
from printing.logo import logo_image
from printing.paper import THERMAL_DPI, Paper
from printing.qr import QUIET_ZONE, qr_matrix

DOT = 72 / THERMAL_DPI  # one thermal dot in PDF points
TOP_MARGIN_A4 = 15 * mm

# Every word on the receipt, marked for translation (context "receipt").
LABELS: dict[str, str] = {
    "kind": QT_TRANSLATE_NOOP("receipt", "TANDA TERIMA PERMOHONAN"),
    "queue": QT_TRANSLATE_NOOP("receipt", "Nomor antrean"),
    "name": QT_TRANSLATE_NOOP("receipt", "Nama"),
    "nik": QT_TRANSLATE_NOOP("receipt", "NIK"),
    "issued": QT_TRANSLATE_NOOP("receipt", "Tanggal"),
    "expected": QT_TRANSLATE_NOOP("receipt", "Perkiraan selesai"),
    "documents": QT_TRANSLATE_NOOP("receipt", "Dokumen diterima"),
    "no_documents": QT_TRANSLATE_NOOP("receipt", "Tidak ada dokumen yang diterima."),
    "tracking": QT_TRANSLATE_NOOP("receipt", "Kode lacak"),
    "reprint": QT_TRANSLATE_NOOP("receipt", "CETAK ULANG"),
    "reprinted": QT_TRANSLATE_NOOP("receipt", "Dicetak ulang"),
    "status": QT_TRANSLATE_NOOP("receipt", "Status saat ini"),
    "no_promise": QT_TRANSLATE_NOOP("receipt", "Permohonan ini tidak akan diselesaikan."),
    "copy_applicant": QT_TRANSLATE_NOOP("receipt", "LEMBAR PEMOHON"),
    "copy_archive": QT_TRANSLATE_NOOP("receipt", "LEMBAR ARSIP KANTOR"),
    "cut": QT_TRANSLATE_NOOP("receipt", "potong di sini"),
}

CJK_FONT = "STSong-Light"  # Adobe-GB1: Han characters, kana
HANGUL_FONT = "HYSMyeongJo-Medium"  # Adobe-Korea1


# -- formatting ------------------------------------------------------------------------


zone_label = i18n.zone_label
format_timestamp = i18n.timestamp


def format_day(day: dt.date, language: str = "id") -> str:
    """``Rabu, 11-03-2026``."""
    return i18n.weekday_date(day, language)


# -- the page --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Look:
    """Sizes of one paper kind (points)."""

    width: float  # of the ticket block
    inset: float  # kept free on each side of the block
    title: float
    body: float
    small: float
    queue: float  # the queue number, at most (shrunk to fit)
    code: float  # the tracking code
    module: float  # one QR module
    gap: float  # between sections
    pad: float  # above the first and below the last line
    dots: bool  # a thermal roll: QR and page height on the dot grid
    frame: bool  # draw a cut line around the block (A4)


A4_GAP = 8 * mm  # between the applicant's and the archive copy (the scissors go here)


def _look(paper: Paper) -> tuple[_Look, list[float]]:
    """The sizes for ``paper`` and the left edge of each copy's block.

    A roll holds one copy. A4 holds two side by side: the applicant's and the archive's.
    """
    spec = paper.spec
    if paper.is_roll:  # the whole printable width; fonts near the printer's own (font A)
        wide = paper is Paper.ROLL_80
        look = _Look(
            width=spec.printable_width_pt,
            inset=2 * DOT,
            title=12 if wide else 10,
            body=9 if wide else 8,
            small=7.5 if wide else 6.5,
            queue=44 if wide else 34,
            code=15 if wide else 13,
            module=4 * DOT,  # 0.5 mm: phone cameras read it at arm's length
            gap=6 if wide else 5,
            pad=8,
            dots=True,
            frame=False,
        )
        return look, [spec.margin_pt]
    block = min(88 * mm, (spec.printable_width_pt - A4_GAP) / 2)
    look = _Look(
        width=block,
        inset=5 * mm,
        title=12,
        body=9.5,
        small=7.5,
        queue=44,
        code=15,
        module=2.0,
        gap=6,
        pad=5 * mm,
        dots=False,
        frame=True,
    )
    left = spec.margin_pt + (spec.printable_width_pt - 2 * block - A4_GAP) / 2
    return look, [left, left + block + A4_GAP]


def render_receipt(data: ReceiptData, paper: Paper) -> bytes:
    """The receipt as PDF bytes for ``paper``: on A4 an applicant's and an archive copy."""
    register_fonts()
    look, lefts = _look(paper)
    labels = i18n.words("receipt", LABELS, data.language)
    width = look.width - 2 * look.inset
    copies = [""] if paper.is_roll else [labels["copy_applicant"], labels["copy_archive"]]

    # Measure everything first: a roll's page is exactly as tall as this.
    laid_out: list[list[tuple[Flowable, float, float]]] = []  # per copy: flowable, top, height
    for copy in copies:
        placed: list[tuple[Flowable, float, float]] = []
        y = look.pad
        for before, flowable in _content(data, look, labels, width, copy):
            _, height = flowable.wrap(width, 1e6)
            y += before
            if look.dots and isinstance(flowable, _Qr):
                y = math.ceil(y / DOT - 1e-6) * DOT
            placed.append((flowable, y, height))
            y += height
        laid_out.append(placed)
    content_height = laid_out[0][-1][1] + laid_out[0][-1][2] + look.pad

    spec = paper.spec
    page_height = spec.fixed_height_pt or math.ceil(content_height / DOT - 1e-6) * DOT
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer, pagesize=(spec.width_pt, page_height), invariant=True, pageCompression=1
    )
    canvas.setTitle(f"{labels['kind'].title()} {data.tracking_code}")
    canvas.setAuthor(data.office.title)
    canvas.setCreator("Sewaka")

    origin = 0.0 if paper.is_roll else TOP_MARGIN_A4  # the blocks' top, from the page's top
    offset = 0.0  # content y shown at ``origin`` on this page (a longer A4 ticket goes on)
    drawn_to = 0.0  # content y of the bottom of what this page holds
    page_used = False

    def finish_page() -> None:
        if look.frame:
            height = drawn_to - offset + look.pad
            for left in lefts:
                _cut_line(canvas, look.width, left, page_height, origin, height)
            _scissors(canvas, lefts, look.width, page_height, origin, height, labels["cut"])
        canvas.showPage()

    for index, (_, top, height) in enumerate(laid_out[0]):
        bottom = origin + top + height - offset + look.pad
        if look.frame and page_used and bottom > page_height - origin:
            finish_page()
            offset = top - look.pad
        for left, placed in zip(lefts, laid_out, strict=True):
            flowable = placed[index][0]
            x = left + look.inset
            if isinstance(flowable, _Qr):
                flowable.left = x  # absolute, to put the modules on the dot grid
            flowable.drawOn(canvas, x, page_height - origin - (top - offset) - placed[index][2])
        drawn_to = top + height
        page_used = True
    finish_page()
    canvas.save()
    return buffer.getvalue()


def _cut_line(
    canvas: Canvas, width: float, left: float, page_height: float, top: float, height: float
) -> None:
    """The dashed frame around the ticket on A4: ``height`` down from ``top`` (page top)."""
    canvas.saveState()
    canvas.setLineWidth(0.5)
    canvas.setDash(3, 2)
    half = 0.25  # keep the stroke inside the block
    canvas.rect(left + half, page_height - top - height + half, width - 2 * half, height - 2 * half)
    canvas.restoreState()


def _scissors(
    canvas: Canvas,
    lefts: list[float],
    width: float,
    page_height: float,
    top: float,
    height: float,
    words: str,
) -> None:
    """Between the two copies: a dashed cut line with scissors and "cut here"."""
    if len(lefts) < 2:
        return
    x = (lefts[0] + width + lefts[1]) / 2
    canvas.saveState()
    canvas.setLineWidth(0.4)
    canvas.setDash(1.5, 2)
    canvas.line(x, page_height - top, x, page_height - top - height)
    canvas.setDash()
    canvas.setFillGray(1)
    canvas.rect(x - 5, page_height - top - 12, 10, 12, stroke=0, fill=1)
    canvas.setFillGray(0)
    canvas.setFont(REGULAR, 9)
    canvas.drawCentredString(x, page_height - top - 9, "\u2702")
    canvas.translate(x - 2, page_height - top - 16)
    canvas.rotate(-90)
    canvas.setFont(REGULAR, 6)
    canvas.setFillGray(1)
    label = stringWidth(words, REGULAR, 6)
    canvas.rect(-1, -1.5, label + 2, 7, stroke=0, fill=1)
    canvas.setFillGray(0.3)
    canvas.drawString(0, 0, words)
    canvas.restoreState()


def _content(
    data: ReceiptData, look: _Look, labels: dict[str, str], width: float, copy: str = ""
) -> list[tuple[float, Flowable]]:
    """``(space before, flowable)`` from top to bottom; ``copy`` labels an A4 copy."""
    title = _style("title", BOLD, look.title, TA_CENTER)
    body = _style("body", REGULAR, look.body)
    small_centre = _style("small", REGULAR, look.small, TA_CENTER)
    footer = _style("footer", REGULAR, look.small + 0.5, TA_CENTER)
    strong_centre = _style("strong-c", BOLD, look.body + 1, TA_CENTER)
    kind = _style("kind", BOLD, look.small, TA_CENTER)
    gap = look.gap

    items: list[tuple[float, Flowable]] = []
    if copy:
        items.append((0, Paragraph(_markup(copy), _style("copy", BOLD, look.small, TA_CENTER))))
    if data.office.training:  # printed black on a roll, red on A4
        colour = "#000000" if look.dots else style.TRAINING
        mark = _style(f"training-{colour}", BOLD, look.body + 2, TA_CENTER, colour=colour)
        note = i18n.translate("paper", i18n.TRAINING_NOTE, data.language)
        items.append((2 if items else 0, Paragraph(_markup(note), mark)))
    logo = _logo(data.office.logo, width) if look.frame else None
    if logo is not None:
        items.append((gap * 0.6 if items else 0, logo))
    items.append((gap * 0.6 if items else 0, Paragraph(_markup(data.office.title), title)))
    for line in i18n.office_lines(data.office, data.language):
        items.append((1, Paragraph(_markup(line), small_centre)))
    items += [
        (gap * 0.6, _Rule(solid=True)),
        (gap * 0.6, Paragraph(_markup(labels["kind"]), kind)),
    ]
    if data.reprinted_at is not None:
        reprint = _style("reprint", BOLD, look.body + 1, TA_CENTER)
        when = f"{labels['reprinted']}: {format_timestamp(data.reprinted_at)}"
        items.append((2, Paragraph(_markup(f"*** {labels['reprint']} ***"), reprint)))
        items.append((1, Paragraph(_markup(when), small_centre)))
    items += [
        (gap, Paragraph(_markup(labels["queue"]), small_centre)),
        (1, _fitted(data.queue_number, BOLD, look.queue, width, look.body)),
        (gap * 0.6, Paragraph(_markup(data.service_name), strong_centre)),
        (gap, _Rule()),
    ]

    label_style = _style("label", REGULAR, look.body)
    value_style = _style("value", BOLD, look.body)
    rows = (
        (labels["name"], data.applicant_name, value_style),
        (labels["nik"], data.nik_masked, body),
        (labels["issued"], format_timestamp(data.issued_at), body),
    )
    label_width = _label_width([r[0] for r in rows], look.body, width)
    for index, (label, value, row_style) in enumerate(rows):
        pair = _LabelValue(label, value, label_style, row_style, label_width)
        items.append((gap if index == 0 else 2, pair))

    if data.reprinted_at is not None and data.status:
        status = i18n.status_word(data.status, data.language)
        items.append((gap, Paragraph(_markup(labels["status"]), small_centre)))
        items.append((1, Paragraph(_markup(status), strong_centre)))
    if data.closed_without_document:
        items.append((1, Paragraph(_markup(labels["no_promise"]), small_centre)))
    else:
        items.append((gap, Paragraph(_markup(labels["expected"]), small_centre)))
        day = format_day(data.expected_date, data.language)
        items.append((1, Paragraph(_markup(day), strong_centre)))
    items.append((gap, _Rule()))

    heading = f"{labels['documents']} ({len(data.documents)})"
    items.append((gap, Paragraph(_markup(heading), _style("heading", BOLD, look.body))))
    if data.documents:
        number_width = pdfmetrics.stringWidth(f"{len(data.documents)}.", REGULAR, look.body)
        listed = _style(
            "listed",
            REGULAR,
            look.body,
            left_indent=number_width + look.body * 0.5,
            bullet_indent=0,
        )
        for number, document in enumerate(data.documents, start=1):
            items.append((1.5, Paragraph(_markup(document), listed, bulletText=f"{number}.")))
    else:
        items.append((1.5, Paragraph(_markup(labels["no_documents"]), body)))
    items.append((gap, _Rule()))

    items.append((gap, Paragraph(_markup(labels["tracking"]), small_centre)))
    items.append((1, _fitted(data.tracking_code, BOLD, look.code, width, look.body)))
    items.append((gap * 0.6, _Qr(qr_matrix(data.qr_payload), look.module, look.dots)))
    if data.footer.strip():
        items.append((gap * 0.4, Paragraph(_markup(data.footer), footer)))
    return items


def _logo(path: Path | None, width: float) -> Flowable | None:
    """The office's logo, at most 16 mm tall and ``width`` wide, centred."""
    image = logo_image(path, 16 * mm, max_width=width)
    return None if image is None else _Centred(image)


# -- pieces ----------------------------------------------------------------------------


@functools.lru_cache(maxsize=128)
def _style(
    name: str,
    font: str,
    size: float,
    align: int = TA_LEFT,
    *,
    left_indent: float = 0,
    bullet_indent: float = 0,
    colour: str = "#000000",
) -> ParagraphStyle:
    return ParagraphStyle(
        name,
        fontName=font,
        textColor=colour,
        fontSize=size,
        leading=round(size * 1.22, 2),
        alignment=align,
        leftIndent=left_indent,
        bulletIndent=bullet_indent,
        bulletFontName=font,
        bulletFontSize=size,
        splitLongWords=1,
        allowWidows=1,
        allowOrphans=1,
    )


def _label_width(labels: Sequence[str], size: float, width: float) -> float:
    widest = max(pdfmetrics.stringWidth(label, REGULAR, size) for label in labels)
    return min(widest + size * 0.8, width * 0.4)


def _fitted(text: str, font: str, size: float, width: float, smallest: float) -> Flowable:
    """One centred line, shrunk to fit ``width``; wrapped if it would shrink below ``smallest``."""
    text = _clean(text)
    natural = pdfmetrics.stringWidth(text, font, 1) if _covered(text) else math.inf
    if natural * smallest <= width:
        return _Line(text, font, min(size, width / natural) if natural else size)
    return Paragraph(_markup(text), _style(f"fit-{font}", font, smallest * 1.5, TA_CENTER))


class _Centred(Flowable):
    """Another flowable of fixed width (the logo), centred across the block."""

    def __init__(self, inner: Flowable) -> None:
        super().__init__()
        self.inner = inner

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.inner_width, self.inner_height = self.inner.wrap(available_width, available_height)
        self.width = available_width
        return available_width, self.inner_height

    def draw(self) -> None:
        self.inner.drawOn(self.canv, (self.width - self.inner_width) / 2, 0)


class _Line(Flowable):
    """A single centred line of text (it has been sized to fit)."""

    def __init__(self, text: str, font: str, size: float) -> None:
        super().__init__()
        self.text, self.font, self.size = text, font, size
        ascent, descent = pdfmetrics.getAscentDescent(font, size)
        self.ascent, self.descent = ascent, -descent

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, self.ascent + self.descent

    def draw(self) -> None:
        self.canv.setFont(self.font, self.size)
        self.canv.drawCentredString(self.width / 2, self.descent, self.text)


class _Rule(Flowable):
    """A separator across the block: dashed like a torn-off ticket, or solid."""

    def __init__(self, solid: bool = False) -> None:
        super().__init__()
        self.solid = solid

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, 1.2

    def draw(self) -> None:
        canvas = self.canv
        canvas.setLineWidth(1.0 if self.solid else 0.7)
        canvas.setLineCap(0)  # butt: the line ends exactly at the block's edges
        if not self.solid:
            canvas.setDash(2.5, 1.5)
        canvas.line(0, 0.6, self.width, 0.6)


class _LabelValue(Flowable):
    """``Label   value`` with the value wrapping in its own column."""

    def __init__(
        self,
        label: str,
        value: str,
        label_style: ParagraphStyle,
        value_style: ParagraphStyle,
        label_width: float,
    ) -> None:
        super().__init__()
        self.label = Paragraph(_markup(label), label_style)
        self.value = Paragraph(_markup(value) or "-", value_style)
        self.label_width = label_width

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        _, label_height = self.label.wrap(self.label_width, available_height)
        self.value_width = available_width - self.label_width
        _, value_height = self.value.wrap(self.value_width, available_height)
        self.label_height, self.value_height = label_height, value_height
        self.height = max(label_height, value_height)
        return available_width, self.height

    def draw(self) -> None:
        self.label.drawOn(self.canv, 0, self.height - self.label_height)
        self.value.drawOn(self.canv, self.label_width, self.height - self.value_height)


class _Qr(Flowable):
    """The QR code with its quiet zone, centred: one filled path of module runs."""

    def __init__(self, matrix: tuple[tuple[bool, ...], ...], module: float, dots: bool) -> None:
        super().__init__()
        self.matrix = matrix
        self.module = module
        self.dots = dots
        self.left = 0.0  # absolute x of the block, set by the page before drawing

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        count = len(self.matrix) + 2 * QUIET_ZONE
        module = self.module
        if count * module > available_width:  # a very long payload: smaller modules
            module = available_width / count
            if self.dots:
                module = max(DOT, math.floor(module / DOT) * DOT)
        self.used_module = module
        self.width = available_width
        self.size = count * module
        return available_width, self.size

    def draw(self) -> None:
        module = self.used_module
        start = (self.width - self.size) / 2 + QUIET_ZONE * module
        if self.dots:  # whole dots from the page's left edge
            start = round((self.left + start) / DOT) * DOT - self.left
        canvas = self.canv
        canvas.saveState()
        canvas.translate(start, QUIET_ZONE * module)
        canvas.scale(module, module)  # one unit = one module: the path is small integers
        canvas.setFillGray(0)
        canvas.addLiteral(_module_path(self.matrix))
        canvas.restoreState()


@functools.lru_cache(maxsize=16)
def _module_path(matrix: tuple[tuple[bool, ...], ...]) -> str:
    """PDF path operators filling the dark modules (runs of a row as one rectangle)."""
    n = len(matrix)
    ops: list[str] = []
    for row_index, row in enumerate(matrix):
        y = n - 1 - row_index
        column = 0
        while column < n:
            if not row[column]:
                column += 1
                continue
            run = column
            while run < n and row[run]:
                run += 1
            ops.append(f"{column} {y} {run - column} 1 re")
            column = run
    ops.append("f")
    return "\n".join(ops)


# -- text ------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _clean(text: str) -> str:
    """NFC (so accents sit on their letters without shaping) and no control characters."""
    text = unicodedata.normalize("NFC", text)
    return _CONTROL.sub(" ", text.replace("\t", " ")).strip()


@functools.cache
def _dejavu() -> frozenset[int]:
    register_fonts()
    regular = pdfmetrics.getFont(REGULAR).face.charToGlyph
    bold = pdfmetrics.getFont(BOLD).face.charToGlyph
    return frozenset(regular) & frozenset(bold)


def _covered(text: str) -> bool:
    covered = _dejavu()
    return all(ord(ch) in covered or ch == "\n" for ch in text)


def _fallback_font(ch: str) -> str | None:
    if unicodedata.east_asian_width(ch) not in ("W", "F"):
        return None
    font = HANGUL_FONT if "HANGUL" in unicodedata.name(ch, "") else CJK_FONT
    _register_cid(font)
    return font


@functools.cache
def _register_cid(font: str) -> None:
    pdfmetrics.registerFont(UnicodeCIDFont(font))


def _markup(text: str) -> str:
    """Paragraph markup for plain ``text``: escaped, line breaks kept, CJK in a CID font."""
    text = _clean(text)
    if _covered(text):
        return escape(text).replace("\n", "<br/>")
    covered = _dejavu()
    parts: list[str] = []
    run: list[str] = []
    run_font: str | None = None

    def flush() -> None:
        chunk = escape("".join(run)).replace("\n", "<br/>")
        parts.append(f'<font face="{run_font}">{chunk}</font>' if run_font else chunk)
        run.clear()

    for ch in text:
        font = None if ord(ch) in covered or ch.isspace() else _fallback_font(ch)
        if font != run_font and run:
            flush()
        run_font = font
        run.append(ch)
    if run:
        flush()
    return "".join(parts)
