"""The laporan harian as a PDF: a full A4 report, or a short slip for a thermal roll.

A4 uses platypus so long tables (the overdue list) flow onto further pages with
their header repeated. A roll slip is one page exactly as long as its content and
never draws outside the printer head's reach (:attr:`PaperSpec.printable_width_pt`).
Every word is marked for translation (:mod:`printing.i18n`) and printed in
``data.language``; numbers, dates and durations follow that language too. Status words
come with the data (``data.status_labels``). Today's figures count the requests
registered on the report's day; open requests from earlier days are a section of
their own (backlog). The A4 report ends with the signature block (Petugas, and the
head of the office who acknowledges it); in a training folder it says LATIHAN.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterable, Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from printing import i18n, style
from printing.documents import DailyReportData, ServiceFigures
from printing.fonts import BOLD, REGULAR, register_fonts
from printing.i18n import QT_TRANSLATE_NOOP
from printing.logo import logo_image
from printing.paper import Paper

# Every word of the report, marked for translation (context "report").
WORDS: dict[str, str] = {
    "title": QT_TRANSLATE_NOOP("report", "Laporan Harian Pelayanan"),
    "slip_title": QT_TRANSLATE_NOOP("report", "LAPORAN HARIAN"),
    "date": QT_TRANSLATE_NOOP("report", "Tanggal"),
    "generated": QT_TRANSLATE_NOOP("report", "Dibuat"),
    "total_requests": QT_TRANSLATE_NOOP("report", "Permohonan hari ini"),
    "overdue_count": QT_TRANSLATE_NOOP("report", "Melewati standar waktu"),
    "backlog_count": QT_TRANSLATE_NOOP("report", "Sisa dari hari sebelumnya"),
    "by_status": QT_TRANSLATE_NOOP("report", "Permohonan hari ini per layanan dan status"),
    "code": QT_TRANSLATE_NOOP("report", "Kode"),
    "service": QT_TRANSLATE_NOOP("report", "Layanan"),
    "total": QT_TRANSLATE_NOOP("report", "Jumlah"),
    "averages": QT_TRANSLATE_NOOP("report", "Rata-rata waktu per layanan"),
    "avg_note": QT_TRANSLATE_NOOP(
        "report",
        "Rata-rata tunggu: permohonan yang sudah mulai dilayani. "
        "Rata-rata dilayani: permohonan yang sudah selesai dilayani.",
    ),
    "wait": QT_TRANSLATE_NOOP("report", "Tunggu"),
    "serve": QT_TRANSLATE_NOOP("report", "Dilayani"),
    "avg_wait": QT_TRANSLATE_NOOP("report", "Rata-rata tunggu"),
    "avg_service": QT_TRANSLATE_NOOP("report", "Rata-rata dilayani"),
    "avg_times": QT_TRANSLATE_NOOP("report", "Rata-rata waktu"),
    "charts": QT_TRANSLATE_NOOP("report", "Grafik"),
    "chart_services": QT_TRANSLATE_NOOP("report", "Permohonan per layanan"),
    "chart_statuses": QT_TRANSLATE_NOOP("report", "Permohonan per status"),
    "backlog": QT_TRANSLATE_NOOP("report", "Sisa permohonan dari hari sebelumnya (belum selesai)"),
    "backlog_note": QT_TRANSLATE_NOOP(
        "report",
        "Permohonan yang didaftarkan sebelum tanggal laporan dan masih terbuka. "
        "Tidak termasuk dalam angka hari ini.",
    ),
    "backlog_none": QT_TRANSLATE_NOOP("report", "Tidak ada sisa permohonan dari hari sebelumnya."),
    "oldest": QT_TRANSLATE_NOOP("report", "Terlama sejak"),
    "overdue": QT_TRANSLATE_NOOP("report", "Permohonan yang melewati standar waktu"),
    "overdue_none": QT_TRANSLATE_NOOP(
        "report", "Tidak ada permohonan yang melewati standar waktu."
    ),
    "queue": QT_TRANSLATE_NOOP("report", "No. antrean"),
    "tracking": QT_TRANSLATE_NOOP("report", "Kode lacak"),
    "name": QT_TRANSLATE_NOOP("report", "Nama pemohon"),
    "expected": QT_TRANSLATE_NOOP("report", "Janji selesai"),
    "days_late": QT_TRANSLATE_NOOP("report", "Terlambat (hari)"),
    "status": QT_TRANSLATE_NOOP("report", "Status"),
    "no_requests": QT_TRANSLATE_NOOP("report", "Tidak ada permohonan pada hari ini."),
    "page": QT_TRANSLATE_NOOP("report", "Halaman {page} dari {pages}"),
    "clerk": QT_TRANSLATE_NOOP("report", "Petugas"),
    "acknowledged": QT_TRANSLATE_NOOP("report", "Mengetahui,"),
}

# The colours (printing.style) as reportlab colours.
STATUS_COLOURS = {status: colors.HexColor(hex_) for status, hex_ in style.STATUS_COLOURS.items()}
UNKNOWN_STATUS = colors.HexColor(style.UNKNOWN_STATUS)
BAR_COLOUR = colors.HexColor(style.BAR)
RULE = colors.HexColor(style.RULE)
HEADER_FILL = colors.HexColor(style.HEADER_FILL)
NO_VALUE = "–"
SIGNATURE_SPACE = 22 * mm  # room for a signature (and a stamp) above the printed name


def render_daily_report(data: DailyReportData, paper: Paper) -> bytes:
    """The report as PDF bytes, laid out for ``paper``."""
    register_fonts()
    words = i18n.words("report", WORDS, data.language)
    if paper.is_roll:
        return _render_slip(data, paper, words)
    return _render_a4(data, paper, words)


# -- shared pieces -------------------------------------------------------------------------


def _statuses(data: DailyReportData) -> list[str]:
    """The status columns: the labelled ones in their order, then any others that occur."""
    order = list(data.status_labels)
    for figures in data.services:
        order += [s for s in figures.by_status if s not in order]
    return order


def _label(data: DailyReportData, status: str) -> str:
    return data.status_labels.get(status, status)


def _long_date(day: dt.date, language: str) -> str:
    return i18n.long_date(day, language)


def _moment(moment: dt.datetime) -> str:
    return i18n.timestamp(moment)


def _minutes(value: float | None, language: str) -> str:
    return NO_VALUE if value is None else i18n.duration(value, language)


def _count(value: int, language: str) -> str:
    return i18n.number(value, language)


def _training(data: DailyReportData) -> str:
    note = i18n.translate("paper", i18n.TRAINING_NOTE, data.language)
    return note if data.office.training else ""


def _status_totals(data: DailyReportData) -> dict[str, int]:
    totals = dict.fromkeys(_statuses(data), 0)
    for figures in data.services:
        for status, n in figures.by_status.items():
            totals[status] += n
    return totals


def _style(name: str, size: float, **kw: Any) -> ParagraphStyle:
    font = kw.pop("fontName", REGULAR)
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.25, **kw)


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


# -- A4 --------------------------------------------------------------------------------------


def _render_a4(data: DailyReportData, paper: Paper, words: dict[str, str]) -> bytes:
    spec = paper.spec
    assert spec.fixed_height_pt is not None
    width = spec.printable_width_pt
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=(spec.width_pt, spec.fixed_height_pt),
        leftMargin=spec.margin_pt,
        rightMargin=spec.width_pt - spec.margin_pt - width,
        topMargin=18 * mm,
        bottomMargin=20 * mm,
        title=f"{words['title']} {data.day.isoformat()}",
        author=data.office.title,
        creator="Sewaka",
        invariant=True,
    )
    body = _style("body", 9)
    small = _style("small", 8)
    heading = _style("heading", 11.5, fontName=BOLD, spaceBefore=12, spaceAfter=5)

    story: list[Flowable] = []
    training = _training(data)
    if training:
        mark = _style("training", 13, fontName=BOLD, alignment=TA_CENTER, textColor=style.TRAINING)
        story += [_p(training, mark), Spacer(1, 4)]
    logo = logo_image(data.office.logo, 18 * mm)
    if logo is not None:
        story += [logo, Spacer(1, 3)]
    story.append(_p(data.office.title, _style("office", 14, fontName=BOLD, alignment=TA_CENTER)))
    for line in i18n.office_lines(data.office, data.language):
        story.append(_p(line, _style("address", 9, alignment=TA_CENTER)))
    story += [
        _Rule(width, 1.2, space=5),
        _p(words["title"], _style("title", 16, fontName=BOLD, alignment=TA_CENTER, spaceAfter=4)),
        _p(
            f"{words['date']}: {_long_date(data.day, data.language)}",
            _style("date", 10, alignment=TA_CENTER),
        ),
        _p(
            f"{words['generated']}: {_moment(data.generated_at)}",
            _style("generated", 8.5, alignment=TA_CENTER, textColor=style.MUTED_TEXT),
        ),
        Spacer(1, 8),
        _summary_table(data, words, width),
    ]

    story.append(_p(words["by_status"], heading))
    if data.services:
        story.append(_status_table(data, words, width))
    else:
        story.append(_p(words["no_requests"], body))

    if data.services:
        story.append(
            KeepTogether(
                [
                    _p(words["averages"], heading),
                    _averages_table(data, words, width),
                    Spacer(1, 3),
                    _p(words["avg_note"], small),
                ]
            )
        )
        story.append(KeepTogether([_p(words["charts"], heading), _charts(data, words, width)]))

    story.append(CondPageBreak(30 * mm))  # the heading and a few rows, or a new page
    story.append(_p(words["backlog"], heading))
    if data.backlog:
        story += [
            _backlog_table(data, words, width),
            Spacer(1, 3),
            _p(words["backlog_note"], small),
        ]
    else:
        story.append(_p(words["backlog_none"], body))

    story.append(CondPageBreak(30 * mm))
    story.append(_p(words["overdue"], heading))
    if data.overdue:
        story.append(_overdue_table(data, words, width))
    else:
        story.append(_p(words["overdue_none"], body))

    if data.signatures is not None:
        story += [Spacer(1, 14), _signature_block(data, words, width)]

    if training:
        footer = f"{training} · {data.office.title} · {data.day.isoformat()}"
    else:
        footer = f"Sewaka · {words['title']} · {data.office.title} · {data.day.isoformat()}"
    doc.build(story, canvasmaker=_numbered_canvas(footer, words["page"], spec.margin_pt, width))
    return buffer.getvalue()


class _Rule(Flowable):
    """A horizontal line across the frame."""

    def __init__(self, width: float, thickness: float = 0.6, space: float = 3) -> None:
        super().__init__()
        self.width = width
        self.thickness = thickness
        self.space = space

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.thickness + 2 * self.space

    def draw(self) -> None:
        self.canv.setLineWidth(self.thickness)
        self.canv.setStrokeColor(RULE)
        y = self.space + self.thickness / 2
        # Drawn inside its box, so even a thick line stays within the width.
        inset = self.thickness / 2
        self.canv.line(inset, y, self.width - inset, y)


def _numbered_canvas(
    footer: str, page_words: str, left: float, width: float
) -> Callable[..., canvas.Canvas]:
    """A canvas that writes "page n of m" once it knows how many pages there are."""

    class NumberedCanvas(canvas.Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            pages = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self.setFont(REGULAR, 7.5)
                self.setFillColor(colors.HexColor(style.FOOTER_TEXT))
                self.drawString(left, 10 * mm, footer)
                self.drawRightString(
                    left + width, 10 * mm, page_words.format(page=number, pages=pages)
                )
                super().showPage()
            super().save()

    return NumberedCanvas


def _grid(header_rows: int = 1, font_size: float = 8) -> list[tuple[Any, ...]]:
    return [
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("FONTSIZE", (0, 0), (-1, -1), font_size),
        ("LEADING", (0, 0), (-1, -1), font_size * 1.25),
        ("GRID", (0, 0), (-1, -1), 0.4, RULE),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEADER_FILL),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]


def _summary_table(data: DailyReportData, words: dict[str, str], width: float) -> Table:
    language = data.language
    total = _count(sum(f.total for f in data.services), language)
    backlog = _count(sum(b.total for b in data.backlog), language)
    overdue = _count(len(data.overdue), language)
    centred = _style("summary", 10, alignment=TA_CENTER)
    table = Table(
        [
            [
                Paragraph(f"{escape(words['total_requests'])}: <b>{total}</b>", centred),
                Paragraph(f"{escape(words['backlog_count'])}: <b>{backlog}</b>", centred),
                Paragraph(f"{escape(words['overdue_count'])}: <b>{overdue}</b>", centred),
            ]
        ],
        colWidths=[width / 3] * 3,
    )
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.6, RULE),
                ("LINEBEFORE", (1, 0), (-1, 0), 0.6, RULE),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def _status_table(data: DailyReportData, words: dict[str, str], width: float) -> Table:
    statuses = _statuses(data)
    size = 8.0
    head = _style("head", 6.5, fontName=BOLD, alignment=TA_CENTER)
    cell = _style("cell", size)
    number = _style("number", size, alignment=TA_RIGHT)
    bold_number = _style("bold_number", size, fontName=BOLD, alignment=TA_RIGHT)

    def column_width(label: str) -> float:
        # Wide enough for the longest word of the header: words are never broken.
        longest = max(stringWidth(w, BOLD, head.fontSize) for w in label.split() or [""])
        return max(longest + 6, 30.0)

    status_widths = [column_width(_label(data, s)) for s in statuses]
    total_width = column_width(words["total"])
    name_width = width - total_width - sum(status_widths)

    rows: list[list[Any]] = [
        [
            _p(words["service"], head),
            *[_p(_label(data, s), head) for s in statuses],
            _p(words["total"], head),
        ]
    ]
    for figures in data.services:
        rows.append(
            [
                Paragraph(f"<b>{escape(figures.code)}</b> · {escape(figures.name)}", cell),
                *[_p(_count(figures.by_status.get(s, 0), data.language), number) for s in statuses],
                _p(_count(figures.total, data.language), bold_number),
            ]
        )
    totals = _status_totals(data)
    rows.append(
        [
            _p(words["total"], _style("total_label", size, fontName=BOLD)),
            *[_p(_count(totals[s], data.language), bold_number) for s in statuses],
            _p(_count(sum(totals.values()), data.language), bold_number),
        ]
    )
    table = Table(rows, colWidths=[name_width, *status_widths, total_width], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                *_grid(),
                ("BACKGROUND", (0, -1), (-1, -1), HEADER_FILL),
                ("BACKGROUND", (-1, 1), (-1, -2), style.TOTAL_COLUMN_FILL),
            ]
        )
    )
    return table


def _averages_table(data: DailyReportData, words: dict[str, str], width: float) -> Table:
    head = _style("avg_head", 8, fontName=BOLD, alignment=TA_CENTER)
    cell = _style("avg_cell", 8)
    number = _style("avg_number", 8, alignment=TA_RIGHT)
    value_width = 38 * mm
    code_width = 22 * mm
    rows: list[list[Any]] = [
        [
            _p(words["code"], head),
            _p(words["service"], head),
            _p(words["avg_wait"], head),
            _p(words["avg_service"], head),
        ]
    ]
    for f in data.services:
        rows.append(
            [
                _p(f.code, _style("avg_code", 8, fontName=BOLD)),
                _p(f.name, cell),
                _p(_minutes(f.average_wait_minutes, data.language), number),
                _p(_minutes(f.average_service_minutes, data.language), number),
            ]
        )
    table = Table(
        rows,
        colWidths=[code_width, width - code_width - 2 * value_width, value_width, value_width],
        repeatRows=1,
    )
    table.setStyle(TableStyle(_grid()))
    return table


def _charts(data: DailyReportData, words: dict[str, str], width: float) -> Drawing:
    height = 80 * mm
    drawing = Drawing(width, height)
    half = width / 2

    def caption(x: float, text: str) -> None:
        drawing.add(String(x, height - 10, text, fontName=BOLD, fontSize=9, textAnchor="middle"))

    # Requests per service: one bar per service code, its count on top.
    caption(half / 2, words["chart_services"])
    bars = VerticalBarChart()
    bars.x, bars.y = 28, 28
    bars.width, bars.height = half - 44, height - 58
    counts = [f.total for f in data.services]
    bars.data = [counts]
    bars.categoryAxis.categoryNames = [f.code for f in data.services]
    bars.categoryAxis.labels.fontName = REGULAR
    bars.categoryAxis.labels.fontSize = 7 if len(counts) <= 6 else 6
    bars.categoryAxis.labels.angle = 0 if len(counts) <= 6 else 35
    bars.categoryAxis.labels.boxAnchor = "n" if len(counts) <= 6 else "ne"
    top = max(counts, default=0)
    step = max(1, -(-top // 5))
    bars.valueAxis.valueMin = 0
    bars.valueAxis.valueStep = step
    bars.valueAxis.valueMax = step * (-(-top // step) + 1)
    bars.valueAxis.labels.fontName = REGULAR
    bars.valueAxis.labels.fontSize = 7
    bars.valueAxis.labelTextFormat = "%d"
    bars.bars[0].fillColor = BAR_COLOUR
    bars.bars[0].strokeColor = None
    bars.barLabelFormat = "%d"
    bars.barLabels.fontName = REGULAR
    bars.barLabels.fontSize = 7
    bars.barLabels.nudge = 6
    drawing.add(bars)

    # Requests per status: a pie of the statuses that occur, legend with counts beside it.
    caption(half + half / 2, words["chart_statuses"])
    totals = [(s, n) for s, n in _status_totals(data).items() if n > 0]
    if totals:
        pairs = [
            (
                STATUS_COLOURS.get(s, UNKNOWN_STATUS),
                f"{_label(data, s)}: {_count(n, data.language)}",
            )
            for s, n in totals
        ]
        legend_width = max(stringWidth(text, REGULAR, 7) for _, text in pairs) + 7 + 8
        pie = Pie()
        # The pie gives way to the legend: nothing may reach past the right margin.
        size = max(min(half * 0.45, height - 40, half - 8 - 12 - legend_width), 40)
        pie.x, pie.y = half + 8, (height - 14 - size) / 2
        pie.width = pie.height = size
        pie.data = [n for _, n in totals]
        pie.labels = None
        pie.simpleLabels = True
        pie.slices.strokeColor = colors.white
        pie.slices.strokeWidth = 0.8
        for i, (status, _) in enumerate(totals):
            pie.slices[i].fillColor = STATUS_COLOURS.get(status, UNKNOWN_STATUS)
        drawing.add(pie)
        legend = Legend()
        legend.x = pie.x + size + 12
        legend.y = pie.y + size
        legend.alignment = "right"
        legend.fontName = REGULAR
        legend.fontSize = 7
        legend.columnMaximum = 10
        legend.deltay = 11
        legend.dx = legend.dy = 7
        legend.boxAnchor = "nw"
        legend.colorNamePairs = pairs
        drawing.add(legend)
    return drawing


def _backlog_table(data: DailyReportData, words: dict[str, str], width: float) -> Table:
    """Open requests from earlier office days, per service and status: apart from today's."""
    statuses = [s for s in _statuses(data) if any(b.by_status.get(s) for b in data.backlog)]
    head = _style("back_head", 7, fontName=BOLD, alignment=TA_CENTER)
    cell = _style("back_cell", 8)
    centred = _style("back_centre", 8, alignment=TA_CENTER)
    number = _style("back_number", 8, alignment=TA_RIGHT)
    bold_number = _style("back_bold", 8, fontName=BOLD, alignment=TA_RIGHT)
    language = data.language
    status_width = 22 * mm
    oldest_width = 24 * mm
    total_width = 16 * mm
    name_width = width - oldest_width - total_width - status_width * len(statuses)
    rows: list[list[Any]] = [
        [
            _p(words["service"], head),
            *[_p(_label(data, s), head) for s in statuses],
            _p(words["total"], head),
            _p(words["oldest"], head),
        ]
    ]
    for figures in data.backlog:
        rows.append(
            [
                Paragraph(f"<b>{escape(figures.code)}</b> · {escape(figures.name)}", cell),
                *[_p(_count(figures.by_status.get(s, 0), language), number) for s in statuses],
                _p(_count(figures.total, language), bold_number),
                _p(f"{figures.oldest_day:%d-%m-%Y}", centred),
            ]
        )
    table = Table(
        rows, colWidths=[name_width, *[status_width] * len(statuses), total_width, oldest_width]
    )
    table.setStyle(TableStyle(_grid()))
    return table


