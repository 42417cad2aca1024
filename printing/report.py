"""The laporan harian as a PDF: a full A4 report, or a short slip for a thermal roll.

A4 uses platypus so long tables (the overdue list) flow onto further pages with
their header repeated. A roll slip is one page exactly as long as its content and
never draws outside the printer head's reach (:attr:`PaperSpec.printable_width_pt`).
Labels are in Bahasa Indonesia unless ``data.language == "en"``; status words
come with the data (``data.status_labels``).
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

from printing.documents import DailyReportData, ServiceFigures
from printing.fonts import BOLD, REGULAR, register_fonts
from printing.paper import Paper

WORDS: dict[str, dict[str, str]] = {
    "id": {
        "title": "Laporan Harian Pelayanan",
        "slip_title": "LAPORAN HARIAN",
        "date": "Tanggal",
        "generated": "Dibuat",
        "total_requests": "Jumlah permohonan",
        "overdue_count": "Melewati standar waktu",
        "by_status": "Permohonan per layanan dan status",
        "code": "Kode",
        "service": "Layanan",
        "total": "Jumlah",
        "averages": "Rata-rata waktu per layanan",
        "avg_note": "Rata-rata tunggu: permohonan yang sudah mulai dilayani. "
        "Rata-rata dilayani: permohonan yang sudah selesai dilayani.",
        "wait": "Tunggu",
        "serve": "Dilayani",
        "avg_wait": "Rata-rata tunggu (menit)",
        "avg_service": "Rata-rata dilayani (menit)",
        "avg_minutes": "Rata-rata (menit)",
        "charts": "Grafik",
        "chart_services": "Permohonan per layanan",
        "chart_statuses": "Permohonan per status",
        "overdue": "Permohonan yang melewati standar waktu",
        "overdue_none": "Tidak ada permohonan yang melewati standar waktu.",
        "queue": "No. antrean",
        "tracking": "Kode lacak",
        "name": "Nama pemohon",
        "expected": "Janji selesai",
        "days_late": "Terlambat (hari)",
        "screening_section": "Skrining dan pengunjung",
        "screening_missing": "Data skrining dan pengunjung belum tersedia",
        "screening": "Skrining",
        "visitors": "Pengunjung",
        "status": "Status",
        "no_requests": "Tidak ada permohonan pada hari ini.",
        "page": "Halaman {page} dari {pages}",
        "decimal": ",",
    },
    "en": {
        "title": "Daily Service Report",
        "slip_title": "DAILY REPORT",
        "date": "Date",
        "generated": "Generated",
        "total_requests": "Total requests",
        "overdue_count": "Past the service standard",
        "by_status": "Requests by service and status",
        "code": "Code",
        "service": "Service",
        "total": "Total",
        "averages": "Average times per service",
        "avg_note": "Average wait: requests whose service has begun. "
        "Average service: requests whose service has ended.",
        "wait": "Wait",
        "serve": "Service",
        "avg_wait": "Average wait (minutes)",
        "avg_service": "Average service (minutes)",
        "avg_minutes": "Averages (minutes)",
        "charts": "Charts",
        "chart_services": "Requests per service",
        "chart_statuses": "Requests per status",
        "overdue": "Requests past the service standard",
        "overdue_none": "No request is past its service standard.",
        "queue": "Queue no.",
        "tracking": "Tracking code",
        "name": "Applicant",
        "expected": "Promised for",
        "days_late": "Days late",
        "screening_section": "Screening and visitors",
        "screening_missing": "Screening and visitor data are not available yet",
        "screening": "Screening",
        "visitors": "Visitors",
        "status": "Status",
        "no_requests": "No requests on this day.",
        "page": "Page {page} of {pages}",
        "decimal": ".",
    },
}

MONTHS = {
    "id": (
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}
WEEKDAYS = {
    "id": ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}

# One colour per status, in the order of a request's life; unknown statuses get grey.
STATUS_COLOURS = {
    "waiting": colors.HexColor("#f2b134"),
    "called": colors.HexColor("#ed7d31"),
    "serving": colors.HexColor("#4472c4"),
    "on_hold": colors.HexColor("#a5a5a5"),
    "ready": colors.HexColor("#70ad47"),
    "picked_up": colors.HexColor("#2e7d32"),
    "rejected": colors.HexColor("#c00000"),
    "cancelled": colors.HexColor("#7f6000"),
}
BAR_COLOUR = colors.HexColor("#4472c4")
RULE = colors.HexColor("#808080")
HEADER_FILL = colors.HexColor("#e8e8e8")
NO_VALUE = "–"


def render_daily_report(data: DailyReportData, paper: Paper) -> bytes:
    """The report as PDF bytes, laid out for ``paper``."""
    register_fonts()
    words = WORDS.get(data.language, WORDS["id"])
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
    lang = language if language in MONTHS else "id"
    return f"{WEEKDAYS[lang][day.weekday()]}, {day.day} {MONTHS[lang][day.month - 1]} {day.year}"


def _moment(moment: dt.datetime) -> str:
    zone = moment.tzname() or ""
    return f"{moment:%d-%m-%Y %H:%M} {zone}".strip()


def _minutes(value: float | None, words: dict[str, str]) -> str:
    if value is None:
        return NO_VALUE
    return f"{value:.1f}".replace(".", words["decimal"])


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

    story: list[Flowable] = [
        _p(data.office.title, _style("office", 14, fontName=BOLD, alignment=TA_CENTER)),
    ]
    if data.office.address:
        story.append(_p(data.office.address, _style("address", 9, alignment=TA_CENTER)))
    story += [
        _Rule(width, 1.2, space=5),
        _p(words["title"], _style("title", 16, fontName=BOLD, alignment=TA_CENTER, spaceAfter=4)),
        _p(
            f"{words['date']}: {_long_date(data.day, data.language)}",
            _style("date", 10, alignment=TA_CENTER),
        ),
        _p(
            f"{words['generated']}: {_moment(data.generated_at)}",
            _style("generated", 8.5, alignment=TA_CENTER, textColor=colors.HexColor("#404040")),
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

    story.append(_p(words["screening_section"], heading))
    story += _screening_a4(data, words, width, body)

    story.append(CondPageBreak(30 * mm))  # the heading and a few rows, or a new page
    story.append(_p(words["overdue"], heading))
    if data.overdue:
        story.append(_overdue_table(data, words, width))
    else:
        story.append(_p(words["overdue_none"], body))

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
                self.setFillColor(colors.HexColor("#505050"))
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
    total = sum(f.total for f in data.services)
    style = _style("summary", 10, alignment=TA_CENTER)
    table = Table(
        [
            [
                Paragraph(f"{escape(words['total_requests'])}: <b>{total}</b>", style),
                Paragraph(f"{escape(words['overdue_count'])}: <b>{len(data.overdue)}</b>", style),
            ]
        ],
        colWidths=[width / 2, width / 2],
    )
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.6, RULE),
                ("LINEBEFORE", (1, 0), (1, 0), 0.6, RULE),
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
                *[_p(str(figures.by_status.get(s, 0)), number) for s in statuses],
                _p(str(figures.total), bold_number),
            ]
        )
    totals = _status_totals(data)
    rows.append(
        [
            _p(words["total"], _style("total_label", size, fontName=BOLD)),
            *[_p(str(totals[s]), bold_number) for s in statuses],
            _p(str(sum(totals.values())), bold_number),
        ]
    )
    table = Table(rows, colWidths=[name_width, *status_widths, total_width], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                *_grid(),
                ("BACKGROUND", (0, -1), (-1, -1), HEADER_FILL),
                ("BACKGROUND", (-1, 1), (-1, -2), colors.HexColor("#f4f4f4")),
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
                _p(_minutes(f.average_wait_minutes, words), number),
                _p(_minutes(f.average_service_minutes, words), number),
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
        pairs = [(STATUS_COLOURS.get(s, colors.grey), f"{_label(data, s)}: {n}") for s, n in totals]
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
            pie.slices[i].fillColor = STATUS_COLOURS.get(status, colors.grey)
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


def _screening_a4(
    data: DailyReportData, words: dict[str, str], width: float, body: ParagraphStyle
) -> list[Flowable]:
    if data.screening is None and data.visitors is None:
        return [_p(words["screening_missing"], body)]
    parts: list[Flowable] = []
    cell = _style("screen_cell", 8)
    number = _style("screen_number", 8, alignment=TA_RIGHT)
    head = _style("screen_head", 8, fontName=BOLD)
    for title, figures in (
        (words["screening"], data.screening),
        (words["visitors"], data.visitors),
    ):
        if figures is None:
            continue
        rows: list[list[Any]] = [[_p(title, head), _p(words["total"], head)]]
        rows += [[_p(k, cell), _p(str(v), number)] for k, v in figures.items()]
        table = Table(rows, colWidths=[width * 0.45, 25 * mm], hAlign="LEFT", repeatRows=1)
        table.setStyle(TableStyle(_grid()))
        parts += [table, Spacer(1, 6)]
    return parts


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
                _p(str(i), number),
                _p(late.queue_number, centred),
                _p(late.tracking_code, centred),
                _p(late.service_name, cell),
                _p(late.applicant_name, cell),
                _p(f"{late.expected_date:%d-%m-%Y}", centred),
                _p(str(late.days_late), number),
            ]
        )
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                *_grid(),
                *[
                    ("BACKGROUND", (0, r), (-1, r), colors.HexColor("#f6f6f6"))
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

    total = sum(f.total for f in data.services)
    parts: list[Flowable] = [_p(data.office.title, bold_centre)]
    if data.office.address:
        parts.append(_p(data.office.address, centre))
    parts += [
        _Rule(width, 0.8, space=3),
        _p(words["slip_title"], bold_centre),
        _p(_long_date(data.day, data.language), centre),
        _p(f"{words['generated']}: {_moment(data.generated_at)}", centre),
        _Rule(width, 0.8, space=3),
        _pairs([(words["total_requests"], str(total))], width, bold, bold_number),
    ]

    parts.append(_p(words["service"], heading))
    if data.services:
        parts.append(_pairs([(f.code, str(f.total)) for f in data.services], width, text, number))
    else:
        parts.append(_p(words["no_requests"], text))

    parts.append(_p(words["status"], heading))
    parts.append(
        _pairs(
            [(_label(data, s), str(n)) for s, n in _status_totals(data).items()],
            width,
            text,
            number,
        )
    )

    if data.services:
        parts.append(_p(words["avg_minutes"], heading))
        parts.append(_slip_averages(data.services, words, width, size))

    parts += [
        _Rule(width, 0.5, space=3),
        _pairs([(words["overdue_count"], str(len(data.overdue)))], width, bold, bold_number),
    ]
    if data.screening is None and data.visitors is None:
        parts.append(_p(words["screening_missing"], _style("s_note", size * 0.9, spaceBefore=3)))
    else:
        for title, figures in (
            (words["screening"], data.screening),
            (words["visitors"], data.visitors),
        ):
            if figures is not None:
                parts.append(_p(title, heading))
                parts.append(_pairs([(k, str(v)) for k, v in figures.items()], width, text, number))
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
    services: Sequence[ServiceFigures], words: dict[str, str], width: float, size: float
) -> Table:
    head = _style("s_avg_head", size, fontName=BOLD, alignment=TA_RIGHT)
    head_left = _style("s_avg_head_left", size, fontName=BOLD)
    text = _style("s_avg_text", size)
    number = _style("s_avg_number", size, alignment=TA_RIGHT)
    value_width = (
        max(stringWidth(w, BOLD, size) for w in (words["wait"], words["serve"], "000,0")) + 4
    )
    rows: list[list[Any]] = [
        [_p(words["code"], head_left), _p(words["wait"], head), _p(words["serve"], head)]
    ]
    rows += [
        [
            _p(f.code, text),
            _p(_minutes(f.average_wait_minutes, words), number),
            _p(_minutes(f.average_service_minutes, words), number),
        ]
        for f in services
    ]
    table = Table(rows, colWidths=[width - 2 * value_width, value_width, value_width])
    table.setStyle(TableStyle(_tight()))
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
