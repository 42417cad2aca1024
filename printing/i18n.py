"""Words on paper: translated by the same Qt translation files as the screens, without Qt here.

Bahasa Indonesia is the source language. Every word a renderer prints is marked with
:func:`QT_TRANSLATE_NOOP` (or looked up with :func:`translate`), both of which
``pyside6-lupdate`` extracts into ``desktop/ui/translations/*.ts`` like the screens' strings.
The desktop layer installs the lookup (:func:`install`, called by ``desktop.i18n.install``),
so this package never imports Qt. Until something is installed, documents are Indonesian.

A document is worded in the language the session started with (:func:`session_language`),
not in one just chosen in the settings dialog: that one applies after a restart, for the
screens and the paper alike.

Month and weekday names and number separators come from Babel's locale data (imported
when first needed: it is not on the start-up path).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from printing.documents import OfficeHeader

SOURCE_LANGUAGE = "id"
LANGUAGES = ("id", "en")

# (language, context, source text) -> the translation, or "" when there is none.
Lookup = Callable[[str, str, str], str]

_lookup: Lookup | None = None
_session_language = SOURCE_LANGUAGE


def install(lookup: Lookup | None, language: str = SOURCE_LANGUAGE) -> None:
    """Use ``lookup`` for words on paper; ``language`` is the session's language."""
    global _lookup, _session_language
    _lookup = lookup
    _session_language = language if language in LANGUAGES else SOURCE_LANGUAGE


def session_language() -> str:
    """The language documents are worded in unless a caller asks for another."""
    return _session_language


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark ``text`` for extraction; it is translated later, by :func:`translate`."""
    return text


def translate(context: str, text: str, language: str | None = None) -> str:
    """``text`` (Indonesian, marked in ``context``) in ``language`` (the session's if None)."""
    language = language or _session_language
    if language == SOURCE_LANGUAGE or _lookup is None:
        return text
    return _lookup(language, context, text) or text


def words(context: str, marked: dict[str, str], language: str | None = None) -> dict[str, str]:
    """A renderer's table of marked words, translated into ``language``."""
    return {key: translate(context, text, language) for key, text in marked.items()}


# -- dates, numbers, durations ------------------------------------------------------------


def _locale(language: str) -> str:
    return language if language in LANGUAGES else SOURCE_LANGUAGE


def long_date(day: dt.date, language: str) -> str:
    """``Selasa, 10 Maret 2026`` / ``Tuesday, 10 March 2026``."""
    from babel.dates import format_date

    return format_date(day, "EEEE, d MMMM y", locale=_locale(language))


def day_month_year(day: dt.date, language: str) -> str:
    """``10 Maret 2026`` / ``10 March 2026``."""
    from babel.dates import format_date

    return format_date(day, "d MMMM y", locale=_locale(language))


def weekday_date(day: dt.date, language: str) -> str:
    """``Selasa, 10-03-2026``: the weekday's name and the date in digits."""
    from babel.dates import format_date

    return f"{format_date(day, 'EEEE', locale=_locale(language))}, {day:%d-%m-%Y}"


def number(value: float, language: str, decimals: int = 0) -> str:
    """``12.345`` in Indonesian, ``12,345`` in English (``decimals`` places after the point)."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=_locale(language))


# Marked here, translated when used: lupdate reads only two-argument translate() calls.
UNDER_A_MINUTE = QT_TRANSLATE_NOOP("paper", "< 1 menit")
MINUTES = QT_TRANSLATE_NOOP("paper", "{minutes} menit")
HOURS = QT_TRANSLATE_NOOP("paper", "{hours} jam")
HOURS_MINUTES = QT_TRANSLATE_NOOP("paper", "{hours} jam {minutes} menit")
DISTRICT = QT_TRANSLATE_NOOP("paper", "Kecamatan {district}")
PHONE = QT_TRANSLATE_NOOP("paper", "Telp. {phone}")


def duration(minutes: float, language: str) -> str:
    """A span a reader takes in at once: ``45 menit``, ``1 jam 20 menit``, ``< 1 menit``."""
    whole = int(minutes + 0.5)  # half a minute up, whatever the parity
    if whole < 1:
        return translate("paper", UNDER_A_MINUTE, language)
    hours, rest = divmod(whole, 60)
    if not hours:
        return translate("paper", MINUTES, language).format(minutes=rest)
    if not rest:
        return translate("paper", HOURS, language).format(hours=number(hours, language))
    return translate("paper", HOURS_MINUTES, language).format(
        hours=number(hours, language), minutes=rest
    )


def timestamp(moment: dt.datetime) -> str:
    """``10-03-2026 09:00 WIB``: the moment in its own time zone."""
    return f"{moment:%d-%m-%Y %H:%M} {zone_label(moment)}".rstrip()


def zone_label(moment: dt.datetime) -> str:
    """``WIB``/``WITA``/``WIT`` (or another zone's letters) if known, else ``UTC+07:00``."""
    name = moment.tzname()
    if name and name.isalpha():
        return name
    offset = moment.utcoffset()
    if offset is None:
        return ""
    minutes = int(offset.total_seconds()) // 60
    if minutes == 0:
        return "UTC"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{'+' if minutes > 0 else '-'}{hours:02d}:{rest:02d}"


# -- statuses and the training mark -------------------------------------------------------

STATUS_WORDS = {
    "waiting": QT_TRANSLATE_NOOP("paper", "Menunggu"),
    "called": QT_TRANSLATE_NOOP("paper", "Dipanggil"),
    "serving": QT_TRANSLATE_NOOP("paper", "Dilayani"),
    "on_hold": QT_TRANSLATE_NOOP("paper", "Ditunda"),
    "ready": QT_TRANSLATE_NOOP("paper", "Selesai, siap diambil"),
    "picked_up": QT_TRANSLATE_NOOP("paper", "Sudah diambil"),
    "rejected": QT_TRANSLATE_NOOP("paper", "Ditolak"),
    "cancelled": QT_TRANSLATE_NOOP("paper", "Dibatalkan"),
}


def status_word(status: str, language: str | None = None) -> str:
    """A request status (its stored value) in words; an unknown value is shown as it is."""
    marked = STATUS_WORDS.get(status)
    return translate("paper", marked, language) if marked else status


def status_words(language: str | None = None) -> dict[str, str]:
    """Every status value -> words, in the order of a request's life."""
    return words("paper", STATUS_WORDS, language)


# The receipt's footer unless the office wrote its own (it is translated only if unchanged).
DEFAULT_FOOTER = QT_TRANSLATE_NOOP(
    "receipt", "Simpan struk ini. Lacak permohonan dengan kode di atas."
)

TRAINING_MARK = QT_TRANSLATE_NOOP("paper", "LATIHAN")
TRAINING_NOTE = QT_TRANSLATE_NOOP("paper", "LATIHAN – bukan dokumen resmi")


def office_lines(office: OfficeHeader, language: str | None = None) -> list[str]:
    """The lines under the office's name: kecamatan and kabupaten/kota, address, phone."""
    district = office.district.strip()
    area = ", ".join(
        part
        for part in (
            translate("paper", DISTRICT, language).format(district=district) if district else "",
            office.regency.strip(),
        )
        if part
    )
    phone = office.phone.strip()
    if phone:
        phone = translate("paper", PHONE, language).format(phone=phone)
    return [line for line in (area, office.address.strip(), phone) if line]
