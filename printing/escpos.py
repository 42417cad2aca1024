"""Raw ESC/POS for thermal roll printers: the receipt as the printer's own commands.

The PDF receipt (:mod:`printing.receipt`) is what CUPS and "save as PDF" get; a thermal
printer that is written to directly (``/dev/usb/lp0`` or a raw CUPS queue) gets these bytes
instead: the text in the printer's font A, the queue number twice as wide and high, and a QR
code that the printer draws itself.

Text is reduced to printable ASCII so it prints the same whatever code page the printer
starts in: accents are dropped (``Núñez`` prints ``Nunez``) and anything else that has no
ASCII form prints as ``?``. Nothing here reads the clock, so the same data always gives the
same bytes.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
import unicodedata
from typing import TYPE_CHECKING

import qrcode
from escpos.constants import QR_ECLEVEL_M

from printing import i18n
from printing.documents import ReceiptData
from printing.i18n import QT_TRANSLATE_NOOP
from printing.paper import Paper

if TYPE_CHECKING:
    from escpos.printer import Dummy

# Every word of the ESC/POS receipt, marked for translation (context "receipt").
_LABELS = {
    "queue": QT_TRANSLATE_NOOP("receipt", "NOMOR ANTREAN"),
    "name": QT_TRANSLATE_NOOP("receipt", "Nama"),
    "nik": QT_TRANSLATE_NOOP("receipt", "NIK"),
    "issued": QT_TRANSLATE_NOOP("receipt", "Tanggal"),
    "documents": QT_TRANSLATE_NOOP("receipt", "Berkas diterima"),
    "expected": QT_TRANSLATE_NOOP("receipt", "Perkiraan selesai"),
    "tracking": QT_TRANSLATE_NOOP("receipt", "Kode lacak"),
    "scan": QT_TRANSLATE_NOOP("receipt", "Pindai kode QR untuk melihat status permohonan."),
    "reprint": QT_TRANSLATE_NOOP("receipt", "CETAK ULANG"),
    "reprinted": QT_TRANSLATE_NOOP("receipt", "Dicetak ulang"),
    "status": QT_TRANSLATE_NOOP("receipt", "Status saat ini"),
    "no_promise": QT_TRANSLATE_NOOP("receipt", "Permohonan ini tidak akan diselesaikan."),
}

# Letters that NFKD does not take apart into an ASCII letter plus accents.
_ASCII_FORMS = {
    "ß": "ss",
    "æ": "ae",
    "Æ": "AE",
    "œ": "oe",
    "Œ": "OE",
    "ø": "o",
    "Ø": "O",
    "ł": "l",
    "Ł": "L",
    "đ": "d",
    "Đ": "D",
    "ð": "d",
    "Ð": "D",
    "þ": "th",
    "Þ": "Th",
    "ı": "i",
    "‘": "'",
    "’": "'",
    "ʼ": "'",
    "“": '"',
    "”": '"',
    "–": "-",
    "—": "-",
    "‐": "-",
    "‑": "-",
    "…": "...",
    "·": ".",
}

_DOUBLE = 2  # the queue number is printed twice as wide (and high) as font A
_MAX_QR_MODULE = 8  # dots per QR module; larger only wastes paper
_QR_QUIET = 8  # modules of white around the code (4 each side)
_FULL_NIK = re.compile(r"\d{16}")


def receipt_escpos(data: ReceiptData, paper: Paper) -> bytes:
    """The receipt as ESC/POS bytes for a thermal printer on ``paper`` (a roll)."""
    columns = paper.spec.columns
    dots = paper.spec.dots
    if columns is None or dots is None:
        raise ValueError(f"ESC/POS receipts are for thermal rolls, not {paper.name}")
    language = data.language
    labels = i18n.words("receipt", _LABELS, language)
    rule = "-" * columns

    # Imported here: loading the printer profiles takes a quarter of a second.
    from escpos.printer import Dummy

    # The printer's code page does not matter: only ASCII is ever sent (see ascii_text).
    p = Dummy(profile="default", magic_encode_args={"encoding": "CP437", "disabled": True})
    p.hw("INIT")

    p.set(align="center", bold=True)
    if data.office.training:
        _lines(p, wrap(i18n.translate("paper", i18n.TRAINING_NOTE, language), columns))
        p.textln("=" * columns)
    _lines(p, wrap(data.office.title, columns))
    p.set(bold=False)
    for line in i18n.office_lines(data.office, language):
        _lines(p, wrap(line, columns))
    p.textln(rule)
    if data.reprinted_at is not None:
        p.set(bold=True)
        _lines(p, wrap(f"*** {labels['reprint']} ***", columns))
        p.set(bold=False)
        _lines(p, wrap(f"{labels['reprinted']}: {_datetime(data.reprinted_at, language)}", columns))

    p.textln(ascii_text(labels["queue"]))
    p.set(double_width=True, double_height=True)
    _lines(p, wrap(data.queue_number, columns // _DOUBLE))
    p.set(normal_textsize=True, bold=True)
    _lines(p, wrap(data.service_name, columns))
    p.set(bold=False)
    p.textln(rule)

    p.set(align="left")
    _lines(p, _field(labels["name"], data.applicant_name, columns))
    _lines(p, _field(labels["nik"], _masked(data.nik_masked), columns))
    _lines(p, _field(labels["issued"], _datetime(data.issued_at, language), columns))
    if data.reprinted_at is not None and data.status:
        status = i18n.status_word(data.status, language)
        _lines(p, _field(labels["status"], status, columns))
    if data.closed_without_document:
        _lines(p, wrap(labels["no_promise"], columns))
    else:
        expected = i18n.day_month_year(data.expected_date, language)
        _lines(p, _field(labels["expected"], expected, columns))
    if data.documents:
        _lines(p, wrap(labels["documents"] + ":", columns))
        for document in data.documents:
            _lines(p, wrap(document, columns, first="- ", rest="  "))
    p.textln(rule)

    p.set(align="center")
    _lines(p, wrap(labels["tracking"], columns))
    p.set(bold=True)
    _lines(p, wrap(data.tracking_code, columns))
    p.set(bold=False)
    payload = data.qr_payload.strip()
    if payload:
        p.ln()
        # The printer draws the code (native=True); alignment comes from ESC a above.
        p.qr(payload, ec=QR_ECLEVEL_M, size=qr_module_dots(payload, dots), native=True)
        p.ln()
        _lines(p, wrap(labels["scan"], columns))
    if data.footer.strip():
        p.ln()
        _lines(p, wrap(data.footer, columns))

    p.set(align="left")
    p.cut(mode="PART")  # feeds the paper past the cutter first
    return p.output


def ascii_text(text: str) -> str:
    """``text`` in printable ASCII on one line: accents dropped, other characters ``?``."""
    out: list[str] = []
    for char in unicodedata.normalize("NFKD", text):
        if " " <= char <= "~":
            out.append(char)
        elif char.isspace():
            out.append(" ")
        elif char in _ASCII_FORMS:
            out.append(_ASCII_FORMS[char])
        elif unicodedata.category(char) in ("Mn", "Mc", "Me", "Cf"):
            continue  # accents and invisible format characters (soft hyphen, joiners)
        else:
            out.append("?")
    return " ".join("".join(out).split())


def wrap(text: str, columns: int, first: str = "", rest: str = "") -> list[str]:
    """Word-wrap ``text`` (made ASCII) to ``columns``; a word longer than a line is split
    across lines, never left out."""
    clean = ascii_text(text)
    if not clean:
        return []
    return textwrap.wrap(
        clean,
        columns,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=True,
        break_on_hyphens=True,
    )


def qr_module_dots(payload: str, dots: int) -> int:
    """The largest QR module size (in printer dots) at which the code fits the head."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(payload)
    code.make(fit=True)
    modules = 17 + 4 * int(code.version)
    return max(1, min(_MAX_QR_MODULE, dots // (modules + _QR_QUIET)))


def _lines(p: Dummy, lines: list[str]) -> None:
    for line in lines:
        p.textln(line)


def _field(label: str, value: str, columns: int) -> list[str]:
    return wrap(f"{label}: {value}", columns, rest="  ")


def _masked(nik: str) -> str:
    """Defence in depth: should a whole NIK ever reach the receipt, print it masked."""
    return _FULL_NIK.sub(lambda m: m.group()[:6] + "*" * 8 + m.group()[-2:], nik)


def _datetime(moment: dt.datetime, language: str) -> str:
    zone = moment.tzname()
    text = f"{i18n.day_month_year(moment.date(), language)} {moment:%H:%M}"
    return f"{text} {zone}" if zone else text