def _signature_block(data: DailyReportData, words: dict[str, str], width: float) -> Flowable:
    """Petugas on the left; the head of the office acknowledges on the right; room to sign."""
    signatures = data.signatures
    assert signatures is not None
    plain = _style("sign", 9, alignment=TA_CENTER)
    name = _style("sign_name", 9, fontName=BOLD, alignment=TA_CENTER)
    place = signatures.place.strip()
    dated = _long_date(data.day, data.language).split(", ", 1)[-1]
    rows = [
        [_p("", plain), _p(f"{place}, {dated}" if place else dated, plain)],
        [_p(words["clerk"], plain), _p(words["acknowledged"], plain)],
        [_p("", plain), _p(signatures.head_title, plain)],
        [Spacer(1, SIGNATURE_SPACE), Spacer(1, SIGNATURE_SPACE)],
        [_signed(signatures.clerk, name), _signed(signatures.head_name, name)],
    ]
    table = Table(rows, colWidths=[width / 2, width / 2])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ("LEFTPADDING", (0, 0), (-1, -1), 20 * mm),
                ("RIGHTPADDING", (0, 0), (-1, -1), 20 * mm),
            ]
        )
    )
    return KeepTogether([table])


def _signed(name: str, name_style: ParagraphStyle) -> Paragraph:
    """The printed name under the space to sign, underlined as on Indonesian letters."""
    return Paragraph(f"<u>{escape(name)}</u>" if name.strip() else "", name_style)


