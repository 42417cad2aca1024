"""The office's own details: what a valid village office looks like on paper.

Pure rules, no Qt and no database: the settings service, the first-run wizard,
the settings dialog and ``sewaka settings set`` all check with these, and the UI
turns the problem codes into sentences (``desktop/ui/texts.py`` style).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

from desktop.domain import text as text_rules

# The three Indonesian time zones by their IANA names, with the labels people use.
TIMEZONES: dict[str, str] = {
    "Asia/Jakarta": "WIB",  # Sumatra, Java, West and Central Kalimantan
    "Asia/Makassar": "WITA",  # Bali, Nusa Tenggara, Sulawesi, East/South/North Kalimantan
    "Asia/Jayapura": "WIT",  # Maluku and Papua
}

# The village unit's local name; others may be typed (the list is a suggestion).
UNIT_KINDS = ("Desa", "Kelurahan", "Banjar", "Nagari", "Gampong", "Kampung", "Pekon")
HEAD_TITLES = ("Kepala Desa", "Lurah", "Kelian Banjar", "Wali Nagari", "Keuchik", "Perbekel")
LANGUAGES = ("id", "en")

MAX_LENGTH: dict[str, int] = {
    "unit_kind": 30,
    "office_name": 80,
    "district": 80,
    "regency": 80,
    "office_address": 200,
    "office_phone": 30,
    "head_name": 80,
    "head_title": 60,
    "receipt_footer": 200,
    "logo": 100,
}
# What a printout cannot do without: the first-run setup asks for each of these.
REQUIRED = (
    "unit_kind",
    "office_name",
    "district",
    "regency",
    "office_address",
    "timezone",
    "head_name",
    "head_title",
)
MIN_PHONE_DIGITS = 5
MAX_PHONE_DIGITS = 15
PHONE_PUNCTUATION = " -.()+/"

TRUE_WORDS = ("true", "1", "ya", "yes", "y", "benar")
FALSE_WORDS = ("false", "0", "tidak", "no", "n", "salah", "")


class OfficeProblem(enum.StrEnum):
    REQUIRED = "required"
    TOO_LONG = "too_long"
    BAD_PHONE = "bad_phone"
    UNKNOWN_TIMEZONE = "unknown_timezone"
    UNKNOWN_LANGUAGE = "unknown_language"
    NOT_YES_NO = "not_yes_no"
    LINE_BREAK = "line_break"
    UNPRINTABLE = "unprintable"  # a control, bidi, zero-width or private-use character


def clean(text: str) -> str:
    """What is kept of a typed value: NFC, one line, no surrounding spaces, single inner
    spaces. (Characters that are not printable stay, for :func:`field_problem` to refuse.)"""
    return text_rules.one_line(text)


def timezone_label(name: str) -> str:
    """``WIB``/``WITA``/``WIT`` for the Indonesian zones, else the name itself."""
    return TIMEZONES.get(name, name)


def parse_bool(text: str) -> bool | None:
    """A yes/no as IT staff type it (``true``, ``ya``, ``0``...); ``None`` if it is neither."""
    word = text.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None


def format_bool(value: bool) -> str:
    """How a yes/no is stored in the settings table."""
    return "true" if value else "false"


def phone_problem(text: str) -> OfficeProblem | None:
    """An office phone: digits with the usual punctuation, ``(022) 5940123``; empty is fine."""
    text = text.strip()
    if not text:
        return None
    if any(ch not in "0123456789" and ch not in PHONE_PUNCTUATION for ch in text):
        return OfficeProblem.BAD_PHONE  # ASCII digits only: what every printer and dialer reads
    if text.count("+") > 1 or ("+" in text and not text.startswith("+")):
        return OfficeProblem.BAD_PHONE
    digits = sum(ch in "0123456789" for ch in text)
    if not MIN_PHONE_DIGITS <= digits <= MAX_PHONE_DIGITS:
        return OfficeProblem.BAD_PHONE
    return None


def field_problem(name: str, value: str) -> OfficeProblem | None:
    """The problem of one text field's value, required-ness aside (see :func:`problems`)."""
    if text_rules.unprintable(value) is not None:
        return OfficeProblem.UNPRINTABLE
    if name == "timezone":
        return None if value in TIMEZONES else OfficeProblem.UNKNOWN_TIMEZONE
    if name == "language":
        return None if value in LANGUAGES else OfficeProblem.UNKNOWN_LANGUAGE
    if name == "office_phone":
        problem = phone_problem(value)
        if problem:
            return problem
    if "\n" in value or "\r" in value:
        return OfficeProblem.LINE_BREAK
    limit = MAX_LENGTH.get(name)
    if limit is not None and len(value) > limit:
        return OfficeProblem.TOO_LONG
    return None


def problems(values: Mapping[str, str], *, complete: bool) -> dict[str, OfficeProblem]:
    """Every field's problem; with ``complete`` the required fields must be filled too.

    ``values`` maps setting names to their text; names not given are not checked.
    """
    found: dict[str, OfficeProblem] = {}
    for name, value in values.items():
        if complete and name in REQUIRED and not value.strip():
            found[name] = OfficeProblem.REQUIRED
            continue
        problem = field_problem(name, value)
        if problem is not None:
            found[name] = problem
    if complete:
        for name in REQUIRED:
            if name not in values:
                found[name] = OfficeProblem.REQUIRED
    return found


def place(unit_kind: str, office_name: str) -> str:
    """``Desa Sukamaju``: how the office is named on screens and paper."""
    return f"{unit_kind} {office_name}".strip()