def _overdue_table(data: DailyReportData, words: dict[str, str], width: float) -> Table:
    head = _style("late_head", 7.5, fontName=BOLD, alignment=TA_CENTER)
    cell = _style("late_cell", 8)
    centred = _style("late_centre", 8, alignment=TA_CENTER)
    number = _style("late_number", 8, alignment=TA_RIGHT)
    widths = [9 * mm, 19 * mm, 25 * mm, 0.0, 0.0, 21 * mm, 19 * mm]
    rest = width - sum(widths)
    widths[3] = widths[4] = rest / 2
    rows: list[list[Any]] = [
        [
            _p("#", head),
            _p(words["queue"], head),
            _p(words["tracking"], head),
            _p(words["service"], head),
            _p(words["name"], head),
            _p(words["expected"], head),
            _p(words["days_late"], head),
        ]
    ]
    for i, late in enumerate(data.overdue, start=1):
        rows.append(
            [
                _p(_count(i, data.language), number),
                _p(late.queue_number, centred),
                _p(late.tracking_code, centred),
                _p(late.service_name, cell),
                _p(late.applicant_name, cell),
                _p(f"{late.expected_date:%d-%m-%Y}", centred),
                _p(_count(late.days_late, data.language), number),
            ]
        )
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                *_grid(),
                *[
                    ("BACKGROUND", (0, r), (-1, r), style.STRIPE_FILL)
                    for r in range(2, len(rows), 2)
                ],
            ]
        )
    )
    return table


# -- thermal roll slip -----------------------------------------------------------------------


def _render_slip(data: DailyReportData, paper: Paper, words: dict[str, str]) -> bytes:
    spec = paper.spec
    width = spec.printable_width_pt
    size = 7.5 if paper is Paper.ROLL_58 else 9.0
    flowables = _slip_flowables(data, words, width, size)

    margin_y = 4 * mm
    laid_out = [(f, f.wrap(width, 10_000)[1]) for f in flowables]
    height = 2 * margin_y + sum(h + f.getSpaceBefore() + f.getSpaceAfter() for f, h in laid_out)

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(spec.width_pt, height), invariant=True)
    pdf.setTitle(f"{words['title']} {data.day.isoformat()}")
    pdf.setAuthor(data.office.title)
    pdf.setCreator("Sewaka")
    y = height - margin_y
    for flowable, h in laid_out:
        y -= flowable.getSpaceBefore() + h
        flowable.drawOn(pdf, spec.margin_pt, y)
        y -= flowable.getSpaceAfter()
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _slip_flowables(
    data: DailyReportData, words: dict[str, str], width: float, size: float
) -> list[Flowable]:
    centre = _style("s_centre", size, alignment=TA_CENTER)
    bold_centre = _style("s_bold_centre", size * 1.15, fontName=BOLD, alignment=TA_CENTER)
    text = _style("s_text", size)
    bold = _style("s_bold", size, fontName=BOLD)
    number = _style("s_number", size, alignment=TA_RIGHT)
    bold_number = _style("s_bold_number", size, fontName=BOLD, alignment=TA_RIGHT)
    heading = _style("s_heading", size, fontName=BOLD, spaceBefore=3, spaceAfter=1)

    language = data.language
    total = sum(f.total for f in data.services)
    parts: list[Flowable] = []
    training = _training(data)
    if training:
        parts += [_p(training, bold_centre), _Rule(width, 0.8, space=2)]
    parts.append(_p(data.office.title, bold_centre))
    for line in i18n.office_lines(data.office, data.language):
        parts.append(_p(line, centre))
    parts += [
        _Rule(width, 0.8, space=3),
        _p(words["slip_title"], bold_centre),
        _p(_long_date(data.day, language), centre),
        _p(f"{words['generated']}: {_moment(data.generated_at)}", centre),
        _Rule(width, 0.8, space=3),
        _pairs([(words["total_requests"], _count(total, language))], width, bold, bold_number),
    ]

    parts.append(_p(words["service"], heading))
    if data.services:
        rows = [(f.code, _count(f.total, language)) for f in data.services]
        parts.append(_pairs(rows, width, text, number))
    else:
        parts.append(_p(words["no_requests"], text))

    parts.append(_p(words["status"], heading))
    parts.append(
        _pairs(
            [(_label(data, s), _count(n, language)) for s, n in _status_totals(data).items()],
            width,
            text,
            number,
        )
    )

    if data.services:
        parts.append(_p(words["avg_times"], heading))
        parts.append(_slip_averages(data.services, words, width, size, language))

    backlog = sum(b.total for b in data.backlog)
    parts += [
        _Rule(width, 0.5, space=3),
        _pairs(
            [
                (words["backlog_count"], _count(backlog, language)),
                (words["overdue_count"], _count(len(data.overdue), language)),
            ],
            width,
            bold,
            bold_number,
        ),
    ]
    if data.signatures is not None:
        clerk = f"{words['clerk']}: {data.signatures.clerk}"
        parts += [_Rule(width, 0.5, space=3), _p(clerk, text)]
    return parts


def _pairs(
    rows: Iterable[tuple[str, str]],
    width: float,
    left: ParagraphStyle,
    right: ParagraphStyle,
) -> Table:
    """Label on the left (wrapping), figure on the right, filling exactly ``width``."""
    rows = list(rows) or [("", "")]
    figure_width = max(stringWidth(v, right.fontName, right.fontSize) for _, v in rows) + 2
    figure_width = max(figure_width, 18.0)
    table = Table(
        [[_p(k, left), _p(v, right)] for k, v in rows],
        colWidths=[width - figure_width, figure_width],
    )
    table.setStyle(TableStyle(_tight()))
    return table


def _slip_averages(
    services: Sequence[ServiceFigures],
    words: dict[str, str],
    width: float,
    size: float,
    language: str,
) -> Table:
    """Per service: its code, then the average wait and service time as readable spans."""
    code = _style("s_avg_code", size, fontName=BOLD)
    text = _style("s_avg_text", size, leftIndent=size)
    number = _style("s_avg_number", size, alignment=TA_RIGHT)
    rows: list[tuple[str, str]] = []
    styles: list[tuple[Any, ...]] = []
    for f in services:
        styles.append(("SPAN", (0, len(rows)), (1, len(rows))))
        rows.append((f.code, ""))
        rows.append((words["wait"], _minutes(f.average_wait_minutes, language)))
        rows.append((words["serve"], _minutes(f.average_service_minutes, language)))
    value_width = max(stringWidth(v, REGULAR, size) for _, v in rows) + 2
    value_width = min(max(value_width, 18.0), width * 0.6)
    cells = [[_p(label, code if not value else text), _p(value, number)] for label, value in rows]
    table = Table(cells, colWidths=[width - value_width, value_width])
    table.setStyle(TableStyle([*_tight(), *styles]))
    return table


def _tight() -> list[tuple[Any, ...]]:
    return [
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5),
        ("RIGHTPADDING", (0, 0), (-2, -1), 3),  # a gap between a label and its figure
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
